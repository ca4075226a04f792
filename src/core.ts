/**
 * The core without HTTP: the job runner and the pipeline over a store and a provider. The
 * service (`boot.ts`) and the CLI build the same core; only where replies go differs.
 *
 * @module
 */
import { createExecutor } from "./execute.ts";
import { createJobRunner, type JobDeliver, type JobRunner } from "./jobs/runner.ts";
import type { Logger } from "./log.ts";
import { compareJob } from "./ops/compare/mod.ts";
import { testJob } from "./ops/test/mod.ts";
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
    definitions: [testJob, compareJob],
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
  });
  return { runner, execute };
}
