import { AlertCircleIcon, CheckCircleIcon, InfoIcon } from '~/components/icons';
import { useLocale, useT } from '~/i18n';

export interface CheckStepItem {
  step: 'dns' | 'options' | 'register';
  ok: boolean;
  skipped: boolean;
  sipCode: number | null;
  latencyMs: number | null;
  detail: string;
  explanation: { en: string; ru: string };
}

export interface CheckResultItem {
  ok: boolean;
  checkedAt: string;
  steps: CheckStepItem[];
}

/** The check, step by step: what was tried, what came back, how long it took and what it means. */
export function CheckResult({ result }: { result: CheckResultItem }) {
  const t = useT();
  const locale = useLocale();
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
              <span className="block text-fg-muted">{step.explanation[locale === 'ru' ? 'ru' : 'en']}</span>
            </span>
          </li>
        ))}
      </ol>
    </div>
  );
}
