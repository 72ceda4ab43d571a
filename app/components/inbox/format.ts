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

/** Who the call is with, for titles: the caller's number; a studio test has no caller worth showing. */
export function callTitle(
  call: { direction: string; from: string },
  labels: { test: string; unknown: string },
): string {
  if (call.direction === 'test' || call.from.startsWith('studio:')) return labels.test;
  return call.from || labels.unknown;
}
