import type { MetaFunction } from '@remix-run/node';
import { useLoaderData, useRevalidator } from '@remix-run/react';
import { useEffect } from 'react';
import { PhoneIcon, PlusIcon } from '~/components/icons';
import { ConnectionCard } from '~/components/telephony/connection-card';
import { ConnectionDialog } from '~/components/telephony/connection-dialog';
import { NumberDialog } from '~/components/telephony/number-dialog';
import { NumbersTable } from '~/components/telephony/numbers-table';
import type {
  AgentItem,
  ConnectionItem,
  NumberItem,
  PresetItem,
} from '~/components/telephony/telephony-types';
import { TestCallDialog } from '~/components/telephony/test-call-dialog';
import { Button } from '~/components/ui/button';
import { EmptyState } from '~/components/ui/empty-state';
import { PageHeader } from '~/components/ui/page-header';
import { useT } from '~/i18n';
import { en } from '~/i18n/en';
import { translatorFromMatches } from '~/i18n/meta';
import { can } from '~/.server/access/permissions';
import { listPhoneNumbers } from '~/.server/telephony/phone-numbers.server';
import { PROVIDER_PRESETS } from '~/.server/telephony/provider-presets';
import { listSipConnections } from '~/.server/telephony/sip-connections.server';
import { agentVersionChoices } from '~/.server/agents/agents.server';
import { sipAddressForCallers } from '~/.server/env/env-values';
import { projectLoader } from '~/.server/http/project-route';

export const meta: MetaFunction = ({ matches }) => [
  { title: translatorFromMatches(matches, en)('telephony.metaTitle') },
];

export const loader = projectLoader({ permission: 'telephony.read' }, async ({ access }) => {
  const [connections, numbers, agents] = await Promise.all([
    listSipConnections(access.projectId),
    listPhoneNumbers(access.projectId),
    agentVersionChoices(access.projectId),
  ]);
  return {
    projectId: access.projectId,
    canManage: can(access.role, 'telephony.manage'),
    connections,
    numbers,
    agents,
    presets: Object.values(PROVIDER_PRESETS),
    sip: sipAddressForCallers(),
  };
});

/** Live registration status: re-read every few seconds while the tab is visible. */
function useLiveRefresh(ms: number) {
  const { revalidate, state } = useRevalidator();
  useEffect(() => {
    const id = setInterval(() => {
      if (document.visibilityState === 'visible' && state === 'idle') revalidate();
    }, ms);
    return () => clearInterval(id);
  }, [ms, revalidate, state]);
}

export default function NumbersPage() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  useLiveRefresh(5000);
  const connections = data.connections as ConnectionItem[];
  const numbers = data.numbers as NumberItem[];
  const agents = data.agents as AgentItem[];
  const presets = data.presets as PresetItem[];
  const { projectId, canManage } = data;
  return (
    <div className="space-y-8">
      <PageHeader
        title={t('telephony.title')}
        description={canManage ? t('telephony.description') : t('telephony.readOnly')}
        actions={
          canManage ? (
            <TestCallDialog projectId={projectId} connections={connections} agents={agents} />
          ) : null
        }
      />

      <section className="space-y-4" aria-labelledby="connections-title">
        <div className="flex items-center justify-between gap-4">
          <h2 id="connections-title" className="text-lg font-semibold text-fg">
            {t('telephony.connections.title')}
          </h2>
          {canManage && connections.length > 0 ? (
            <ConnectionDialog
              projectId={projectId}
              presets={presets}
              trigger={
                <Button size="sm">
                  <PlusIcon /> {t('telephony.connections.add')}
                </Button>
              }
            />
          ) : null}
        </div>
        {connections.length === 0 ? (
          <EmptyState
            icon={<PhoneIcon size={20} />}
            title={t('telephony.connections.emptyTitle')}
            text={canManage ? t('telephony.connections.emptyText') : t('telephony.connections.emptyReadOnly')}
            action={
              canManage ? (
                <ConnectionDialog
                  projectId={projectId}
                  presets={presets}
                  trigger={
                    <Button>
                      <PlusIcon /> {t('telephony.connections.add')}
                    </Button>
                  }
                />
              ) : undefined
            }
          />
        ) : (
          <div className="grid gap-4 lg:grid-cols-2">
            {connections.map((c) => (
              <ConnectionCard
                key={c.id}
                projectId={projectId}
                connection={c}
                presets={presets}
                canManage={canManage}
              />
            ))}
          </div>
        )}
      </section>

      <section className="space-y-4" aria-labelledby="numbers-title">
        <div className="flex items-center justify-between gap-4">
          <h2 id="numbers-title" className="text-lg font-semibold text-fg">
            {t('telephony.numbers.title')}
          </h2>
          {canManage && numbers.length > 0 ? (
            <NumberDialog
              projectId={projectId}
              connections={connections}
              agents={agents}
              trigger={
                <Button size="sm">
                  <PlusIcon /> {t('telephony.numbers.add')}
                </Button>
              }
            />
          ) : null}
        </div>
        {numbers.length === 0 ? (
          <EmptyState
            icon={<PhoneIcon size={20} />}
            title={t('telephony.numbers.emptyTitle')}
            text={t('telephony.numbers.emptyText')}
            action={
              canManage ? (
                <NumberDialog
                  projectId={projectId}
                  connections={connections}
                  agents={agents}
                  trigger={
                    <Button>
                      <PlusIcon /> {t('telephony.numbers.add')}
                    </Button>
                  }
                />
              ) : undefined
            }
          />
        ) : (
          <NumbersTable
            sip={data.sip}
            projectId={projectId}
            numbers={numbers}
            connections={connections}
            agents={agents}
            canManage={canManage}
          />
        )}
      </section>
    </div>
  );
}
