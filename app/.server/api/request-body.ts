/**
 * Reading a request body with a hard cap. A declared Content-Length over the cap is refused before a byte is
 * read; without one (chunked uploads) the stream is read only until the count passes the cap, then cancelled,
 * so a client cannot make the server buffer more than the cap whatever it sends (issue 14, item 10).
 */
export class BodyTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`Body over ${maxBytes} bytes.`);
    this.name = 'BodyTooLargeError';
  }
}

/** A form body the platform's parser cannot read (a broken multipart boundary, a wrong content type). */
export class MalformedBodyError extends Error {
  constructor(options?: { cause?: unknown }) {
    super('The body is not a readable form.', options);
    this.name = 'MalformedBodyError';
  }
}

export async function readBodyBytes(request: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > maxBytes) {
    await request.body?.cancel().catch(() => undefined);
    throw new BodyTooLargeError(maxBytes);
  }
  if (!request.body) return new Uint8Array(0);
  const reader = (request.body as ReadableStream<Uint8Array<ArrayBuffer>>).getReader();
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      // Cancelling destroys the underlying socket stream: the rest is never buffered.
      await reader.cancel().catch(() => undefined);
      throw new BodyTooLargeError(maxBytes);
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

export async function readBodyText(request: Request, maxBytes: number): Promise<string> {
  return new TextDecoder().decode(await readBodyBytes(request, maxBytes));
}

/**
 * A form body (urlencoded or multipart) read under the cap, then parsed by the platform's own parser from
 * the bytes already in memory.
 */
export async function readFormBody(request: Request, maxBytes: number): Promise<FormData> {
  const bytes = await readBodyBytes(request, maxBytes);
  const contentType = request.headers.get('content-type') ?? 'application/x-www-form-urlencoded';
  try {
    return await new Response(bytes, { headers: { 'content-type': contentType } }).formData();
  } catch (error) {
    throw new MalformedBodyError({ cause: error });
  }
}
