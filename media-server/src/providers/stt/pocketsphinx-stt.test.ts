import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectedPhrases, nodeDefinitionsByType, parseFlowOrThrow } from '#flow-runtime/index';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { concatInt16 } from '../../audio/pcm';
import { createEspeakTts } from '../tts/espeak-tts';
import { buildFlowGrammar, type FlowGrammar } from './flow-grammar';
import {
  createPocketsphinxStt,
  findPocketsphinx,
  loadDictionary,
  parseContinuousOutput,
} from './pocketsphinx-stt';
import type { SttProvider, SttResult } from './stt-provider';

describe('pocketsphinx output', () => {
  it('reads the hypothesis and the word posteriors, leaving out silences and pronunciation marks', () => {
    const out =
      'yes please\n<sil> 0.000 0.120 1.000000\nyes 0.130 0.500 0.900000\n(NULL) 0.500 0.500 1.000000\nplease(2) 0.510 0.900 0.700000\n';
    expect(parseContinuousOutput(out)).toEqual({
      text: 'yes please',
      confidence: 0.8,
      startMs: 130,
      endMs: 900,
    });
    expect(parseContinuousOutput('')).toEqual({ text: '' });
  });
});

const install = findPocketsphinx();
if (!install)
  console.warn(
    'pocketsphinx tests skipped: pocketsphinx_continuous or /usr/share/pocketsphinx/model/en-us is missing ' +
      '(apt-get install -y pocketsphinx pocketsphinx-en-us)',
  );

// A booking line: an intent, a yes/no question and the operator handler every flow has.
const flow = parseFlowOrThrow({
  schemaVersion: 2,
  // Builders add the phrases their callers use to the operator handler; the built-in ones stay.
  settings: { language: 'en', globalHandlers: { operator: { phrases: { en: ['talk to an operator'] } } } },
  intents: [
    { name: 'book', examples: ['I would like to book an appointment', 'book an appointment'] },
    { name: 'cancel', examples: ['cancel my appointment'] },
  ],
  nodes: [
    { id: 'start', type: 'start', data: {} },
    { id: 'confirm', type: 'ask', data: { prompt: 'Is that right?', slotType: 'yes_no', variable: 'ok' } },
    {
      id: 'menu',
      type: 'ask',
      data: {
        prompt: 'Which clinic?',
        slotType: 'choice',
        variable: 'clinic',
        choices: [{ value: 'north', synonyms: ['north clinic'] }, { value: 'south' }],
      },
    },
  ],
});

async function speak(text: string, sampleRate: 8000 | 16000): Promise<Int16Array> {
  const parts: Int16Array[] = [];
  const signal = new AbortController().signal;
  for await (const chunk of createEspeakTts().synthesize({ text, language: 'en-US', sampleRate, signal }))
    parts.push(chunk);
  return concatInt16(parts);
}

describe.skipIf(!install)('pocketsphinx with a flow grammar (real CLI, espeak-ng speech)', () => {
  let grammar: FlowGrammar;
  let stt: SttProvider;
  let temp: string;
  const savedTmp = process.env.TMPDIR;

  beforeAll(async () => {
    // A private TMPDIR shows the connector leaves no grammar files behind.
    temp = mkdtempSync(join(tmpdir(), 'ps-test-'));
    process.env.TMPDIR = temp;
    const dictionary = await loadDictionary(install!.dict);
    grammar = buildFlowGrammar(expectedPhrases(flow, nodeDefinitionsByType), (word) => dictionary.has(word));
    stt = createPocketsphinxStt({ install: install!, jsgf: grammar.jsgf, phrases: grammar.phrases });
  });
  afterAll(() => {
    if (savedTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmp;
    rmSync(temp, { recursive: true, force: true });
  });

  async function recognise(
    pcm: Int16Array,
    sampleRate: 8000 | 16000,
    language = 'en-US',
    signal = new AbortController().signal,
  ): Promise<SttResult[]> {
    const session = stt.start({ language, sampleRate, signal });
    for (let i = 0; i < pcm.length; i += 320) session.write(pcm.subarray(i, i + 320));
    session.end();
    return session.done;
  }

  it.each([
    ['I would like to book an appointment', 'i would like to book an appointment'],
    ['yes', 'yes'],
    ['talk to an operator', 'talk to an operator'],
  ])('recognises "%s" at 16 kHz as an expected phrase', async (said, phrase) => {
    const results = await recognise(await speak(said, 16_000), 16_000);
    console.info(`pocketsphinx 16 kHz: "${said}" -> ${JSON.stringify(results)}`);
    expect(results).toHaveLength(1);
    expect(results[0]!.text).toBe(phrase);
    expect(grammar.phrases).toContain(results[0]!.text);
    expect(results[0]!.confidence).toBeGreaterThan(0.5);
    expect(results[0]!.language).toBe('en-US');
    // tsx's cache folder is the espeak threads' (their TypeScript loader starts under this TMPDIR), not ours.
    expect(readdirSync(temp).filter((name) => !name.startsWith('tsx-'))).toEqual([]);
  });

  it('takes 8 kHz phone audio (resampled to 16 kHz) and never reports a phrase that was not said', async () => {
    // Narrowband speech decodes poorly (the en-us model is trained on 16 kHz): "nothing heard" is allowed.
    for (const said of ['cancel my appointment', 'yes']) {
      const results = await recognise(await speak(said, 8000), 8000);
      console.info(`pocketsphinx 8 kHz: "${said}" -> ${JSON.stringify(results)}`);
      expect(results.map((r) => r.text).filter((text) => text !== said)).toEqual([]);
    }
  });

  it('does not force an unexpected sentence onto an expected phrase: nothing is heard', async () => {
    const results = await recognise(await speak('what is the weather like in paris today', 16_000), 16_000);
    console.info(`pocketsphinx 16 kHz: unexpected sentence -> ${JSON.stringify(results)}`);
    expect(results).toEqual([]);
  });

  it('gives no result for a language other than English, without running the decoder', async () => {
    expect(await recognise(await speak('yes', 16_000), 16_000, 'ru-RU')).toEqual([]);
  });

  it('stops the decoder when the call aborts the recognition', async () => {
    const abort = new AbortController();
    const pending = recognise(await speak('book an appointment', 16_000), 16_000, 'en-US', abort.signal);
    abort.abort();
    await expect(pending).rejects.toMatchObject({ name: 'ProviderError', code: 'aborted' });
  });
});
