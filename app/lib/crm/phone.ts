import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/**
 * A phone number as the CRM stores and looks it up: E.164 (`+79161234567`). Russian habits are read with
 * the default country: `8 916 123-45-67`, `79161234567`, `9161234567` and `+7 (916) 123 45 67` are the same
 * number. Null when the text is no phone number at all (a SIP user such as `caller`).
 */
export function normalizePhone(raw: string, defaultCountry: CountryCode = 'RU'): string | null {
  const text = raw.trim();
  if (!/\d{5}/.test(text.replace(/\D/g, ''))) return null;
  // A SIP URI's user part: `sip:+7916…@host` → `+7916…`.
  const user = /^(?:sips?|tel):([^@;]+)/i.exec(text)?.[1] ?? text;
  const parsed = parsePhoneNumberFromString(user, defaultCountry);
  if (parsed?.isPossible()) return parsed.number;
  const digits = user.replace(/\D/g, '');
  if (user.trim().startsWith('+') && digits.length >= 8 && digits.length <= 15) return `+${digits}`;
  return null;
}

/** Digits only, for matching a typed fragment against stored numbers. */
export const phoneDigits = (text: string): string => text.replace(/\D/g, '');
