import type { HandoffPacket } from '../commands';
import type { Language } from '../i18n';
import type { RuntimeState } from './runtime-state';

const EXCERPT_LINES = 10;

/** What the operator sees when the call lands: why, what was collected, the last few lines of the talk. */
export function buildHandoffPacket(
  state: Readonly<RuntimeState>,
  reason: string,
  language: Language,
  summary?: string,
): HandoffPacket {
  const slots: Record<string, unknown> = {};
  for (const [name, slot] of Object.entries(state.slots)) slots[name] = slot.display;
  const collected = Object.entries(slots)
    .map(([name, display]) => `${name}: ${String(display)}`)
    .join(', ');
  const automatic =
    language === 'ru'
      ? `Причина: ${reason}.${collected ? ` Собрано: ${collected}.` : ''}`
      : `Reason: ${reason}.${collected ? ` Collected: ${collected}.` : ''}`;
  return {
    reason,
    summary: summary?.trim() ? summary : automatic,
    slots,
    caller: { ...state.caller },
    transcriptExcerpt: state.transcript.slice(-EXCERPT_LINES),
    language,
    ...(Object.keys(state.variables).length > 0 ? { variables: { ...state.variables } } : {}),
  };
}
