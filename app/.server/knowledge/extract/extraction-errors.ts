/**
 * Expected failures of turning a file into text. The worker stores `code` and `message` on the source and
 * does not retry any of them: the same bytes would fail the same way.
 */
export type ExtractionErrorCode = 'unsupported_type' | 'too_large' | 'unreadable';

export abstract class ExtractionError extends Error {
  abstract readonly code: ExtractionErrorCode;
  readonly retryable = false;
}

export class UnsupportedTypeError extends ExtractionError {
  readonly code = 'unsupported_type';
  constructor(readonly detected: string) {
    super(`Unsupported file type: ${detected}`);
    this.name = 'UnsupportedTypeError';
  }
}

export class TooLargeError extends ExtractionError {
  readonly code = 'too_large';
  constructor(
    readonly limit: number,
    readonly actual: number,
    readonly unit: 'bytes' | 'characters' | 'pages' | 'rows' = 'bytes',
  ) {
    super(`Too large: ${actual} ${unit} (limit ${limit})`);
    this.name = 'TooLargeError';
  }
}

export class UnreadableError extends ExtractionError {
  readonly code = 'unreadable';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UnreadableError';
  }
}
