/**
 * The one re-analysis check every offered patch passes: {@linkcode validatePatch} (the file
 * parses, the finding is gone, nothing new from our rules or actionlint) plus the plan's claim
 * checked on the re-parsed patched file (e.g. the workflow really runs on `pull_request` and its
 * concurrency cancels pull-request runs; the job really has the proposed timeout).
 *
 * @module
 */
import type { Finding } from "../../report/model.ts";
import { lintFile } from "../../workflow/lint.ts";
import type { WorkflowFile } from "../../workflow/model.ts";
import { type Actionlint, validatePatch } from "../pull_requests/validate.ts";

/** What {@linkcode checkPatch} re-analyses. */
export interface PatchClaim {
  path: string;
  before: string;
  after: string;
  /** Findings the patch claims to fix. */
  fixed: readonly Finding[];
  /** The condition the patch claims to create; undefined result when it holds. */
  claim?: (patched: WorkflowFile) => string | undefined;
  actionlint?: Actionlint;
}

/**
 * Problems with a patch, in words; empty when it may be offered.
 *
 * @example
 * ```ts
 * checkPatch({ path, before, after, fixed: [finding], claim: pullRequestCancelProblem }); // []
 * ```
 */
export function checkPatch(check: PatchClaim): string[] {
  const { claim, ...rest } = check;
  const problems = validatePatch(rest);
  if (problems.length > 0 || !claim) return problems;
  const file = lintFile({ path: check.path, content: check.after }).file;
  const broken = file ? claim(file) : "the patched file does not parse";
  return broken ? [broken] : [];
}
