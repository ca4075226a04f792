/**
 * The core without HTTP: the job runner and the pipeline over a store and a provider. The
 * service (`boot.ts`) and the CLI build the same core; only where replies go differs.
 *
 * @module
 */
import type { Accounts } from "./accounts/model.ts";
import { createExecutor } from "./execute.ts";
import type { JobDefinition } from "./jobs/definition.ts";
import { createJobRunner, type JobDeliver, type JobRunner } from "./jobs/runner.ts";
import type { Logger } from "./log.ts";
import { compareJob } from "./ops/compare/mod.ts";
import { testJob } from "./ops/test/mod.ts";
import { createGitHubAccess } from "./policy/github_access.ts";
import type { Policy } from "./policy/schema.ts";
import type { CIProvider } from "./providers/port.ts";
import { saveReport } from "./report/store.ts";
import type { Store } from "./store/port.ts";
import type { Execute } from "./surface.ts";

/** What the core needs. */
export interface CoreOptions {
  store: Store;
  log: Logger;
  now: () => Date;
  newId: () => string;
  provider: CIProvider;
  policy: Policy | null;
  /** Where job progress and final reports go. */
  deliver: JobDeliver;
  /** Repository used when an intent names none (the CLI's `--dir`). */
  defaultRepo?: string;
  /** Upper bound on waits between job steps (tests poll faster). */
  maxJobWaitMs?: number;
  /** The store is shared by several instances (PostgreSQL): step claims are leases. */
  sharedStore?: boolean;
  /** How long saved reports stay readable (`REPORT_TTL_DAYS`); default 7 days. */
  reportTtlMs?: number;
  /**
   * Linked GitHub accounts: when set, GitHub-authority mode (what a person may do is what their
   * linked account may do on GitHub; docs/policy.md).
   */
  accounts?: Accounts;
  /** GitHub REST base (`GITHUB_API_URL`) for checking a person's permission; default github.com. */
  githubApiUrl?: string;
  /** Outbound HTTP for those checks (tests inject one bound to simulators). */
  fetch?: typeof fetch;
  /** More durable jobs to run, e.g. the `login` job of `createAccounts`. */
  // deno-lint-ignore no-explicit-any
  jobs?: ReadonlyArray<JobDefinition<any>>;
}

/** The core. */
export interface Core {
  runner: JobRunner;
  execute: Execute;
}

/**
 * Builds the job runner (not yet started) and the pipeline.
 *
 * @example
 * ```ts
 * // const { runner, execute } = createCore({ store, log, now, newId, provider, policy: null, deliver });
 * // GitHub-authority mode: createCore({ …, accounts, jobs: [accounts.loginJob],
 * //   githubApiUrl: config.github.apiUrl, fetch });
 * // await runner.start();
 * ```
 */
export function createCore(options: CoreOptions): Core {
  const { store, log, now, newId, provider } = options;
  const runner = createJobRunner({
    store,
    log,
    now,
    newId,
    provider,
    definitions: [testJob, compareJob, ...(options.jobs ?? [])],
    saveReport: (input) =>
      saveReport(store, input, { newId, now, reportTtlMs: options.reportTtlMs }),
    deliver: options.deliver,
    maxWaitMs: options.maxJobWaitMs,
    sharedStore: options.sharedStore,
    plan: { defaultRepo: options.defaultRepo, policyPresets: options.policy?.presets },
  });
  const execute = createExecutor({
    store,
    log,
    now,
    newId,
    provider,
    runner,
    policy: options.policy,
    defaultRepo: options.defaultRepo,
    reportTtlMs: options.reportTtlMs,
    ...(options.accounts
      ? {
        accounts: options.accounts,
        // One checker for the service: its short cache is shared by every linked person.
        accessFor: createGitHubAccess({
          apiUrl: options.githubApiUrl ?? "https://api.github.com",
          fetch: options.fetch ?? ((input, init) => fetch(input, init)),
          now,
          log,
        }),
      }
      : {}),
  });
  return { runner, execute };
}
