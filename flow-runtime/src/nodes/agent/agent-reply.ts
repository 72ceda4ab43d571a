/** What an agent decided for one caller utterance, whichever engine (LLM or embedded NLU) decided it. */
export type AgentReply =
  | { kind: 'say'; text: string }
  | { kind: 'exit'; port: string; text?: string }
  | { kind: 'failed'; error: string };
