/**
 * A project's compliance settings as data, and the presets for the laws our users work under. Checked at dial
 * time by the dialer (and later by messaging).
 */
import { z } from 'zod';
import { inRange, type DayRange, type WindowRule } from './local-time.ts';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'HH:MM');
const dayRange = z.object({ from: hhmm, to: hhmm });

export const PRESETS = ['none', 'ru_230fz', 'ru_38fz_advert', 'us_tcpa', 'custom'] as const;
export type Preset = (typeof PRESETS)[number];

export const complianceSettingsInput = z.object({
  preset: z.enum(PRESETS).default('none'),
  /** Local hours when calls are allowed; absent = any hour. */
  quietHours: z.object({ weekday: dayRange.optional(), weekend: dayRange.optional() }).default({}),
  capDay: z.number().int().min(1).max(1000).nullable().default(null),
  capWeek: z.number().int().min(1).max(5000).nullable().default(null),
  capMonth: z.number().int().min(1).max(20000).nullable().default(null),
});
export type ComplianceSettingsInput = z.infer<typeof complianceSettingsInput>;

export interface ComplianceRules {
  preset: Preset;
  quietHours: { weekday?: DayRange; weekend?: DayRange };
  capDay: number | null;
  capWeek: number | null;
  capMonth: number | null;
  /** 38-ФЗ advertising: numbers without a consent record are not called. */
  requireConsent: boolean;
}

/** What each preset fixes; a custom setting keeps what the project entered. */
export const PRESET_RULES: Record<Exclude<Preset, 'custom'>, Omit<ComplianceRules, 'preset'>> = {
  none: { quietHours: {}, capDay: null, capWeek: null, capMonth: null, requireConsent: false },
  // 230-ФЗ art. 7: 8–22 on working days, 9–20 at weekends, in the debtor's local time; 1/2/8 calls.
  ru_230fz: {
    quietHours: { weekday: { from: '08:00', to: '22:00' }, weekend: { from: '09:00', to: '20:00' } },
    capDay: 1,
    capWeek: 2,
    capMonth: 8,
    requireConsent: false,
  },
  // 38-ФЗ art. 18: advertising calls only with the subscriber's prior consent.
  ru_38fz_advert: {
    quietHours: { weekday: { from: '09:00', to: '21:00' }, weekend: { from: '10:00', to: '20:00' } },
    capDay: 1,
    capWeek: null,
    capMonth: null,
    requireConsent: true,
  },
  // TCPA: no calls before 8 a.m. or after 9 p.m. local time.
  us_tcpa: {
    quietHours: { weekday: { from: '08:00', to: '21:00' }, weekend: { from: '08:00', to: '21:00' } },
    capDay: null,
    capWeek: null,
    capMonth: null,
    requireConsent: false,
  },
};

export function resolveRules(input: ComplianceSettingsInput): ComplianceRules {
  if (input.preset === 'custom')
    return {
      preset: 'custom',
      quietHours: input.quietHours,
      capDay: input.capDay,
      capWeek: input.capWeek,
      capMonth: input.capMonth,
      requireConsent: false,
    };
  return { preset: input.preset, ...PRESET_RULES[input.preset] };
}

export function quietHoursRule(quiet: ComplianceRules['quietHours']): WindowRule | null {
  if (!quiet.weekday && !quiet.weekend) return null;
  return (local) => {
    const range = local.weekday >= 6 ? quiet.weekend : quiet.weekday;
    return range ? inRange(local.minutes, range) : true;
  };
}
