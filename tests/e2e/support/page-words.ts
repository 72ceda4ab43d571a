import type { Page } from '@playwright/test';

// What a user reads on a page, and the words in it that are names rather than copy: shared by the checks that
// read whole screens for words that skipped the dictionaries (`russian-everywhere.spec.ts` in Russian,
// `pseudo-locale.spec.ts` in the pseudo locale).

/** Words that are names, not copy: products, protocols, and the seeded demo's own data. */
export const NAMES = new Set([
  // Protocols, formats and units that are written the same in Russian.
  'SIP',
  'SMS',
  'URI',
  'URL',
  'API',
  'JSON',
  'CSV',
  'HTTP',
  'HTTPS',
  'https',
  'LLM',
  'STT',
  'TTS',
  'DTMF',
  'IVR',
  'CRM',
  'ID',
  'UTC',
  'WebRTC',
  'RTP',
  'TLS',
  'STARTTLS',
  'SMTP',
  'SMPP',
  'UDP',
  'TCP',
  'DNS',
  'PCM',
  'WAV',
  'PDF',
  'DOCX',
  'TXT',
  'HTML',
  'Markdown',
  'GSM',
  'GET',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'Schema',
  // Speech engines, shown by their ids on a voice test's lines.
  'pocketsphinx',
  'rhvoice',
  'espeak',
  'p95',
  'Email',
  'email',
  'E',
  'QR',
  'GMT',
  'MSK',
  'localhost',
  'IANA',
  'Ctrl',
  'Shift',
  'Alt',
  'Enter',
  'Escape',
  'Delete',
  'Esc',
  'F8',
  // Product and vendor names.
  'OpenAI',
  'Yandex',
  'SpeechKit',
  'YandexGPT',
  'Azure',
  'Google',
  'Deepgram',
  'ElevenLabs',
  'Bitrix24',
  'amoCRM',
  'Voice',
  'Platform',
  'Mango',
  'Office',
  'Zadarma',
  'Novofon',
  'Twilio',
  'Telegram',
  'WhatsApp',
  'Asterisk',
  'FreeSWITCH',
  'GigaChat',
  'Sber',
  'Vosk',
  'Whisper',
  'Silero',
  'Ollama',
  'Anthropic',
  'Claude',
  'English',
  'Cloud',
  'MTS',
  'Exolve',
  // The seeded demo's addresses and the API keys' prefix (its people have Russian names).
  'demo',
  'local',
  'vpk',
  // The appointment template's transfer queue id (an identifier the builder types, shown in its block).
  'reception',
]);

/** Everything a user reads on the page: visible text nodes and accessible names. */
export async function wordsOnPage(page: Page, scope: string): Promise<{ text: string; where: string }[]> {
  return page.evaluate((scope) => {
    const root = document.querySelector(scope) ?? document.body;
    const out: { text: string; where: string }[] = [];
    const describe = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.getAttribute('data-testid') ? `[${el.getAttribute('data-testid')}]` : ''}`;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      const text = n.textContent?.trim() ?? '';
      if (!el || !text) continue;
      // A textarea's text is its value: what the user typed or a default they may change, not copy.
      if (el.closest('script,style,noscript,code,pre,textarea,[translate="no"]')) continue;
      if (!el.checkVisibility({ checkOpacity: false, checkVisibilityCSS: true })) continue;
      out.push({ text, where: describe(el) });
    }
    for (const el of root.querySelectorAll('[aria-label],[placeholder],[title],img[alt]')) {
      if (el.closest('[translate="no"]')) continue;
      for (const attr of ['aria-label', 'placeholder', 'title', 'alt']) {
        const v = el.getAttribute(attr)?.trim();
        if (v) out.push({ text: v, where: `${describe(el)}@${attr}` });
      }
    }
    return out;
  }, scope);
}

/** Latin words left in a string once addresses, emails, ids and the names above are taken out. */
export function untranslatedWords(text: string, alsoNames: ReadonlySet<string> = new Set()): string[] {
  const stripped = text
    .replace(/\b(?:https?|wss?|sip|tel):\/?\/?\S+/gi, ' ')
    .replace(/\S+@\S+/g, ' ')
    .replace(/\b[0-9a-f]{8}-[0-9a-f-]{27,}\b/gi, ' ')
    .replace(/\{\{[\w.]+\}\}/g, ' ') // a flow's {{variable}} in a prompt
    .replace(/\b[A-Z][a-z]+\/[A-Za-z_]+\b/g, ' ') // an IANA zone such as Europe/Moscow
    .replace(/\bv\d+\b/g, ' ') // a version, v3
    .replace(/\b[\w-]+\.(?:ru|com)\b/g, ' '); // a service named by its domain, SMS.ru
  return (stripped.match(/[A-Za-z][A-Za-z0-9_]*/g) ?? []).filter(
    (w) => w.length > 1 && !NAMES.has(w) && !alsoNames.has(w),
  );
}

/** What on the page (or in the part of it `scope` selects) did not go through the dictionaries, as lines. */
async function untranslatedOn(page: Page, scope: string, alsoNames: ReadonlySet<string>): Promise<string[]> {
  await page.waitForLoadState('networkidle');
  const found = (await wordsOnPage(page, scope))
    .filter((w) => untranslatedWords(w.text, alsoNames).length > 0)
    .map((w) => `${w.where}: "${w.text}"`);
  return [...new Set(found)];
}

/** Collects what did not go through the dictionaries, screen by screen, to fail once at the end with all of it. */
export function checker(page: Page, alsoNames: ReadonlySet<string> = new Set()) {
  const failures: string[] = [];
  return {
    failures,
    check: async (screen: string, scope = 'body') => {
      for (const line of await untranslatedOn(page, scope, alsoNames)) failures.push(`${screen} ${line}`);
    },
  };
}
