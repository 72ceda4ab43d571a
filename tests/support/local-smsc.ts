/**
 * A local SMSC speaking SMPP 3.4 (the `smpp` package's server) for the SMPP channel's tests: it binds one
 * transceiver login (a wrong password is answered ESME_RINVPASWD), takes submit_sm PDUs and keeps them as
 * received (data_coding, esm_class, the UDH and the decoded text), answers each with a message_id, sends a
 * delivery receipt (deliver_sm with receipted_message_id, message_state and the classic text) for parts that
 * ask for one, answers enquire_link, and can send a reply (a mobile-originated deliver_sm) or drop every link.
 */
import type { AddressInfo } from 'node:net';
import * as smpp from 'smpp';
import type { Pdu, Session } from 'smpp';

export interface SubmittedPart {
  to: string;
  from: string;
  dataCoding: number;
  esmClass: number;
  /** The concatenation header's [reference, total, sequence], when the part has one. */
  concat: [number, number, number] | null;
  text: string;
  registeredDelivery: number;
  messageId: string;
}

export interface LocalSmsc {
  host: string;
  port: number;
  parts: SubmittedPart[];
  binds: number;
  enquireLinks: number;
  /** The receipt's message_state from now on (2 delivered, 5 undeliverable), or null to send none. */
  receiptState: number | null;
  /** Answer the next n submit_sm with this command_status (0x58 throttled, 0x0B bad destination). */
  refuseNext(n: number, status: number): void;
  /** A reply from a phone to every bound link (a mobile-originated deliver_sm). */
  reply(sender: string, text: string): void;
  dropLinks(): void;
  close(): Promise<void>;
}

const WORD: Record<number, string> = { 2: 'DELIVRD', 3: 'EXPIRED', 5: 'UNDELIV', 8: 'REJECTD' };

export async function startLocalSmsc(
  login: { systemId: string; password: string } = { systemId: 'clinic', password: 'smpp-pw' },
): Promise<LocalSmsc> {
  const sessions = new Set<Session>();
  let refusals = { left: 0, status: 0 };
  let nextId = 0;
  const state: LocalSmsc = {
    host: '127.0.0.1',
    port: 0,
    parts: [],
    binds: 0,
    enquireLinks: 0,
    receiptState: 2,
    refuseNext(n, status) {
      refusals = { left: n, status };
    },
    reply(sender, text) {
      for (const s of sessions)
        s.send(
          new smpp.PDU('deliver_sm', {
            source_addr: sender,
            source_addr_ton: 1,
            source_addr_npi: 1,
            destination_addr: 'clinic',
            short_message: text,
          }),
        );
    },
    dropLinks() {
      for (const s of sessions) s.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sessions) s.destroy();
        server.close(() => resolve());
      }),
  };

  const server = smpp.createServer((session) => {
    let bound = false;
    session.on('close', () => sessions.delete(session));
    session.on('error', () => session.destroy());
    session.on('bind_transceiver', (pdu: Pdu) => {
      if (pdu.system_id !== login.systemId || pdu.password !== login.password)
        return session.send(pdu.response({ command_status: 0x0e }));
      bound = true;
      state.binds += 1;
      sessions.add(session);
      session.send(pdu.response({ system_id: 'local-smsc' }));
    });
    session.on('enquire_link', (pdu: Pdu) => {
      state.enquireLinks += 1;
      session.send(pdu.response());
    });
    session.on('unbind', (pdu: Pdu) => {
      session.send(pdu.response());
      session.close();
    });
    session.on('submit_sm', (pdu: Pdu) => {
      if (!bound) return session.send(pdu.response({ command_status: 0x04 }));
      if (refusals.left > 0) {
        refusals = { ...refusals, left: refusals.left - 1 };
        return session.send(pdu.response({ command_status: refusals.status }));
      }
      const sm = pdu.short_message as { message?: string; udh?: Buffer[] };
      const header = sm.udh?.find((h) => h[0] === 0x00);
      const messageId = `smsc-${++nextId}`;
      const part: SubmittedPart = {
        to: String(pdu.destination_addr),
        from: String(pdu.source_addr),
        dataCoding: Number(pdu.data_coding),
        esmClass: Number(pdu.esm_class),
        concat: header ? [header[2]!, header[3]!, header[4]!] : null,
        text: typeof sm.message === 'string' ? sm.message : '',
        registeredDelivery: Number(pdu.registered_delivery),
        messageId,
      };
      state.parts.push(part);
      session.send(pdu.response({ message_id: messageId }));
      const receipt = state.receiptState;
      if (part.registeredDelivery & 1 && receipt !== null)
        setTimeout(() => {
          const word = WORD[receipt] ?? 'UNKNOWN';
          session.send(
            new smpp.PDU('deliver_sm', {
              source_addr: part.to,
              destination_addr: part.from,
              esm_class: 0x04,
              receipted_message_id: messageId,
              message_state: receipt,
              short_message: `id:${messageId} sub:001 dlvrd:${receipt === 2 ? '001' : '000'} stat:${word} err:000 text:`,
            }),
          );
        }, 50);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.port = (server.address() as AddressInfo).port;
  return state;
}
