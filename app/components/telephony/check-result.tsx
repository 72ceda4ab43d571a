import { z } from 'zod';
import { AlertCircleIcon, CheckCircleIcon, InfoIcon } from '~/components/icons';
import { usePick, useT } from '~/i18n';

const checkStepSchema = z.object({
  step: z.enum(['dns', 'options', 'register']),
  ok: z.boolean(),
  skipped: z.boolean(),
  sipCode: z.number().nullable(),
  latencyMs: z.number().nullable(),
  detail: z.string(),
  explanation: z.object({ en: z.string(), ru: z.string() }),
});
export type CheckStepItem = z.infer<typeof checkStepSchema>;

/** What a connection check answers, checked before it is shown. */
export const checkResultSchema = z.object({
  ok: z.boolean(),
  checkedAt: z.string(),
  steps: z.array(checkStepSchema),
});
export type CheckResultItem = z.infer<typeof checkResultSchema>;

/** The check, step by step: what was tried, what came back, how long it took and what it means. */
export function CheckResult({ result }: { result: CheckResultItem }) {
  const t = useT();
  const pickText = usePick();
  return (
    <div
      className="space-y-2 rounded-panel border border-border bg-surface-muted p-3"
      data-testid="check-result"
      data-ok={result.ok}
    >
      <p
        className={
          result.ok
            ? 'text-sm font-medium text-success-subtle-fg'
            : 'text-sm font-medium text-danger-subtle-fg'
        }
      >
        {result.ok ? t('telephony.check.ok') : t('telephony.check.failed')}
      </p>
      <ol className="space-y-2">
        {result.steps.map((step) => (
          <li
            key={step.step}
            className="flex gap-2 text-sm"
            data-testid={`check-step-${step.step}`}
            data-ok={step.ok}
          >
            <span className="mt-0.5 shrink-0">
              {step.skipped && !step.ok ? (
                <InfoIcon size={16} className="text-fg-subtle" />
              ) : step.ok ? (
                <CheckCircleIcon size={16} className="text-success" />
              ) : (
                <AlertCircleIcon size={16} className="text-danger" />
              )}
            </span>
            <span className="min-w-0">
              <span className="font-medium text-fg">{t(`telephony.check.steps.${step.step}`)}</span>
              <span className="ml-2 text-xs text-fg-subtle">
                {[
                  step.sipCode !== null ? `SIP ${step.sipCode}` : null,
                  step.latencyMs !== null ? t('telephony.check.latency', { ms: step.latencyMs }) : null,
                  step.skipped && !step.ok ? t('telephony.check.skipped') : null,
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </span>
              <span className="block text-fg-muted">{pickText(step.explanation)}</span>
            </span>
          </li>
        ))}
      </ol>
    </div>
  );
}
