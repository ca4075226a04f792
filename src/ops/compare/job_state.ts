/**
 * What an active comparison persists between steps, and its time limit.
 *
 * @module
 */
import { z } from "zod";
import { ScenarioSetSchema } from "../scenarios/loop.ts";

/** A comparison stops following its runs (and cancels them) after this long. */
export const COMPARE_TIME_LIMIT_MS = 12 * 3600 * 1000;

/** Persisted state of an active comparison. */
export const CompareStateSchema = ScenarioSetSchema.extend({
  baselineLabel: z.string(),
  candidateLabel: z.string(),
  // Read when planning; absent in comparisons planned before it was configurable (defaults).
  settings: z.object({
    noiseThreshold: z.object({
      spread: z.number().nonnegative().optional(),
      relative: z.number().nonnegative().optional(),
      absoluteMs: z.number().nonnegative().optional(),
    }),
    origin: z.string().max(500),
  }).optional(),
});
/** Persisted state of an active comparison. */
export type CompareState = z.infer<typeof CompareStateSchema>;
