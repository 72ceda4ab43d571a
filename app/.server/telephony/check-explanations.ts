/** Plain-language explanations of connection check outcomes, in both UI languages. */
export interface Explanation {
  en: string;
  ru: string;
}

const e = (en: string, ru: string): Explanation => ({ en, ru });

export const EXPLAIN = {
  dnsOk: e('The host name resolves.', 'Имя сервера найдено в DNS.'),
  dnsLiteral: e('An IP address: nothing to look up.', 'Указан IP-адрес: искать в DNS нечего.'),
  dnsFailed: e(
    'The host name does not resolve. Check for a typo, or ask the provider for the exact SIP server address.',
    'Имя сервера не находится в DNS. Проверьте написание или уточните адрес SIP-сервера у оператора.',
  ),
  dnsPrivate: e(
    'The host is on a private or local network. The platform only checks such hosts when the administrator allows them (TELEPHONY_ALLOW_HOSTS).',
    'Сервер находится в частной или локальной сети. Платформа проверяет такие адреса, только если администратор разрешил их (TELEPHONY_ALLOW_HOSTS).',
  ),
  reachable: e('The SIP server answers.', 'SIP-сервер отвечает.'),
  unreachable: e(
    'No answer from the SIP server (408). Check host, port and transport (UDP/TCP), and that a firewall lets SIP through.',
    'SIP-сервер не отвечает (408). Проверьте адрес, порт и транспорт (UDP/TCP) и что межсетевой экран пропускает SIP.',
  ),
  overloaded: e(
    'The server is overloaded or in maintenance (503). Try again in a few minutes; if it persists, contact the provider.',
    'Сервер перегружен или на обслуживании (503). Повторите через несколько минут; если не пройдёт — обратитесь к оператору.',
  ),
  answeredOther: (code: number) =>
    e(
      `The server answered ${code}: it is reachable, though it does not answer OPTIONS with 200.`,
      `Сервер ответил ${code}: он доступен, хотя на OPTIONS отвечает не 200.`,
    ),
  registered: e('The credentials are accepted.', 'Логин и пароль приняты.'),
  wrongCredentials: (code: number) =>
    e(
      `Wrong username or password (${code}). Copy them again from the provider’s account; the SIP login is often a number, not the account e-mail.`,
      `Неверный логин или пароль (${code}). Скопируйте их заново из личного кабинета оператора; SIP-логин часто номер, а не e-mail.`,
    ),
  registerNotFound: e(
    'The server does not know this account (404). Check the username and the SIP domain.',
    'Сервер не знает такую учётную запись (404). Проверьте логин и SIP-домен.',
  ),
  registerFailed: (code: number) =>
    e(`Registration was refused with ${code}.`, `Регистрация отклонена с кодом ${code}.`),
  ipAuth: e(
    'IP authentication: the provider trusts this server’s address, no registration needed. Make sure the provider has whitelisted it.',
    'Аутентификация по IP: оператор доверяет адресу сервера, регистрация не нужна. Убедитесь, что оператор внёс адрес в список разрешённых.',
  ),
  skipped: e('Skipped: an earlier step failed.', 'Пропущено: не прошёл предыдущий шаг.'),
};

/** What a SIP answer to OPTIONS or REGISTER means for the person checking. */
export function explainSipAnswer(step: 'options' | 'register', code: number, timedOut: boolean): Explanation {
  if (timedOut || code === 408) return EXPLAIN.unreachable;
  if (code === 503) return EXPLAIN.overloaded;
  if (step === 'options') return code >= 200 && code < 300 ? EXPLAIN.reachable : EXPLAIN.answeredOther(code);
  if (code >= 200 && code < 300) return EXPLAIN.registered;
  if (code === 401 || code === 403 || code === 407) return EXPLAIN.wrongCredentials(code);
  if (code === 404) return EXPLAIN.registerNotFound;
  return EXPLAIN.registerFailed(code);
}
