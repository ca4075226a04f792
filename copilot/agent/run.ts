/**
 * Runs one intent for a Copilot stream and writes the outcome into it. Inline operations answer
 * with their report at once; a job answers with its running report, then its progress notes as
 * the runner delivers them, then the final report — or, when the job outlasts `waitMs`, a
 * "still running" line with the report link (the job goes on; its page has the result).
 *
 * @module
 */
import type { Intent } from "../../src/intent/schema.ts";
import type { RepoAccess } from "../../src/policy/repo_access.ts";
import type { Report } from "../../src/report/model.ts";
import type { RequestMeta, SurfaceDeps } from "../../src/surface.ts";
import type { StreamRegistry } from "./deliver.ts";
import { reportReferences, reportText } from "./render.ts";
import type { CopilotStream } from "./stream.ts";

/** What {@linkcode runIntoStream} needs. */
export interface RunContext {
  deps: SurfaceDeps;
  streams: StreamRegistry;
  sse: CopilotStream;
  meta: RequestMeta;
  /** What the user's own GitHub token reaches (never stored). */
  access?: RepoAccess;
  /** How long to keep the stream open for a job's final report. */
  waitMs: number;
}

/**
 * Streams a finished report: markdown, then references.
 *
 * @example
 * ```ts
 * streamReport(deps, sse, report);
 * ```
 */
export function streamReport(deps: SurfaceDeps, sse: CopilotStream, report: Report): void {
  const url = report.id ? deps.reportUrl(report.id) : undefined;
  sse.text(reportText(report, url));
  sse.references(reportReferences(report, url));
}

/**
 * Executes `intent` and streams its report(s). Errors propagate to the caller.
 *
 * @example
 * ```ts
 * await runIntoStream({ deps, streams, sse, meta, waitMs: 600_000 }, { op: "analyze", repo: "acme/app" });
 * ```
 */
export async function runIntoStream(ctx: RunContext, intent: Intent): Promise<void> {
  const { deps, sse } = ctx;
  const streamId = deps.newId();
  let settle!: (report: Report | undefined) => void;
  const final = new Promise<Report | undefined>((resolve) => settle = resolve);
  let lastNote = "";
  // Registered before execute: a quick job may finish before execute returns.
  const unregister = ctx.streams.open(streamId, (report, phase) => {
    if (phase === "final") return settle(report);
    if (report.summary === lastNote) return;
    lastNote = report.summary;
    sse.text(`⏳ ${report.summary}\n\n`);
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const first = await deps.execute(intent, ctx.meta, ctx.streams.target(streamId), {
      access: ctx.access,
    });
    if (first.status !== "running") return streamReport(deps, sse, first);
    const url = first.id ? deps.reportUrl(first.id) : undefined;
    lastNote = first.summary;
    sse.text(`⏳ **${first.title}**: ${first.summary}${url ? ` ([live report](${url}))` : ""}\n\n`);
    sse.references(reportReferences(first, url));
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), ctx.waitMs);
    });
    const done = await Promise.race([final, timeout, sse.gone.then(() => undefined)]);
    if (done) return streamReport(deps, sse, done);
    sse.text(
      `\n\nStill running after ${Math.round(ctx.waitMs / 1000)} s: ` +
        (url ? `[${first.title}](${url}) will show the result.` : "ask `status` later."),
    );
  } finally {
    clearTimeout(timer);
    unregister();
  }
}
