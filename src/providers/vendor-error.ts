/**
 * An answer in a vendor's own error format. Handlers throw these; the vendor's
 * scope sends them as they are. Each vendor builds them in its own `errors.ts`,
 * so no handler formats an error body by hand.
 */
export class VendorError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(`vendor error ${status}`);
  }
}
