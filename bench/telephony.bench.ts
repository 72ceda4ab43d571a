// Telephony management on loopback: how long a connection check takes (DNS, OPTIONS, REGISTER with a digest
// challenge), how long registration takes, and how fast an outbound call is set up through a carrier that
// challenges the INVITE (407) and answers at once — one at a time, then BENCH_TEL_CONCURRENT at once.
// Last line: one JSON object of figures.
import { createLogger } from '#server/logger.ts';
import { checkConnection } from '../media-server/src/telephony/connection-check.ts';
import { createSipGateway } from '../media-server/src/sip-gateway/sip-gateway.ts';
import { freeUdpRange } from '../media-server/src/sip-gateway/test-support/free-port.ts';
import { startFakeCarrier } from '../media-server/src/telephony/test-support/fake-carrier.ts';

const CHECKS = Number(process.env.BENCH_TEL_CHECKS ?? 50);
const CALLS = Number(process.env.BENCH_TEL_CALLS ?? 50);
const CONCURRENT = Number(process.env.BENCH_TEL_CONCURRENT ?? 20);

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round((sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN) * 10) / 10;
};

const carrier = await startFakeCarrier({
  users: { bench: 'bench-pass' },
  challengeInvites: true,
  answerDelayMs: 0,
  holdMs: 60_000,
});
const gateway = await createSipGateway({
  host: '127.0.0.1',
  port: 0,
  rtpPorts: await freeUdpRange(2 * (CONCURRENT + 4)),
  logger: createLogger('bench', 'silent'),
  route: () => ({ accept: false, status: 404, reason: 'none' }),
  // The carrier listens on loopback, which the bench allows as TELEPHONY_ALLOW_HOSTS would.
  addressPolicy: { allowHosts: ['127.0.0.1'] },
});
const target = {
  host: '127.0.0.1',
  port: carrier.port,
  transport: 'udp' as const,
  outboundProxy: '',
  authMode: 'registration' as const,
  username: 'bench',
  authUsername: '',
  password: 'bench-pass',
};

const checks: number[] = [];
for (let i = 0; i < CHECKS; i += 1) {
  const started = performance.now();
  const result = await checkConnection(target, { allowHosts: ['127.0.0.1'] });
  if (!result.ok) throw new Error(`check failed: ${JSON.stringify(result.steps)}`);
  checks.push(performance.now() - started);
}
console.error(`checks: ${CHECKS}, p50 ${quantile(checks, 0.5)} ms`);

const registrations: number[] = [];
for (let i = 0; i < 20; i += 1) {
  const started = performance.now();
  const registration = gateway.register({
    registrar: `sip:127.0.0.1:${carrier.port}`,
    username: 'bench',
    password: 'bench-pass',
    expires: 60,
  });
  await registration.ready;
  registrations.push(performance.now() - started);
  await registration.stop();
}
console.error(`registrations: 20, p50 ${quantile(registrations, 0.5)} ms`);

/** One call: dial → answered (through the 407 challenge), then hang up; resolves with the setup time. */
function placeCall(): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const call = gateway.dial({
      target: `sip:74951234567@127.0.0.1:${carrier.port}`,
      peer: { transport: 'udp', address: '127.0.0.1', port: carrier.port },
      fromUri: 'sip:74950000000@127.0.0.1',
      auth: { username: 'bench', password: 'bench-pass' },
      onProgress: (p) => {
        if (p.state === 'answered') {
          resolve(performance.now() - started);
          void call.hangup();
        } else if (p.state === 'failed') reject(new Error(`call failed: ${p.sipCode} ${p.reason}`));
      },
      onLeg: () => undefined,
    });
  });
}

const setups: number[] = [];
for (let i = 0; i < CALLS; i += 1) setups.push(await placeCall());
console.error(`sequential calls: ${CALLS}, p50 ${quantile(setups, 0.5)} ms`);

const batchStarted = performance.now();
const concurrent = await Promise.all(Array.from({ length: CONCURRENT }, () => placeCall()));
const batchMs = performance.now() - batchStarted;
console.error(`concurrent calls: ${CONCURRENT} answered in ${Math.round(batchMs)} ms`);

await new Promise((r) => setTimeout(r, 300)); // let the last BYEs be answered
await gateway.close();
await carrier.close();
console.log(
  JSON.stringify({
    check_p50_ms: quantile(checks, 0.5),
    check_p95_ms: quantile(checks, 0.95),
    register_p50_ms: quantile(registrations, 0.5),
    outbound_setup_p50_ms: quantile(setups, 0.5),
    outbound_setup_p95_ms: quantile(setups, 0.95),
    concurrent_calls: CONCURRENT,
    concurrent_setup_max_ms: quantile(concurrent, 1),
    concurrent_batch_ms: Math.round(batchMs),
  }),
);
