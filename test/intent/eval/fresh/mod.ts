/**
 * The second, fresh held-out evaluation set for the plain-language reader, written blind to the
 * reader and to the first set, so its score was never tuned on. Score it once per release of the
 * reader; never analyse its errors to change the reader (add new phrases to the first set).
 *
 * @module
 */
import type { EvalPhrase } from "../types.ts";
import { ACCOUNT_PHRASES } from "./phrases_account.ts";
import { ALERT_PHRASES } from "./phrases_alerts.ts";
import { COMPARE_PHRASES } from "./phrases_compare.ts";
import { FIELD_PHRASES } from "./phrases_fields.ts";
import { IMPROVE_PHRASES } from "./phrases_improve.ts";
import { JOB_PHRASES } from "./phrases_jobs.ts";
import { QUESTION_PHRASES } from "./phrases_questions.ts";
import { TALK_PHRASES } from "./phrases_talk.ts";
import { TEST_PHRASES } from "./phrases_test.ts";

/**
 * Every fresh phrase with the intent it should produce (`op: null`: nothing should run).
 *
 * @example
 * ```ts
 * FRESH_PHRASES.length >= 200; // true
 * ```
 */
export const FRESH_PHRASES: readonly EvalPhrase[] = [
  ...TEST_PHRASES,
  ...COMPARE_PHRASES,
  ...IMPROVE_PHRASES,
  ...JOB_PHRASES,
  ...ALERT_PHRASES,
  ...ACCOUNT_PHRASES,
  ...QUESTION_PHRASES,
  ...FIELD_PHRASES,
  ...TALK_PHRASES,
];
