/**
 * Unexpected failures of the runtime itself. Expected failures (a tool that times out, a caller who says
 * nothing) are data: a port, a spoken fallback, a trace line. `report` tells the caller whether this is a
 * bug worth an alert (true) or bad input it should reject (false).
 */
export type RuntimeErrorCode =
  'invalid_flow' | 'invalid_state' | 'invalid_event' | 'no_start_node' | 'invalid_command' | 'internal';

const reportByCode: Record<RuntimeErrorCode, boolean> = {
  invalid_flow: false,
  invalid_state: true,
  invalid_event: false,
  no_start_node: false,
  invalid_command: true,
  internal: true,
};

export class RuntimeError extends Error {
  readonly code: RuntimeErrorCode;
  readonly report: boolean;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: RuntimeErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'RuntimeError';
    this.code = code;
    this.report = reportByCode[code];
    this.details = details;
  }
}

export function isRuntimeError(error: unknown): error is RuntimeError {
  return error instanceof RuntimeError;
}
