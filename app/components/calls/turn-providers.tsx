import type { StageProviders } from '~/.server/calls/call-events';
import { useT, type TFunction } from '~/i18n';

const STAGES = ['stt', 'llm', 'tts'] as const;

/**
 * Which providers served a turn (recogniser, LLM, voice), a stand-in marked: the call card's agent lines
 * and the studio's voice test show the same words.
 */
export function TurnProviders({ providers }: { providers: StageProviders }) {
  const t = useT();
  const shown = STAGES.filter((stage) => providers[stage]);
  if (shown.length === 0) return null;
  return (
    <span className="flex flex-wrap gap-x-2 text-[11px] text-fg-subtle" data-testid="turn-providers">
      <span className="sr-only">{t('callProviders.label')}</span>
      {shown.map((stage) => {
        const fallback = providers.fallback?.includes(stage) ?? false;
        return (
          <span key={stage} data-stage={stage} data-fallback={fallback || undefined}>
            {t(`callProviders.stages.${stage}`)}:{' '}
            {/* An engine or an account by its id (rhvoice, openai:Main): a name, not copy. The server's
                default is said in words. */}
            <span
              className="font-mono text-fg-muted"
              translate={providers[stage] === 'default' ? undefined : 'no'}
            >
              {providers[stage] === 'default' ? t('callProviders.builtIn') : providers[stage]}
            </span>
            {fallback && (
              <span
                className="ml-1 rounded bg-danger-subtle px-1 text-danger-subtle-fg"
                title={t('callProviders.fallbackTitle')}
              >
                {t('callProviders.fallback')}
              </span>
            )}
          </span>
        );
      })}
    </span>
  );
}

/** One line for a `provider_failed` event: who failed, why, and who took over. */
export function failureText(
  t: TFunction,
  failure: { stage: 'stt' | 'tts' | 'llm'; provider: string; replacedBy: string | null; code: string },
): string {
  const stage = t(`callProviders.stages.${failure.stage}`);
  return failure.replacedBy
    ? t('callProviders.failed', {
        stage,
        provider: failure.provider,
        code: failure.code,
        replacedBy: failure.replacedBy,
      })
    : t('callProviders.failedNoReplacement', { stage, provider: failure.provider, code: failure.code });
}
