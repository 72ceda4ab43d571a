import type { CommandHandler } from './command-context.ts';

/** Queued at once: synthesis starts now, and a following listen is armed while it plays (barge-in). */
export const sayCommand: CommandHandler<'say'> = (command, ctx) => ctx.say(command);
