import { Link } from '@remix-run/react';
import { ReactFlowProvider } from '@xyflow/react';
import { useMemo, useState } from 'react';
import { findNodeDefinition } from '#flow-runtime/editor';
import { usePick, useT } from '~/i18n';
import { cn } from '../ui/cn';
import { FlowCanvas } from './flow-canvas';
import { toCanvas, toFlow, type CanvasDocument } from './flow-document';
import { diffGraphs, nodeDiffStatus, type FieldChange, type GraphDiff } from './lib/graph-diff';
import { StudioProvider } from './studio-context';
import { createStudioStore } from './studio-store';

export interface VersionDiffProps {
  before: { label: string; graph: unknown };
  after: { label: string; graph: unknown };
  backHref: string;
}

/** The later graph on the canvas, with removed nodes and edges drawn back in from the earlier one. */
function mergedDocument(diff: GraphDiff, before: CanvasDocument, after: CanvasDocument): CanvasDocument {
  const status = nodeDiffStatus(diff);
  const removedNodes = new Set(diff.nodes.removed.map((n) => n.id));
  const addedEdges = new Set(diff.edges.added.map((e) => e.id));
  const removedEdges = new Set(diff.edges.removed.map((e) => e.id));
  return {
    meta: after.meta,
    nodes: [
      ...after.nodes.map((n) => ({
        ...n,
        className: status.has(n.id) ? `diff-${status.get(n.id)}` : undefined,
      })),
      ...before.nodes.filter((n) => removedNodes.has(n.id)).map((n) => ({ ...n, className: 'diff-removed' })),
    ],
    edges: [
      ...after.edges.map((e) => ({ ...e, className: addedEdges.has(e.id) ? 'diff-edge-added' : undefined })),
      ...before.edges
        .filter((e) => removedEdges.has(e.id))
        .map((e) => ({ ...e, className: 'diff-edge-removed' })),
    ],
  };
}

const show = (v: unknown, empty: string) =>
  v === undefined || v === null || v === '' ? empty : typeof v === 'string' ? v : JSON.stringify(v);

export function VersionDiff({ before, after, backHref }: VersionDiffProps) {
  const t = useT();
  const pickText = usePick();
  const diff = useMemo(() => {
    const a = toCanvas(before.graph);
    const b = toCanvas(after.graph);
    const result = diffGraphs(toFlow(a), toFlow(b));
    return { result, doc: mergedDocument(result, a, b) };
  }, [before.graph, after.graph]);
  const [store] = useState(() => createStudioStore(diff.doc, { revision: 0, readOnly: true }));
  const { result } = diff;
  const label = (type: string) => {
    const def = findNodeDefinition(type);
    return def ? pickText(def.label) : type;
  };
  const rows: {
    id: string;
    type: string;
    kind: 'added' | 'removed' | 'changed' | 'moved';
    fields: FieldChange[];
  }[] = [
    ...result.nodes.added.map((n) => ({ ...n, kind: 'added' as const, fields: [] })),
    ...result.nodes.removed.map((n) => ({ ...n, kind: 'removed' as const, fields: [] })),
    ...result.nodes.changed.map((n) => ({ ...n, kind: 'changed' as const })),
    ...result.nodes.moved
      .filter((m) => !result.nodes.changed.some((c) => c.id === m.id))
      .map((n) => ({ id: n.id, type: n.type, kind: 'moved' as const, fields: [] })),
  ];
  const flowFields = [
    ...result.settings.map((f) => ({ ...f, path: `settings.${f.path}` })),
    ...(['variables', 'tools', 'knowledgeBases', 'intents'] as const).flatMap((key) => [
      ...result[key].added.map((item) => ({
        path: `${key}: ${show((item as { name?: string; id?: string }).name ?? (item as { id?: string }).id, '')}`,
        before: undefined,
        after: item,
      })),
      ...result[key].removed.map((item) => ({
        path: `${key}: ${show((item as { name?: string; id?: string }).name ?? (item as { id?: string }).id, '')}`,
        before: item,
        after: undefined,
      })),
      ...result[key].changed.flatMap((c) =>
        c.fields.map((f) => ({ ...f, path: `${key}.${c.key}.${f.path}` })),
      ),
    ]),
  ];
  const tone = {
    added: 'text-success-subtle-fg',
    removed: 'text-danger',
    changed: 'text-amber-700',
    moved: 'text-fg-muted',
  };

  return (
    <div className="flex h-dvh flex-col bg-canvas">
      <header className="flex h-12 shrink-0 items-center gap-3 border-b border-border bg-surface px-3">
        <Link to={backHref} className="text-sm text-fg-muted hover:text-fg">
          ← {t('studio.diff.back')}
        </Link>
        <h1 className="text-sm font-semibold text-fg">
          {t('studio.diff.title', { from: before.label, to: after.label })}
        </h1>
        <p className="text-xs text-fg-muted" data-testid="diff-summary">
          {t('studio.diff.summary', {
            added: result.nodes.added.length,
            removed: result.nodes.removed.length,
            changed: result.nodes.changed.length,
            moved: result.nodes.moved.length,
          })}
        </p>
      </header>
      <div className="flex min-h-0 flex-1">
        <div className="relative min-w-0 flex-1">
          <StudioProvider store={store}>
            <ReactFlowProvider>
              <FlowCanvas />
            </ReactFlowProvider>
          </StudioProvider>
        </div>
        <aside className="w-[26rem] shrink-0 overflow-y-auto border-l border-border bg-surface p-3 text-[13px]">
          {rows.length === 0 &&
            flowFields.length === 0 &&
            result.edges.added.length + result.edges.removed.length === 0 && (
              <p className="text-fg-muted">{t('studio.diff.same')}</p>
            )}
          <ul className="space-y-2">
            {rows.map((row) => (
              <li
                key={`${row.kind}-${row.id}`}
                data-testid={`diff-node-${row.id}`}
                className="rounded-control border border-border p-2"
              >
                <button
                  type="button"
                  className="flex w-full items-center gap-2 text-left"
                  onClick={() => store.getState().focusNode(row.id)}
                >
                  <span className={cn('text-xs font-semibold', tone[row.kind])}>
                    {t(`studio.diff.${row.kind}`)}
                  </span>
                  <span className="font-medium text-fg">{label(row.type)}</span>
                  <span className="truncate font-mono text-[11px] text-fg-subtle">{row.id}</span>
                </button>
                {row.fields.length > 0 && (
                  <table className="mt-1.5 w-full table-fixed text-xs">
                    <thead className="sr-only">
                      <tr>
                        <th>{t('studio.diff.field')}</th>
                        <th>{t('studio.diff.before')}</th>
                        <th>{t('studio.diff.after')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {row.fields.map((f) => (
                        <tr key={f.path} className="align-top">
                          <td className="w-28 truncate py-0.5 pr-2 font-mono text-fg-subtle">{f.path}</td>
                          <td className="py-0.5 pr-2 break-words text-danger line-through decoration-danger/40">
                            {show(f.before, t('studio.diff.empty'))}
                          </td>
                          <td className="py-0.5 break-words text-success-subtle-fg">
                            {show(f.after, t('studio.diff.empty'))}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </li>
            ))}
          </ul>
          {result.edges.added.length + result.edges.removed.length > 0 && (
            <p className="mt-3 text-xs text-fg-muted">
              <span className="font-semibold text-fg">{t('studio.diff.edges')}:</span>{' '}
              {t('studio.diff.edgesSummary', {
                added: result.edges.added.length,
                removed: result.edges.removed.length,
              })}
            </p>
          )}
          {flowFields.length > 0 && (
            <section className="mt-3">
              <h2 className="text-xs font-semibold text-fg">{t('studio.diff.flowChanges')}</h2>
              <ul className="mt-1 space-y-0.5 text-xs">
                {flowFields.map((f, i) => (
                  <li key={i}>
                    <span className="font-mono text-fg-subtle">{f.path}</span>:{' '}
                    <span className="text-danger">{show(f.before, t('studio.diff.empty'))}</span> →{' '}
                    <span className="text-success-subtle-fg">{show(f.after, t('studio.diff.empty'))}</span>
                  </li>
                ))}
              </ul>
            </section>
          )}
        </aside>
      </div>
    </div>
  );
}
