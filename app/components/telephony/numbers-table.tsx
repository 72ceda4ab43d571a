import { useRevalidator } from '@remix-run/react';
import { api } from '~/components/api/api-client';
import { Button } from '~/components/ui/button';
import { ConfirmDialog } from '~/components/ui/confirm-dialog';
import { useToast } from '~/components/ui/use-toast';
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from '~/components/ui/table';
import { useT } from '~/i18n';
import { NumberDialog } from './number-dialog';
import type { AgentItem, ConnectionItem, NumberItem } from './telephony-types';

interface Props {
  projectId: string;
  numbers: NumberItem[];
  connections: ConnectionItem[];
  agents: AgentItem[];
  canManage: boolean;
  /** Where callers reach the gateway: each number's SIP URI is shown with it. */
  sip?: { host: string; port: number };
}

export function NumbersTable({ projectId, numbers, connections, agents, canManage, sip }: Props) {
  const t = useT();
  const revalidator = useRevalidator();
  const { toast } = useToast();
  const base = `/api/v1/projects/${projectId}/phone-numbers` as const;
  // Removing is cheap to undo: the toast offers to add the same number back with the same settings.
  const restore = async (n: NumberItem) => {
    const answer = await api(base, {
      method: 'POST',
      json: {
        address: n.address,
        label: n.label,
        connectionId: n.connection?.id ?? null,
        agentId: n.agent?.id ?? null,
        pinnedVersionId: n.pinnedVersion?.id ?? null,
        outboundCallerId: n.outboundCallerId,
        workingHours: n.workingHours,
        afterHoursAgentId: n.afterHoursAgent?.id ?? null,
        afterHoursMessage: n.afterHoursMessage,
      },
    });
    if (answer.ok)
      toast({ title: t('newUser.confirm.numberRestored', { address: n.address }), variant: 'success' });
    else toast({ title: answer.error.message, variant: 'error' });
    revalidator.revalidate();
  };
  const remove = async (n: NumberItem) => {
    const answer = await api(`/api/v1/projects/${projectId}/phone-numbers/${n.id}`, { method: 'DELETE' });
    revalidator.revalidate();
    if (!answer.ok) return toast({ title: answer.error.message, variant: 'error' });
    toast({
      title: t('newUser.confirm.numberRemoved', { address: n.address }),
      duration: 10_000,
      action: { label: t('newUser.undo'), onClick: () => void restore(n) },
    });
  };
  return (
    <div className="overflow-x-auto rounded-panel border border-border bg-surface shadow-card">
      <Table>
        <TableHead>
          <TableRow>
            <TableHeaderCell>{t('telephony.numbers.colNumber')}</TableHeaderCell>
            <TableHeaderCell>{t('telephony.numbers.colConnection')}</TableHeaderCell>
            <TableHeaderCell>{t('telephony.numbers.colAgent')}</TableHeaderCell>
            <TableHeaderCell>{t('telephony.numbers.colHours')}</TableHeaderCell>
            <TableHeaderCell>{t('telephony.numbers.colCallerId')}</TableHeaderCell>
            {canManage ? (
              <TableHeaderCell>
                <span className="sr-only">{t('telephony.numbers.edit')}</span>
              </TableHeaderCell>
            ) : null}
          </TableRow>
        </TableHead>
        <TableBody>
          {numbers.map((n) => (
            <TableRow key={n.id} data-testid={`number-${n.address}`}>
              <TableCell>
                <span className="font-mono text-sm text-fg">{n.address}</span>
                {n.label ? <span className="block text-xs text-fg-subtle">{n.label}</span> : null}
                {sip ? (
                  <span className="block text-xs text-fg-subtle" data-testid="sip-uri">
                    {t('newUser.phone.reachAt')}{' '}
                    <span className="font-mono select-all">{`sip:${n.address}@${sip.host}:${sip.port}`}</span>
                  </span>
                ) : null}
              </TableCell>
              <TableCell className="text-fg-muted">
                {n.connection?.name ?? t('telephony.numbers.noConnection')}
              </TableCell>
              <TableCell>
                {n.agent ? (
                  <>
                    <span className="text-fg">{n.agent.name}</span>
                    <span className="block text-xs text-fg-subtle">
                      {n.pinnedVersion
                        ? t('telephony.numbers.pinned', { number: n.pinnedVersion.number })
                        : n.agent.liveVersion !== null
                          ? t('telephony.numbers.liveVersion', { number: n.agent.liveVersion })
                          : t('telephony.numbers.liveNone')}
                    </span>
                  </>
                ) : (
                  <span className="text-fg-subtle">{t('telephony.numbers.noAgent')}</span>
                )}
              </TableCell>
              <TableCell className="text-fg-muted">
                {n.workingHours ? t('telephony.numbers.hoursSet') : t('telephony.numbers.always')}
              </TableCell>
              <TableCell className="font-mono text-xs text-fg-muted">{n.outboundCallerId || '—'}</TableCell>
              {canManage ? (
                <TableCell className="whitespace-nowrap text-right">
                  <NumberDialog
                    projectId={projectId}
                    connections={connections}
                    agents={agents}
                    number={n}
                    trigger={
                      <Button size="sm" variant="ghost">
                        {t('telephony.numbers.edit')}
                      </Button>
                    }
                  />
                  <ConfirmDialog
                    title={t('newUser.confirm.numberTitle', { address: n.address })}
                    description={
                      n.agent
                        ? t('newUser.confirm.numberText', { agent: n.agent.name })
                        : t('newUser.confirm.numberTextNoAgent')
                    }
                    trigger={
                      <Button size="sm" variant="ghost">
                        {t('telephony.numbers.remove')}
                      </Button>
                    }
                    confirmLabel={t('telephony.numbers.remove')}
                    onConfirm={() => void remove(n)}
                  />
                </TableCell>
              ) : null}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
