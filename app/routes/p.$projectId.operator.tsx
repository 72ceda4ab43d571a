import type { MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { OperatorPanel } from '~/components/operator/operator-panel';
import { en } from '~/i18n/en';
import { translatorFromMatches } from '~/i18n/meta';
import { getPresence } from '~/.server/handoffs/operators.server';
import { projectLoader } from '~/.server/http/project-route';

export const meta: MetaFunction = ({ matches }) => [
  { title: translatorFromMatches(matches, en)('operator.metaTitle') },
];

/** Operators, supervisors, admins and owners (handoffs.handle); everyone else gets 403 and no menu item. */
export const loader = projectLoader({ permission: 'handoffs.handle' }, async ({ access }) => ({
  projectId: access.projectId,
  presence: await getPresence(access),
}));

export default function OperatorPage() {
  const data = useLoaderData<typeof loader>();
  return <OperatorPanel projectId={data.projectId} initial={data.presence} />;
}
