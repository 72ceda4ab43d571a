/**
 * Writes a small text PDF by hand so tests need no PDF library and no font file. Text is shown through a
 * Type0 font with Identity-H encoding (two-byte codes equal to the UTF-16 code units) and a ToUnicode CMap
 * that maps codes back to Unicode, which is all a text extractor reads: glyphs are never rendered.
 */
export interface PdfLine {
  text: string;
  size?: number;
  /** Blank points before this line, for paragraph breaks. */
  gapBefore?: number;
}

function hex16(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i += 1) out += text.charCodeAt(i).toString(16).padStart(4, '0');
  return out.toUpperCase();
}

// bfrange entries may vary only in the last byte, hence one range per high byte we use.
const UNICODE_ROWS = [0x00, 0x04, 0x20, 0x21];

function toUnicodeCmap(): string {
  const ranges = UNICODE_ROWS.map((row) => {
    const h = row.toString(16).padStart(2, '0').toUpperCase();
    return `<${h}00> <${h}FF> <${h}00>`;
  });
  return [
    '/CIDInit /ProcSet findresource begin',
    '12 dict begin',
    'begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def',
    '/CMapType 2 def',
    '1 begincodespacerange',
    '<0000> <FFFF>',
    'endcodespacerange',
    `${ranges.length} beginbfrange`,
    ...ranges,
    'endbfrange',
    'endcmap',
    'CMapName currentdict /CMap defineresource pop',
    'end',
    'end',
  ].join('\n');
}

function stream(content: string): string {
  return `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`;
}

/** One page per entry of `pages`; each line is drawn top-down at its size. */
export function buildPdf(pages: PdfLine[][], title?: string): Uint8Array {
  const objects: string[] = [];
  const add = (body: string) => objects.push(body);
  // 1 catalog, 2 pages, 3 font, 4 descendant, 5 descriptor, 6 cmap, 7 info, then page/content pairs.
  const pageIds = pages.map((_, i) => 8 + i * 2);
  add('<< /Type /Catalog /Pages 2 0 R >>');
  add(`<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`);
  add(
    '<< /Type /Font /Subtype /Type0 /BaseFont /KbSans /Encoding /Identity-H /DescendantFonts [4 0 R] /ToUnicode 6 0 R >>',
  );
  add(
    '<< /Type /Font /Subtype /CIDFontType2 /BaseFont /KbSans /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 500 /FontDescriptor 5 0 R >>',
  );
  add(
    '<< /Type /FontDescriptor /FontName /KbSans /Flags 32 /FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 >>',
  );
  add(stream(toUnicodeCmap()));
  add(title ? `<< /Title <FEFF${hex16(title)}> >>` : '<< >>');
  for (const [i, lines] of pages.entries()) {
    let y = 760;
    const ops = lines.map((line) => {
      const size = line.size ?? 11;
      y -= (line.gapBefore ?? 0) + size * 1.4;
      return `BT /F1 ${size} Tf 56 ${y.toFixed(1)} Td <${hex16(line.text)}> Tj ET`;
    });
    add(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents ${pageIds[i]! + 1} 0 R >>`,
    );
    add(stream(ops.join('\n')));
  }
  let out = '%PDF-1.7\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  out += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 7 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, 'latin1'));
}
