import type { MetaFunction } from '@remix-run/node';
import { useLoaderData, useRevalidator } from '@remix-run/react';
import { useState } from 'react';
import { api, type ApiFailure } from '~/components/api/api-client';
import { ApiAlert } from '~/components/campaigns/api-alert';
import { ConsentsCard } from '~/components/campaigns/consents-card';
import { russianHolidays } from '~/lib/compliance/russian-holidays';
import { Button } from '~/components/ui/button';
import { Card } from '~/components/ui/card';
import { ConfirmDialog } from '~/components/ui/confirm-dialog';
import { FormField } from '~/components/ui/form-field';
import { controlClasses, Input } from '~/components/ui/input';
import { PageHeader } from '~/components/ui/page-header';
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from '~/components/ui/table';
import { useLocale, useT } from '~/i18n';
import { en } from '~/i18n/en';
import { translatorFromMatches } from '~/i18n/meta';
import { can } from '~/.server/access/permissions';
import type { ComplianceSettingsInput } from '~/.server/compliance/compliance-rules';
import { PRESETS } from '~/components/campaigns/campaign-types';
import { getComplianceSettings } from '~/.server/compliance/compliance-settings.server';
import { listConsents } from '~/.server/compliance/consents.server';
import { listDnc } from '~/.server/compliance/dnc.server';
import { projectLoader } from '~/.server/http/project-route';

export const meta: MetaFunction = ({ matches }) => [
  { title: translatorFromMatches(matches, en)('campaigns.dnc.title') },
];

export const loader = projectLoader({ permission: 'campaigns.read' }, async ({ access }) => ({
  projectId: access.projectId,
  canManage: can(access.role, 'campaigns.manage'),
  canRules: can(access.role, 'compliance.manage'),
  dnc: await listDnc(access.projectId),
  rules: await getComplianceSettings(access.projectId),
  consents: (await listConsents(access.projectId, {})).consents,
}));

export default function CompliancePage() {
  const { projectId, canManage, canRules, dnc, rules, consents } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const { revalidate } = useRevalidator();
  const [phone, setPhone] = useState('');
  const [reason, setReason] = useState('');
  const [failure, setFailure] = useState<ApiFailure | undefined>();
  const [form, setForm] = useState<ComplianceSettingsInput>({
    preset: rules.preset,
    quietHours: rules.quietHours,
    capDay: rules.capDay,
    capWeek: rules.capWeek,
    capMonth: rules.capMonth,
  });
  const [saved, setSaved] = useState(false);
  const base = `/api/v1/projects/${projectId}` as const;

  const add = async () => {
    const answer = await api(`${base}/dnc`, { method: 'POST', json: { phone, reason } });
    if (!answer.ok) return setFailure(answer.error);
    setFailure(undefined);
    setPhone('');
    setReason('');
    revalidate();
  };
  const remove = async (id: string) => {
    const answer = await api(`${base}/dnc/${id}`, { method: 'DELETE' });
    if (!answer.ok) return setFailure(answer.error);
    revalidate();
  };
  const saveRules = async () => {
    const answer = await api(`${base}/compliance`, { method: 'PUT', json: form });
    if (!answer.ok) return setFailure(answer.error);
    setFailure(undefined);
    setSaved(true);
    revalidate();
  };
  const range = (key: 'weekday' | 'weekend') => form.quietHours[key] ?? { from: '09:00', to: '21:00' };
  const cap = (v: string) => (v === '' ? null : Number(v));
  const custom = form.preset === 'custom';
  const dates = (text: string) =>
    [...new Set(text.split(/[\s,;]+/).filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d)))].sort();
  const [holidaysText, setHolidaysText] = useState((rules.quietHours.holidays ?? []).join('\n'));
  const [workdaysText, setWorkdaysText] = useState((rules.quietHours.workdays ?? []).join('\n'));
  const setCalendar = (holidays: string, workdays: string) => {
    setSaved(false);
    setHolidaysText(holidays);
    setWorkdaysText(workdays);
    setForm((f) => ({
      ...f,
      quietHours: { ...f.quietHours, holidays: dates(holidays), workdays: dates(workdays) },
    }));
  };
  const thisYear = new Date().getFullYear();
  const loadHolidays = () => {
    const years = [thisYear, thisYear + 1].map(russianHolidays);
    setCalendar(
      dates([holidaysText, ...years.flatMap((y) => y.holidays)].join('\n')).join('\n'),
      dates([workdaysText, ...years.flatMap((y) => y.workdays)].join('\n')).join('\n'),
    );
  };
  const effective = rules.effective;

  return (
    <div className="space-y-8">
      <PageHeader title={t('campaigns.compliance')} />
      <ApiAlert failure={failure} />
      <Card className="space-y-4 p-6">
        <h2 className="text-base font-semibold text-fg">{t('campaigns.rules.title')}</h2>
        <p className="text-sm text-fg-muted">{t('campaigns.rules.description')}</p>
        {!canRules && <p className="text-sm text-fg-muted">{t('campaigns.rules.readOnly')}</p>}
        <FormField label={t('campaigns.rules.preset')}>
          <select
            className={controlClasses}
            disabled={!canRules}
            value={form.preset}
            data-testid="compliance-preset"
            onChange={(e) => {
              setSaved(false);
              setForm({ ...form, preset: e.target.value as ComplianceSettingsInput['preset'] });
            }}
          >
            {PRESETS.map((p) => (
              <option key={p} value={p}>
                {t(`campaigns.rules.presets.${p}`)}
              </option>
            ))}
          </select>
        </FormField>
        {custom ? (
          <div className="grid gap-4 sm:grid-cols-2">
            {(['weekday', 'weekend'] as const).map((k) => (
              <FormField key={k} label={t(`campaigns.rules.${k}`)}>
                <div className="flex gap-2">
                  <Input
                    type="time"
                    value={range(k).from}
                    onChange={(e) =>
                      setForm({
                        ...form,
                        quietHours: { ...form.quietHours, [k]: { ...range(k), from: e.target.value } },
                      })
                    }
                  />
                  <Input
                    type="time"
                    value={range(k).to}
                    onChange={(e) =>
                      setForm({
                        ...form,
                        quietHours: { ...form.quietHours, [k]: { ...range(k), to: e.target.value } },
                      })
                    }
                  />
                </div>
              </FormField>
            ))}
            <FormField label={t('campaigns.rules.capDay')}>
              <Input
                type="number"
                min={1}
                value={form.capDay ?? ''}
                onChange={(e) => setForm({ ...form, capDay: cap(e.target.value) })}
              />
            </FormField>
            <div className="grid grid-cols-2 gap-2">
              <FormField label={t('campaigns.rules.capWeek')}>
                <Input
                  type="number"
                  min={1}
                  value={form.capWeek ?? ''}
                  onChange={(e) => setForm({ ...form, capWeek: cap(e.target.value) })}
                />
              </FormField>
              <FormField label={t('campaigns.rules.capMonth')}>
                <Input
                  type="number"
                  min={1}
                  value={form.capMonth ?? ''}
                  onChange={(e) => setForm({ ...form, capMonth: cap(e.target.value) })}
                />
              </FormField>
            </div>
          </div>
        ) : (
          <p className="text-sm text-fg-muted">
            {effective.quietHours.weekday &&
              `${t('campaigns.rules.weekday')} ${effective.quietHours.weekday.from}–${effective.quietHours.weekday.to}`}
            {effective.quietHours.weekend &&
              ` · ${t('campaigns.rules.weekend')} ${effective.quietHours.weekend.from}–${effective.quietHours.weekend.to}`}
          </p>
        )}
        <div className="grid gap-4 sm:grid-cols-2">
          <FormField label={t('campaigns.rules.holidays')} hint={t('campaigns.rules.holidaysHelp')}>
            <textarea
              className={`${controlClasses} h-28 font-mono text-xs`}
              disabled={!canRules}
              value={holidaysText}
              data-testid="compliance-holidays"
              onChange={(e) => setCalendar(e.target.value, workdaysText)}
            />
          </FormField>
          <FormField label={t('campaigns.rules.workdays')}>
            <textarea
              className={`${controlClasses} h-28 font-mono text-xs`}
              disabled={!canRules}
              value={workdaysText}
              onChange={(e) => setCalendar(holidaysText, e.target.value)}
            />
          </FormField>
        </div>
        <div className="flex items-center gap-3 text-xs text-fg-muted">
          {canRules && (
            <Button variant="secondary" size="sm" onClick={loadHolidays}>
              {t('campaigns.rules.loadHolidays', { years: `${thisYear}–${thisYear + 1}` })}
            </Button>
          )}
          <span>{t('campaigns.rules.holidaysCount', { count: dates(holidaysText).length })}</span>
        </div>
        {canRules && (
          <div className="flex items-center gap-3">
            <Button onClick={saveRules}>{t('campaigns.rules.save')}</Button>
            {saved && <span className="text-sm text-success-subtle-fg">{t('campaigns.rules.saved')}</span>}
          </div>
        )}
      </Card>
      <Card className="space-y-4 p-6">
        <h2 className="text-base font-semibold text-fg">{t('campaigns.dnc.title')}</h2>
        <p className="text-sm text-fg-muted">{t('campaigns.dnc.description')}</p>
        {canManage && (
          <div className="flex flex-wrap items-end gap-3">
            <FormField label={t('campaigns.dnc.phone')}>
              <Input value={phone} onChange={(e) => setPhone(e.target.value)} data-testid="dnc-phone" />
            </FormField>
            <FormField label={t('campaigns.dnc.reason')}>
              <Input value={reason} onChange={(e) => setReason(e.target.value)} />
            </FormField>
            <Button onClick={add} disabled={!phone.trim()}>
              {t('campaigns.dnc.add')}
            </Button>
          </div>
        )}
        <p className="text-xs text-fg-muted">{t('campaigns.dnc.total', { count: dnc.total })}</p>
        {dnc.entries.length === 0 ? (
          <p className="text-sm text-fg-muted">{t('campaigns.dnc.empty')}</p>
        ) : (
          <Table>
            <TableHead>
              <TableRow>
                <TableHeaderCell>{t('campaigns.dnc.phone')}</TableHeaderCell>
                <TableHeaderCell>{t('campaigns.dnc.reason')}</TableHeaderCell>
                <TableHeaderCell>{t('campaigns.dnc.addedBy')}</TableHeaderCell>
                <TableHeaderCell />
              </TableRow>
            </TableHead>
            <TableBody>
              {dnc.entries.map((e) => (
                <TableRow key={e.id}>
                  <TableCell className="font-mono">{e.phone}</TableCell>
                  <TableCell>{e.reason}</TableCell>
                  <TableCell className="text-xs text-fg-muted">
                    {t(`campaigns.dnc.source.${e.source as 'manual'}`)} {e.addedBy && `· ${e.addedBy}`} ·{' '}
                    {new Date(e.createdAt).toLocaleDateString(locale)}
                  </TableCell>
                  <TableCell>
                    {canManage && (
                      <ConfirmDialog
                        title={t('campaigns.dnc.removeTitle', { phone: e.phone })}
                        trigger={
                          <Button variant="ghost" size="sm">
                            {t('campaigns.dnc.remove')}
                          </Button>
                        }
                        confirmLabel={t('campaigns.dnc.remove')}
                        onConfirm={() => void remove(e.id)}
                      />
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Card>
      <ConsentsCard
        projectId={projectId}
        canManage={canManage}
        consents={consents.map((c) => ({
          ...c,
          grantedAt: String(c.grantedAt),
          revokedAt: c.revokedAt ? String(c.revokedAt) : null,
        }))}
      />
    </div>
  );
}
