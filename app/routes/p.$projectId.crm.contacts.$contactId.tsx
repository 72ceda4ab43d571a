import { Link, useLoaderData, useNavigate, useRevalidator } from '@remix-run/react';
import { useState } from 'react';
import { api } from '~/components/api/api-client';
import { ContactDialog } from '~/components/crm/contact-dialog';
import { formatMoney } from '~/components/crm/crm-types';
import { downloadFromApi } from '~/components/crm/download';
import { Timeline } from '~/components/crm/timeline';
import { Button } from '~/components/ui/button';
import { Checkbox } from '~/components/ui/checkbox';
import { ConfirmDialog } from '~/components/ui/confirm-dialog';
import { Dialog } from '~/components/ui/dialog';
import { Input } from '~/components/ui/input';
import { Textarea } from '~/components/ui/textarea';
import { useToast } from '~/components/ui/use-toast';
import { useLocale, useT } from '~/i18n';
import { can } from '~/.server/access/permissions';
import { listActivities } from '~/.server/crm/activities.server';
import { activityListQuery } from '~/.server/crm/crm-inputs';
import { duplicateCandidates, getContact } from '~/.server/crm/contacts.server';
import { listDeals } from '~/.server/crm/deals.server';
import { listFields } from '~/.server/crm/fields.server';
import { listPipelines } from '~/.server/crm/pipelines.server';
import { MISSING } from '~/.server/http/missing';
import { listMembers } from '~/.server/members/members.server';
import { projectLoader } from '~/.server/http/project-route';
import { getLocale } from '~/i18n/locale.server';

export const loader = projectLoader(
  { permission: 'crm.read', ids: { contactId: MISSING.contact } },
  async ({ request, access, ids }) => {
    const contact = await getContact(access.projectId, ids.contactId);
    const canEdit = can(access.role, 'crm.edit');
    const [timeline, deals, fields, pipelines, duplicates, members] = await Promise.all([
      listActivities(access.projectId, activityListQuery.parse({ contactId: contact.id, limit: 200 })),
      listDeals(access.projectId, { contactId: contact.id, limit: 100 }),
      listFields(access.projectId),
      listPipelines(access.projectId, getLocale(request) === 'ru' ? 'ru' : 'en'),
      canEdit ? duplicateCandidates(access.projectId, contact.id) : Promise.resolve([]),
      listMembers(access.projectId),
    ]);
    return {
      projectId: access.projectId,
      contact,
      activities: timeline.activities,
      deals,
      fields,
      stages: pipelines.flatMap((p) => p.stages),
      duplicates,
      members: members.map((m) => ({ id: m.userId, name: m.name || m.email })),
      canEdit,
      canNote: can(access.role, 'crm.notes'),
      canListen: can(access.role, 'calls.recordings'),
      canOpenCalls: can(access.role, 'calls.read'),
    };
  },
);

/** One person: who they are, their deals, and everything that happened with them (calls play here). */
export default function CrmContact() {
  const data = useLoaderData<typeof loader>();
  const { projectId, contact, activities, deals, fields, stages, duplicates, members, canEdit, canNote } =
    data;
  const ownerName = members.find((m) => m.id === contact.ownerId)?.name ?? '';
  const t = useT();
  const locale = useLocale();
  const navigate = useNavigate();
  const revalidator = useRevalidator();
  const { toast } = useToast();
  const [note, setNote] = useState('');
  const [task, setTask] = useState('');
  const [due, setDue] = useState('');
  const [busy, setBusy] = useState(false);
  const [mergeIds, setMergeIds] = useState<string[]>([]);
  const base = `/api/v1/projects/${projectId}/crm` as const;
  const stageName = new Map(stages.map((s) => [s.id, s.name]));
  const customFields = fields.filter((f) => f.entity === 'contact');

  const run = async (call: () => Promise<{ ok: boolean }>, done?: () => void) => {
    setBusy(true);
    const result = await call();
    setBusy(false);
    if (result.ok) {
      done?.();
      revalidator.revalidate();
    }
  };
  return (
    <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_minmax(0,2fr)]" data-testid="crm-contact">
      <div className="space-y-4">
        <section className="space-y-3 rounded-panel border border-border bg-surface p-4 shadow-card">
          <Link to={`/p/${projectId}/crm`} className="text-sm text-brand hover:underline">
            ← {t('crm.contact.back')}
          </Link>
          <h2 className="text-lg font-semibold text-fg" data-testid="crm-contact-name">
            {contact.name || t('crm.contacts.noName')}
          </h2>
          <dl className="space-y-2 text-sm">
            {[
              [t('crm.contacts.phones'), contact.phones.join(', ')],
              [t('crm.contacts.emails'), contact.emails.join(', ')],
              [t('crm.contacts.company'), contact.company],
              [t('crm.contacts.tags'), contact.tags.join(', ')],
              [t('crm.contact.owner'), ownerName],
              [t('crm.contacts.source'), t(`crm.contacts.sources.${contact.source as 'call'}`)],
              ...customFields.map((f) => [
                f.label,
                contact.fields[f.key] === undefined || contact.fields[f.key] === null
                  ? ''
                  : String(contact.fields[f.key]),
              ]),
            ].map(([label, value]) => (
              <div key={label}>
                <dt className="text-xs text-fg-subtle">{label}</dt>
                <dd className="text-fg">{value || '—'}</dd>
              </div>
            ))}
          </dl>
          {canEdit && (
            <div className="flex flex-wrap gap-2">
              <ContactDialog
                projectId={projectId}
                contact={contact}
                fields={fields}
                members={members}
                trigger={
                  <Button size="sm" variant="secondary">
                    {t('crm.contact.edit')}
                  </Button>
                }
              />
              <Dialog
                title={t('crm.contact.mergeTitle')}
                description={t('crm.contact.mergeHint')}
                trigger={
                  <Button size="sm" variant="secondary">
                    {t('crm.contact.merge')}
                  </Button>
                }
                footer={
                  <Button
                    disabled={mergeIds.length === 0}
                    loading={busy}
                    onClick={() =>
                      void run(
                        () =>
                          api(`${base}/contacts/${contact.id}/merge`, {
                            method: 'POST',
                            json: { duplicateIds: mergeIds },
                          }),
                        () => {
                          toast({
                            title: t('crm.contact.merged', { count: mergeIds.length }),
                            variant: 'success',
                          });
                          setMergeIds([]);
                        },
                      )
                    }
                  >
                    {t('crm.contact.mergeSubmit')}
                  </Button>
                }
              >
                {duplicates.length === 0 ? (
                  <p className="text-sm text-fg-muted">{t('crm.contact.mergeNone')}</p>
                ) : (
                  <ul className="space-y-2">
                    {duplicates.map((d) => (
                      <li key={d.id} className="flex items-center gap-2 text-sm">
                        <Checkbox
                          id={`merge-${d.id}`}
                          checked={mergeIds.includes(d.id)}
                          onCheckedChange={(on) =>
                            setMergeIds((ids) =>
                              on === true ? [...ids, d.id] : ids.filter((x) => x !== d.id),
                            )
                          }
                        />
                        <label htmlFor={`merge-${d.id}`}>
                          {d.name || t('crm.contacts.noName')} · {[...d.phones, ...d.emails].join(', ')}
                        </label>
                      </li>
                    ))}
                  </ul>
                )}
              </Dialog>
              <Button
                size="sm"
                variant="ghost"
                onClick={() =>
                  void downloadFromApi(`${base}/contacts/${contact.id}/export`, `contact-${contact.id}.json`)
                }
              >
                {t('crm.contact.exportData')}
              </Button>
              <ConfirmDialog
                title={t('crm.contact.eraseTitle')}
                description={t('crm.contact.eraseText')}
                confirmLabel={t('crm.contact.erase')}
                trigger={
                  <Button size="sm" variant="danger">
                    {t('crm.contact.erase')}
                  </Button>
                }
                onConfirm={() =>
                  void api(`${base}/contacts/${contact.id}`, { method: 'DELETE' }).then((r) => {
                    if (!r.ok) return;
                    toast({ title: t('crm.contact.erased'), variant: 'success' });
                    navigate(`/p/${projectId}/crm`);
                  })
                }
              />
            </div>
          )}
        </section>
        <section className="space-y-2 rounded-panel border border-border bg-surface p-4 shadow-card">
          <h3 className="text-sm font-semibold text-fg">{t('crm.contact.deals')}</h3>
          {deals.length === 0 ? (
            <p className="text-sm text-fg-muted">{t('crm.contact.noDeals')}</p>
          ) : (
            <ul className="space-y-1 text-sm" data-testid="crm-contact-deals">
              {deals.map((d) => (
                <li key={d.id} className="flex justify-between gap-2">
                  <Link to={`/p/${projectId}/crm/deals`} className="text-fg hover:underline">
                    {d.title}
                  </Link>
                  <span className="text-fg-muted">
                    {stageName.get(d.stageId)} · {formatMoney(d.amount, d.currency, locale)}
                  </span>
                </li>
              ))}
            </ul>
          )}
          {canEdit && (
            <Button
              size="sm"
              variant="ghost"
              onClick={() =>
                void run(() =>
                  api(`${base}/deals`, {
                    method: 'POST',
                    json: {
                      title: contact.name || contact.phones[0] || t('crm.contact.newDeal'),
                      contactId: contact.id,
                    },
                  }),
                )
              }
            >
              {t('crm.contact.newDeal')}
            </Button>
          )}
        </section>
      </div>
      <div className="space-y-4">
        {canNote && (
          <section className="space-y-2 rounded-panel border border-border bg-surface p-4 shadow-card">
            <label htmlFor="crm-note" className="text-sm font-semibold text-fg">
              {t('crm.contact.note')}
            </label>
            <Textarea
              id="crm-note"
              value={note}
              onChange={(e) => setNote(e.currentTarget.value)}
              placeholder={t('crm.contact.notePlaceholder')}
              rows={2}
            />
            <Button
              size="sm"
              disabled={!note.trim()}
              loading={busy}
              onClick={() =>
                void run(
                  () =>
                    api(`${base}/contacts/${contact.id}/notes`, {
                      method: 'POST',
                      json: { body: note.trim() },
                    }),
                  () => setNote(''),
                )
              }
            >
              {t('crm.contact.addNote')}
            </Button>
            {canEdit && (
              <div className="flex flex-wrap items-end gap-2 border-t border-border pt-2">
                <label className="flex-1 space-y-1 text-sm">
                  <span className="text-fg-muted">{t('crm.contact.taskTitle')}</span>
                  <Input value={task} onChange={(e) => setTask(e.currentTarget.value)} />
                </label>
                <label className="space-y-1 text-sm">
                  <span className="text-fg-muted">{t('crm.contact.taskDue')}</span>
                  <Input type="datetime-local" value={due} onChange={(e) => setDue(e.currentTarget.value)} />
                </label>
                <Button
                  size="sm"
                  variant="secondary"
                  disabled={!task.trim()}
                  onClick={() =>
                    void run(
                      () =>
                        api(`${base}/activities`, {
                          method: 'POST',
                          json: {
                            type: 'task',
                            contactId: contact.id,
                            title: task.trim(),
                            dueAt: due ? new Date(due).toISOString() : null,
                          },
                        }),
                      () => {
                        setTask('');
                        setDue('');
                      },
                    )
                  }
                >
                  {t('crm.contact.addTask')}
                </Button>
              </div>
            )}
          </section>
        )}
        <section className="space-y-2">
          <h3 className="text-sm font-semibold text-fg">{t('crm.contact.timeline')}</h3>
          <Timeline
            projectId={projectId}
            activities={activities}
            canEdit={canEdit}
            canListen={data.canListen}
            canOpenCalls={data.canOpenCalls}
          />
        </section>
      </div>
    </div>
  );
}
