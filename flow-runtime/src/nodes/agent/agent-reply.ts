/** What an agent decided for one caller utterance, whichever engine (LLM or embedded NLU) decided it. */
export type AgentReply =
  | {
      kind: 'say';
      text: string;
      /** The reply offered a person (low confidence). */
      offeredPerson?: boolean;
      /** An answer to the question (from knowledge or a model), not a fallback. */
      answered?: boolean;
    }
  | { kind: 'exit'; port: string; text?: string }
  | { kind: 'failed'; error: string };
