import type { CommandHandler } from './command-context.ts';

/** Digits go out after the prompts before them (an IVR on the far side hears them in order). */
export const sendDtmfCommand: CommandHandler<'send_dtmf'> = async (command, ctx) => {
  await ctx.afterPlayback();
  for (const digit of command.digits) await ctx.sendDtmf(digit);
};
