import type { ToolInvocation, ToolOutcome, ToolsPort } from '#flow-runtime/ports';
import type { Logger } from '../logger';
import type { Resolver } from '../net/ssrf-guard';
import { getBuiltinTool } from './builtin-tools';
import { runHttpTool } from './http-tool';
import { formatSchemaErrors, validateAgainstSchema } from './json-schema-lite';
import { httpToolDefinitionSchema, type HttpToolDefinitionInput } from './tool-definition';

export interface CreateToolsPortOptions {
  definitions: HttpToolDefinitionInput[];
  /** Decrypts a stored credential by id (injected: this module never touches the database). */
  resolveCredential: (id: string) => Promise<string>;
  /** The project's SSRF allow-list. */
  allowHosts: readonly string[];
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  backoffMs?: number;
  resolve?: Resolver;
}

/**
 * The flow runtime's ToolsPort: project HTTP tools by name first, then built-ins. Arguments are checked
 * against the tool's JSON Schema before anything is sent. Never throws: every failure is a ToolOutcome.
 */
export function createToolsPort(options: CreateToolsPortOptions): ToolsPort {
  const definitions = new Map(
    options.definitions.map((input) => {
      const definition = httpToolDefinitionSchema.parse(input);
      return [definition.name, definition] as const;
    }),
  );

  return {
    async invoke(invocation: ToolInvocation): Promise<ToolOutcome> {
      try {
        const definition = definitions.get(invocation.name);
        if (definition) {
          const errors = validateAgainstSchema(definition.parameters, invocation.args);
          if (errors.length > 0)
            return { ok: false, error: `invalid arguments: ${formatSchemaErrors(errors)}`, retryable: false };
          return await runHttpTool(definition, invocation.args, {
            resolveCredential: options.resolveCredential,
            allowHosts: options.allowHosts,
            logger: options.logger,
            signal: invocation.signal,
            ...(options.backoffMs !== undefined ? { backoffMs: options.backoffMs } : {}),
            ...(options.resolve ? { resolve: options.resolve } : {}),
          });
        }
        const builtin = getBuiltinTool(invocation.name);
        if (builtin) return await builtin(invocation.args, { signal: invocation.signal });
        return { ok: false, error: `unknown tool "${invocation.name}"`, retryable: false };
      } catch (error) {
        options.logger.error({ tool: invocation.name, err: error }, 'tool invocation crashed');
        return { ok: false, error: 'internal error in tool', retryable: false };
      }
    },
  };
}
