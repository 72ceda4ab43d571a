// A crash of the workers never drops a live call: `npm start`'s supervisor runs the real media server and
// workers processes; a baresip call is answered, the workers are killed (-9) mid-call, the caller keeps
// talking to the flow to its end, the supervisor restarts the workers, and the restarted workers file the
// call from the event stream with every turn.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { db, disconnectDb } from '#server/db.ts';
import { processSpecs, ROOT } from '../../../scripts/lib/processes.ts';
import { supervise, type Supervisor } from '../../../scripts/lib/supervisor.ts';
import { createProject, createPublishedAgent } from '../../../tests/support/factories.ts';
import { toneFrames } from '../sip-gateway/test-support/audio-fixtures.ts';
import { startBaresip } from '../sip-gateway/test-support/baresip-peer.ts';
import { freePort, freeUdpRange } from '../sip-gateway/test-support/free-port.ts';

const demoReceptionist = JSON.parse(
  readFileSync(join(ROOT, 'app/agent-templates/demo-receptionist.ru.json'), 'utf8'),
) as object;
const address = `crash-${crypto.randomUUID().slice(0, 6)}`;
let supervisor: Supervisor;
let projectId: string;
let sipPort: number;
let mediaHttpPort: number;
let workersHealthPort: number;
const log: string[] = [];

const answers = (port: number) =>
  fetch(`http://127.0.0.1:${port}/healthz`)
    .then((r) => r.ok)
    .catch(() => false);

async function until(what: () => Promise<boolean> | boolean, timeoutMs: number, label: string) {
  const end = Date.now() + timeoutMs;
  while (!(await what())) {
    if (Date.now() > end) throw new Error(`timed out: ${label}\n${log.join('\n').slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const child = (name: string) => supervisor.state().find((c) => c.name === name)!;

beforeAll(async () => {
  projectId = (await createProject(db(), 'Workers crash')).id;
  await createPublishedAgent(db(), projectId, {
    name: 'Demo receptionist',
    language: 'ru',
    graph: demoReceptionist,
    address,
  });
  sipPort = await freePort();
  mediaHttpPort = await freePort();
  workersHealthPort = await freePort();
  const rtp = await freeUdpRange(20);
  supervisor = supervise(processSpecs([], ['workers', 'media-server']), {
    cwd: ROOT,
    env: {
      ...process.env,
      LOG_LEVEL: 'warn',
      SIP_HOST: '127.0.0.1',
      SIP_PORT: String(sipPort),
      RTP_PORT_MIN: String(rtp.min),
      RTP_PORT_MAX: String(rtp.max),
      MEDIA_HTTP_HOST: '127.0.0.1',
      MEDIA_HTTP_PORT: String(mediaHttpPort),
      WORKERS_HEALTH_PORT: String(workersHealthPort),
      RECORDINGS_DIR: mkdtempSync(join(tmpdir(), 'crash-recordings-')),
      STT_PROVIDER: 'none',
    },
    backoff: { initialMs: 200 },
    log: (line) => log.push(line),
    output: (name, _stream, chunk) => log.push(`[${name}] ${chunk.toString().trimEnd()}`),
  });
  await until(
    async () => (await answers(mediaHttpPort)) && (await answers(workersHealthPort)),
    90_000,
    'start',
  );
}, 120_000);

afterAll(async () => {
  await supervisor?.stop();
  await disconnectDb();
});

it('a live baresip call goes on through a workers crash, and the restarted workers file it', async () => {
  const frames = toneFrames(300, 40_000, 20);
  const caller = new Int16Array(frames.length * 160);
  frames.forEach((f, i) => caller.set(f, i * 160));
  const peer = await startBaresip({ sourcePcm: caller });
  const crashed = child('workers').pid!;
  const media = child('media-server').pid!;
  try {
    await peer.command('dial', `sip:${address}@127.0.0.1:${sipPort}`);
    await peer.waitFor('CALL_ESTABLISHED', 15_000);
    await new Promise((r) => setTimeout(r, 2000));

    process.kill(crashed, 'SIGKILL');
    await until(() => child('workers').restarts === 1, 10_000, 'workers restart noticed');
    // The call is still up while the workers are down, and the caller still drives the flow.
    await new Promise((r) => setTimeout(r, 1500));
    expect(peer.events.some((e) => e.type === 'CALL_CLOSED')).toBe(false);
    await peer.command('sndcode', '2');
    await peer.waitFor('CALL_CLOSED', 40_000);
  } finally {
    await peer.quit().catch(() => undefined);
  }
  expect(child('media-server')).toMatchObject({ pid: media, restarts: 0, running: true });
  expect(log.join('\n')).toMatch(/workers \(pid \d+\) killed \(SIGKILL/);

  // The restarted workers read the call's events from the stream (written while they were down).
  await until(() => answers(workersHealthPort), 90_000, 'workers back');
  expect(child('workers').pid).not.toBe(crashed);
  let call = await db().call.findFirst({ where: { projectId, status: 'ended' } });
  await until(
    async () => !!(call = await db().call.findFirst({ where: { projectId, status: 'ended' } })),
    60_000,
    'call filed',
  );
  expect(call).toMatchObject({ endReason: 'flow_hangup', sipCause: 'BYE sent by platform' });
  const turns = await db().callTurn.findMany({ where: { callId: call!.id }, orderBy: { seq: 'asc' } });
  expect(turns.find((t) => t.speaker === 'caller')?.text).toBe('2');
  expect(turns.map((t) => t.text).join(' ')).toContain('без выходных');
}, 180_000);
