/**
 * A CSV download streamed line by line from a generator (page by page from the database), so a large export
 * never sits in memory; a client that stops reading stops the generator.
 */
export function csvResponse(
  lines: AsyncGenerator<string>,
  filePrefix: string,
  headers: Record<string, string> = {},
): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await lines.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await lines.return(undefined);
    },
  });
  const day = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${filePrefix}-${day}.csv"`,
      'Cache-Control': 'no-store',
      ...headers,
    },
  });
}
