import type { JsonValue } from '../../json';
import { callWithTimeout } from '../../runtime/call-with-timeout';
import type { NodeHandler, StepResult } from '../../runtime/step';
import type { SendMessageData } from './send-message.node.js';

type Flat = Record<string, string | number | boolean>;

/** The flow's variables as template values: `contact.name` for nested objects (one level), scalars as is. */
export function templateValues(scope: Record<string, JsonValue>): Flat {
  const out: Flat = {};
  for (const [key, value] of Object.entries(scope)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      out[key] = value;
    else if (value && typeof value === 'object' && !Array.isArray(value))
      for (const [k, v] of Object.entries(value))
        if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[`${key}.${k}`] = v;
  }
  return out;
}

const failed = (nodeId: string, message: string): StepResult => ({
  outcome: 'next',
  port: 'failed',
  logs: [{ level: 'warn', nodeId, message: `Send message: ${message}` }],
});

export const handleSendMessage: NodeHandler<SendMessageData> = async (node, ctx) => {
  const messaging = ctx.ports.messaging;
  if (!messaging) return failed(node.id, 'no messaging in this call (it has no project)');
  const { data } = node;
  const to = ctx.render(data.to).trim();
  if (!data.channelId.trim()) return failed(node.id, 'no channel chosen');
  if (!to) return failed(node.id, 'no recipient (the caller’s number is unknown)');
  const templateId = data.templateId.trim();
  const text = templateId ? undefined : ctx.render(data.text).trim();
  if (!templateId && !text) return failed(node.id, 'neither a template nor a text');
  const result = await callWithTimeout(ctx.flow.flow.settings.providerTimeoutMs, (signal) =>
    messaging.send({
      channelId: data.channelId.trim(),
      ...(templateId ? { templateId } : { text }),
      to,
      variables: templateValues(ctx.scope()),
      signal,
    }),
  );
  if (!result.ok) return failed(node.id, `${result.reason}: ${result.error}`);
  return {
    outcome: 'next',
    port: 'sent',
    patch: { variables: { [data.resultVariable]: { id: result.value.id, status: result.value.status, to } } },
    logs: [
      {
        level: 'info',
        nodeId: node.id,
        message: `Message ${result.value.id} ${result.value.status} to ${to}`,
      },
    ],
  };
};
