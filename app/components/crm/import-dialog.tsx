import { useRevalidator } from '@remix-run/react';
import { useState, type ReactNode } from 'react';
import { api } from '~/components/api/api-client';
import { apiFieldMessages } from '~/components/api/api-failure-message';
import { Button } from '~/components/ui/button';
import { Dialog } from '~/components/ui/dialog';
import { FormField } from '~/components/ui/form-field';
import { Input } from '~/components/ui/input';
import { Select } from '~/components/ui/select';
import { useT } from '~/i18n';
import { parseCsv } from '~/lib/crm/csv-parse';
import type { ApiFailure } from '../api/api-client';
import { listOf, type FieldItem } from './crm-types';

const TARGETS = ['name', 'phone', 'email', 'company', 'tags', 'skip'] as const;

/** A column's likely meaning from its header, in Russian or English, so most files need no mapping. */
function guess(header: string, fields: FieldItem[]): string {
  const h = header.toLowerCase();
  if (/(phone|тел|номер|mobile)/.test(h)) return 'phone';
  if (/(mail|почт)/.test(h)) return 'email';
  if (/(company|компан|организац)/.test(h)) return 'company';
  if (/(tag|метк|тег)/.test(h)) return 'tags';
  if (/(name|имя|фио|контакт)/.test(h)) return 'name';
  const field = fields.find((f) => f.key === h || f.label.toLowerCase() === h);
  return field ? `field:${field.key}` : 'skip';
}

interface Result {
  created: number;
  updated: number;
  errors: { row: number; message: string }[];
}

/** CSV import: pick a file, check what each column holds, import; bad rows are listed with their line. */
export function ImportDialog({
  projectId,
  fields,
  trigger,
}: {
  projectId: string;
  fields: FieldItem[];
  trigger: ReactNode;
}) {
  const t = useT();
  const revalidator = useRevalidator();
  const [open, setOpen] = useState(false);
  const [csv, setCsv] = useState('');
  const [headers, setHeaders] = useState<string[]>([]);
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [tags, setTags] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ApiFailure>();
  const [result, setResult] = useState<Result | null>(null);
  const contactFields = fields.filter((f) => f.entity === 'contact');

  const readFile = async (file: File | undefined) => {
    setResult(null);
    setFailure(undefined);
    if (!file) return;
    const text = await file.text();
    const head = parseCsv(text.slice(0, 64_000))[0] ?? [];
    setCsv(text);
    setHeaders(head.map((h) => h.trim()));
    setMapping(Object.fromEntries(head.map((h) => [h.trim(), guess(h.trim(), contactFields)])));
  };
  const submit = async () => {
    setBusy(true);
    const answer = await api(`/api/v1/projects/${projectId}/crm/contacts/import`, {
      method: 'POST',
      json: { csv, mapping, tags: listOf(tags) },
    });
    setBusy(false);
    if (!answer.ok) return setFailure(answer.error);
    setFailure(undefined);
    setResult(answer.data as Result);
    revalidator.revalidate();
  };
  const error = apiFieldMessages(t, failure, 'crm');
  const options = [
    ...TARGETS.map((v) => ({ value: v, label: t(`crm.importDialog.targets.${v}`) })),
    ...contactFields.map((f) => ({ value: `field:${f.key}`, label: f.label })),
  ];
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) {
          setCsv('');
          setHeaders([]);
          setResult(null);
          setFailure(undefined);
        }
      }}
      trigger={trigger}
      size="lg"
      title={t('crm.importDialog.title')}
      footer={
        <Button type="button" onClick={() => void submit()} loading={busy} disabled={!csv}>
          {t('crm.importDialog.submit')}
        </Button>
      }
    >
      <div className="space-y-4">
        <FormField
          label={t('crm.importDialog.file')}
          hint={t('crm.importDialog.fileHint')}
          error={error('csv')}
        >
          <Input
            type="file"
            accept=".csv,text/csv,text/plain"
            data-testid="crm-import-file"
            onChange={(e) => void readFile(e.currentTarget.files?.[0])}
          />
        </FormField>
        {headers.length > 0 && (
          <fieldset className="space-y-2">
            <legend className="text-sm font-medium text-fg">{t('crm.importDialog.mapping')}</legend>
            {error('mapping') && <p className="text-sm text-danger">{error('mapping')}</p>}
            <div className="grid gap-2 sm:grid-cols-2">
              {headers.map((h) => (
                <label key={h} className="flex items-center justify-between gap-2 text-sm">
                  <span className="truncate text-fg-muted">{h}</span>
                  <Select
                    aria-label={h}
                    value={mapping[h] ?? 'skip'}
                    onValueChange={(v) => setMapping((m) => ({ ...m, [h]: v }))}
                    options={options}
                    className="w-44"
                  />
                </label>
              ))}
            </div>
          </fieldset>
        )}
        <FormField label={t('crm.importDialog.tags')} hint={t('crm.contacts.commaHint')}>
          <Input value={tags} onChange={(e) => setTags(e.currentTarget.value)} />
        </FormField>
        {result && (
          <div className="space-y-2" data-testid="crm-import-result">
            <p className="rounded-control bg-success-subtle px-3 py-2 text-sm text-success-subtle-fg">
              {t('crm.importDialog.result', { created: result.created, updated: result.updated })}
            </p>
            {result.errors.length > 0 && (
              <div className="rounded-control border border-border p-2 text-sm">
                <p className="font-medium text-fg">
                  {t('crm.importDialog.badRows', { count: result.errors.length })}
                </p>
                <ul className="max-h-40 overflow-y-auto text-fg-muted">
                  {result.errors.map((e) => (
                    <li key={e.row}>
                      {t('crm.importDialog.row', { row: e.row })}: {e.message}
                    </li>
                  ))}
                </ul>
              </div>
            )}
          </div>
        )}
      </div>
    </Dialog>
  );
}
