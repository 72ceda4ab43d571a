import type { MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { MessagesScreen } from '~/components/messaging/messages-screen';
import { en } from '~/i18n/en';
import { translatorFromMatches } from '~/i18n/meta';
import { can } from '~/.server/access/permissions';
import { projectLoader } from '~/.server/http/project-route';
import { listChannels } from '~/.server/messaging/channels.server';
import { listMessages, messagesQuery } from '~/.server/messaging/messages.server';
import { listTemplates } from '~/.server/messaging/templates.server';

export const meta: MetaFunction = ({ matches }) => [
  { title: translatorFromMatches(matches, en)('messaging.metaTitle') },
];

/** The message log for whoever reads campaigns; channels and templates for those who manage them. */
export const loader = projectLoader({ permission: 'campaigns.read' }, async ({ request, access }) => {
  // "All" in a filter is an empty value: dropped, and a filter that does not parse shows the whole log.
  const params = [...new URL(request.url).searchParams].filter(([, v]) => v !== '');
  const parsed = messagesQuery.safeParse(Object.fromEntries(params));
  const query = parsed.success ? parsed.data : messagesQuery.parse({});
  const [channels, templates, { messages }] = await Promise.all([
    listChannels(access.projectId),
    listTemplates(access.projectId),
    listMessages(access.projectId, query),
  ]);
  return {
    projectId: access.projectId,
    canManage: can(access.role, 'project.update') && can(access.role, 'campaigns.manage'),
    channels,
    templates,
    messages,
  };
});

export default function MessagesPage() {
  const data = useLoaderData<typeof loader>();
  return <MessagesScreen {...data} />;
}
