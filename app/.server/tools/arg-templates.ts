import { readJsonPath } from './json-path-lite';

/**
 * `{{args.x}}` placeholders, filled with an encoder chosen by where they land: URL-encoded in URLs,
 * JSON-encoded in bodies, visible ASCII in headers (the rest percent-encoded). `{{credential:ID}}` is resolved
 * separately and only in headers, so a credential can never be echoed into a URL or body by the LLM.
 */
const ARG = /\{\{\s*args\.([A-Za-z0-9_.[\]"-]+)\s*\}\}/g;
const CREDENTIAL = /\{\{\s*credential:([A-Za-z0-9_-]+)\s*\}\}/g;

export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }
}

function lookup(args: Record<string, unknown>, path: string): unknown {
  const value = readJsonPath(args, path);
  if (value === undefined) throw new TemplateError(`template refers to missing argument "${path}"`);
  return value;
}

function asText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function renderUrl(template: string, args: Record<string, unknown>): string {
  return template.replace(ARG, (_m, path: string) => encodeURIComponent(asText(lookup(args, path))));
}

/**
 * In a JSON body a placeholder may stand alone (`"id": {{args.id}}` -> a JSON value of any type) or inside
 * a string (`"note": "Call {{args.name}}"` -> escaped string content). Either way the output stays JSON.
 */
export function renderJsonBody(template: string, args: Record<string, unknown>): string {
  let inString = false;
  let out = '';
  for (let i = 0; i < template.length; i += 1) {
    const ch = template[i];
    if (ch === '{' && template[i + 1] === '{') {
      ARG.lastIndex = i;
      const match = ARG.exec(template);
      if (match && match.index === i) {
        const value = lookup(args, match[1] ?? '');
        const json = JSON.stringify(value) ?? 'null';
        out += inString ? JSON.stringify(asText(value)).slice(1, -1) : json;
        i += match[0].length - 1;
        continue;
      }
    }
    if (ch === '"' && template[i - 1] !== '\\') inString = !inString;
    out += ch;
  }
  try {
    JSON.parse(out);
  } catch {
    throw new TemplateError('body template does not produce valid JSON');
  }
  return out;
}

export async function renderHeader(
  template: string,
  args: Record<string, unknown>,
  resolveCredential: (id: string) => Promise<string>,
): Promise<string> {
  const ids = [...template.matchAll(CREDENTIAL)].map((m) => m[1] ?? '');
  const secrets = new Map<string, string>();
  for (const id of ids) secrets.set(id, await resolveCredential(id));
  // Header values must be visible ASCII; other characters (Cyrillic names...) are percent-encoded.
  const withArgs = template.replace(ARG, (_m, path: string) =>
    asText(lookup(args, path)).replace(/[^\x20-\x7e]+/gu, (run) => encodeURIComponent(run)),
  );
  const value = withArgs.replace(CREDENTIAL, (_m, id: string) => secrets.get(id) ?? '');
  // A line break in a header value would let an argument inject another header.
  return value.replace(/[\r\n]+/g, ' ');
}
