// Issue 14, item 1: a project owner could make the media server send SIP anywhere (loopback and private
// networks included) and write CR/LF from a connection's username into SIP headers, which ran a command on a
// Redis on 127.0.0.1. Each case first reproduces the attack against a listener standing in for that Redis.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, createProject, createPublishedAgent, createUser } from '../support/factories.ts';
import { bearerFor, callRouteJson, type RouteModule } from '../support/route-call.ts';
import { authContext } from '#server/auth/auth-context.server.ts';
import { db, disconnectDb } from '#server/db.ts';
import type { ResolvedAddress } from '#server/net/address-policy.ts';
import { closeTelephonyRedis } from '#server/telephony/telephony-bus.server.ts';
import * as connectionsRoute from '../../app/routes/api.v1.projects.$projectId.sip-connections.ts';
import * as connectionRoute from '../../app/routes/api.v1.projects.$projectId.sip-connections.$connectionId.ts';
import * as numbersRoute from '../../app/routes/api.v1.projects.$projectId.phone-numbers.ts';
import * as testCallsRoute from '../../app/routes/api.v1.projects.$projectId.test-calls.ts';
import type { LegEndReason, MediaLeg } from '../../media-server/src/call/media-leg.ts';
import type { OutboundProgress } from '../../media-server/src/sip-gateway/outbound-call.ts';
import type { RegistrationReport } from '../../media-server/src/sip-gateway/registration.ts';
import type { SipGateway } from '../../media-server/src/sip-gateway/sip-gateway.ts';
import {
  createRawSipClient,
  inDialogText,
  inviteText,
  pcmuOffer,
} from '../../media-server/src/sip-gateway/test-support/raw-sip-client.ts';
import {
  acceptingRoute,
  startTestGateway,
  until,
} from '../../media-server/src/sip-gateway/test-support/test-gateway.ts';
import { parseNameAddr } from '../../media-server/src/sip/header-values.ts';
import { SipHeaders } from '../../media-server/src/sip/sip-headers.ts';
import { serializeSipMessage } from '../../media-server/src/sip/sip-serializer.ts';
import { startFakeCarrier } from '../../media-server/src/telephony/test-support/fake-carrier.ts';
import {
  pause,
  startRecordingListener,
  type RecordingListener,
} from '../../media-server/src/telephony/test-support/recording-listener.ts';

// The install allows no private host unless it says so (the default of TELEPHONY_ALLOW_HOSTS).
delete process.env.TELEPHONY_ALLOW_HOSTS;

const INJECTED = 'a\r\nSET k v\r\n';
const noRoute = () => ({ accept: false as const, status: 404, reason: 'none' });

let projectId: string;
let owner: Record<string, string>;
let agentId: string;
const gateways: SipGateway[] = [];
const listeners: RecordingListener[] = [];

async function api(mod: RouteModule, method: string, params: Record<string, string>, body?: unknown) {
  return callRouteJson(mod, {
    method,
    path: '/api/v1/x',
    params: { projectId, ...params },
    headers: owner,
    body,
  });
}

async function listener(host = '127.0.0.1') {
  const started = await startRecordingListener(host);
  listeners.push(started);
  return started;
}

/** A gateway with the production policy unless a test allows hosts the way TELEPHONY_ALLOW_HOSTS would. */
async function gateway(
  addressPolicy: { allowHosts?: string[]; resolve?: (host: string) => Promise<ResolvedAddress[]> } = {},
  route = noRoute as Parameters<typeof startTestGateway>[0],
) {
  const started = await startTestGateway(route, { addressPolicy: { allowHosts: [], ...addressPolicy } });
  gateways.push(started);
  return started;
}

beforeAll(async () => {
  projectId = (await createProject(db(), 'Security 01')).id;
  const user = await createUser(db());
  await addMember(db(), projectId, user.id, 'owner');
  owner = await bearerFor(user.id);
  const graph = {
    schemaVersion: 2,
    nodes: [{ id: 'start', type: 'start', position: { x: 0, y: 0 }, data: {} }],
    edges: [],
  };
  agentId = (await createPublishedAgent(db(), projectId, { name: 'Probe', language: 'en', graph })).agent.id;
});

afterAll(async () => {
  await Promise.all(gateways.map((g) => g.close()));
  await Promise.all(listeners.map((l) => l.close()));
  await closeTelephonyRedis();
  await authContext().redis.quit();
  await disconnectDb();
});

describe('control characters never reach a SIP header', () => {
  it('the API refuses them in every SIP-facing field of a connection, with field errors', async () => {
    const base = { name: 'Carrier', provider: 'generic', host: 'sip.example.com', password: 'secret' };
    for (const [field, value] of [
      ['username', INJECTED],
      ['authUsername', 'x\ny'],
      ['password', 'pa\u0000ss'],
      ['outboundProxy', 'proxy\u0000.example.com'],
      ['name', 'Carrier\r\nX-Evil: 1'],
    ] as const) {
      const created = await api(connectionsRoute, 'POST', {}, { username: 'alice', ...base, [field]: value });
      expect(created.status, field).toBe(400);
      expect(created.json.error.fields[field], field).toBeDefined();
    }
    // A leading or trailing line break is refused too, not quietly trimmed into a valid value.
    const trailing = await api(connectionsRoute, 'POST', {}, { ...base, username: 'alice\r\n' });
    expect(trailing.json.error.fields.username).toBeDefined();
    expect(await db().sipConnection.count({ where: { projectId } })).toBe(0);

    const ok = await api(connectionsRoute, 'POST', {}, { ...base, username: 'alice' });
    expect(ok.status).toBe(201);
    const patched = await api(connectionRoute, 'PATCH', { connectionId: ok.json.id }, { username: INJECTED });
    expect(patched.status).toBe(400);
    expect(patched.json.error.fields.username).toBeDefined();
    expect((await db().sipConnection.findUniqueOrThrow({ where: { id: ok.json.id } })).username).toBe(
      'alice',
    );
  });

  it('the API refuses them in numbers and test calls', async () => {
    const number = await api(numbersRoute, 'POST', {}, { address: '+7 495 111\r\n22-33' });
    expect(number.status).toBe(400);
    expect(number.json.error.fields.address).toBeDefined();
    const callerId = await api(
      numbersRoute,
      'POST',
      {},
      { address: '+74951112233', outboundCallerId: '+7495\n1112233' },
    );
    expect(callerId.json.error.fields.outboundCallerId).toBeDefined();
    const to = await api(
      testCallsRoute,
      'POST',
      {},
      { connectionId: crypto.randomUUID(), agentId, to: '+7495\r\n1112233' },
    );
    expect(to.status).toBe(400);
    expect(to.json.error.fields.to).toBeDefined();
  });

  it('the serializer refuses CR, LF, NUL and other control characters wherever they are', () => {
    const message = (patch: { method?: string; uri?: string; header?: [string, string] }) => ({
      kind: 'request' as const,
      method: patch.method ?? 'REGISTER',
      uri: patch.uri ?? 'sip:carrier.example',
      headers: SipHeaders.from([patch.header ?? ['call-id', 'x']]),
      body: Buffer.alloc(0),
    });
    expect(() => serializeSipMessage(message({}))).not.toThrow();
    expect(() => serializeSipMessage(message({ header: ['from', `<sip:${INJECTED}@h>`] }))).toThrow();
    expect(() => serializeSipMessage(message({ header: ['x-a\r\nSET k v\r\nx-b', 'v'] }))).toThrow();
    expect(() => serializeSipMessage(message({ header: ['to', 'a\u0000b'] }))).toThrow();
    expect(() => serializeSipMessage(message({ header: ['to', 'a\rb'] }))).toThrow();
    expect(() => serializeSipMessage(message({ uri: 'sip:a@b SIP/2.0\r\nSET k v\r\n' }))).toThrow();
    expect(() => serializeSipMessage(message({ method: 'REGISTER\n' }))).toThrow();
    const response = {
      kind: 'response' as const,
      status: 200,
      reason: 'OK\r\nSET k v',
      headers: new SipHeaders(),
      body: Buffer.alloc(0),
    };
    expect(() => serializeSipMessage(response)).toThrow();
  });

  it('a registration whose username carries CR/LF never puts the injected line on the wire', async () => {
    const redis = await listener();
    const sip = await gateway({ allowHosts: ['127.0.0.1'] }); // reachable, so only the header guard is tested
    try {
      sip.register({
        registrar: `sip:127.0.0.1:${redis.port};transport=tcp`,
        username: INJECTED,
        password: 'x',
      });
    } catch {
      // refused before sending: what matters is the wire
    }
    await pause(800);
    expect(redis.text()).not.toContain('\r\nSET k v\r\n');
  });
});

describe('one address policy wherever the platform sends SIP for a project', () => {
  it('registration to a loopback registrar is refused without TELEPHONY_ALLOW_HOSTS', async () => {
    const redis = await listener();
    const sip = await gateway();
    const reports: RegistrationReport[] = [];
    sip.register({
      registrar: `sip:127.0.0.1:${redis.port};transport=tcp`,
      username: 'alice',
      password: 'x',
      retryMs: 200,
      onStatus: (status) => reports.push(status),
    });
    await until(() => reports.some((r) => r.state === 'refused'), 3000, 'a refusal');
    await pause(600); // a retry or two
    expect(redis.text()).toBe('');
    expect(reports.find((r) => r.state === 'refused')?.reason).toMatch(/TELEPHONY_ALLOW_HOSTS/);
  });

  it('an outbound proxy on a private address is refused like a registrar', async () => {
    const redis = await listener();
    const sip = await gateway();
    const reports: RegistrationReport[] = [];
    sip.register({
      registrar: 'sip:sip.carrier.example',
      username: 'alice',
      password: 'x',
      outboundProxy: { transport: 'tcp', address: '127.0.0.1', port: redis.port },
      onStatus: (status) => reports.push(status),
    });
    await until(() => reports.some((r) => r.state === 'refused'), 3000, 'a refusal');
    expect(redis.text()).toBe('');
  });

  it('a test call dialled at a loopback host is refused, and the API refuses such a connection up front', async () => {
    const redis = await listener();
    const sip = await gateway();
    const progress: OutboundProgress[] = [];
    sip.dial({
      target: `sip:+74951112233@127.0.0.1:${redis.port};transport=tcp`,
      peer: { transport: 'tcp', address: '127.0.0.1', port: redis.port },
      fromUri: 'sip:+74950000000@127.0.0.1',
      onProgress: (p) => progress.push(p),
      onLeg: () => undefined,
    });
    await until(() => progress.some((p) => p.state === 'failed'), 3000, 'the dial to fail');
    expect(progress.find((p) => p.state === 'failed')).toMatchObject({ sipCode: 403 });
    expect(redis.text()).toBe('');

    const connection = await db().sipConnection.create({
      data: {
        projectId,
        name: 'Loopback',
        provider: 'generic',
        host: '127.0.0.1',
        port: redis.port,
        authMode: 'ip',
      },
    });
    const refused = await api(
      testCallsRoute,
      'POST',
      {},
      { connectionId: connection.id, agentId, to: '+74951112233' },
    );
    expect(refused.status).toBe(400);
    expect(refused.json.error.fields.connectionId?.[0]).toMatch(/private|local/i);
    expect(await db().testCall.count({ where: { projectId } })).toBe(0);
  });

  it('resolves at every send and pins the vetted address: DNS that turns private is refused at that moment', async () => {
    // The carrier on 127.0.0.2 stands for a public host (allow-listed by address); 127.0.0.1 for the Redis.
    const carrier = await startFakeCarrier({ users: { alice: 'secret' }, host: '127.0.0.2' });
    const redis = await listener('127.0.0.1');
    let answer = '127.0.0.2';
    const asked: string[] = [];
    const sip = await gateway({
      allowHosts: ['127.0.0.2'],
      resolve: async (host) => {
        asked.push(host);
        return [{ address: answer, family: 4 }];
      },
    });
    const reports: RegistrationReport[] = [];
    try {
      sip.register({
        registrar: `sip:carrier.rebind.test:${carrier.port}`,
        username: 'alice',
        password: 'secret',
        expires: 6, // refreshed after about a second
        retryMs: 200,
        onStatus: (status) => reports.push(status),
      });
      await until(() => reports.some((r) => r.state === 'registered'), 5000, 'registered');
      const toName = carrier.registers.length;
      expect(asked).toContain('carrier.rebind.test');
      // The name now answers the Redis' address; the refresh must be refused, not sent there.
      answer = '127.0.0.1';
      await until(() => reports.some((r) => r.state === 'refused'), 5000, 'the refresh refused');
      expect(carrier.registers.length).toBe(toName);
      await pause(400);
      expect(redis.text()).toBe('');
    } finally {
      await carrier.close();
    }
  }, 20_000);

  it('an inbound call cannot steer our in-dialog requests or its transfer at a private address', async () => {
    const redis = await listener('127.0.0.3'); // not where the call came from (127.0.0.1)
    let leg: MediaLeg | undefined;
    let ended: LegEndReason | undefined;
    const sip = await gateway(
      {},
      acceptingRoute('agent', (l) => {
        leg = l;
        l.on('ended', (reason) => (ended = reason));
      }),
    );
    const client = await createRawSipClient(sip.port);
    try {
      const base = { clientPort: client.port, gatewayPort: sip.port, callId: 'rr1' };
      client.send(
        inviteText({
          ...base,
          sdp: pcmuOffer(client.port + 2),
          extraHeaders: [`Record-Route: <sip:127.0.0.3:${redis.port};transport=tcp;lr>`],
        }),
      );
      const ok = await client.response('rr1');
      const toTag = parseNameAddr(ok.headers.get('to') ?? '')?.params.get('tag') ?? '';
      client.send(inDialogText({ ...base, method: 'ACK', toTag, cseq: 1 }));
      await until(() => leg !== undefined, 3000, 'leg');
      await pause(100); // the ACK confirms the dialog

      // Transfers to a private host, or with a header smuggled into the target, are refused before any REFER.
      await expect(
        leg!.transfer({ target: `sip:ops@127.0.0.3:${redis.port}`, mode: 'cold' }),
      ).rejects.toThrow(/address/i);
      await expect(
        leg!.transfer({ target: 'sip:ops@pbx.example.com;x=1\r\nSET k v\r\n', mode: 'cold' }),
      ).rejects.toThrow();
      await expect(client.request('REFER', 300)).rejects.toThrow();

      // Our BYE goes back where the call came from, not to the private hop the caller named.
      void leg!.hangup('local_hangup');
      const bye = await client.request('BYE', 3000);
      client.reply(bye, 200);
      await until(() => ended !== undefined, 3000, 'ended');
      await pause(200);
      expect(redis.text()).toBe('');
    } finally {
      await client.close();
    }
  });
});
