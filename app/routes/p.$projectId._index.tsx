import type { MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import type { ReactNode } from 'react';
import { HomeFiguresPanel } from '~/components/home/home-figures';
import { BotIcon, CheckCircleIcon, HashIcon, PhoneIcon, SparklesIcon } from '~/components/icons';
import { buttonClasses } from '~/components/ui/button';
import { PageHeader } from '~/components/ui/page-header';
import { useLocale, useT } from '~/i18n';
import { en } from '~/i18n/en';
import { translatorFromMatches } from '~/i18n/meta';
import type { Role } from '~/.server/access/permissions';
import { projectLoader } from '~/.server/http/project-route';
import { homeData, type HomeStepId } from '~/.server/projects/home.server';
import { getProjectSettings } from '~/.server/projects/project-settings.server';

export const meta: MetaFunction = ({ matches }) => [
  { title: translatorFromMatches(matches, en)('home.metaTitle') },
];

export const loader = projectLoader({ permission: 'project.read' }, async ({ access }) => {
  const settings = await getProjectSettings(access.projectId);
  return {
    projectId: access.projectId,
    role: access.role,
    userName: access.user?.name ?? '',
    timeZone: settings.timeZone,
    home: await homeData(access.projectId, settings.timeZone),
  };
});

const icons: Record<HomeStepId, ReactNode> = {
  agent: <BotIcon size={18} />,
  number: <HashIcon size={18} />,
  test: <SparklesIcon size={18} />,
  call: <PhoneIcon size={18} />,
};

/** Builders get the checklist; every role gets the figures of its work (operators: their handoffs). */
const homeKind = (role: Role): 'builder' | 'supervisor' | 'analyst' | 'operator' =>
  role === 'operator'
    ? 'operator'
    : role === 'supervisor'
      ? 'supervisor'
      : role === 'analyst'
        ? 'analyst'
        : 'builder';

export default function AppHome() {
  const { projectId, role, userName, home, timeZone } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const kind = homeKind(role);
  const name = userName.trim();
  const done = home.steps.filter((s) => s.done).length;
  const base = `/p/${projectId}`;

  return (
    <div className="space-y-8" data-testid={`home-${kind}`}>
      <PageHeader
        title={name ? t('home.greeting', { name }) : t('home.greetingAnonymous')}
        description={t(`newUser.home.about.${kind}`)}
      />

      {kind === 'builder' && (
        <section
          aria-labelledby="getting-started"
          className="rounded-panel border border-border bg-surface shadow-card"
        >
          <div className="flex items-center gap-2.5 border-b border-border px-5 py-4">
            <span className="flex size-7 items-center justify-center rounded-control bg-brand-subtle text-brand-subtle-fg">
              <SparklesIcon />
            </span>
            <h2 id="getting-started" className="text-sm font-semibold text-fg">
              {t('home.stepsTitle')}
            </h2>
            <span className="ml-auto text-xs text-fg-muted" data-testid="steps-done">
              {t('newUser.home.progress', { done, total: home.steps.length })}
            </span>
          </div>
          <ol className="divide-y divide-border">
            {home.steps.map((step, index) => (
              <li
                key={step.id}
                data-testid={`step-${step.id}`}
                data-done={step.done ? 'true' : 'false'}
                className="flex flex-col gap-4 px-5 py-4 sm:flex-row sm:items-center"
              >
                <div className="flex min-w-0 flex-1 items-start gap-4">
                  <span
                    className={
                      step.done
                        ? 'flex size-9 shrink-0 items-center justify-center rounded-full bg-success-subtle text-success-subtle-fg'
                        : 'flex size-9 shrink-0 items-center justify-center rounded-full border border-border bg-surface-muted text-fg-muted'
                    }
                  >
                    {step.done ? <CheckCircleIcon size={18} /> : icons[step.id]}
                  </span>
                  <div className="min-w-0">
                    <p className="text-xs font-medium text-fg-subtle">
                      {t('home.stepLabel', { step: index + 1 })}
                      {step.done ? ` · ${t('newUser.home.done')}` : ''}
                    </p>
                    <h3 className="mt-0.5 text-sm font-semibold text-fg">
                      {t(`newUser.home.steps.${step.id}.title`)}
                    </h3>
                    <p className="mt-1 text-sm text-fg-muted">{t(`newUser.home.steps.${step.id}.text`)}</p>
                  </div>
                </div>
                <Link
                  to={`${base}/${step.path}`}
                  className={buttonClasses({ variant: step.done ? 'ghost' : 'secondary', size: 'sm' })}
                >
                  {t(`newUser.home.steps.${step.id}.${step.done ? 'again' : 'action'}`)}
                </Link>
              </li>
            ))}
          </ol>
        </section>
      )}

      {kind === 'operator' ? (
        <section className="space-y-3 rounded-panel border border-border bg-surface p-5 shadow-card">
          <h2 className="text-sm font-semibold text-fg">{t('newUser.home.transfersTitle')}</h2>
          {home.recentTransfers.length === 0 ? (
            <p className="text-sm text-fg-muted">{t('newUser.home.noTransfers')}</p>
          ) : (
            <ul className="divide-y divide-border text-sm">
              {home.recentTransfers.map((c) => (
                <li key={c.id} className="flex items-center justify-between gap-2 py-2">
                  <Link to={`${base}/inbox/${c.id}`} className="font-medium text-brand hover:underline">
                    {c.from || t('newUser.home.unknownCaller')}
                  </Link>
                  <span className="text-xs text-fg-subtle">
                    {new Date(c.at).toLocaleString(locale, { timeZone })}
                  </span>
                </li>
              ))}
            </ul>
          )}
          <Link to={`${base}/inbox`} className={buttonClasses({ variant: 'secondary', size: 'sm' })}>
            {t('newUser.home.openInbox')}
          </Link>
        </section>
      ) : (
        <HomeFiguresPanel today={home.today} week={home.week} days={home.days} />
      )}

      {(kind === 'supervisor' || kind === 'analyst') && (
        <div className="flex flex-wrap gap-2">
          <Link to={`${base}/inbox`} className={buttonClasses({ variant: 'secondary', size: 'sm' })}>
            {t('newUser.home.openInbox')}
          </Link>
          <Link to={`${base}/inbox/issues`} className={buttonClasses({ variant: 'ghost', size: 'sm' })}>
            {t('newUser.home.openIssues', { count: home.openIssues })}
          </Link>
        </div>
      )}
    </div>
  );
}
