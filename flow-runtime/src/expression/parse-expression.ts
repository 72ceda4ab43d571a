import { ExpressionSyntaxError, tokenize, type Token } from './tokenize';

export type ExpressionNode =
  | { kind: 'literal'; value: string | number | boolean | null }
  | { kind: 'variable'; path: string }
  | { kind: 'unary'; op: '!' | '-'; operand: ExpressionNode }
  | { kind: 'binary'; op: string; left: ExpressionNode; right: ExpressionNode }
  | { kind: 'call'; name: string; args: ExpressionNode[] };

/** Binding power of binary operators: a Pratt parser keeps precedence in one table. */
const precedence: Record<string, number> = {
  '||': 1,
  '&&': 2,
  '==': 3,
  '!=': 3,
  '<': 4,
  '<=': 4,
  '>': 4,
  '>=': 4,
  '+': 5,
  '-': 5,
  '*': 6,
  '/': 6,
  '%': 6,
};

const literals: Record<string, boolean | null> = { true: true, false: false, null: null };

/**
 * Limits that keep every walk over a parsed expression (evaluation, validation, the studio's variable
 * lists) far from the call stack's end: brackets, calls and "not"s nest at most this deep, and an
 * expression has at most this many tokens (a chain of `||` is as deep as it is long).
 */
export const MAX_EXPRESSION_NESTING = 64;
export const MAX_EXPRESSION_TOKENS = 2_000;

export function parseExpression(source: string): ExpressionNode {
  const tokens = tokenize(source);
  if (tokens.length > MAX_EXPRESSION_TOKENS)
    throw new ExpressionSyntaxError(`longer than ${MAX_EXPRESSION_TOKENS} words and signs`, 0);
  let index = 0;
  let depth = 0;
  const peek = (): Token => tokens[index] ?? { kind: 'end' };
  const take = (): Token => tokens[index++] ?? { kind: 'end' };
  const expectOp = (value: string) => {
    const token = take();
    if (token.kind !== 'op' || token.value !== value)
      throw new ExpressionSyntaxError(`expected "${value}"`, index);
  };

  const parsePrimary = (): ExpressionNode => {
    const token = take();
    if (token.kind === 'number' || token.kind === 'string') return { kind: 'literal', value: token.value };
    if (token.kind === 'op' && (token.value === '!' || token.value === '-')) {
      return { kind: 'unary', op: token.value, operand: parseBinary(7) };
    }
    if (token.kind === 'op' && token.value === '(') {
      const inner = parseBinary(0);
      expectOp(')');
      return inner;
    }
    if (token.kind === 'name') {
      if (Object.hasOwn(literals, token.value))
        return { kind: 'literal', value: literals[token.value] ?? null };
      const next = peek();
      if (next.kind === 'op' && next.value === '(') {
        take();
        const args: ExpressionNode[] = [];
        const close = peek();
        if (!(close.kind === 'op' && close.value === ')')) {
          args.push(parseBinary(0));
          for (let more = peek(); more.kind === 'op' && more.value === ','; more = peek()) {
            take();
            args.push(parseBinary(0));
          }
        }
        expectOp(')');
        return { kind: 'call', name: token.value, args };
      }
      return { kind: 'variable', path: token.value };
    }
    throw new ExpressionSyntaxError(token.kind === 'end' ? 'unexpected end' : 'unexpected token', index);
  };

  const parseBinary = (minPower: number): ExpressionNode => {
    if (++depth > MAX_EXPRESSION_NESTING)
      throw new ExpressionSyntaxError(`nested more than ${MAX_EXPRESSION_NESTING} levels deep`, index);
    let left = parsePrimary();
    for (;;) {
      const token = peek();
      const power = token.kind === 'op' ? precedence[token.value] : undefined;
      if (token.kind !== 'op' || power === undefined || power <= minPower) {
        depth--;
        return left;
      }
      take();
      left = { kind: 'binary', op: token.value, left, right: parseBinary(power) };
    }
  };

  const tree = parseBinary(0);
  if (peek().kind !== 'end') throw new ExpressionSyntaxError('unexpected text after the expression', index);
  return tree;
}
