/**
 * Expected failures of turning a file into text. The worker stores `code` and `message` on the source and
 * does not retry any of them: the same bytes would fail the same way.
 */
export type ExtractionErrorCode =
  'unsupported_type' | 'too_large' | 'unreadable' | 'expansion_limit' | 'encrypted';

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

/**
 * A compressed file (a DOCX part, a PDF stream, a compressed web page) that would expand past the limits:
 * its total expanded size, or one part's compression ratio, far beyond what real text reaches. Raised before
 * expanding when the archive declares its sizes, and while expanding when it lies (issue 14, item 9).
 */
export class ExpansionLimitError extends ExtractionError {
  readonly code = 'expansion_limit';
  constructor(
    readonly kind: 'size' | 'ratio',
    readonly limit: number,
    readonly actual: number,
    readonly part?: string,
  ) {
    super(
      kind === 'size'
        ? `Expands past the limit: ${part ? `${part} ` : ''}would expand to more than ${limit} bytes${actual > limit ? ` (${actual})` : ''}`
        : `Expands past the limit: ${part ? `${part} ` : ''}is compressed ${Math.round(actual)}:1 (limit ${limit}:1)`,
    );
    this.name = 'ExpansionLimitError';
  }
}

/** An encrypted PDF: its streams cannot be measured before the PDF reader decrypts and expands them. */
export class EncryptedError extends ExtractionError {
  readonly code = 'encrypted';
  constructor(message = 'The PDF is encrypted (protected); upload a copy saved without protection') {
    super(message);
    this.name = 'EncryptedError';
  }
}
