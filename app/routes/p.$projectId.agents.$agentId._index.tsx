import type { MetaFunction } from '@remix-run/node';
import { listChannels } from '~/.server/messaging/channels.server';
import { listTemplates } from '~/.server/messaging/templates.server';
import { connectionCalendars, listIntegrations } from '~/.server/integrations/integrations.server';
import { useLoaderData } from '@remix-run/react';
import { canvasLinks } from '~/components/studio/canvas-links';
import { Studio } from '~/components/studio/studio';
import { useT } from '~/i18n';
import { can } from '~/.server/access/permissions';
import { isUuid } from '~/.server/access/project-access.server';
import { requireAgent } from '~/.server/agents/agents.server';
import { campaignVariableNames } from '~/.server/campaigns/campaign-call-variables.server';
import { db } from '~/.server/db';
import { getVersion, listVersions } from '~/.server/agents/publish.server';
import { ServiceError } from '~/.server/errors/service-error';
import { listKnowledgeBases } from '~/.server/knowledge-base/knowledge-bases.server';
import { studioToolChoices } from '~/.server/tools/builtin-catalog';
import { listTools } from '~/.server/tools/project-tools.server';
import { queryParams } from '~/.server/api/api-error';
import { projectLoader } from '~/.server/http/project-route';
import { MISSING } from '~/.server/http/missing';

/** The studio fills the window: the project layout drops its sidebar for it. */
export const handle = { fullscreen: true };
export const links = canvasLinks;

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.agent.name} · Studio` : 'Studio' },
];

/**
 * The agent's draft on the canvas. `?version=<id>` opens a published version read-only (call issues link
 * there), `?node=<id>` focuses a node.
 */
export const loader = projectLoader(
  { permission: 'agents.read', ids: { agentId: MISSING.agent } },
  async ({ request, access, ids }) => {
    const agent = await requireAgent(access.projectId, ids.agentId);
    const query = queryParams(request);
    const versionId = query.get('version');
    const [
      versions,
      knowledgeBases,
      tools,
      pinned,
      campaignVariables,
      crmConnections,
      messagingChannels,
      messageTemplates,
      operatorQueues,
    ] = await Promise.all([
      listVersions(access.projectId, agent.id),
      listKnowledgeBases(access.projectId),
      listTools(access.projectId),
      versionId && isUuid(versionId)
        ? getVersion(access.projectId, agent.id, versionId).catch((e: unknown) => {
            if (e instanceof ServiceError && e.status === 404) return null;
            throw e;
          })
        : null,
      campaignVariableNames(db(), access.projectId, agent.id),
      listIntegrations(access.projectId),
      listChannels(access.projectId),
      listTemplates(access.projectId),
      db().handoffQueue.findMany({
        where: { projectId: access.projectId },
        select: { name: true },
        orderBy: { name: 'asc' },
      }),
    ]);
    const editable = can(access.role, 'agents.edit') && !pinned;
    return {
      projectId: access.projectId,
      agent: { id: agent.id, name: agent.name, language: agent.language },
      draft: pinned
        ? { graph: pinned.graph, revision: 0 }
        : { graph: agent.draft.graph, revision: agent.draft.revision },
      viewingVersion: pinned ? pinned.number : null,
      versions: versions.map((v) => ({ ...v, createdAt: v.createdAt.toISOString() })),
      knowledgeBases: knowledgeBases.map((kb) => ({ id: kb.id, name: kb.name })),
      projectTools: studioToolChoices(tools),
      crmConnections: crmConnections
        .filter((c) => c.provider !== 'google_calendar')
        .map((c) => ({ id: c.id, name: `${c.name} (${c.portal})` })),
      calendarConnections: await Promise.all(
        crmConnections
          .filter((c) => c.provider === 'google_calendar')
          .map(async (c) => ({
            id: c.id,
            name: c.name,
            calendars: await connectionCalendars(access.projectId, c.id),
          })),
      ),
      messagingChannels: messagingChannels.map((c) => ({ id: c.id, name: c.name })),
      operatorQueues: operatorQueues.map((q) => q.name),
      messageTemplates: messageTemplates.map((m) => ({
        id: m.id,
        name: m.name,
        language: m.language,
        channelId: m.channelId,
      })),
      permissions: {
        edit: editable,
        publish: can(access.role, 'agents.publish') && !pinned,
        analysis: can(access.role, 'calls.read') && !pinned,
      },
      focusNodeId: query.get('node'),
      campaignVariables,
    };
  },
);

export default function StudioPage() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const base = `/p/${d.projectId}/agents`;
  return (
    <>
      {d.viewingVersion !== null && (
        <p className="fixed bottom-3 left-1/2 z-30 -translate-x-1/2 rounded-control bg-fg px-3 py-1.5 text-xs text-canvas shadow-overlay">
          {t('studio.viewingVersion', { number: d.viewingVersion })}{' '}
          <a className="font-semibold underline" href={`${base}/${d.agent.id}`}>
            {t('studio.openDraft')}
          </a>
        </p>
      )}
      <Studio
        key={`${d.agent.id}:${d.viewingVersion ?? 'draft'}`}
        projectId={d.projectId}
        agent={d.agent}
        draft={d.draft}
        versions={d.versions}
        knowledgeBases={d.knowledgeBases}
        projectTools={d.projectTools}
        crmConnections={d.crmConnections}
        calendarConnections={d.calendarConnections}
        messagingChannels={d.messagingChannels}
        operatorQueues={d.operatorQueues}
        messageTemplates={d.messageTemplates}
        permissions={d.permissions}
        focusNodeId={d.focusNodeId}
        backHref={base}
        campaignVariables={d.campaignVariables}
      />
    </>
  );
}
