/** What every TTS connector offers the media server: PCM chunks as soon as they exist, plus billing figures. */
export type TtsSampleRate = 8000 | 16000 | 22050 | 24000;

export interface TtsUsage {
  provider: string;
  /** Characters the provider bills for (0 when served from the cache). */
  characters: number;
  cached: boolean;
}

export interface TtsRequest {
  text: string;
  /** BCP-47, e.g. 'ru-RU', 'en-US'. */
  language: string;
  /** Provider-specific voice name; each connector has per-language defaults. */
  voice?: string;
  /** Speaking rate, 1 = the voice's normal speed; connectors that cannot change it ignore it. */
  speed?: number;
  sampleRate: TtsSampleRate;
  signal: AbortSignal;
  /** Called once when synthesis finished (not on failure). */
  onUsage?: (usage: TtsUsage) => void;
}

export interface TtsProvider {
  readonly id: string;
  /** 16-bit mono PCM at `request.sampleRate`, in chunks; throws ProviderError on failure. */
  synthesize(request: TtsRequest): AsyncIterable<Int16Array>;
}

/** Characters as providers count them: Unicode code points, not UTF-16 units. */
export function billableCharacters(text: string): number {
  return [...text].length;
}
