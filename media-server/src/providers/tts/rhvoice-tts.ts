/**
 * RHVoice, the embedded voice for Russian and English where Debian's non-free `rhvoice` packages are
 * installed. Run as a separate process per utterance (the library links GPL-3 code: a process boundary keeps
 * the licence question away) and streamed: RHVoice-test writes a 16 kHz WAV to stdout as it synthesizes.
 * Only the LGPL voices are offered; the package's CC-BY-NC-ND voices never are.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathEnv } from '#server/env/env-schema.ts';
import { parseEnv } from '#server/env/load-env.ts';
import { ProviderError } from '#server/providers/provider-error';
import { pcmChunks } from './pcm-stream';
import { billableCharacters, type TtsProvider, type TtsRequest } from './tts-provider';

export const RHVOICE_VOICES = {
  'ru-RU': ['Anna', 'Aleksandr', 'Elena', 'Irina'],
  'en-US': ['SLT', 'Alan', 'CLB', 'BDL'],
} as const;
/** `-q min` picks the 16 kHz models: a clean halving to the phone's 8 kHz, and the fastest. */
const RHVOICE_RATE = 16_000;
const WAV_HEADER_BYTES = 44;

export interface RhvoiceInstall {
  binary: string;
  voicesDir: string;
}

/** RHVoice-test and its voice data, when installed (Debian: rhvoice, rhvoice-russian, rhvoice-english). */
export function findRhvoice(path = parseEnv(pathEnv, 'tts').PATH): RhvoiceInstall | undefined {
  const voicesDir = '/usr/share/RHVoice/voices';
  if (!existsSync(join(voicesDir, 'anna'))) return undefined;
  for (const dir of path.split(':').filter(Boolean)) {
    const binary = join(dir, 'RHVoice-test');
    if (existsSync(binary)) return { binary, voicesDir };
  }
  return undefined;
}

export function rhvoiceVoiceFor(language: string, requested?: string): string {
  const english = language.toLowerCase().startsWith('en');
  const offered: readonly string[] = english ? RHVOICE_VOICES['en-US'] : RHVOICE_VOICES['ru-RU'];
  if (requested) {
    const name = requested.replace(/^rhvoice:/i, '').toLowerCase();
    // A Russian voice asked to read English (or the reverse) gives way to the language's own voice.
    const match = offered.find((v) => v.toLowerCase() === name);
    if (match) return match;
  }
  return english ? 'SLT' : 'Anna';
}

/** Skips the WAV header, whose length fields RHVoice leaves as placeholders while it streams. */
async function* withoutHeader(stream: AsyncIterable<Buffer>): AsyncGenerator<Uint8Array> {
  let skipped = 0;
  for await (const chunk of stream) {
    if (skipped >= WAV_HEADER_BYTES) {
      yield chunk;
      continue;
    }
    const take = Math.min(WAV_HEADER_BYTES - skipped, chunk.length);
    skipped += take;
    if (take < chunk.length) yield chunk.subarray(take);
  }
}

export function createRhvoiceTts(install: RhvoiceInstall): TtsProvider {
  return {
    id: 'rhvoice',
    async *synthesize(request: TtsRequest) {
      const voice = rhvoiceVoiceFor(request.language, request.voice);
      // RHVoice-test's rate is a percentage of normal speed.
      const rate = request.speed ? ['-r', String(Math.round(request.speed * 100))] : [];
      // Node's stdio pipes are sockets, which RHVoice cannot open as /dev/stdout: a real pipe through cat.
      const child = spawn(
        '/bin/sh',
        ['-c', '"$0" "$@" -o /dev/stdout | cat', install.binary, '-p', voice, '-q', 'min', ...rate],
        { stdio: ['pipe', 'pipe', 'pipe'] },
      );
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-500)));
      const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
      const spawnFailed = new Promise<never>((_resolve, reject) =>
        child.on('error', (error) =>
          reject(new ProviderError('rhvoice', 'unavailable', error.message, { cause: error })),
        ),
      );
      spawnFailed.catch(() => undefined);
      const onAbort = () => child.kill('SIGKILL');
      request.signal.addEventListener('abort', onAbort, { once: true });
      try {
        // RHVoice-test reads whole lines: without the newline the last one is never spoken.
        child.stdin.end(`${request.text.replace(/\s*\n\s*/g, ' ')}\n`);
        yield* pcmChunks(withoutHeader(child.stdout), RHVOICE_RATE, request.sampleRate);
        const code = await Promise.race([exited, spawnFailed]);
        request.signal.throwIfAborted();
        if (code !== 0)
          throw new ProviderError('rhvoice', 'bad_response', `RHVoice-test exited ${code}: ${stderr}`, {
            retryable: false,
          });
        request.onUsage?.({
          provider: 'rhvoice',
          characters: billableCharacters(request.text),
          cached: false,
        });
      } finally {
        request.signal.removeEventListener('abort', onAbort);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
    },
  };
}
