// Live check against the real OpenAI API; runs only where OPENAI_API_KEY is set (never in offline CI).
import { describe, expect, it } from 'vitest';
import { createOpenAiCompatibleLlm } from './openai-compatible-llm';

describe.skipIf(!process.env.OPENAI_API_KEY)('OpenAI live', () => {
  it('streams a short answer with usage', async () => {
    const llm = createOpenAiCompatibleLlm({
      kind: 'openai',
      baseUrl: process.env.OPENAI_BASE_URL ?? 'https://api.openai.com/v1',
      apiKey: process.env.OPENAI_API_KEY ?? '',
      model: process.env.OPENAI_MODEL ?? 'gpt-4o-mini',
      timeoutMs: 30_000,
    });
    const result = await llm.complete({
      messages: [{ role: 'user', content: 'Reply with the single word: pong' }],
      maxTokens: 10,
      signal: new AbortController().signal,
    });
    expect(result.text.toLowerCase()).toContain('pong');
    expect(result.usage.promptTokens).toBeGreaterThan(0);
    expect(result.firstTokenMs).toBeGreaterThan(0);
  });
});
