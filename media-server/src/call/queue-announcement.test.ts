import { describe, expect, it } from 'vitest';
import { queueAnnouncement } from './queue-announcement.ts';

describe('queueAnnouncement', () => {
  it('speaks English with the wait rounded up to whole minutes, never zero', () => {
    expect(queueAnnouncement({ position: 1, waitSeconds: 10 }, 'en-US')).toBe(
      'You are number 1 in the queue. The estimated wait is about 1 minute. Please stay on the line.',
    );
    expect(queueAnnouncement({ position: 3, waitSeconds: 121 }, 'en')).toContain('about 3 minutes');
  });

  it('speaks Russian with the noun agreeing with the number', () => {
    const minutes = (m: number) => queueAnnouncement({ position: 2, waitSeconds: m * 60 }, 'ru-RU');
    expect(minutes(1)).toContain('ожидания: 1 минута.');
    expect(minutes(3)).toContain('ожидания: 3 минуты.');
    expect(minutes(5)).toContain('ожидания: 5 минут.');
    expect(minutes(11)).toContain('ожидания: 11 минут.');
    expect(minutes(21)).toContain('ожидания: 21 минута.');
    expect(minutes(1)).toMatch(/^Ваш номер в очереди: 2\./);
  });
});
