import type { z } from 'zod';
import type { Issue } from '../validation/issue';
import { flowSizeIssues } from './flow-limits';
import { CURRENT_SCHEMA_VERSION, flowSchemaV2, type Flow } from './flow-schema';
import { migrateFlow, schemaVersionOf } from './migrate-flow';

export type ParseFlowResult =
  { success: true; flow: Flow; migratedFrom: number | null } | { success: false; issues: Issue[] };

function zodIssues(error: z.ZodError): Issue[] {
  return error.issues.map((issue) => {
    const field = issue.path.join('.');
    return {
      code: 'invalid_flow',
      field,
      message: {
        en: `The flow file is damaged at "${field || 'root'}": ${issue.message}`,
        ru: `Файл сценария повреждён в поле «${field || 'корень'}»: ${issue.message}`,
      },
    };
  });
}

/** Reads a saved flow of any known schema version: migrates it to the current one and applies defaults. */
export function parseFlow(input: unknown): ParseFlowResult {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return {
      success: false,
      issues: [
        {
          code: 'invalid_flow',
          message: { en: 'The flow is not a JSON object.', ru: 'Сценарий не является JSON-объектом.' },
        },
      ],
    };
  }
  const raw = input as Record<string, unknown>;
  // Counted first: a graph over the limits is never walked, by the schema or by anything after it.
  const tooLarge = flowSizeIssues(raw);
  if (tooLarge.length > 0) return { success: false, issues: tooLarge };
  const version = schemaVersionOf(raw);
  if (version > CURRENT_SCHEMA_VERSION || version < 1) {
    return {
      success: false,
      issues: [
        {
          code: 'unsupported_schema_version',
          field: 'schemaVersion',
          message: {
            en: `This flow was saved by a newer version of the platform (schema v${version}). Update the platform to open it.`,
            ru: `Сценарий сохранён более новой версией платформы (схема v${version}). Обновите платформу, чтобы открыть его.`,
          },
        },
      ],
    };
  }
  let migrated: Record<string, unknown>;
  try {
    migrated = migrateFlow(raw).raw;
  } catch (error) {
    const zodError = error as z.ZodError;
    if (Array.isArray(zodError.issues)) return { success: false, issues: zodIssues(zodError) };
    throw error;
  }
  const parsed = flowSchemaV2.safeParse(migrated);
  if (!parsed.success) return { success: false, issues: zodIssues(parsed.error) };
  return {
    success: true,
    flow: parsed.data,
    migratedFrom: version === CURRENT_SCHEMA_VERSION ? null : version,
  };
}

/** For callers holding a flow that was validated at publish: a broken one here is a bug worth reporting. */
export function parseFlowOrThrow(input: unknown): Flow {
  const result = parseFlow(input);
  if (result.success) return result.flow;
  throw new Error(`Invalid flow: ${result.issues.map((issue) => issue.message.en).join('; ')}`);
}
