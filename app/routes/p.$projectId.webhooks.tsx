import type { MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { WebhooksScreen } from '~/components/webhooks/webhooks-screen';
import { en } from '~/i18n/en';
import { translatorFromMatches } from '~/i18n/meta';
import { projectLoader } from '~/.server/http/project-route';
import { listWebhooks, SUBSCRIBABLE } from '~/.server/webhooks/webhooks.server';

export const meta: MetaFunction = ({ matches }) => [
  { title: translatorFromMatches(matches, en)('webhooks.metaTitle') },
];

/** Admins and owners (project.update, as the webhooks API); changes go through the API from the page. */
export const loader = projectLoader({ permission: 'project.update' }, async ({ access }) => ({
  projectId: access.projectId,
  webhooks: await listWebhooks(access.projectId),
  eventTypes: [...SUBSCRIBABLE],
}));

export default function WebhooksPage() {
  const data = useLoaderData<typeof loader>();
  return <WebhooksScreen projectId={data.projectId} webhooks={data.webhooks} eventTypes={data.eventTypes} />;
}
