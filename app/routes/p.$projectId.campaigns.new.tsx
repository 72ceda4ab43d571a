import type { MetaFunction } from '@remix-run/node';
import { useLoaderData, useNavigate } from '@remix-run/react';
import { useState, type ReactNode } from 'react';
import { api, type ApiFailure } from '~/components/api/api-client';
import { ApiAlert } from '~/components/campaigns/api-alert';
import { campaignSchema } from '~/components/campaigns/campaign-types';
import { defaultForm, doneValue, ZONES, type CampaignForm } from '~/components/campaigns/campaign-form';
import { ContactsStep } from '~/components/campaigns/contacts-step';
import { Button } from '~/components/ui/button';
import { Card } from '~/components/ui/card';
import { FormField } from '~/components/ui/form-field';
import { controlClasses, Input } from '~/components/ui/input';
import { PageHeader } from '~/components/ui/page-header';
import { cn } from '~/components/ui/cn';
import { useLocale, useT } from '~/i18n';
import { en } from '~/i18n/en';
import { translatorFromMatches } from '~/i18n/meta';
import { agentVersionChoices } from '~/.server/agents/agents.server';
import { projectLoader } from '~/.server/http/project-route';
import { listSipConnections } from '~/.server/telephony/sip-connections.server';

export const meta: MetaFunction = ({ matches }) => [
  { title: translatorFromMatches(matches, en)('campaigns.wizard.title') },
];

export const loader = projectLoader({ permission: 'campaigns.manage' }, async ({ access }) => {
  const [agents, connections] = await Promise.all([
    agentVersionChoices(access.projectId),
    listSipConnections(access.projectId),
  ]);
  return {
    projectId: access.projectId,
    agents: agents.map((a) => ({ id: a.id, name: a.name, live: a.liveVersion?.number ?? null })),
    connections: connections.map((c) => ({ id: c.id, name: c.name })),
  };
});

const STEPS = ['agent', 'contacts', 'schedule', 'retries', 'review'] as const;
type Step = (typeof STEPS)[number];

export default function NewCampaignPage() {
  const { projectId, agents, connections } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const navigate = useNavigate();
  const [step, setStep] = useState<Step>('agent');
  const [form, setForm] = useState<CampaignForm>(() =>
    defaultForm(agents[0]?.id ?? '', connections[0]?.id ?? ''),
  );
  const [campaignId, setCampaignId] = useState<string | null>(null);
  const [contacts, setContacts] = useState(0);
  const [failure, setFailure] = useState<ApiFailure | undefined>();
  const [busy, setBusy] = useState(false);
  const base = `/api/v1/projects/${projectId}/campaigns` as const;
  const set = <K extends keyof CampaignForm>(key: K, value: CampaignForm[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  const setSchedule = (patch: Partial<CampaignForm['schedule']>) =>
    set('schedule', { ...form.schedule, ...patch });
  const dayName = (d: number) =>
    new Intl.DateTimeFormat(locale, { weekday: 'short' }).format(new Date(Date.UTC(2024, 0, d)));

  /** Saves what the steps so far chose: the draft is created at the first step and changed after. */
  const save = async (next: Step) => {
    setBusy(true);
    const body = {
      ...form,
      schedule: {
        ...form.schedule,
        startDate: form.schedule.startDate || undefined,
        endDate: form.schedule.endDate || undefined,
      },
    };
    const answer = campaignId
      ? await api(`${base}/${campaignId}`, { method: 'PATCH', json: body, schema: campaignSchema })
      : await api(base, { method: 'POST', json: body, schema: campaignSchema });
    setBusy(false);
    if (!answer.ok) return setFailure(answer.error);
    setFailure(undefined);
    setCampaignId(answer.data.id);
    setStep(next);
  };

  const start = async () => {
    if (!campaignId) return;
    setBusy(true);
    const answer = await api(`${base}/${campaignId}/start`, { method: 'POST', schema: campaignSchema });
    setBusy(false);
    if (!answer.ok) return setFailure(answer.error);
    navigate(`/p/${projectId}/campaigns/${campaignId}`);
  };

  const nav = (back: Step | null, next: ReactNode) => (
    <div className="flex justify-between pt-2">
      {back ? (
        <Button type="button" variant="secondary" onClick={() => setStep(back)}>
          {t('campaigns.wizard.back')}
        </Button>
      ) : (
        <span />
      )}
      {next}
    </div>
  );
  const num = (value: number, on: (n: number) => void, min = 1, max = 10_000) => (
    <Input type="number" min={min} max={max} value={value} onChange={(e) => on(Number(e.target.value))} />
  );

  return (
    <div className="space-y-6">
      <PageHeader title={t('campaigns.wizard.title')} />
      <ol className="flex flex-wrap gap-2 text-sm" aria-label={t('campaigns.wizard.title')}>
        {STEPS.map((s, i) => (
          <li
            key={s}
            aria-current={s === step ? 'step' : undefined}
            className={cn(
              'rounded-full px-3 py-1',
              s === step ? 'bg-brand text-brand-fg' : 'bg-surface-muted text-fg-muted',
            )}
          >
            {i + 1}. {t(`campaigns.wizard.steps.${s}`)}
          </li>
        ))}
      </ol>
      <Card className="space-y-5 p-6">
        <ApiAlert failure={failure} />
        {step === 'agent' && (
          <>
            <FormField label={t('campaigns.wizard.name')}>
              <Input
                name="name"
                value={form.name}
                maxLength={120}
                onChange={(e) => set('name', e.target.value)}
              />
            </FormField>
            <FormField label={t('campaigns.wizard.agent')}>
              <select
                className={controlClasses}
                name="agentId"
                value={form.agentId}
                onChange={(e) => set('agentId', e.target.value)}
              >
                {agents.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name} {a.live ? `(v${a.live})` : `(${t('campaigns.wizard.agentUnpublished')})`}
                  </option>
                ))}
              </select>
            </FormField>
            {connections.length === 0 ? (
              <p className="text-sm text-danger">{t('campaigns.wizard.noConnection')}</p>
            ) : (
              <FormField label={t('campaigns.wizard.connection')}>
                <select
                  className={controlClasses}
                  name="connectionId"
                  value={form.connectionId}
                  onChange={(e) => set('connectionId', e.target.value)}
                >
                  {connections.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.name}
                    </option>
                  ))}
                </select>
              </FormField>
            )}
            <FormField label={t('campaigns.wizard.callerId')} hint={t('campaigns.wizard.callerIdHint')}>
              <Input
                name="callerId"
                value={form.callerId}
                onChange={(e) => set('callerId', e.target.value)}
              />
            </FormField>
            {nav(
              null,
              <Button
                type="button"
                disabled={busy || !form.agentId || !form.connectionId}
                onClick={() => save('contacts')}
              >
                {t('campaigns.wizard.next')}
              </Button>,
            )}
          </>
        )}
        {step === 'contacts' && campaignId && (
          <>
            <ContactsStep
              projectId={projectId}
              campaignId={campaignId}
              onAdded={(a) => setContacts((n) => n + a.added)}
            />
            {nav(
              'agent',
              <Button type="button" disabled={contacts === 0} onClick={() => setStep('schedule')}>
                {t('campaigns.wizard.next')}
              </Button>,
            )}
          </>
        )}
        {step === 'schedule' && (
          <>
            <fieldset className="space-y-2">
              <legend className="text-sm font-medium text-fg">{t('campaigns.wizard.weekdays')}</legend>
              <div className="flex flex-wrap gap-3">
                {[1, 2, 3, 4, 5, 6, 7].map((d) => (
                  <label key={d} className="flex items-center gap-1.5 text-sm">
                    <input
                      type="checkbox"
                      checked={form.schedule.weekdays.includes(d)}
                      onChange={(e) =>
                        setSchedule({
                          weekdays: e.target.checked
                            ? [...form.schedule.weekdays, d].sort()
                            : form.schedule.weekdays.filter((x) => x !== d),
                        })
                      }
                    />
                    {dayName(d)}
                  </label>
                ))}
              </div>
            </fieldset>
            <div className="grid gap-4 sm:grid-cols-4">
              <FormField label={t('campaigns.wizard.from')}>
                <Input
                  type="time"
                  value={form.schedule.from}
                  onChange={(e) => setSchedule({ from: e.target.value })}
                />
              </FormField>
              <FormField label={t('campaigns.wizard.to')}>
                <Input
                  type="time"
                  value={form.schedule.to}
                  onChange={(e) => setSchedule({ to: e.target.value })}
                />
              </FormField>
              <FormField label={t('campaigns.wizard.startDate')}>
                <Input
                  type="date"
                  value={form.schedule.startDate ?? ''}
                  onChange={(e) => setSchedule({ startDate: e.target.value })}
                />
              </FormField>
              <FormField label={t('campaigns.wizard.endDate')}>
                <Input
                  type="date"
                  value={form.schedule.endDate ?? ''}
                  onChange={(e) => setSchedule({ endDate: e.target.value })}
                />
              </FormField>
            </div>
            <FormField label={t('campaigns.wizard.timezone')} hint={t('campaigns.wizard.timezoneHint')}>
              <select
                className={controlClasses}
                value={form.schedule.defaultTimezone}
                onChange={(e) => setSchedule({ defaultTimezone: e.target.value })}
              >
                {ZONES.map((z) => (
                  <option key={z}>{z}</option>
                ))}
              </select>
            </FormField>
            <div className="grid gap-4 sm:grid-cols-2">
              <FormField label={t('campaigns.wizard.maxConcurrent')}>
                {num(form.maxConcurrent, (n) => set('maxConcurrent', n), 1, 500)}
              </FormField>
              <FormField label={t('campaigns.wizard.callsPerMinute')}>
                {num(form.callsPerMinute, (n) => set('callsPerMinute', n), 1, 6000)}
              </FormField>
            </div>
            {nav(
              'contacts',
              <Button type="button" disabled={busy} onClick={() => save('retries')}>
                {t('campaigns.wizard.next')}
              </Button>,
            )}
          </>
        )}
        {step === 'retries' && (
          <>
            <FormField label={t('campaigns.wizard.maxAttempts')}>
              {num(form.maxAttempts, (n) => set('maxAttempts', n), 1, 20)}
            </FormField>
            <div className="space-y-2">
              {(['busy', 'no_answer', 'failed', 'machine', 'not_done'] as const).map((o) => (
                <div key={o} className="flex flex-wrap items-center gap-3 text-sm">
                  <label className="flex w-56 items-center gap-1.5">
                    <input
                      type="checkbox"
                      checked={form.retry[o].retry}
                      onChange={(e) =>
                        set('retry', { ...form.retry, [o]: { ...form.retry[o], retry: e.target.checked } })
                      }
                    />
                    {t('campaigns.wizard.retryOn')}: {t(`campaigns.outcome.${o}`)}
                  </label>
                  <span className="text-fg-muted">{t('campaigns.wizard.retry')}</span>
                  <Input
                    type="number"
                    className="w-24"
                    min={1}
                    value={form.retry[o].delayMinutes}
                    aria-label={`${t('campaigns.wizard.retry')} ${t(`campaigns.outcome.${o}`)}`}
                    onChange={(e) =>
                      set('retry', {
                        ...form.retry,
                        [o]: { ...form.retry[o], delayMinutes: Number(e.target.value) },
                      })
                    }
                  />
                  <span className="text-fg-muted">{t('campaigns.wizard.minutes')}</span>
                </div>
              ))}
            </div>
            <div className="grid gap-4 sm:grid-cols-2">
              <FormField label={t('campaigns.wizard.doneField')} hint={t('campaigns.wizard.doneHint')}>
                <Input
                  value={form.doneCriteria?.field ?? ''}
                  placeholder="confirmed"
                  onChange={(e) =>
                    set(
                      'doneCriteria',
                      e.target.value
                        ? { field: e.target.value, equals: form.doneCriteria?.equals ?? true }
                        : null,
                    )
                  }
                />
              </FormField>
              <FormField label={t('campaigns.wizard.doneEquals')}>
                <Input
                  value={String(form.doneCriteria?.equals ?? 'true')}
                  disabled={!form.doneCriteria}
                  onChange={(e) =>
                    form.doneCriteria &&
                    set('doneCriteria', { ...form.doneCriteria, equals: doneValue(e.target.value) })
                  }
                />
              </FormField>
            </div>
            <FormField label={t('campaigns.wizard.machineAction')}>
              <select
                className={controlClasses}
                value={form.machineAction}
                onChange={(e) => set('machineAction', e.target.value as CampaignForm['machineAction'])}
              >
                <option value="hangup">{t('campaigns.wizard.machineHangup')}</option>
                <option value="leave_message">{t('campaigns.wizard.machineMessage')}</option>
                <option value="none">{t('campaigns.wizard.machineNone')}</option>
              </select>
            </FormField>
            <FormField label={t('campaigns.wizard.purpose')}>
              <Input value={form.purpose} maxLength={500} onChange={(e) => set('purpose', e.target.value)} />
            </FormField>
            <label className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                checked={form.requireConsent}
                onChange={(e) => set('requireConsent', e.target.checked)}
              />
              {t('campaigns.wizard.requireConsent')}
            </label>
            {nav(
              'schedule',
              <Button type="button" disabled={busy} onClick={() => save('review')}>
                {t('campaigns.wizard.next')}
              </Button>,
            )}
          </>
        )}
        {step === 'review' && (
          <>
            <h2 className="text-base font-semibold text-fg">{t('campaigns.wizard.review')}</h2>
            <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-2" data-testid="campaign-review">
              <dt className="text-fg-muted">{t('campaigns.wizard.name')}</dt>
              <dd>{form.name}</dd>
              <dt className="text-fg-muted">{t('campaigns.wizard.agent')}</dt>
              <dd>{agents.find((a) => a.id === form.agentId)?.name}</dd>
              <dt className="text-fg-muted">{t('campaigns.live.counters.total')}</dt>
              <dd>{contacts}</dd>
              <dt className="text-fg-muted">{t('campaigns.wizard.weekdays')}</dt>
              <dd>
                {form.schedule.weekdays.map(dayName).join(', ')} · {form.schedule.from}–{form.schedule.to}
              </dd>
              <dt className="text-fg-muted">{t('campaigns.wizard.maxConcurrent')}</dt>
              <dd>
                {form.maxConcurrent} · {t('campaigns.wizard.callsPerMinute')}: {form.callsPerMinute}
              </dd>
              <dt className="text-fg-muted">{t('campaigns.wizard.maxAttempts')}</dt>
              <dd>{form.maxAttempts}</dd>
            </dl>
            {nav(
              'retries',
              <div className="flex gap-2">
                <Button
                  type="button"
                  variant="secondary"
                  onClick={() => navigate(`/p/${projectId}/campaigns/${campaignId}`)}
                >
                  {t('campaigns.wizard.saveDraft')}
                </Button>
                <Button type="button" disabled={busy} onClick={start}>
                  {t('campaigns.wizard.start')}
                </Button>
              </div>,
            )}
          </>
        )}
      </Card>
    </div>
  );
}
