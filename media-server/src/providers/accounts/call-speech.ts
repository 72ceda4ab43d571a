/**
 * Each call's providers, resolved when it starts from its agent's settings (the flow's `settings.speech`,
 * versioned with it) and the project's provider accounts: the recogniser, the LLM and the voice, each
 * with what takes over when it fails. What the agent does not set is the install's default (env).
 */
import {
  expectedPhrases,
  flowSettingsSchema,
  nodeDefinitionsByType,
  parseFlow,
  type LlmPort,
  type SpeechSettings,
} from '#flow-runtime/index';
import type { StageProviders, VoiceCallEvent } from '#server/calls/call-events.ts';
import type { Logger } from '#server/logger.ts';
import {
  openProvider,
  type ProviderSecretAccount,
} from '#server/provider-accounts/provider-accounts.server.ts';
import { supports, type Capability } from '#server/provider-accounts/provider-catalog.ts';
import type { SttProvider } from '../stt/stt-provider.ts';
import {
  llmFromAccount,
  sttFromAccount,
  ttsFromAccount,
  type ConnectorOptions,
} from './account-connectors.ts';
import { CallFailover } from './call-failover.ts';
import { FailoverLlm, type LlmDefaults, type LlmEntry } from './failover-llm.ts';
import { FailoverStt, type RecognizerEntry, type RecognizerSettings } from './failover-stt.ts';
import { FailoverTts, type VoiceEntry } from './failover-tts.ts';

/** The install's voices, recogniser and LLM, which every call starts with and falls back to. */
export interface SpeechDefaults {
  /** The embedded voice for a voice id ('rhvoice:Anna', 'espeak'), or the default one. */
  embeddedVoice(voiceId?: string, language?: string): VoiceEntry;
  /** The install's recogniser for this call (pocketsphinx grammar, a Vosk server), if any. */
  stt?: SttProvider;
  llm?: LlmPort;
}

export type OpenAccount = (projectId: string, id: string) => Promise<ProviderSecretAccount | null>;

export interface ResolveOptions extends ConnectorOptions {
  openAccount?: OpenAccount;
  logger: Logger;
}

export interface ResolvedChains {
  voices: VoiceEntry[];
  recognizers: RecognizerEntry[];
  recognizerSettings: RecognizerSettings;
  llms: LlmEntry[];
  llmDefaults: LlmDefaults;
}

export const accountName = (account: ProviderSecretAccount) => `${account.provider}:${account.name}`;

function speechOf(flow: unknown): { speech: SpeechSettings; hints: string[]; language: string } | undefined {
  const parsed = parseFlow(flow);
  if (!parsed.success) return undefined;
  const settings = flowSettingsSchema.parse(parsed.flow.settings);
  const expected = expectedPhrases(parsed.flow, nodeDefinitionsByType).phrases;
  // The agent's own hints first, then the flow's expected answers (menu choices, examples).
  const hints = [...new Set([...(settings.speech.recognizer.hints ?? []), ...expected])]
    .filter((p) => p.length <= 100)
    .slice(0, 100);
  return { speech: settings.speech, hints, language: settings.language };
}

/** The agent's chains: its accounts first, each stage ending with the install's default. */
export async function resolveChains(
  route: { projectId: string; flow: unknown },
  defaults: SpeechDefaults,
  failover: CallFailover,
  options: ResolveOptions,
): Promise<ResolvedChains> {
  const agent = speechOf(route.flow);
  const settings = agent?.speech;
  const open = options.openAccount ?? openProvider;
  const account = async (id: string | undefined, capability: Capability) => {
    if (!id || id === 'embedded') return null;
    try {
      const found = await open(route.projectId, id);
      if (found && found.enabled && supports(found.provider, capability)) return found;
      options.logger.warn({ providerId: id, capability }, 'agent provider missing or disabled: default used');
    } catch (error) {
      options.logger.warn({ err: error, providerId: id }, 'agent provider could not be opened: default used');
    }
    return null;
  };

  const voices: VoiceEntry[] = [];
  const voice = settings?.voice;
  for (const id of [voice?.providerId, voice?.fallbackProviderId]) {
    const found = await account(id, 'tts');
    if (!found || voices.some((v) => v.name === accountName(found))) continue;
    voices.push({
      name: accountName(found),
      provider: ttsFromAccount(found, options),
      ...(id === voice?.providerId && voice?.voice ? { voice: voice.voice } : {}),
      ...(voice?.speed ? { speed: voice.speed } : {}),
    });
  }
  const embeddedId = voice?.providerId === 'embedded' ? voice.voice : undefined;
  const embedded = defaults.embeddedVoice(embeddedId, agent?.language);
  voices.push({ ...embedded, ...(voice?.speed ? { speed: voice.speed } : {}) });

  const recognizers: RecognizerEntry[] = [];
  const recognizer = settings?.recognizer;
  for (const id of [recognizer?.providerId, recognizer?.fallbackProviderId]) {
    const found = await account(id, 'stt');
    if (!found || recognizers.some((r) => r.name === accountName(found))) continue;
    try {
      const model = id === recognizer?.providerId ? recognizer?.model : undefined;
      recognizers.push({ name: accountName(found), provider: await sttFromAccount(found, model, options) });
    } catch (error) {
      // A refused address or a malformed account: the next one serves, without an apology (nothing was lost).
      failover.failed('stt', accountName(found), null, error, false);
    }
  }
  if (defaults.stt) recognizers.push({ name: defaults.stt.id, provider: defaults.stt });

  const llms: LlmEntry[] = [];
  const llm = settings?.llm;
  const found = await account(llm?.providerId, 'llm');
  if (found) llms.push({ name: accountName(found), port: llmFromAccount(found, llm?.model, options) });
  if (defaults.llm) llms.push({ name: 'default', port: defaults.llm });

  return {
    voices,
    recognizers,
    recognizerSettings: {
      ...(recognizer?.language ? { language: recognizer.language } : {}),
      ...(agent?.hints.length ? { hints: agent.hints } : {}),
    },
    llms,
    llmDefaults: {
      // The agent's account got its model when built; a model alone applies to the install's LLM.
      ...(llm?.model && !found ? { model: llm.model } : {}),
      ...(llm?.temperature === undefined ? {} : { temperature: llm.temperature }),
      ...(llm?.maxTokens === undefined ? {} : { maxTokens: llm.maxTokens }),
    },
  };
}

/**
 * One call's providers. Built at once with the install's defaults (a session needs them to exist), then
 * upgraded to the agent's chains before the call's first turn.
 */
export class CallProviders {
  readonly failover: CallFailover;
  readonly tts: FailoverTts;
  readonly stt: FailoverStt;
  readonly llm: FailoverLlm;

  constructor(
    private readonly defaults: SpeechDefaults,
    report: (event: Omit<Extract<VoiceCallEvent, { type: 'call.provider_failed' }>, 'callId' | 'at'>) => void,
  ) {
    this.failover = new CallFailover(report);
    this.tts = new FailoverTts([defaults.embeddedVoice()], this.failover);
    this.stt = new FailoverStt(
      defaults.stt ? [{ name: defaults.stt.id, provider: defaults.stt }] : [],
      this.failover,
    );
    this.llm = new FailoverLlm(defaults.llm ? [{ name: 'default', port: defaults.llm }] : [], this.failover);
  }

  async resolve(route: { projectId: string; flow: unknown }, options: ResolveOptions): Promise<void> {
    const chains = await resolveChains(route, this.defaults, this.failover, options);
    this.tts.replace(chains.voices);
    this.stt.replace(chains.recognizers, chains.recognizerSettings);
    this.llm.replace(chains.llms, chains.llmDefaults);
  }

  names(): StageProviders {
    const llm = this.llm.name;
    const fallback = (['stt', 'tts', 'llm'] as const).filter((stage) => this[stage].fallback);
    return {
      tts: this.tts.current.name,
      ...(this.stt.current ? { stt: this.stt.current.name } : {}),
      ...(llm ? { llm } : {}),
      ...(fallback.length > 0 ? { fallback } : {}),
    };
  }
}
