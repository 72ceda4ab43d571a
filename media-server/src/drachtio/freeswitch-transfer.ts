/**
 * Warm transfer on the drachtio path, done where this path keeps its media: FreeSWITCH originates the
 * target's leg (parked, with mod_audio_fork towards us so the pipeline can brief whoever answers), and once
 * briefed the two channels are joined by `uuid_bridge` inside FreeSWITCH: no audio passes through Node
 * after the handoff (forks keep streaming both sides, so the recording goes on). The target is vetted like a
 * REFER's; a bare number goes to the carrier of the project's outbound SIP connection.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '#server/logger.ts';
import type { SipConnectionConfig } from '#server/telephony/connection-config.server.ts';
import type { MediaLeg } from '../call/media-leg.ts';
import type { DialTransfer } from '../call/warm-transfer.ts';
import { phoneNumberOf } from '../sip-gateway/dial-transfer.ts';
import { vetTransferTarget } from '../sip-gateway/refer-target.ts';
import type { PeerPolicy } from '../sip/peer-policy.ts';
import { parseSipUri } from '../sip/sip-uri.ts';
import { carrierDial } from '../telephony/carrier-dial.ts';
import type { AudioForkServer } from './audio-fork-server.ts';
import type { EslClient } from './esl-client.ts';
import { FreeSwitchMediaLeg } from './freeswitch-media-leg.ts';

export interface FreeSwitchTransferOptions {
  esl: () => EslClient | undefined;
  audio: () => AudioForkServer | undefined;
  policy: PeerPolicy;
  /** The caller's own hosts (its signalling source): a target there needs no vetting. */
  knownHosts: readonly string[];
  /** The new channel's events (DTMF, hangup, play_audio) reach its leg through the gateway's table. */
  register(uuid: string, token: string, leg: FreeSwitchMediaLeg): void;
  logger: Logger;
  ringTimeoutMs: number;
  connectionFor?: (projectId: string, preferredId?: string) => Promise<SipConnectionConfig | null>;
  mediaTimeoutMs?: number;
}

/** Channel-variable values go inside `{…}` of a dial string: nothing that could end or split it. */
const SAFE_VALUE = /^[^\s,{}'"^]*$/;

export function freeSwitchDialTransfer(options: FreeSwitchTransferOptions): DialTransfer {
  return async (target, context) => {
    const esl = options.esl();
    const audio = options.audio();
    if (!esl || !audio) throw new Error('FreeSWITCH is not connected');
    const variables: Record<string, string> = {};
    let uri: string;
    let from = 'agent';
    const number = phoneNumberOf(target);
    if (number) {
      const connection = await options.connectionFor?.(context.projectId, context.connectionId);
      if (!connection) throw new Error(`no outbound SIP connection in this project to dial ${number}`);
      const dial = carrierDial(connection, number);
      uri = dial.target;
      from = dial.callerId;
      if (connection.outboundProxy) variables.sip_route_uri = `sip:${dial.peer.address}:${dial.peer.port}`;
      if (dial.auth) {
        variables.sip_auth_username = dial.auth.username;
        variables.sip_auth_password = dial.auth.password;
      }
    } else {
      const parsed = parseSipUri(target);
      if (!parsed || parsed.scheme === 'tel')
        throw new Error(`warm transfer needs a SIP address or a number, not "${target}"`);
      await vetTransferTarget(target, options.policy, options.knownHosts);
      uri = target;
    }
    const uuid = randomUUID();
    const token = randomUUID();
    Object.assign(variables, {
      origination_uuid: uuid,
      originate_timeout: String(Math.ceil(options.ringTimeoutMs / 1000)),
      origination_caller_id_number: from,
      ignore_early_media: 'true',
    });
    if (!Object.values(variables).every((v) => SAFE_VALUE.test(v)) || !SAFE_VALUE.test(uri))
      throw new Error('the transfer target or the connection holds characters a dial string cannot carry');
    const dialString = `{${Object.entries(variables)
      .map(([k, v]) => `${k}=${v}`)
      .join(',')}}sofia/external/${uri}`;
    // The caller left while it rang: FreeSWITCH cancels the INVITE when the channel is killed.
    const cancel = () => void esl.api(`uuid_kill ${uuid} ORIGINATOR_CANCEL`).catch(() => undefined);
    context.signal.addEventListener('abort', cancel, { once: true });
    try {
      await esl.bgapi(`originate ${dialString} &park()`);
    } catch (error) {
      const why = context.signal.aborted ? 'the caller hung up while the target rang' : 'nobody answered';
      throw new Error(`${why}: ${(error as Error).message}`);
    } finally {
      context.signal.removeEventListener('abort', cancel);
    }
    const log = options.logger.child({ transferUuid: uuid });
    const leg = new FreeSwitchMediaLeg(
      `transfer-${uuid}`,
      from,
      uri,
      {
        uuid,
        api: (command) => (options.esl() ?? esl).api(command),
        bye: async () => {
          await (options.esl() ?? esl).api(`uuid_kill ${uuid}`).catch(() => undefined);
        },
        refer: () => Promise.reject(new Error('the transfer target cannot be transferred again')),
      },
      log,
      options.mediaTimeoutMs,
    );
    options.register(uuid, token, leg);
    audio.expect(token, leg);
    await esl.api(
      `uuid_audio_fork ${uuid} start ${audio.urlFor(token)} mono 8k ${JSON.stringify({ callId: leg.callId })}`,
    );
    return leg as MediaLeg;
  };
}
