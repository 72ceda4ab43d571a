import { describe, expect, it } from 'vitest';
import { createTranslator } from '~/i18n';
import { en } from '~/i18n/en';
import { ru } from '~/i18n/ru';
import { eventTypeLabel, failingReason } from './event-type-label';

describe('event types in words (issue 18 item 8)', () => {
  it('names every known type in both languages and shows an unknown one as itself', () => {
    const tEn = createTranslator('en', en);
    const tRu = createTranslator('ru', ru);
    expect(eventTypeLabel(tEn, 'call.ended')).toBe('Call ended');
    expect(eventTypeLabel(tRu, 'call.ended')).toBe('Звонок завершён');
    expect(eventTypeLabel(tRu, 'crm.synced')).toBe('crm.synced');
  });

  it('reads the worker’s disabled reason into its date and error', () => {
    expect(failingReason('Failing since 2026-12-07T10:00:00.000Z: HTTP 500')).toEqual({
      since: '2026-12-07T10:00:00.000Z',
      error: 'HTTP 500',
    });
    expect(failingReason('disabled by hand')).toBeNull();
  });
});
