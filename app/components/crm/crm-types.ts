// What the CRM screens receive from their loaders (the API's views, as JSON).
export interface ContactItem {
  id: string;
  name: string;
  company: string;
  phones: string[];
  emails: string[];
  tags: string[];
  fields: Record<string, string | number | boolean | null>;
  ownerId: string | null;
  source: string;
  lastActivityAt: string | null;
}

export interface FieldItem {
  id: string;
  entity: string;
  key: string;
  label: string;
  type: string;
  options: string[];
}

export interface StageItem {
  id: string;
  name: string;
  kind: string;
}

export interface PipelineItem {
  id: string;
  name: string;
  stages: StageItem[];
}

export interface DealItem {
  id: string;
  title: string;
  contactId: string | null;
  contactName: string | null;
  pipelineId: string;
  stageId: string;
  amount: number | null;
  currency: string;
  closeDate: string | null;
  /** Values of the project's custom deal fields, by key. */
  fields: Record<string, string | number | boolean | null>;
  position: number;
}

export interface ActivityItem {
  id: string;
  type: string;
  contactId: string | null;
  dealId: string | null;
  title: string;
  body: string;
  callId: string | null;
  data: Record<string, unknown>;
  dueAt: string | null;
  doneAt: string | null;
  occurredAt: string;
}

export const listOf = (text: string) =>
  text
    .split(/[,;\n]/)
    .map((s) => s.trim())
    .filter(Boolean);

export function formatMoney(amount: number | null, currency: string, locale: string): string {
  if (amount === null) return '—';
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency, maximumFractionDigits: 0 }).format(
      amount,
    );
  } catch {
    return `${amount} ${currency}`;
  }
}
