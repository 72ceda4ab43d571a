import { useRevalidator } from '@remix-run/react';
import { useEffect, useMemo, useState } from 'react';
import type { MonitorRow } from '~/lib/monitor/monitor-views';
import { usePick, useT } from '~/i18n';
import { PhoneIcon } from '../icons';
import { callTitle, formatDuration } from '../inbox/format';
import { nodeTitle } from '../inbox/node-title';
import { useProjectEvents } from '../realtime/use-project-events';
import { cn } from '../ui/cn';
import { EmptyState } from '../ui/empty-state';
import { Input } from '../ui/input';
import { PageHeader } from '../ui/page-header';
import { Select } from '../ui/select';
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from '../ui/table';
import { AlertRulesDialog, type AlertSettingsView } from './alert-rules-dialog';
import { playAlertSound } from './alert-sound';
import { applyLiveEvent } from './apply-live-event';
import { MonitorCallPanel } from './monitor-call-panel';
import { MonitorCounters, type CountersView } from './monitor-counters';
import { ANY, matchesFilters, NO_CAMPAIGN } from './monitor-filters';

export interface MonitorScreenProps {
  projectId: string;
  calls: MonitorRow[];
  counters: CountersView;
  settings: AlertSettingsView;
  agents: { id: string; name: string }[];
  campaigns: { id: string; name: string }[];
  /** Each live call's blocks, to name the step it is on (the loader runs again when a call starts). */
  blocks: Record<string, { id: string; type: string; label: string }[]>;
}

/**
 * The supervisors' screen: the live board from the loader, then kept current by the realtime gateway.
 * Counters and agent names come back with the loader, which runs again (debounced) when a call starts or
 * ends and after any reconnection.
 */
export function MonitorScreen({
  projectId,
  calls,
  counters,
  settings,
  agents,
  campaigns,
  blocks,
}: MonitorScreenProps) {
  const t = useT();
  const pickText = usePick();
  const partyLabels = {
    test: t('inbox.directions.test'),
    unknown: t('inbox.list.unknownCaller'),
    browser: t('inbox.directions.browser'),
  };
  const { revalidate } = useRevalidator();
  const [rows, setRows] = useState(calls);
  const [selected, setSelected] = useState<string | null>(null);
  const [agent, setAgent] = useState(ANY);
  const [campaign, setCampaign] = useState(ANY);
  const [number, setNumber] = useState('');
  const [connected, setConnected] = useState(false);
  const [now, setNow] = useState(() => Date.now());
  const [reload, setReload] = useState(0);

  useEffect(() => {
    setRows(calls);
  }, [calls]);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  useEffect(() => {
    if (reload === 0) return;
    const timer = setTimeout(revalidate, 400);
    return () => clearTimeout(timer);
  }, [reload, revalidate]);

  useProjectEvents(projectId, {
    onEvent: (event) => {
      setRows((current) => applyLiveEvent(current, event, projectId));
      if (event.type === 'call.alert' && settings.sound) playAlertSound();
      if (event.type === 'call.started' || event.type === 'call.ended' || event.type === 'call.transferred')
        setReload((n) => n + 1);
    },
    onOpen: () => {
      setConnected(true);
      setReload((n) => n + 1);
    },
    onResync: () => setReload((n) => n + 1),
  });
  useEffect(() => {
    const offline = () => setConnected(false);
    window.addEventListener('offline', offline);
    return () => window.removeEventListener('offline', offline);
  }, []);

  const agentOptions = useMemo(
    () => [
      { value: ANY, label: t('monitor.filters.anyAgent') },
      ...agents.map((a) => ({ value: a.id, label: a.name })),
    ],
    [agents, t],
  );
  const campaignOptions = useMemo(
    () => [
      { value: ANY, label: t('monitor.filters.anyCampaign') },
      { value: NO_CAMPAIGN, label: t('monitor.filters.noCampaign') },
      ...campaigns.map((c) => ({ value: c.id, label: c.name })),
    ],
    [campaigns, t],
  );
  const visible = rows.filter((r) => matchesFilters(r, { agent, campaign, number }));
  const live = {
    ...counters,
    live: rows.length,
    waiting: rows.filter((r) => r.waitingSince !== undefined).length,
  };

  return (
    <div className="space-y-4">
      <PageHeader
        title={t('monitor.title')}
        description={t('monitor.description')}
        actions={
          <>
            <span
              className={cn(
                'inline-flex items-center gap-1.5 text-xs',
                connected ? 'text-success' : 'text-fg-subtle',
              )}
              data-testid="monitor-connection"
            >
              <span className={cn('size-2 rounded-full', connected ? 'bg-success' : 'bg-fg-subtle')} />
              {connected ? t('monitor.connected') : t('monitor.reconnecting')}
            </span>
            <AlertRulesDialog projectId={projectId} settings={settings} />
          </>
        }
      />
      <MonitorCounters counters={live} />
      <div className="flex flex-wrap gap-2">
        <Select
          aria-label={t('monitor.filters.agent')}
          options={agentOptions}
          value={agent}
          onValueChange={setAgent}
          className="w-56"
        />
        <Select
          aria-label={t('monitor.filters.campaign')}
          options={campaignOptions}
          value={campaign}
          onValueChange={setCampaign}
          className="w-56"
        />
        <Input
          aria-label={t('monitor.filters.number')}
          placeholder={t('monitor.filters.numberPlaceholder')}
          value={number}
          onChange={(e) => setNumber(e.target.value)}
          className="h-9 w-56"
        />
      </div>
      <div className={cn('grid gap-4', selected && 'lg:grid-cols-[minmax(0,1fr)_420px]')}>
        <div className="min-w-0">
          {rows.length === 0 ? (
            <EmptyState
              icon={<PhoneIcon size={20} />}
              title={t('monitor.empty')}
              text={t('monitor.emptyText')}
            />
          ) : visible.length === 0 ? (
            <p className="text-sm text-fg-subtle">{t('monitor.noneMatch')}</p>
          ) : (
            <Table data-testid="monitor-calls">
              <TableHead>
                <TableRow>
                  <TableHeaderCell>{t('monitor.columns.agent')}</TableHeaderCell>
                  <TableHeaderCell>{t('monitor.columns.caller')}</TableHeaderCell>
                  <TableHeaderCell>{t('monitor.columns.direction')}</TableHeaderCell>
                  <TableHeaderCell>{t('monitor.columns.duration')}</TableHeaderCell>
                  <TableHeaderCell>{t('monitor.columns.node')}</TableHeaderCell>
                  <TableHeaderCell>{t('monitor.columns.lastSaid')}</TableHeaderCell>
                  <TableHeaderCell>{t('monitor.columns.sentiment')}</TableHeaderCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {visible.map((row) => (
                  <TableRow
                    key={row.callId}
                    data-testid="monitor-row"
                    data-call-id={row.callId}
                    data-alerted={row.alerts.length > 0 ? 'true' : undefined}
                    tabIndex={0}
                    aria-selected={selected === row.callId}
                    onClick={() => setSelected(row.callId)}
                    onKeyDown={(e) => e.key === 'Enter' && setSelected(row.callId)}
                    className={cn(
                      'cursor-pointer',
                      row.alerts.length > 0 && 'bg-danger/5',
                      selected === row.callId && 'bg-surface-hover',
                    )}
                  >
                    <TableCell>
                      <div className="font-medium text-fg">{row.agentName ?? t('monitor.noAgent')}</div>
                      {row.alerts.length > 0 && (
                        <div className="mt-1 flex flex-wrap gap-1" data-testid="monitor-alerts">
                          {[...new Set(row.alerts.map((a) => a.rule))].map((rule) => (
                            <span
                              key={rule}
                              className="rounded-full bg-danger/15 px-2 py-0.5 text-[11px] font-medium text-danger"
                              title={row.alerts.filter((a) => a.rule === rule).at(-1)?.message}
                            >
                              {t(`monitor.alerts.rule.${rule}`)}
                            </span>
                          ))}
                        </div>
                      )}
                    </TableCell>
                    <TableCell className="tabular-nums">
                      {row.direction === 'outbound'
                        ? row.to
                        : callTitle({ direction: row.direction, from: row.from }, partyLabels)}
                    </TableCell>
                    <TableCell>
                      {t(`monitor.direction.${row.direction}`)}
                      {row.waitingSince !== undefined && (
                        <span className="ml-1 rounded-full bg-warning/15 px-2 py-0.5 text-[11px] text-warning">
                          {t('monitor.waitingBadge')}
                        </span>
                      )}
                    </TableCell>
                    <TableCell className="tabular-nums">{formatDuration(now - row.startedAt)}</TableCell>
                    <TableCell className="text-xs" data-node-id={row.nodeId}>
                      {row.nodeId
                        ? nodeTitle({ nodes: blocks[row.callId] ?? [] }, row.nodeId, pickText)
                        : '—'}
                    </TableCell>
                    <TableCell className="max-w-72 truncate" title={row.lastCallerText ?? row.lastReply}>
                      {row.lastCallerText ?? row.lastReply ?? '—'}
                    </TableCell>
                    <TableCell>{row.sentiment ? t(`monitor.sentiment.${row.sentiment}`) : '—'}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </div>
        {selected && (
          <aside className="min-h-96 rounded-card border border-border bg-surface p-3 shadow-card lg:h-[calc(100dvh-16rem)]">
            <MonitorCallPanel projectId={projectId} callId={selected} onClose={() => setSelected(null)} />
          </aside>
        )}
      </div>
    </div>
  );
}
