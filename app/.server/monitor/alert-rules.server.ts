import type { Db } from '../db.ts';
import { alertRulesSchema, DEFAULT_ALERT_RULES, type AlertRules } from './alert-rules.ts';

export interface MonitorSettingsView {
  rules: AlertRules;
  sound: boolean;
}

export async function readMonitorSettings(db: Db, projectId: string): Promise<MonitorSettingsView> {
  const row = await db.monitorSettings.findUnique({ where: { projectId } });
  const parsed = row ? alertRulesSchema.safeParse(row.rules) : null;
  return { rules: parsed?.success ? parsed.data : DEFAULT_ALERT_RULES, sound: row?.sound ?? true };
}

/**
 * For the media server: a project's rules, read as each call starts, so the call after a save follows the
 * saved rules (a cache here let a call placed moments after a save run on the old ones). One primary-key
 * read per call start is small beside the rest of a call's set-up.
 */
export function alertRulesReader(db: Db): (projectId: string) => Promise<AlertRules> {
  return async (projectId) => (await readMonitorSettings(db, projectId)).rules;
}
