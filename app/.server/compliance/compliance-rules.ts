/**
 * A project's compliance settings as data, and the presets for the laws our users work under. Checked at dial
 * time by the dialer (and later by messaging).
 */
import { z } from 'zod';
import { inRange, type DayRange, type WindowRule } from './local-time.ts';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'HH:MM');
const dayRange = z.object({ from: hhmm, to: hhmm });
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

export const PRESETS = ['none', 'ru_230fz', 'ru_38fz_advert', 'us_tcpa', 'custom'] as const;
export type Preset = (typeof PRESETS)[number];

export const complianceSettingsInput = z.object({
  preset: z.enum(PRESETS).default('none'),
  /**
   * Local hours when calls are allowed; absent = any hour. Holidays (e.g. the Russian production calendar's)
   * follow the weekend hours, and working Saturdays the weekday hours, whatever the preset.
   */
  quietHours: z
    .object({
      weekday: dayRange.optional(),
      weekend: dayRange.optional(),
      holidays: z.array(isoDay).max(400).optional(),
      workdays: z.array(isoDay).max(100).optional(),
    })
    .default({}),
  capDay: z.number().int().min(1).max(1000).nullable().default(null),
  capWeek: z.number().int().min(1).max(5000).nullable().default(null),
  capMonth: z.number().int().min(1).max(20000).nullable().default(null),
});
export type ComplianceSettingsInput = z.infer<typeof complianceSettingsInput>;

export interface QuietHours {
  weekday?: DayRange;
  weekend?: DayRange;
  /** Dates (YYYY-MM-DD, the callee's local date) called on weekend hours. */
  holidays?: string[];
  /** Saturdays or Sundays worked (transferred days), called on weekday hours. */
  workdays?: string[];
}

export interface ComplianceRules {
  preset: Preset;
  quietHours: QuietHours;
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
  const preset = PRESET_RULES[input.preset];
  // The project's own holiday calendar applies over any preset's hours.
  const { holidays, workdays } = input.quietHours;
  return {
    preset: input.preset,
    ...preset,
    quietHours: {
      ...preset.quietHours,
      ...(holidays?.length ? { holidays } : {}),
      ...(workdays?.length ? { workdays } : {}),
    },
  };
}

export function quietHoursRule(quiet: QuietHours): WindowRule | null {
  if (!quiet.weekday && !quiet.weekend) return null;
  const holidays = new Set(quiet.holidays ?? []);
  const workdays = new Set(quiet.workdays ?? []);
  return (local) => {
    const dayOff = local.weekday >= 6 ? !workdays.has(local.date) : holidays.has(local.date);
    const range = dayOff ? quiet.weekend : quiet.weekday;
    return range ? inRange(local.minutes, range) : true;
  };
}
