// Issue 14, item 11: the turn API and /metrics trusted loopback completely. The media server now refuses to
// start reachable beyond loopback without TURN_SERVICE_TOKEN; ending a call or handing it to an operator
// always needs the token; the turn API reaches only the calls it started; /metrics wants a token when one
// is configured.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { VoiceTestClient } from '../../media-server/src/browser/test-support/voice-test-client.ts';
import {
  startVoiceTestServer,
  type VoiceTestServer,
} from '../../media-server/src/browser/test-support/voice-test-server.ts';
import { freePort, freeUdpRange } from '../../media-server/src/sip-gateway/test-support/free-port.ts';

const root = resolve(import.meta.dirname, '../..');
const keypadMenu = JSON.parse(
  readFileSync(join(root, 'media-server/test-fixtures/flows/keypad-menu-en.json'), 'utf8'),
) as Record<string, unknown>;
const TOKEN = 'security-11-turn-token';

let open: VoiceTestServer;
let guarded: VoiceTestServer;

beforeAll(async () => {
  const tickets = { t1: { projectId: 'p11', flow: keypadMenu }, t2: { projectId: 'p11', flow: keypadMenu } };
  open = await startVoiceTestServer({ tickets });
  guarded = await startVoiceTestServer({ tickets, turnServiceToken: TOKEN });
}, 60_000);

afterAll(async () => {
  await open?.close();
  await guarded?.close();
});

async function request(
  server: VoiceTestServer,
  method: string,
  path: string,
  body?: unknown,
  token?: string,
): Promise<{ status: number; json: { error?: { code: string }; callId?: string } }> {
  const res = await fetch(`${server.base}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: (await res.json().catch(() => ({}))) as never };
}

/** Runs the media server's entry point with `env`; resolves with its exit code and output, or null. */
function runMediaServer(env: Record<string, string>, ms: number) {
  return new Promise<{ code: number | null; output: string }>((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'media-server/src/main.ts'], {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('exit', (code) => {
      clearTimeout(timer);
      done({ code, output });
    });
  });
}

describe('item 11: the media server’s HTTP side', () => {
  it('refuses to start reachable beyond loopback without TURN_SERVICE_TOKEN, saying why', async () => {
    const recordings = mkdtempSync(join(tmpdir(), 'sec11-'));
    const rtp = await freeUdpRange(4);
    const result = await runMediaServer(
      {
        MEDIA_HTTP_HOST: '0.0.0.0',
        MEDIA_HTTP_PORT: String(await freePort()),
        TURN_SERVICE_TOKEN: '',
        SIP_PORT: String(await freePort()),
        RTP_PORT_MIN: String(rtp.min),
        RTP_PORT_MAX: String(rtp.max),
        RECORDINGS_DIR: recordings,
        SIP_ENGINE: 'embedded',
        STT_PROVIDER: 'none',
      },
      60_000,
    );
    rmSync(recordings, { recursive: true, force: true });
    expect(result.code).toBe(1);
    expect(result.output).toContain('TURN_SERVICE_TOKEN');
    expect(result.output).toContain('0.0.0.0');
  }, 90_000);

  it('cannot drive a call it did not start: a live browser call is not found through the turn API', async () => {
    const client = await VoiceTestClient.connect(open.wsUrl('t1'));
    const ready = await client.until(() => client.message('ready'), 5000, 'ready');
    const callId = ready.message.callId;
    await client.until(() => client.message('reply', (m) => m.text.startsWith('For sales')), 10_000, 'menu');
    const pushed = await request(open, 'POST', `/turn/v1/calls/${callId}/events`, {
      type: 'dtmf',
      digits: '1',
    });
    expect(pushed.status).toBe(404);
    const ended = await request(open, 'DELETE', `/turn/v1/calls/${callId}`, undefined, TOKEN);
    expect([401, 404]).toContain(ended.status);
    expect(client.message('reply', (m) => m.text === 'You chose sales.')).toBeUndefined();
    expect(client.open).toBe(true);
    client.close();
  });

  it('ending a call or handing it to an operator needs the token, even from loopback', async () => {
    const started = await request(open, 'POST', '/turn/v1/calls', { flow: keypadMenu });
    expect(started.status).toBe(200);
    const callId = started.json.callId!;
    // Caller input is the turn API's ordinary work on loopback.
    expect((await request(open, 'POST', `/turn/v1/calls/${callId}/events`, { type: 'silence' })).status).toBe(
      200,
    );
    for (const event of [{ type: 'call_ended' }, { type: 'operator_joined' }]) {
      const answer = await request(open, 'POST', `/turn/v1/calls/${callId}/events`, event);
      expect(answer.status, event.type).toBe(401);
      expect(answer.json.error?.code).toBe('token_required');
    }
    const hangup = await request(open, 'DELETE', `/turn/v1/calls/${callId}`);
    expect(hangup.status).toBe(401);
    expect(hangup.json.error?.code).toBe('token_required');

    const ws = new WebSocket(`${open.base.replace('http', 'ws')}/turn/v1/ws`);
    await new Promise((ok, fail) => ws.once('open', ok).once('error', fail));
    const reply = await new Promise<{ type: string; code?: string }>((ok) => {
      ws.once('message', (data) => ok(JSON.parse(String(data)) as { type: string; code?: string }));
      ws.send(JSON.stringify({ type: 'end', callId, requestId: 'r1' }));
    });
    ws.close();
    expect(reply).toMatchObject({ type: 'error', code: 'token_required' });
  });

  it('with a token configured, call control and /metrics want it from everyone, loopback included', async () => {
    const started = await request(guarded, 'POST', '/turn/v1/calls', { flow: keypadMenu }, TOKEN);
    expect(started.status).toBe(200);
    const callId = started.json.callId!;
    expect((await request(guarded, 'DELETE', `/turn/v1/calls/${callId}`)).status).toBe(401);
    expect((await request(guarded, 'DELETE', `/turn/v1/calls/${callId}`, undefined, TOKEN)).status).toBe(200);

    expect((await fetch(`${guarded.base}/metrics`)).status).toBe(401);
    const metrics = await fetch(`${guarded.base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('voice_');
    // Without a token the server only binds loopback, and /metrics answers loopback peers.
    expect((await fetch(`${open.base}/metrics`)).status).toBe(200);
  });
});
