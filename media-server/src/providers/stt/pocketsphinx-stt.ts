import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { int16ToLeBytes } from '../../audio/pcm';
import { resample } from '../../audio/resampler';
import { ProviderError } from '#server/providers/provider-error';
import { pathEnv } from '#server/env/env-schema.ts';
import { parseEnv } from '#server/env/load-env.ts';
import { startBufferedSession } from './buffered-session';
import { dictionaryWords } from './flow-grammar';
import type { SttProvider, SttResult, SttStartOptions } from './stt-provider';

/** Debian's pocketsphinx (0.8+5prealpha) with pocketsphinx-en-us: the CLI and where the model lives. */
export interface PocketsphinxInstall {
  binary: string;
  /** Acoustic model folder (`-hmm`). */
  hmm: string;
  /** Pronunciation dictionary (`-dict`). */
  dict: string;
}

export const DEFAULT_POCKETSPHINX_MODEL_DIR = '/usr/share/pocketsphinx/model/en-us';

function onPath(name: string): string | undefined {
  for (const dir of parseEnv(pathEnv, 'stt').PATH.split(delimiter)) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

/** The install when the binary, the acoustic model and the dictionary are all there; otherwise undefined. */
export function findPocketsphinx(modelDir = DEFAULT_POCKETSPHINX_MODEL_DIR): PocketsphinxInstall | undefined {
  const binary = onPath('pocketsphinx_continuous');
  const hmm = join(modelDir, 'en-us');
  const dict = join(modelDir, 'cmudict-en-us.dict');
  if (!binary || !existsSync(join(hmm, 'mdef')) || !existsSync(dict)) return undefined;
  return { binary, hmm, dict };
}

const dictionaries = new Map<string, Promise<Set<string>>>();
/** The dictionary's words (about 130 000), read once per process. */
export function loadDictionary(dict: string): Promise<Set<string>> {
  let words = dictionaries.get(dict);
  if (!words) {
    words = readFile(dict, 'utf8').then(dictionaryWords);
    dictionaries.set(dict, words);
  }
  return words;
}

const NON_WORDS = /^(<s>|<\/s>|<sil>|\(NULL\)|\[.*\]|\+\+.*\+\+)$/;

/**
 * `-time yes` output: the hypothesis line, then one line per segment "word start end posterior"
 * (alternative pronunciations as "to(3)"; silences, noises and grammar joins as <sil>, [NOISE], ++...++,
 * (NULL)).
 */
export function parseContinuousOutput(stdout: string): {
  text: string;
  confidence?: number;
  startMs?: number;
  endMs?: number;
} {
  const words: Array<{ word: string; start: number; end: number; posterior: number }> = [];
  let text = '';
  for (const line of stdout.split('\n').map((l) => l.trim())) {
    if (!line) continue;
    const segment = /^(\S+) (\d+(?:\.\d+)?) (\d+(?:\.\d+)?) (\d+(?:\.\d+)?)$/.exec(line);
    if (segment) {
      const word = segment[1]!.replace(/\(\d+\)$/, '');
      if (!NON_WORDS.test(word))
        words.push({
          word,
          start: Number(segment[2]),
          end: Number(segment[3]),
          posterior: Math.min(1, Number(segment[4])),
        });
    } else if (!text && /^[a-z' ]+$/.test(line)) text = line;
  }
  if (!text) text = words.map((w) => w.word).join(' ');
  const first = words[0];
  const last = words.at(-1);
  return {
    text,
    ...(words.length ? { confidence: words.reduce((sum, w) => sum + w.posterior, 0) / words.length } : {}),
    ...(first && last ? { startMs: Math.round(first.start * 1000), endMs: Math.round(last.end * 1000) } : {}),
  };
}

export interface PocketsphinxSttOptions {
  install: PocketsphinxInstall;
  /** JSGF of the flow's expected phrases (flow-grammar.ts). */
  jsgf: string;
  /** Phrases of the grammar: a result that is none of them came through the garbage rule. */
  phrases: readonly string[];
  /** Accept a hypothesis made only of number words (the grammar's `<number>` rule). */
  numbers?: boolean;
  /** The decoder is killed after this long. */
  timeoutMs?: number;
  maxSeconds?: number;
}

const NUMBER_WORD =
  /^(zero|oh|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million)$/;

function runDecoder(
  options: PocketsphinxSttOptions,
  pcm16k: Int16Array,
  signal: AbortSignal,
): Promise<string> {
  const { install } = options;
  const timeoutMs = options.timeoutMs ?? 10_000;
  return (async () => {
    // Grammar and audio go in a private temp folder removed after each run: nothing accumulates per
    // call. The audio is a file because Node's stdin pipe is a socket, which `-infile /dev/stdin` cannot open.
    const dir = await mkdtemp(join(tmpdir(), 'pocketsphinx-'));
    try {
      const grammar = join(dir, 'flow.gram');
      const audio = join(dir, 'utterance.raw');
      await Promise.all([writeFile(grammar, options.jsgf), writeFile(audio, int16ToLeBytes(pcm16k))]);
      return await new Promise<string>((resolve, reject) => {
        const child = spawn(
          install.binary,
          [
            ...['-infile', audio, '-samprate', '16000'],
            ...['-hmm', install.hmm, '-dict', install.dict, '-jsgf', grammar],
            // Without noise removal and with (seeded, so repeatable) dither, synthetic and quiet speech
            // decoded against the grammar far more reliably in our trials.
            ...['-remove_noise', 'no', '-dither', 'yes', '-seed', '1'],
            ...['-time', 'yes', '-logfn', '/dev/null'],
          ],
          { stdio: ['ignore', 'pipe', 'pipe'] },
        );
        const out: Buffer[] = [];
        const err: Buffer[] = [];
        let settled = false;
        const settle = (error: Error | null, stdout = '') => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          signal.removeEventListener('abort', onAbort);
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
          if (error) reject(error);
          else resolve(stdout);
        };
        const timer = setTimeout(
          () => settle(new ProviderError('pocketsphinx', 'timeout', `decoder ran over ${timeoutMs} ms`)),
          timeoutMs,
        );
        const onAbort = () =>
          settle(new ProviderError('pocketsphinx', 'aborted', 'recognition aborted', { retryable: false }));
        signal.addEventListener('abort', onAbort, { once: true });
        child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
        child.stderr.on('data', (chunk: Buffer) => err.length < 64 && err.push(chunk));
        child.on('error', (error) =>
          settle(new ProviderError('pocketsphinx', 'unavailable', error.message, { cause: error })),
        );
        child.on('close', (code) => {
          if (code === 0) return settle(null, Buffer.concat(out).toString('utf8'));
          const detail = Buffer.concat(err).toString('utf8').trim().split('\n').at(-1) ?? '';
          settle(
            new ProviderError('pocketsphinx', 'bad_response', `decoder exited with ${code}: ${detail}`, {
              retryable: false,
            }),
          );
        });
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  })();
}

/**
 * A local English recogniser: Debian's pocketsphinx_continuous decoding each utterance against the flow's
 * grammar, one short-lived process per utterance (the model is memory-mapped, so start-up is cheap).
 * Only English is recognised; other languages, and English the grammar does not expect, finish with no
 * result, so the flow reprompts and the keypad still works.
 */
export function createPocketsphinxStt(options: PocketsphinxSttOptions): SttProvider {
  const phrases = new Set(options.phrases);
  return {
    id: 'pocketsphinx',
    streaming: false,
    start(start: SttStartOptions) {
      return startBufferedSession(
        'pocketsphinx',
        start,
        options.maxSeconds ?? 30,
        async (pcm, signal): Promise<SttResult | undefined> => {
          if (!start.language.toLowerCase().startsWith('en') || pcm.length === 0) return undefined;
          const pcm16k = start.sampleRate === 16_000 ? pcm : resample(pcm, start.sampleRate, 16_000);
          const heard = parseContinuousOutput(await runDecoder(options, pcm16k, signal));
          const expected =
            phrases.has(heard.text) ||
            (options.numbers === true && heard.text.split(' ').every((w) => NUMBER_WORD.test(w)));
          // The garbage rule matched: the caller said something the flow does not expect. Nothing heard
          // lets the flow say so and reprompt; the garbage words could fuzzy-match a wrong intent.
          if (!heard.text || !expected) return undefined;
          return {
            text: heard.text,
            language: start.language,
            ...(heard.confidence === undefined ? {} : { confidence: heard.confidence }),
            ...(heard.startMs === undefined ? {} : { startMs: heard.startMs }),
            ...(heard.endMs === undefined ? {} : { endMs: heard.endMs }),
          };
        },
      );
    },
  };
}
