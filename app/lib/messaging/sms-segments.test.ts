import { describe, expect, it } from 'vitest';
import { countSms, gsm7Bytes, isGsm7, splitSms } from './sms-segments.ts';

describe('countSms', () => {
  it('counts nothing as no segment', () => {
    expect(countSms('')).toMatchObject({ segments: 0, units: 0, encoding: 'gsm7' });
  });

  it('keeps GSM-7 in one segment up to 160 and concatenates at 153', () => {
    expect(countSms('a'.repeat(160))).toMatchObject({ encoding: 'gsm7', segments: 1, remaining: 0 });
    expect(countSms('a'.repeat(161))).toMatchObject({ segments: 2, perSegment: 153 });
    expect(countSms('a'.repeat(306))).toMatchObject({ segments: 2, remaining: 0 });
    expect(countSms('a'.repeat(307))).toMatchObject({ segments: 3 });
  });

  it('counts the extension table as two septets and never splits an escape pair', () => {
    expect(countSms('€'.repeat(80))).toMatchObject({ encoding: 'gsm7', units: 160, segments: 1 });
    expect(countSms('€'.repeat(81))).toMatchObject({ units: 162, segments: 2 });
    // 152 plain septets then a 2-septet character: it does not fit in the 153rd slot, so it opens segment 2.
    const c = countSms(`${'a'.repeat(152)}€${'a'.repeat(10)}`);
    expect(c.segments).toBe(2);
    expect(c.remaining).toBe(153 - 12);
  });

  it('switches Cyrillic to UCS-2: 70 in one, 67 concatenated', () => {
    expect(countSms('я'.repeat(70))).toMatchObject({ encoding: 'ucs2', segments: 1, remaining: 0 });
    expect(countSms('я'.repeat(71))).toMatchObject({ segments: 2, perSegment: 67 });
    expect(countSms('я'.repeat(134))).toMatchObject({ segments: 2, remaining: 0 });
    expect(countSms('я'.repeat(135))).toMatchObject({ segments: 3 });
  });

  it('turns a whole Latin text into UCS-2 for one Cyrillic letter', () => {
    const c = countSms(`${'a'.repeat(100)}ж`);
    expect(c).toMatchObject({ encoding: 'ucs2', units: 101, segments: 2 });
  });

  it('counts an emoji as a surrogate pair (two units) and keeps the pair in one segment', () => {
    expect(isGsm7('😀')).toBe(false);
    expect(countSms('😀'.repeat(35))).toMatchObject({ characters: 35, units: 70, segments: 1 });
    expect(countSms('😀'.repeat(36))).toMatchObject({ units: 72, segments: 2 });
    // 66 units then an emoji: the pair does not fit in unit 67, so segment 2 starts with it.
    const c = countSms(`${'я'.repeat(66)}😀${'я'.repeat(5)}`);
    expect(c).toMatchObject({ units: 73, segments: 2, remaining: 67 - 7 });
  });
});

describe('splitSms', () => {
  it('cuts where countSms counts: Cyrillic at 67, GSM-7 at 153, pairs kept whole', () => {
    const cyrillic = 'Я'.repeat(200);
    const split = splitSms(cyrillic);
    expect(split).toMatchObject({ encoding: 'ucs2' });
    expect(split.parts.map((p) => p.length)).toEqual([67, 67, 66]);
    expect(split.parts).toHaveLength(countSms(cyrillic).segments);
    expect(splitSms('Я'.repeat(70)).parts).toHaveLength(1);
    expect(splitSms('a'.repeat(307)).parts.map((p) => p.length)).toEqual([153, 153, 1]);
    const escape = splitSms(`${'a'.repeat(152)}€${'b'.repeat(10)}`);
    expect(escape.parts).toEqual(['a'.repeat(152), `€${'b'.repeat(10)}`]);
    const emoji = splitSms(`${'ж'.repeat(66)}😀`);
    expect(emoji.parts).toEqual([`${'ж'.repeat(66)}😀`]);
    const emojiLong = splitSms(`${'ж'.repeat(66)}😀${'ж'.repeat(10)}`);
    expect(emojiLong.parts[0]).toBe('ж'.repeat(66));
    expect(emojiLong.parts.join('')).toBe(`${'ж'.repeat(66)}😀${'ж'.repeat(10)}`);
  });

  it('encodes GSM-7 by the 03.38 table, escaping the extension', () => {
    expect([...gsm7Bytes('@A_Éà')]).toEqual([0x00, 0x41, 0x11, 0x1f, 0x7f]);
    expect([...gsm7Bytes('€[')]).toEqual([0x1b, 0x65, 0x1b, 0x3c]);
  });
});
