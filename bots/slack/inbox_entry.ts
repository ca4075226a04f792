/**
 * Slack's inbox entries: what the ack path stores (one atomic write, see `src/inbox/`) before it
 * answers 200, keyed by the trigger id (commands, clicks) or event id (mentions). The same
 * record de-duplicates Slack's retries (`X-Slack-Retry-Num`) across instances and restarts, and
 * lets start-up replay run a command whose process died after the ack: Slack never re-sends a
 * command it got a 200 for.
 *
 * The entry keeps the command text (parsed again on replay, so replay runs exactly what the
 * live path runs), who and where, and the `response_url` — a credential valid for 30 minutes,
 * dropped from the store as soon as the entry is finished.
 *
 * @module
 */
import { z } from "zod";
import type { ParseResult } from "../../src/intent/schema.ts";
import { RequestMetaSchema } from "../../src/inbox/meta.ts";
import type { Replayer } from "../../src/inbox/replay.ts";
import { type RequestMeta, type SurfaceDeps, understoodOf, wantsModel } from "../../src/surface.ts";
import { renderParseError } from "./blockkit.ts";
import { runAndDeliver, type SlackJob } from "./bolt.ts";
import { type Click, runClick } from "./interact.ts";
import type { SlackMessenger } from "./messenger.ts";
import { type SlackReply, SlackReplySchema } from "./reply.ts";

/**
 * A Slack inbox entry. `command` and `mention` carry the text the parser saw.
 *
 * @example
 * ```ts
 * SlackEntrySchema.parse({ kind: "command", text: "/ci-test help", meta, reply });
 * ```
 */
export const SlackEntrySchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("command"),
    text: z.string(),
    meta: RequestMetaSchema,
    reply: SlackReplySchema,
  }),
  z.object({
    kind: z.literal("mention"),
    text: z.string(),
    meta: RequestMetaSchema,
    reply: SlackReplySchema,
    /** The verified Events API body, handed to Bolt's `processEvent` (see `bolt.ts`). */
    body: z.record(z.string(), z.unknown()).optional(),
  }),
  z.object({
    kind: z.literal("edit"),
    text: z.string(),
    meta: RequestMetaSchema,
    reply: SlackReplySchema,
  }),
  z.object({
    kind: z.literal("click"),
    click: z.object({
      key: z.string(),
      actionId: z.string(),
      meta: RequestMetaSchema,
      responseUrl: z.string().optional(),
      threadTs: z.string().optional(),
      triggerId: z.string().optional(),
    }),
  }),
]);
/** A Slack inbox entry. */
export type SlackEntry =
  | { kind: "command" | "edit"; text: string; meta: RequestMeta; reply: SlackReply }
  | {
    kind: "mention";
    text: string;
    meta: RequestMeta;
    reply: SlackReply;
    body?: Record<string, unknown>;
  }
  | { kind: "click"; click: Click };

/** An entry that carries typed text. */
export type TextEntry = Extract<SlackEntry, { text: string }>;

/**
 * The job a command or mention entry stands for, given its text's parse result (on replay the
 * text is parsed again: the parser is pure, so that is what the ack path decided). Unparseable
 * mentions become an `explain` job. A plain-language reading keeps its `understood`, so a
 * replayed request is shown back for confirmation exactly as the live one would be.
 *
 * @example
 * ```ts
 * const entry = { kind: "command", text: "/ci-test help", meta, reply } as const;
 * const job = jobOf(entry, deps.parse(entry.text));
 * ```
 */
export function jobOf(
  entry: TextEntry,
  result: ParseResult,
): SlackJob {
  if (result.kind === "unsupported") {
    return { kind: "explain", result, meta: entry.meta, reply: entry.reply };
  }
  const understood = understoodOf(result);
  return {
    kind: "run",
    intent: result.intent,
    meta: entry.meta,
    reply: entry.reply,
    ...(understood ? { understood } : {}),
  };
}

/**
 * The job of an entry after the model stage: when `deps.resolve` exists and the reader was not
 * confident about `first`, the model reads the text (slow: call it after the ack) and `guard`
 * checks its reading; otherwise {@linkcode jobOf} of `guard(first)`.
 *
 * @example
 * ```ts
 * const job = await resolvedJobOf(entry, deps.parse(entry.text), deps);
 * ```
 */
export async function resolvedJobOf(
  entry: TextEntry,
  first: ParseResult,
  deps: Pick<SurfaceDeps, "resolve">,
  guard: (result: ParseResult) => ParseResult = (result) => result,
): Promise<SlackJob> {
  if (!wantsModel(deps, entry.text, first)) return jobOf(entry, guard(first));
  return jobOf(entry, guard(await deps.resolve(entry.text, first)));
}

/**
 * How a stored entry runs: live, read back from the durable queue after the ack, and at
 * start-up replay alike. Commands, edits and clicks run directly; a mention goes through Bolt
 * (`mention`, the one place it is used) when its event body was kept. The text is parsed again
 * (the parser is pure, so this is what the ack path decided) and checked by the same guard the
 * ack path applied to its kind.
 *
 * @example
 * ```ts
 * deps.inbox.register("slack", slackRunner(deps, messenger, { botToken }, guards));
 * ```
 */
export function slackRunner(
  deps: SurfaceDeps,
  messenger: SlackMessenger,
  config: { botToken?: string },
  options: {
    guards: Record<TextEntry["kind"], (result: ParseResult) => ParseResult>;
    mention?: (body: Record<string, unknown>, job: SlackJob) => Promise<void>;
  },
): Replayer {
  return async (record) => {
    const entry = SlackEntrySchema.parse(record.payload) as SlackEntry;
    if (entry.kind === "click") return await runClick(entry.click, deps, messenger, config);
    const job = await resolvedJobOf(
      entry,
      deps.parse(entry.text),
      deps,
      options.guards[entry.kind],
    );
    if (entry.kind === "mention" && entry.body && options.mention) {
      return await options.mention(entry.body, job);
    }
    if (job.kind === "run") return await runAndDeliver(job, deps, messenger);
    await messenger.notice(job.reply, renderParseError(job.result));
  };
}
