import type { Flow, KnowledgePort, LlmPort, Ports, ToolsPort } from '#flow-runtime/index';
import type { Logger } from '../../../app/.server/logger.ts';
import { createToolsPort } from '../../../app/.server/tools/tools-port.ts';
import { flowToolToHttpDefinition } from './flow-tools.ts';

export interface PortsConfig {
  llm?: LlmPort;
  logger: Logger;
  /** Hosts a project allows its tools to reach although they resolve to private addresses. */
  allowHosts?: readonly string[];
  /** The project's knowledge search; without one, lookups find nothing and the flow takes its not-found path. */
  knowledge?: KnowledgePort;
}

/**
 * The ports one flow's turns run with. Tools come from the flow's own definitions; knowledge search answers
 * nothing until knowledge bases exist (the runtime then says it has no answer, never stays silent).
 * Stored credentials are not reachable from the turn service yet: a tool that names one fails cleanly.
 */
export function createRuntimePorts(flow: Flow, config: PortsConfig): Ports {
  const tools: ToolsPort = createToolsPort({
    definitions: flow.tools.map(flowToolToHttpDefinition).filter((d) => d !== null),
    resolveCredential: async (id) => {
      throw new Error(`credential "${id}" is not available to the turn service`);
    },
    allowHosts: config.allowHosts ?? [],
    logger: config.logger,
  });
  return {
    ...(config.llm ? { llm: config.llm } : {}),
    tools,
    knowledge: config.knowledge ?? { search: async () => [] },
    clock: { now: () => Date.now() },
    random: { next: () => Math.random() },
    logger: {
      debug: (message, data) => config.logger.debug(data ?? {}, message),
      info: (message, data) => config.logger.info(data ?? {}, message),
      warn: (message, data) => config.logger.warn(data ?? {}, message),
      error: (message, data) => config.logger.error(data ?? {}, message),
    },
  };
}
