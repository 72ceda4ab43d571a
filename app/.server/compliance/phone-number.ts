/** Numbers as written by people ("8 (912) 345-67-89", "+7 912…", "9123456789") to E.164. */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

export type NormalisedPhone = { ok: true; e164: string } | { ok: false; reason: 'empty' | 'invalid' };

export function normalisePhone(raw: string, defaultCountry: CountryCode = 'RU'): NormalisedPhone {
  const text = raw.trim();
  if (!text) return { ok: false, reason: 'empty' };
  let candidate = text.replace(/[^\d+]/g, '');
  // Russian trunk prefix: 8 and ten digits is +7.
  if (defaultCountry === 'RU' && /^8\d{10}$/.test(candidate)) candidate = `+7${candidate.slice(1)}`;
  if (/^00\d/.test(candidate)) candidate = `+${candidate.slice(2)}`;
  const parsed = parsePhoneNumberFromString(candidate, defaultCountry);
  if (!parsed || !parsed.isValid()) return { ok: false, reason: 'invalid' };
  return { ok: true, e164: parsed.number };
}
