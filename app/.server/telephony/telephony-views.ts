// What the telephony API answers (connections, numbers, checks, test calls) as JSON; the OpenAPI file
// documents these shapes.
import { z } from 'zod';
import { isoDateTime } from '../api/api-schemas.ts';
import { PROVIDERS } from './provider-presets.ts';
import { registrationStatus } from './registration-status.server.ts';
import { callerIdRulesInput, CODECS } from './sip-connection-input.ts';
import { workingHoursInput } from './working-hours.ts';
import { checkResult } from './connection-check-result.ts';

const transport = z.enum(['udp', 'tcp']);
const authMode = z.enum(['registration', 'ip']);

export const sipConnectionView = z
  .object({
    id: z.uuid(),
    name: z.string(),
    provider: z.string(),
    host: z.string(),
    port: z.number().int(),
    transport,
    authMode,
    username: z.string(),
    authUsername: z.string(),
    password: z.string().nullable().describe('A fixed mask (••••••••) when one is stored, else null'),
    outboundProxy: z.string(),
    codecs: z.array(z.enum(CODECS)),
    callerIdRules: callerIdRulesInput,
    maxConcurrentCalls: z.number().int().describe('0 = no limit'),
    registerExpires: z.number().int(),
    enabled: z.boolean(),
    registration: registrationStatus
      .nullable()
      .describe('Live, as the media server reports it; null = none has reported it'),
    numberCount: z.number().int(),
    createdAt: isoDateTime,
    updatedAt: isoDateTime,
  })
  .meta({ id: 'SipConnection' });

export const sipConnectionList = z.object({
  connections: z.array(sipConnectionView),
  presets: z.array(
    z.object({
      id: z.enum(PROVIDERS),
      label: z.string(),
      host: z.string().describe('Empty when the carrier gives each customer its own host'),
      port: z.number().int(),
      transport,
      authMode,
      hostHint: z.object({ en: z.string(), ru: z.string() }),
    }),
  ),
});

/** The check's answer as the API documents it: the media server's result, its time as a date-time. */
export const connectionCheckView = checkResult.extend({ checkedAt: isoDateTime });

const named = z.object({ id: z.uuid(), name: z.string() });

export const phoneNumberView = z
  .object({
    id: z.uuid(),
    address: z.string().describe('A phone number (E.164) or a SIP address'),
    kind: z.enum(['e164', 'sip']),
    label: z.string(),
    connection: named.nullable(),
    agent: named.extend({ liveVersion: z.number().int().nullable() }).nullable(),
    pinnedVersion: z.object({ id: z.uuid(), number: z.number().int() }).nullable().describe('null = live'),
    outboundCallerId: z.string(),
    workingHours: workingHoursInput.nullable(),
    afterHoursAgent: named.nullable(),
    afterHoursMessage: z.string(),
    createdAt: isoDateTime,
    updatedAt: isoDateTime,
  })
  .meta({ id: 'PhoneNumber' });
export const phoneNumberList = z.object({ phoneNumbers: z.array(phoneNumberView) });

export const testCallView = z
  .object({
    id: z.uuid(),
    connectionId: z.uuid(),
    agentId: z.uuid(),
    versionId: z.uuid(),
    to: z.string(),
    callerId: z.string(),
    status: z.enum(['queued', 'trying', 'ringing', 'answered', 'ended', 'failed']),
    sipCode: z.number().int().nullable(),
    reason: z
      .string()
      .describe('The SIP reason, or address_refused when the carrier is on a private network'),
    answeredAt: isoDateTime.nullable(),
    endedAt: isoDateTime.nullable(),
    durationMs: z.number().int().nullable(),
    createdAt: isoDateTime,
  })
  .meta({ id: 'TestCall' });
export const testCallList = z.object({ testCalls: z.array(testCallView) });
