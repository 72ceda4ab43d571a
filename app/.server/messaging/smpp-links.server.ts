/**
 * The SMPP links of this process, one per channel (issue 22): kept open between sends so delivery receipts and
 * replies (STOP) arrive, replaced when the channel's settings or password change, closed when the process
 * stops. Receipts and replies go through the same path as the HTTP providers' callbacks.
 */
import type { ChannelRow } from './channels.server.ts';
import { SmppLink, type SmppLinkOptions } from './providers/smpp-link.ts';
import { deliverEvent } from './providers/smpp.ts';

const links = new Map<string, { key: string; link: SmppLink }>();

/** A receipt can overtake our recording of the submit's answer: asked again a few times before it is let go. */
async function record(channel: ChannelRow, pdu: Parameters<SmppLinkOptions['onDeliver']>[0]): Promise<void> {
  const event = deliverEvent(pdu);
  if (!event) return;
  const { receiveInbound } = await import('./inbound.server.ts');
  for (let attempt = 0; attempt < 5; attempt++) {
    const result = await receiveInbound(channel, [event]);
    if (event.kind !== 'status' || event.state === 'sent' || result.statuses > 0) return;
    await new Promise((r) => setTimeout(r, 500 * (attempt + 1)));
  }
}

export function smppLinkFor(channel: ChannelRow, options: Omit<SmppLinkOptions, 'onDeliver'>): SmppLink {
  const key = `${channel.updatedAt.getTime()}`;
  const known = links.get(channel.id);
  if (known?.key === key) return known.link;
  if (known) void known.link.close();
  const link = new SmppLink({ ...options, onDeliver: (pdu) => record(channel, pdu) });
  links.set(channel.id, { key, link });
  return link;
}

export async function closeSmppLinks(): Promise<void> {
  const all = [...links.values()];
  links.clear();
  await Promise.all(all.map(({ link }) => link.close()));
}
