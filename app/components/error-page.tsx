import { Link } from '@remix-run/react';
import { useT } from '~/i18n';
import { AlertCircleIcon } from './icons';
import { LanguageSwitch } from './language-switch';
import { Logo } from './logo';
import { buttonClasses } from './ui/button';

type Copy =
  | {
      title: `errors.${'notFound' | 'forbidden' | 'unauthorized' | 'generic'}Title`;
      text: `errors.${'notFound' | 'forbidden' | 'unauthorized' | 'generic'}Text`;
    }
  | { title: 'outage.title'; text: 'outage.text' };

function copyFor(status: number): Copy {
  switch (status) {
    case 404:
      return { title: 'errors.notFoundTitle', text: 'errors.notFoundText' };
    case 403:
      return { title: 'errors.forbiddenTitle', text: 'errors.forbiddenText' };
    case 401:
      return { title: 'errors.unauthorizedTitle', text: 'errors.unauthorizedText' };
    // The database or Redis is out of reach (the route wrappers answer 503): it will pass, say so.
    case 503:
      return { title: 'outage.title', text: 'outage.text' };
    default:
      return { title: 'errors.genericTitle', text: 'errors.genericText' };
  }
}

/** Friendly full-page error with the HTTP status; used by the root error boundary. */
export function ErrorPage({ status }: { status: number }) {
  const t = useT();
  const copy = copyFor(status);
  return (
    <div className="flex min-h-dvh flex-col">
      <header className="flex items-center justify-between px-6 py-5">
        <Link to="/" className="rounded-control focus-visible:outline-2 focus-visible:outline-ring">
          <Logo />
        </Link>
        <LanguageSwitch />
      </header>
      <main className="flex flex-1 items-center justify-center px-6 pb-24">
        <div className="max-w-md text-center">
          <div className="mx-auto mb-6 flex size-12 items-center justify-center rounded-card bg-danger-subtle text-danger-subtle-fg">
            <AlertCircleIcon size={22} />
          </div>
          <p className="font-mono text-sm font-medium text-fg-subtle">{t('errors.status', { status })}</p>
          <h1 className="mt-2 text-2xl font-semibold tracking-tight text-fg">{t(copy.title)}</h1>
          <p className="mt-3 text-sm leading-relaxed text-fg-muted">{t(copy.text)}</p>
          <div className="mt-8 flex justify-center gap-2">
            {status === 503 ? (
              <a href="" className={buttonClasses({ variant: 'primary' })}>
                {t('outage.retry')}
              </a>
            ) : (
              <Link to="/" className={buttonClasses({ variant: 'primary' })}>
                {t('errors.goHome')}
              </Link>
            )}
          </div>
        </div>
      </main>
    </div>
  );
}
