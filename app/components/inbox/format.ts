/** "1:05", "12:40", "1:02:03" from milliseconds. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

export function formatDateTime(iso: string, locale: string): string {
  return new Date(iso).toLocaleString(locale, { dateStyle: 'short', timeStyle: 'short' });
}

/** Text with [[marked]] words (the API's search snippet) as parts to render. */
export function snippetParts(snippet: string): { text: string; hit: boolean }[] {
  return snippet
    .split(/(\[\[.*?\]\])/)
    .filter(Boolean)
    .map((part) =>
      part.startsWith('[[') ? { text: part.slice(2, -2), hit: true } : { text: part, hit: false },
    );
}

/**
 * Who the call is between, for titles: caller → callee, whichever way it went (an inbound call's caller is the
 * customer, an outbound call's callee is), so the other party is never hidden. A studio test has no parties
 * worth showing; a browser call's caller is the browser.
 */
export function callTitle(
  call: { direction: string; from: string; to?: string },
  labels: { test: string; unknown: string; browser?: string },
): string {
  if (call.direction === 'test' || call.from.startsWith('studio:')) return labels.test;
  const caller =
    call.direction === 'browser' && (!call.from || call.from === 'browser')
      ? (labels.browser ?? labels.unknown)
      : call.from || labels.unknown;
  return call.to ? `${caller} → ${call.to}` : caller;
}
