import { data, type MetaFunction } from '@remix-run/node';
import { useFetcher, useLoaderData } from '@remix-run/react';
import { useState } from 'react';
import { z } from 'zod';
import { CopyField } from '~/components/access/copy-field';
import { FormAlert } from '~/components/forms/form-alert';
import { fieldMessage, isFailure } from '~/components/forms/form-messages';
import { RoleBadge } from '~/components/access/role-badge';
import { LockIcon, PlusIcon } from '~/components/icons';
import { Button } from '~/components/ui/button';
import { ConfirmDialog } from '~/components/ui/confirm-dialog';
import { Dialog, DialogClose } from '~/components/ui/dialog';
import { EmptyState } from '~/components/ui/empty-state';
import { FormField } from '~/components/ui/form-field';
import { Input } from '~/components/ui/input';
import { PageHeader } from '~/components/ui/page-header';
import { Select } from '~/components/ui/select';
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from '~/components/ui/table';
import { useLocale, useT } from '~/i18n';
import { en } from '~/i18n/en';
import { translatorFromMatches } from '~/i18n/meta';
import { ROLES, type Role } from '~/.server/access/permissions';
import { canIssueApiKeyRole } from '~/.server/access/role-rules';
import {
  createApiKey,
  createApiKeyInput,
  listApiKeys,
  revokeApiKey,
} from '~/.server/api-keys/api-keys.server';
import { readForm } from '~/.server/forms/read-form';
import { projectAction, projectLoader } from '~/.server/http/project-route';

export const meta: MetaFunction = ({ matches }) => [
  { title: translatorFromMatches(matches, en)('apiKeys.metaTitle') },
];

export const loader = projectLoader({ permission: 'apiKeys.manage' }, async ({ access }) => ({
  keys: await listApiKeys(access.projectId),
  grantable: ROLES.filter((r) => canIssueApiKeyRole(access.role, r)),
}));

const intentSchema = z.discriminatedUnion('intent', [
  z.object({
    intent: z.literal('create'),
    name: z.string(),
    role: z.string(),
    expiresInDays: z.string().optional(),
  }),
  z.object({ intent: z.literal('revoke'), apiKeyId: z.uuid() }),
]);

export const action = projectAction({ permission: 'apiKeys.manage' }, async ({ request, ctx }) => {
  const form = intentSchema.parse(Object.fromEntries(await readForm(request)));
  if (form.intent === 'revoke') {
    await revokeApiKey(ctx, form.apiKeyId);
    return { ok: true as const, token: null };
  }
  const days = form.expiresInDays?.trim();
  const input = createApiKeyInput.parse({
    name: form.name,
    role: form.role,
    expiresInDays: days ? Number(days) : null,
  });
  const { token } = await createApiKey(ctx, input);
  return data({ ok: true as const, token }, { headers: { 'Cache-Control': 'no-store' } });
});

function CreateKeyDialog({ grantable }: { grantable: Role[] }) {
  const t = useT();
  const fetcher = useFetcher<typeof action>();
  const [open, setOpen] = useState(false);
  const [role, setRole] = useState<Role>(
    grantable.includes('builder') ? 'builder' : (grantable[0] ?? 'analyst'),
  );
  const result = fetcher.data;
  const token = result && !isFailure(result) ? result.token : null;
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
          <PlusIcon /> {t('apiKeys.create')}
        </Button>
      }
      title={token ? t('apiKeys.secretTitle') : t('apiKeys.createTitle')}
      footer={
        token ? (
          <DialogClose asChild>
            <Button variant="secondary">{t('members.done')}</Button>
          </DialogClose>
        ) : (
          <Button type="submit" form="key-form" disabled={fetcher.state !== 'idle'}>
            {t('apiKeys.createSubmit')}
          </Button>
        )
      }
    >
      {token ? (
        <div className="space-y-2">
          <CopyField label={t('apiKeys.colKey')} value={token} testId="new-api-key" />
          <p className="text-xs text-fg-muted">{t('apiKeys.secretHint')}</p>
        </div>
      ) : (
        <fetcher.Form method="post" id="key-form" className="space-y-4" noValidate>
          <input type="hidden" name="intent" value="create" />
          <FormAlert failure={failure} />
          <FormField label={t('apiKeys.name')} error={fieldMessage(t, failure, 'name')}>
            <Input name="name" maxLength={80} placeholder={t('apiKeys.namePlaceholder')} required />
          </FormField>
          <FormField label={t('apiKeys.role')} error={fieldMessage(t, failure, 'role')}>
            <Select
              name="role"
              value={role}
              onValueChange={(v) => setRole(v as Role)}
              options={grantable.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
            />
          </FormField>
          <FormField
            label={t('apiKeys.expires')}
            hint={t('apiKeys.expiresHint')}
            error={fieldMessage(t, failure, 'expiresInDays')}
          >
            <Input name="expiresInDays" type="number" min={1} max={3650} inputMode="numeric" />
          </FormField>
        </fetcher.Form>
      )}
    </Dialog>
  );
}

type KeyRow = ReturnType<typeof useLoaderData<typeof loader>>['keys'][number];

function KeyRowView({ apiKey }: { apiKey: KeyRow }) {
  const t = useT();
  const locale = useLocale();
  const fetcher = useFetcher<typeof action>();
  const revoked =
    apiKey.revokedAt !== null || (fetcher.state !== 'idle' && fetcher.formData?.get('intent') === 'revoke');
  const expired = !revoked && apiKey.expiresAt !== null && new Date(apiKey.expiresAt) < new Date();
  const date = (d: string | Date | null) => (d ? new Date(d).toLocaleString(locale) : t('apiKeys.never'));
  return (
    <TableRow
      className={revoked || expired ? 'opacity-60' : undefined}
      data-testid={`api-key-${apiKey.name}`}
    >
      <TableCell className="font-medium text-fg">{apiKey.name}</TableCell>
      <TableCell className="font-mono text-xs text-fg-muted">vpk_{apiKey.prefix}_…</TableCell>
      <TableCell>
        <RoleBadge role={apiKey.role} />
      </TableCell>
      <TableCell className="text-fg-muted">{new Date(apiKey.createdAt).toLocaleDateString(locale)}</TableCell>
      <TableCell className="text-fg-muted">{date(apiKey.lastUsedAt)}</TableCell>
      <TableCell className="text-right">
        {revoked ? (
          <span className="text-xs font-medium text-fg-subtle">{t('apiKeys.revokedBadge')}</span>
        ) : expired ? (
          <span className="text-xs font-medium text-fg-subtle">{t('apiKeys.expiredBadge')}</span>
        ) : (
          <ConfirmDialog
            title={t('apiKeys.revokeTitle', { name: apiKey.name })}
            description={t('apiKeys.revokeText')}
            trigger={
              <Button variant="ghost" size="sm">
                {t('apiKeys.revoke')}
              </Button>
            }
            confirmLabel={t('apiKeys.revoke')}
            onConfirm={() => fetcher.submit({ intent: 'revoke', apiKeyId: apiKey.id }, { method: 'post' })}
          />
        )}
      </TableCell>
    </TableRow>
  );
}

export default function ApiKeysPage() {
  const { keys, grantable } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="space-y-8">
      <PageHeader
        title={t('apiKeys.title')}
        description={t('apiKeys.description')}
        actions={<CreateKeyDialog grantable={grantable} />}
      />
      {keys.length === 0 ? (
        <EmptyState icon={<LockIcon size={20} />} title={t('apiKeys.empty')} />
      ) : (
        <div className="overflow-hidden rounded-panel border border-border bg-surface shadow-card">
          <Table>
            <TableHead>
              <TableRow>
                <TableHeaderCell>{t('apiKeys.colName')}</TableHeaderCell>
                <TableHeaderCell>{t('apiKeys.colKey')}</TableHeaderCell>
                <TableHeaderCell>{t('apiKeys.colRole')}</TableHeaderCell>
                <TableHeaderCell>{t('apiKeys.colCreated')}</TableHeaderCell>
                <TableHeaderCell>{t('apiKeys.colLastUsed')}</TableHeaderCell>
                <TableHeaderCell>
                  <span className="sr-only">{t('apiKeys.revoke')}</span>
                </TableHeaderCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {keys.map((k) => (
                <KeyRowView key={k.id} apiKey={k} />
              ))}
            </TableBody>
          </Table>
        </div>
      )}
    </div>
  );
}
