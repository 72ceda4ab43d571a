// A local server speaking the Azure Speech service's WebSocket protocol for continuous recognition, as the
// official SDK (microsoft-cognitiveservices-speech-sdk) talks it: text messages are CRLF headers, a blank
// line and a JSON body; binary ones a 2-byte big-endian header length, the headers, then audio. The client
// sends `speech.config` and `speech.context`, then `audio` (a RIFF header first; an empty body ends the
// stream). The service answers `turn.start`, `speech.startDetected`, `speech.hypothesis`, `speech.phrase`,
// `speech.endDetected` and `turn.end`, each under the client's X-RequestId. Offsets are 100 ns ticks.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';

export interface AzureSpeechServerOptions {
  /** What the caller "said", per utterance (the turn's audio byte count and the query's language). */
  transcript: (audio: { bytes: number; language: string }) => string;
  /** Refuse connections whose Ocp-Apim-Subscription-Key differs (401, as the service does). */
  key?: string;
}

export interface AzureSpeechRequest {
  path: string;
  language: string;
  key: string | undefined;
  /** Audio bytes received in the connection (WAV header included). */
  audioBytes: number;
  /** Paths of the client's messages, in order (speech.config, speech.context, audio…). */
  messages: string[];
  /** The speech.context body, where the SDK sends the phrase list. */
  context: unknown;
}

export interface AzureSpeechServer {
  url: string;
  requests: AzureSpeechRequest[];
  close(): Promise<void>;
}

const CRLF = '\r\n';

function headersOf(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of text.split(CRLF)) {
    const at = line.indexOf(':');
    if (at > 0) headers[line.slice(0, at).trim().toLowerCase()] = line.slice(at + 1).trim();
  }
  return headers;
}

function parse(data: RawData, binary: boolean): { headers: Record<string, string>; body: Buffer } {
  const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
  if (!binary) {
    const text = buf.toString('utf8');
    const split = text.indexOf(CRLF + CRLF);
    return {
      headers: headersOf(split < 0 ? text : text.slice(0, split)),
      body: Buffer.from(split < 0 ? '' : text.slice(split + 4)),
    };
  }
  const length = buf.readUInt16BE(0);
  return {
    headers: headersOf(buf.subarray(2, 2 + length).toString('latin1')),
    body: buf.subarray(2 + length),
  };
}

/** Starts the server on a free loopback port; its `url` is what an account's address points at. */
export async function startAzureSpeechServer(options: AzureSpeechServerOptions): Promise<AzureSpeechServer> {
  const requests: AzureSpeechRequest[] = [];
  const http: Server = createServer((_req, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({ noServer: true });
  http.on('upgrade', (req: IncomingMessage, socket, head) => {
    const key = req.headers['ocp-apim-subscription-key'];
    if (options.key && key !== options.key) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serve(ws, req));
  });

  function serve(ws: WebSocket, req: IncomingMessage): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const request: AzureSpeechRequest = {
      path: url.pathname,
      language: url.searchParams.get('language') ?? 'en-US',
      key:
        typeof req.headers['ocp-apim-subscription-key'] === 'string'
          ? req.headers['ocp-apim-subscription-key']
          : undefined,
      audioBytes: 0,
      messages: [],
      context: null,
    };
    requests.push(request);
    // One turn at a time: audio since the turn began, in bytes (16-bit mono at the WAV header's rate).
    let turn: {
      requestId: string;
      bytes: number;
      rate: number;
      started: boolean;
      hypothesised: boolean;
    } | null = null;
    const send = (path: string, requestId: string, body: object) =>
      ws.send(
        `X-RequestId: ${requestId}${CRLF}Path: ${path}${CRLF}Content-Type: application/json; charset=utf-8${CRLF}` +
          `X-Timestamp: ${new Date().toISOString()}${CRLF}${CRLF}${JSON.stringify(body)}`,
      );
    const ticks = (bytes: number, rate: number) => Math.round((bytes / 2 / rate) * 10_000_000);

    ws.on('message', (data, isBinary) => {
      const { headers, body } = parse(data, isBinary);
      const path = (headers.path ?? '').toLowerCase();
      const requestId = headers['x-requestid'] ?? '';
      request.messages.push(path);
      if (path === 'speech.context') {
        try {
          request.context = JSON.parse(body.toString('utf8')) as unknown;
        } catch {
          request.context = null;
        }
      }
      if (path !== 'audio') return;
      if (!turn || turn.requestId !== requestId) {
        turn = { requestId, bytes: 0, rate: 16_000, started: false, hypothesised: false };
        send('turn.start', requestId, { context: { serviceTag: 'local' } });
      }
      let audio = body;
      // The stream's first message carries the WAV header alone (or with the first audio).
      const riff = audio.subarray(0, 4).toString('latin1') === 'RIFF';
      if (riff) {
        turn.rate = audio.readUInt32LE(24);
        audio = audio.subarray(44);
      }
      request.audioBytes += audio.length;
      if (riff && audio.length === 0) return;
      if (audio.length > 0) {
        turn.bytes += audio.length;
        if (!turn.started) {
          turn.started = true;
          send('speech.startDetected', requestId, { Offset: 0 });
        }
        // A partial result once a quarter second has arrived: interim results feed barge-in.
        if (!turn.hypothesised && turn.bytes > turn.rate / 2) {
          turn.hypothesised = true;
          const text = options.transcript({ bytes: turn.bytes, language: request.language });
          send('speech.hypothesis', requestId, {
            Text: text.split(' ')[0] ?? text,
            Offset: 0,
            Duration: ticks(turn.bytes, turn.rate),
          });
        }
        return;
      }
      // An empty audio message: the stream ended. The phrase, then the end of speech and of the turn.
      const done = turn;
      turn = null;
      const duration = ticks(done.bytes, done.rate);
      const text =
        done.bytes > 0 ? options.transcript({ bytes: done.bytes, language: request.language }) : '';
      if (text)
        send('speech.phrase', requestId, {
          RecognitionStatus: 'Success',
          Offset: 0,
          Duration: duration,
          DisplayText: text,
          NBest: [
            { Confidence: 0.92, Lexical: text.toLowerCase(), ITN: text, MaskedITN: text, Display: text },
          ],
        });
      else
        send('speech.phrase', requestId, {
          RecognitionStatus: 'InitialSilenceTimeout',
          Offset: 0,
          Duration: duration,
        });
      send('speech.endDetected', requestId, { Offset: duration });
      send('turn.end', requestId, {});
    });
  }

  await new Promise<void>((ok) => http.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    requests,
    async close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      await new Promise<void>((ok) => http.close(() => ok()));
    },
  };
}
