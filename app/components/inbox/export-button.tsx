import { useState } from 'react';
import { useT } from '~/i18n';
import { apiResponse, type ApiPath } from '../api/api-client';
import { Button } from '../ui/button';

/**
 * Downloads the filtered calls as CSV, reading the streamed response and counting rows against the
 * server's X-Total-Count, so a large export shows how far it is.
 */
export function ExportButton({ href }: { href: ApiPath }) {
  const t = useT();
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const run = async () => {
    const answered = await apiResponse(href);
    const body = answered.ok ? answered.response.body : null;
    if (!answered.ok || !body) return;
    const res = answered.response;
    const total = Number(res.headers.get('x-total-count') ?? 0);
    const reader = body.getReader();
    const parts: Uint8Array[] = [];
    let lines = 0;
    setProgress({ done: 0, total });
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      parts.push(value);
      for (const byte of value) if (byte === 10) lines += 1;
      setProgress({ done: Math.max(0, lines - 1), total });
    }
    const url = URL.createObjectURL(new Blob(parts as BlobPart[], { type: 'text/csv' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `calls-${new Date().toISOString().slice(0, 10)}.csv`;
    a.click();
    URL.revokeObjectURL(url);
    setProgress(null);
  };
  return (
    <Button
      type="button"
      size="sm"
      variant="secondary"
      onClick={() => void run()}
      disabled={progress !== null}
    >
      {progress ? t('inbox.exporting', { done: progress.done, total: progress.total }) : t('inbox.exportCsv')}
    </Button>
  );
}
