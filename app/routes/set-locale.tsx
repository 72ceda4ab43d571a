import { redirect, type ActionFunctionArgs } from '@remix-run/node';
import { isLocale } from '~/i18n';
import { apiError } from '~/.server/api/api-error';
import { safeRedirectPath } from '~/.server/http/safe-redirect';
import { serializeLocaleCookie } from '~/i18n/locale.server';
import { readForm } from '~/.server/forms/read-form';
import { publicRoute } from '~/.server/http/route-guard';

/** Resource route: POST locale=ru|en&redirectTo=/path → remembers the choice for a year. */
export const action = publicRoute(async ({ request }: ActionFunctionArgs) => {
  const form = await readForm(request);
  const locale = form.get('locale');
  if (!isLocale(locale)) {
    return apiError(400, 'unsupported_locale', 'Choose ru or en.', {
      fields: { locale: ['Choose ru or en'] },
    });
  }
  const redirectTo = safeRedirectPath(form.get('redirectTo'));
  return redirect(redirectTo, { headers: { 'Set-Cookie': serializeLocaleCookie(locale, request) } });
});

export const loader = publicRoute(() => redirect('/'));
