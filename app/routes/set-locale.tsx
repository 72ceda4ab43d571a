import type { RouteGuard } from '~/.server/access/permissions';
import { redirect, type ActionFunctionArgs } from '@remix-run/node';
import { isLocale } from '~/i18n';
import { safeRedirectPath, serializeLocaleCookie } from '~/i18n/locale.server';
import { readForm } from '~/.server/forms/read-form';

export const guard: RouteGuard = 'public';

/** Resource route: POST locale=ru|en&redirectTo=/path → remembers the choice for a year. */
export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request);
  const locale = form.get('locale');
  if (!isLocale(locale)) {
    return new Response(JSON.stringify({ error: 'unsupported_locale' }), {
      status: 400,
      headers: { 'Content-Type': 'application/json' },
    });
  }
  const redirectTo = safeRedirectPath(form.get('redirectTo'), request);
  return redirect(redirectTo, { headers: { 'Set-Cookie': serializeLocaleCookie(locale, request) } });
}

export function loader() {
  return redirect('/');
}
