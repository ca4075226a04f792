/**
 * Which shell a GitLab job's script runs in, and how that shell reads environment variables:
 * sh/bash `$VAR` `${VAR}`, PowerShell `$env:VAR` `${env:VAR}` (any case), cmd `%VAR%`.
 *
 * @module
 */

/** The shell family of a job. */
export type Shell = "sh" | "powershell" | "cmd";

/** One variable reference in a text. */
export interface VarRef {
  /** The text as written, e.g. `$Env:SUFFIX`. */
  whole: string;
  name: string;
  index: number;
}

const NAME = "[A-Za-z_][A-Za-z0-9_]*";
const PATTERNS: Record<Shell, RegExp> = {
  sh: new RegExp(`\\$(?:\\{(${NAME})\\}|(${NAME}))`, "g"),
  powershell: new RegExp(`\\$(?:\\{env:(${NAME})\\}|env:(${NAME}))`, "gi"),
  cmd: new RegExp(`%(${NAME})%`, "g"),
};
/** Fields GitLab's runner expands itself (artifacts paths, cache keys): `$VAR` in any shell. */
const RUNNER = PATTERNS.sh;

const WINDOWS_TAG = /(^|[^a-z])(win(dows|32|64)?|pwsh|powershell|ps)([^a-z]|$)/i;
const CMD_TAG = /(^|[^a-z])(cmd|batch)([^a-z]|$)/i;
const PS_SYNTAX = new RegExp(`\\$\\{?env:${NAME}`, "i");

/**
 * The shell a job's script runs in: runner tags naming Windows (`windows`, `win32-ps`, `pwsh`)
 * or PowerShell syntax in the script mean PowerShell; `cmd`/`batch` tags mean cmd; else sh.
 *
 * @example
 * ```ts
 * jobShell(["win32-ps"], "echo hi"); // "powershell"
 * jobShell([], 'echo "$Env:SUFFIX"'); // "powershell"
 * jobShell(["docker"], "make"); // "sh"
 * ```
 */
export function jobShell(tags: string[], script: string): Shell {
  if (tags.some((t) => CMD_TAG.test(t))) return "cmd";
  if (tags.some((t) => WINDOWS_TAG.test(t)) || PS_SYNTAX.test(script)) return "powershell";
  return "sh";
}

function refsWith(re: RegExp, text: string): VarRef[] {
  const out: VarRef[] = [];
  for (const m of text.matchAll(new RegExp(re.source, re.flags))) {
    out.push({ whole: m[0], name: m[1] ?? m[2], index: m.index });
  }
  return out;
}

/**
 * Environment variable references in a script, as the job's shell reads them.
 *
 * @example
 * ```ts
 * scriptRefs('Write-Output "$Env:SUFFIX"', "powershell").map((r) => r.name); // ["SUFFIX"]
 * scriptRefs("echo %CI_COMMIT_SHA%", "cmd").map((r) => r.name); // ["CI_COMMIT_SHA"]
 * ```
 */
export function scriptRefs(text: string, shell: Shell): VarRef[] {
  return refsWith(PATTERNS[shell], text);
}

/**
 * References in a field the runner passes through the job's shell or expands itself
 * (artifacts paths, cache keys): `$VAR`/`${VAR}` always, plus the shell's own syntax.
 *
 * @example
 * ```ts
 * fieldRefs("out-$Env:SUFFIX/$CI_COMMIT_SHORT_SHA", "powershell").map((r) => r.name);
 * // ["SUFFIX", "CI_COMMIT_SHORT_SHA"]
 * ```
 */
export function fieldRefs(text: string, shell: Shell): VarRef[] {
  const own = shell === "sh" ? [] : refsWith(PATTERNS[shell], text);
  const taken = new Set(own.flatMap((r) => range(r)));
  const runner = refsWith(RUNNER, text).filter((r) => !range(r).some((i) => taken.has(i)));
  return [...own, ...runner].sort((a, b) => a.index - b.index);
}

function range(r: VarRef): number[] {
  return Array.from({ length: r.whole.length }, (_, i) => r.index + i);
}

/**
 * Replaces each reference with `map(name)`, or keeps it as written when `map` returns null.
 *
 * @example
 * ```ts
 * replaceRefs("a-$X", fieldRefs("a-$X", "sh"), () => "1"); // "a-1"
 * ```
 */
export function replaceRefs(
  text: string,
  refs: VarRef[],
  map: (name: string) => string | null,
): string {
  let out = "";
  let at = 0;
  for (const r of refs) {
    out += text.slice(at, r.index) + (map(r.name) ?? r.whole);
    at = r.index + r.whole.length;
  }
  return out + text.slice(at);
}
