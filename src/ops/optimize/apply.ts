/**
 * `optimize apply`: combine the chosen suggestions into one change per file, validate it, and
 * name it by content so a confirmation is bound to the files it was shown for.
 *
 * @module
 */
import { CiError } from "../../errors.ts";
import { applyEdits } from "../../workflow/edit.ts";
import { unifiedDiff } from "../../workflow/edit_diff.ts";
import { sha256Hex } from "../../hash.ts";
import type { SourceFile } from "../../workflow/lint.ts";
import { applicable, type Suggestion } from "./model.ts";
import { type Actionlint, validatePatch } from "../pull_requests/validate.ts";
import { pullRequestBody, titleSaving } from "./checklist.ts";

/** The combined change, ready to confirm or to open as a pull request. */
export interface ApplyPlan {
  selected: Suggestion[];
  changes: Array<{ path: string; before: string; after: string; diff: string }>;
  /** Short SHA-256 of the files' current contents: a confirmation is valid only for these. */
  contentHash: string;
  branch: string;
  title: string;
  body: string;
}

const plain = (s: string) => s.replace(/`/g, "");

/**
 * Selects the `requested` ids (repeats ignored) from the suggestions and builds the combined,
 * validated change; its body is the checklist of `checklist.ts`.
 *
 * @throws {CiError} `not_found` for an unknown id (listing the known ones), `bad_request` for no
 *   ids, a suggestion made by hand or a combination that fails validation.
 * @example
 * ```ts
 * const plan = await planApply(suggestions, files, ["s1", "s2"]);
 * plan.branch; // "ci-orchestrator/optimize-3fa9c2e1d0"
 * ```
 */
export async function planApply(
  suggestions: readonly Suggestion[],
  files: readonly SourceFile[],
  requested: readonly string[],
  actionlint?: Actionlint,
): Promise<ApplyPlan> {
  // A repeated id would apply its edits twice.
  const ids = [...new Set(requested)];
  if (ids.length === 0) {
    throw new CiError("bad_request", "Cannot apply: no suggestion ids were named", {
      hint: "Name the ids from the `optimize` list, e.g. `optimize apply s1a2b3,s9f8e7`.",
    });
  }
  const known = new Map(suggestions.map((s) => [s.id, s]));
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    const shown = suggestions.filter(applicable).slice(0, 15).map((s) => s.id).join(", ");
    throw new CiError("not_found", `No suggestion with id ${unknown.join(", ")}`, {
      hint: shown
        ? `Suggestions that can be applied now: ${shown}. Ids change when the file does; ` +
          "run `optimize` again to see the current ones."
        : "There is nothing to apply: run `optimize` to see the current suggestions.",
    });
  }
  const selected = ids.map((id) => known.get(id)!);
  const manual = selected.filter((s) => !applicable(s));
  if (manual.length > 0) {
    throw new CiError(
      "bad_request",
      `Cannot apply ${manual.map((s) => s.id).join(", ")} automatically: ${
        manual[0].problems.join("; ") || "no patch"
      }`,
      {
        hint: "Leave these out and make the change by hand (the report shows how).",
      },
    );
  }
  const changes: ApplyPlan["changes"] = [];
  for (const path of [...new Set(selected.map((s) => s.file))].sort()) {
    const before = files.find((f) => f.path === path)!.content;
    const mine = selected.filter((s) => s.file === path);
    const after = applyEdits(before, mine.flatMap((s) => s.edits!));
    const problems = validatePatch({
      path,
      before,
      after,
      fixed: mine.map((s) => s.finding),
      ...(actionlint ? { actionlint } : {}),
    });
    if (problems.length > 0) {
      throw new CiError(
        "bad_request",
        `Together, ${mine.map((s) => s.id).join(", ")} do not give a valid ${path}: ${
          problems.join("; ")
        }`,
        {
          hint: "Apply them one at a time.",
        },
      );
    }
    changes.push({ path, before, after, diff: unifiedDiff(path, before, after) });
  }
  const contentHash = (await sha256Hex(
    changes.map((c) => `${c.path}\0${c.before}`).join("\0"),
  )).slice(0, 12);
  const sortedIds = [...ids].sort().join(",");
  const branch = `ci-orchestrator/optimize-${
    (await sha256Hex(`${sortedIds}@${contentHash}`)).slice(0, 10)
  }`;
  const title = selected.length === 1
    ? `ci: ${plain(selected[0].title)}`
    : `ci: ${selected.length} workflow optimizations${titleSaving(selected)}`;
  const checked = changes.map((c) => ({
    path: c.path,
    ids: selected.filter((s) => s.file === c.path).map((s) => s.id),
  }));
  const body = pullRequestBody(selected, checked, actionlint !== undefined);
  return { selected, changes, contentHash, branch, title, body };
}
