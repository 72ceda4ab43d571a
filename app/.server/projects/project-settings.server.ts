import { z } from 'zod';
import { auditAs, type ServiceContext } from '../access/service-context.ts';
import { db } from '../db.ts';

const validTimeZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

export const projectSettingsInput = z
  .object({
    name: z.string().trim().min(1, 'Name is required').max(100, 'At most 100 characters'),
    timeZone: z.string().trim().refine(validTimeZone, 'Choose a time zone from the list'),
    defaultLanguage: z.enum(['ru', 'en'], { error: 'Choose Russian or English' }).nullable(),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'Nothing to change' });
export type ProjectSettingsInput = z.infer<typeof projectSettingsInput>;

export interface ProjectSettings {
  id: string;
  name: string;
  timeZone: string;
  /** null: new agents start in each person's own UI language. */
  defaultLanguage: 'ru' | 'en' | null;
}

const select = { id: true, name: true, timeZone: true, defaultLanguage: true } as const;
const view = (row: {
  id: string;
  name: string;
  timeZone: string;
  defaultLanguage: string | null;
}): ProjectSettings => ({
  ...row,
  defaultLanguage: row.defaultLanguage === 'en' ? 'en' : row.defaultLanguage === 'ru' ? 'ru' : null,
});

export async function getProjectSettings(projectId: string): Promise<ProjectSettings> {
  return view(await db().project.findUniqueOrThrow({ where: { id: projectId }, select }));
}

/** Renames the project or changes its time zone or default language; audited with before and after. */
export async function updateProjectSettings(
  ctx: ServiceContext,
  input: ProjectSettingsInput,
): Promise<ProjectSettings> {
  const before = await getProjectSettings(ctx.access.projectId);
  const row = view(await db().project.update({ where: { id: ctx.access.projectId }, data: input, select }));
  const changed = Object.keys(input) as (keyof ProjectSettingsInput)[];
  await auditAs(ctx, {
    action: 'project.update',
    targetType: 'project',
    targetId: row.id,
    diff: {
      before: Object.fromEntries(changed.map((k) => [k, before[k]])),
      after: Object.fromEntries(changed.map((k) => [k, row[k]])),
    },
  });
  return row;
}
