/** XML text escaping for SSML: user and LLM text must not be able to inject tags or break the document. */
export function escapeXml(text: string): string {
  return (
    text
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
      // Control characters are not allowed in XML 1.0 at all.
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '')
  );
}

export function buildSsml(text: string, language: string, voice: string, speed?: number): string {
  const lang = escapeXml(language);
  const body =
    speed && speed !== 1
      ? `<prosody rate="${Math.round(speed * 100)}%">${escapeXml(text)}</prosody>`
      : escapeXml(text);
  return (
    `<speak version="1.0" xmlns="http://www.w3.org/2001/10/synthesis" xml:lang="${lang}">` +
    `<voice xml:lang="${lang}" name="${escapeXml(voice)}">${body}</voice></speak>`
  );
}
