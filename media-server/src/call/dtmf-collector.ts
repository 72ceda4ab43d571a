export interface DtmfRules {
  maxDigits?: number;
  terminator?: string;
  interDigitTimeoutMs: number;
}

/**
 * Gathers keypad digits the way a listen command asks: the answer is complete at `maxDigits`, at the
 * terminator (not included), or when the caller pauses longer than the inter-digit timeout.
 */
export class DtmfCollector {
  private digits = '';
  private rules: DtmfRules | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly onComplete: (digits: string) => void) {}

  get collecting(): boolean {
    return this.digits.length > 0;
  }

  arm(rules: DtmfRules): void {
    this.disarm();
    this.rules = rules;
  }

  /** Stops collecting and forgets digits not yet reported. */
  disarm(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.digits = '';
    this.rules = null;
  }

  /** Returns false when not armed (the digit is not for us). */
  press(digit: string): boolean {
    const rules = this.rules;
    if (!rules) return false;
    clearTimeout(this.timer);
    if (rules.terminator && digit === rules.terminator) {
      // A bare terminator is still an answer ("#" = skip); the runtime decides what it means.
      this.complete(this.digits || digit);
      return true;
    }
    this.digits += digit;
    if (rules.maxDigits !== undefined && this.digits.length >= rules.maxDigits) {
      this.complete(this.digits);
      return true;
    }
    this.timer = setTimeout(() => this.complete(this.digits), rules.interDigitTimeoutMs);
    return true;
  }

  private complete(digits: string): void {
    this.disarm();
    this.onComplete(digits);
  }
}
