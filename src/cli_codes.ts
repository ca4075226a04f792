/**
 * Exit codes of `cli run` shared by its modules (the analyze gate's are in `cli_analyze.ts`).
 *
 * @module
 */

/**
 * Exit code of a plain-language request that was shown, not run (it needs `--yes`).
 *
 * @example
 * ```ts
 * // if (await runCli(["run", "test the app"], io) === EXIT_NEEDS_YES) …
 * ```
 */
export const EXIT_NEEDS_YES = 3;
