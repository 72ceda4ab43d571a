// Which variables a text or an expression refers to. Placeholders follow the runtime's renderTemplate
// (`{{name}}`, `{{order.id}}`); `{{slots.date}}` reads the spoken form of the slot saved in `date`, so it
// counts as a use of `date`. Expressions are parsed with the runtime's own parser.
import { parseExpression, type ExpressionNode } from '../expression/parse-expression';

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)\s*\}\}/g;

/** The variable a dotted reference belongs to: `order.id` → `order`, `slots.date` → `date`. */
export function variableOfPath(path: string): string {
  const [head, next] = path.split('.');
  if (head === 'slots' && next) return next;
  return head ?? path;
}

export function placeholdersIn(text: string): string[] {
  if (!text.includes('{{')) return [];
  return [...text.matchAll(PLACEHOLDER)].map((match) => variableOfPath(match[1] ?? ''));
}

function collect(node: ExpressionNode, out: string[]): void {
  switch (node.kind) {
    case 'variable':
      out.push(variableOfPath(node.path));
      return;
    case 'unary':
      collect(node.operand, out);
      return;
    case 'binary':
      collect(node.left, out);
      collect(node.right, out);
      return;
    case 'call':
      for (const arg of node.args) collect(arg, out);
      return;
    default:
      return;
  }
}

/** Variables an expression reads; none when it does not parse (validation reports that). */
export function variablesInExpression(source: string): string[] {
  try {
    const out: string[] = [];
    collect(parseExpression(source), out);
    return out;
  } catch {
    return [];
  }
}

/** Every string inside a value, with its dotted path (arrays by index, matching validation fields). */
export function stringsIn(value: unknown, path = ''): { path: string; text: string }[] {
  if (typeof value === 'string') return [{ path, text: value }];
  if (Array.isArray(value))
    return value.flatMap((item, i) => stringsIn(item, path ? `${path}.${i}` : String(i)));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([key, item]) => stringsIn(item, path ? `${path}.${key}` : key));
  return [];
}
