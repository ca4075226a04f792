/**
 * The contract between the core and every chat surface in `bots/`. A surface verifies,
 * decodes and acknowledges a platform request, then hands text to `parse` and intents to
 * `execute`, and renders the returned Report. It never talks to a CI provider.
 *
 * @module
 */
import type { InboxQueue } from "./inbox/queue.ts";
import { MODEL_THRESHOLD, modelWanted } from "./intent/parse.ts";
import { z } from "zod";
import type { Intent, ParseResult } from "./intent/schema.ts";
import type { ReplyTarget } from "./jobs/model.ts";
import type { Logger } from "./log.ts";
import type { RepoAccess } from "./policy/repo_access.ts";
import type { Report } from "./report/model.ts";
import type { Store } from "./store/port.ts";

/**
 * How an intent was read when it did not come from the exact command grammar: from plain
 * language by the rule reader (`natural`) or by a model (`model`), with the reader's own words.
 */
export const UnderstoodSchema = z.object({
  source: z.enum(["natural", "model"]),
  explanation: z.string().max(2000),
  /** A guess (a corrected typo, a weak reading): shown back even when it only reads. */
  guessed: z.boolean().optional(),
});
/** How an intent was read from plain language. */
export type Understood = z.infer<typeof UnderstoodSchema>;

/**
 * What a surface passes as `understood` for a parse result: set for an intent read from plain
 * language (or by a model), absent for the exact grammar (and for anything unsupported). With it,
 * the executor shows a state-changing intent (or any guess below {@linkcode MODEL_THRESHOLD}, such
 * as a corrected typo, and every model reading) back with a Run button instead of running it.
 *
 * @example
 * ```ts
 * understoodOf({ kind: "intent", intent: { op: "test" }, source: "natural", explanation: "run the tests" });
 * // { source: "natural", explanation: "run the tests" }
 * ```
 */
export function understoodOf(result: ParseResult): Understood | undefined {
  if (result.kind !== "intent" || result.source === "grammar") return undefined;
  // A model's reading is always a guess: shown back ("by a language model") even when it only
  // reads, so no reply ever hides that a model chose what ran.
  const guessed = result.source === "model" || (result.confidence ?? 1) < MODEL_THRESHOLD;
  return {
    source: result.source,
    explanation: result.explanation,
    ...(guessed ? { guessed } : {}),
  };
}

/**
 * Whether a surface should hand `first` (what `deps.parse(text)` returned) to `deps.resolve`
 * after its ack: a model is configured, and the reader was not confident (and did not read the
 * text with a wrong value, which only the user can fix).
 *
 * @example
 * ```ts
 * const first = deps.parse(text);
 * const result = wantsModel(deps, text, first) ? await deps.resolve!(text, first) : first;
 * ```
 */
export function wantsModel(
  deps: Pick<SurfaceDeps, "resolve">,
  text: string,
  first: ParseResult,
): deps is { resolve: NonNullable<SurfaceDeps["resolve"]> } {
  if (!deps.resolve) return false;
  if (first.kind === "intent" && (first.confidence ?? 1) >= MODEL_THRESHOLD) return false;
  return modelWanted(text);
}

/** Per-request context that must not be stored with the request (unlike {@linkcode RequestMeta}). */
export interface ExecuteOptions {
  /**
   * The caller's own reach, for callers known only by a GitHub token: they act only where it
   * sees, and change state only with push access or a grant by name (`src/policy/access.ts`).
   */
  access?: RepoAccess;
  /**
   * Set when the intent was read from plain language ({@linkcode understoodOf}): a
   * state-changing intent is then not run but shown back ("Understood as …") with a Run button
   * that runs exactly it. Never set for a button press: pressing Run is the confirmation.
   */
  understood?: Understood;
}

/** Runs an intent for a requester; the core's `createExecutor` (`src/execute.ts`) makes one. */
export type Execute = (
  intent: Intent,
  meta: RequestMeta,
  reply?: ReplyTarget,
  options?: ExecuteOptions,
) => Promise<Report>;

/** Which surface a request came from. */
export type SurfaceName = "slack" | "discord" | "teams" | "copilot" | "mcp" | "cli";

/**
 * A conversation a surface can post to unprompted (CI alerts): `id` is a stable key (for
 * listing and de-duplication), `data` what only that surface understands (a Slack channel, a
 * Teams conversation reference, a Discord channel id).
 */
export interface Conversation {
  surface: SurfaceName;
  id: string;
  /** Human-readable name for listings ("#ci in acme"), when known. */
  label?: string;
  data: Record<string, unknown>;
}

/** Who asked, where, and under which request id (for logs, policy and audit). */
export interface RequestMeta {
  surface: SurfaceName;
  requestId: string;
  userId?: string;
  teamId?: string;
  /** MCP only: `mcp-key` when the caller presented an API key, else a GitHub account. */
  via?: "github" | "mcp-key";
  channelId?: string;
  /** Where the request came from, when the surface can post there later (subscriptions). */
  conversation?: Conversation;
}

/** What the core hands a surface. Everything that varies is injected here. */
export interface SurfaceDeps {
  log: Logger;
  store: Store;
  now: () => Date;
  /** Unguessable ids (request ids, report ids). */
  newId: () => string;
  /** User text → intent or "unsupported" with hint (never throws). */
  parse: (text: string) => ParseResult;
  /**
   * The model stage, present only when one is configured (`LLM_*`): asks it about text `parse`
   * could not read confidently ({@linkcode wantsModel}), and answers like `parse` (never throws;
   * `source: "model"` when the model's reading was used). It is slow: call it after the ack.
   */
  resolve?: (text: string, first: ParseResult) => Promise<ParseResult>;
  /**
   * Runs the intent; the returned report is stored and has its `id` set. Long operations
   * (test, active compare) start a durable job and return its first, `running` report at once;
   * their progress and final report later reach the surface's {@linkcode Deliverer} with
   * `reply`, which must then say where to send them. `options.access` carries what a caller
   * known only by a GitHub token may reach itself (never stored).
   */
  execute: Execute;
  /** Absolute URL of the report page for a stored report id. */
  reportUrl: (id: string) => string;
  /** Runs work after the ack; errors are logged, never lost silently. */
  background: (name: string, work: () => Promise<void>) => void;
  /**
   * The durable, bounded queue behind the inbox: `accept` writes the record before the ack (or
   * answers `busy`), and the surface's registered runner does the work from the store.
   */
  inbox: InboxQueue;
  /** Outbound HTTP (tests inject a fetch bound to simulators). */
  fetch: typeof fetch;
}

/**
 * The only edge of a surface adapter.
 *
 * @example
 * ```ts
 * const ok: SurfaceHandler = () => Promise.resolve(new Response("ok"));
 * ```
 */
export type SurfaceHandler = (request: Request) => Promise<Response>;

/**
 * How a surface receives a job's later replies: `progress` (replace the message in place) and
 * `final` (the result). `reply.data` is what the surface put there when it called `execute`.
 *
 * @example
 * ```ts
 * const deliver: Deliverer = (reply, report, phase) => {
 *   console.log(reply.data.responseUrl, report.title, phase);
 *   return Promise.resolve();
 * };
 * ```
 */
export type Deliverer =
  & ((reply: ReplyTarget, report: Report, phase: "progress" | "final") => Promise<void>)
  & {
    /** Resolves when no coalesced update is waiting (shutdown, tests). */
    idle?: () => Promise<void>;
    /** Drops timers; called once at shutdown after `idle`. */
    close?: () => void;
  };

/**
 * How a surface posts an alert to a subscribed conversation. Alerts with the same `key` (one
 * CI run) update the surface's earlier message instead of posting a new one.
 *
 * @example
 * ```ts
 * const notify: Notifier = (conversation, report, options) => {
 *   console.log(conversation.id, report.title, options.key);
 *   return Promise.resolve();
 * };
 * ```
 */
export type Notifier = (
  conversation: Conversation,
  report: Report,
  options: { key: string },
) => Promise<void>;
