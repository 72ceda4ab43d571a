/**
 * Whether a reply asks to stop messages (issue 22): STOP / СТОП and their usual variants, in any case, alone
 * or with punctuation, as a Telegram command (`/stop`, `/stop@our_bot`) or at the start of a short reply
 * ("Stop please", "СТОП!!!"). A longer sentence that merely contains the word ("don't stop the reminders") is
 * not an opt-out: only the first word counts, and only in a reply of at most a few words.
 */
const WORDS = new Set([
  'stop',
  'stopall',
  'unsubscribe',
  'cancel',
  'end',
  'quit',
  'optout',
  'стоп',
  'отписаться',
  'отписка',
  'отпишите',
  'отменить',
]);

export function isOptOut(text: string): boolean {
  const words = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/ё/g, 'е')
    .trim()
    .replace(/^\/([^\s@]+)@\S+/, '$1')
    .replace(/^\//, '')
    .split(/[\s.,!?;:()"'«»-]+/)
    .filter(Boolean);
  if (words.length === 0 || words.length > 4) return false;
  const first = words[0] === 'opt' && words[1] === 'out' ? 'optout' : words[0]!;
  return WORDS.has(first);
}
