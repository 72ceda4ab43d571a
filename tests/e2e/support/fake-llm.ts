// A local OpenAI-compatible chat endpoint for the browser suite (the real ones cannot be reached here). It
// only plays function calling: offered a tool, it calls the first one with arguments read from the caller's
// words; handed the tool's answer, it says it. Asked anything else it refuses (400), so Agent blocks without
// tools answer from their intents exactly as with no LLM configured.
import { createServer, type Server } from 'node:http';

interface ChatBody {
  messages?: { role: string; content?: unknown }[];
  tools?: { function: { name: string; parameters?: { properties?: Record<string, { type?: string }> } } }[];
}

function argumentsFor(tool: NonNullable<ChatBody['tools']>[number], text: string): Record<string, unknown> {
  const properties = tool.function.parameters?.properties ?? {};
  const token = /[\p{L}\d-]*\d[\p{L}\d-]*/u.exec(text)?.[0] ?? text;
  return Object.fromEntries(
    Object.entries(properties).map(([name, property]) => [
      name,
      property.type === 'number' || property.type === 'integer' ? Number(/\d+/.exec(text)?.[0] ?? 0) : token,
    ]),
  );
}

function sse(events: unknown[]): string {
  return `${events.map((e) => `data: ${JSON.stringify(e)}\n\n`).join('')}data: [DONE]\n\n`;
}

const chunk = (delta: Record<string, unknown>, finish: string | null = null) => ({
  id: 'chatcmpl-e2e',
  object: 'chat.completion.chunk',
  created: 1_700_000_000,
  model: 'e2e-fake',
  choices: [{ index: 0, delta, finish_reason: finish }],
});
const usage = {
  id: 'chatcmpl-e2e',
  object: 'chat.completion.chunk',
  created: 1_700_000_000,
  model: 'e2e-fake',
  choices: [],
  usage: { prompt_tokens: 20, completion_tokens: 5, total_tokens: 25 },
};

export function startFakeLlm(port: number): Promise<Server> {
  const server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      let body: ChatBody = {};
      try {
        body = JSON.parse(Buffer.concat(parts).toString('utf8')) as ChatBody;
      } catch {
        // answered as a refusal below
      }
      const messages = body.messages ?? [];
      const last = messages.at(-1);
      const tools = (body.tools ?? []).filter((t) => !t.function.name.startsWith('exit_'));
      let events: unknown[] | null = null;
      if (last?.role === 'tool') {
        events = [
          chunk({ role: 'assistant', content: `Done: ${String(last.content)}` }),
          chunk({}, 'stop'),
          usage,
        ];
      } else if (tools.length > 0 && last?.role === 'user') {
        const tool = tools[0]!;
        const args = JSON.stringify(argumentsFor(tool, String(last.content ?? '')));
        events = [
          chunk({
            role: 'assistant',
            content: null,
            tool_calls: [
              {
                index: 0,
                id: `call_${messages.length}`,
                type: 'function',
                function: { name: tool.function.name, arguments: args },
              },
            ],
          }),
          chunk({}, 'tool_calls'),
          usage,
        ];
      }
      if (!events) {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            error: { message: 'e2e fake LLM: only function calling', type: 'invalid_request_error' },
          }),
        );
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(sse(events));
    });
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}
