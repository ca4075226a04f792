/**
 * Typed errors shared by every layer. Each carries a stable `code` that surfaces map to
 * their own wire format (HTTP status, Slack ephemeral text, …) in exactly one place.
 *
 * @module
 */

/** Stable error codes; surfaces switch on these, never on messages. */
export type ErrorCode =
  | "bad_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "too_large"
  | "rate_limited"
  | "upstream"
  | "timeout"
  | "config"
  | "unsupported"
  | "internal";

/**
 * An error with a code, a message that says what happened (with the offending value), and an
 * optional hint that says what to do about it.
 *
 * @example
 * ```ts
 * throw new CiError("bad_request", "Cannot dispatch as 'runs' must be ≤ 50: current value is 80", {
 *   hint: "Use runs:50 or fewer.",
 * });
 * ```
 */
export class CiError extends Error {
  /** Machine-readable code. */
  readonly code: ErrorCode;
  /** What the user can do about it. */
  readonly hint?: string;
  /** For `rate_limited`: whole seconds to wait before trying again (HTTP `Retry-After`). */
  readonly retryAfterSeconds?: number;

  constructor(
    code: ErrorCode,
    message: string,
    options: { hint?: string; cause?: unknown; retryAfterSeconds?: number } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "CiError";
    this.code = code;
    this.hint = options.hint;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/**
 * Turns anything thrown into a {@linkcode CiError}, keeping the original as `cause`.
 *
 * @example
 * ```ts
 * const err = toCiError(new TypeError("boom"));
 * err.code; // "internal"
 * ```
 */
export function toCiError(error: unknown): CiError {
  if (error instanceof CiError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new CiError("internal", message, { cause: error });
}
