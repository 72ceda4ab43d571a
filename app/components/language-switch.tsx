import { Form, useLocation } from '@remix-run/react';
import { locales, useLocale, useT } from '~/i18n';
import { GlobeIcon } from './icons';
import { cn } from './ui/cn';

/**
 * RU / EN segmented switch. Posts to /set-locale, which stores the choice in the `lang` cookie for a
 * year and redirects back here. Works without JavaScript.
 */
export function LanguageSwitch({ className }: { className?: string }) {
  const t = useT();
  const current = useLocale();
  const location = useLocation();
  const redirectTo = `${location.pathname}${location.search}`;

  return (
    <Form
      method="post"
      action="/set-locale"
      preventScrollReset
      className={cn('inline-flex items-center gap-1.5', className)}
      role="group"
      aria-label={t('language.label')}
    >
      <GlobeIcon className="text-fg-subtle" />
      <input type="hidden" name="redirectTo" value={redirectTo} />
      <div className="inline-flex rounded-control border border-border bg-surface-muted p-0.5">
        {[...locales].reverse().map((locale) => {
          const active = locale === current;
          return (
            <button
              key={locale}
              type="submit"
              name="locale"
              value={locale}
              lang={locale}
              aria-pressed={active}
              title={t(`language.${locale}`)}
              className={cn(
                'h-6 cursor-pointer rounded-[calc(var(--radius-control)-3px)] px-2 text-xs font-semibold tracking-wide uppercase transition-colors focus-visible:outline-2 focus-visible:outline-ring',
                active ? 'bg-surface text-fg shadow-card' : 'text-fg-subtle hover:text-fg',
              )}
            >
              {/* Named "ru, switch language to Русский": the visible code first (WCAG 2.5.3). */}
              <span translate="no">{locale}</span>
              <span className="sr-only">
                , {t('language.switchTo', { language: t(`language.${locale}`) })}
              </span>
            </button>
          );
        })}
      </div>
    </Form>
  );
}
