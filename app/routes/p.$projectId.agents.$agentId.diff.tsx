import type { MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { canvasLinks } from '~/components/studio/canvas-links';
import { VersionDiff } from '~/components/studio/version-diff';
import { useT } from '~/i18n';
import { en } from '~/i18n/en';
import { translatorFromMatches } from '~/i18n/meta';
import { isUuid } from '~/.server/access/project-access.server';
import { requireAgent } from '~/.server/agents/agents.server';
import { getVersion } from '~/.server/agents/publish.server';
import { queryParams } from '~/.server/api/api-error';
import { projectLoader } from '~/.server/http/project-route';
import { MISSING } from '~/.server/http/missing';

export const handle = { fullscreen: true };
export const links = canvasLinks;
export const meta: MetaFunction = ({ matches }) => [
  { title: translatorFromMatches(matches, en)('studio.diff.metaTitle') },
];

/** `?from=<versionId|draft>&to=<versionId|draft>`: two snapshots of one agent, compared on the canvas. */
export const loader = projectLoader(
  { permission: 'agents.read', ids: { agentId: MISSING.agent } },
  async ({ request, access, ids }) => {
    const agent = await requireAgent(access.projectId, ids.agentId);
    const query = queryParams(request);
    const side = async (ref: string | null) => {
      if (ref === 'draft') return { version: null, graph: agent.draft.graph };
      if (!ref || !isUuid(ref)) throw new Response('Choose two versions to compare', { status: 400 });
      const v = await getVersion(access.projectId, agent.id, ref);
      return { version: v.number, graph: v.graph };
    };
    const [from, to] = await Promise.all([side(query.get('from')), side(query.get('to'))]);
    // Older on the left: compare in the order the versions were made, whichever was ticked first.
    const ordered =
      from.version !== null && (to.version === null || from.version < to.version) ? [from, to] : [to, from];
    return { projectId: access.projectId, agentId: agent.id, before: ordered[0]!, after: ordered[1]! };
  },
);

export default function VersionDiffPage() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const label = (v: number | null) =>
    v === null ? t('studio.diff.draft') : t('studio.diff.version', { number: v });
  return (
    <VersionDiff
      before={{ label: label(d.before.version), graph: d.before.graph }}
      after={{ label: label(d.after.version), graph: d.after.graph }}
      backHref={`/p/${d.projectId}/agents/${d.agentId}`}
    />
  );
}
