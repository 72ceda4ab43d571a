import { z } from 'zod';

/**
 * Per-deployment tuning of the call pipeline. Defaults are applied on parse; a flow's listen command may
 * still override the end silence per question.
 */
export const callSettingsSchema = z.object({
  /** Silence after speech that ends the caller's utterance, unless the listen command says otherwise. */
  endSilenceMs: z.number().int().min(100).max(5000).default(700),
  vad: z
    .object({
      threshold: z.number().min(0.05).max(0.95).default(0.5),
      negThreshold: z.number().min(0.01).max(0.9).default(0.35),
      /** Voiced audio before an onset counts (barge-in reacts this much after the caller starts). */
      minSpeechMs: z.number().int().min(32).max(500).default(64),
      maxUtteranceMs: z.number().int().positive().default(30_000),
    })
    .prefault({}),
  /** Audio kept from before the detected onset and handed to STT, so the first syllable is not cut. */
  preRollMs: z.number().int().min(0).max(1000).default(300),
  /** How long STT may take after the end of speech before the utterance counts as not understood. */
  sttTimeoutMs: z.number().int().positive().default(5000),
  /** A reply later than this after the caller finished gets a short filler first (0 turns it off). */
  deadAirMs: z.number().int().min(0).default(1200),
  fillers: z
    .object({ ru: z.string().min(1).default('Секунду.'), en: z.string().min(1).default('One moment.') })
    .prefault({}),
  /** The call is ended after this long, whatever the flow does. */
  maxCallMs: z
    .number()
    .int()
    .positive()
    .default(60 * 60_000),
  /** Between keypad digits, when the listen command does not say. */
  interDigitTimeoutMs: z.number().int().positive().default(3000),
  /** Where stereo recordings go (caller left, agent right); unset records nothing. */
  recordingDir: z.string().min(1).optional(),
  /** TTS voice, when not the provider's default for the language. */
  voice: z.string().optional(),
  /** Language of prompts that do not say, BCP-47 or the runtime's 'ru' / 'en'. */
  defaultLanguage: z.string().default('ru'),
});

export type CallSettings = z.output<typeof callSettingsSchema>;
export type CallSettingsInput = z.input<typeof callSettingsSchema>;

/** 'ru' -> 'ru-RU', 'en' -> 'en-US'; full tags pass through. Providers want regional tags. */
export function providerLanguage(language: string | undefined, fallback: string): string {
  const tag = language ?? fallback;
  if (tag === 'ru') return 'ru-RU';
  if (tag === 'en') return 'en-US';
  return tag;
}
