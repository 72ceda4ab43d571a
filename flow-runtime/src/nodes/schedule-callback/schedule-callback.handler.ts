import { pick } from '../../i18n';
import { builtInPrompts } from '../../runtime/built-in-prompts';
import type { NodeHandler, StepContext, StepResult } from '../../runtime/step';
import { localText, parseCallbackTime, validZone } from './callback-time';
import {
  CALLBACK_AT_VARIABLE,
  CALLBACK_LOCAL_VARIABLE,
  type ScheduleCallbackData,
} from './schedule-callback.node.js';

/** Without a contact zone (a test call, an inbound call) Moscow time: what most Russian callers mean. */
const FALLBACK_ZONE = 'Europe/Moscow';

function zoneOf(data: ScheduleCallbackData, ctx: StepContext): string {
  const zone = ctx.render(data.timezone).trim();
  return validZone(zone) ? zone : FALLBACK_ZONE;
}

function heard(data: ScheduleCallbackData, ctx: StepContext): string | null {
  if (data.question.trim() === '') return ctx.render(data.source);
  if (ctx.event?.type === 'utterance') return ctx.event.text;
  return null;
}

export const handleScheduleCallback: NodeHandler<ScheduleCallbackData> = async (node, ctx) => {
  const data = node.data;
  const asking = data.question.trim() !== '';
  if (asking && ctx.event === null)
    return {
      outcome: 'wait',
      commands: [...ctx.say(ctx.render(data.question)), ctx.listen({ modes: ['speech'] })],
      patch: { memory: { retries: 0 } },
    };
  const zone = zoneOf(data, ctx);
  const text = heard(data, ctx);
  const now = ctx.ports.clock.now();
  const time =
    text === null
      ? null
      : parseCallbackTime(text, { now, zone, language: ctx.language, defaultTime: data.defaultTime });
  if (time) {
    const at = new Date(time.at).toISOString();
    const variables = { [CALLBACK_AT_VARIABLE]: at, [CALLBACK_LOCAL_VARIABLE]: localText(time.at, zone) };
    const scope = { ...ctx.scope(), ...variables };
    const message = data.message.replace(
      /\{\{\s*callback_at(_local)?\s*\}\}/g,
      (_m, local: string | undefined) => String(local ? scope[CALLBACK_LOCAL_VARIABLE] : at),
    );
    return {
      outcome: 'next',
      port: 'scheduled',
      commands: message.trim() ? ctx.say(ctx.render(message), { interruptible: false }) : [],
      patch: { variables, memory: null },
      logs: [{ level: 'info', nodeId: node.id, message: `callback at ${at} (${time.local} ${zone})` }],
    };
  }
  const memory = ctx.memory && typeof ctx.memory === 'object' && !Array.isArray(ctx.memory) ? ctx.memory : {};
  const retries = Number(memory.retries) || 0;
  if (!asking || retries >= data.maxRetries) {
    const result: StepResult = { outcome: 'next', port: 'not_understood', patch: { memory: null } };
    return { ...result, logs: [{ level: 'info', nodeId: node.id, message: 'callback time not understood' }] };
  }
  const apology = ctx.event?.type === 'silence' ? builtInPrompts.noInput : builtInPrompts.noMatch;
  return {
    outcome: 'wait',
    commands: [
      ...ctx.say(`${pick(apology, ctx.language)} ${ctx.render(data.question)}`),
      ctx.listen({ modes: ['speech'] }),
    ],
    patch: { memory: { retries: retries + 1 } },
  };
};
