import type { CommandHandler } from './command-context.ts';

/** The goodbye said before it is heard to the end, then the call ends. */
export const hangupCommand: CommandHandler<'hangup'> = async (command, ctx) => {
  await ctx.afterPlayback();
  await ctx.hangup(command.disposition);
};
