import type { Logger } from '#server/logger.ts';
import type { VoiceEntry } from '../providers/accounts/failover-tts.ts';
import { createRhvoiceTts, findRhvoice } from '../providers/tts/rhvoice-tts.ts';
import type { TtsProvider } from '../providers/tts/tts-provider.ts';

export type EmbeddedVoiceMode = 'auto' | 'rhvoice' | 'espeak';

/**
 * The install's own voices: RHVoice (Russian and English, far better) where it is installed, espeak-ng
 * always. An agent may pick either ('rhvoice:Anna', 'espeak'); `mode` is the default for everyone else.
 */
export function embeddedVoices(espeak: TtsProvider, mode: EmbeddedVoiceMode, logger: Logger) {
  const install = findRhvoice();
  const rhvoice = install ? createRhvoiceTts(install) : undefined;
  if (mode === 'rhvoice' && !rhvoice)
    logger.warn(
      'EMBEDDED_VOICE=rhvoice but RHVoice is not installed (scripts/install-rhvoice.sh): espeak-ng speaks',
    );
  const preferRhvoice = rhvoice !== undefined && mode !== 'espeak';
  const espeakEntry: VoiceEntry = { name: 'espeak', provider: espeak };
  return {
    rhvoice,
    entry(voiceId?: string): VoiceEntry {
      if (voiceId === 'espeak') return espeakEntry;
      if (voiceId?.startsWith('rhvoice:') && rhvoice)
        return { name: 'rhvoice', provider: rhvoice, voice: voiceId.slice('rhvoice:'.length) };
      return preferRhvoice && rhvoice ? { name: 'rhvoice', provider: rhvoice } : espeakEntry;
    },
  };
}

export type EmbeddedVoices = ReturnType<typeof embeddedVoices>;
