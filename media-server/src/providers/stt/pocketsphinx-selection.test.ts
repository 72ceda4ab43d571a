import { describe, expect, it } from 'vitest';
import { createLogger } from '#server/logger';
import { createSttSelection } from './pocketsphinx-selection';
import { findPocketsphinx } from './pocketsphinx-stt';
import type { SttProvider } from './stt-provider';

const logger = createLogger('stt-selection-test', 'silent');
const external: SttProvider = {
  id: 'vosk',
  streaming: true,
  start: () => {
    throw new Error('not started in these tests');
  },
};
const flow = (examples: string[]) => ({
  schemaVersion: 2,
  settings: { language: 'en' },
  intents: [{ name: 'book', examples }],
  nodes: [{ id: 'start', type: 'start', data: {} }],
});

describe('which recogniser a call gets', () => {
  it('the configured external recogniser in auto mode, for every call', async () => {
    const sttFor = await createSttSelection({ mode: 'auto', external, logger });
    expect(sttFor({ flow: flow(['book']) })).toBe(external);
    expect(sttFor({ flow: 'not a flow' })).toBe(external);
  });

  it('none when switched off, or when pocketsphinx is asked for but not installed', async () => {
    expect((await createSttSelection({ mode: 'none', external, logger }))({ flow: flow(['x']) })).toBe(
      undefined,
    );
    const missing = await createSttSelection({ mode: 'pocketsphinx', modelDir: '/nonexistent', logger });
    expect(missing({ flow: flow(['book an appointment']) })).toBeUndefined();
  });

  it.skipIf(!findPocketsphinx())(
    'pocketsphinx per flow version, cached; nothing for a flow that cannot be parsed',
    async () => {
      const sttFor = await createSttSelection({ mode: 'auto', logger });
      const first = sttFor({ flow: flow(['book an appointment']), versionId: 'v1' });
      expect(first?.id).toBe('pocketsphinx');
      expect(sttFor({ flow: flow(['book an appointment']), versionId: 'v1' })).toBe(first);
      expect(sttFor({ flow: flow(['cancel it']), versionId: 'v2' })).not.toBe(first);
      const draft = flow(['book an appointment']);
      expect(sttFor({ flow: draft })).toBe(sttFor({ flow: draft }));
      expect(sttFor({ flow: { schemaVersion: 2, nodes: 'no' } })).toBeUndefined();
      // pocketsphinx was asked for explicitly: it wins over an external recogniser
      const forced = await createSttSelection({ mode: 'pocketsphinx', external, logger });
      expect(forced({ flow: draft })?.id).toBe('pocketsphinx');
    },
  );
});
