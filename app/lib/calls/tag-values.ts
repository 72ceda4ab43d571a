// What a call tag may be, shared by the server (validation) and the Inbox (the tag input says why before it sends).
export const MAX_TAGS_PER_CALL = 20;
export const MAX_TAG_LENGTH = 40;

/**
 * The form a tag is stored in: trimmed, inner spaces collapsed, lower case, so "VIP " and "vip" are one tag.
 * Commas are refused rather than split: the list filter takes tags as a comma-separated list.
 */
export function normalizeTag(raw: string): string {
  return raw.trim().replace(/\s+/g, ' ').toLocaleLowerCase();
}

/** Why a (normalized) tag cannot be used, or null when it can. */
export function tagProblem(tag: string): 'empty' | 'too_long' | 'comma' | null {
  if (tag.length === 0) return 'empty';
  if (tag.length > MAX_TAG_LENGTH) return 'too_long';
  if (tag.includes(',')) return 'comma';
  return null;
}
