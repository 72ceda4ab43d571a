/**
 * An established call with a hand-driven UDP peer, in either direction: the peer calls us (we are the
 * UAS) or we call the peer (we are the UAC). Dialog tests run over both, since after the answer the
 * gateway treats both alike.
 */
import { type MediaLeg } from '../../call/media-leg.ts';
import { type SipRequest, type SipResponse } from '../../sip/sip-message.ts';
import { type SipGateway, type SipGatewayOptions } from '../sip-gateway.ts';
import { inDialogText, inviteText, pcmuOffer, type RawSipClient } from './raw-sip-client.ts';
import { acceptingRoute, rtpSink, toTagOf, until, type useSipTestBed } from './test-gateway.ts';

export type CallDirection = 'inbound' | 'outbound';
export const CALL_DIRECTIONS: readonly CallDirection[] = ['inbound', 'outbound'];

/** The tag the peer puts in its 200 when it answers our INVITE. */
const PEER_TAG = 'peer1';

export interface PeerCall {
  gateway: SipGateway;
  client: RawSipClient;
  callId: string;
  leg: MediaLeg;
  /** Who the peer is in end causes ("BYE from caller"). */
  farEnd: 'caller' | 'callee';
  /** The session description we sent first: our answer (inbound) or our offer (outbound). */
  ourSdp: string;
  /** Counts the RTP we send to the address the peer gave. */
  sink: Awaited<ReturnType<typeof rtpSink>>;
  /** Sends an in-dialog request from the peer. */
  send(method: string, cseq: number, options?: InDialogOptions): void;
  /** Sends an in-dialog request from the peer and waits for the gateway's final response to it. */
  ask(method: string, cseq: number, options?: InDialogOptions): Promise<SipResponse>;
}

interface InDialogOptions {
  body?: string;
  contentType?: string;
  extraHeaders?: string[];
}

/** Sets the call up in `direction` and waits until the pipeline has its leg. */
export async function establishCall(
  bed: ReturnType<typeof useSipTestBed>,
  direction: CallDirection,
  overrides: Partial<SipGatewayOptions> = {},
): Promise<PeerCall> {
  let leg: MediaLeg | undefined;
  const onLeg = (l: MediaLeg) => (leg = l);
  const { gateway, client } = await bed.start(
    acceptingRoute('agent', direction === 'inbound' ? onLeg : () => undefined),
    overrides,
  );
  const sink = bed.closeAfter(await rtpSink());
  let callId: string;
  let ourTag: string;
  let peerTag: string | undefined;
  let ourSdp: string;
  if (direction === 'inbound') {
    callId = 'dlg1';
    client.send(
      inviteText({ clientPort: client.port, gatewayPort: gateway.port, callId, sdp: pcmuOffer(sink.port) }),
    );
    const ok = await client.response(callId);
    ourTag = toTagOf(ok);
    ourSdp = ok.body.toString();
    client.send(
      inDialogText({
        clientPort: client.port,
        gatewayPort: gateway.port,
        callId,
        method: 'ACK',
        toTag: ourTag,
        cseq: 1,
      }),
    );
  } else {
    const call = gateway.dial({
      target: `sip:callee@127.0.0.1:${client.port}`,
      peer: { transport: 'udp', address: '127.0.0.1', port: client.port },
      fromUri: 'sip:platform@127.0.0.1',
      codecs: ['PCMU'],
      onLeg,
    });
    const invite: SipRequest = await client.request('INVITE');
    callId = call.callId;
    ourTag = call.localTag;
    peerTag = PEER_TAG;
    ourSdp = invite.body.toString();
    client.reply(invite, 200, {
      toTag: PEER_TAG,
      headers: [['contact', `<sip:callee@127.0.0.1:${client.port}>`]],
      body: Buffer.from(pcmuOffer(sink.port)),
    });
    await client.request('ACK', 3000);
  }
  await until(() => leg !== undefined, 3000, 'the leg');
  // Media flows once the call is answered (for an inbound call: once our 200 is acknowledged).
  await until(() => sink.count() > 0, 3000, 'RTP to the peer');
  const send = (method: string, cseq: number, options: InDialogOptions = {}) =>
    client.send(
      inDialogText({
        clientPort: client.port,
        gatewayPort: gateway.port,
        callId,
        method,
        toTag: ourTag,
        ...(peerTag ? { fromTag: peerTag } : {}),
        cseq,
        ...options,
      }),
    );
  return {
    gateway,
    client,
    callId,
    leg: leg!,
    farEnd: direction === 'inbound' ? 'caller' : 'callee',
    ourSdp,
    sink,
    send,
    ask: (method, cseq, options) => {
      send(method, cseq, options);
      return client.response(callId, { cseq: `${cseq} ${method}` });
    },
  };
}
