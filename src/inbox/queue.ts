/**
 * The durable work queue behind the inbox. A surface `accept`s a delivery: when the backlog has
 * room the record is written — the one store write before the 2xx, sharing a commit with the
 * acks that arrive meanwhile (see `src/store/kv_group.ts`) — and only its source and id wait in
 * memory. A bounded number of workers read each record back from the store and run it with the
 * runner its surface registered, which is also what start-up replay runs: a live request and a
 * replayed one go through the same code. Nothing here holds a request body.
 *
 * When the backlog (accepted, not yet finished) reaches its limit, `accept` writes nothing and
 * answers `busy`: the surface asks the platform to try again in a moment, and memory stays flat
 * however long a burst lasts.
 *
 * @module
 */
import type { Logger } from "../log.ts";
import type { Store } from "../store/port.ts";
import { createInbox, type Inbox } from "./inbox.ts";
import type { InboxSource } from "./model.ts";
import type { Replayer, Replayers } from "./replay.ts";

/** What `accept` decided. */
export type Admission = "accepted" | "duplicate" | "busy";

/** What happens to a record whose work failed. */
export type OnFailure =
  /** Kept as `failed`: a retry of the same delivery is a duplicate (chat surfaces). */
  | "keep"
  /** Forgotten: the platform's redelivery runs it again (GitHub's manual redelivery). */
  | "release";

/** Counters for `/metrics`. */
export interface InboxQueueStats {
  /** Accepted records not finished yet, by source (waiting or running). */
  backlog: Partial<Record<InboxSource, number>>;
  /** Records running now. */
  running: number;
  /** Deliveries answered busy since start, by source. */
  busy: Partial<Record<InboxSource, number>>;
  /** Records finished since start, by outcome. */
  finished: { done: number; failed: number };
  /** The backlog limit. */
  limit: number;
}

/** The queue. */
export interface InboxQueue {
  /**
   * Records a delivery and queues its work, or answers `duplicate` (already recorded) or `busy`
   * (backlog full; nothing written). Throws when the store cannot write: answer with an error
   * so the platform retries.
   */
  accept(source: InboxSource, id: string, payload: unknown, requestId?: string): Promise<Admission>;
  /** Registers how a source's records run (live and at start-up replay). */
  register(source: InboxSource, run: Replayer, options?: { onFailure?: OnFailure }): void;
  /** The registered runners (start-up replay uses them). */
  readonly replayers: Replayers;
  /** Resolves when nothing is waiting or running. */
  drain(): Promise<void>;
  stats(): InboxQueueStats;
}

/** Options of {@linkcode createInboxQueue}. */
export interface InboxQueueOptions {
  log: Logger;
  now: () => Date;
  /** Records running at once (`INBOX_CONCURRENCY`, default 16). */
  concurrency?: number;
  /** Accepted-but-unfinished records past which `accept` answers busy (`INBOX_BACKLOG_LIMIT`). */
  limit?: number;
  /**
   * Where running records are tracked (the service's background runner, so shutdown and tests
   * that drain it wait for them too); default: run directly.
   */
  spawn?: (name: string, work: () => Promise<void>) => void;
}

/** Defaults: 16 at a time keeps two cores busy without starving the acks; 5,000 waiting ≈ seconds. */
export const INBOX_QUEUE_DEFAULTS = { concurrency: 16, limit: 5_000 } as const;

interface Item {
  source: InboxSource;
  id: string;
}

/**
 * Creates the queue over `store`.
 *
 * @example
 * ```ts
 * const queue = createInboxQueue(store, { log, now: () => new Date() });
 * queue.register("github", (record) => handle(record.payload));
 * if ((await queue.accept("github", deliveryId, { event, body })) === "busy") {
 *   // answer 503 with Retry-After
 * }
 * ```
 */
export function createInboxQueue(store: Store, options: InboxQueueOptions): InboxQueue {
  const log = options.log.child({ component: "inbox" });
  const inbox: Inbox = createInbox(store, { log: options.log, now: options.now });
  const concurrency = options.concurrency ?? INBOX_QUEUE_DEFAULTS.concurrency;
  const limit = options.limit ?? INBOX_QUEUE_DEFAULTS.limit;
  const spawn = options.spawn ?? ((_name: string, work: () => Promise<void>) => void work());
  const replayers: Replayers = new Map();
  const failureModes = new Map<InboxSource, OnFailure>();
  const backlog = new Map<InboxSource, number>();
  const busy = new Map<InboxSource, number>();
  const finished = { done: 0, failed: 0 };
  // A ring of ids, not closures: a waiting record costs two short strings.
  let waiting: Item[] = [];
  let head = 0;
  let running = 0;
  let total = 0;
  let idle: Array<() => void> = [];

  const count = (map: Map<InboxSource, number>, source: InboxSource, by: number) =>
    map.set(source, (map.get(source) ?? 0) + by);
  const release = (source: InboxSource) => {
    count(backlog, source, -1);
    total--;
    if (total === 0) {
      const done = idle;
      idle = [];
      done.forEach((resolve) => resolve());
    }
  };

  const runOne = async ({ source, id }: Item) => {
    try {
      const record = await inbox.get(source, id);
      // Finished meanwhile (e.g. by a replay on another instance): nothing to do.
      if (record?.state !== "pending") return;
      const run = replayers.get(source);
      if (!run) {
        log.error("no runner registered for an accepted record", { source, id });
        return;
      }
      try {
        await run(record);
      } catch (error) {
        finished.failed++;
        log.error("accepted request failed", { source, id, requestId: record.requestId, error });
        if (failureModes.get(source) === "release") await inbox.release(source, id);
        else await inbox.finish(source, id, "failed", record);
        return;
      }
      finished.done++;
      await inbox.finish(source, id, "done", record);
    } catch (error) {
      // The store failed: the record stays pending and start-up replay runs it.
      log.error("inbox record could not be run or finished", { source, id, error });
    } finally {
      release(source);
    }
  };

  const pump = () => {
    while (running < concurrency && head < waiting.length) {
      const item = waiting[head++];
      if (head > 1024 && head * 2 > waiting.length) {
        waiting = waiting.slice(head);
        head = 0;
      }
      running++;
      // The next record starts before this task ends, so a drain of `spawn` sees it.
      spawn(`inbox.${item.source}`, () =>
        runOne(item).finally(() => {
          running--;
          pump();
        }));
    }
  };

  return {
    async accept(source, id, payload, requestId) {
      if (total >= limit) {
        count(busy, source, 1);
        log.warn("backlog full: delivery answered busy", { source, id, requestId, limit });
        return "busy";
      }
      // Reserved before the write, so concurrent acks cannot overshoot the limit.
      total++;
      count(backlog, source, 1);
      let fresh: boolean;
      try {
        fresh = await inbox.accept(source, id, payload, requestId);
      } catch (error) {
        release(source);
        throw error;
      }
      if (!fresh) {
        release(source);
        return "duplicate";
      }
      waiting.push({ source, id });
      pump();
      return "accepted";
    },
    register(source, run, o = {}) {
      replayers.set(source, run);
      failureModes.set(source, o.onFailure ?? "keep");
    },
    replayers,
    drain() {
      return total === 0 ? Promise.resolve() : new Promise((resolve) => idle.push(resolve));
    },
    stats() {
      return {
        backlog: Object.fromEntries(backlog),
        running,
        busy: Object.fromEntries(busy),
        finished: { ...finished },
        limit,
      };
    },
  };
}
