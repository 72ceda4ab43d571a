/** Where a queued caller stands: their place in line (1 = next) and the estimated wait. */
export interface QueueStanding {
  position: number;
  waitSeconds: number;
}

/** Russian noun forms after a number: 1 минута, 2 минуты, 5 минут (11–14 take the last). */
function russianMinutes(n: number): string {
  const tens = n % 100;
  const ones = n % 10;
  if (tens >= 11 && tens <= 14) return 'минут';
  if (ones === 1) return 'минута';
  if (ones >= 2 && ones <= 4) return 'минуты';
  return 'минут';
}

/**
 * What is spoken to a waiting caller, in their language (Russian unless the call speaks English): their
 * place in line and the wait rounded up to whole minutes, never "zero minutes".
 */
export function queueAnnouncement(standing: QueueStanding, language: string): string {
  const minutes = Math.max(1, Math.ceil(standing.waitSeconds / 60));
  if (language.toLowerCase().startsWith('en')) {
    const unit = minutes === 1 ? 'minute' : 'minutes';
    return `You are number ${standing.position} in the queue. The estimated wait is about ${minutes} ${unit}. Please stay on the line.`;
  }
  return `Ваш номер в очереди: ${standing.position}. Примерное время ожидания: ${minutes} ${russianMinutes(minutes)}. Пожалуйста, оставайтесь на линии.`;
}

/** Why a caller leaves a queue without a person: nobody answered in time, or the queue is closed now. */
export type QueueExit = 'timeout' | 'closed';

/**
 * What a caller hears when they leave a queue without a person and the queue set no words of its own:
 * a short reason and what happens next (back to the bot, a callback, another line, goodbye).
 */
export function queueExitPhrase(
  why: QueueExit,
  then: 'node' | 'callback' | 'hangup' | 'number' | 'queue',
  language: string,
): string {
  const en = language.toLowerCase().startsWith('en');
  const reason = en
    ? why === 'closed'
      ? 'Our operators are not working right now.'
      : 'Sorry, all our operators are still busy.'
    : why === 'closed'
      ? 'Сейчас операторы не работают.'
      : 'Извините, все операторы по-прежнему заняты.';
  const next = en
    ? {
        node: 'Let me help you myself.',
        callback: 'We have saved your request and will call you back. Goodbye!',
        hangup: 'Please call again later. Goodbye!',
        number: 'I am putting you through to another line.',
        queue: 'I am putting you through to another team.',
      }[then]
    : {
        node: 'Давайте я помогу вам сам.',
        callback: 'Мы записали вашу заявку и перезвоним вам. До свидания!',
        hangup: 'Пожалуйста, позвоните позже. До свидания!',
        number: 'Перевожу вас на другую линию.',
        queue: 'Перевожу вас в другую группу.',
      }[then];
  return `${reason} ${next}`;
}
