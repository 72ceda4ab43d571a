import { useState, type ReactNode } from 'react';
import { api } from '~/components/api/api-client';
import { ApiFormDialog } from '~/components/api/api-form-dialog';
import { apiFieldMessages } from '~/components/api/api-failure-message';
import { Checkbox } from '~/components/ui/checkbox';
import { FormField } from '~/components/ui/form-field';
import { Input } from '~/components/ui/input';
import { Label } from '~/components/ui/label';
import { Select } from '~/components/ui/select';
import { Textarea } from '~/components/ui/textarea';
import { useT } from '~/i18n';
import type { AgentItem, ConnectionItem, NumberItem, WorkingHoursItem } from './telephony-types';

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const NONE = '_none';
const LIVE = '_live';

interface Props {
  projectId: string;
  connections: ConnectionItem[];
  agents: AgentItem[];
  number?: NumberItem;
  trigger: ReactNode;
}

/** The first interval of the first open day, for the simple one-interval editor. */
function firstInterval(hours: WorkingHoursItem | null): [string, string] {
  for (const day of DAYS) {
    const first = hours?.days[day]?.[0];
    if (first) return first;
  }
  return ['09:00', '18:00'];
}

/** Add or edit a number: connection, agent (live or pinned version), caller ID, hours and after hours. */
export function NumberDialog({ projectId, connections, agents, number, trigger }: Props) {
  const t = useT();
  const [connectionId, setConnectionId] = useState(number?.connection?.id ?? connections[0]?.id ?? NONE);
  const [agentId, setAgentId] = useState(number?.agent?.id ?? agents[0]?.id ?? NONE);
  const [versionId, setVersionId] = useState(number?.pinnedVersion?.id ?? LIVE);
  const [hoursOn, setHoursOn] = useState(number?.workingHours !== null && number?.workingHours !== undefined);
  const [days, setDays] = useState<string[]>(
    number?.workingHours
      ? DAYS.filter((d) => number.workingHours?.days[d]?.length)
      : ['mon', 'tue', 'wed', 'thu', 'fri'],
  );
  const [afterAgent, setAfterAgent] = useState(number?.afterHoursAgent?.id ?? NONE);
  const agent = agents.find((a) => a.id === agentId);
  const [from, to] = firstInterval(number?.workingHours ?? null);

  const submit = (form: FormData) => {
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const interval: [string, string] = [text('from'), text('to')];
    const body = {
      address: text('address'),
      label: text('label'),
      connectionId: connectionId === NONE ? null : connectionId,
      agentId: agentId === NONE ? null : agentId,
      pinnedVersionId: versionId === LIVE || agentId === NONE ? null : versionId,
      outboundCallerId: text('outboundCallerId'),
      workingHours: hoursOn
        ? { timezone: text('timezone'), days: Object.fromEntries(days.map((d) => [d, [interval]])) }
        : null,
      afterHoursAgentId: hoursOn && afterAgent !== NONE ? afterAgent : null,
      afterHoursMessage: hoursOn ? text('afterHoursMessage') : '',
    };
    const base = `/api/v1/projects/${projectId}/phone-numbers` as const;
    return number
      ? api(`${base}/${number.id}`, { method: 'PATCH', json: body })
      : api(base, { method: 'POST', json: body });
  };

  const formId = number ? `number-form-${number.id}` : 'number-form';
  return (
    <ApiFormDialog
      formId={formId}
      trigger={trigger}
      size="lg"
      title={
        number
          ? t('telephony.numberForm.editTitle', { address: number.address })
          : t('telephony.numberForm.addTitle')
      }
      submitLabel={number ? t('telephony.numberForm.save') : t('telephony.numberForm.create')}
      submit={submit}
      formClassName="grid gap-4 sm:grid-cols-2"
    >
      {(failure) => {
        const error = apiFieldMessages(t, failure, 'telephony');
        return (
          <>
            <FormField
              label={t('telephony.numberForm.address')}
              hint={t('telephony.numberForm.addressHint')}
              error={error('address')}
              className="sm:col-span-2"
            >
              <Input name="address" defaultValue={number?.address ?? ''} autoComplete="off" />
            </FormField>
            <FormField label={t('telephony.numberForm.label')}>
              <Input name="label" defaultValue={number?.label ?? ''} />
            </FormField>
            <FormField label={t('telephony.numberForm.connection')}>
              <Select
                value={connectionId}
                onValueChange={setConnectionId}
                options={[
                  { value: NONE, label: t('telephony.numberForm.noConnection') },
                  ...connections.map((c) => ({ value: c.id, label: c.name })),
                ]}
              />
            </FormField>
            <FormField label={t('telephony.numberForm.agent')}>
              <Select
                value={agentId}
                onValueChange={(id) => {
                  setAgentId(id);
                  setVersionId(LIVE);
                }}
                options={[
                  { value: NONE, label: t('telephony.numberForm.noAgent') },
                  ...agents.map((a) => ({ value: a.id, label: a.name })),
                ]}
              />
            </FormField>
            <FormField label={t('telephony.numberForm.version')} error={error('pinnedVersionId')}>
              <Select
                value={versionId}
                onValueChange={setVersionId}
                disabled={!agent}
                options={[
                  { value: LIVE, label: t('telephony.numberForm.versionLive') },
                  ...(agent?.versions ?? []).map((v) => ({
                    value: v.id,
                    label: t('telephony.numberForm.versionPinned', { number: v.number }),
                  })),
                ]}
              />
            </FormField>
            <FormField label={t('telephony.numberForm.callerId')} error={error('outboundCallerId')}>
              <Input name="outboundCallerId" defaultValue={number?.outboundCallerId ?? ''} />
            </FormField>
            <div className="flex items-center gap-2 sm:col-span-2">
              <Checkbox
                id={`${formId}-hours`}
                checked={hoursOn}
                onCheckedChange={(on) => setHoursOn(on === true)}
              />
              <Label htmlFor={`${formId}-hours`}>{t('telephony.numberForm.hours')}</Label>
              {!hoursOn ? (
                <span className="text-sm text-fg-subtle">— {t('telephony.numberForm.hoursOff')}</span>
              ) : null}
            </div>
            {hoursOn ? (
              <>
                <FormField label={t('telephony.numberForm.timezone')} error={error('workingHours')}>
                  <Input name="timezone" defaultValue={number?.workingHours?.timezone ?? 'Europe/Moscow'} />
                </FormField>
                <div className="grid grid-cols-2 gap-2">
                  <FormField label={t('telephony.numberForm.from')}>
                    <Input name="from" type="time" defaultValue={from} />
                  </FormField>
                  <FormField label={t('telephony.numberForm.to')}>
                    <Input name="to" type="time" defaultValue={to} />
                  </FormField>
                </div>
                <fieldset className="flex flex-wrap gap-3 sm:col-span-2">
                  <legend className="mb-1 text-sm font-medium text-fg">
                    {t('telephony.numberForm.days')}
                  </legend>
                  {DAYS.map((day) => (
                    <span key={day} className="flex items-center gap-1.5">
                      <Checkbox
                        id={`${formId}-${day}`}
                        checked={days.includes(day)}
                        onCheckedChange={(on) =>
                          setDays((list) => (on ? [...list, day] : list.filter((d) => d !== day)))
                        }
                      />
                      <Label htmlFor={`${formId}-${day}`}>{t(`telephony.weekdays.${day}`)}</Label>
                    </span>
                  ))}
                </fieldset>
                <FormField label={t('telephony.numberForm.afterHoursAgent')}>
                  <Select
                    value={afterAgent}
                    onValueChange={setAfterAgent}
                    options={[
                      { value: NONE, label: t('telephony.numberForm.afterHoursNone') },
                      ...agents.map((a) => ({ value: a.id, label: a.name })),
                    ]}
                  />
                </FormField>
                <FormField label={t('telephony.numberForm.afterHoursMessage')}>
                  <Textarea
                    name="afterHoursMessage"
                    defaultValue={number?.afterHoursMessage ?? ''}
                    rows={2}
                  />
                </FormField>
              </>
            ) : null}
          </>
        );
      }}
    </ApiFormDialog>
  );
}
