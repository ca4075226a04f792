/**
 * Demo mode (`deno task demo`, `boot(env, { demo: true })`): every report the service stores or
 * sends says it is a demo, so a screenshot of the simulated service is never taken for real CI
 * results. Reports reach people three ways — returned by `execute` (inline replies, a job's
 * first reply), delivered by the job runner (progress, final) and read back from the store (the
 * report page, a final reply) — so the marker is put on at each of the three.
 *
 * @module
 */
import type { JobDeliver } from "./jobs/runner.ts";
import type { Report } from "./report/model.ts";
import type { Store } from "./store/port.ts";
import type { Execute } from "./surface.ts";

/** What every demo report's title starts with. */
export const DEMO_PREFIX = "Demo: ";

/**
 * The report with its title marked as a demo (once: a marked report is returned as is).
 *
 * @example
 * ```ts
 * demoReport({ title: "Analyze acme/app", status: "success", summary: "" }).title;
 * // "Demo: Analyze acme/app"
 * ```
 */
export function demoReport<T extends { title: string }>(report: T): T {
  if (report.title.startsWith(DEMO_PREFIX)) return report;
  return { ...report, title: DEMO_PREFIX + report.title };
}

/**
 * `execute` whose every returned report is marked as a demo.
 *
 * @example
 * ```ts
 * // deps.execute = demoExecute(execute);
 * ```
 */
export function demoExecute(execute: Execute): Execute {
  return async (intent, meta, reply, options) =>
    demoReport(await execute(intent, meta, reply, options));
}

/**
 * A job delivery that marks each report before handing it on.
 *
 * @example
 * ```ts
 * // createCore({ …, deliver: demoDeliver(deliver) });
 * ```
 */
export function demoDeliver(deliver: JobDeliver): JobDeliver {
  return (reply, report, phase) => deliver(reply, demoReport(report), phase);
}

const isReport = (value: unknown): value is Report =>
  typeof value === "object" && value !== null && typeof (value as Report).title === "string";

/**
 * The store, except that reports (`["reports", id]`) are written marked as a demo.
 *
 * @example
 * ```ts
 * // const store = demoStore(await openKvStore(":memory:"));
 * ```
 */
export function demoStore(store: Store): Store {
  const marked = (key: readonly unknown[], value: unknown) =>
    key[0] === "reports" && isReport(value) ? demoReport(value) : value;
  return {
    get: (key) => store.get(key),
    set: (key, value, options) => store.set(key, marked(key, value), options),
    setIfAbsent: (key, value, options) => store.setIfAbsent(key, marked(key, value), options),
    delete: (key) => store.delete(key),
    list: (prefix, options) => store.list(prefix, options),
    enqueue: (message, options) => store.enqueue(message, options),
    listenQueue: (handler) => store.listenQueue(handler),
    ping: () => store.ping(),
    close: () => store.close(),
  };
}
