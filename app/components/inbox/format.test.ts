import { describe, expect, it } from 'vitest';
import { callTitle } from './format';

// Issue 18 item 7: a call's title named only `from`, so an outbound call showed our own number and never whom
// it called. Titles are caller → callee in both directions.
const labels = { test: 'Test console', unknown: 'Unknown caller', browser: 'Browser' };

describe('callTitle', () => {
  it('names the caller and the callee of inbound and outbound calls', () => {
    expect(callTitle({ direction: 'inbound', from: '+79001234567', to: 'demo' }, labels)).toBe(
      '+79001234567 → demo',
    );
    expect(callTitle({ direction: 'outbound', from: '+74950000000', to: '+79001234567' }, labels)).toBe(
      '+74950000000 → +79001234567',
    );
  });

  it('names a browser caller and hides a test console’s parties', () => {
    expect(callTitle({ direction: 'browser', from: 'browser', to: 'demo' }, labels)).toBe('Browser → demo');
    expect(callTitle({ direction: 'test', from: 'studio:x', to: '' }, labels)).toBe('Test console');
    expect(callTitle({ direction: 'inbound', from: '', to: '' }, labels)).toBe('Unknown caller');
  });
});
