/**
 * Checks a SIP connection step by step, the way a support engineer would: does the host resolve, does the
 * SIP server answer OPTIONS, are the credentials accepted (a REGISTER binding query, which changes no
 * binding). Each step carries its result, SIP code, latency and a plain explanation in Russian and English.
 * Hosts on private or loopback networks are checked only when allow-listed (TELEPHONY_ALLOW_HOSTS),
 * so the check cannot be used to probe the server's own network. It runs in the media server, where SIP
 * lives; the web app asks for it over the telephony bus (#server/telephony/connection-check.server.ts).
 */
import { isIP } from 'node:net';
import { AddressRefusedError, vetHost, type Resolver } from '#server/net/address-policy.ts';
import { EXPLAIN, explainSipAnswer, type Explanation } from '#server/telephony/check-explanations.ts';
import type { CheckReply, CheckResult, CheckStep } from '#server/telephony/connection-check-result.ts';
import {
  loadConnectionConfig,
  type SipConnectionConfig,
} from '#server/telephony/connection-config.server.ts';
import { telephonyAllowHosts } from '#server/telephony/telephony-allow-hosts.ts';
import { createSipProbe } from './sip-probe.ts';
import { carrierUri, firstHop } from './sip-target.ts';

export type { CheckResult, CheckStep };

type Target = Pick<
  SipConnectionConfig,
  'host' | 'port' | 'transport' | 'outboundProxy' | 'authMode' | 'username' | 'authUsername' | 'password'
>;

const skipped = (step: CheckStep['step']): CheckStep => ({
  step,
  ok: false,
  skipped: true,
  sipCode: null,
  latencyMs: null,
  detail: '',
  explanation: EXPLAIN.skipped,
});

/** The policy's verdict on the first hop, as the check's first step (ADR 013: the same vetting as calls). */
async function resolveStep(
  host: string,
  policy: { allowHosts: string[]; resolve?: Resolver },
): Promise<{ step: CheckStep; address?: string }> {
  const started = performance.now();
  const step = (ok: boolean, detail: string, explanation: Explanation): CheckStep => ({
    step: 'dns',
    ok,
    skipped: false,
    sipCode: null,
    latencyMs: Math.round(performance.now() - started),
    detail,
    explanation,
  });
  try {
    const vetted = await vetHost(host, policy);
    const literal = isIP(host.replace(/^\[|\]$/g, '')) !== 0;
    return {
      address: vetted.address,
      step: step(true, vetted.address, literal ? EXPLAIN.dnsLiteral : EXPLAIN.dnsOk),
    };
  } catch (error) {
    if (!(error instanceof AddressRefusedError)) throw error;
    if (error.reason === 'dns_failure' || error.reason === 'bad_host')
      return { step: step(false, error.code ?? 'lookup failed', EXPLAIN.dnsFailed) };
    return { step: step(false, error.addresses.join(', ') || error.host, EXPLAIN.dnsPrivate) };
  }
}

export async function checkConnection(
  target: Target,
  options: { timeoutMs?: number; allowHosts?: string[]; resolve?: Resolver } = {},
): Promise<CheckResult> {
  const allowHosts = options.allowHosts ?? telephonyAllowHosts();
  const checkedAt = new Date().toISOString();
  // The first hop is what we must reach: the outbound proxy when there is one, else the carrier.
  const hop = firstHop(target);
  const dns = await resolveStep(hop.address, {
    allowHosts,
    ...(options.resolve ? { resolve: options.resolve } : {}),
  });
  if (!dns.address)
    return { ok: false, checkedAt, steps: [dns.step, skipped('options'), skipped('register')] };
  const peer = { ...hop, address: dns.address };
  const uri = carrierUri(target);
  const probe = await createSipProbe(dns.address, options.timeoutMs ?? 4000);
  try {
    const options_ = await probe.options(uri, peer);
    const reachable = !options_.timedOut && options_.status !== 503;
    const optionsStep: CheckStep = {
      step: 'options',
      ok: reachable,
      skipped: false,
      sipCode: options_.status,
      latencyMs: options_.latencyMs,
      detail: `${options_.status} ${options_.reason}`,
      explanation: explainSipAnswer('options', options_.status, options_.timedOut),
    };
    if (!reachable) return { ok: false, checkedAt, steps: [dns.step, optionsStep, skipped('register')] };
    if (target.authMode === 'ip') {
      const ip: CheckStep = {
        step: 'register',
        ok: true,
        skipped: true,
        sipCode: null,
        latencyMs: null,
        detail: '',
        explanation: EXPLAIN.ipAuth,
      };
      return { ok: true, checkedAt, steps: [dns.step, optionsStep, ip] };
    }
    const register = await probe.registerQuery({
      uri,
      peer,
      aor: `sip:${target.username}@${target.host}`,
      username: target.username,
      authUsername: target.authUsername,
      password: target.password,
    });
    const registered = register.status >= 200 && register.status < 300;
    const registerStep: CheckStep = {
      step: 'register',
      ok: registered,
      skipped: false,
      sipCode: register.status,
      latencyMs: register.latencyMs,
      detail: `${register.status} ${register.reason}`,
      explanation: explainSipAnswer('register', register.status, register.timedOut),
    };
    return { ok: registered, checkedAt, steps: [dns.step, optionsStep, registerStep] };
  } finally {
    await probe.close();
  }
}

/** The check the web app asks for over the bus: the stored connection, only if it is the project's. */
export async function checkStoredConnection(
  projectId: string,
  connectionId: string,
  options: { allowHosts?: string[] } = {},
): Promise<CheckReply> {
  const config = await loadConnectionConfig(connectionId);
  if (!config || config.projectId !== projectId) return { found: false };
  return { found: true, result: await checkConnection(config, options) };
}
