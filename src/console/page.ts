/**
 * The console page: the form (a command or a question, Run), then what came back — the four
 * surfaces' drawings side by side with a link to the report page, a job's progress (the page
 * reloads itself, no script), or an error with what to do.
 *
 * @module
 */
import { escapeHtml } from "../report/escape.ts";
import type { Pane } from "./renderings.ts";
import { CONSOLE_STYLE } from "./style.ts";

/** What the page shows below the form. */
export type Outcome =
  | { kind: "none" }
  | { kind: "error"; message: string; hint?: string }
  | {
    kind: "report";
    title: string;
    panes: Pane[];
    /** The report page, on this server. */
    reportPath?: string;
    /** A running job: its progress and the URL the page reloads to. */
    job?: { done: number; total: number; note: string; statusPath: string };
  };

/** The page's inputs. */
export interface PageInput {
  /** The text in the box. */
  query: string;
  /** The form's anti-forgery token. */
  csrf: string;
  demo: boolean;
  /** Who the console acts as, for the line under the form. */
  actingAs: string;
  outcome: Outcome;
}

/** Seconds between reloads of a running job's page. */
export const REFRESH_SECONDS = 2;

const EXAMPLES = ["help", "analyze repo:owner/name", "status"];

function outcomeHtml(outcome: Outcome): string {
  if (outcome.kind === "none") return "";
  if (outcome.kind === "error") {
    return `<section class="error" aria-label="Error"><p><strong>${
      escapeHtml(outcome.message)
    }</strong></p>${outcome.hint ? `<p>${escapeHtml(outcome.hint)}</p>` : ""}</section>`;
  }
  const job = outcome.job;
  const progress = job
    ? `<div class="progress"><label for="job-progress">Progress</label> <progress id="job-progress" max="${
      Math.max(1, job.total)
    }" value="${job.done}">${job.done} of ${job.total}</progress> ${job.done} of ${job.total}: ${
      escapeHtml(job.note)
    } <span class="muted">(reloads every ${REFRESH_SECONDS} s)</span></div>`
    : "";
  const link = outcome.reportPath
    ? ` · <a href="${escapeHtml(outcome.reportPath)}">Full report page</a>`
    : "";
  const panes = outcome.panes.map((p) =>
    `<section class="pane" aria-label="${escapeHtml(p.surface)}"><h2>${
      escapeHtml(p.surface)
    }</h2>\n${p.html}\n</section>`
  ).join("\n");
  return `<section aria-label="Reply"><p><strong>${
    escapeHtml(outcome.title)
  }</strong>${link}</p>${progress}<div class="panes">${panes}</div></section>`;
}

/**
 * The whole console page.
 *
 * @example
 * ```ts
 * consolePage({ query: "", csrf: "t", demo: true, actingAs: "the local user", outcome: { kind: "none" } });
 * ```
 */
export function consolePage(input: PageInput): string {
  const refresh = input.outcome.kind === "report" && input.outcome.job
    ? `<meta http-equiv="refresh" content="${REFRESH_SECONDS};url=${
      escapeHtml(input.outcome.job.statusPath)
    }">`
    : "";
  const examples = EXAMPLES.map((e) => `<code>${escapeHtml(e)}</code>`).join(", ");
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width,initial-scale=1">${refresh}` +
    `<title>Console — ci-orchestrator</title><style>${CONSOLE_STYLE}</style></head><body>\n` +
    `<main><h1>ci-orchestrator console${
      input.demo ? ` <span class="demo">demo</span>` : ""
    }</h1>\n` +
    `<p class="muted">One command or question; the reply as Slack, Discord, Teams and ` +
    `Copilot/MCP show it. Runs as ${escapeHtml(input.actingAs)}, under the same policy as ` +
    `any surface. Try ${examples}.</p>\n` +
    `<form method="post" action="/"><label for="q">Command</label>` +
    `<input type="text" id="q" name="q" value="${escapeHtml(input.query)}" maxlength="2000" ` +
    `autocomplete="off" autofocus>` +
    `<input type="hidden" name="csrf" value="${escapeHtml(input.csrf)}">` +
    `<button type="submit">Run</button></form>\n${outcomeHtml(input.outcome)}\n</main>` +
    `</body></html>\n`;
}
