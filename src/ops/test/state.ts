/**
 * What a `test` job keeps between steps: its scenarios and their runs. A module of its own so
 * the job and its reports share the type without importing each other.
 *
 * @module
 */
import type { z } from "zod";
import { ScenarioSetSchema } from "../scenarios/loop.ts";

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
