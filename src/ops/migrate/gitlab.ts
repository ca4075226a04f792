/**
 * GitLab CI → GitHub Actions: `.gitlab-ci.yml` (plus its local includes) becomes one workflow
 * and an audit of every construct that was not converted or changes behaviour. Pure: no I/O.
 *
 * @module
 */
import { Document } from "yaml";
import { CiError } from "../../errors.ts";
import { Audit } from "./gitlab_audit.ts";
import { buildWorkflow } from "./gitlab_convert.ts";
import { Locations, parseGitLabYaml } from "./gitlab_parse.ts";
import { resolvePipeline } from "./gitlab_resolve.ts";
import { commentPins } from "./pinned_actions.ts";
import type { MigrationResult } from "./model.ts";

/** Where the converted workflow is written. */
export const GITLAB_WORKFLOW_PATH = ".github/workflows/gitlab-ci.yml";

/** Options of {@linkcode convertGitLab}. */
export interface ConvertGitLabOptions {
  /** Other repository files by path, for `include: local:`. */
  files?: Record<string, string>;
  /** Runner for jobs without `tags`; default `ubuntu-latest`. */
  defaultRunner?: string;
}

/**
 * Converts a `.gitlab-ci.yml`. Unreadable input yields no files and a `not-converted` note;
 * only oversized input throws.
 *
 * @throws {CiError} `too_large` when the file (or its anchor expansion) is too big.
 * @example
 * ```ts
 * const result = convertGitLab(".gitlab-ci.yml", "test:\n  script: [make test]\n");
 * result.files[0].path; // ".github/workflows/gitlab-ci.yml"
 * result.notes.filter((n) => n.kind === "not-converted"); // the audit
 * ```
 */
export function convertGitLab(
  path: string,
  content: string,
  options: ConvertGitLabOptions = {},
): MigrationResult {
  const audit = new Audit();
  const locs = new Locations();
  const result = (): MigrationResult => ({ strategy: "gitlab", files: [], notes: audit.notes });
  const parsed = parseGitLabYaml(path, content, locs);
  for (const issue of parsed.issues) audit.notConverted(issue, issue.message);
  if (!parsed.root) return result();
  try {
    const pipeline = resolvePipeline({
      path,
      root: parsed.root,
      files: options.files ?? {},
      locs,
      audit,
    });
    const built = buildWorkflow({
      path,
      pipeline,
      locs,
      audit,
      defaultRunner: options.defaultRunner ?? "ubuntu-latest",
    });
    if (built.jobCount === 0) {
      audit.notConverted({ file: path }, "No job could be converted; no workflow was written");
      return result();
    }
    const after = emitWorkflow(built.workflow, path);
    const counts = { "not-converted": 0, "behaviour-change": 0 };
    for (const n of audit.notes) if (n.kind in counts) counts[n.kind as keyof typeof counts]++;
    audit.converted(
      { file: path },
      `Converted ${built.jobCount} job(s) from ${path} into ${GITLAB_WORKFLOW_PATH}: ` +
        `${counts["not-converted"]} construct(s) not converted and ${
          counts["behaviour-change"]
        } behaviour change(s) to review`,
    );
    return {
      strategy: "gitlab",
      files: [{ path: GITLAB_WORKFLOW_PATH, before: null, after }],
      notes: audit.notes,
    };
  } catch (error) {
    if (error instanceof CiError && error.code === "too_large") throw error;
    // Unknown shapes must end in the audit, never in a crash of the whole migration.
    const reason = error instanceof Error ? error.message : String(error);
    audit.notConverted({ file: path }, `The conversion stopped on an unexpected shape: ${reason}`);
    return result();
  }
}

/**
 * Serialises a workflow object as readable YAML (block scripts, no line folding).
 *
 * @example
 * ```ts
 * emitWorkflow({ on: { push: {} }, jobs: {} }, ".gitlab-ci.yml"); // "# Converted …\non:\n  push: {}\njobs: {}\n"
 * ```
 */
export function emitWorkflow(workflow: Record<string, unknown>, source: string): string {
  const doc = new Document(workflow, { aliasDuplicateObjects: false });
  doc.commentBefore =
    ` Converted from ${source} by ci-orchestrator. Review the migration audit before merging.`;
  commentPins(doc);
  return doc.toString({ lineWidth: 0, blockQuote: "literal" });
}
