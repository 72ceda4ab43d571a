import type { MetaFunction } from '@remix-run/node';
import { useFetcher, useLoaderData } from '@remix-run/react';
import { useEffect, useState } from 'react';
import { z } from 'zod';
import { CopyField } from '~/components/access/copy-field';
import { FormAlert } from '~/components/forms/form-alert';
import { failureMessage, fieldMessage, isFailure } from '~/components/forms/form-messages';
import { RoleBadge } from '~/components/access/role-badge';
import { PlusIcon } from '~/components/icons';
import { Button } from '~/components/ui/button';
import { ConfirmDialog } from '~/components/ui/confirm-dialog';
import { Dialog, DialogClose } from '~/components/ui/dialog';
import { FormField } from '~/components/ui/form-field';
import { Input } from '~/components/ui/input';
import { PageHeader } from '~/components/ui/page-header';
import { Select } from '~/components/ui/select';
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from '~/components/ui/table';
import { useToast } from '~/components/ui/use-toast';
import { useLocale, useT } from '~/i18n';
import { en } from '~/i18n/en';
import { translatorFromMatches } from '~/i18n/meta';
import { can, ROLES, type Role } from '~/.server/access/permissions';
import { canGrantRole, canManageMember } from '~/.server/access/role-rules';
import { publicUrl } from '~/.server/http/public-url';
import {
  createInvitation,
  createInvitationInput,
  invitationPath,
  listPendingInvitations,
  revokeInvitation,
} from '~/.server/members/invitations.server';
import { changeMemberRole, listMembers, removeMember } from '~/.server/members/members.server';
import { readForm } from '~/.server/forms/read-form';
import { projectAction, projectLoader } from '~/.server/http/project-route';

export const meta: MetaFunction = ({ matches }) => [
  { title: translatorFromMatches(matches, en)('members.metaTitle') },
];

export const loader = projectLoader({ permission: 'members.read' }, async ({ access, user }) => {
  const manage = can(access.role, 'members.manage');
  const [members, invitations] = await Promise.all([
    listMembers(access.projectId),
    manage ? listPendingInvitations(access.projectId) : Promise.resolve([]),
  ]);
  return {
    meId: user.id,
    manage,
    grantable: manage ? ROLES.filter((r) => canGrantRole(access.role, r)) : [],
    members: members.map((m) => ({
      ...m,
      manageable: manage && m.userId !== user.id && canManageMember(access.role, m.role),
    })),
    invitations,
  };
});

const intentSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('invite'), role: z.string(), email: z.string().optional() }),
  z.object({ intent: z.literal('role'), userId: z.uuid(), role: z.enum(ROLES) }),
  z.object({ intent: z.literal('remove'), userId: z.uuid() }),
  z.object({ intent: z.literal('revoke'), invitationId: z.uuid() }),
]);

export const action = projectAction({ permission: 'members.manage' }, async ({ request, ctx }) => {
  const form = intentSchema.parse(Object.fromEntries(await readForm(request)));
  if (form.intent === 'invite') {
    const input = createInvitationInput.parse({ role: form.role, email: form.email?.trim() || null });
    const { token } = await createInvitation(ctx, input);
    return { ok: true as const, intent: form.intent, url: publicUrl(invitationPath(token)) };
  }
  if (form.intent === 'role') await changeMemberRole(ctx, form.userId, form.role);
  else if (form.intent === 'remove') await removeMember(ctx, form.userId);
  else await revokeInvitation(ctx, form.invitationId);
  return { ok: true as const, intent: form.intent, url: null };
});

function InviteDialog({ grantable }: { grantable: Role[] }) {
  const t = useT();
  const fetcher = useFetcher<typeof action>();
  const [open, setOpen] = useState(false);
  const [role, setRole] = useState<Role>(
    grantable.includes('builder') ? 'builder' : (grantable[0] ?? 'analyst'),
  );
  const result = fetcher.data;
  const url = result && !isFailure(result) && result.intent === 'invite' ? result.url : null;
  const failure = isFailure(result) ? result : undefined;
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) fetcher.data = undefined;
      }}
      trigger={
        <Button>
          <PlusIcon /> {t('members.invite')}
        </Button>
      }
      title={t('members.inviteTitle')}
      description={t('members.inviteDescription')}
      footer={
        url ? (
          <DialogClose asChild>
            <Button variant="secondary">{t('members.done')}</Button>
          </DialogClose>
        ) : (
          <Button type="submit" form="invite-form" disabled={fetcher.state !== 'idle'}>
            {t('members.createLink')}
          </Button>
        )
      }
    >
      {url ? (
        <div className="space-y-2">
          <CopyField label={t('members.linkReady')} value={url} testId="invite-link" />
          <p className="text-xs text-fg-muted">{t('members.linkReadyHint')}</p>
        </div>
      ) : (
        <fetcher.Form method="post" id="invite-form" className="space-y-4" noValidate>
          <input type="hidden" name="intent" value="invite" />
          <FormAlert failure={failure} />
          <FormField label={t('members.role')} error={fieldMessage(t, failure, 'role')}>
            <Select
              name="role"
              value={role}
              onValueChange={(v) => setRole(v as Role)}
              options={grantable.map((r) => ({
                value: r,
                label: (
                  <span>
                    {t(`roles.${r}`)} <span className="text-fg-subtle">· {t(`roleHints.${r}`)}</span>
                  </span>
                ),
              }))}
            />
          </FormField>
          <FormField
            label={t('members.email')}
            hint={t('members.emailHint')}
            error={fieldMessage(t, failure, 'email')}
          >
            <Input name="email" type="email" autoComplete="off" placeholder="colleague@company.com" />
          </FormField>
        </fetcher.Form>
      )}
    </Dialog>
  );
}

function MemberRow({
  member,
  isMe,
  grantable,
}: {
  member: ReturnType<typeof useLoaderData<typeof loader>>['members'][number];
  isMe: boolean;
  grantable: Role[];
}) {
  const t = useT();
  const locale = useLocale();
  const fetcher = useFetcher<typeof action>();
  const { toast } = useToast();
  const name = member.name ?? member.email;
  useEffect(() => {
    if (fetcher.state !== 'idle' || !fetcher.data) return;
    if (isFailure(fetcher.data)) toast({ title: failureMessage(t, fetcher.data), variant: 'error' });
    else if (fetcher.data.intent === 'role') toast({ title: t('members.roleChanged'), variant: 'success' });
  }, [fetcher.state, fetcher.data, t, toast]);
  const pendingRole = fetcher.formData?.get('role');
  const role = (typeof pendingRole === 'string' ? pendingRole : member.role) as Role;
  return (
    <TableRow data-testid={`member-${member.email}`}>
      <TableCell>
        <div className="font-medium text-fg">
          {name}
          {isMe && <span className="ml-2 text-xs font-normal text-fg-subtle">({t('members.you')})</span>}
        </div>
        {member.name && <div className="text-xs text-fg-subtle">{member.email}</div>}
      </TableCell>
      <TableCell>
        {member.manageable ? (
          <Select
            aria-label={t('members.changeRoleFor', { name })}
            value={role}
            onValueChange={(next) =>
              fetcher.submit({ intent: 'role', userId: member.userId, role: next }, { method: 'post' })
            }
            options={grantable.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
            className="w-44"
          />
        ) : (
          <RoleBadge role={member.role} />
        )}
      </TableCell>
      <TableCell className="text-fg-muted">{new Date(member.joinedAt).toLocaleDateString(locale)}</TableCell>
      <TableCell className="text-right">
        {member.manageable && (
          <ConfirmDialog
            title={t('members.removeTitle', { name })}
            description={t('members.removeText')}
            trigger={
              <Button variant="ghost" size="sm">
                {t('members.remove')}
              </Button>
            }
            confirmLabel={t('members.remove')}
            onConfirm={() => fetcher.submit({ intent: 'remove', userId: member.userId }, { method: 'post' })}
          />
        )}
      </TableCell>
    </TableRow>
  );
}

function PendingInvitation({
  invitation,
}: {
  invitation: { id: string; role: Role; email: string | null; expiresAt: string | Date };
}) {
  const t = useT();
  const locale = useLocale();
  const fetcher = useFetcher<typeof action>();
  if (fetcher.state !== 'idle' && fetcher.formData?.get('intent') === 'revoke') return null;
  return (
    <li className="flex items-center gap-3 px-5 py-3 text-sm">
      <span className="min-w-0 flex-1">
        <span className="block truncate text-fg">{invitation.email ?? t('members.anyone')}</span>
        <span className="text-xs text-fg-subtle">
          {t('members.pendingRole', {
            role: t(`roles.${invitation.role}`),
            date: new Date(invitation.expiresAt).toLocaleDateString(locale),
          })}
        </span>
      </span>
      <fetcher.Form method="post">
        <input type="hidden" name="intent" value="revoke" />
        <input type="hidden" name="invitationId" value={invitation.id} />
        <Button variant="ghost" size="sm" type="submit">
          {t('members.revoke')}
        </Button>
      </fetcher.Form>
    </li>
  );
}

export default function MembersPage() {
  const { meId, manage, grantable, members, invitations } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="space-y-8">
      <PageHeader
        title={t('members.title')}
        description={t('members.description')}
        actions={manage ? <InviteDialog grantable={grantable} /> : undefined}
      />
      <div className="overflow-hidden rounded-panel border border-border bg-surface shadow-card">
        <Table>
          <TableHead>
            <TableRow>
              <TableHeaderCell>{t('members.colMember')}</TableHeaderCell>
              <TableHeaderCell>{t('members.colRole')}</TableHeaderCell>
              <TableHeaderCell>{t('members.colJoined')}</TableHeaderCell>
              <TableHeaderCell>
                <span className="sr-only">{t('members.remove')}</span>
              </TableHeaderCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {members.map((m) => (
              <MemberRow key={m.userId} member={m} isMe={m.userId === meId} grantable={grantable} />
            ))}
          </TableBody>
        </Table>
      </div>
      {manage && invitations.length > 0 && (
        <section aria-labelledby="pending" className="space-y-3">
          <h2 id="pending" className="text-sm font-semibold text-fg">
            {t('members.pending')}
          </h2>
          <ul className="divide-y divide-border rounded-panel border border-border bg-surface shadow-card">
            {invitations.map((i) => (
              <PendingInvitation key={i.id} invitation={i} />
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
