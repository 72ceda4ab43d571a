import type { Dictionary } from '../types';

/** Кто распознавал, думал и говорил в реплике: карточка звонка, голосовой тест и трассировка студии. */
export const callProvidersRu: Dictionary['callProviders'] = {
  label: 'Провайдеры',
  stages: {
    stt: 'Распознавание',
    llm: 'LLM',
    tts: 'Голос',
  },
  fallback: 'замена',
  builtIn: 'по умолчанию',
  fallbackTitle: 'Провайдер агента отказал, его заменил этот.',
  failed: '{stage}: {provider} отказал ({code}), его заменил {replacedBy}',
  failedNoReplacement: '{stage}: {provider} отказал ({code}), заменить некем',
  llmVia: 'через {provider}',
};
