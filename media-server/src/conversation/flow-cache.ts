import { createHash } from 'node:crypto';
import { parseFlow, type Flow } from '#flow-runtime/index';

export class FlowRejectedError extends Error {
  override name = 'FlowRejectedError';
  constructor(readonly fields: Record<string, string[]>) {
    super('The flow is not valid.');
  }
}

export function flowHash(json: string): string {
  return createHash('sha256').update(json).digest('hex').slice(0, 32);
}

/**
 * Parsed flows by content hash. The runtime caches its compiled form per flow object, so every call of the
 * same published version must share one parsed object: parse once, reuse for every turn.
 */
export class FlowCache {
  private readonly flows = new Map<string, Flow>();
  constructor(private readonly max = 500) {}

  get(hash: string): Flow | undefined {
    const flow = this.flows.get(hash);
    if (flow) {
      // Map order is insertion order: re-inserting keeps recently used flows at the end.
      this.flows.delete(hash);
      this.flows.set(hash, flow);
    }
    return flow;
  }

  parse(hash: string, json: string): Flow {
    const cached = this.get(hash);
    if (cached) return cached;
    const result = parseFlow(JSON.parse(json));
    if (!result.success) {
      const fields: Record<string, string[]> = {};
      for (const issue of result.issues) (fields[issue.field || 'flow'] ??= []).push(issue.message.en);
      throw new FlowRejectedError(fields);
    }
    this.flows.set(hash, result.flow);
    if (this.flows.size > this.max) this.flows.delete(this.flows.keys().next().value as string);
    return result.flow;
  }
}
