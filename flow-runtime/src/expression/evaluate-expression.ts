import type { JsonValue } from '../json';
import { readPath } from '../runtime/render-template';
import { parseExpression, type ExpressionNode } from './parse-expression';
import { ExpressionSyntaxError } from './tokenize';

/**
 * Evaluates an expression over variables with no access to anything else: no eval, no prototype walks
 * (paths read own properties only), a fixed set of functions.
 */
export type CompiledExpression = { ok: true; tree: ExpressionNode } | { ok: false; error: string };

const compiled = new Map<string, CompiledExpression>();
const CACHE_LIMIT = 5000;

export function compileExpression(source: string): CompiledExpression {
  const known = compiled.get(source);
  if (known) return known;
  let result: CompiledExpression;
  try {
    result = { ok: true, tree: parseExpression(source) };
  } catch (error) {
    if (!(error instanceof ExpressionSyntaxError)) throw error;
    result = { ok: false, error: `${error.message} at position ${error.position}` };
  }
  if (compiled.size >= CACHE_LIMIT) compiled.clear();
  compiled.set(source, result);
  return result;
}

const truthy = (value: JsonValue): boolean =>
  Array.isArray(value) ? value.length > 0 : value !== null && value !== false && value !== 0 && value !== '';

/** Numbers that came in as text (DTMF digits, tool JSON) compare as numbers. */
function asNumber(value: JsonValue): number | null {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  return null;
}

function equals(left: JsonValue, right: JsonValue): boolean {
  const a = asNumber(left);
  const b = asNumber(right);
  if (a !== null && b !== null) return a === b;
  if (typeof left === 'string' && typeof right === 'string')
    return left.toLowerCase() === right.toLowerCase();
  return JSON.stringify(left) === JSON.stringify(right);
}

function compare(op: string, left: JsonValue, right: JsonValue): boolean {
  const a = asNumber(left);
  const b = asNumber(right);
  const [x, y] = a !== null && b !== null ? [a, b] : [String(left ?? ''), String(right ?? '')];
  if (op === '<') return x < y;
  if (op === '<=') return x <= y;
  if (op === '>') return x > y;
  return x >= y;
}

function arithmetic(op: string, left: JsonValue, right: JsonValue): JsonValue {
  const a = asNumber(left);
  const b = asNumber(right);
  if (op === '+' && (a === null || b === null)) return `${left ?? ''}${right ?? ''}`;
  if (a === null || b === null) return null;
  if (op === '+') return a + b;
  if (op === '-') return a - b;
  if (op === '*') return a * b;
  if (b === 0) return null;
  return op === '/' ? a / b : a % b;
}

const functions: Record<string, (args: JsonValue[]) => JsonValue> = {
  len: ([value]) => (typeof value === 'string' || Array.isArray(value) ? value.length : 0),
  lower: ([value]) => String(value ?? '').toLowerCase(),
  upper: ([value]) => String(value ?? '').toUpperCase(),
  contains: ([haystack, needle]) =>
    Array.isArray(haystack)
      ? haystack.some((item) => equals(item, needle ?? null))
      : String(haystack ?? '')
          .toLowerCase()
          .includes(String(needle ?? '').toLowerCase()),
  number: ([value]) => asNumber(value ?? null),
  empty: ([value]) => !truthy(value ?? null),
};

export const expressionFunctionNames = Object.keys(functions);

function evaluateNode(node: ExpressionNode, scope: Record<string, JsonValue>): JsonValue {
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'variable':
      return readPath(scope, node.path) ?? null;
    case 'unary': {
      const value = evaluateNode(node.operand, scope);
      return node.op === '!' ? !truthy(value) : arithmetic('-', 0, value);
    }
    case 'call': {
      const fn = Object.hasOwn(functions, node.name) ? functions[node.name] : undefined;
      if (!fn) throw new Error(`unknown function ${node.name}()`);
      return fn(node.args.map((arg) => evaluateNode(arg, scope)));
    }
    case 'binary': {
      if (node.op === '&&')
        return truthy(evaluateNode(node.left, scope)) && truthy(evaluateNode(node.right, scope));
      if (node.op === '||')
        return truthy(evaluateNode(node.left, scope)) || truthy(evaluateNode(node.right, scope));
      const left = evaluateNode(node.left, scope);
      const right = evaluateNode(node.right, scope);
      if (node.op === '==') return equals(left, right);
      if (node.op === '!=') return !equals(left, right);
      if (['<', '<=', '>', '>='].includes(node.op)) return compare(node.op, left, right);
      return arithmetic(node.op, left, right);
    }
  }
}

export type EvaluationResult = { ok: true; value: JsonValue } | { ok: false; error: string };

export function evaluateExpression(source: string, scope: Record<string, JsonValue>): EvaluationResult {
  const expression = compileExpression(source);
  if (!expression.ok) return expression;
  try {
    return { ok: true, value: evaluateNode(expression.tree, scope) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

export function isTruthy(value: JsonValue): boolean {
  return truthy(value);
}
