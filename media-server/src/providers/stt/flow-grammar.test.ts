import {
  expectedPhrases,
  nodeDefinitionsByType,
  parseFlowOrThrow,
  type FlowInput,
} from '#flow-runtime/index';
import { describe, expect, it } from 'vitest';
import { buildFlowGrammar, dictionaryWords, normalizePhrase, spellNumber } from './flow-grammar';

const flowInput: FlowInput = {
  schemaVersion: 2,
  settings: {
    language: 'en',
    globalHandlers: {
      operator: { enabled: true, phrases: { en: ['get me a manager'], ru: ['менеджера'] } },
      stopCalling: { enabled: false },
      repeat: { enabled: true },
    },
  },
  intents: [{ name: 'book', examples: ['I would like to book an appointment', 'Book a visit!'] }],
  nodes: [
    { id: 'start', type: 'start', data: {} },
    {
      id: 'menu',
      type: 'ask',
      data: {
        prompt: 'Sales or support?',
        slotType: 'choice',
        variable: 'dept',
        choices: [
          { value: 'sales', synonyms: ['sales department'] },
          { value: 'support', synonyms: ['Zorblax help'] },
        ],
      },
    },
    { id: 'confirm', type: 'ask', data: { prompt: 'Right?', slotType: 'yes_no', variable: 'ok' } },
    { id: 'count', type: 'ask', data: { prompt: 'How many?', slotType: 'number', variable: 'n' } },
    {
      id: 'route',
      type: 'router',
      data: { mode: 'intent', routes: [{ id: 'cancel', intent: 'cancel', examples: ['cancel my order'] }] },
    },
    {
      id: 'agent',
      type: 'agent',
      data: { exits: [{ id: 'done', condition: 'the caller is done', examples: ["that's all"] }] },
    },
  ],
};

// A stand-in for cmudict: the words the fixture uses, minus the made-up "zorblax".
const dictionary = new Set(
  (
    'i would like to book an appointment a visit sales department support help yes yeah yep please sure ' +
    'of course correct that is right okay no nope thanks thank you not really operator connect me talk ' +
    'human speak real person someone representative transfer agent get manager repeat can say again what did ' +
    "pardon cancel my order that's all the it and in for do want have how this um uh well " +
    'zero one two three four five six seven eight nine oh ten eleven twelve thirteen fourteen fifteen ' +
    'sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand'
  ).split(' '),
);
const inDictionary = (word: string) => dictionary.has(word);

describe('expected phrases of a flow', () => {
  const expected = expectedPhrases(parseFlowOrThrow(flowInput), nodeDefinitionsByType);

  it('collects intents, choices with synonyms, router and agent examples and yes/no words', () => {
    expect(expected.phrases).toEqual(
      expect.arrayContaining([
        'I would like to book an appointment',
        'Book a visit!',
        'sales',
        'sales department',
        'support',
        'Zorblax help',
        'cancel my order',
        "that's all",
        'yes',
        'no',
      ]),
    );
    expect(expected.numbers).toBe(true);
  });

  it('adds the enabled global handlers in English, built-in and the flow own, not disabled ones', () => {
    expect(expected.phrases).toEqual(
      expect.arrayContaining(['talk to a human', 'get me a manager', 'say that again']),
    );
    expect(expected.phrases).not.toContain('stop calling me');
    expect(expected.phrases).not.toContain('менеджера');
  });
});

describe('JSGF grammar', () => {
  const grammar = buildFlowGrammar(
    expectedPhrases(parseFlowOrThrow(flowInput), nodeDefinitionsByType),
    inDictionary,
  );

  it('holds each phrase normalised once, with a phrase rule, a number rule and a garbage rule', () => {
    expect(grammar.jsgf.split('\n').slice(0, 3)).toEqual([
      '#JSGF V1.0;',
      'grammar flow;',
      'public <utterance> = <phrase> | <number> | <garbage>;',
    ]);
    expect(grammar.phrases).toContain('i would like to book an appointment');
    expect(grammar.phrases).toContain('book a visit');
    expect(grammar.phrases).toContain("that's all");
    expect(new Set(grammar.phrases).size).toBe(grammar.phrases.length);
    expect(grammar.jsgf).toMatch(/^<digit> = zero \| one \| .* \| hundred \| thousand;$/m);
    expect(grammar.jsgf).toMatch(/^<number> = <digit> \[<digit>\] \[<digit>\]/m);
    // No `+` loops: pocketsphinx would let a run of garbage words lead into a phrase.
    expect(grammar.jsgf).not.toContain('+');
    const filler = /^<filler> = (.*);$/m.exec(grammar.jsgf)?.[1]?.split(' | ') ?? [];
    expect(filler).toContain('the');
    expect(grammar.jsgf).toMatch(/^<garbage> = <filler> <filler> <filler> \[<filler>\]/m);
    expect(filler).not.toContain('appointment'); // the flow's own words stay out of the garbage path
  });

  it('leaves out words the dictionary cannot pronounce, keeping the rest of their phrase', () => {
    expect(grammar.droppedWords).toEqual(['zorblax']);
    expect(grammar.phrases).toContain('help');
    expect(grammar.jsgf).not.toContain('zorblax');
    const words = grammar.jsgf
      .split('\n')
      .filter((line) => line.startsWith('<'))
      .flatMap((line) => line.replace(/<\w+>/g, '').match(/[a-z']+/g) ?? []);
    expect(words.every((word) => dictionary.has(word))).toBe(true);
  });

  it('has only the garbage rule when the flow expects nothing, and drops a phrase left with no words', () => {
    const empty = buildFlowGrammar({ phrases: ['Zorblax', '!!!'], numbers: false }, inDictionary);
    expect(empty.phrases).toEqual([]);
    expect(empty.jsgf).toContain('public <utterance> = <garbage>;');
    expect(empty.jsgf).not.toContain('<phrase>');
  });
});

describe('normalisation', () => {
  it('spells numbers out, lower-cases and strips punctuation but keeps apostrophes', () => {
    expect(normalizePhrase('Press 3, or say "Sales"!')).toEqual(['press', 'three', 'or', 'say', 'sales']);
    expect(normalizePhrase('I’d like 24 of them')).toEqual(["i'd", 'like', 'twenty', 'four', 'of', 'them']);
    expect(spellNumber('0')).toBe('zero');
    expect(spellNumber('15')).toBe('fifteen');
    expect(spellNumber('120')).toBe('one hundred twenty');
    expect(spellNumber('2026')).toBe('two thousand twenty six');
    expect(spellNumber('007')).toBe('zero zero seven');
    expect(spellNumber('89161234567')).toBe('eight nine one six one two three four five six seven');
  });

  it('reads a pocketsphinx dictionary, folding alternative pronunciations', () => {
    const words = dictionaryWords('to T UW\nto(2) T IH\nto(3) T AH\nbook B UH K\n\n');
    expect([...words]).toEqual(['to', 'book']);
  });
});
