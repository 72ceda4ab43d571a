// The part of the `smpp` package (SMPP 3.4 client and server, no types of its own) that the SMPP channel and
// its local test SMSC use. PDU fields are read by name; the ones we read are typed where they are used.
declare module 'smpp' {
  import type { EventEmitter } from 'node:events';
  import type { Server as NetServer } from 'node:net';

  export interface Pdu {
    command: string;
    command_status: number;
    sequence_number: number;
    [field: string]: unknown;
    isResponse(): boolean;
    response(options?: Record<string, unknown>): Pdu;
  }

  export class PDU implements Pdu {
    constructor(command: string, options?: Record<string, unknown>);
    command: string;
    command_status: number;
    sequence_number: number;
    [field: string]: unknown;
    isResponse(): boolean;
    response(options?: Record<string, unknown>): Pdu;
  }

  export interface Session extends EventEmitter {
    send(pdu: Pdu, onResponse?: (pdu: Pdu) => void, onSent?: (pdu: Pdu) => void): boolean;
    close(callback?: () => void): void;
    destroy(callback?: () => void): void;
    pause(): void;
    resume(): void;
  }

  export interface ConnectOptions {
    host: string;
    port: number;
    tls?: boolean;
    servername?: string;
    auto_enquire_link_period?: number;
  }

  export function connect(options: ConnectOptions, listener?: () => void): Session;

  export interface SmppServer extends NetServer {
    sessions: Session[];
  }
  export function createServer(listener: (session: Session) => void): SmppServer;
}
