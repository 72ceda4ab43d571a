import type { Command, CommandType } from '#flow-runtime/index';
import type { CommandContext, CommandHandler } from './command-context.ts';
import { hangupCommand } from './hangup.command.ts';
import { listenCommand } from './listen.command.ts';
import { playCommand } from './play.command.ts';
import { sayCommand } from './say.command.ts';
import { sendDtmfCommand } from './send-dtmf.command.ts';
import { transferCommand } from './transfer.command.ts';

/** Every runtime command type maps to one module; a new command type fails to compile until added here. */
const commandTable: { [T in CommandType]: CommandHandler<T> } = {
  say: sayCommand,
  listen: listenCommand,
  play: playCommand,
  hangup: hangupCommand,
  transfer: transferCommand,
  send_dtmf: sendDtmfCommand,
};

export function runCommand(command: Command, ctx: CommandContext): void | Promise<void> {
  // The table pairs each type with its own handler; TypeScript cannot follow that pairing through a union.
  const handler = commandTable[command.type] as (
    command: Command,
    ctx: CommandContext,
  ) => void | Promise<void>;
  return handler(command, ctx);
}
