import type { z } from 'zod';

export class EnvError extends Error {
  constructor(
    readonly processName: string,
    readonly problems: { variable: string; message: string }[],
  ) {
    super(
      `${processName}: invalid environment\n` +
        problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n') +
        '\nSee .env.example for every variable.',
    );
    this.name = 'EnvError';
  }
}

/** Parses the environment for one process; throws an EnvError naming each bad variable. */
export function parseEnv<S extends z.ZodType>(
  schema: S,
  processName: string,
  source: Record<string, string | undefined> = process.env,
): z.infer<S> {
  // Empty strings count as unset, so `FOO=` in .env falls back to the default.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  throw new EnvError(
    processName,
    result.error.issues.map((i) => ({ variable: i.path.join('.') || '(root)', message: i.message })),
  );
}

/** For process entry points: print the problem and exit, never start half-configured. */
export function loadEnvOrExit<S extends z.ZodType>(schema: S, processName: string): z.infer<S> {
  try {
    return parseEnv(schema, processName);
  } catch (e) {
    if (e instanceof EnvError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
}
