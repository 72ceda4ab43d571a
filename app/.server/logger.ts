import pino, { type Logger } from 'pino';
import { logLevel } from './env/env-values.ts';

/** Structured JSON logs. Secret-looking fields are redacted wherever they appear. */
export function createLogger(name: string, level: string = logLevel()): Logger {
  return pino({
    name,
    level,
    base: { process: name },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: [
        'password',
        '*.password',
        'secret',
        '*.secret',
        'apiKey',
        '*.apiKey',
        'token',
        '*.token',
        'authorization',
        '*.authorization',
        'req.headers.authorization',
        'req.headers.cookie',
        'plaintext',
        '*.plaintext',
      ],
      censor: '[redacted]',
    },
  });
}

export type { Logger };
