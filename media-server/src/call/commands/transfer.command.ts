import type { CommandHandler } from './command-context.ts';

/** "Connecting you…" plays first; a transfer that fails is reported back to the flow by the session. */
export const transferCommand: CommandHandler<'transfer'> = async (command, ctx) => {
  await ctx.afterPlayback();
  await ctx.transfer(command);
};
