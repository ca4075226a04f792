/**
 * The contract between the core and every chat surface in `bots/`. A surface verifies,
 * decodes and acknowledges a platform request, then hands text to `parse` and intents to
 * `execute`, and renders the returned Report. It never talks to a CI provider.
 *
 * @module
 */
import type { Intent, ParseResult } from "./intent/schema.ts";
import type { Logger } from "./log.ts";
import type { Report } from "./report/model.ts";
import type { Store } from "./store/port.ts";

/** Which surface a request came from. */
export type SurfaceName = "slack" | "discord" | "teams" | "copilot" | "mcp" | "cli";

/** Who asked, where, and under which request id (for logs, policy and audit). */
export interface RequestMeta {
  surface: SurfaceName;
  requestId: string;
  userId?: string;
  teamId?: string;
  channelId?: string;
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
  /** Runs the intent; the returned report is stored and has its `id` set. */
  execute: (intent: Intent, meta: RequestMeta) => Promise<Report>;
  /** Absolute URL of the report page for a stored report id. */
  reportUrl: (id: string) => string;
  /** Runs work after the ack; errors are logged, never lost silently. */
  background: (name: string, work: () => Promise<void>) => void;
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
