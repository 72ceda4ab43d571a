import { z } from 'zod';
import { languageSchema, localizedSchema } from '../i18n';

/**
 * Flow-wide settings. Every field has a default applied on read, so a saved flow keeps only what the user
 * changed and a new default reaches old flows without rewriting them.
 */
const phrasesSchema = z.object({ ru: z.array(z.string()).optional(), en: z.array(z.string()).optional() });

export const transferTargetSchema = z.object({
  kind: z.enum(['queue', 'number', 'sip']),
  // It becomes a SIP Refer-To (or a jambonz dial target): a line break there would add a header of its own.
  value: z
    .string()
    .min(1)
    .refine((v) => !/\p{Cc}/u.test(v), 'No line breaks, tabs or other control characters'),
});
export type TransferTarget = z.infer<typeof transferTargetSchema>;

export const globalHandlersSchema = z.object({
  /**
   * How sure the NLU must be before a global handler takes over (0..1). Above the NLU's own threshold on
   * purpose: an answer to a question must not be mistaken for "repeat" or "stop calling".
   */
  minScore: z.number().min(0).max(1).default(0.7),
  /** "Operator, please": hands the call to a person from any listening node. */
  operator: z
    .object({
      enabled: z.boolean().default(true),
      /** Extra phrases; the built-in ones for each language stay active. */
      phrases: phrasesSchema.optional(),
      /**
       * Where to transfer when the flow has no Transfer block. No default: a made-up queue ("default") sent
       * callers past the flow's own Transfer block to a target nobody defined.
       */
      target: transferTargetSchema.optional(),
      mode: z.enum(['warm', 'cold']).default('warm'),
      /** When set, go to this node (e.g. a Transfer node with its own message) instead of transferring directly. */
      targetNodeId: z.string().optional(),
    })
    .prefault({}),
  /** "Stop calling me": says goodbye and hangs up with a do-not-call disposition. */
  stopCalling: z
    .object({
      enabled: z.boolean().default(true),
      phrases: phrasesSchema.optional(),
      disposition: z.string().min(1).default('dnc'),
      message: localizedSchema.optional(),
    })
    .prefault({}),
  /** "Repeat that": repeats the last prompt and listens again. */
  repeat: z.object({ enabled: z.boolean().default(true), phrases: phrasesSchema.optional() }).prefault({}),
});
export type GlobalHandlersSettings = z.infer<typeof globalHandlersSchema>;

export const DEFAULT_FALLBACK_MESSAGE = {
  ru: 'Извините, у нас технические неполадки. Мы перезвоним вам позже.',
  en: 'Sorry, something went wrong on our side. We will call you back later.',
};

/**
 * Which provider accounts the agent hears, thinks and speaks with (issue 16), versioned with the flow.
 * `providerId` is one of the project's provider accounts or 'embedded'; unset = the install's default.
 */
const providerRef = z.string().min(1).max(64);
export const speechSettingsSchema = z.object({
  llm: z
    .object({
      providerId: providerRef.optional(),
      model: z.string().min(1).max(200).optional(),
      temperature: z.number().min(0).max(2).optional(),
      maxTokens: z.number().int().min(1).max(16_384).optional(),
    })
    .prefault({}),
  recognizer: z
    .object({
      providerId: providerRef.optional(),
      /** BCP-47; unset = the flow's language. */
      language: z.string().min(2).max(20).optional(),
      model: z.string().min(1).max(200).optional(),
      /** Phrases to bias recognition toward, besides the flow's expected answers. */
      hints: z.array(z.string().min(1).max(100)).max(200).optional(),
      /** Takes over when the first fails mid-call; unset = the install's default recogniser. */
      fallbackProviderId: providerRef.optional(),
    })
    .prefault({}),
  voice: z
    .object({
      providerId: providerRef.optional(),
      voice: z.string().min(1).max(100).optional(),
      speed: z.number().min(0.5).max(2).optional(),
      /** Takes over when the first fails mid-call; unset = the embedded voice. */
      fallbackProviderId: providerRef.optional(),
    })
    .prefault({}),
});
export type SpeechSettings = z.infer<typeof speechSettingsSchema>;

export const flowSettingsSchema = z.object({
  language: languageSchema.default('ru'),
  /** How long a listening step waits for the caller before a `silence` event. */
  noInputTimeoutMs: z.number().int().positive().default(6000),
  /** Nodes one turn may execute; protects against loops that never listen. */
  maxTurnSteps: z.number().int().positive().max(1000).default(50),
  /** Deadline for a single provider call (LLM, tool, knowledge) unless the node sets its own. */
  providerTimeoutMs: z.number().int().positive().default(8000),
  /** Spoken when the flow cannot go on (provider down, dead end, step budget exhausted). */
  fallbackMessage: localizedSchema.default(DEFAULT_FALLBACK_MESSAGE),
  globalHandlers: globalHandlersSchema.prefault({}),
  speech: speechSettingsSchema.prefault({}),
});
export type FlowSettings = z.infer<typeof flowSettingsSchema>;
