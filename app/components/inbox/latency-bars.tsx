import { useT } from '~/i18n';
import type { CallTurnView } from './call-types';

const STAGES = ['endpointingMs', 'sttMs', 'runtimeMs', 'llmFirstTokenMs', 'ttsFirstByteMs'] as const;
const COLORS: Record<(typeof STAGES)[number], string> = {
  endpointingMs: 'bg-brand-200',
  sttMs: 'bg-brand-300',
  runtimeMs: 'bg-brand-500',
  llmFirstTokenMs: 'bg-brand-700',
  ttsFirstByteMs: 'bg-success',
};

/** Per agent turn: where the time went, stage by stage, on one scale, with the total the caller felt. */
export function LatencyBars({ turns }: { turns: CallTurnView[] }) {
  const t = useT();
  const rows = turns.filter((turn) => turn.speaker === 'agent' && turn.timings);
  const totalOf = (turn: CallTurnView) =>
    turn.responseMs ?? STAGES.reduce((sum, stage) => sum + (turn.timings?.[stage] ?? 0), 0);
  const max = Math.max(1, ...rows.map(totalOf));
  return (
    <div className="space-y-2" data-testid="latency-bars">
      <ul className="flex flex-wrap gap-3 text-xs text-fg-muted">
        {STAGES.map((stage) => (
          <li key={stage} className="flex items-center gap-1">
            <span className={`inline-block size-2.5 rounded-sm ${COLORS[stage]}`} />
            {t(`inbox.stages.${stage}`)}
          </li>
        ))}
      </ul>
      {rows.map((turn) => {
        const total = totalOf(turn);
        return (
          <div key={turn.id} className="flex items-center gap-2 text-xs">
            <span className="w-6 shrink-0 text-right font-mono text-fg-subtle">{turn.turnIndex}</span>
            <div className="flex h-3 flex-1 overflow-hidden rounded-sm bg-surface-muted" title={turn.text}>
              {STAGES.map((stage) => {
                const ms = turn.timings?.[stage];
                return ms ? (
                  <span
                    key={stage}
                    className={COLORS[stage]}
                    style={{ width: `${(ms / max) * 100}%` }}
                    title={`${t(`inbox.stages.${stage}`)}: ${t('common.ms', { ms: Math.round(ms) })}`}
                  />
                ) : null;
              })}
            </div>
            <span className="w-16 shrink-0 font-mono text-fg-muted">
              {t('inbox.card.latencyTotal', { ms: Math.round(total) })}
            </span>
          </div>
        );
      })}
    </div>
  );
}
