/**
 * In-process background work started after an acknowledgement. Every task is tracked so
 * shutdown (and tests) can wait for it, and every failure is logged with its task name.
 * Durable, restart-surviving jobs build on this in `src/jobs/` (see issue 3).
 *
 * @module
 */
import type { Logger } from "../log.ts";

/** A runner of background tasks. */
export interface BackgroundRunner {
  /** Starts `work` now; never throws, failures are logged. */
  run(name: string, work: () => Promise<void>): void;
  /** Resolves when every task started so far (and any they start) has settled. */
  drain(): Promise<void>;
  /** Tasks still running. */
  readonly pending: number;
}

/**
 * Creates a runner that logs failures to `log`.
 *
 * @example
 * ```ts
 * import { memoryLogger } from "../log.ts";
 * const runner = backgroundRunner(memoryLogger());
 * runner.run("hello", async () => {});
 * await runner.drain();
 * ```
 */
export function backgroundRunner(
  log: Logger,
  options: { concurrency?: number } = {},
): BackgroundRunner {
  // A burst of acknowledged requests must not start a burst of concurrent work: at most
  // `concurrency` run at once, the rest wait in order (a closure each, not a running task).
  const limit = options.concurrency ?? 32;
  const tasks = new Set<Promise<void>>();
  const waiting: Array<() => void> = [];
  let running = 0;
  const next = () => {
    running--;
    waiting.shift()?.();
  };
  return {
    run(name, work) {
      const started = running < limit
        ? (running++, Promise.resolve())
        : new Promise<void>((resolve) => waiting.push(() => (running++, resolve())));
      const task: Promise<void> = started
        .then(work)
        .catch((error) => log.error("background task failed", { task: name, error }))
        .finally(() => {
          tasks.delete(task);
          next();
        });
      tasks.add(task);
    },
    async drain() {
      while (tasks.size) await Promise.allSettled([...tasks]);
    },
    get pending() {
      return tasks.size;
    },
  };
}
