/**
 * Start-up replay: every pending inbox record is run again by the surface that wrote it, or,
 * past its source's age limit (e.g. a Slack `response_url` that has expired), reported as lost
 * instead. Replay runs each record at most once per inbox (an atomic claim), so instances
 * starting together on a shared store do not both run it.
 *
 * @module
 */
import type { Logger } from "../log.ts";
import type { Inbox } from "./inbox.ts";
import { INBOX_LIMITS, type InboxRecord, type InboxSource } from "./model.ts";

/** Runs one pending record's work again (the payload is parsed by the surface). */
export type Replayer = (record: InboxRecord) => Promise<void>;

/** Replayers by source; each mounted surface registers its own. */
export type Replayers = Map<InboxSource, Replayer>;

/** Options of {@linkcode replayInbox}. */
export interface ReplayOptions {
  log: Logger;
  now: () => Date;
  /**
   * Records younger than this are left alone. On a store shared by several instances a young
   * pending record may still be running elsewhere; with an embedded store nothing else runs it.
   */
  graceMs?: number;
  /**
   * When this process started: records received since then are this process's own live work
   * (already queued), so replay leaves them alone instead of running them twice.
   */
  startedAt?: Date;
}

/** What a replay did, by count. */
export interface ReplaySummary {
  replayed: number;
  failed: number;
  lost: number;
  skipped: number;
}

/**
 * Replays the pending records of every source that has a replayer, one at a time.
 *
 * @example
 * ```ts
 * const summary = await replayInbox(inbox, replayers, { log, now: () => new Date() });
 * log.info("inbox replayed", { ...summary });
 * ```
 */
export async function replayInbox(
  inbox: Inbox,
  replayers: Replayers,
  options: ReplayOptions,
): Promise<ReplaySummary> {
  const log = options.log.child({ component: "inbox" });
  const summary: ReplaySummary = { replayed: 0, failed: 0, lost: 0, skipped: 0 };
  for (const [source, replay] of replayers) {
    for (const record of await inbox.pending(source)) {
      const ageMs = options.now().getTime() - Date.parse(record.receivedAt);
      const fields = { source, id: record.id, requestId: record.requestId, ageMs };
      const ours = options.startedAt !== undefined &&
        Date.parse(record.receivedAt) > options.startedAt.getTime();
      if (
        ours || ageMs < (options.graceMs ?? 0) || !(await inbox.claimReplay(source, record.id))
      ) {
        summary.skipped++;
        continue;
      }
      if (!(ageMs <= INBOX_LIMITS[source].maxAgeMs)) {
        log.warn("acknowledged request lost: too old to run after restart", {
          ...fields,
          maxAgeMs: INBOX_LIMITS[source].maxAgeMs,
        });
        await inbox.finish(source, record.id, "lost");
        summary.lost++;
        continue;
      }
      log.info("replaying an acknowledged request after restart", fields);
      try {
        await inbox.settle(source, record.id, () => replay(record));
        summary.replayed++;
      } catch (error) {
        log.error("replayed request failed", { ...fields, error });
        summary.failed++;
      }
    }
  }
  return summary;
}
