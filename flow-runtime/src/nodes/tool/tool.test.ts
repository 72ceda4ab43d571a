import { describe, expect, it } from 'vitest';
import { buildFlow, runEvents } from '../../testing/build-flow';
import type { FakePortsOptions } from '../../testing/fake-ports';
import { TRACE_RESULT_MAX_CHARS } from '../../runtime/turn-trace';

const toolFlow = (data: Record<string, unknown> = {}) =>
  buildFlow(
    [
      ['start', 'start'],
      [
        'lookup',
        'tool',
        {
          tool: 'crm_lookup',
          args: { phone: '{{caller_number}}', tags: '{{tags}}', note: 'call {{caller_number}}' },
          resultVariable: 'customer',
          mappings: [{ variable: 'customer_name', path: 'contact.name' }],
          ...data,
        },
      ],
      ['ok', 'end', { message: 'Здравствуйте, {{customer_name}}', disposition: 'ok' }],
      ['fail', 'end', { disposition: 'tool_failed' }],
    ],
    [
      ['start', 'next', 'lookup'],
      ['lookup', 'success', 'ok'],
      ['lookup', 'failure', 'fail'],
    ],
    {
      tools: [
        { name: 'crm_lookup', kind: 'http', http: { url: 'https://crm.example/lookup', method: 'POST' } },
      ],
      variables: [{ name: 'tags', type: 'list', default: ['vip'] }],
    },
  );

const callStarted = {
  type: 'call_started' as const,
  caller: { number: '+79990001122' },
  direction: 'inbound' as const,
};

async function run(options: FakePortsOptions, data?: Record<string, unknown>) {
  const [turn] = await runEvents(toolFlow(data), [callStarted], { ...options, tickMs: 1 });
  if (!turn) throw new Error('no turn');
  return turn;
}

describe('tool node', () => {
  it('passes rendered arguments (whole-variable templates keep their JSON type) and maps the result', async () => {
    const turn = await run({ tools: { crm_lookup: { ok: true, result: { contact: { name: 'Ольга' } } } } });
    expect(turn.state.variables).toMatchObject({
      customer: { contact: { name: 'Ольга' } },
      customer_name: 'Ольга',
    });
    expect(turn.commands[0]).toMatchObject({ type: 'say', text: 'Здравствуйте, Ольга' });
    expect(turn.trace.toolCalls).toEqual([
      {
        nodeId: 'lookup',
        name: 'crm_lookup',
        args: { phone: '+79990001122', tags: ['vip'], note: 'call +79990001122' },
        ok: true,
        durationMs: 1,
        result: { contact: { name: 'Ольга' } },
      },
    ]);
  });

  it('keeps a big answer in the trace as a preview, and the HTTP status', async () => {
    const rows = Array.from({ length: 500 }, (_, i) => ({ id: i, name: `Клиент ${i}` }));
    const answer = { contact: { name: 'Ольга' }, rows };
    const turn = await run({ tools: { crm_lookup: () => ({ ok: true, result: answer, status: 200 }) } });
    const [call] = turn.trace.toolCalls;
    expect(call?.status).toBe(200);
    expect(call?.result).toMatchObject({ truncated: true, chars: JSON.stringify(answer).length });
    const preview = (call?.result as { preview: string }).preview;
    expect(preview.length).toBe(TRACE_RESULT_MAX_CHARS);
    expect(preview.startsWith('{"contact":{"name":"Ольга"}')).toBe(true);
    // The flow itself still gets the whole answer.
    expect(turn.state.variables.customer_name).toBe('Ольга');
  });

  it('takes the failure port when the tool reports an error', async () => {
    const turn = await run({ tools: { crm_lookup: { ok: false, error: '503 from CRM' } } });
    expect(turn.commands).toEqual([{ type: 'hangup', disposition: 'tool_failed' }]);
    expect(turn.state.variables.last_error).toBe('503 from CRM');
  });

  it('takes the failure port when the tool throws', async () => {
    const turn = await run({ tools: { crm_lookup: { throws: 'socket hang up' } } });
    expect(turn.commands).toEqual([{ type: 'hangup', disposition: 'tool_failed' }]);
  });

  it('aborts a tool that outlives the node timeout and takes the failure port', async () => {
    const turn = await run(
      {
        tools: {
          crm_lookup: () =>
            new Promise(() => {
              /* never answers */
            }),
        },
      },
      { timeoutMs: 20 },
    );
    expect(turn.commands).toEqual([{ type: 'hangup', disposition: 'tool_failed' }]);
    expect(turn.trace.toolCalls[0]).toMatchObject({ ok: false, error: expect.stringContaining('timeout') });
  });
});
