import { z } from 'zod';
import type { AlertRuleKind } from '../events/event-catalogue.ts';

/** Words that mean anger or a request for a human, Russian and English; a project replaces the list. */
export const DEFAULT_ALERT_WORDS = [
  'оператор',
  'человек',
  'живой',
  'жалоба',
  'претензия',
  'роспотребнадзор',
  'безобразие',
  'не понимаю',
  'operator',
  'human',
  'agent',
  'manager',
  'complaint',
  'ridiculous',
  'angry',
];

/** A null threshold switches its rule off. */
export const alertRulesSchema = z.object({
  silenceSeconds: z.number().int().min(3).max(600).nullable(),
  repeatedFallbacks: z.number().int().min(2).max(20).nullable(),
  keywords: z.array(z.string().trim().min(1).max(60)).max(100),
  waitingSeconds: z.number().int().min(5).max(3600).nullable(),
});
export type AlertRules = z.infer<typeof alertRulesSchema>;

export const DEFAULT_ALERT_RULES: AlertRules = {
  silenceSeconds: 20,
  repeatedFallbacks: 3,
  keywords: DEFAULT_ALERT_WORDS,
  waitingSeconds: 60,
};

export interface RaisedAlert {
  rule: AlertRuleKind;
  message: string;
}

/**
 * One call's alert state: fed the call's events in order, answers the alerts they raise. A rule fires once
 * per occurrence (a silence alerts once until the caller speaks again; a stuck step once per run of turns).
 * "Fallback" here is what the caller feels: the flow answered from the same step N caller turns in a row,
 * which is what a no-match re-ask or an agent that does not understand looks like in the trace.
 */
export class CallAlertTracker {
  private lastNode: string | undefined;
  private sameNodeTurns = 0;
  private fallbackAlerted = false;
  private silenceSince: number;
  private silenceAlerted = false;
  private waitingSince: number | undefined;
  private waitingAlerted = false;

  constructor(
    private rules: AlertRules,
    now: number,
  ) {
    this.silenceSince = now;
  }

  /** The project's own rules, once loaded (the call starts on the defaults so its first turns count). */
  setRules(rules: AlertRules): void {
    this.rules = rules;
  }

  callerSpoke(now: number): void {
    this.silenceSince = now;
    this.silenceAlerted = false;
  }

  turn(input: { trigger: string; callerText?: string; nodeId?: string }, now: number): RaisedAlert[] {
    const raised: RaisedAlert[] = [];
    const callerTurn =
      input.trigger === 'utterance' || input.trigger === 'dtmf' || input.trigger === 'silence';
    if (input.trigger !== 'silence' && input.trigger !== 'start') this.callerSpoke(now);
    if (callerTurn && input.nodeId) {
      if (input.nodeId === this.lastNode) this.sameNodeTurns += 1;
      else {
        this.lastNode = input.nodeId;
        this.sameNodeTurns = 1;
        this.fallbackAlerted = false;
      }
      const limit = this.rules.repeatedFallbacks;
      if (limit && this.sameNodeTurns >= limit && !this.fallbackAlerted) {
        this.fallbackAlerted = true;
        raised.push({
          rule: 'repeated_fallback',
          message: `The same step answered ${this.sameNodeTurns} times in a row (${input.nodeId})`,
        });
      }
    }
    const word = input.callerText ? matchedWord(input.callerText, this.rules.keywords) : undefined;
    if (word) raised.push({ rule: 'keywords', message: `The caller said "${word}"` });
    return raised;
  }

  transferStarted(now: number): void {
    this.waitingSince ??= now;
  }

  /** Called on a clock tick: the time-based rules. */
  tick(now: number, listening: boolean): RaisedAlert[] {
    const raised: RaisedAlert[] = [];
    const silence = this.rules.silenceSeconds;
    if (silence && listening && !this.silenceAlerted && now - this.silenceSince >= silence * 1000) {
      this.silenceAlerted = true;
      raised.push({ rule: 'silence', message: `Silence for ${silence} s` });
    }
    const waiting = this.rules.waitingSeconds;
    if (
      waiting &&
      this.waitingSince !== undefined &&
      !this.waitingAlerted &&
      now - this.waitingSince >= waiting * 1000
    ) {
      this.waitingAlerted = true;
      raised.push({ rule: 'waiting', message: `Waiting for an operator for ${waiting} s` });
    }
    return raised;
  }
}

function matchedWord(text: string, words: readonly string[]): string | undefined {
  const lower = text.toLowerCase();
  return words.find((word) => {
    const w = word.toLowerCase();
    // Whole words (Cyrillic included): "agent" must not fire on "agenda".
    return new RegExp(`(^|[^\\p{L}])${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}])`, 'u').test(
      lower,
    );
  });
}
