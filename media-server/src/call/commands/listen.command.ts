import type { CommandHandler } from './command-context.ts';

/** Armed at once; the no-input timeout only starts once the prompts before it have played. */
export const listenCommand: CommandHandler<'listen'> = (command, ctx) => ctx.listen(command);
