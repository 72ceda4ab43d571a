import type { Command, CommandOf, CommandType } from '#flow-runtime/index';
import { isSafeTargetUri } from '../sip-gateway/refer-target.ts';
import type { JambonzVerb } from './jambonz-messages.ts';

/** Where jambonz reports what the caller said or pressed: the next turn's event. */
export const TURN_HOOK = '/turn';

type Translate = { [T in CommandType]: (command: CommandOf<T>) => JambonzVerb[] };

/** One entry per command type: the compiler refuses a command type without its translation. */
const TRANSLATE: Translate = {
  say: (c) => [
    { verb: 'say', text: c.text, ...(c.language ? { synthesizer: { language: c.language } } : {}) },
  ],
  play: (c) => [{ verb: 'play', url: c.url }],
  listen: (c) => [
    {
      verb: 'gather',
      input: c.modes.map((m) => (m === 'dtmf' ? 'digits' : 'speech')),
      actionHook: TURN_HOOK,
      timeout: Math.max(1, Math.round(c.noInputTimeoutMs / 1000)),
      bargein: c.bargeIn,
      ...(c.dtmf?.maxDigits ? { numDigits: c.dtmf.maxDigits } : {}),
      ...(c.dtmf?.terminator ? { finishOnKey: c.dtmf.terminator } : {}),
      ...(c.dtmf?.interDigitTimeoutMs
        ? { interDigitTimeout: Math.max(1, Math.round(c.dtmf.interDigitTimeoutMs / 1000)) }
        : {}),
      ...(c.language || c.hints?.length
        ? {
            recognizer: {
              ...(c.language ? { language: c.language } : {}),
              ...(c.hints?.length ? { hints: c.hints } : {}),
            },
          }
        : {}),
    },
  ],
  transfer: (c) => {
    if (c.target.kind === 'queue') return [{ verb: 'enqueue', name: c.target.value }];
    // jambonz writes the target into the INVITE it places: only a well-formed URI or number goes out
    // (the same grammar as our REFER targets); anything else ends the call instead of dialling it.
    const number = c.target.value.replace(/[ ()-]/g, '');
    const valid =
      c.target.kind === 'sip' ? isSafeTargetUri(c.target.value) : /^\+?[0-9*#]{2,32}$/.test(number);
    if (!valid) return [{ verb: 'hangup' }];
    const target =
      c.target.kind === 'sip'
        ? { type: 'sip' as const, sipUri: c.target.value }
        : { type: 'phone' as const, number };
    return [{ verb: 'dial', target: [target] }, { verb: 'hangup' }];
  },
  hangup: () => [{ verb: 'hangup' }],
  send_dtmf: (c) => [{ verb: 'dtmf', dtmf: c.digits }],
};

function translate<T extends CommandType>(command: CommandOf<T>): JambonzVerb[] {
  return (TRANSLATE[command.type] as (c: CommandOf<T>) => JambonzVerb[])(command);
}

/**
 * A turn's commands as jambonz verbs. An interruptible prompt right before a listen that allows barge-in is
 * nested in the gather, which is how jambonz lets the caller talk over it.
 */
export function commandsToVerbs(commands: readonly Command[]): JambonzVerb[] {
  const verbs: JambonzVerb[] = [];
  commands.forEach((command, i) => {
    const next = commands[i + 1];
    if (command.type === 'say' && command.interruptible && next?.type === 'listen' && next.bargeIn) return;
    const out = translate(command);
    const previous = commands[i - 1];
    if (command.type === 'listen' && previous?.type === 'say' && previous.interruptible && command.bargeIn) {
      const gather = out[0];
      if (gather?.verb === 'gather') gather.say = { text: previous.text };
    }
    verbs.push(...out);
  });
  return verbs;
}
