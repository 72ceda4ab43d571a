import { Form, Link } from '@remix-run/react';
import { useT } from '~/i18n';
import { Button, buttonClasses } from '../ui/button';
import { Input } from '../ui/input';
import { Select } from '../ui/select';

export const FILTER_KEYS = [
  'q',
  'direction',
  'agentId',
  'hasIssues',
  'sort',
  'from',
  'to',
  'caller',
  'minDuration',
  'tag',
  'tests',
] as const;

export interface CallFiltersProps {
  values: Partial<Record<(typeof FILTER_KEYS)[number], string>>;
  agents: { id: string; name: string }[];
  /** The project's tag vocabulary. */
  tags: readonly string[];
  resetHref: string;
}

/** Search and filters as a GET form: the URL holds the view, so it can be shared, saved and reloaded. */
export function CallFilters({ values, agents, tags, resetHref }: CallFiltersProps) {
  const t = useT();
  /** The select value that means "no filter". */
  const ANY = '_any';
  return (
    <Form method="get" className="space-y-2" data-testid="call-filters">
      {/* Test-console conversations are not real calls: hidden unless asked for. */}
      <label className="flex items-center gap-2 text-xs text-fg-muted">
        <input
          type="checkbox"
          name="tests"
          value="show"
          defaultChecked={values.tests === 'show'}
          className="accent-brand"
          onChange={(e) => e.currentTarget.form?.requestSubmit()}
        />
        {t('newUser.inbox.showTests')}
      </label>
      <Input
        type="search"
        name="q"
        defaultValue={values.q ?? ''}
        placeholder={t('inbox.searchPlaceholder')}
        aria-label={t('inbox.searchPlaceholder')}
      />
      <details
        className="rounded-control border border-border p-2"
        open={Object.keys(values).some((k) => k !== 'q')}
      >
        <summary className="cursor-pointer text-xs text-fg-muted">{t('inbox.filters.more')}</summary>
        <div className="mt-2 grid grid-cols-2 gap-2">
          <label className="text-xs text-fg-muted">
            {t('inbox.filters.direction')}
            <Select
              name="direction"
              defaultValue={values.direction ?? ANY}
              options={[
                { value: ANY, label: t('inbox.filters.anyDirection') },
                ...(['inbound', 'outbound', 'browser', 'test'] as const).map((d) => ({
                  value: d,
                  label: t(`inbox.directions.${d}`),
                })),
              ]}
            />
          </label>
          <label className="text-xs text-fg-muted">
            {t('inbox.filters.agent')}
            <Select
              name="agentId"
              defaultValue={values.agentId ?? ANY}
              options={[
                { value: ANY, label: t('inbox.filters.anyAgent') },
                ...agents.map((a) => ({ value: a.id, label: a.name })),
              ]}
            />
          </label>
          <label className="text-xs text-fg-muted">
            {t('inbox.filters.issues')}
            <Select
              name="hasIssues"
              defaultValue={values.hasIssues ?? ANY}
              options={[
                { value: ANY, label: t('inbox.filters.anyIssues') },
                { value: 'true', label: t('inbox.filters.withIssues') },
                { value: 'false', label: t('inbox.filters.withoutIssues') },
              ]}
            />
          </label>
          <label className="text-xs text-fg-muted">
            {t('inbox.filters.tag')}
            <Select
              name="tag"
              defaultValue={values.tag ?? ANY}
              options={[
                { value: ANY, label: t('inbox.filters.anyTag') },
                // A tag from a shared link that is no longer offered still shows as chosen.
                ...(values.tag && !tags.includes(values.tag) ? [values.tag] : []).concat(tags).map((tag) => ({
                  value: tag,
                  label: tag,
                })),
              ]}
            />
          </label>
          <label className="text-xs text-fg-muted">
            {t('inbox.filters.sort')}
            <Select
              name="sort"
              defaultValue={values.sort ?? '-startedAt'}
              options={[
                { value: '-startedAt', label: t('inbox.filters.newest') },
                { value: 'startedAt', label: t('inbox.filters.oldest') },
                { value: '-duration', label: t('inbox.filters.longest') },
              ]}
            />
          </label>
          <label className="text-xs text-fg-muted">
            {t('inbox.filters.from')}
            <Input type="date" name="from" defaultValue={values.from ?? ''} />
          </label>
          <label className="text-xs text-fg-muted">
            {t('inbox.filters.to')}
            <Input type="date" name="to" defaultValue={values.to ?? ''} />
          </label>
          <label className="text-xs text-fg-muted">
            {t('inbox.filters.caller')}
            <Input name="caller" defaultValue={values.caller ?? ''} inputMode="tel" />
          </label>
          <label className="text-xs text-fg-muted">
            {t('inbox.filters.minDuration')}
            <Input type="number" min={0} name="minDuration" defaultValue={values.minDuration ?? ''} />
          </label>
        </div>
      </details>
      <div className="flex gap-2">
        <Button type="submit" size="sm" variant="secondary">
          {t('inbox.filters.apply')}
        </Button>
        <Link to={resetHref} className={buttonClasses({ variant: 'ghost', size: 'sm' })}>
          {t('inbox.filters.reset')}
        </Link>
      </div>
    </Form>
  );
}
