/**
 * Validates tool arguments against the tool's JSON Schema with Ajv: full draft 2020-12 (`$ref`/`$defs`,
 * `oneOf`/`anyOf`/`allOf`, `if`/`then`, `const`, `prefixItems`…) and the standard formats (ajv-formats:
 * email, date, date-time, uri, uuid, …), which is what LLM function calling accepts. Each schema is compiled
 * once (cached by its text, so once per tool version) and errors keep the readable shape the LLM is told:
 * the field's path (`address.zip`, `items[2]`) and a short message, so it can correct its call.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

export interface SchemaError {
  path: string;
  message: string;
}

// ajv-formats is CommonJS: its default export arrives as the module object under some loaders.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as typeof addFormatsModule;

type Compiled = { ok: true; validate: ValidateFunction } | { ok: false; error: string };

/** Compiled schemas by their JSON text; tool versions are few, the bound only guards against churn. */
const cache = new Map<string, Compiled>();
const CACHE_LIMIT = 500;
let compilations = 0;

/** How many schemas this process has compiled (tests check that a tool's schema compiles once). */
export const schemaCompilations = () => compilations;

function compile(schema: Record<string, unknown>): Compiled {
  const key = JSON.stringify(schema);
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  // Tools declare draft-07 as often as 2020-12; both read the same here. An Ajv per schema keeps one tool's
  // `$id`s from colliding with another's. Unknown keywords (`example`, vendor extensions) are ignored.
  const { $schema: _declared, ...body } = schema;
  let compiled: Compiled;
  try {
    const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: false, validateFormats: true });
    addFormats(ajv);
    compilations += 1;
    compiled = { ok: true, validate: ajv.compile(body) };
  } catch (e) {
    compiled = { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value ?? '');
  cache.set(key, compiled);
  return compiled;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

const SAFE_NAME = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `/address/zip` -> `address.zip`, `/items/2` -> `items[2]`, `` -> `` (the root). */
function readablePath(pointer: string, base: string, extra?: string): string {
  const steps = pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (extra !== undefined) steps.push(extra);
  let out = base;
  for (const step of steps) {
    if (/^\d+$/.test(step)) out += `[${step}]`;
    else if (SAFE_NAME.test(step)) out += out ? `.${step}` : step;
    else out += `[${JSON.stringify(step)}]`;
  }
  return out;
}

const json = (value: unknown) => JSON.stringify(value);

function messageOf(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'type':
      return `must be ${String(p.type).split(',').join(' or ')}, got ${describe(e.data)}`;
    case 'required':
    case 'dependentRequired':
      return 'is required';
    case 'additionalProperties':
    case 'unevaluatedProperties':
      return 'is not allowed';
    case 'enum':
      return `must be one of ${(p.allowedValues as unknown[]).map(json).join(', ')}`;
    case 'const':
      return `must be ${json(p.allowedValue)}`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `must be ${String(p.comparison)} ${String(p.limit)}`;
    case 'minLength':
      return `must be at least ${String(p.limit)} characters`;
    case 'maxLength':
      return `must be at most ${String(p.limit)} characters`;
    case 'minItems':
      return `must have at least ${String(p.limit)} items`;
    case 'maxItems':
      return `must have at most ${String(p.limit)} items`;
    case 'uniqueItems':
      return `must not repeat items (${String(p.j)} and ${String(p.i)} are equal)`;
    case 'pattern':
      return `must match ${String(p.pattern)}`;
    case 'format':
      return `must be a valid ${String(p.format)}`;
    case 'multipleOf':
      return `must be a multiple of ${String(p.multipleOf)}`;
    default:
      return e.message ?? `fails ${e.keyword}`;
  }
}

/**
 * Ajv reports a failed `oneOf`/`anyOf` together with every branch's own errors. Readable: one error at the
 * field, naming the closest branch's first problem; a value that fits two `oneOf` branches says so.
 */
function readableErrors(errors: readonly ErrorObject[], base: string): SchemaError[] {
  const alternatives = errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf');
  const inside = (e: ErrorObject, alt: ErrorObject) =>
    e !== alt && e.schemaPath.startsWith(`${alt.schemaPath}/`);
  const out: SchemaError[] = [];
  for (const e of errors) {
    if (alternatives.some((alt) => inside(e, alt))) continue;
    if (e.keyword === 'if') continue; // the failing `then`/`else` keyword says what is wrong
    const property =
      e.keyword === 'required' || e.keyword === 'dependentRequired'
        ? String((e.params as { missingProperty?: string }).missingProperty)
        : e.keyword === 'additionalProperties'
          ? String((e.params as { additionalProperty?: string }).additionalProperty)
          : e.keyword === 'unevaluatedProperties'
            ? String((e.params as { unevaluatedProperty?: string }).unevaluatedProperty)
            : undefined;
    const path = readablePath(e.instancePath, base, property) || '(root)';
    if (e.keyword === 'oneOf' || e.keyword === 'anyOf') {
      const passing = (e.params as { passingSchemas?: number[] | null }).passingSchemas;
      if (passing && passing.length > 1) {
        out.push({ path, message: `matches more than one of the allowed forms (${passing.join(' and ')})` });
        continue;
      }
      // The branch with the fewest problems is the one the caller most likely meant.
      const byBranch = new Map<string, ErrorObject[]>();
      for (const inner of errors.filter((x) => inside(x, e))) {
        const branch = inner.schemaPath.slice(e.schemaPath.length + 1).split('/')[0] ?? '';
        byBranch.set(branch, [...(byBranch.get(branch) ?? []), inner]);
      }
      const closest = [...byBranch.values()].sort((a, b) => a.length - b.length)[0];
      const hint = closest ? readableErrors(closest, base)[0] : undefined;
      out.push({
        path,
        message: `must match one of the allowed forms${hint ? ` (closest: ${hint.path} ${hint.message})` : ''}`,
      });
      continue;
    }
    out.push({ path, message: messageOf(e) });
  }
  return out;
}

/** The problems of `value` against `schema`, each at its field; none when it fits. */
export function validateAgainstSchema(schema: unknown, value: unknown, path = ''): SchemaError[] {
  if (!isObject(schema)) return [];
  const compiled = compile(schema);
  if (!compiled.ok) return [{ path: '(schema)', message: `the tool's schema is invalid: ${compiled.error}` }];
  if (compiled.validate(value)) return [];
  return readableErrors(compiled.validate.errors ?? [], path);
}

/** Why a tool's parameters schema cannot be used, or null: for checking a tool when it is saved. */
export function schemaProblem(schema: unknown): string | null {
  if (!isObject(schema)) return 'must be a JSON Schema object';
  const compiled = compile(schema);
  return compiled.ok ? null : compiled.error;
}

export function formatSchemaErrors(errors: SchemaError[]): string {
  return errors.map((e) => `${e.path} ${e.message}`).join('; ');
}
