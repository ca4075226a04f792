/**
 * Stored reports: what `GET /reports/:id` serves and what buttons refer to. A report URL is a
 * bearer link (the unguessable id is the only credential), so reports live a short,
 * configurable time: `REPORT_TTL_DAYS`, 7 days unless set.
 *
 * @module
 */
import { ID_PATTERN } from "../ids.ts";
import type { Store } from "../store/port.ts";
import { type Report, type ReportInput, ReportSchema } from "./model.ts";

/** Days a report page stays available when `REPORT_TTL_DAYS` is not set. */
export const DEFAULT_REPORT_TTL_DAYS = 7;

const DAY_MS = 24 * 3600 * 1000;

/**
 * Milliseconds a report lives, from a number of days (default {@linkcode DEFAULT_REPORT_TTL_DAYS}).
 *
 * @example
 * ```ts
 * reportTtlMs(1); // 86400000
 * ```
 */
export function reportTtlMs(days: number = DEFAULT_REPORT_TTL_DAYS): number {
  return days * DAY_MS;
}

/**
 * What a reader of an expired or unknown report link is told.
 *
 * @example
 * ```ts
 * reportGoneMessage(reportTtlMs(7)); // "No report with that id (reports expire after 7 days, set by REPORT_TTL_DAYS)"
 * ```
 */
export function reportGoneMessage(ttlMs: number): string {
  const days = Math.round(ttlMs / DAY_MS);
  return `No report with that id (reports expire after ${days} ${
    days === 1 ? "day" : "days"
  }, set by REPORT_TTL_DAYS)`;
}

/**
 * Validates a report, gives it an id and a creation time, and stores it for `reportTtlMs`
 * (default 7 days).
 *
 * @example
 * ```ts
 * import { openKvStore } from "../store/kv.ts";
 * const store = await openKvStore(":memory:");
 * const r = await saveReport(store, { title: "t", status: "neutral", summary: "" }, {
 *   newId: () => "a".repeat(22), now: () => new Date(0) });
 * r.id; // "aaaaaaaaaaaaaaaaaaaaaa"
 * ```
 */
export async function saveReport(
  store: Store,
  input: ReportInput,
  deps: { newId: () => string; now: () => Date; reportTtlMs?: number },
): Promise<Report> {
  const report = ReportSchema.parse({
    ...input,
    id: deps.newId(),
    createdAt: deps.now().toISOString(),
  });
  await store.set(["reports", report.id!], report, { ttlMs: deps.reportTtlMs ?? reportTtlMs() });
  return report;
}

/**
 * Loads a stored report; null for unknown or malformed ids and, given `expiry`, for reports
 * older than `ttlMs` at `now` (the store's own expiry is lazy, and a shortened TTL must apply
 * to reports saved before).
 *
 * @example
 * ```ts
 * import { openKvStore } from "../store/kv.ts";
 * const store = await openKvStore(":memory:");
 * await loadReport(store, "nope", { now: () => new Date(), ttlMs: reportTtlMs() }); // null
 * ```
 */
export async function loadReport(
  store: Store,
  id: string,
  expiry?: { now: () => Date; ttlMs: number },
): Promise<Report | null> {
  if (!ID_PATTERN.test(id)) return null;
  const value = await store.get<unknown>(["reports", id]);
  const parsed = ReportSchema.safeParse(value);
  if (!parsed.success) return null;
  if (!expiry) return parsed.data;
  const created = Date.parse(parsed.data.createdAt ?? "");
  if (!Number.isFinite(created) || expiry.now().getTime() - created >= expiry.ttlMs) return null;
  return parsed.data;
}
