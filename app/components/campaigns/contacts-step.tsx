/**
 * The wizard's contacts step (also used to add contacts later): read a CSV or an Excel workbook, check it on the server (a dry
 * run) to show the column mapping, the preview counts and every bad row with its reason, then add it.
 */
import { useState } from 'react';
import { api, type ApiFailure } from '~/components/api/api-client';
import { ApiAlert } from './api-alert';
import { Button } from '~/components/ui/button';
import { FormField } from '~/components/ui/form-field';
import { controlClasses } from '~/components/ui/input';
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from '~/components/ui/table';
import { useT } from '~/i18n';
import { importSchema, type ImportAnswer } from './campaign-types';

type Mapping = { phone: string; name?: string; timezone?: string };

export function ContactsStep({
  projectId,
  campaignId,
  onAdded,
}: {
  projectId: string;
  campaignId: string;
  onAdded: (answer: ImportAnswer) => void;
}) {
  const t = useT();
  /** The list as read: CSV text (sent as JSON) or a workbook (sent as the file itself). */
  const [csv, setCsv] = useState<string | File | null>(null);
  const [mapping, setMapping] = useState<Mapping | null>(null);
  const [preview, setPreview] = useState<ImportAnswer | null>(null);
  const [added, setAdded] = useState<ImportAnswer | null>(null);
  const [failure, setFailure] = useState<ApiFailure | undefined>();
  const [busy, setBusy] = useState(false);
  const path = `/api/v1/projects/${projectId}/campaigns/${campaignId}/contacts` as const;

  const send = (list: string | File, map: Mapping | null, dryRun: boolean) => {
    if (typeof list === 'string')
      return api(path, {
        method: 'POST',
        json: { csv: list, ...(dryRun ? { dryRun } : {}), ...(map ? { mapping: map } : {}) },
        schema: importSchema,
      });
    const form = new FormData();
    form.set('file', list);
    if (dryRun) form.set('dryRun', 'true');
    if (map) form.set('mapping', JSON.stringify(map));
    return api(path, { method: 'POST', form, schema: importSchema });
  };

  const check = async (text: string | File, map: Mapping | null) => {
    setBusy(true);
    const answer = await send(text, map, true);
    setBusy(false);
    if (!answer.ok) {
      setFailure(answer.error);
      setPreview(null);
      return;
    }
    setFailure(undefined);
    setPreview(answer.data);
    setMapping(answer.data.mapping);
  };

  const commit = async () => {
    if (!csv || !mapping) return;
    setBusy(true);
    const answer = await send(csv, mapping, false);
    setBusy(false);
    if (!answer.ok) return setFailure(answer.error);
    setAdded(answer.data);
    onAdded(answer.data);
  };

  const columnSelect = (key: keyof Mapping, label: string, optional: boolean) => (
    <FormField label={label}>
      <select
        className={controlClasses}
        data-testid={`map-${key}`}
        value={mapping?.[key] ?? ''}
        onChange={(e) => {
          const next = { ...(mapping ?? { phone: '' }), [key]: e.target.value || undefined } as Mapping;
          setMapping(next);
          if (csv && next.phone) void check(csv, next);
        }}
      >
        {optional || !mapping?.phone ? <option value="">{t('campaigns.wizard.none')}</option> : null}
        {preview?.columns.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
    </FormField>
  );

  return (
    <div className="space-y-5">
      <ApiAlert failure={failure} />
      <FormField label={t('campaigns.wizard.file')} hint={t('campaigns.wizard.fileHint')}>
        <input
          type="file"
          accept=".csv,text/csv,text/plain,.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          data-testid="contacts-file"
          className={controlClasses}
          onChange={async (e) => {
            const file = e.target.files?.[0];
            if (!file) return;
            const text = /\.xlsx$/i.test(file.name) ? file : await file.text();
            setCsv(text);
            setAdded(null);
            await check(text, null);
          }}
        />
      </FormField>
      {preview && (
        <div className="space-y-4">
          <div className="grid gap-4 sm:grid-cols-3">
            {columnSelect('phone', t('campaigns.wizard.mapPhone'), false)}
            {columnSelect('name', t('campaigns.wizard.mapName'), true)}
            {columnSelect('timezone', t('campaigns.wizard.mapTimezone'), true)}
          </div>
          <ul className="space-y-1 text-sm" data-testid="import-summary">
            <li className="font-medium text-fg">{t('campaigns.wizard.valid', { count: preview.valid })}</li>
            {preview.duplicates > 0 && (
              <li>{t('campaigns.wizard.duplicates', { count: preview.duplicates })}</li>
            )}
            {preview.variableNames.length > 0 && (
              <li className="text-fg-muted">
                {t('campaigns.wizard.variables', { names: preview.variableNames.join(', ') })}
              </li>
            )}
            {preview.errors.length > 0 && (
              <li className="text-danger">
                {t('campaigns.wizard.errors', { count: preview.errors.length })}
              </li>
            )}
          </ul>
          {preview.errors.length > 0 && (
            <Table data-testid="import-errors">
              <TableHead>
                <TableRow>
                  <TableHeaderCell>{t('campaigns.wizard.row')}</TableHeaderCell>
                  <TableHeaderCell>{t('campaigns.wizard.value')}</TableHeaderCell>
                  <TableHeaderCell>{t('campaigns.wizard.reason')}</TableHeaderCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {preview.errors.slice(0, 100).map((e) => (
                  <TableRow key={`${e.row}-${e.reason}`}>
                    <TableCell>{e.row + 1}</TableCell>
                    <TableCell className="font-mono">{e.value}</TableCell>
                    <TableCell>{t(`campaigns.wizard.reasons.${e.reason}`)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
          {added ? (
            <p className="text-sm font-medium text-success-subtle-fg" data-testid="contacts-added">
              {t('campaigns.wizard.added', { count: added.added + added.merged })}
            </p>
          ) : (
            <Button type="button" onClick={commit} disabled={busy || !mapping?.phone || preview.valid === 0}>
              {t('campaigns.wizard.import', { count: preview.valid })}
            </Button>
          )}
        </div>
      )}
    </div>
  );
}
