const SECRET_KEY = /pass(word)?|secret|token|api[-_]?key|authorization|cookie|private[-_]?key|credential/i;

/** A copy of a value fit for the audit log: fields whose names look secret become "••••". */
export function maskSecrets(value: unknown, depth = 0): unknown {
  if (depth > 8) return '…';
  if (Array.isArray(value)) return value.map((v) => maskSecrets(v, depth + 1));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [
        k,
        SECRET_KEY.test(k) && v != null ? '••••' : maskSecrets(v, depth + 1),
      ]),
    );
  }
  return value;
}
