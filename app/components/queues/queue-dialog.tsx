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
import { AFTER_WAIT, type AfterWait, type QueueItem } from './queue-types';

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const NONE = '_none';

interface Props {
  projectId: string;
  timeZone: string;
  /** Blocks of the project's agents a caller can be sent back to. */
  blocks: { id: string; label: string }[];
  /** Every queue of the project (the "another queue" choice lists the others). */
  queues: QueueItem[];
  queue?: QueueItem;
  trigger: ReactNode;
}

/** The first interval of the first open day, for the one-interval editor (as the numbers screen has). */
function firstInterval(hours: QueueItem['workingHours']): [string, string] {
  for (const day of DAYS) {
    const first = hours?.days[day]?.[0];
    if (first) return first;
  }
  return ['09:00', '18:00'];
}

const list = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** Add or edit an operator queue: name, skills, wait rules, the after-wait action and working hours. */
export function QueueDialog({ projectId, timeZone, blocks, queues, queue, trigger }: Props) {
  const t = useT();
  const initialDays = () =>
    queue?.workingHours
      ? DAYS.filter((d) => queue.workingHours?.days[d]?.length)
      : ['mon', 'tue', 'wed', 'thu', 'fri'];
  const [afterWait, setAfterWait] = useState<AfterWait>(queue?.afterWait ?? 'hangup');
  const [nodeId, setNodeId] = useState(queue?.afterWaitNodeId ?? NONE);
  const [otherQueue, setOtherQueue] = useState(queue?.afterWait === 'queue' ? queue.afterWaitTarget : NONE);
  const [hoursOn, setHoursOn] = useState(Boolean(queue?.workingHours));
  const [days, setDays] = useState<string[]>(initialDays);
  // The dialog stays mounted between openings: each opening starts from the queue's values (or a new
  // queue's defaults), not from what was chosen the last time.
  const reset = () => {
    setAfterWait(queue?.afterWait ?? 'hangup');
    setNodeId(queue?.afterWaitNodeId ?? NONE);
    setOtherQueue(queue?.afterWait === 'queue' ? queue.afterWaitTarget : NONE);
    setHoursOn(Boolean(queue?.workingHours));
    setDays(initialDays());
  };
  const [from, to] = firstInterval(queue?.workingHours ?? null);

  const submit = (form: FormData) => {
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const number = (name: string) => (text(name) === '' ? Number.NaN : Number(text(name)));
    const interval: [string, string] = [text('from'), text('to')];
    const body = {
      name: text('name'),
      languages: list(text('languages')),
      topics: list(text('topics')),
      priority: number('priority'),
      maxWaitSeconds: number('maxWaitSeconds'),
      announceEverySeconds: number('announceEverySeconds'),
      offerTimeoutSeconds: number('offerTimeoutSeconds'),
      wrapUpSeconds: number('wrapUpSeconds'),
      afterWait,
      afterWaitNodeId: afterWait === 'node' && nodeId !== NONE ? nodeId : null,
      afterWaitTarget:
        afterWait === 'number'
          ? text('afterWaitNumber')
          : afterWait === 'queue' && otherQueue !== NONE
            ? otherQueue
            : '',
      afterWaitMessage: text('afterWaitMessage'),
      workingHours: hoursOn ? { days: Object.fromEntries(days.map((d) => [d, [interval]])) } : null,
    };
    const base = `/api/v1/projects/${projectId}/queues` as const;
    return queue
      ? api(`${base}/${queue.id}`, { method: 'PATCH', json: body })
      : api(base, { method: 'POST', json: body });
  };

  const formId = queue ? `queue-form-${queue.id}` : 'queue-form';
  const others = queues.filter((q) => q.id !== queue?.id);
  return (
    <ApiFormDialog
      formId={formId}
      trigger={trigger}
      size="lg"
      title={queue ? t('queues.form.editTitle', { name: queue.name }) : t('queues.form.addTitle')}
      submitLabel={queue ? t('queues.form.save') : t('queues.form.create')}
      submit={submit}
      onOpen={reset}
      formClassName="grid gap-4 sm:grid-cols-2"
    >
      {(failure) => {
        const error = apiFieldMessages(t, failure, 'queues');
        const seconds = (name: string, label: string, fallback: number, hint?: string) => (
          <FormField label={label} hint={hint} error={error(name)}>
            <Input name={name} type="number" defaultValue={String(fallback)} />
          </FormField>
        );
        return (
          <>
            <FormField
              label={t('queues.form.name')}
              hint={t('queues.form.nameHint')}
              error={error('name')}
              className="sm:col-span-2"
            >
              <Input name="name" defaultValue={queue?.name ?? ''} autoComplete="off" />
            </FormField>
            <FormField
              label={t('queues.form.languages')}
              hint={t('queues.form.languagesHint')}
              error={error('languages')}
            >
              <Input name="languages" defaultValue={queue?.languages.join(', ') ?? ''} />
            </FormField>
            <FormField
              label={t('queues.form.topics')}
              hint={t('queues.form.topicsHint')}
              error={error('topics')}
            >
              <Input name="topics" defaultValue={queue?.topics.join(', ') ?? ''} />
            </FormField>
            {seconds(
              'priority',
              t('queues.form.priority'),
              queue?.priority ?? 0,
              t('queues.form.priorityHint'),
            )}
            {seconds('maxWaitSeconds', t('queues.form.maxWait'), queue?.maxWaitSeconds ?? 300)}
            {seconds(
              'announceEverySeconds',
              t('queues.form.announce'),
              queue?.announceEverySeconds ?? 30,
              t('queues.form.announceHint'),
            )}
            {seconds('offerTimeoutSeconds', t('queues.form.offerTimeout'), queue?.offerTimeoutSeconds ?? 20)}
            {seconds('wrapUpSeconds', t('queues.form.wrapUp'), queue?.wrapUpSeconds ?? 60)}
            <FormField label={t('queues.form.afterWait')} className="sm:col-span-2">
              <Select
                value={afterWait}
                onValueChange={(v) => setAfterWait(v as AfterWait)}
                options={AFTER_WAIT.map((a) => ({ value: a, label: t(`queues.after.${a}`) }))}
              />
            </FormField>
            {afterWait === 'node' ? (
              <FormField label={t('queues.form.afterWaitNode')} error={error('afterWaitNodeId')}>
                <Select
                  value={nodeId}
                  onValueChange={setNodeId}
                  options={[
                    { value: NONE, label: t('queues.form.afterWaitNodeNone') },
                    ...blocks.map((b) => ({ value: b.id, label: b.label })),
                  ]}
                />
              </FormField>
            ) : null}
            {afterWait === 'number' ? (
              <FormField label={t('queues.form.afterWaitNumber')} error={error('afterWaitTarget')}>
                <Input
                  name="afterWaitNumber"
                  type="tel"
                  defaultValue={queue?.afterWait === 'number' ? queue.afterWaitTarget : ''}
                />
              </FormField>
            ) : null}
            {afterWait === 'queue' ? (
              <FormField label={t('queues.form.afterWaitQueue')} error={error('afterWaitTarget')}>
                <Select
                  value={otherQueue}
                  onValueChange={setOtherQueue}
                  options={[
                    { value: NONE, label: t('queues.form.afterWaitQueueNone') },
                    ...others.map((q) => ({ value: q.name, label: q.name })),
                  ]}
                />
              </FormField>
            ) : null}
            <FormField
              label={t('queues.form.afterWaitMessage')}
              hint={t('queues.form.afterWaitMessageHint')}
              error={error('afterWaitMessage')}
              className="sm:col-span-2"
            >
              <Textarea name="afterWaitMessage" defaultValue={queue?.afterWaitMessage ?? ''} rows={2} />
            </FormField>
            <div className="flex items-center gap-2 sm:col-span-2">
              <Checkbox
                id={`${formId}-hours`}
                checked={hoursOn}
                onCheckedChange={(on) => setHoursOn(on === true)}
              />
              <Label htmlFor={`${formId}-hours`}>{t('queues.form.hours')}</Label>
              {!hoursOn ? (
                <span className="text-sm text-fg-subtle">— {t('queues.form.hoursOff')}</span>
              ) : null}
            </div>
            {hoursOn ? (
              <>
                <p className="text-sm text-fg-subtle sm:col-span-2">
                  {t('queues.form.hoursHint', { zone: timeZone })}
                </p>
                <div className="grid grid-cols-2 gap-2 sm:col-span-2">
                  <FormField label={t('queues.form.from')} error={error('workingHours')}>
                    <Input name="from" type="time" defaultValue={from} />
                  </FormField>
                  <FormField label={t('queues.form.to')}>
                    <Input name="to" type="time" defaultValue={to} />
                  </FormField>
                </div>
                <fieldset className="flex flex-wrap gap-3 sm:col-span-2">
                  <legend className="mb-1 text-sm font-medium text-fg">{t('queues.form.days')}</legend>
                  {DAYS.map((day) => (
                    <span key={day} className="flex items-center gap-1.5">
                      <Checkbox
                        id={`${formId}-${day}`}
                        checked={days.includes(day)}
                        onCheckedChange={(on) =>
                          setDays((all) => (on ? [...all, day] : all.filter((d) => d !== day)))
                        }
                      />
                      <Label htmlFor={`${formId}-${day}`}>{t(`telephony.weekdays.${day}`)}</Label>
                    </span>
                  ))}
                </fieldset>
              </>
            ) : null}
          </>
        );
      }}
    </ApiFormDialog>
  );
}
