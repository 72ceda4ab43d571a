import { describe, expect, it } from 'vitest';
import { evaluateExpression } from './evaluate-expression';

const scope = { age: 21, city: 'Москва', digits: '42', order: { items: [1, 2], total: 150 }, empty: '' };
const value = (source: string) => {
  const result = evaluateExpression(source, scope);
  if (!result.ok) throw new Error(result.error);
  return result.value;
};

describe('evaluateExpression', () => {
  it('compares, combines and respects precedence', () => {
    expect(value('age >= 18 && city == "москва"')).toBe(true);
    expect(value('1 + 2 * 3')).toBe(7);
    expect(value('(1 + 2) * 3')).toBe(9);
    expect(value('not (age < 18) and order.total > 100')).toBe(true);
    expect(value('-age + 1')).toBe(-20);
    expect(value('age % 2 == 1 || false')).toBe(true);
  });

  it('compares numeric text as numbers (DTMF digits, tool JSON)', () => {
    expect(value('digits == 42')).toBe(true);
    expect(value('digits > 5')).toBe(true);
  });

  it('has a small fixed set of functions', () => {
    expect(value('len(order.items)')).toBe(2);
    expect(value('contains(city, "моск")')).toBe(true);
    expect(value('empty(empty)')).toBe(true);
    expect(evaluateExpression('exec("x")', scope)).toMatchObject({ ok: false });
  });

  it('is safe: no prototype walks, unknown names are null', () => {
    expect(value('order.constructor')).toBeNull();
    expect(value('missing.deep.path')).toBeNull();
    expect(value('age / 0')).toBeNull();
  });

  it('reports syntax errors instead of throwing', () => {
    for (const broken of ['age >=', '(1', '"open', 'a $ b', '1 2']) {
      expect(evaluateExpression(broken, scope).ok, broken).toBe(false);
    }
  });

  it('refuses expressions nested or chained beyond its limits, never overflowing the stack', () => {
    const deep = (n: number) => `${'('.repeat(n)}1${')'.repeat(n)} == 1`;
    expect(evaluateExpression(deep(40), scope)).toEqual({ ok: true, value: true });
    for (const huge of [deep(500), `${'!'.repeat(500)}true`, `${'len('.repeat(300)}1${')'.repeat(300)}`]) {
      const result = evaluateExpression(huge, scope);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toMatch(/nested more than 64 levels/);
    }
    const chain = Array.from({ length: 5_000 }, () => '1').join(' + ');
    const result = evaluateExpression(chain, scope);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/longer than 2000/);
    // A long but reasonable condition still reads.
    const alternatives = Array.from({ length: 100 }, (_, i) => `age == ${i}`).join(' || ');
    expect(evaluateExpression(alternatives, scope).ok).toBe(true);
  });
});
