import { describe, expect, it } from 'vitest';
import type { Command } from '#flow-runtime/index';
import { commandsToVerbs } from './commands-to-verbs.ts';

const handoff = { reason: 'asked', summary: '', slots: {}, caller: {}, transcriptExcerpt: [] };

describe('our commands as jambonz verbs', () => {
  it('nests an interruptible prompt in the gather that allows barge-in, keeps others apart', () => {
    const commands: Command[] = [
      { type: 'say', text: 'Hello.', interruptible: false, cacheable: true },
      { type: 'say', text: 'Press 1 or say sales.', interruptible: true, cacheable: true },
      {
        type: 'listen',
        modes: ['speech', 'dtmf'],
        noInputTimeoutMs: 6000,
        bargeIn: true,
        dtmf: { maxDigits: 1, terminator: '#' },
        hints: ['sales'],
        language: 'en-US',
      },
    ];
    expect(commandsToVerbs(commands)).toEqual([
      { verb: 'say', text: 'Hello.' },
      {
        verb: 'gather',
        input: ['speech', 'digits'],
        actionHook: '/turn',
        timeout: 6,
        bargein: true,
        numDigits: 1,
        finishOnKey: '#',
        recognizer: { language: 'en-US', hints: ['sales'] },
        say: { text: 'Press 1 or say sales.' },
      },
    ]);
  });

  it('maps transfers, DTMF, play and hangup', () => {
    expect(
      commandsToVerbs([
        { type: 'play', url: 'https://cdn.example/beep.wav', interruptible: false },
        { type: 'send_dtmf', digits: '12#' },
        { type: 'transfer', target: { kind: 'number', value: '+74951234567' }, mode: 'cold', handoff },
      ]),
    ).toEqual([
      { verb: 'play', url: 'https://cdn.example/beep.wav' },
      { verb: 'dtmf', dtmf: '12#' },
      { verb: 'dial', target: [{ type: 'phone', number: '+74951234567' }] },
      { verb: 'hangup' },
    ]);
    expect(
      commandsToVerbs([
        { type: 'transfer', target: { kind: 'queue', value: 'sales' }, mode: 'warm', handoff },
      ]),
    ).toEqual([{ verb: 'enqueue', name: 'sales' }]);
    expect(
      commandsToVerbs([
        { type: 'transfer', target: { kind: 'sip', value: 'sip:op@pbx' }, mode: 'cold', handoff },
      ])[0],
    ).toEqual({ verb: 'dial', target: [{ type: 'sip', sipUri: 'sip:op@pbx' }] });
    expect(commandsToVerbs([{ type: 'hangup', disposition: 'done' }])).toEqual([{ verb: 'hangup' }]);
  });
});
