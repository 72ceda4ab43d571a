import { expectedPhrases, nodeDefinitionsByType, parseFlow } from '#flow-runtime/index';
import type { Logger } from '#server/logger';
import { buildFlowGrammar } from './flow-grammar';
import {
  createPocketsphinxStt,
  DEFAULT_POCKETSPHINX_MODEL_DIR,
  findPocketsphinx,
  loadDictionary,
} from './pocketsphinx-stt';
import type { SttProvider } from './stt-provider';

/** `STT_PROVIDER`: auto = the configured external recogniser, else pocketsphinx where installed, else none. */
export type SttMode = 'auto' | 'pocketsphinx' | 'vosk' | 'none';

/** What a call is started with: its flow, and the published version when there is one. */
export interface SttRoute {
  flow: unknown;
  versionId?: string;
}

export type SttForCall = (route: SttRoute) => SttProvider | undefined;

export interface SttSelectionOptions {
  mode: SttMode;
  /** The configured external connector (a Vosk server, a cloud provider); it wins in auto mode. */
  external?: SttProvider;
  modelDir?: string;
  logger: Logger;
  /** Grammars kept for this many flow versions. */
  cacheSize?: number;
}

/**
 * Picks each call's recogniser. An external one serves every call alike; pocketsphinx needs the call's
 * flow, because its grammar is the flow's expected phrases, so its connector is built per flow version
 * (cached by version id, or by the flow object for unpublished test flows).
 */
export async function createSttSelection(options: SttSelectionOptions): Promise<SttForCall> {
  const { logger } = options;
  if (options.mode === 'none') return () => undefined;
  if (options.external && options.mode !== 'pocketsphinx') {
    const external = options.external;
    return () => external;
  }
  if (options.mode === 'vosk') {
    logger.warn('STT_PROVIDER=vosk without STT_VOSK_URL: calls run without speech recognition');
    return () => undefined;
  }
  const install = findPocketsphinx(options.modelDir ?? DEFAULT_POCKETSPHINX_MODEL_DIR);
  if (!install) {
    if (options.mode === 'pocketsphinx')
      logger.warn(
        'STT_PROVIDER=pocketsphinx but pocketsphinx_continuous or its en-us model is missing ' +
          '(apt-get install pocketsphinx pocketsphinx-en-us): calls run without speech recognition',
      );
    else logger.info('no speech recogniser configured: the keypad and typed text drive calls');
    return () => undefined;
  }
  const dictionary = await loadDictionary(install.dict);
  const inDictionary = (word: string) => dictionary.has(word);
  const byVersion = new Map<string, SttProvider | undefined>();
  const byObject = new WeakMap<object, SttProvider | undefined>();
  const cacheSize = options.cacheSize ?? 200;
  logger.info({ binary: install.binary }, 'pocketsphinx recognises English calls with flow grammars');

  const build = (flowInput: unknown): SttProvider | undefined => {
    const parsed = parseFlow(flowInput);
    if (!parsed.success) return undefined;
    const grammar = buildFlowGrammar(expectedPhrases(parsed.flow, nodeDefinitionsByType), inDictionary);
    if (grammar.phrases.length === 0 && !grammar.numbers) return undefined;
    if (grammar.droppedWords.length > 0)
      logger.debug({ words: grammar.droppedWords }, 'words pocketsphinx cannot pronounce left out');
    return createPocketsphinxStt({
      install,
      jsgf: grammar.jsgf,
      phrases: grammar.phrases,
      numbers: grammar.numbers,
    });
  };

  return (route) => {
    if (route.versionId) {
      if (byVersion.has(route.versionId)) return byVersion.get(route.versionId);
      const stt = build(route.flow);
      if (byVersion.size >= cacheSize) byVersion.delete(byVersion.keys().next().value!);
      byVersion.set(route.versionId, stt);
      return stt;
    }
    if (typeof route.flow !== 'object' || route.flow === null) return undefined;
    if (byObject.has(route.flow)) return byObject.get(route.flow);
    const stt = build(route.flow);
    byObject.set(route.flow, stt);
    return stt;
  };
}
