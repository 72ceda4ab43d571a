import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { z } from 'zod';
import { sipText } from './sip-text.ts';
import { workingHoursInput } from './working-hours.ts';

const SIP_USER = /^[a-z0-9][a-z0-9._~-]{0,63}$/;

/**
 * A phone number in any usual writing (national numbers read as Russian), stored as E.164, or a SIP
 * address (sip:user@host or a bare user part), stored as its lower-case user part: the dialled user the
 * gateway routes by.
 */
export function normaliseNumberAddress(
  raw: string,
): { ok: true; address: string; kind: 'e164' | 'sip' } | { ok: false; message: string } {
  const value = raw.trim();
  const sip = /^sips?:([^@;>]+)@[^\s]+$/i.exec(value);
  if (sip) {
    const user = decodeURIComponent(sip[1]!).toLowerCase();
    if (/^\+?[\d\s()-]+$/.test(user)) return normaliseNumberAddress(user);
    return SIP_USER.test(user)
      ? { ok: true, address: user, kind: 'sip' }
      : { ok: false, message: 'The SIP user part may hold letters, digits, dot, dash and underscore' };
  }
  if (/^[+\d\s().-]+$/.test(value)) {
    const phone = parsePhoneNumberFromString(value, 'RU');
    if (!phone?.isValid())
      return { ok: false, message: 'Not a valid phone number; write it as +7 495 123-45-67' };
    return { ok: true, address: phone.number, kind: 'e164' };
  }
  if (SIP_USER.test(value.toLowerCase())) return { ok: true, address: value.toLowerCase(), kind: 'sip' };
  return { ok: false, message: 'A phone number (+7 495 123-45-67) or a SIP address (sip:reception@host)' };
}

const address = sipText()
  .max(200)
  .transform((value, ctx) => {
    const result = normaliseNumberAddress(value);
    if (!result.ok) {
      ctx.addIssue({ code: 'custom', message: result.message });
      return z.NEVER;
    }
    return result.address;
  });

const callerId = sipText()
  .trim()
  .max(40)
  .transform((value, ctx) => {
    if (value === '') return '';
    const phone = parsePhoneNumberFromString(value, 'RU');
    if (!phone?.isValid()) {
      ctx.addIssue({ code: 'custom', message: 'A valid phone number, or empty' });
      return z.NEVER;
    }
    return phone.number;
  });

const optionalId = z.uuid({ error: 'Choose from the list' }).nullable();

const fields = {
  address,
  label: z.string().trim().max(100, 'At most 100 characters'),
  connectionId: optionalId,
  agentId: optionalId,
  /** null: the agent's published version, whichever is live. */
  pinnedVersionId: optionalId,
  outboundCallerId: callerId,
  workingHours: workingHoursInput.nullable(),
  afterHoursAgentId: optionalId,
  afterHoursMessage: z.string().trim().max(500, 'At most 500 characters'),
};

export const createPhoneNumberInput = z.object({
  ...fields,
  label: fields.label.default(''),
  connectionId: fields.connectionId.default(null),
  agentId: fields.agentId.default(null),
  pinnedVersionId: fields.pinnedVersionId.default(null),
  outboundCallerId: fields.outboundCallerId.default(''),
  workingHours: fields.workingHours.default(null),
  afterHoursAgentId: fields.afterHoursAgentId.default(null),
  afterHoursMessage: fields.afterHoursMessage.default(''),
});
export type CreatePhoneNumberInput = z.infer<typeof createPhoneNumberInput>;

export const updatePhoneNumberInput = z
  .object(fields)
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'Nothing to change' });
export type UpdatePhoneNumberInput = z.infer<typeof updatePhoneNumberInput>;
