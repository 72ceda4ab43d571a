import type { CommandHandler } from './command-context.ts';

/**
 * Playing audio from a URL needs a fetcher behind the SSRF guard and a decoder; no node emits `play`
 * yet, so it is reported and skipped rather than half-supported.
 */
export const playCommand: CommandHandler<'play'> = (command, ctx) =>
  ctx.warn('play command is not supported yet: skipped', { url: command.url });
