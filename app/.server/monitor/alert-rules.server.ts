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

/** For the media server: rules per project, read at most every 15 s (a change applies to the next call). */
export function cachedAlertRules(db: Db, ttlMs = 15_000): (projectId: string) => Promise<AlertRules> {
  const cache = new Map<string, { at: number; rules: Promise<AlertRules> }>();
  return (projectId) => {
    const hit = cache.get(projectId);
    if (hit && Date.now() - hit.at < ttlMs) return hit.rules;
    const rules = readMonitorSettings(db, projectId).then((s) => s.rules);
    cache.set(projectId, { at: Date.now(), rules });
    rules.catch(() => cache.delete(projectId));
    return rules;
  };
}
