/**
 * The natural-language evaluation set: phrases written by hand the way engineers type in
 * Slack, Teams and Discord, each with what the reader should understand. It is kept apart from
 * anything a reader is built or tuned from: never train on, or copy phrases out of, this folder.
 *
 * @module
 */
import { ALERT_PHRASES } from "./phrases_alerts.ts";
import { COMPARE_PHRASES } from "./phrases_compare.ts";
import { DISPATCH_PHRASES } from "./phrases_dispatch.ts";
import { IMPROVE_PHRASES } from "./phrases_improve.ts";
import { JOB_PHRASES } from "./phrases_jobs.ts";
import { MATRIX_PHRASES } from "./phrases_matrix.ts";
import { MIXED_PHRASES } from "./phrases_mixed.ts";
import { TALK_PHRASES } from "./phrases_talk.ts";
import { USE_PHRASES } from "./phrases_use.ts";
import type { EvalPhrase } from "./types.ts";

export type { EvalPhrase } from "./types.ts";

/**
 * Every phrase of the set.
 *
 * @example
 * ```ts
 * PHRASES.filter((p) => p.act === "question").length;
 * ```
 */
export const PHRASES: readonly EvalPhrase[] = [
  ...DISPATCH_PHRASES,
  ...MATRIX_PHRASES,
  ...COMPARE_PHRASES,
  ...IMPROVE_PHRASES,
  ...JOB_PHRASES,
  ...ALERT_PHRASES,
  ...TALK_PHRASES,
  ...USE_PHRASES,
  ...MIXED_PHRASES,
];
