/** A project's compliance settings (one row; absent = no rules). */
import { auditAs, type ServiceContext } from '../access/service-context.ts';
import { db, type Db } from '../db.ts';
import {
  complianceSettingsInput,
  resolveRules,
  type ComplianceRules,
  type ComplianceSettingsInput,
} from './compliance-rules.ts';

export interface ComplianceSettingsView extends ComplianceSettingsInput {
  /** What is enforced (the preset's rules, or the custom values). */
  effective: ComplianceRules;
}

function toInput(row: {
  preset: string;
  quietHours: unknown;
  capDay: number | null;
  capWeek: number | null;
  capMonth: number | null;
}): ComplianceSettingsInput {
  const parsed = complianceSettingsInput.safeParse(row);
  return parsed.success ? parsed.data : complianceSettingsInput.parse({});
}

export async function complianceRulesFor(projectId: string, client: Db = db()): Promise<ComplianceRules> {
  const row = await client.complianceSettings.findUnique({ where: { projectId } });
  return resolveRules(row ? toInput(row) : complianceSettingsInput.parse({}));
}

export async function getComplianceSettings(projectId: string): Promise<ComplianceSettingsView> {
  const row = await db().complianceSettings.findUnique({ where: { projectId } });
  const input = row ? toInput(row) : complianceSettingsInput.parse({});
  return { ...input, effective: resolveRules(input) };
}

export async function updateComplianceSettings(
  ctx: ServiceContext,
  input: ComplianceSettingsInput,
): Promise<ComplianceSettingsView> {
  const { projectId } = ctx.access;
  const data = {
    preset: input.preset,
    quietHours: input.quietHours,
    capDay: input.capDay,
    capWeek: input.capWeek,
    capMonth: input.capMonth,
  };
  await db().complianceSettings.upsert({
    where: { projectId },
    create: { projectId, ...data },
    update: data,
  });
  await auditAs(ctx, {
    action: 'compliance.update',
    targetType: 'project',
    targetId: projectId,
    diff: { after: data },
  });
  return { ...input, effective: resolveRules(input) };
}
