/**
 * What `optimize` proposes: one suggestion per fixable finding, with its estimated saving and,
 * when the change can be made automatically, the edits and their diff.
 *
 * @module
 */
import type { Finding } from "../../report/model.ts";
import type { Edit } from "../../workflow/edit.ts";

/** An estimated saving and what it rests on. */
export interface Estimate {
  /** Runner minutes per week, measured; 0 when not estimated (then it enters no total). */
  minutesPerWeek: number;
  /** The assumption in words, with the measured numbers it used. */
  assumption: string;
  /** Whether the numbers come from the repository's run history. */
  measured: boolean;
  /** 95 % range of the weekly saving (measured estimates only). */
  range?: { low: number; high: number };
}

/** One ranked suggestion. */
export interface Suggestion {
  /** Short, deterministic from rule + file + job + line, so `optimize apply <id>` works later. */
  id: string;
  ruleId: string;
  title: string;
  file: string;
  line?: number;
  job?: string;
  finding: Finding;
  estimate: Estimate;
  /** Edits that apply it; absent when it must be done by hand (then `manual` says how). */
  edits?: Edit[];
  /** The file after this suggestion alone, and its unified diff. */
  patched?: string;
  diff?: string;
  /** Why it is not applied automatically, or what validation of the patch found. */
  problems: string[];
  /** The rule's snippet, for suggestions made by hand. */
  manual?: string;
}

/**
 * Whether a suggestion can be applied by `optimize apply`.
 *
 * @example
 * ```ts
 * suggestions.filter(applicable).map((s) => s.id);
 * ```
 */
export const applicable = (s: Suggestion): boolean =>
  s.edits !== undefined && s.patched !== undefined && s.problems.length === 0;
