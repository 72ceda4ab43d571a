/**
 * Where a number rings, as time zones: the list's own column wins; else the Russian geographic (ABC) plan
 * maps an area code to its zone; a mobile (DEF) or unknown Russian number may ring anywhere from UTC+2 to
 * UTC+12, so every Russian zone is a candidate and a call is allowed only when all of them allow it (the
 * intersection of windows). Other countries map to their zone or zones the same way.
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

const RU_ALL = [
  'Europe/Kaliningrad',
  'Europe/Moscow',
  'Europe/Samara',
  'Asia/Yekaterinburg',
  'Asia/Omsk',
  'Asia/Novosibirsk',
  'Asia/Irkutsk',
  'Asia/Yakutsk',
  'Asia/Vladivostok',
  'Asia/Magadan',
  'Asia/Kamchatka',
];

/** ABC area codes (first three digits of the national number) of the regions off Moscow time. */
const RU_ABC: Record<string, string> = {
  '401': 'Europe/Kaliningrad',
  '341': 'Europe/Samara',
  '842': 'Europe/Ulyanovsk',
  '845': 'Europe/Saratov',
  '846': 'Europe/Samara',
  '848': 'Europe/Samara',
  '851': 'Europe/Astrakhan',
  '342': 'Asia/Yekaterinburg',
  '343': 'Asia/Yekaterinburg',
  '345': 'Asia/Yekaterinburg',
  '346': 'Asia/Yekaterinburg',
  '347': 'Asia/Yekaterinburg',
  '349': 'Asia/Yekaterinburg',
  '351': 'Asia/Yekaterinburg',
  '352': 'Asia/Yekaterinburg',
  '353': 'Asia/Yekaterinburg',
  '381': 'Asia/Omsk',
  '382': 'Asia/Tomsk',
  '383': 'Asia/Novosibirsk',
  '384': 'Asia/Novokuznetsk',
  '385': 'Asia/Barnaul',
  '388': 'Asia/Barnaul',
  '390': 'Asia/Krasnoyarsk',
  '391': 'Asia/Krasnoyarsk',
  '394': 'Asia/Krasnoyarsk',
  '395': 'Asia/Irkutsk',
  '301': 'Asia/Irkutsk',
  '302': 'Asia/Chita',
  '411': 'Asia/Yakutsk',
  '416': 'Asia/Yakutsk',
  '421': 'Asia/Vladivostok',
  '423': 'Asia/Vladivostok',
  '426': 'Asia/Vladivostok',
  '413': 'Asia/Magadan',
  '424': 'Asia/Sakhalin',
  '415': 'Asia/Kamchatka',
  '427': 'Asia/Anadyr',
};

const COUNTRY_ZONES: Partial<Record<CountryCode, string[]>> = {
  BY: ['Europe/Minsk'],
  UA: ['Europe/Kyiv'],
  KZ: ['Asia/Almaty', 'Asia/Aqtobe'],
  UZ: ['Asia/Tashkent'],
  KG: ['Asia/Bishkek'],
  AM: ['Asia/Yerevan'],
  GE: ['Asia/Tbilisi'],
  AZ: ['Asia/Baku'],
  TR: ['Europe/Istanbul'],
  GB: ['Europe/London'],
  DE: ['Europe/Berlin'],
  FR: ['Europe/Paris'],
  ES: ['Europe/Madrid'],
  IT: ['Europe/Rome'],
  NL: ['Europe/Amsterdam'],
  PL: ['Europe/Warsaw'],
  IL: ['Asia/Jerusalem'],
  AE: ['Asia/Dubai'],
  IN: ['Asia/Kolkata'],
  CN: ['Asia/Shanghai'],
  US: ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles'],
  CA: ['America/Toronto', 'America/Winnipeg', 'America/Edmonton', 'America/Vancouver'],
};

/** IANA zones Intl knows; a bad name in a list would otherwise throw at dial time. */
export function isKnownZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const cache = new Map<string, string[]>();

/** The zones a number may ring in; `fallback` (the campaign's zone) when nothing is known. */
export function zonesForNumber(e164: string, fallback: string): string[] {
  const key = `${e164.slice(0, 6)}|${fallback}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const zones = lookup(e164) ?? [fallback];
  if (cache.size > 10_000) cache.clear();
  cache.set(key, zones);
  return zones;
}

function lookup(e164: string): string[] | null {
  if (e164.startsWith('+7')) {
    const national = e164.slice(2);
    // +7 6xx/7xx is Kazakhstan.
    if (national.startsWith('6') || national.startsWith('7')) return COUNTRY_ZONES.KZ ?? null;
    if (national.startsWith('9')) return RU_ALL;
    return [RU_ABC[national.slice(0, 3)] ?? 'Europe/Moscow'];
  }
  const country = parsePhoneNumberFromString(e164)?.country;
  return country ? (COUNTRY_ZONES[country] ?? null) : null;
}
