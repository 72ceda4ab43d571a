/** Runs Debian's SIPp (package sip-tester) against the gateway with a scenario from test-fixtures/sip. */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, freeUdpRange } from './free-port.ts';

export const SIP_FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../../../test-fixtures/sip');

export interface SippRun {
  exitCode: number;
  output: string;
}

export interface SippOptions {
  scenario: string;
  service: string;
  gatewayPort: number;
  calls?: number;
  /** Calls per second. */
  rate?: number;
  /** Calls up at once. */
  limit?: number;
  extraArgs?: string[];
  timeoutMs?: number;
}

export async function runSipp(options: SippOptions): Promise<SippRun> {
  const cwd = mkdtempSync(join(tmpdir(), 'sipp-'));
  const sipPort = await freePort();
  const media = await freeUdpRange(4);
  const args = [
    '-sf',
    join(SIP_FIXTURES, options.scenario),
    '-s',
    options.service,
    '-i',
    '127.0.0.1',
    '-p',
    String(sipPort),
    '-mi',
    '127.0.0.1',
    '-mp',
    String(media.min),
    '-m',
    String(options.calls ?? 1),
    '-r',
    String(options.rate ?? 10),
    '-l',
    String(options.limit ?? 100),
    '-nostdin',
    '-timeout',
    `${Math.ceil((options.timeoutMs ?? 20_000) / 1000)}s`,
    '-timeout_error',
    ...(options.extraArgs ?? []),
    `127.0.0.1:${options.gatewayPort}`,
  ];
  const child = spawn('sipp', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-20_000)));
  child.stderr.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-20_000)));
  const exitCode = await new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? -1)));
  return { exitCode, output };
}
