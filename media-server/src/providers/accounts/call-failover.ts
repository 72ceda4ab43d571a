import type { VoiceCallEvent } from '#server/calls/call-events.ts';

type Stage = 'stt' | 'tts' | 'llm';

const APOLOGY: Record<string, string> = {
  ru: 'Извините, небольшая заминка.',
  en: 'Sorry about that, one moment.',
};

/**
 * What one call's provider chains share: the failure report (on the call record) and the apology owed to
 * the caller, spoken once by the next voice whichever stage failed.
 */
export class CallFailover {
  private apologyOwed = false;

  constructor(
    private readonly report: (
      event: Omit<Extract<VoiceCallEvent, { type: 'call.provider_failed' }>, 'callId' | 'at'>,
    ) => void,
  ) {}

  /** `midCall` false: found unusable as the call started, so the caller has heard nothing to apologise for. */
  failed(stage: Stage, provider: string, replacedBy: string | null, error: unknown, midCall = true): void {
    if (midCall) this.apologyOwed = true;
    const code =
      typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
        ? error.code
        : 'error';
    const message = error instanceof Error ? error.message : String(error);
    this.report({ type: 'call.provider_failed', stage, provider, replacedBy, code, message });
  }

  /** The apology, once, in the language of what is about to be said. */
  takeApology(language: string): string | undefined {
    if (!this.apologyOwed) return undefined;
    this.apologyOwed = false;
    return language.toLowerCase().startsWith('ru') ? APOLOGY.ru : APOLOGY.en;
  }
}
