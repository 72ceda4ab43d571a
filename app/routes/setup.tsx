import { redirect, type MetaFunction } from '@remix-run/node';
import { Form, useActionData, useNavigation } from '@remix-run/react';
import { failureMessage, fieldMessage, isFailure } from '~/components/forms/form-messages';
import { AlertCircleIcon } from '~/components/icons';
import { LanguageSwitch } from '~/components/language-switch';
import { Logo } from '~/components/logo';
import { Button } from '~/components/ui/button';
import { FormField } from '~/components/ui/form-field';
import { Input } from '~/components/ui/input';
import { useT } from '~/i18n';
import { en } from '~/i18n/en';
import { translatorFromMatches } from '~/i18n/meta';
import { clientInfo } from '~/.server/auth/client-info.server';
import { createFirstOwner, firstOwnerInput, needsFirstOwner } from '~/.server/auth/first-owner.server';
import { PasswordWorkBusyError } from '~/.server/auth/password.server';
import { startSession } from '~/.server/auth/sign-in.server';
import { db } from '~/.server/db';
import { ServiceError } from '~/.server/errors/service-error';
import { pageFailure } from '~/.server/forms/form-result';
import { readForm } from '~/.server/forms/read-form';
import { publicAction } from '~/.server/http/project-route';
import { consumeAccountRate } from '~/.server/http/rate-limits';
import { publicRoute } from '~/.server/http/route-guard';

export const meta: MetaFunction = ({ matches }) => [
  { title: translatorFromMatches(matches, en)('setup.metaTitle') },
];

// Public on purpose, and only while the installation has no user: then nobody could sign in to create one.
export const loader = publicRoute(async () => {
  if (!(await needsFirstOwner(db()))) throw redirect('/login');
  return null;
});

export const action = publicAction(async ({ request }) => {
  if (!(await needsFirstOwner(db()))) throw redirect('/login');
  const client = clientInfo(request);
  const rate = await consumeAccountRate('invitation-accept', client.ip);
  if (!rate.ok)
    return pageFailure(429, 'rate_limited', {}, { 'Retry-After': String(rate.retryAfterSeconds) });
  const input = firstOwnerInput.parse(Object.fromEntries(await readForm(request)));
  let created;
  try {
    created = await createFirstOwner(db(), input, { ip: client.ip, userAgent: client.userAgent, via: 'web' });
  } catch (e) {
    if (e instanceof PasswordWorkBusyError) return pageFailure(503, 'busy', {}, { 'Retry-After': '5' });
    // Another sign-up won the race: this installation has its owner now.
    if (e instanceof ServiceError && e.code === 'setup_done') throw redirect('/login');
    throw e;
  }
  const session = await startSession(created.userId, client);
  return redirect(`/p/${created.projectId}`, { headers: session.headers });
});

export default function SetupPage() {
  const t = useT();
  const failure = useActionData<typeof action>();
  const problem = isFailure(failure) ? failure : undefined;
  const busy = useNavigation().state !== 'idle';
  return (
    <div className="flex min-h-dvh flex-col bg-canvas">
      <header className="flex items-center justify-between px-6 py-5">
        <Logo />
        <LanguageSwitch />
      </header>
      <main className="flex flex-1 items-start justify-center px-4 pt-[6vh] pb-16">
        <div className="w-full max-w-md space-y-6 rounded-panel border border-border bg-surface p-6 shadow-card sm:p-8">
          <div className="space-y-1.5">
            <h1 className="text-xl font-semibold tracking-tight text-fg">{t('setup.title')}</h1>
            <p className="text-sm text-fg-muted">{t('setup.subtitle')}</p>
          </div>
          {problem && problem.code !== 'validation_failed' && (
            <div
              role="alert"
              className="flex gap-2 rounded-control border border-danger/30 bg-danger-subtle p-3 text-sm text-danger-subtle-fg"
            >
              <AlertCircleIcon size={18} className="mt-px shrink-0" />
              {failureMessage(t, problem)}
            </div>
          )}
          <Form method="post" noValidate className="space-y-4">
            <FormField label={t('setup.name')} error={fieldMessage(t, problem, 'name')}>
              <Input name="name" autoComplete="name" required />
            </FormField>
            <FormField label={t('setup.email')} error={fieldMessage(t, problem, 'email')}>
              <Input name="email" type="email" autoComplete="username" required />
            </FormField>
            <FormField
              label={t('setup.password')}
              hint={t('setup.passwordHint')}
              error={fieldMessage(t, problem, 'password')}
            >
              <Input name="password" type="password" autoComplete="new-password" minLength={10} required />
            </FormField>
            <FormField label={t('setup.project')} error={fieldMessage(t, problem, 'project')}>
              <Input name="project" placeholder={t('setup.projectPlaceholder')} required />
            </FormField>
            <Button type="submit" className="w-full" loading={busy}>
              {t('setup.submit')}
            </Button>
          </Form>
          <p className="text-center font-mono text-xs text-fg-subtle">{t('setup.shellHint')}</p>
        </div>
      </main>
    </div>
  );
}
