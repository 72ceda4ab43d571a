/**
 * Tokens of the Router / Set-variable expression language: a tiny, eval-free language over flow variables,
 * e.g. `age >= 18 && city == "Москва"` or `len(order.items) > 0`.
 */
export type Token =
  | { kind: 'number'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'name'; value: string }
  | { kind: 'op'; value: string }
  | { kind: 'end' };

const operators = ['==', '!=', '<=', '>=', '&&', '||', '<', '>', '!', '+', '-', '*', '/', '%', '(', ')', ','];
const wordOperators: Record<string, string> = { and: '&&', or: '||', not: '!' };

export class ExpressionSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
  }
}

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < source.length) {
    const char = source[index] as string;
    if (/\s/.test(char)) {
      index++;
      continue;
    }
    if (/[0-9]/.test(char)) {
      const match = /^[0-9]+(?:\.[0-9]+)?/.exec(source.slice(index));
      const text = match?.[0] ?? char;
      tokens.push({ kind: 'number', value: Number(text) });
      index += text.length;
      continue;
    }
    if (char === '"' || char === "'") {
      let value = '';
      let cursor = index + 1;
      while (cursor < source.length && source[cursor] !== char) {
        if (source[cursor] === '\\' && cursor + 1 < source.length) cursor++;
        value += source[cursor];
        cursor++;
      }
      if (cursor >= source.length) throw new ExpressionSyntaxError('unclosed quote', index);
      tokens.push({ kind: 'string', value });
      index = cursor + 1;
      continue;
    }
    const name = /^[\p{L}_][\p{L}\p{N}_]*(?:\.[\p{L}\p{N}_]+)*/u.exec(source.slice(index));
    if (name) {
      const word = name[0];
      const op = wordOperators[word.toLowerCase()];
      tokens.push(op ? { kind: 'op', value: op } : { kind: 'name', value: word });
      index += word.length;
      continue;
    }
    const op = operators.find((candidate) => source.startsWith(candidate, index));
    if (!op) throw new ExpressionSyntaxError(`unexpected "${char}"`, index);
    tokens.push({ kind: 'op', value: op });
    index += op.length;
  }
  tokens.push({ kind: 'end' });
  return tokens;
}
