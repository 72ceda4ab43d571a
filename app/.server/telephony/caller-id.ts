import type { CallerIdRules } from './sip-connection-input.ts';

/**
 * A number as the carrier wants it in From and the Request-URI: +7…, 7… or 8… (the Russian national
 * prefix, for +7 numbers only). SIP user names pass through unchanged.
 */
export function formatForCarrier(number: string, format: CallerIdRules['format']): string {
  const digits = number.replace(/[^\d]/g, '');
  if (!/^\+?[\d\s()-]+$/.test(number) || digits === '') return number;
  if (format === 'e164') return `+${digits}`;
  if (format === 'national8' && digits.startsWith('7') && digits.length === 11) return `8${digits.slice(1)}`;
  return digits;
}
