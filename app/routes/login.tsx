import {
  data,
  redirect,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node';
import { Form, useActionData, useNavigation } from '@remix-run/react';
import { useEffect, useRef } from 'react';
import { AlertCircleIcon, LockIcon } from '~/components/icons';
import { LanguageSwitch } from '~/components/language-switch';
import { Logo } from '~/components/logo';
import { Button } from '~/components/ui/button';
import { FormField } from '~/components/ui/form-field';
import { Input } from '~/components/ui/input';
import { useT, type TFunction } from '~/i18n';
import { en } from '~/i18n/en';
import { translatorFromMatches } from '~/i18n/meta';
import { getUser } from '~/.server/auth/session.server';
import { needsFirstOwner } from '~/.server/auth/first-owner.server';
import { db } from '~/.server/db';
import { safeRedirectPath } from '~/.server/http/safe-redirect';
import { signIn } from '~/.server/auth/sign-in.server';
import { z } from 'zod';
import { readForm } from '~/.server/forms/read-form';
import type { FieldCode, FormFailure } from '~/.server/forms/form-result';
import { publicAction } from '~/.server/http/project-route';
import { publicRoute } from '~/.server/http/route-guard';
import { isFailure } from '~/components/forms/form-messages';

export const meta: MetaFunction = ({ matches }) => [
  { title: translatorFromMatches(matches, en)('login.metaTitle') },
];

const signInSchema = z.object({
  email: z.string().trim().min(1, 'email_required').pipe(z.email('email_invalid')),
  password: z.string().min(1, 'password_required'),
});

/** A sign-in refusal in the pages' one failure shape; a throttled one says for how long. */
type SignInFailure = FormFailure & { retryAfterSeconds?: number };

/** Where to go after signing in: a same-origin `?redirectTo=` (set by requireUser), else signIn's choice. */
function redirectTarget(request: Request, fallback: string): string {
  const requested = new URL(request.url).searchParams.get('redirectTo');
  return requested ? safeRedirectPath(requested, fallback) : fallback;
}

/** Document responses take their headers from here: pass the action's Retry-After through. */
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const headers = new Headers();
  const retryAfter = actionHeaders.get('Retry-After');
  if (retryAfter) headers.set('Retry-After', retryAfter);
  return headers;
};

export const loader = publicRoute(async ({ request }: LoaderFunctionArgs) => {
  if (await getUser(request)) throw redirect(redirectTarget(request, '/app'));
  // A fresh install has nobody to sign in: offer the first-run sign-up instead.
  if (await needsFirstOwner(db())) throw redirect('/setup');
  return null;
});

/** Field errors come back as codes (`required`, `invalidEmail`), translated on the client like any form. */
export const action = publicAction(async ({ request }) => {
  const form = await readForm(request.clone());
  const input = signInSchema.parse({ email: form.get('email') ?? '', password: form.get('password') ?? '' });
  const result = await signIn(request, input);
  if (result.ok) return redirect(redirectTarget(request, result.redirectTo), { headers: result.headers });
  const headers = new Headers();
  if (result.code === 'throttled' && result.retryAfterSeconds !== undefined) {
    headers.set('Retry-After', String(Math.ceil(result.retryAfterSeconds)));
  }
  const failure: SignInFailure = {
    ok: false,
    code: result.code,
    fields: {},
    retryAfterSeconds: result.retryAfterSeconds,
  };
  return data(failure, { status: result.code === 'throttled' ? 429 : 401, headers });
});

/** The sign-in screen's own wording for each field's code. */
function fieldError(t: TFunction, field: 'email' | 'password', code: FieldCode | undefined) {
  if (!code) return undefined;
  if (field === 'password') return t('login.errors.passwordRequired');
  return t(code === 'required' ? 'login.errors.emailRequired' : 'login.errors.emailInvalid');
}

function formErrorMessage(t: TFunction, error: SignInFailure): string {
  if (error.code !== 'throttled') return t('login.errors.invalidCredentials');
  if (error.retryAfterSeconds === undefined) return t('login.errors.throttled');
  const seconds = Math.max(1, Math.ceil(error.retryAfterSeconds));
  if (seconds < 90) return t('login.errors.throttledFor', { count: seconds });
  return t('login.errors.throttledForMinutes', { count: Math.ceil(seconds / 60) });
}

export default function LoginPage() {
  const t = useT();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const submitting = navigation.state !== 'idle' && navigation.formMethod?.toLowerCase() === 'post';
  const failure: SignInFailure | undefined = isFailure(actionData) ? actionData : undefined;
  const fieldErrors = failure?.fields ?? {};
  const formError = failure && failure.code !== 'validation_failed' ? failure : null;
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);

  // Move focus to the first problem so keyboard and screen-reader users land on it.
  useEffect(() => {
    if (!failure) return;
    if (failure.fields.email) emailRef.current?.focus();
    else if (failure.fields.password) passwordRef.current?.focus();
    else alertRef.current?.focus();
  }, [failure]);

  return (
    <div className="relative flex min-h-dvh flex-col overflow-hidden">
      <div
        aria-hidden
        className="pointer-events-none absolute inset-x-0 -top-40 -z-10 mx-auto h-[28rem] max-w-3xl rounded-full bg-brand-400/20 blur-3xl"
      />
      <header className="flex items-center justify-between px-6 py-5">
        <Logo />
        <LanguageSwitch />
      </header>

      <main className="flex flex-1 items-start justify-center px-4 pt-[8vh] pb-16 sm:items-center sm:pt-0">
        <div className="w-full max-w-sm">
          <div className="mb-8 text-center">
            <h1 className="text-2xl font-semibold tracking-tight text-fg">{t('login.title')}</h1>
            <p className="mt-2 text-sm text-fg-muted">{t('login.subtitle')}</p>
          </div>

          <div className="rounded-panel border border-border bg-surface p-6 shadow-card sm:p-8">
            <Form method="post" noValidate className="space-y-5">
              {formError && (
                <div
                  ref={alertRef}
                  tabIndex={-1}
                  role="alert"
                  className="flex gap-3 rounded-control border border-danger/30 bg-danger-subtle p-3 text-sm text-danger-subtle-fg focus:outline-none"
                >
                  <AlertCircleIcon size={18} className="mt-px shrink-0" />
                  <div>
                    <p className="font-medium">{t('login.errors.formTitle')}</p>
                    <p className="mt-0.5">{formErrorMessage(t, formError)}</p>
                  </div>
                </div>
              )}

              <FormField label={t('login.email')} error={fieldError(t, 'email', fieldErrors.email)}>
                <Input
                  ref={emailRef}
                  name="email"
                  type="email"
                  autoComplete="username"
                  inputMode="email"
                  autoCapitalize="none"
                  spellCheck={false}
                  placeholder={t('login.emailPlaceholder')}
                  required
                  autoFocus
                  className="h-10"
                />
              </FormField>

              <FormField label={t('login.password')} error={fieldError(t, 'password', fieldErrors.password)}>
                <Input
                  ref={passwordRef}
                  name="password"
                  type="password"
                  autoComplete="current-password"
                  required
                  className="h-10"
                />
              </FormField>

              <Button type="submit" size="lg" className="w-full" loading={submitting}>
                {submitting ? t('login.submitting') : t('login.submit')}
              </Button>
            </Form>
          </div>

          <p className="mt-6 flex items-center justify-center gap-1.5 text-center text-xs text-fg-subtle">
            <LockIcon size={13} />
            {t('login.selfHosted')}
          </p>
        </div>
      </main>
    </div>
  );
}
