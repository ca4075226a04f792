/**
 * Reports and errors as MCP tool results: markdown text for the model (the same renderer the
 * CLI uses) plus the Report JSON as structured content for clients that render it themselves
 * (the VS Code participant turns its actions into buttons).
 *
 * @module
 */
import { z } from "zod";
import type { CiError } from "../../src/errors.ts";
import { renderMarkdown } from "../../src/report/markdown.ts";
import { type Report, ReportSchema } from "../../src/report/model.ts";

/** What every successful tool call returns as `structuredContent`. */
export const ToolOutputSchema = z.object({
  report: ReportSchema,
  /** The report page, when the report was stored. */
  reportUrl: z.string().optional(),
  /** The durable job a long operation started. */
  jobId: z.string().optional(),
  /** Job status as far as this call saw it. */
  jobStatus: z.enum(["running", "finished"]).optional(),
});
/** Structured content of a tool result. */
export type ToolOutput = z.infer<typeof ToolOutputSchema>;

/** The JSON Schema of {@linkcode ToolOutputSchema}, for `tools/list`. */
export const TOOL_OUTPUT_JSON_SCHEMA: { type: "object"; [key: string]: unknown } = (() => {
  const { $schema: _ignored, ...schema } = z.toJSONSchema(ToolOutputSchema, { io: "output" });
  return { ...schema, type: "object" };
})();

/** A `tools/call` result (the subset of the MCP type we produce). */
export interface ToolResult {
  [key: string]: unknown;
  content: Array<{ type: "text"; text: string }>;
  structuredContent?: ToolOutput;
  isError?: boolean;
}

/**
 * The job id in a running report's Cancel action, if the report belongs to a job.
 *
 * @example
 * ```ts
 * jobIdOf(runningReport); // "k3J9…", the id `ci_cancel` takes as target
 * ```
 */
export function jobIdOf(report: Report): string | undefined {
  const cancel = report.actions.find((a) => a.intent.op === "cancel");
  return report.status === "running" ? cancel?.intent.target : undefined;
}

/**
 * A report as a tool result. `job` says whether the call waited for the job to finish.
 *
 * @example
 * ```ts
 * const result = reportResult(report, { reportUrl: "https://ci.example/reports/abc" });
 * result.content[0].text.startsWith("# "); // true
 * ```
 */
export function reportResult(
  report: Report,
  options: { reportUrl?: string; jobId?: string; finished?: boolean } = {},
): ToolResult {
  const { reportUrl, jobId, finished } = options;
  const parts: string[] = [];
  if (jobId && !finished) {
    parts.push(
      `Job \`${jobId}\` is running. Call \`ci_status\` with target "${jobId}" for its ` +
        `progress and result, or \`ci_cancel\` with target "${jobId}" to stop it.\n`,
    );
  }
  parts.push(renderMarkdown(report, { reportUrl }));
  return {
    content: [{ type: "text", text: parts.join("\n") }],
    structuredContent: {
      report,
      ...(reportUrl ? { reportUrl } : {}),
      ...(jobId ? { jobId, jobStatus: finished ? "finished" : "running" } : {}),
    },
  };
}

/**
 * An error as a tool result the model can read and act on (message, then what to do).
 *
 * @example
 * ```ts
 * errorResult(new CiError("bad_request", "'runs' must be ≤ 50: current value is 80")).isError; // true
 * ```
 */
export function errorResult(error: CiError): ToolResult {
  const hint = error.hint ? `\n\n${error.hint}` : "";
  return {
    content: [{ type: "text", text: `Error (${error.code}): ${error.message}${hint}` }],
    isError: true,
  };
}
