/**
 * A durable inbox queue for surface tests: over the test's store, with its work tracked by the
 * test's own background function, so awaiting that (the harness's `settle`) awaits the work.
 *
 * @module
 */
import { createInboxQueue, type InboxQueue } from "../../src/inbox/queue.ts";
import { type Logger, memoryLogger } from "../../src/log.ts";
import type { Store } from "../../src/store/port.ts";

/**
 * The queue a surface test passes as `SurfaceDeps.inbox`.
 *
 * @example
 * ```ts
 * const inbox = testInbox(store, (_name, work) => void pending.push(work()));
 * ```
 */
export function testInbox(
  store: Store,
  spawn: (name: string, work: () => Promise<void>) => void,
  options: { log?: Logger; now?: () => Date; limit?: number } = {},
): InboxQueue {
  return createInboxQueue(store, {
    log: options.log ?? memoryLogger(),
    now: options.now ?? (() => new Date()),
    spawn,
    ...(options.limit ? { limit: options.limit } : {}),
  });
}
