// Closed vocabularies of the built-in CRM, shared by the server's schemas and the screens.
export const ACTIVITY_TYPES = ['call', 'message', 'note', 'task', 'stage_change'] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];
export const STAGE_KINDS = ['open', 'won', 'lost'] as const;
export const FIELD_ENTITIES = ['contact', 'deal'] as const;
export const FIELD_TYPES = ['text', 'number', 'date', 'boolean', 'select'] as const;
export const CONTACT_SOURCES = ['manual', 'call', 'import', 'flow', 'campaign'] as const;
/** Columns a CSV import can map a file column to (`field:<key>` maps to a custom field). */
export const IMPORT_TARGETS = ['name', 'phone', 'email', 'company', 'tags', 'skip'] as const;
export const CURRENCIES = ['RUB', 'USD', 'EUR', 'KZT', 'BYN'] as const;
