import { describe, expect, it } from 'vitest';
import { EnvError } from '../env/load-env.ts';
import { settingsFromEnv } from './knowledge-settings.server.ts';

describe('knowledge settings from the environment', () => {
  it('is plain PostgreSQL search when nothing is set', () => {
    expect(settingsFromEnv({ EMBEDDINGS_BASE_URL: '', TYPESENSE_URL: '' })).toMatchObject({
      embedder: null,
      typesense: null,
      minSimilarity: 0.3,
    });
  });

  it('builds the embeddings client and the Typesense connector when configured', () => {
    const s = settingsFromEnv({
      EMBEDDINGS_BASE_URL: 'http://127.0.0.1:11434/v1',
      EMBEDDINGS_API_KEY: 'ollama',
      EMBEDDINGS_MODEL: 'bge-m3',
      EMBEDDINGS_MIN_SIMILARITY: '0.5',
      TYPESENSE_URL: 'http://127.0.0.1:8108',
      TYPESENSE_API_KEY: 'xyz',
    });
    expect(s.embedder?.model).toBe('bge-m3');
    expect(s.minSimilarity).toBe(0.5);
    expect(s.typesense).not.toBeNull();
  });

  it('names each missing or bad variable', () => {
    const error = (() => {
      try {
        settingsFromEnv({
          EMBEDDINGS_BASE_URL: 'http://127.0.0.1:1/v1',
          TYPESENSE_URL: 'http://127.0.0.1:8108',
        });
      } catch (e) {
        return e;
      }
    })() as EnvError;
    expect(error).toBeInstanceOf(EnvError);
    expect(error.problems.map((p) => p.variable).sort()).toEqual([
      'EMBEDDINGS_API_KEY',
      'EMBEDDINGS_MODEL',
      'TYPESENSE_API_KEY',
    ]);
    expect(() => settingsFromEnv({ TYPESENSE_URL: 'ftp://x' })).toThrow(/TYPESENSE_URL/);
  });
});
