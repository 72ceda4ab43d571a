import { redirect, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
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
import { getUser } from '~/.server/auth/session.server';
import { startSession } from '~/.server/auth/sign-in.server';
import { PasswordWorkBusyError } from '~/.server/auth/password.server';
import { pageFailure } from '~/.server/forms/form-result';
import { consumeAccountRate } from '~/.server/http/rate-limits';
import { acceptInvitation, previewInvitation, registerInput } from '~/.server/members/invitations.server';
import { readForm } from '~/.server/forms/read-form';
import { pageNotFound, publicAction } from '~/.server/http/project-route';
import { publicRoute } from '~/.server/http/route-guard';

export const meta: MetaFunction = ({ matches }) => [
  { title: translatorFromMatches(matches, en)('invite.metaTitle') },
];

// Public on purpose: the link itself is the authorisation to see whom it invites and to accept it.
const TOKEN = /^[A-Za-z0-9_-]{20,100}$/;

export const loader = publicRoute(async ({ request, params }: LoaderFunctionArgs) => {
  const token = params.token ?? '';
  const preview = TOKEN.test(token) ? await previewInvitation(token) : ({ status: 'invalid' } as const);
  const user = await getUser(request);
  return { preview, user: user ? { email: user.email } : null, token };
});

/** A refusal the form shows as a whole (rate_limited, busy), with the Retry-After a script would read. */
const refusal = (code: 'rate_limited' | 'busy', status: number, retryAfterSeconds: number) =>
  pageFailure(status, code, {}, { 'Retry-After': String(retryAfterSeconds) });

/** Like the API's accept: limited per address, and a dead link is refused before any password work. */
export const action = publicAction(async ({ request, params }) => {
  const token = params.token ?? '';
  if (!TOKEN.test(token)) throw pageNotFound();
  const client = clientInfo(request);
  const rate = await consumeAccountRate('invitation-accept', client.ip);
  if (!rate.ok) return refusal('rate_limited', 429, rate.retryAfterSeconds);
  const form = Object.fromEntries(await readForm(request));
  const user = await getUser(request);
  if (form.intent === 'accept' && user) {
    const joined = await acceptInvitation(token, { userId: user.id }, client);
    return redirect(`/p/${joined.projectId}`);
  }
  const input = registerInput.parse(form);
  const joined = await acceptInvitation(token, { register: input }, client).catch((e: unknown) => {
    if (e instanceof PasswordWorkBusyError) return null;
    throw e;
  });
  if (!joined) return refusal('busy', 503, 5);
  const session = await startSession(joined.userId, client);
  return redirect(`/p/${joined.projectId}`, { headers: session.headers });
});

export default function InvitePage() {
  const { preview, user, token } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const busy = navigation.state !== 'idle';
  const problem = isFailure(failure) ? failure : undefined;

  return (
    <div className="flex min-h-dvh flex-col bg-canvas">
      <header className="flex items-center justify-between px-6 py-5">
        <Logo />
        <LanguageSwitch />
      </header>
      <main className="flex flex-1 items-start justify-center px-4 pt-[6vh] pb-16">
        <div className="w-full max-w-md rounded-panel border border-border bg-surface p-6 shadow-card sm:p-8">
          {preview.status === 'invalid' ? (
            <div className="space-y-2 text-center">
              <h1 className="text-lg font-semibold text-fg">{t('invite.invalidTitle')}</h1>
              <p className="text-sm text-fg-muted">{t('invite.invalidText')}</p>
            </div>
          ) : (
            <div className="space-y-6">
              <div className="space-y-1.5">
                <h1 className="text-xl font-semibold tracking-tight text-fg">
                  {t('invite.title', { project: preview.projectName })}
                </h1>
                <p className="text-sm text-fg-muted">
                  {preview.inviterName
                    ? t('invite.text', { inviter: preview.inviterName, role: t(`roles.${preview.role}`) })
                    : t('invite.textNoInviter', { role: t(`roles.${preview.role}`) })}
                </p>
                {preview.email && (
                  <p className="text-sm text-fg-muted">{t('invite.onlyFor', { email: preview.email })}</p>
                )}
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
              {user ? (
                <Form method="post" className="space-y-3">
                  <p className="text-sm text-fg-muted">{t('invite.signedInAs', { email: user.email })}</p>
                  <input type="hidden" name="intent" value="accept" />
                  <Button type="submit" className="w-full" disabled={busy}>
                    {t('invite.accept')}
                  </Button>
                </Form>
              ) : (
                <>
                  <Form method="post" noValidate className="space-y-4">
                    <h2 className="text-sm font-semibold text-fg">{t('invite.registerTitle')}</h2>
                    <input type="hidden" name="intent" value="register" />
                    <FormField label={t('invite.name')} error={fieldMessage(t, problem, 'name')}>
                      <Input name="name" autoComplete="name" required />
                    </FormField>
                    <FormField label={t('invite.email')} error={fieldMessage(t, problem, 'email')}>
                      <Input
                        name="email"
                        type="email"
                        autoComplete="username"
                        defaultValue={preview.email ?? ''}
                        required
                      />
                    </FormField>
                    <FormField
                      label={t('invite.password')}
                      hint={t('invite.passwordHint')}
                      error={fieldMessage(t, problem, 'password')}
                    >
                      <Input
                        name="password"
                        type="password"
                        autoComplete="new-password"
                        minLength={10}
                        required
                      />
                    </FormField>
                    <Button type="submit" className="w-full" disabled={busy}>
                      {t('invite.register')}
                    </Button>
                  </Form>
                  <p className="text-center text-sm text-fg-muted">
                    {t('invite.haveAccount')}{' '}
                    <Link
                      to={`/login?redirectTo=${encodeURIComponent(`/invite/${token}`)}`}
                      className="font-medium text-brand-subtle-fg underline-offset-2 hover:underline"
                    >
                      {t('invite.signIn')}
                    </Link>
                  </p>
                </>
              )}
            </div>
          )}
        </div>
      </main>
    </div>
  );
}
