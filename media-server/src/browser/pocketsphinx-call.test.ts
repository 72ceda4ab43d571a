import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '#server/logger.ts';
import { createSttSelection } from '../providers/stt/pocketsphinx-selection.ts';
import { findPocketsphinx } from '../providers/stt/pocketsphinx-stt.ts';
import { silence, VoiceTestClient } from './test-support/voice-test-client.ts';
import {
  startVoiceTestServer,
  synthesizeSpeech,
  type VoiceTestServer,
} from './test-support/voice-test-server.ts';

// The whole offline voice path: browser PCM, Silero VAD, pocketsphinx with the call's flow grammar, the
// flow runtime, espeak-ng. Nothing is a stand-in.
const installed = findPocketsphinx() !== undefined;
if (!installed)
  console.warn(
    'pocketsphinx call test skipped: pocketsphinx_continuous or its en-us model is missing ' +
      '(apt-get install -y pocketsphinx pocketsphinx-en-us)',
  );

let server: VoiceTestServer;
let speech: Int16Array;

describe.skipIf(!installed)('a browser call recognised by pocketsphinx', () => {
  beforeAll(async () => {
    const flow = JSON.parse(
      readFileSync(resolve(import.meta.dirname, '../../test-fixtures/flows/keypad-menu-en.json'), 'utf8'),
    ) as unknown;
    const sttFor = await createSttSelection({
      mode: 'pocketsphinx',
      logger: createLogger('pocketsphinx-call', 'silent'),
    });
    server = await startVoiceTestServer({
      sttFor,
      settings: { endSilenceMs: 500 },
      tickets: { t: { projectId: 'p', flow } },
    });
    speech = await synthesizeSpeech('support');
  }, 60_000);

  afterAll(() => server?.close());

  it('a spoken English answer picks the menu choice and the flow goes on to its goodbye', async () => {
    const client = await VoiceTestClient.connect(server.wsUrl('t'));
    const ready = await client.until(() => client.message('ready'), 5000, 'ready');
    await client.until(() => client.message('reply', (m) => m.text.startsWith('For sales')), 5000, 'menu');
    // Wait for the menu prompt to finish so the answer is not a barge-in, then answer by voice.
    await client.stream(silence(300));
    await client.stream(speech);
    await client.stream(silence(900));
    await client.until(
      () => client.message('reply', (m) => m.text === 'You chose support.'),
      // Loose: pocketsphinx decodes on this machine's CPU, which other tests share.
      25_000,
      'reply to the spoken choice',
    );
    const transcript = client.message('transcript', (m) => m.final);
    console.info(`pocketsphinx in a call: "support" -> ${JSON.stringify(transcript?.message)}`);
    expect(transcript?.message).toMatchObject({ text: 'support' });
    // The turn completes at its first reply frame, which espeak's thread may send a moment after the text.
    const turn = () =>
      server
        .eventsOf(ready.message.callId)
        .find((e) => e.type === 'turn.completed' && e.trigger === 'utterance');
    await client.until(() => turn() !== undefined, 5000, 'the turn');
    expect(turn()).toMatchObject({ input: 'support' });
    expect(await client.closed).toBe(1000);
  }, 45_000);
});
