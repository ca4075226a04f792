/**
 * A tool result → what the chat shows: the markdown, the report page, and follow-up actions.
 * The text content is the report as markdown (the same renderer the CLI uses); the structured
 * content, when the server sends it, carries the report's URL and its action buttons.
 *
 * @module
 */
import { z } from "zod";
import type { ToolResult } from "./mcp_client.ts";

const ActionSchema = z.object({
  id: z.string(),
  label: z.string(),
  intent: z.looseObject({ op: z.string() }),
});

const ReportLikeSchema = z.looseObject({
  id: z.string().optional(),
  url: z.url().optional(),
  reportUrl: z.url().optional(),
  actions: z.array(ActionSchema).optional(),
});

// Either `{ report, reportUrl }` or the report itself; anything else is ignored, not fatal.
const WrappedSchema = z.looseObject({
  report: ReportLikeSchema,
  reportUrl: z.url().optional(),
});

type ReportLike = z.infer<typeof ReportLikeSchema>;

function structured(
  content: unknown,
): { report: ReportLike; reportUrl?: string } {
  const wrapped = WrappedSchema.safeParse(content);
  if (wrapped.success) return wrapped.data;
  const bare = ReportLikeSchema.safeParse(content);
  return { report: bare.success ? bare.data : {} };
}

/** A report button: label and the intent it runs. */
export type FollowUp = z.infer<typeof ActionSchema>;

/** What the participant renders from one tool call. */
export interface RenderedResult {
  markdown: string;
  reportUrl?: string;
  followUps: FollowUp[];
  isError: boolean;
}

// The report page link the markdown renderer appends ("[Full report](…/reports/ID)").
const REPORT_LINK = /\]\((https?:\/\/[^\s)]+\/reports\/[^\s)/]+)\)/;

/**
 * Reads a tool result.
 *
 * @example
 * ```ts
 * readResult({ content: [{ type: "text", text: "# ✅ Done\n\n[Full report](https://ci/reports/r1)" }] });
 * // { markdown: "# ✅ Done…", reportUrl: "https://ci/reports/r1", followUps: [], isError: false }
 * ```
 */
export function readResult(result: ToolResult): RenderedResult {
  const markdown = result.content
    .flatMap((c) => (c.type === "text" && c.text ? [c.text] : []))
    .join("\n\n");
  const { report, reportUrl: wrappedUrl } = structured(
    result.structuredContent,
  );
  const reportUrl = wrappedUrl ?? report.reportUrl ?? report.url ??
    markdown.match(REPORT_LINK)?.[1];
  return {
    markdown,
    ...(reportUrl ? { reportUrl } : {}),
    followUps: result.isError ? [] : report.actions ?? [],
    isError: result.isError === true,
  };
}
