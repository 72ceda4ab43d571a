import type { CommandOf, CommandType, ListenCommand, SayCommand, TransferCommand } from '#flow-runtime/index';

/** What command modules may ask of the call; CallSession implements it. */
export interface CommandContext {
  say(command: SayCommand): void;
  listen(command: ListenCommand): void;
  /** Resolves when everything said so far has played out. */
  afterPlayback(): Promise<void>;
  hangup(disposition: string): Promise<void>;
  transfer(command: TransferCommand): Promise<void>;
  sendDtmf(digit: string): Promise<void>;
  warn(message: string, data?: Record<string, unknown>): void;
}

export type CommandHandler<T extends CommandType> = (
  command: CommandOf<T>,
  ctx: CommandContext,
) => void | Promise<void>;
