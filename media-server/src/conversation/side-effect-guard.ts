import type { Ports } from '#flow-runtime/index';

/** Thrown into the runtime when a turn that ran on remembered state is about to have a side effect, and
 * that state turned out to be outdated. The turn's result is then thrown away and it runs again. */
export class StaleStateError extends Error {
  override name = 'StaleStateError';
  constructor() {
    super('conversation state changed elsewhere');
  }
}

/**
 * Ports whose side effects (LLM, tools, knowledge search) wait for `ensureFresh` first. A turn is pure
 * except through its ports, so a turn that ran on remembered state without reaching one of these changed
 * nothing: if its save then loses the version check, it simply runs again on the stored state. A turn that
 * does reach one confirms its state is current before anything leaves the process.
 */
export function guardSideEffects(ports: Ports, ensureFresh: () => Promise<void>): Ports {
  return {
    ...ports,
    ...(ports.llm
      ? {
          llm: {
            complete: async (request) => {
              await ensureFresh();
              return ports.llm!.complete(request);
            },
          },
        }
      : {}),
    tools: {
      invoke: async (invocation) => {
        await ensureFresh();
        return ports.tools.invoke(invocation);
      },
    },
    knowledge: {
      search: async (query) => {
        await ensureFresh();
        return ports.knowledge.search(query);
      },
    },
  };
}
