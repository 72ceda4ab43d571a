import { useEffect, useRef, useState, type FormEvent } from 'react';
import { z } from 'zod';
import { api } from '~/components/api/api-client';
import { apiFieldMessages } from '~/components/api/api-failure-message';
import { useApiForm } from '~/components/api/use-api-form';
import { PhoneIcon } from '~/components/icons';
import { Button } from '~/components/ui/button';
import { Dialog } from '~/components/ui/dialog';
import { FormField } from '~/components/ui/form-field';
import { Input } from '~/components/ui/input';
import { Select } from '~/components/ui/select';
import { useT } from '~/i18n';
import { sipFailureWords } from './sip-words';
import type { AgentItem, ConnectionItem } from './telephony-types';

const testCallSchema = z.object({
  id: z.string(),
  status: z.enum(['queued', 'trying', 'ringing', 'answered', 'ended', 'failed']),
  sipCode: z.number().nullable(),
  reason: z.string(),
  durationMs: z.number().nullable(),
});
type TestCallItem = z.infer<typeof testCallSchema>;

const STEPS = ['trying', 'ringing', 'answered', 'ended'] as const;
const LIVE = '_live';
const REASONS = ['local_hangup', 'remote_hangup', 'media_timeout', 'error', 'address_refused'] as const;

/** Place a call through a connection with an agent version, and watch it go: polled twice a second. */
export function TestCallDialog({
  projectId,
  connections,
  agents,
}: {
  projectId: string;
  connections: ConnectionItem[];
  agents: AgentItem[];
}) {
  const t = useT();
  const published = agents.filter((a) => a.versions.length > 0);
  const [open, setOpen] = useState(false);
  const [connectionId, setConnectionId] = useState(connections[0]?.id ?? '');
  const [agentId, setAgentId] = useState(published[0]?.id ?? '');
  const [versionId, setVersionId] = useState(LIVE);
  const [call, setCall] = useState<TestCallItem>();
  const [seen, setSeen] = useState<string[]>([]);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const start = useApiForm<TestCallItem>({
    revalidate: false,
    onSuccess: (placed) => {
      setCall(placed);
      setSeen([placed.status]);
      poll(placed.id);
    },
  });
  const failure = start.failure;
  const error = apiFieldMessages(t, failure, 'telephony');
  const agent = published.find((a) => a.id === agentId);
  const running = call !== undefined && call.status !== 'ended' && call.status !== 'failed';
  // Warn before calling through a connection whose registration failed.
  const selected = connections.find((c) => c.id === connectionId);
  const selectedBroken =
    selected?.enabled &&
    (selected.registration?.state === 'failed' || selected.registration?.state === 'refused')
      ? selected.registration
      : null;

  useEffect(() => () => clearTimeout(timer.current), []);

  const poll = (id: string) => {
    timer.current = setTimeout(async () => {
      const got = await api(`/api/v1/projects/${projectId}/test-calls/${id}`, { schema: testCallSchema });
      if (!got.ok) return;
      setCall(got.data);
      setSeen((list) => (list.includes(got.data.status) ? list : [...list, got.data.status]));
      if (got.data.status !== 'ended' && got.data.status !== 'failed') poll(id);
    }, 500);
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    clearTimeout(timer.current);
    setCall(undefined);
    setSeen([]);
    await start.run(() =>
      api(`/api/v1/projects/${projectId}/test-calls`, {
        method: 'POST',
        json: {
          connectionId,
          agentId,
          ...(versionId === LIVE ? {} : { versionId }),
          to: String(form.get('to') ?? '').trim(),
          callerId: String(form.get('callerId') ?? '').trim(),
        },
        schema: testCallSchema,
      }),
    );
  };

  const ready = connections.length > 0 && published.length > 0;
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) clearTimeout(timer.current);
      }}
      trigger={
        <Button variant="secondary">
          <PhoneIcon /> {t('telephony.testCall.open')}
        </Button>
      }
      title={t('telephony.testCall.title')}
      description={t('telephony.testCall.description')}
      footer={
        ready ? (
          <Button type="submit" form="test-call-form" disabled={running}>
            {call ? t('telephony.testCall.again') : t('telephony.testCall.start')}
          </Button>
        ) : undefined
      }
    >
      {!ready ? (
        <p className="text-sm text-fg-muted">{t('telephony.testCall.needSetup')}</p>
      ) : (
        <form id="test-call-form" onSubmit={submit} className="space-y-4" noValidate>
          <FormField label={t('telephony.testCall.connection')} error={error('connectionId')}>
            <Select
              value={connectionId}
              onValueChange={setConnectionId}
              options={connections.map((c) => ({ value: c.id, label: c.name }))}
            />
          </FormField>
          {selectedBroken ? (
            <div
              role="alert"
              data-testid="connection-warning"
              className="rounded-control bg-danger-subtle p-3 text-sm text-danger-subtle-fg"
            >
              <p className="font-medium">{t('newUser.phone.warnTitle')}</p>
              <p>
                {t('newUser.phone.warnText', {
                  cause: sipFailureWords(t, selectedBroken.sipCode, selectedBroken.reason),
                })}
              </p>
            </div>
          ) : null}
          <div className="grid gap-4 sm:grid-cols-2">
            <FormField label={t('telephony.testCall.agent')}>
              <Select
                value={agentId}
                onValueChange={(id) => {
                  setAgentId(id);
                  setVersionId(LIVE);
                }}
                options={published.map((a) => ({ value: a.id, label: a.name }))}
              />
            </FormField>
            <FormField label={t('telephony.testCall.version')}>
              <Select
                value={versionId}
                onValueChange={setVersionId}
                options={[
                  { value: LIVE, label: t('telephony.numberForm.versionLive') },
                  ...(agent?.versions ?? []).map((v) => ({
                    value: v.id,
                    label: t('telephony.numberForm.versionPinned', { number: v.number }),
                  })),
                ]}
              />
            </FormField>
          </div>
          <FormField
            label={t('telephony.testCall.to')}
            hint={t('telephony.testCall.toHint')}
            error={error('to')}
          >
            <Input name="to" autoComplete="off" inputMode="tel" />
          </FormField>
          <FormField label={t('telephony.testCall.callerId')} error={error('callerId')}>
            <Input name="callerId" autoComplete="off" inputMode="tel" />
          </FormField>
          {failure?.code === 'media_server_unavailable' ? (
            <p className="text-sm text-danger" role="alert">
              {t('telephony.testCall.noMediaServer')}
            </p>
          ) : failure && Object.keys(failure.fields).length === 0 ? (
            <p className="text-sm text-danger" role="alert">
              {t('telephony.requestFailed')}
            </p>
          ) : null}
        </form>
      )}
      {call ? (
        <div className="mt-4 space-y-2" data-testid="test-call-progress" data-status={call.status}>
          <ol className="flex flex-wrap gap-2 text-sm">
            {STEPS.map((step) => (
              <li
                key={step}
                className={
                  seen.includes(step) || (step === 'ended' && call.status === 'ended')
                    ? 'rounded-full bg-brand-subtle px-2.5 py-0.5 text-brand-subtle-fg'
                    : 'rounded-full bg-surface-muted px-2.5 py-0.5 text-fg-subtle'
                }
              >
                {t(`telephony.testCall.states.${step}`)}
              </li>
            ))}
          </ol>
          <p className="text-sm text-fg" role="status">
            {t(`telephony.testCall.states.${call.status}`)}
            {call.sipCode !== null ? ` · ${t('telephony.testCall.sipCode', { code: call.sipCode })}` : ''}
            {call.status === 'failed' && call.sipCode !== null
              ? ` · ${sipFailureWords(t, call.sipCode, call.reason)}`
              : ''}
            {call.durationMs !== null && call.status === 'ended'
              ? ` · ${t('telephony.testCall.duration', { seconds: Math.round(call.durationMs / 100) / 10 })}`
              : ''}
            {(REASONS as readonly string[]).includes(call.reason)
              ? ` · ${t(`telephony.testCall.reasons.${call.reason as (typeof REASONS)[number]}`)}`
              : call.reason
                ? ` · ${call.reason}`
                : ''}
          </p>
        </div>
      ) : null}
    </Dialog>
  );
}
