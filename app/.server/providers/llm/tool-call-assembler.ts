import type { LlmToolCall } from '#flow-runtime/ports';
import type { ToolCallDelta } from './chat-chunk-schema';

/**
 * Streamed function calls arrive in pieces keyed by `index`: the first piece carries id and name, later ones
 * append fragments of the JSON arguments. Several calls may interleave when the model calls in parallel.
 */
export class ToolCallAssembler {
  private readonly calls = new Map<number, { id: string; name: string; arguments: string }>();

  add(delta: ToolCallDelta): void {
    const current = this.calls.get(delta.index) ?? { id: '', name: '', arguments: '' };
    if (delta.id) current.id = delta.id;
    if (delta.function?.name) current.name += delta.function.name;
    if (delta.function?.arguments) current.arguments += delta.function.arguments;
    this.calls.set(delta.index, current);
  }

  /** Calls in index order; a call the server never named is dropped as unusable. */
  finish(): LlmToolCall[] {
    return [...this.calls.entries()]
      .sort(([a], [b]) => a - b)
      .filter(([, call]) => call.name !== '')
      .map(([index, call]) => ({
        id: call.id || `call_${index}`,
        name: call.name,
        arguments: call.arguments || '{}',
      }));
  }
}
