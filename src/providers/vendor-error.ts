/**
 * An answer in a vendor's own error format. Handlers throw these; the vendor's
 * scope sends them as they are. Each vendor builds them in its own `errors.ts`,
 * so no handler formats an error body by hand.
 *
 * It carries no stack trace: it is an answer, not a fault in orgmock, and
 * capturing one took more time than the rest of a rejected request.
 */
export class VendorError extends Error {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Record<string, string>;
  /**
   * Why the request was refused, in the words a developer needs to fix the call
   * (`token expired 42 s ago`). Shown in the journal and the request log, never
   * sent to the client: the vendor's own answer stays as it is.
   */
  reason?: string;

  constructor(status: number, body: unknown, headers: Record<string, string> = {}) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      super(`vendor error ${status}`);
    } finally {
      Error.stackTraceLimit = limit;
    }
    this.status = status;
    this.body = body;
    this.headers = headers;
  }

  /** Sets the journal's why-refused text; returns the error, to throw it in one expression. */
  because(reason: string): this {
    this.reason = reason;
    return this;
  }
}
