import type { MetaFunction } from '@remix-run/node';
import { Link, useRouteLoaderData } from '@remix-run/react';
import type { ReactNode } from 'react';
import { BookIcon, BotIcon, HashIcon, PhoneIcon, SparklesIcon } from '~/components/icons';
import { buttonClasses } from '~/components/ui/button';
import { PageHeader } from '~/components/ui/page-header';
import { useT } from '~/i18n';
import { en } from '~/i18n/en';
import { translatorFromMatches } from '~/i18n/meta';
import type { ProjectLayoutData } from './p.$projectId';

export const meta: MetaFunction = ({ matches }) => [
  { title: translatorFromMatches(matches, en)('home.metaTitle') },
];

type StepId = 'agent' | 'knowledge' | 'number' | 'call';

// The screens behind these steps land with their features; each step then links to its screen.
const steps: readonly { id: StepId; icon: ReactNode; path?: string }[] = [
  { id: 'agent', icon: <BotIcon size={18} /> },
  { id: 'knowledge', icon: <BookIcon size={18} />, path: 'knowledge' },
  { id: 'number', icon: <HashIcon size={18} /> },
  { id: 'call', icon: <PhoneIcon size={18} /> },
];

/** First screen after sign-in: no fake numbers, just the path to a first working call. */
export default function AppHome() {
  const t = useT();
  const layout = useRouteLoaderData<ProjectLayoutData>('routes/p.$projectId');
  const user = layout?.user;
  const name = user?.name?.trim();

  return (
    <div className="space-y-8">
      <PageHeader
        title={name ? t('home.greeting', { name }) : t('home.greetingAnonymous')}
        description={t('home.description')}
      />

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
        </div>
        <ol className="divide-y divide-border">
          {steps.map((step, index) => (
            <li key={step.id} className="flex flex-col gap-4 px-5 py-5 sm:flex-row sm:items-center">
              <div className="flex min-w-0 flex-1 items-start gap-4">
                <span className="flex size-9 shrink-0 items-center justify-center rounded-full border border-border bg-surface-muted text-fg-muted">
                  {step.icon}
                </span>
                <div className="min-w-0">
                  <p className="text-xs font-medium text-fg-subtle">
                    {t('home.stepLabel', { step: index + 1 })}
                  </p>
                  <h3 className="mt-0.5 text-sm font-semibold text-fg">{t(`home.steps.${step.id}.title`)}</h3>
                  <p className="mt-1 text-sm text-fg-muted">{t(`home.steps.${step.id}.text`)}</p>
                </div>
              </div>
              {step.path && layout && (
                <Link
                  to={`/p/${layout.project.id}/${step.path}`}
                  className={buttonClasses({ variant: 'secondary', size: 'sm' })}
                >
                  {t(`home.steps.${step.id}.action`)}
                </Link>
              )}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
