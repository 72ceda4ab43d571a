// Issue 14, item 1, fuzzed: whatever text a caller, a project member or a stored row hands the SIP side,
// a control character never reaches the wire. Either the input schema refuses it with a field error, or
// the builder or the serializer throws; what is written is always well-formed lines, one header each.
import fc from 'fast-check';
import type { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { transferTargetSchema } from '#flow-runtime/index';
import { createLogger } from '#server/logger.ts';
import { createPhoneNumberInput, updatePhoneNumberInput } from '#server/telephony/phone-number-input.ts';
import {
  createSipConnectionInput,
  updateSipConnectionInput,
} from '#server/telephony/sip-connection-input.ts';
import { createTestCallInput } from '#server/telephony/trial-calls.server.ts';
import { isSafeTargetUri, referTarget } from '../../media-server/src/sip-gateway/refer-target.ts';
import { createRegistration, type Registration } from '../../media-server/src/sip-gateway/registration.ts';
import { createPeerPolicy } from '../../media-server/src/sip/peer-policy.ts';
import { SipHeaders } from '../../media-server/src/sip/sip-headers.ts';
import type { SipMessage } from '../../media-server/src/sip/sip-message.ts';
import { parseSipMessage } from '../../media-server/src/sip/sip-parser.ts';
import { serializeSipMessage, UnsafeSipMessageError } from '../../media-server/src/sip/sip-serializer.ts';
import { TransactionLayer } from '../../media-server/src/sip/transaction-layer.ts';

const RUNS = 2000;
const CONTROL = /\p{Cc}/u;

/** Characters that make SIP (or a text protocol behind it) misbehave, and the plain ones around them. */
const nastyChar = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom('\r', '\n', '\r\n', '\0', '\t', '\v', '\f', '\x1b', '\x7f', '\u0085'),
  },
  { weight: 1, arbitrary: fc.constantFrom(' ', ':', ';', '<', '>', '@', '"', '\\', ',', '?', '%', '+') },
  { weight: 4, arbitrary: fc.constantFrom(...'abcxyzSETkv0123456789.-_') },
);
const nasty = fc.string({ unit: nastyChar, maxLength: 24 });
/** A string that certainly holds a control character somewhere (start, middle or end). */
const poisoned = fc
  .tuple(
    fc.string({ unit: nastyChar, maxLength: 8 }),
    fc.constantFrom('\r', '\n', '\0', '\t', '\x7f', '\x1f', '\u0085'),
    nasty,
  )
  .map(([a, control, b]) => `${a}${control}${b}`);
const anyText = fc.oneof(nasty, fc.string({ unit: 'binary', maxLength: 24 }));

/** Every string inside a parsed value. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

/** The head of what the serializer wrote must be CRLF-separated lines with no control character but HTAB. */
function expectCleanWire(wire: Buffer, headerCount: number) {
  const text = wire.toString('utf8');
  const end = text.indexOf('\r\n\r\n');
  expect(end).toBeGreaterThan(0);
  const head = text.slice(0, end);
  const lines = head.split('\r\n');
  for (const line of lines) expect(line).not.toMatch(/[^\P{Cc}\t]/u); // HTAB is the only one SIP allows
  expect(lines.length).toBe(1 + headerCount + 1); // start line, the headers, Content-Length
}

type Schema = z.ZodType;
interface FieldCase {
  schema: Schema;
  base: Record<string, unknown>;
  /** Where the string goes, and the field the error must name. */
  path: string[];
}

const connection = {
  name: 'Carrier',
  provider: 'generic',
  host: 'sip.example.com',
  username: 'alice',
  password: 'secret',
};
const set = (base: Record<string, unknown>, path: string[], value: string): Record<string, unknown> => {
  const [head, ...rest] = path;
  if (!head) return base;
  return {
    ...base,
    [head]: rest.length ? set((base[head] as Record<string, unknown>) ?? {}, rest, value) : value,
  };
};

const SIP_FACING: Record<string, FieldCase> = {
  'connection.name': { schema: createSipConnectionInput, base: connection, path: ['name'] },
  'connection.host': { schema: createSipConnectionInput, base: connection, path: ['host'] },
  'connection.username': { schema: createSipConnectionInput, base: connection, path: ['username'] },
  'connection.authUsername': { schema: createSipConnectionInput, base: connection, path: ['authUsername'] },
  'connection.password': { schema: createSipConnectionInput, base: connection, path: ['password'] },
  'connection.outboundProxy': { schema: createSipConnectionInput, base: connection, path: ['outboundProxy'] },
  'connection.defaultCallerId': {
    schema: createSipConnectionInput,
    base: connection,
    path: ['callerIdRules', 'defaultCallerId'],
  },
  'connection update.username': { schema: updateSipConnectionInput, base: {}, path: ['username'] },
  'connection update.authUsername': { schema: updateSipConnectionInput, base: {}, path: ['authUsername'] },
  'connection update.password': { schema: updateSipConnectionInput, base: {}, path: ['password'] },
  'connection update.outboundProxy': { schema: updateSipConnectionInput, base: {}, path: ['outboundProxy'] },
  'connection update.host': { schema: updateSipConnectionInput, base: {}, path: ['host'] },
  'number.address': { schema: createPhoneNumberInput, base: {}, path: ['address'] },
  'number.outboundCallerId': {
    schema: createPhoneNumberInput,
    base: { address: '+74951112233' },
    path: ['outboundCallerId'],
  },
  'number update.address': { schema: updatePhoneNumberInput, base: {}, path: ['address'] },
  'number update.outboundCallerId': { schema: updatePhoneNumberInput, base: {}, path: ['outboundCallerId'] },
  'test call.to': {
    schema: createTestCallInput,
    base: { connectionId: crypto.randomUUID(), agentId: crypto.randomUUID() },
    path: ['to'],
  },
  'test call.callerId': {
    schema: createTestCallInput,
    base: { connectionId: crypto.randomUUID(), agentId: crypto.randomUUID(), to: '+74951112233' },
    path: ['callerId'],
  },
  'flow transfer target': { schema: transferTargetSchema, base: { kind: 'sip' }, path: ['value'] },
};

describe('SIP-facing input schemas', () => {
  it.each(Object.entries(SIP_FACING))(
    '%s: a control character is refused with that field named',
    (_name, c) => {
      fc.assert(
        fc.property(poisoned, (value) => {
          const parsed = c.schema.safeParse(set(c.base, c.path, value));
          expect(parsed.success).toBe(false);
          if (!parsed.success)
            expect(parsed.error.issues.some((issue) => issue.path.join('.') === c.path.join('.'))).toBe(true);
        }),
        { numRuns: RUNS },
      );
    },
  );

  it.each(Object.entries(SIP_FACING))('%s: whatever is accepted holds no control character', (_name, c) => {
    fc.assert(
      fc.property(anyText, (value) => {
        const parsed = c.schema.safeParse(set(c.base, c.path, value));
        if (parsed.success) for (const text of strings(parsed.data)) expect(text).not.toMatch(CONTROL);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('the SIP serializer', () => {
  const token = fc.string({
    unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ-'),
    minLength: 1,
    maxLength: 10,
  });
  const headerName = fc.oneof(token, nasty);

  it('writes clean lines or throws, whatever the start line and headers hold', () => {
    const request = fc.record({
      kind: fc.constant('request' as const),
      method: fc.oneof(token, nasty),
      uri: fc.oneof(
        nasty.map((user) => `sip:${user}@carrier.example`),
        anyText,
      ),
      headers: fc.array(fc.tuple(headerName, anyText), { maxLength: 6 }),
    });
    const response = fc.record({
      kind: fc.constant('response' as const),
      status: fc.oneof(fc.integer({ min: 100, max: 699 }), fc.integer()),
      reason: anyText,
      headers: fc.array(fc.tuple(headerName, anyText), { maxLength: 6 }),
    });
    fc.assert(
      fc.property(fc.oneof(request, response), (shape) => {
        const headers = new SipHeaders();
        // Straight into storage, past SipHeaders.add's trimming and list splitting, as a stored value might be.
        for (const [name, value] of shape.headers) headers.replaceFirst(name.toLowerCase(), value);
        const message = { ...shape, headers, body: Buffer.alloc(0) } as SipMessage;
        let wire: Buffer;
        try {
          wire = serializeSipMessage(message);
        } catch (error) {
          expect(error).toBeInstanceOf(UnsafeSipMessageError);
          return;
        }
        const count = [...headers].filter(([name]) => name !== 'content-length').length;
        expectCleanWire(wire, count);
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('never lets a header value that carries CR, LF or NUL through', () => {
    fc.assert(
      fc.property(
        poisoned.filter((v) => /[\r\n\0]/.test(v)),
        (value) => {
          const message: SipMessage = {
            kind: 'request',
            method: 'REGISTER',
            uri: 'sip:carrier.example',
            headers: SipHeaders.from([['from', `<sip:${value}@carrier.example>`]]),
            body: Buffer.alloc(0),
          };
          expect(() => serializeSipMessage(message)).toThrow(UnsafeSipMessageError);
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('what the SIP side builds from those fields', () => {
  it('transfer targets: refused, or a URI with nothing that could leave its header', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          anyText,
          nasty.map((u) => `sip:${u}@pbx.example`),
          nasty.map((n) => `+7${n}`),
        ),
        (target) => {
          let uri: string;
          try {
            uri = referTarget(target, 'sip:caller@203.0.113.10:5060');
          } catch {
            return;
          }
          expect(uri).not.toMatch(/[\s\p{Cc}<>"?]/u);
          expect(isSafeTargetUri(uri)).toBe(true);
          const refer: SipMessage = {
            kind: 'request',
            method: 'REFER',
            uri: 'sip:caller@203.0.113.10',
            headers: SipHeaders.from([['refer-to', `<${uri}>`]]),
            body: Buffer.alloc(0),
          };
          expectCleanWire(serializeSipMessage(refer), 1);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('registrations: a username or digest user with a control character is refused before anything is sent', async () => {
    const logger = createLogger('fuzz', 'silent');
    const policy = createPeerPolicy({ allowHosts: ['127.0.0.1'] });
    await fc.assert(
      fc.asyncProperty(anyText, fc.option(anyText, { nil: undefined }), async (username, authUsername) => {
        const sent: Buffer[] = [];
        const layer = new TransactionLayer({
          send: (message) => sent.push(serializeSipMessage(message)),
          viaHost: '127.0.0.1',
          viaPort: 5060,
        });
        let registration: Registration;
        try {
          registration = createRegistration(layer, {
            registrar: 'sip:127.0.0.1:5999',
            username,
            ...(authUsername === undefined ? {} : { authUsername }),
            password: 'x',
            localAddress: '127.0.0.1',
            localPort: 5060,
            logger,
            policy,
          });
        } catch (error) {
          expect(error).toBeInstanceOf(UnsafeSipMessageError);
          return;
        }
        await new Promise((resolve) => setImmediate(resolve));
        await registration.stop();
        layer.close();
        expect(CONTROL.test(username) || CONTROL.test(authUsername ?? '')).toBe(false);
        expect(sent.length).toBeGreaterThan(0);
        for (const wire of sent) {
          expectCleanWire(wire, wireHeaders(wire));
          // Our own REGISTER reads back as one, with the user part we were given.
          expect(parseSipMessage(wire).ok).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});

/** How many header lines a written message has (for expectCleanWire on messages we did not build here). */
function wireHeaders(wire: Buffer): number {
  const head = wire.toString('latin1').split('\r\n\r\n')[0] ?? '';
  return head.split('\r\n').length - 2;
}
