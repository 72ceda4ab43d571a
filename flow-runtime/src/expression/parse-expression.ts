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

export function parseExpression(source: string): ExpressionNode {
  const tokens = tokenize(source);
  let index = 0;
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
    let left = parsePrimary();
    for (;;) {
      const token = peek();
      const power = token.kind === 'op' ? precedence[token.value] : undefined;
      if (token.kind !== 'op' || power === undefined || power <= minPower) return left;
      take();
      left = { kind: 'binary', op: token.value, left, right: parseBinary(power) };
    }
  };

  const tree = parseBinary(0);
  if (peek().kind !== 'end') throw new ExpressionSyntaxError('unexpected text after the expression', index);
  return tree;
}
