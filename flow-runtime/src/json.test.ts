import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, nestsDeeperThan, toJsonValue } from './json';

const nested = (levels: number): unknown => {
  let value: unknown = 'core';
  for (let i = 0; i < levels; i++) value = i % 2 ? [value] : { inner: value };
  return value;
};

describe('JSON the runtime keeps', () => {
  it('keeps values as they are up to the depth limit', () => {
    expect(toJsonValue({ a: [1, 'x', true, null, { b: undefined, c: () => 1 }] })).toEqual({
      a: [1, 'x', true, null, {}],
    });
    expect(toJsonValue(nested(MAX_JSON_DEPTH))).toEqual(nested(MAX_JSON_DEPTH));
  });

  it('cuts a tool answer nested 100,000 levels deep instead of overflowing the stack', () => {
    const value = toJsonValue(nested(100_000));
    expect(nestsDeeperThan(value, MAX_JSON_DEPTH)).toBe(false);
    expect(JSON.stringify(value).length).toBeLessThan(2_000);
  });

  it('measures depth without recursion', () => {
    expect(nestsDeeperThan(nested(100_000), 64)).toBe(true);
    expect(nestsDeeperThan(nested(64), 64)).toBe(false);
    expect(nestsDeeperThan(nested(65), 64)).toBe(true);
    expect(nestsDeeperThan('flat', 0)).toBe(false);
  });
});
