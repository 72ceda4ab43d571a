import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { silence, VoiceTestClient } from './test-support/voice-test-client.ts';
import {
  startVoiceTestServer,
  synthesizeSpeech,
  type VoiceTestServer,
} from './test-support/voice-test-server.ts';

// Without a recogniser the caller's speech still counts: the flow hears "not understood" and reprompts.
let server: VoiceTestServer;
let speech: Int16Array;

beforeAll(async () => {
  const flow = JSON.parse(
    readFileSync(resolve(import.meta.dirname, '../../test-fixtures/flows/keypad-menu-en.json'), 'utf8'),
  ) as unknown;
  server = await startVoiceTestServer({
    settings: { endSilenceMs: 400 },
    tickets: { t: { projectId: 'p', flow } },
  });
  speech = await synthesizeSpeech('Sales, please.');
}, 60_000);

afterAll(() => server?.close());

it('reports speech without a recogniser as an unrecognised utterance, and the keypad still works', async () => {
  const client = await VoiceTestClient.connect(server.wsUrl('t'));
  await client.until(() => client.message('reply', (m) => m.text.startsWith('For sales')), 5000, 'menu');
  await client.stream(speech);
  await client.stream(silence(700));
  const reprompt = await client.until(
    () => client.message('reply', (m) => m.text.includes('For sales') && !m.text.startsWith('For sales')),
    5000,
    'reprompt',
  );
  expect(client.message('transcript', (m) => m.final && m.text === '')).toBeDefined();
  client.dtmf('2');
  await client.until(
    () => client.message('reply', (m) => m.text === 'You chose support.', reprompt.at),
    5000,
  );
  expect(await client.closed).toBe(1000);
});
