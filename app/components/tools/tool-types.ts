// Type-only imports of the service's shapes, so the screen cannot drift from what the API answers.
import type {
  BuiltinToolView,
  ToolSettingsView,
  ToolTestResult,
  ToolView,
} from '~/.server/tools/project-tool-views';

export type ToolItem = ToolView;
export type BuiltinItem = BuiltinToolView;
export type ToolSettingsItem = ToolSettingsView;
export type ToolTestItem = ToolTestResult;

export const ARG_TYPES = ['string', 'number', 'integer', 'boolean'] as const;
export type ArgType = (typeof ARG_TYPES)[number];

/** One argument as the form edits it; the API receives them as a JSON Schema object. */
export interface ArgRow {
  name: string;
  type: ArgType;
  description: string;
  required: boolean;
}
