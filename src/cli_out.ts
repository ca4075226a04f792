/**
 * `cli run "migrate …" --out DIR`: writes the files a migration proposes into a folder, never
 * outside it, and never over someone's files unless `--force` says so.
 *
 * @module
 */
import { CiError } from "./errors.ts";
import type { Intent } from "./intent/schema.ts";
import type { OpContext } from "./ops/context.ts";
import type { ProposeMigration } from "./ops/migrate/mod.ts";
import { renderMarkdown } from "./report/markdown.ts";
import { ReportSchema } from "./report/model.ts";

/** One file to write, its path relative to the output folder. */
export interface OutFile {
  path: string;
  content: string;
}

const refuse = (path: string, why: string) =>
  new CiError("bad_request", `Cannot write '${path}': ${why}`, {
    hint: "Only relative paths inside --out are written; report the converter's output.",
  });

/**
 * The path's segments when it stays inside the output folder; throws otherwise. Names come from
 * CI files (workflow file names, job and step names), so a crafted one must not climb out.
 *
 * @throws {CiError} `bad_request` for absolute, `..`, empty-segment or backslash paths.
 * @example
 * ```ts
 * safeSegments(".github/actions/build/action.yml"); // [".github", "actions", "build", "action.yml"]
 * safeSegments("../etc/passwd"); // throws
 * ```
 */
export function safeSegments(path: string): string[] {
  if (path.includes("\0") || path.includes("\\")) {
    throw refuse(path, "it holds a NUL or a backslash");
  }
  if (path.startsWith("/") || /^[A-Za-z]:/.test(path)) throw refuse(path, "it is absolute");
  const parts = path.split("/");
  if (parts.some((p) => p === "" || p === "." || p === "..")) {
    throw refuse(path, "it has an empty, `.` or `..` segment");
  }
  return parts;
}

async function statOrNull(path: string): Promise<Deno.FileInfo | null> {
  try {
    return await Deno.lstat(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw error;
  }
}

/**
 * Checks that `dir` can take the files: absent, an empty folder, or any folder with `force`.
 *
 * @throws {CiError} `bad_request` when it is a file, or a folder with files and no `force`.
 * @example
 * ```ts
 * await checkOutDir("./converted", false); // ok when ./converted is new or empty
 * ```
 */
export async function checkOutDir(dir: string, force: boolean): Promise<void> {
  const info = await statOrNull(dir);
  if (info === null) return;
  if (!info.isDirectory) {
    throw new CiError("bad_request", `Cannot write to --out '${dir}': it is not a folder`, {
      hint: "Pass a new or empty folder.",
    });
  }
  if (force) return;
  const names: string[] = [];
  for await (const entry of Deno.readDir(dir)) names.push(entry.name);
  if (names.length > 0) {
    throw new CiError(
      "bad_request",
      `Cannot write to --out '${dir}': it is not empty (${names.length} entr${
        names.length === 1 ? "y" : "ies"
      }, e.g. ${names.sort()[0]})`,
      { hint: "Pass a new or empty folder, or add --force to write over files of the same name." },
    );
  }
}

/**
 * Writes `files` under `dir` (created when missing) and returns the paths written. Every path is
 * checked before anything is written; folders are created one by one and a symbolic link on the
 * way, or in place of a file, is refused, so nothing lands outside `dir`.
 *
 * @throws {CiError} `bad_request` for a path leaving `dir`, a link, or a non-empty `dir` without
 * `force`.
 * @example
 * ```ts
 * await writeOutFiles("./converted", [{ path: ".github/workflows/ci.yml", content }], false);
 * // [".github/workflows/ci.yml"]
 * ```
 */
export async function writeOutFiles(
  dir: string,
  files: readonly OutFile[],
  force: boolean,
): Promise<string[]> {
  const planned = files.map((f) => ({ ...f, parts: safeSegments(f.path) }));
  await checkOutDir(dir, force);
  await Deno.mkdir(dir, { recursive: true });
  const root = await Deno.realPath(dir);
  for (const file of planned) {
    let at = root;
    for (const [i, part] of file.parts.entries()) {
      at = `${at}/${part}`;
      const info = await statOrNull(at);
      const last = i === file.parts.length - 1;
      if (info?.isSymlink) throw refuse(file.path, `${at} is a symbolic link`);
      if (last && info !== null && !info.isFile) throw refuse(file.path, `${at} is not a file`);
      if (!last && info !== null && !info.isDirectory) {
        throw refuse(file.path, `${at} is not a folder`);
      }
      if (!last && info === null) await Deno.mkdir(at);
    }
    await Deno.writeTextFile(at, file.content);
  }
  return planned.map((f) => f.path);
}

/**
 * Why `--out`/`--force` cannot be used with this intent, or undefined when they can.
 *
 * @example
 * ```ts
 * outUsage({ op: "analyze" }, { out: "x", force: false }); // "--out applies to migrate only, …"
 * ```
 */
export function outUsage(
  intent: Intent,
  flags: { out?: string; force: boolean },
): string | undefined {
  if (flags.out === undefined) {
    return flags.force ? "--force applies with --out DIR only" : undefined;
  }
  if (flags.out === "") return "--out needs a folder: --out DIR";
  if (intent.op !== "migrate") {
    return `--out applies to migrate only, not ${intent.op}: it writes the converted files`;
  }
  if (intent.apply !== undefined) {
    return "--out writes the files here and `apply` opens a pull request: use one of them";
  }
  return undefined;
}

/** What {@linkcode runMigrateOut} needs. */
export interface MigrateOutDeps {
  propose: ProposeMigration;
  ctx: OpContext;
  out: (line: string) => void;
  err: (line: string) => void;
  json: boolean;
  force: boolean;
}

/**
 * Runs `migrate` and writes its files to `dir`: nothing is written when a file failed
 * validation (exit 1) or nothing changes (exit 0); the report, then the files written, are
 * printed (with `--json` the list goes to stderr so stdout stays one JSON document).
 *
 * @example
 * ```ts
 * // await runMigrateOut({ op: "migrate" }, "./converted", { propose: proposeMigration, ctx, … });
 * ```
 */
export async function runMigrateOut(
  intent: Intent,
  dir: string,
  deps: MigrateOutDeps,
): Promise<number> {
  await checkOutDir(dir, deps.force);
  const { report, result, checks } = await deps.propose(intent, deps.ctx, { out: dir });
  const full = ReportSchema.parse(report);
  deps.out(deps.json ? JSON.stringify(full, null, 2) : renderMarkdown(full));
  const failing = checks.filter((c) => c.problems.length > 0);
  if (failing.length > 0) {
    deps.err(
      `Nothing written to ${dir}: ${failing.map((c) => c.path).join(", ")} failed validation ` +
        "(see Validation above).",
    );
    return 1;
  }
  if (result.files.length === 0) {
    deps.err(`Nothing written to ${dir}: no file would change.`);
    return 0;
  }
  const written = await writeOutFiles(
    dir,
    result.files.map((f) => ({ path: f.path, content: f.after })),
    deps.force,
  );
  const list = [
    `Wrote ${written.length} file${written.length === 1 ? "" : "s"} to ${dir}:`,
    ...written.map((p) => `- ${p}`),
  ];
  for (const line of list) (deps.json ? deps.err : deps.out)(line);
  return 0;
}
