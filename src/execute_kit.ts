/**
 * What the executor's parts share: its dependencies, the requester type, and the tools every
 * step uses (save a report, write an audit entry, offer instead of running, refuse).
 *
 * @module
 */
import type { Accounts } from "./accounts/model.ts";
import { CiError } from "./errors.ts";
import { createOffer } from "./execute_offer.ts";
import type { Intent } from "./intent/schema.ts";
import type { JobRunner } from "./jobs/runner.ts";
import type { Logger } from "./log.ts";
import { auditInput, recordAudit } from "./policy/audit.ts";
import { changesState, type Decision } from "./policy/authorize.ts";
import type { GitHubAccess } from "./policy/github_access.ts";
import type { Requester } from "./policy/identity.ts";
import type { RepoAccess } from "./policy/repo_access.ts";
import type { Policy } from "./policy/schema.ts";
import type { CIProvider } from "./providers/port.ts";
import type { Report, ReportInput } from "./report/model.ts";
import { saveReport } from "./report/store.ts";
import type { Store } from "./store/port.ts";
import type { ExecuteOptions, RequestMeta } from "./surface.ts";

/** What the pipeline needs. */
export interface ExecutorDeps {
  store: Store;
  log: Logger;
  now: () => Date;
  newId: () => string;
  provider: CIProvider;
  runner: JobRunner;
  /** The policy file, or null when none is configured. */
  policy: Policy | null;
  defaultRepo?: string;
  /** How long saved reports stay readable (`REPORT_TTL_DAYS`); default 7 days. */
  reportTtlMs?: number;
  /**
   * Linked GitHub accounts. When set, the service runs in GitHub-authority mode: chat members
   * may do what their linked account may do on GitHub (docs/policy.md).
   */
  accounts?: Accounts;
  /** The reach of a GitHub token (`createGitHubAccess`); required with `accounts`. */
  accessFor?: GitHubAccess;
}

/** The requester, with the GitHub login acting when known. */
export type Who = RequestMeta & Requester;

/**
 * What a GitHub caller reaches when its surface passed no capability: nothing.
 *
 * @example
 * ```ts
 * await NO_ACCESS.permission("acme/app"); // "none"
 * ```
 */
export const NO_ACCESS: RepoAccess = { permission: () => Promise.resolve("none") };

/**
 * The error a policy refusal becomes: its message, and its hint as what to do.
 *
 * @example
 * ```ts
 * throw forbidden({ message: "viewers may not run tests", hint: "Ask an operator." });
 * ```
 */
export const forbidden = (d: { message: string; hint: string }) =>
  new CiError("forbidden", d.message, { hint: d.hint });

/** The tools the executor's steps share, built once per executor. */
export interface ExecutorKit {
  deps: ExecutorDeps;
  /** Saves a report (readable at `/reports/:id` for the report TTL). */
  save: (input: ReportInput) => Promise<Report>;
  /** Writes an audit entry; a failed write is logged, never thrown. */
  audit: (
    who: Requester,
    intent: Intent,
    decision: Decision,
    outcome: "accepted" | "denied" | "succeeded" | "failed" | "cancelled",
    extra?: { jobId?: string; message?: string },
  ) => Promise<unknown>;
  /** Shows an intent read from plain language back instead of running it. */
  offer: (intent: Intent, meta: RequestMeta, options: ExecuteOptions) => Promise<Report>;
  /** Audits (if it changes state) and logs a refusal; returns the error to throw. */
  refuse: (who: Requester, intent: Intent, decision: Decision, error: CiError) => Promise<CiError>;
}

/**
 * Builds the shared tools for `deps`.
 *
 * @example
 * ```ts
 * const { save, audit } = createKit(deps);
 * const report = await save({ title: "Done", status: "success", summary: "" });
 * ```
 */
export function createKit(deps: ExecutorDeps): ExecutorKit {
  const { store } = deps;
  const save = (input: ReportInput) => saveReport(store, input, deps);
  const audit = (
    who: Requester,
    intent: Intent,
    decision: Decision,
    outcome: "accepted" | "denied" | "succeeded" | "failed" | "cancelled",
    extra: { jobId?: string; message?: string } = {},
  ) =>
    recordAudit(store, auditInput(who, intent, decision, outcome, extra), deps).catch((error) =>
      deps.log.error("audit entry not written", { error })
    );
  const offer = createOffer(deps, save);
  const refuse = async (who: Requester, intent: Intent, decision: Decision, error: CiError) => {
    if (changesState(intent)) await audit(who, intent, decision, "denied");
    deps.log.info("request denied", { op: intent.op, repo: intent.repo, code: error.code });
    return error;
  };
  return { deps, save, audit, offer, refuse };
}
