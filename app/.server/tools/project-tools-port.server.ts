import type { Flow, ToolInvocation, ToolOutcome, ToolsPort } from '#flow-runtime/index';
import { db } from '../db.ts';
import type { Logger } from '../logger.ts';
import { flowToolToHttpDefinition } from '../runtime-ports/flow-tools.ts';
import { CLOCK_TOOL, clockAnswer } from './builtin-catalog.ts';
import { definitionOf, getToolSettings, toolCredentials, toolForRun } from './project-tools.server.ts';
import { createToolsPort } from './tools-port.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Opens one of the project's credentials, named by id or by name; no other project's. */
async function revealFor(projectId: string, idOrName: string): Promise<string> {
  const id = UUID.test(idOrName)
    ? idOrName
    : (await db().credential.findFirst({ where: { projectId, name: idOrName }, select: { id: true } }))?.id;
  const secret = id ? await toolCredentials().reveal(projectId, id) : null;
  if (secret === null) throw new Error(`credential "${idOrName}" is not one of this project's`);
  return secret;
}

/**
 * The tools port of one call, bound to its project: the flow's own HTTP tools and the project's tools
 * (by name) run with the project's credentials and the project's allowed hosts, read at each call so an
 * edit on the Tools screen applies to the next call; the clock answers in the project's zone. A call of
 * no project (`null`) reaches no credential and no private host.
 */
export interface ProjectToolsPortOptions {
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** Hosts the deployment lets every project's tools reach (beside each project's own list). */
  allowHosts?: readonly string[];
  now?: () => Date;
}

export function projectToolsPort(
  flow: Flow,
  projectId: string | null,
  options: ProjectToolsPortOptions,
): ToolsPort {
  const { logger } = options;
  const deploymentHosts = options.allowHosts ?? [];
  const now = options.now ?? (() => new Date());
  const flowDefinitions = flow.tools.map(flowToolToHttpDefinition).filter((d) => d !== null);
  return {
    async invoke(invocation: ToolInvocation): Promise<ToolOutcome> {
      if (!projectId) {
        return createToolsPort({
          definitions: flowDefinitions,
          resolveCredential: async (id) => {
            throw new Error(`credential "${id}" is not available to a call of no project`);
          },
          allowHosts: deploymentHosts,
          logger,
        }).invoke(invocation);
      }
      try {
        const declared = flow.tools.find((tool) => tool.name === invocation.name);
        const [settings, own] = await Promise.all([
          getToolSettings(projectId),
          declared?.kind === 'http' || (invocation.name === CLOCK_TOOL && declared?.kind !== 'project')
            ? null
            : toolForRun(projectId, invocation.name),
        ]);
        if (invocation.name === CLOCK_TOOL && (!declared || declared.kind === 'builtin'))
          return { ok: true, result: clockAnswer(now(), settings.timeZone) };
        const definitions = own
          ? [definitionOf(own.view, own.credentialId)]
          : flowDefinitions.filter((d) => d.name === invocation.name);
        return await createToolsPort({
          definitions,
          resolveCredential: (id) => revealFor(projectId, id),
          allowHosts: [...deploymentHosts, ...settings.allowHosts],
          logger,
        }).invoke(invocation);
      } catch (error) {
        logger.error({ tool: invocation.name, err: error }, 'project tool could not be loaded');
        return { ok: false, error: 'internal error in tool', retryable: false };
      }
    },
  };
}
