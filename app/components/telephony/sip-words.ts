import type { useT } from '~/i18n';

type T = ReturnType<typeof useT>;

/**
 * A SIP failure in plain words, as the connection check explains it ("408 Request Timeout" → the carrier
 * did not answer: check the host and port). `reason` is the carrier's phrase or our own cause text.
 */
export function sipFailureWords(t: T, code: number | null, reason = ''): string {
  if (code === null) {
    if (/dns|resolve|lookup|ENOTFOUND|EAI_AGAIN|not found/i.test(reason)) return t('newUser.phone.sip.dns');
    if (/private|policy|refused|allow/i.test(reason)) return t('newUser.phone.sip.policy');
    return reason ? t('newUser.phone.sip.custom', { reason }) : t('newUser.phone.sip.unknown');
  }
  if (code === 408 || code === 480) return t('newUser.phone.sip.timeout');
  if (code === 401 || code === 403 || code === 407) return t('newUser.phone.sip.credentials');
  if (code === 404 || code === 484 || code === 604) return t('newUser.phone.sip.notFound');
  if (code === 486 || code === 600) return t('newUser.phone.sip.busy');
  if (code === 487) return t('newUser.phone.sip.cancelled');
  if (code === 488 || code === 415) return t('newUser.phone.sip.codecs');
  if (code === 503 || code === 502 || code === 500) return t('newUser.phone.sip.overloaded');
  if (code === 603) return t('newUser.phone.sip.declined');
  return t('newUser.phone.sip.code', { code });
}
