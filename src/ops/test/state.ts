/**
 * What a `test` job keeps between steps: its scenarios and their runs. A module of its own so
 * the job and its reports share the type without importing each other.
 *
 * @module
 */
import type { z } from "zod";
import { ScenarioSetSchema } from "../scenarios/loop.ts";

/**
 * A test stops following its runs (and cancels them) after this long.
 *
 * @example
 * ```ts
 * const deadline = new Date(Date.now() + TEST_TIME_LIMIT_MS).toISOString();
 * ```
 */
export const TEST_TIME_LIMIT_MS = 6 * 3600 * 1000;

/**
 * Persisted state of a test job.
 *
 * @example
 * ```ts
 * const state = TestStateSchema.parse({
 *   repo: "acme/app", workflow: "ci.yml", ref: "main", scenarios: [],
 *   deadline: "2026-01-01T06:00:00Z", polls: 0,
 * });
 * ```
 */
export const TestStateSchema = ScenarioSetSchema;
/** Persisted state of a test job. */
export type TestState = z.infer<typeof TestStateSchema>;
