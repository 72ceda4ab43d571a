import { z } from 'zod';

/**
 * Text that ends up in SIP messages (usernames, caller IDs, numbers, proxies). A CR or LF there would end
 * the header and start another, or another protocol's command when the peer is not a SIP server (issue 14),
 * so control characters (tab, CR, LF, NUL, DEL, C1) are refused with a field error, before any trimming:
 * a trailing line break is refused too, never quietly trimmed into a valid value. The serializer refuses
 * them as well; this check is what gives the user a clear 400.
 */
const CONTROL_CHARACTERS = /\p{Cc}/u;

export const NO_CONTROL_CHARACTERS = 'No line breaks, tabs or other control characters';

export const hasNoControlCharacters = (value: string) => !CONTROL_CHARACTERS.test(value);

/** A string refused when it holds a control character; chain .trim() and the rest after it. */
export const sipText = () => z.string().refine(hasNoControlCharacters, NO_CONTROL_CHARACTERS);
