import type { CallEvent } from '../../events';
import { pick } from '../../i18n';
import { extractDtmfSlot, extractSlot, type SlotResult } from '../../nlu-bridge';
import { builtInPrompts } from '../../runtime/built-in-prompts';
import type { NodeHandler, StepContext, StepResult } from '../../runtime/step';
import type { AskData } from './ask.node.js';

interface AskMemory {
  noMatch: number;
  noInput: number;
}

function readMemory(ctx: StepContext): AskMemory {
  const memory = ctx.memory;
  if (memory && typeof memory === 'object' && !Array.isArray(memory)) {
    return { noMatch: Number(memory.noMatch) || 0, noInput: Number(memory.noInput) || 0 };
  }
  return { noMatch: 0, noInput: 0 };
}

function listenFor(data: AskData, ctx: StepContext) {
  const modes: ('speech' | 'dtmf')[] =
    data.inputModes === 'both' ? ['speech', 'dtmf'] : data.inputModes === 'speech' ? ['speech'] : ['dtmf'];
  const hints =
    data.slotType === 'choice'
      ? data.choices.flatMap((choice) => [choice.value, ...choice.synonyms])
      : undefined;
  return ctx.listen({
    modes,
    ...(data.noInputTimeoutMs ? { noInputTimeoutMs: data.noInputTimeoutMs } : {}),
    ...(modes.includes('dtmf')
      ? {
          dtmf: {
            terminator: '#',
            ...(data.slotType === 'yes_no' || data.slotType === 'choice' ? { maxDigits: 1 } : {}),
          },
        }
      : {}),
    ...(hints && hints.length > 0 ? { hints } : {}),
  });
}

function extract(data: AskData, event: CallEvent, ctx: StepContext): SlotResult {
  const options = { language: ctx.language, choices: data.choices, now: ctx.ports.clock.now() };
  if (event.type === 'dtmf') return extractDtmfSlot(data.slotType, event.digits, options);
  if (event.type === 'utterance') return extractSlot(data.slotType, event.text, options);
  return { ok: false };
}

/** Min/max for numbers, a pattern for text-like slots; a value that fails counts as "not understood". */
function passesValidation(data: AskData, value: string | number | boolean): boolean {
  const { min, max, pattern } = data.validation;
  if (typeof value === 'number') {
    if (min !== undefined && value < min) return false;
    if (max !== undefined && value > max) return false;
  }
  if (pattern !== undefined && typeof value === 'string') return new RegExp(pattern, 'u').test(value);
  return true;
}

function saved(data: AskData, nodeId: string, value: string | number | boolean, display: string): StepResult {
  return {
    outcome: 'next',
    port: 'next',
    patch: {
      variables: { [data.variable]: value },
      slots: { [data.variable]: { value, display, nodeId } },
      memory: null,
    },
  };
}

function retry(data: AskData, ctx: StepContext, kind: 'noMatch' | 'noInput'): StepResult {
  const memory = readMemory(ctx);
  const attempts = memory[kind] + 1;
  if (attempts > data.maxRetries) {
    return { outcome: 'next', port: kind === 'noMatch' ? 'no_match' : 'no_input', patch: { memory: null } };
  }
  const own = kind === 'noMatch' ? data.noMatchPrompt : data.noInputPrompt;
  const apology = own
    ? ctx.render(own)
    : pick(kind === 'noMatch' ? builtInPrompts.noMatch : builtInPrompts.noInput, ctx.language);
  return {
    outcome: 'wait',
    commands: [...ctx.say(`${apology} ${ctx.render(data.prompt)}`), listenFor(data, ctx)],
    patch: { memory: { ...memory, [kind]: attempts } },
  };
}

export const handleAsk: NodeHandler<AskData> = async (node, ctx) => {
  const data = node.data;
  if (ctx.event === null) {
    const early = ctx.state.earlySlots[node.id];
    if (early) {
      const result = saved(data, node.id, early.value, early.display);
      return {
        ...result,
        patch: { ...result.patch, consumeEarlySlot: true },
        logs: [
          { level: 'info', nodeId: node.id, message: 'question skipped: the caller already answered it' },
        ],
      };
    }
    return {
      outcome: 'wait',
      commands: [
        ...ctx.say(ctx.render(data.prompt), { cacheable: !data.prompt.includes('{{') }),
        listenFor(data, ctx),
      ],
      patch: { memory: { noMatch: 0, noInput: 0 } },
    };
  }
  if (ctx.event.type === 'silence') return retry(data, ctx, 'noInput');
  const result = extract(data, ctx.event, ctx);
  if (result.ok && passesValidation(data, result.value))
    return saved(data, node.id, result.value, result.display);
  return retry(data, ctx, 'noMatch');
};
