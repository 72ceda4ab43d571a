/**
 * Validates tool arguments against the JSON Schema subset tool authors use: type (object, string, number,
 * integer, boolean, array, null), properties, required, additionalProperties: false, items, enum,
 * minimum / maximum, minLength / maxLength, pattern. Errors name the field (`address.zip`, `items[2]`) so
 * the LLM can correct its call. Unknown keywords are ignored rather than rejected.
 */
export interface SchemaError {
  path: string;
  message: string;
}

type Schema = Record<string, unknown>;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function typeMatches(type: string, value: unknown): boolean {
  switch (type) {
    case 'object':
      return isObject(value);
    case 'array':
      return Array.isArray(value);
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'null':
      return value === null;
    default:
      return true;
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

export function validateAgainstSchema(schema: unknown, value: unknown, path = ''): SchemaError[] {
  if (!isObject(schema)) return [];
  const at = path || '(root)';
  const errors: SchemaError[] = [];
  const s: Schema = schema;

  const types = Array.isArray(s.type)
    ? s.type.filter((t): t is string => typeof t === 'string')
    : typeof s.type === 'string'
      ? [s.type]
      : [];
  if (types.length > 0 && !types.some((t) => typeMatches(t, value))) {
    return [{ path: at, message: `must be ${types.join(' or ')}, got ${describe(value)}` }];
  }
  if (Array.isArray(s.enum) && !s.enum.some((option) => JSON.stringify(option) === JSON.stringify(value))) {
    errors.push({ path: at, message: `must be one of ${s.enum.map((o) => JSON.stringify(o)).join(', ')}` });
  }
  if (typeof value === 'number') {
    if (typeof s.minimum === 'number' && value < s.minimum)
      errors.push({ path: at, message: `must be >= ${s.minimum}` });
    if (typeof s.maximum === 'number' && value > s.maximum)
      errors.push({ path: at, message: `must be <= ${s.maximum}` });
  }
  if (typeof value === 'string') {
    const length = [...value].length;
    if (typeof s.minLength === 'number' && length < s.minLength)
      errors.push({ path: at, message: `must be at least ${s.minLength} characters` });
    if (typeof s.maxLength === 'number' && length > s.maxLength)
      errors.push({ path: at, message: `must be at most ${s.maxLength} characters` });
    if (typeof s.pattern === 'string') {
      let re: RegExp | undefined;
      try {
        re = new RegExp(s.pattern, 'u');
      } catch {
        errors.push({ path: at, message: 'schema pattern is not a valid regular expression' });
      }
      if (re && !re.test(value)) errors.push({ path: at, message: `must match ${s.pattern}` });
    }
  }
  if (isObject(value)) {
    const properties = isObject(s.properties) ? s.properties : {};
    const required = Array.isArray(s.required)
      ? s.required.filter((r): r is string => typeof r === 'string')
      : [];
    for (const name of required) {
      if (value[name] === undefined)
        errors.push({ path: path ? `${path}.${name}` : name, message: 'is required' });
    }
    for (const [name, child] of Object.entries(value)) {
      const childPath = path ? `${path}.${name}` : name;
      if (name in properties) errors.push(...validateAgainstSchema(properties[name], child, childPath));
      else if (s.additionalProperties === false) errors.push({ path: childPath, message: 'is not allowed' });
    }
  }
  if (Array.isArray(value) && s.items !== undefined) {
    value.forEach((item, i) => errors.push(...validateAgainstSchema(s.items, item, `${path || ''}[${i}]`)));
  }
  return errors;
}

export function formatSchemaErrors(errors: SchemaError[]): string {
  return errors.map((e) => `${e.path} ${e.message}`).join('; ');
}
