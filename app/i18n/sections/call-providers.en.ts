/** Which providers heard, thought and spoke in a turn: the call card, the studio's voice test and trace. */
export const callProvidersEn = {
  label: 'Providers',
  stages: {
    stt: 'Recognition',
    llm: 'LLM',
    tts: 'Voice',
  },
  fallback: 'stand-in',
  builtIn: 'server default',
  fallbackTitle: 'The agent’s own provider failed; this one took over.',
  failed: '{stage}: {provider} failed ({code}), {replacedBy} took over',
  failedNoReplacement: '{stage}: {provider} failed ({code}), nothing left to take over',
  llmVia: 'via {provider}',
} as const;
