/**
 * Who a limit applies to and what a request costs. A caller is the surface, the scope it spoke
 * in (Slack workspace, Discord guild, Teams team or tenant) and the user id; a request without a
 * user id shares its scope's "anonymous" caller, which gets a lower limit. Operations that read
 * or start a lot on the CI provider cost more tokens and hold an in-flight slot; help, status and
 * the other bookkeeping commands stay cheap and never wait for a slot.
 *
 * @module
 */
import type { Intent } from "../intent/schema.ts";
import type { RequestMeta, SurfaceName } from "../surface.ts";

/** Tokens a heavy operation costs (a cheap one costs 1). */
export const HEAVY_COST = 3;

/** Operations that make many CI provider requests (about 70 for one `analyze`). */
export const HEAVY_OPS: ReadonlySet<Intent["op"]> = new Set([
  "test",
  "compare",
  "migrate",
  "analyze",
  "optimize",
]);

/** A caller as the limits see it. */
export interface Subject {
  surface: SurfaceName;
  /** Unique per caller; never shown to anyone. */
  key: string;
  /** No user id: the scope's shared caller, with a lower limit. */
  anonymous: boolean;
}

/** What one request costs. */
export interface Weight {
  /** Tokens taken from the caller's bucket. */
  tokens: number;
  /** Whether it holds one of the caller's in-flight slots while it runs. */
  slot: boolean;
  /** What was asked, for messages (`analyze`). */
  label: string;
}

/**
 * The caller behind a request.
 *
 * @example
 * ```ts
 * subjectOf({ surface: "slack", teamId: "T1", userId: "U1" }).anonymous; // false
 * subjectOf({ surface: "teams" }).anonymous; // true
 * ```
 */
export function subjectOf(meta: Pick<RequestMeta, "surface" | "teamId" | "userId">): Subject {
  const anonymous = !meta.userId;
  return {
    surface: meta.surface,
    key: JSON.stringify([meta.surface, meta.teamId ?? "", anonymous ? null : meta.userId]),
    anonymous,
  };
}

/**
 * What an intent costs.
 *
 * @example
 * ```ts
 * weightOf({ op: "analyze" }); // { tokens: 3, slot: true, label: "analyze" }
 * weightOf({ op: "help" }); // { tokens: 1, slot: false, label: "help" }
 * ```
 */
export function weightOf(intent: Pick<Intent, "op">): Weight {
  const heavy = HEAVY_OPS.has(intent.op);
  return { tokens: heavy ? HEAVY_COST : 1, slot: heavy, label: intent.op };
}
