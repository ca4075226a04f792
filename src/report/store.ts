/**
 * Stored reports: what `GET /reports/:id` serves and what buttons refer to.
 *
 * @module
 */
import { ID_PATTERN } from "../ids.ts";
import type { Store } from "../store/port.ts";
import { type Report, type ReportInput, ReportSchema } from "./model.ts";

/** How long report pages stay available. */
export const REPORT_TTL_MS = 30 * 24 * 3600 * 1000;

/**
 * Validates a report, gives it an id and a creation time, and stores it.
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
  deps: { newId: () => string; now: () => Date },
): Promise<Report> {
  const report = ReportSchema.parse({
    ...input,
    id: deps.newId(),
    createdAt: deps.now().toISOString(),
  });
  await store.set(["reports", report.id!], report, { ttlMs: REPORT_TTL_MS });
  return report;
}

/**
 * Loads a stored report; null for unknown or malformed ids.
 *
 * @example
 * ```ts
 * import { openKvStore } from "../store/kv.ts";
 * await loadReport(await openKvStore(":memory:"), "nope"); // null
 * ```
 */
export async function loadReport(store: Store, id: string): Promise<Report | null> {
  if (!ID_PATTERN.test(id)) return null;
  const value = await store.get<unknown>(["reports", id]);
  const parsed = ReportSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}
