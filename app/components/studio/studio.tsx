import { Link } from '@remix-run/react';
import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useT } from '~/i18n';
import { Button } from '../ui/button';
import { cn } from '../ui/cn';
import { toCanvas } from './flow-document';
import { FlowCanvas } from './flow-canvas';
import { autoLayout } from './lib/auto-layout';
import { layoutEngine } from './lib/elk-worker-engine';
import { AnalysisPanel } from './analysis-panel';
import { NodeInspector } from './node-inspector';
import { NodePalette } from './node-palette';
import { NodeSearch } from './node-search';
import { portsOf } from './node-summary';
import { ProblemsPanel } from './problems-panel';
import { PublishDialog } from './publish-dialog';
import { SaveStatus } from './save-status';
import { studioApi, type VersionSummary } from './studio-api';
import { StudioProvider, useStudio, useStudioStore } from './studio-context';
import { createStudioStore } from './studio-store';
import { TestPanel, type TestMode } from './test-panel';
import { useAutosave } from './use-autosave';
import { useLiveValidation } from './use-live-validation';
import { useStudioShortcuts } from './use-studio-shortcuts';
import { VariablesPanel } from './variables-panel';
import { VoicePanel } from './voice-panel';
import type { ProjectToolChoice } from './node-inspector';
import { VersionsPanel } from './versions-panel';
import { findNodeDefinition, isEntryType, variableSuggestions } from '#flow-runtime/editor';

export interface StudioProps {
  projectId: string;
  agent: { id: string; name: string; language: 'ru' | 'en' };
  draft: { graph: unknown; revision: number };
  versions: VersionSummary[];
  knowledgeBases: { id: string; name: string }[];
  /** The project's tools and the built-in ones a block may pick (Tools screen); picking one declares it. */
  projectTools?: ProjectToolChoice[];
  /** The project's CRM connections a CRM block may use (Integrations screen). */
  crmConnections?: { id: string; name: string }[];
  /** The project's calendar connections (Google Calendar), for Book appointment blocks. */
  calendarConnections?: {
    id: string;
    name: string;
    calendars: { id: string; name: string }[];
  }[];
  /** The project's operator queues by name (the Transfer block picks one). */
  operatorQueues?: string[];
  /** The project's messaging channels and templates a Send message block may pick (Messages screen). */
  messagingChannels?: { id: string; name: string }[];
  messageTemplates?: { id: string; name: string; language: string; channelId: string }[];
  /** analysis: may read the agent's post-call analysis settings (calls.read). */
  permissions: { edit: boolean; publish: boolean; analysis: boolean };
  /** Node to focus on open (from a call issue's "open in studio"). */
  focusNodeId?: string | null;
  backHref: string;
  /** Variables the campaigns that use this agent start its calls with (their lists' columns). */
  campaignVariables?: string[];
}

type Tab = 'inspector' | 'problems' | 'variables' | 'voice' | 'test' | 'versions' | 'analysis';

/** The agent studio: palette, canvas, and a side panel (inspector, problems, variables, test, versions). */
export function Studio(props: StudioProps) {
  const [store] = useState(() => {
    const s = createStudioStore(toCanvas(props.draft.graph), {
      revision: props.draft.revision,
      readOnly: !props.permissions.edit,
    });
    if (props.focusNodeId) s.getState().focusNode(props.focusNodeId);
    return s;
  });
  return (
    <StudioProvider store={store}>
      <ReactFlowProvider>
        <StudioLayout {...props} />
      </ReactFlowProvider>
    </StudioProvider>
  );
}

function StudioLayout({
  projectId,
  agent,
  versions: initialVersions,
  knowledgeBases,
  projectTools,
  crmConnections,
  calendarConnections,
  operatorQueues,
  messagingChannels,
  messageTemplates,
  permissions,
  backHref,
  campaignVariables,
}: StudioProps) {
  const t = useT();
  const store = useStudioStore();
  const flow = useReactFlow();
  const api = useMemo(() => studioApi(projectId, agent.id), [projectId, agent.id]);
  const [tab, setTab] = useState<Tab>('inspector');
  const [testMode, setTestMode] = useState<TestMode>('text');
  const [searching, setSearching] = useState(false);
  const [versions, setVersions] = useState(initialVersions);
  const errors = useStudio((s) => s.report.errors.length);
  const warnings = useStudio((s) => s.report.warnings.length);
  const canUndo = useStudio((s) => s.past.length > 0);
  const canRedo = useStudio((s) => s.future.length > 0);
  const variableInfo = useStudio((s) => s.variableInfo);
  const suggestions = useMemo(() => variableSuggestions(variableInfo).map((v) => v.insert), [variableInfo]);
  useAutosave(store, api);
  useLiveValidation(store, campaignVariables);
  // Opening a problem (Problems panel, Publish) shows its block's form at the field.
  const fieldRequest = useStudio((s) => s.fieldRequest);
  useEffect(() => {
    if (fieldRequest) setTab('inspector');
  }, [fieldRequest]);

  const layout = useCallback(async () => {
    const s = store.getState();
    const pane = document.querySelector('.react-flow')?.getBoundingClientRect();
    const positions = await autoLayout(
      s.nodes,
      s.edges,
      {
        isRoot: (node) => isEntryType(node.type),
        nodeSize: (id) => {
          const node = flow.getNode(id);
          return { width: node?.measured?.width ?? 240, height: node?.measured?.height ?? 110 };
        },
        portOrder: (id) => {
          const node = s.nodes.find((n) => n.id === id);
          const def = node ? findNodeDefinition(node.type ?? '') : undefined;
          return def && node ? portsOf(def, node.data).map((p) => p.id) : [];
        },
        // Long flows wrap toward the canvas's own shape, so the whole flow fits it.
        ...(pane && pane.height > 0 ? { aspectRatio: pane.width / pane.height } : {}),
      },
      await layoutEngine(),
    );
    store.getState().setPositions(positions);
    requestAnimationFrame(() => store.getState().requestFit());
  }, [store, flow]);
  const fit = useCallback(() => store.getState().requestFit(), [store]);
  const shortcuts = useMemo(
    () => ({ openSearch: () => setSearching(true), autoLayout: () => void layout(), fitView: fit }),
    [layout, fit],
  );
  useStudioShortcuts(store, shortcuts);

  const refreshVersions = useCallback(async () => {
    const result = await api.versions();
    if (result.ok) setVersions(result.data.versions);
  }, [api]);

  const addFromPalette = useCallback(
    (type: string) => {
      const bounds = document.querySelector('.react-flow')?.getBoundingClientRect();
      const at = flow.screenToFlowPosition({
        x: (bounds?.left ?? 0) + (bounds?.width ?? 800) / 2,
        y: (bounds?.top ?? 0) + (bounds?.height ?? 600) / 2,
      });
      store
        .getState()
        .addNode(type, { x: at.x - 120 + Math.random() * 40, y: at.y - 40 + Math.random() * 40 });
      setTab('inspector');
    },
    [flow, store],
  );

  const tabs: { id: Tab; label: string; badge?: number; tone?: string }[] = [
    { id: 'inspector', label: t('studio.tabs.inspector') },
    {
      id: 'problems',
      label: t('studio.tabs.problems'),
      badge: errors + warnings,
      tone: errors ? 'bg-danger text-white' : 'bg-amber-400 text-amber-950',
    },
    { id: 'variables', label: t('studio.tabs.variables') },
    { id: 'voice', label: t('providers.voice.title') },
    { id: 'test', label: t('studio.tabs.test') },
    { id: 'versions', label: t('studio.tabs.versions') },
    ...(permissions.analysis ? [{ id: 'analysis' as const, label: t('studio.tabs.analysis') }] : []),
  ];

  return (
    <div className="flex h-dvh flex-col bg-canvas">
      <header className="flex h-12 shrink-0 items-center gap-2 border-b border-border bg-surface px-3">
        <Link to={backHref} className="text-sm text-fg-muted hover:text-fg">
          ← {t('studio.back')}
        </Link>
        <h1 className="truncate text-sm font-semibold text-fg">{agent.name}</h1>
        {permissions.edit ? <SaveStatus /> : null}
        <div className="ml-auto flex items-center gap-1">
          <ToolButton
            label={t('studio.actions.undo')}
            shortcut="Ctrl+Z"
            disabled={!canUndo || !permissions.edit}
            onClick={() => store.getState().undo()}
          >
            ↶
          </ToolButton>
          <ToolButton
            label={t('studio.actions.redo')}
            shortcut="Ctrl+Shift+Z"
            disabled={!canRedo || !permissions.edit}
            onClick={() => store.getState().redo()}
          >
            ↷
          </ToolButton>
          <ToolButton
            label={t('studio.actions.layout')}
            shortcut="Shift+L"
            disabled={!permissions.edit}
            onClick={() => void layout()}
          >
            {t('studio.actions.layoutShort')}
          </ToolButton>
          <ToolButton label={t('studio.actions.fit')} shortcut="Shift+1" onClick={fit}>
            ⤢
          </ToolButton>
          <ToolButton label={t('studio.actions.search')} shortcut="Ctrl+F" onClick={() => setSearching(true)}>
            {t('studio.actions.searchShort')}
          </ToolButton>
          {permissions.edit && (
            <Button
              size="sm"
              variant="ghost"
              onClick={() => {
                setTab('test');
                setTestMode('voice');
              }}
            >
              {t('studio.actions.voice')}
            </Button>
          )}
          {permissions.publish && <PublishDialog api={api} onPublished={() => void refreshVersions()} />}
        </div>
      </header>
      <div className="flex min-h-0 flex-1">
        <NodePalette onAdd={addFromPalette} disabled={!permissions.edit} />
        <div className="relative min-w-0 flex-1">
          <FlowCanvas />
          {searching && <NodeSearch onClose={() => setSearching(false)} />}
          {!permissions.edit && (
            <p className="absolute top-3 left-3 rounded-control bg-surface px-2 py-1 text-xs text-fg-muted shadow-card">
              {t('studio.readOnly')}
            </p>
          )}
        </div>
        <aside className="flex w-96 shrink-0 flex-col border-l border-border bg-surface">
          <div
            role="tablist"
            aria-label={t('studio.tabs.label')}
            className="flex shrink-0 flex-wrap border-b border-border"
          >
            {tabs.map((item) => (
              <button
                key={item.id}
                type="button"
                role="tab"
                aria-selected={tab === item.id}
                onClick={() => setTab(item.id)}
                className={cn(
                  // Longer words (Russian, the pseudo locale) wrap the tabs onto a second row, never past the panel.
                  'flex flex-auto items-center justify-center gap-1 border-b-2 px-1 py-2 text-xs font-medium',
                  tab === item.id ? 'border-brand text-fg' : 'border-transparent text-fg-muted hover:text-fg',
                )}
              >
                {item.label}
                {item.badge ? (
                  <span className={cn('rounded-full px-1.5 text-[10px] font-semibold', item.tone)}>
                    {item.badge}
                  </span>
                ) : null}
              </button>
            ))}
          </div>
          <div role="tabpanel" className="min-h-0 flex-1 overflow-y-auto">
            {tab === 'inspector' && (
              <NodeInspector
                knowledgeBases={knowledgeBases}
                projectTools={projectTools ?? []}
                crmConnections={crmConnections ?? []}
                calendarConnections={calendarConnections ?? []}
                operatorQueues={operatorQueues ?? []}
                messagingChannels={messagingChannels ?? []}
                messageTemplates={messageTemplates ?? []}
                variables={suggestions}
              />
            )}
            {tab === 'problems' && <ProblemsPanel />}
            {tab === 'variables' && <VariablesPanel />}
            {tab === 'voice' && <VoicePanel projectId={projectId} />}
            {tab === 'test' && (
              <TestPanel
                api={api}
                canEdit={permissions.edit}
                projectId={projectId}
                agentId={agent.id}
                mode={testMode}
                onModeChange={setTestMode}
              />
            )}
            {tab === 'analysis' && (
              <AnalysisPanel projectId={projectId} agentId={agent.id} canEdit={permissions.edit} />
            )}
            {tab === 'versions' && (
              <VersionsPanel
                api={api}
                versions={versions}
                canPublish={permissions.publish}
                onChanged={() => void refreshVersions()}
                diffHref={(from, to) => `${backHref}/${agent.id}/diff?from=${from}&to=${to}`}
              />
            )}
          </div>
        </aside>
      </div>
    </div>
  );
}

function ToolButton({
  label,
  shortcut,
  children,
  ...props
}: {
  label: string;
  shortcut?: string;
  children: React.ReactNode;
  disabled?: boolean;
  onClick: () => void;
}) {
  return (
    <Button
      variant="ghost"
      size="sm"
      aria-label={label}
      title={shortcut ? `${label} (${shortcut})` : label}
      {...props}
    >
      {children}
    </Button>
  );
}
