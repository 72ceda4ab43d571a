import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// Issue 18 item 8, the static half: no component writes copy past the dictionaries. Every JSX text and every
// user-facing attribute (aria-label, placeholder, title, alt, label) in app/ is read; one with words in it must
// come from `t()`. The browser half (tests/e2e/russian-everywhere.spec.ts) catches what only runs: raw enum
// values, English dates, copy built in plain TypeScript.

const root = resolve(import.meta.dirname, '..');
const ATTRIBUTES = new Set(['aria-label', 'placeholder', 'title', 'alt', 'label', 'aria-description']);

/** Literals that are not copy, each with its reason. */
const ALLOWED: { file: string; text: string; why: string }[] = [
  { file: 'components/inbox/call-card.tsx', text: '· HTTP', why: 'a protocol name before a status code' },
  { file: 'routes/p.$projectId.api-keys.tsx', text: 'vpk_', why: 'the literal prefix of every API key' },
  { file: 'components/studio/voice-panel.tsx', text: 'Русский (ru-RU)', why: 'a language named in itself' },
  { file: 'components/studio/voice-panel.tsx', text: 'English (en-US)', why: 'a language named in itself' },
];

/** Example values in placeholders: an address or an identifier the user types as it is, in any language. */
const EXAMPLE = /^(https?:\/\/\S*|[\w.+-]+@[\w.-]+|[a-z][a-z0-9_]*)$/;

const components = 'components';
const routes = 'routes';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(e.name) && !e.name.includes('.test.') ? [path] : [];
  });
}

function tsxFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return tsxFiles(path);
    return e.name.endsWith('.tsx') && !e.name.includes('.test.') ? [path] : [];
  });
}

function literalCopy(path: string): { text: string; at: string }[] {
  const file = relative(root, path);
  const source = ts.createSourceFile(
    path,
    readFileSync(path, 'utf8'),
    ts.ScriptTarget.Latest,
    true,
    ts.ScriptKind.TSX,
  );
  const found: { text: string; at: string }[] = [];
  const at = (node: ts.Node) => `${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && /\p{L}{2,}/u.test(node.text))
      found.push({ text: node.text.trim(), at: at(node) });
    if (ts.isJsxAttribute(node) && ATTRIBUTES.has(node.name.getText()) && node.initializer) {
      const init = node.initializer;
      const literal = ts.isStringLiteral(init)
        ? init
        : ts.isJsxExpression(init) && init.expression && ts.isStringLiteralLike(init.expression)
          ? init.expression
          : undefined;
      const isExample = node.name.getText() === 'placeholder' && EXAMPLE.test(literal?.text ?? '');
      if (literal && /\p{L}{2,}/u.test(literal.text) && !isExample)
        found.push({ text: literal.text, at: at(node) });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found.filter((f) => !ALLOWED.some((a) => f.at.startsWith(`${a.file}:`) && a.text === f.text));
}

describe('copy in components', () => {
  it('comes from the dictionaries, not from literals in JSX', () => {
    const files = [
      ...tsxFiles(join(root, 'components')),
      ...tsxFiles(join(root, 'routes')),
      join(root, 'root.tsx'),
    ];
    expect(files.length).toBeGreaterThan(50);
    expect(files.flatMap(literalCopy).map((f) => `${f.at}: ${JSON.stringify(f.text)}`)).toEqual([]);
  });

  it('formats every date and number in the page’s locale, not the machine’s', () => {
    // `toLocaleString()` with no locale is the server's language during rendering and the browser's after it.
    const files = [components, routes].flatMap((dir) => sourceFiles(join(root, dir)));
    const unlocalised = files.flatMap((path) =>
      readFileSync(path, 'utf8')
        .split('\n')
        .flatMap((line, i) =>
          /\.toLocale(?:Date|Time)?String\(\s*\)|new Intl\.\w+\(\s*(?:undefined\s*)?[,)]/.test(line)
            ? [`${relative(root, path)}:${i + 1}: ${line.trim()}`]
            : [],
        ),
    );
    expect(unlocalised).toEqual([]);
  });

  it('catches a literal word and lets an example address pass', () => {
    const probe = (code: string) => {
      const source = ts.createSourceFile('x.tsx', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
      let words = 0;
      const visit = (node: ts.Node) => {
        if (ts.isJsxText(node) && /\p{L}{2,}/u.test(node.text)) words++;
        ts.forEachChild(node, visit);
      };
      visit(source);
      return words;
    };
    expect(probe('const a = <th>Field</th>;')).toBe(1);
    expect(probe("const a = <th>{t('studio.diff.field')}</th>;")).toBe(0);
    expect(EXAMPLE.test('https://example.com/faq')).toBe(true);
    expect(EXAMPLE.test('Listening')).toBe(false);
  });
});
