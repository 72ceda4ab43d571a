import type {
  CalendarPort,
  CrmPort,
  Flow,
  KnowledgePort,
  LlmPort,
  MessagingPort,
  Ports,
  ToolsPort,
} from '#flow-runtime/index';
import type { Logger } from '../logger.ts';
import { projectToolsPort } from '../tools/project-tools-port.server.ts';

/**
 * The ports a call's turns run with: its tools depend on the flow, and everything that reaches stored data
 * (knowledge, credentials) is bound to the call's project, or to none (`null`: a bare flow sent to the turn
 * API). The project is the one the call was started under, kept with the call; callers cache per flow.
 */
export type PortsFor = (flow: Flow, projectId: string | null) => Ports;

export interface PortsConfig {
  /** The deployment's LLM (one account for every project; it holds no project's data). */
  llm?: LlmPort;
  logger: Logger;
  /** Hosts every project's tools may reach although they resolve to private addresses (each project adds its own). */
  allowHosts?: readonly string[];
  /**
   * One project's knowledge search, searching that project's bases only (see projectKnowledgePort).
   * Without it, lookups find nothing and the flow takes its not-found path.
   */
  knowledgeFor?: (projectId: string) => KnowledgePort;
  /** One project's CRM for the CRM nodes (the built-in CRM: builtInCrmPort); unset: they take `failed`. */
  crmFor?: (projectId: string) => CrmPort;
  /** One of a project's CRM connections (integrationCrmPort); unset: nodes naming one take `failed`. */
  crmConnectionFor?: (projectId: string, connectionId: string) => CrmPort;
  /** One project's messaging for the Send message nodes (messagingPortFor); unset: they take `failed`. */
  messagingFor?: (projectId: string) => MessagingPort;
  /** One of a project's calendar connections (integrationCalendarPort); unset: Book appointment takes `failed`. */
  calendarFor?: (projectId: string, connectionId: string) => CalendarPort;
}

const findsNothing: KnowledgePort = { search: async () => [] };

/** A port per connection id, made once (each opens its credential per call, so none goes stale). */
function connectionsOf(
  projectId: string,
  make: (projectId: string, connectionId: string) => CrmPort,
): (connectionId: string) => CrmPort {
  const ports = new Map<string, CrmPort>();
  return (connectionId) => {
    let port = ports.get(connectionId);
    if (!port) ports.set(connectionId, (port = make(projectId, connectionId)));
    return port;
  };
}

/**
 * The ports one call's turns run with, bound to the call's project: knowledge search reaches that
 * project's bases and nothing else, whatever ids the flow names, and a tool's credential could only come
 * from it. `projectId` null is a call of no project (a bare flow sent to the turn API): no knowledge, no
 * credentials. Tools are the flow's own and the project's (Tools screen), run with the project's credentials
 * and allowed hosts (project-tools-port).
 */
export function createRuntimePorts(flow: Flow, projectId: string | null, config: PortsConfig): Ports {
  const tools: ToolsPort = projectToolsPort(flow, projectId, {
    logger: config.logger,
    ...(config.allowHosts ? { allowHosts: config.allowHosts } : {}),
  });
  return {
    ...(config.llm ? { llm: config.llm } : {}),
    tools,
    knowledge: projectId && config.knowledgeFor ? config.knowledgeFor(projectId) : findsNothing,
    ...(projectId && config.crmFor ? { crm: config.crmFor(projectId) } : {}),
    ...(projectId && config.crmConnectionFor
      ? { crmConnection: connectionsOf(projectId, config.crmConnectionFor) }
      : {}),
    ...(projectId && config.messagingFor ? { messaging: config.messagingFor(projectId) } : {}),
    ...(projectId && config.calendarFor
      ? { calendar: (id: string) => config.calendarFor!(projectId, id) }
      : {}),
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

/**
 * Ports per flow and project, built once for each pair: every call of a published version shares them,
 * and a flow run under two projects never shares ports between them.
 */
export function cachedPortsFor(config: PortsConfig): PortsFor {
  const byFlow = new WeakMap<Flow, Map<string, Ports>>();
  return (flow, projectId) => {
    let byProject = byFlow.get(flow);
    if (!byProject) byFlow.set(flow, (byProject = new Map()));
    const key = projectId ?? '';
    let ports = byProject.get(key);
    if (!ports) byProject.set(key, (ports = createRuntimePorts(flow, projectId, config)));
    return ports;
  };
}
