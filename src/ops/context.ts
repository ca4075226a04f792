/**
 * What an operation receives besides its intent. Operations never know which chat they serve.
 *
 * @module
 */
import type { Intent } from "../intent/schema.ts";
import type { Logger } from "../log.ts";
import type { CIProvider } from "../providers/port.ts";
import type { ReportInput } from "../report/model.ts";

/** Injected dependencies of an operation. */
export interface OpContext {
  /** The CI system to read from (GitHub, or local files for `cli run --dir`). */
  provider: CIProvider;
  /** Repository used when the intent names none (e.g. the directory name for `--dir`). */
  defaultRepo?: string;
  log: Logger;
  now: () => Date;
  signal?: AbortSignal;
}

/**
 * An operation: intent in, report out. Throws {@linkcode import("../errors.ts").CiError}.
 *
 * @example
 * ```ts
 * const hello: Operation = (intent) =>
 *   Promise.resolve({ title: `Hello ${intent.repo}`, status: "neutral", summary: "" });
 * ```
 */
export type Operation = (intent: Intent, ctx: OpContext) => Promise<ReportInput>;
