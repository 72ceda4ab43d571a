/**
 * When a contact may be called: the campaign's schedule (dates, weekdays, hours) and the project's quiet
 * hours, both in the contact's own zone (its column, else derived from the number, else the campaign's).
 */
import { quietHoursRule, type ComplianceRules } from '../../compliance/compliance-rules.ts';
import { inRange, type WindowRule } from '../../compliance/local-time.ts';
import { zonesForNumber } from '../../compliance/phone-zones.ts';
import type { ScheduleInput } from '../campaign-input.ts';

export function scheduleRule(schedule: ScheduleInput): WindowRule {
  const days = new Set(schedule.weekdays);
  const range = { from: schedule.from, to: schedule.to };
  return (local) =>
    days.has(local.weekday) &&
    inRange(local.minutes, range) &&
    (!schedule.startDate || local.date >= schedule.startDate) &&
    (!schedule.endDate || local.date <= schedule.endDate);
}

export function windowRules(schedule: ScheduleInput, rules: ComplianceRules): WindowRule[] {
  const quiet = quietHoursRule(rules.quietHours);
  return quiet ? [scheduleRule(schedule), quiet] : [scheduleRule(schedule)];
}

export function contactZones(
  contact: { phone: string; timezone: string | null },
  schedule: ScheduleInput,
): readonly string[] {
  return contact.timezone ? [contact.timezone] : zonesForNumber(contact.phone, schedule.defaultTimezone);
}

/** True once every zone of the contact is past the campaign's last day. */
export function pastEndDate(at: Date, zones: readonly string[], schedule: ScheduleInput): boolean {
  if (!schedule.endDate) return false;
  const end = schedule.endDate;
  return zones.every((zone) => new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(at) > end);
}
