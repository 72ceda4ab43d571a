import { describe, expect, it } from 'vitest';
import { type IntentDef, matchIntent, scoreIntents } from './index';

const ruIntents: IntentDef[] = [
  { name: 'operator', examples: ['соедините с оператором', 'хочу поговорить с человеком', 'живой человек'] },
  { name: 'order_status', examples: ['где мой заказ', 'статус заказа', 'когда привезут заказ'] },
  { name: 'cancel_order', examples: ['отменить заказ', 'хочу отменить заказ', 'отмена заказа'] },
  { name: 'book', examples: ['записаться на приём', 'хочу записаться к врачу', 'запишите меня'] },
  { name: 'price', examples: ['сколько стоит', 'какая цена', 'стоимость услуги'] },
  { name: 'hours', examples: ['часы работы', 'до скольки вы работаете', 'когда вы открыты'] },
  { name: 'address', examples: ['какой у вас адрес', 'где вы находитесь', 'как до вас добраться'] },
];
const enIntents: IntentDef[] = [
  { name: 'operator', examples: ['talk to an operator', 'speak to a human', 'real person please'] },
  { name: 'order_status', examples: ['where is my order', 'order status', 'track my package'] },
  { name: 'cancel_order', examples: ['cancel my order', 'I want to cancel the order'] },
  { name: 'book', examples: ['book an appointment', 'schedule a visit', 'make a reservation'] },
  { name: 'price', examples: ['how much does it cost', 'what is the price'] },
  { name: 'hours', examples: ['opening hours', 'when are you open'] },
];

describe('matchIntent (ru)', () => {
  it.each([
    ['соедините с оператором', 'operator'],
    ['оператора позовите', 'operator'],
    ['позовите оператора пожалуйста', 'operator'],
    ['можно с живым человеком поговорить', 'operator'],
    ['соедените с аператором', 'operator'],
    ['где мой заказ?', 'order_status'],
    ['какой статус у моего заказа', 'order_status'],
    ['заказ мой где', 'order_status'],
    ['я хочу отменить свой заказ', 'cancel_order'],
    ['отмените заказ', 'cancel_order'],
    ['хочу записаться на приём к врачу', 'book'],
    ['запишите меня пожалуйста', 'book'],
    ['записатся на прием', 'book'],
    ['сколько это стоит', 'price'],
    ['а какая цена', 'price'],
    ['до скольки работаете', 'hours'],
    ['часы работы подскажите', 'hours'],
    ['где вы находитесь?', 'address'],
    ['Скажите ваш адрес', 'address'],
  ])('%s -> %s', (t, name) => expect(matchIntent(t, ruIntents, 'ru')?.name).toBe(name));

  it.each([
    'какая сегодня погода',
    'бла бла бла',
    '',
    'да',
    'спасибо, до свидания',
    'у меня сломалась стиральная машина',
  ])('no intent for %j', (t) => expect(matchIntent(t, ruIntents, 'ru')).toBeNull());
});

describe('matchIntent (en)', () => {
  it.each([
    ['talk to an operator', 'operator'],
    ['can I speak to a real person', 'operator'],
    ['operator please', 'operator'],
    ['where is my order?', 'order_status'],
    ['track my package please', 'order_status'],
    ['whats the status of my order', 'order_status'],
    ['cancel the order', 'cancel_order'],
    ['please cancell my order', 'cancel_order'],
    ['I would like to book an appointment', 'book'],
    ['schedule an apointment', 'book'],
    ['how much is it', 'price'],
    ['what are your opening hours', 'hours'],
  ])('%s -> %s', (t, name) => expect(matchIntent(t, enIntents, 'en')?.name).toBe(name));

  it.each(['what is the weather like', 'banana', '', 'yes', 'thank you goodbye'])('no intent for %j', (t) =>
    expect(matchIntent(t, enIntents, 'en')).toBeNull(),
  );
});

describe('scoring', () => {
  it('scores are within 0..1 and an exact example scores 1', () => {
    const all = scoreIntents('отменить заказ', ruIntents);
    expect(all[0]).toEqual({ name: 'cancel_order', score: 1 });
    for (const m of all) {
      expect(m.score).toBeGreaterThanOrEqual(0);
      expect(m.score).toBeLessThanOrEqual(1);
    }
  });

  it('handles empty intent lists and examples', () => {
    expect(matchIntent('привет', [], 'ru')).toBeNull();
    expect(
      matchIntent(
        'привет',
        [
          { name: 'x', examples: [] },
          { name: 'y', examples: ['', '!!!'] },
        ],
        'ru',
      ),
    ).toBeNull();
  });

  it('re-indexes a different intents array', () => {
    const a: IntentDef[] = [{ name: 'a', examples: ['красный'] }];
    const b: IntentDef[] = [{ name: 'b', examples: ['красный'] }];
    expect(matchIntent('красный', a, 'ru')?.name).toBe('a');
    expect(matchIntent('красный', b, 'ru')?.name).toBe('b');
  });
});
