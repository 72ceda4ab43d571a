import { Lexer, type Token, type Tokens } from 'marked';
import type { DocumentBlock } from '../blocks';
import { cleanInline } from './decode-text';

/** Markdown through marked's lexer (CommonMark + GFM tables), flattened to blocks with inline markup dropped. */
export function extractMarkdown(markdown: string): DocumentBlock[] {
  const blocks: DocumentBlock[] = [];
  walk(new Lexer({ gfm: true }).lex(stripFrontMatter(markdown)), blocks, 0);
  return blocks;
}

function stripFrontMatter(text: string): string {
  return text.replace(/^---\r?\n[\s\S]*?\r?\n---\r?\n/, '');
}

function walk(tokens: Token[], out: DocumentBlock[], listDepth: number): void {
  for (const token of tokens) {
    switch (token.type) {
      case 'heading': {
        const t = token as Tokens.Heading;
        push(out, { kind: 'heading', level: t.depth, text: cleanInline(inline(t.tokens)) });
        break;
      }
      case 'paragraph': {
        const t = token as Tokens.Paragraph;
        push(out, { kind: 'paragraph', text: cleanInline(inline(t.tokens).replace(/\n/g, ' ')) });
        break;
      }
      case 'text': {
        // Loose text at block level (inside list items and blockquotes).
        const t = token as Tokens.Text;
        push(out, {
          kind: 'paragraph',
          text: cleanInline((t.tokens ? inline(t.tokens) : t.text).replace(/\n/g, ' ')),
        });
        break;
      }
      case 'list': {
        const t = token as Tokens.List;
        for (const item of t.items) {
          const own = item.tokens.filter((c) => c.type !== 'list');
          const text = cleanInline(own.map((c) => blockText(c)).join(' '));
          if (text) out.push({ kind: 'list_item', text, depth: listDepth, ordered: t.ordered });
          walk(
            item.tokens.filter((c) => c.type === 'list'),
            out,
            listDepth + 1,
          );
        }
        break;
      }
      case 'table': {
        const t = token as Tokens.Table;
        out.push({
          kind: 'table',
          header: t.header.map((c) => cleanInline(inline(c.tokens))),
          rows: t.rows.map((row) => row.map((c) => cleanInline(inline(c.tokens)))),
        });
        break;
      }
      case 'blockquote':
        walk((token as Tokens.Blockquote).tokens, out, listDepth);
        break;
      case 'code':
        push(out, { kind: 'paragraph', text: (token as Tokens.Code).text.trim() });
        break;
      case 'html':
        push(out, {
          kind: 'paragraph',
          text: cleanInline((token as Tokens.HTML).text.replace(/<[^>]*>/g, ' ')),
        });
        break;
      default:
        // hr, space, def: no text.
        break;
    }
  }
}

function push(out: DocumentBlock[], block: DocumentBlock): void {
  if ('text' in block && block.text === '') return;
  out.push(block);
}

function blockText(token: Token): string {
  if ('tokens' in token && Array.isArray(token.tokens)) return inline(token.tokens as Token[]);
  return 'text' in token && typeof token.text === 'string' ? token.text : '';
}

function inline(tokens: Token[]): string {
  return tokens
    .map((token) => {
      switch (token.type) {
        case 'br':
          return ' ';
        case 'image':
          return (token as Tokens.Image).text;
        case 'html':
          return '';
        case 'codespan':
          return (token as Tokens.Codespan).text;
        default:
          if ('tokens' in token && Array.isArray(token.tokens) && token.tokens.length > 0)
            return inline(token.tokens as Token[]);
          return 'text' in token && typeof token.text === 'string' ? decodeEntities(token.text) : '';
      }
    })
    .join('');
}

/** marked escapes &, <, >, quotes in text tokens for HTML output; we want the characters back. */
function decodeEntities(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}
