/** Only same-origin paths: never `//evil.example` or `https://...`. */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = '/app'): string {
  if (typeof to !== 'string' || !to.startsWith('/') || to.startsWith('//') || to.startsWith('/\\'))
    return fallback;
  return to;
}
