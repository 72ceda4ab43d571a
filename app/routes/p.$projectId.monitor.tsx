import type { MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { MonitorScreen } from '~/components/monitor/monitor-screen';
import { en } from '~/i18n/en';
import { translatorFromMatches } from '~/i18n/meta';
import { agentChoices } from '~/.server/agents/agents.server';
import { projectLoader } from '~/.server/http/project-route';
import { campaignChoices, liveCallBlocks, monitorSnapshot } from '~/.server/monitor/monitor.server';

export const meta: MetaFunction = ({ matches }) => [
  { title: translatorFromMatches(matches, en)('monitor.metaTitle') },
];

/** Supervisors, admins and owners (calls.monitor); everyone else gets 403 and no menu item. */
export const loader = projectLoader({ permission: 'calls.monitor' }, async ({ access }) => {
  const [snapshot, agents, campaigns] = await Promise.all([
    monitorSnapshot(access.projectId),
    agentChoices(access.projectId),
    campaignChoices(access.projectId),
  ]);
  const blocks = await liveCallBlocks(access.projectId, snapshot.calls);
  return { projectId: access.projectId, ...snapshot, agents, campaigns, blocks };
});

export default function MonitorPage() {
  const data = useLoaderData<typeof loader>();
  return (
    <MonitorScreen
      projectId={data.projectId}
      calls={data.calls}
      counters={data.counters}
      settings={data.settings}
      agents={data.agents}
      campaigns={data.campaigns}
      blocks={data.blocks}
    />
  );
}
