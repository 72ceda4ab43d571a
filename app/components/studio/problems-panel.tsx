import { findNodeDefinition, type Issue } from '#flow-runtime/editor';
import { usePick, useT } from '~/i18n';
import { AlertCircleIcon, CheckCircleIcon, InfoIcon } from '../icons';
import { useStudio, useStudioStore } from './studio-context';

/** Every validation issue of the flow; clicking one selects its node, brings it into view and opens its
 * field in the inspector. */
export function ProblemsPanel() {
  const t = useT();
  const pickText = usePick();
  const store = useStudioStore();
  const report = useStudio((s) => s.report);
  const nodes = useStudio((s) => s.nodes);
  const labelOf = (nodeId: string | undefined) => {
    if (!nodeId) return t('studio.problems.flow');
    const def = findNodeDefinition(nodes.find((n) => n.id === nodeId)?.type ?? '');
    // The block's id is what Find a block takes: an identifier, not copy.
    const id = <span translate="no">{nodeId}</span>;
    return def ? (
      <>
        {pickText(def.label)} · {id}
      </>
    ) : (
      id
    );
  };
  const row = (issue: Issue, kind: 'error' | 'warning', i: number) => (
    <li key={`${kind}-${i}`}>
      <button
        type="button"
        data-issue-code={issue.code}
        data-issue-kind={kind}
        onClick={() => issue.nodeId && store.getState().focusNode(issue.nodeId, issue.field)}
        className="flex w-full items-start gap-2 rounded-control px-2 py-1.5 text-left text-[13px] hover:bg-surface-hover"
      >
        <span className={kind === 'error' ? 'mt-0.5 text-danger' : 'mt-0.5 text-amber-500'}>
          {kind === 'error' ? <AlertCircleIcon size={14} /> : <InfoIcon size={14} />}
        </span>
        <span className="min-w-0">
          <span className="block text-fg">{pickText(issue.message)}</span>
          <span className="block truncate text-[11px] text-fg-subtle">{labelOf(issue.nodeId)}</span>
        </span>
      </button>
    </li>
  );
  if (report.errors.length === 0 && report.warnings.length === 0) {
    return (
      <p className="flex items-center gap-2 p-4 text-sm text-success-subtle-fg">
        <CheckCircleIcon /> {t('studio.problems.none')}
      </p>
    );
  }
  return (
    <ul className="space-y-0.5 p-2" aria-label={t('studio.problems.title')}>
      {report.errors.map((issue, i) => row(issue, 'error', i))}
      {report.warnings.map((issue, i) => row(issue, 'warning', i))}
    </ul>
  );
}
