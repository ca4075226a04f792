/**
 * What an operation receives besides its intent. Operations never know which chat they serve.
 *
 * @module
 */
import type { Intent } from "../intent/schema.ts";
import type { Logger } from "../log.ts";
import type { CIProvider } from "../providers/port.ts";
import type { ReportInput } from "../report/model.ts";

/**
 * Who asked, for what an operation writes where GitHub shows it (a pull request's body). Plain
 * data: operations never decide anything with it.
 */
export interface RequestedBy {
  /** The GitHub login acting, when known (a linked account, Copilot, MCP with a token). */
  login?: string;
  /** The requester as the policy writes it (`slack:U0123ABCD`), for when no login is known. */
  identity: string;
  /** The surface asked from, as people name it ("Slack"). */
  surface: string;
}

/** Injected dependencies of an operation. */
export interface OpContext {
  /** The CI system to read from (GitHub, or local files for `cli run --dir`). */
  provider: CIProvider;
  /** Repository used when the intent names none (e.g. the directory name for `--dir`). */
  defaultRepo?: string;
  log: Logger;
  now: () => Date;
  signal?: AbortSignal;
  /** Who asked; absent where nobody in particular did (the CLI, tests). */
  requester?: RequestedBy;
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
