// Script-ratio language guess. Russian wins ties and empty input: it is the platform's first language.

export function detectLanguage(text: string): 'ru' | 'en' {
  let cyr = 0;
  let lat = 0;
  for (const ch of text) {
    if (/[\u0400-\u04FF]/.test(ch)) cyr++;
    else if (/[A-Za-z]/.test(ch)) lat++;
  }
  return lat > cyr ? 'en' : 'ru';
}

/** Per-word script, used to pick a stemmer for mixed-language utterances. */
export function isCyrillicWord(word: string): boolean {
  return /[\u0400-\u04FF]/.test(word);
}
