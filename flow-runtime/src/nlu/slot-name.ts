// A person's name from an answer to "What is your name?": "My name is Alice" → "Alice", «Меня зовут Анна
// Петровна» → «Анна Петровна», "It's Bob" → "Bob", "Alice" → "Alice". Free text kept the whole sentence.
import type { FindContext, Found } from './found';

// Lead-ins before a name, longest first so "my name is" wins over "i am". Matched on the raw answer
// (case-insensitive), so the name keeps the caller's capitalisation.
const LEAD_INS = [
  'меня зовут',
  'моё имя',
  'мое имя',
  'моя фамилия',
  'это',
  'я',
  'my name is',
  'my name’s',
  "my name's",
  'the name is',
  'name is',
  'this is',
  "it's",
  'it is',
  "i'm",
  'i am',
  'call me',
];
const GREETING =
  /^(?:здравствуйте|добрый\s+(?:день|вечер)|привет|алло|да|ну|hello|hi|hey|yes|well|so)[\s,.!]+/i;
const TAIL = /[\s,.!?]+(?:пожалуйста|спасибо|please|thanks|thank you)?[\s,.!?]*$/i;
// A name is at most three words of letters (with hyphens and apostrophes): "Анна-Мария", "O'Neil".
const NAME = /^[\p{L}][\p{L}'’-]*(?:\s+[\p{L}][\p{L}'’-]*){0,2}$/u;

export function findName(ctx: FindContext, raw: string): Found | null {
  let text = raw.trim().replace(GREETING, '').trim();
  const lower = text.toLowerCase();
  for (const lead of LEAD_INS) {
    if (lower.startsWith(`${lead} `)) {
      text = text.slice(lead.length).trim();
      break;
    }
  }
  text = text.replace(TAIL, '').trim();
  if (!NAME.test(text)) return null;
  const display = text
    .split(/\s+/)
    .map((w) => w.charAt(0).toLocaleUpperCase(ctx.language) + w.slice(1))
    .join(' ');
  return { value: display, display, start: 0, end: ctx.text.length };
}
