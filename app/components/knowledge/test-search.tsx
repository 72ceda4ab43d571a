import { useState, type FormEvent, type ReactNode } from 'react';
import { z } from 'zod';
import { useT } from '~/i18n';
import { api } from '../api/api-client';
import { Button } from '../ui/button';
import { Input } from '../ui/input';

const hitSchema = z.object({
  chunkId: z.string(),
  sourceName: z.string(),
  /** The page cited (a crawled site's page, or the URL source). */
  sourceUrl: z.string().nullable(),
  headingPath: z.array(z.string()),
  text: z.string(),
  /** Reciprocal-rank-fusion score: orders the hits of one query. */
  score: z.number(),
  /** 0..1, comparable across queries: what agents compare with their minimum. */
  relevance: z.number(),
});
type Hit = z.infer<typeof hitSchema>;
const searchSchema = z.object({ hits: z.array(hitSchema), tookMs: z.number() });

/** Marks the query's words (and words sharing their beginning: Russian endings vary) in a passage. */
function highlight(text: string, query: string): ReactNode[] {
  const stems = query
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length >= 4)
    // Half the word (at least four letters) as a prefix: "парковаться" marks "парковка", "стоимость" marks
    // "стоимости"; crude, but it is only for the eye.
    .map((w) => w.slice(0, Math.max(4, Math.floor(w.length / 2) + 1)));
  if (stems.length === 0) return [text];
  const escaped = stems.map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const pattern = new RegExp(`(${escaped.join('|')})[\\p{L}\\p{N}]*`, 'giu');
  const out: ReactNode[] = [];
  let last = 0;
  for (const m of text.matchAll(pattern)) {
    out.push(text.slice(last, m.index));
    out.push(
      <mark key={m.index} className="rounded bg-brand-100 px-0.5 text-fg">
        {m[0]}
      </mark>,
    );
    last = m.index + m[0].length;
  }
  out.push(text.slice(last));
  return out;
}

/** The test search box: what an agent would find for a caller's question, with scores. */
export function TestSearch({ projectId, knowledgeBaseId }: { projectId: string; knowledgeBaseId: string }) {
  const t = useT();
  const [query, setQuery] = useState('');
  const [result, setResult] = useState<{ hits: Hit[]; tookMs: number; query: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!query.trim()) return;
    setBusy(true);
    try {
      const found = await api(`/api/v1/projects/${projectId}/knowledge-bases/search`, {
        method: 'POST',
        json: { query, knowledgeBaseIds: [knowledgeBaseId], limit: 5 },
        schema: searchSchema,
      });
      if (found.ok) setResult({ ...found.data, query });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section
      aria-labelledby="test-search"
      className="space-y-3 rounded-panel border border-border bg-surface p-5 shadow-card"
    >
      <h2 id="test-search" className="text-sm font-semibold text-fg">
        {t('knowledge.testSearch')}
      </h2>
      <form onSubmit={submit} className="flex gap-2">
        <Input
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder={t('knowledge.testSearchPlaceholder')}
          aria-label={t('knowledge.testSearch')}
        />
        <Button type="submit" variant="secondary" disabled={busy}>
          {t('knowledge.search')}
        </Button>
      </form>
      {result && (
        <div className="space-y-2" data-testid="search-results">
          <p className="text-xs text-fg-subtle">{t('knowledge.took', { ms: result.tookMs })}</p>
          {result.hits.length === 0 ? (
            <p className="text-sm text-fg-muted">{t('knowledge.noHits')}</p>
          ) : (
            <ol className="space-y-2">
              {result.hits.map((h) => (
                <li
                  key={h.chunkId}
                  className="rounded-control border border-border p-3 text-sm"
                  data-testid="search-hit"
                >
                  <div className="mb-1 flex items-center justify-between gap-2 text-xs text-fg-subtle">
                    <span className="truncate">{[h.sourceName, ...h.headingPath].join(' › ')}</span>
                    <span className="shrink-0 font-mono" title={`RRF ${h.score.toFixed(4)}`}>
                      {t('knowledge.score', { score: `${Math.round(h.relevance * 100)}%` })}
                    </span>
                  </div>
                  <p className="whitespace-pre-line text-fg">{highlight(h.text, result.query)}</p>
                  {h.sourceUrl && (
                    <a
                      href={h.sourceUrl}
                      target="_blank"
                      rel="noreferrer noopener"
                      className="mt-1 block truncate text-xs text-fg-subtle underline"
                    >
                      {h.sourceUrl}
                    </a>
                  )}
                </li>
              ))}
            </ol>
          )}
        </div>
      )}
    </section>
  );
}
