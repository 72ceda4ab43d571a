/**
 * SMS over SMPP 3.4 to any operator's SMSC. A text is cut as the segment counter counts it (GSM-7: 160, or 153
 * per part; anything else UCS-2: 70, or 67 per part) and sent as submit_sm PDUs with data_coding 0 (GSM-7,
 * one septet per byte) or 8 (UCS-2, big-endian); a long text carries a concatenation UDH (IEI 0x00: reference,
 * total, sequence) with esm_class 0x40. Only the last part asks for a delivery receipt, and its message_id is
 * the message's provider id: the receipt (deliver_sm with receipted_message_id and message_state, or the
 * classic `id:… stat:DELIVRD` text) settles the message. A reply such as STOP arrives as a plain deliver_sm.
 *
 * submit_sm_resp statuses: throttling, a full queue and system errors are retried; the rest are final. A part
 * refused after earlier parts were taken fails the message rather than sending those parts twice.
 */
import type { Pdu } from 'smpp';
import { AddressRefusedError } from '../../net/address-policy.ts';
import { gsm7Bytes, splitSms } from '../../../lib/messaging/sms-segments.ts';
import type { DeliveryState, InboundEvent, MessagingProvider, SendOutcome } from './provider.ts';
import { SmppBindError, SmppLinkLost, type SmppLink } from './smpp-link.ts';

const ESM_UDHI = 0x40;
const DC_GSM7 = 0x00;
const DC_UCS2 = 0x08;
/** ESME_RSYSERR, ESME_RMSGQFUL, ESME_RTHROTTLED, ESME_RX_T_APPN: try again later. */
const RETRYABLE = new Set([0x08, 0x14, 0x58, 0x64]);

const hex = (n: number) => `0x${n.toString(16).padStart(8, '0')}`;

/** A sender of letters is alphanumeric (TON 5); digits are an international number (TON 1, NPI 1). */
function sourceAddress(from: string | undefined): Record<string, unknown> {
  if (!from) return {};
  if (/^\+?\d{3,15}$/.test(from))
    return { source_addr: from.replace(/^\+/, ''), source_addr_ton: 1, source_addr_npi: 1 };
  return { source_addr: from, source_addr_ton: 5, source_addr_npi: 0 };
}

/** The submit_sm bodies for one text: encoded, cut and (when long) numbered by a concatenation UDH. */
export function submitParts(text: string, reference: number): Array<Record<string, unknown>> {
  const { encoding, parts } = splitSms(text);
  return parts.map((part, i) => {
    const payload =
      encoding === 'gsm7' ? Buffer.from(gsm7Bytes(part)) : Buffer.from(part, 'utf16le').swap16();
    const udh =
      parts.length > 1 ? Buffer.from([0x05, 0x00, 0x03, reference & 0xff, parts.length, i + 1]) : null;
    return {
      data_coding: encoding === 'gsm7' ? DC_GSM7 : DC_UCS2,
      esm_class: udh ? ESM_UDHI : 0,
      registered_delivery: i === parts.length - 1 ? 1 : 0,
      short_message: udh ? Buffer.concat([udh, payload]) : payload,
    };
  });
}

const RECEIPT_STATES: Record<number, DeliveryState> = {
  2: 'delivered',
  3: 'failed',
  4: 'failed',
  5: 'failed',
  8: 'failed',
};
const RECEIPT_WORDS: Record<string, DeliveryState> = {
  DELIVRD: 'delivered',
  EXPIRED: 'failed',
  DELETED: 'failed',
  UNDELIV: 'failed',
  REJECTD: 'failed',
};

const textOf = (pdu: Pdu): string => {
  const sm = pdu.short_message;
  if (typeof sm === 'object' && sm !== null && 'message' in sm) {
    const m = (sm as { message: unknown }).message;
    return typeof m === 'string' ? m : Buffer.isBuffer(m) ? m.toString('latin1') : '';
  }
  return typeof sm === 'string' ? sm : '';
};

/** What a deliver_sm says: a delivery receipt (esm_class message type 0x04) or a message someone sent us. */
export function deliverEvent(pdu: Pdu): InboundEvent | null {
  const esm = typeof pdu.esm_class === 'number' ? pdu.esm_class : 0;
  const text = textOf(pdu);
  if ((esm & 0x3c) === 0x04) {
    const id =
      typeof pdu.receipted_message_id === 'string' && pdu.receipted_message_id
        ? pdu.receipted_message_id
        : /\bid:(\S+)/i.exec(text)?.[1];
    if (!id) return null;
    const word = /\bstat:(\w+)/i.exec(text)?.[1]?.toUpperCase();
    const err = /\berr:(\w+)/i.exec(text)?.[1];
    const state =
      (typeof pdu.message_state === 'number' ? RECEIPT_STATES[pdu.message_state] : undefined) ??
      (word ? RECEIPT_WORDS[word] : undefined) ??
      'sent';
    return {
      kind: 'status',
      providerId: id,
      state,
      ...(state === 'failed'
        ? {
            reason: `SMPP receipt ${word ?? `state ${String(pdu.message_state)}`}${err ? ` err:${err}` : ''}`,
          }
        : {}),
    };
  }
  const sender = typeof pdu.source_addr === 'string' ? pdu.source_addr : '';
  if (!sender || !text) return null;
  return { kind: 'message', providerId: `mo:${sender}:${Date.now()}:${pdu.sequence_number}`, sender, text };
}

function failure(error: unknown): SendOutcome {
  if (error instanceof SmppBindError) return { ok: false, retryable: false, reason: error.message };
  if (error instanceof SmppLinkLost)
    return { ok: false, retryable: true, reason: error.message, unknown: true };
  if (error instanceof AddressRefusedError)
    return {
      ok: false,
      retryable: error.reason === 'dns_failure',
      reason: `SMPP host refused: ${error.message}`,
    };
  // No link was made (refused, unreachable): nothing reached the SMSC.
  return {
    ok: false,
    retryable: true,
    reason: `SMPP connection: ${error instanceof Error ? error.message : String(error)}`,
  };
}

export function smppProvider({ link, from }: { link: SmppLink; from?: string }): MessagingProvider {
  return {
    async send({ to, text }) {
      const parts = submitParts(text, Math.floor(Math.random() * 256));
      const common = {
        ...sourceAddress(from),
        dest_addr_ton: 1,
        dest_addr_npi: 1,
        destination_addr: to.replace(/^\+/, ''),
      };
      let lastId = '';
      for (const [i, part] of parts.entries()) {
        let resp: Pdu;
        try {
          resp = await link.submit({ ...common, ...part });
        } catch (error) {
          const outcome = failure(error);
          // Earlier parts were taken: retrying would send them twice.
          if (i > 0 && !outcome.ok)
            return {
              ...outcome,
              retryable: false,
              reason: `part ${i + 1} of ${parts.length}: ${outcome.reason}`,
            };
          return outcome;
        }
        if (resp.command_status !== 0) {
          const reason = `SMPP submit_sm refused: command_status ${hex(resp.command_status)}${i > 0 ? ` (part ${i + 1} of ${parts.length})` : ''}`;
          return { ok: false, retryable: i === 0 && RETRYABLE.has(resp.command_status), reason };
        }
        lastId = typeof resp.message_id === 'string' ? resp.message_id : '';
      }
      return { ok: true, providerId: lastId };
    },
  };
}
