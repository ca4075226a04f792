/**
 * A local Slack simulator: the Web API methods this service calls (`chat.postMessage`,
 * `chat.update`, `chat.postEphemeral`, `views.open`, `auth.test`) and a `response_url` receiver,
 * recording
 * every call. It enforces what real Slack enforces and tests rely on: a bot token, Block Kit
 * limits (`invalid_blocks`), and 5 uses per `response_url`. Faults are scriptable.
 *
 * Also: request signing and realistic slash command / Events API / interactivity bodies
 * (`block_actions`, `view_submission`).
 *
 * @module
 */
import type { SlashCommand } from "@slack/bolt";
import type { AppMentionEvent, KnownBlock } from "@slack/types";
import { Hono } from "hono";

/** One recorded call. `method` is the Web API method, or `response_url`. */
export interface SlackCall {
  method: string;
  /** For `response_url`: the id in `/response/:id`. */
  id?: string;
  body: Record<string, unknown>;
  headers: Record<string, string>;
}

/** A scripted failure for the next `times` calls whose method matches. */
export interface SlackFault {
  method: string;
  status: number;
  times: number;
  retryAfter?: number;
  body?: string;
}

/** A running simulator. */
export interface SlackSim {
  /** Base URL, e.g. `http://127.0.0.1:54321`. */
  url: string;
  /** What to pass as `SLACK_API_URL`. */
  apiUrl: string;
  /** The bot token the simulator accepts. */
  token: string;
  calls: SlackCall[];
  /**
   * Messages posted with `chat.postMessage`, keyed `channel/ts`, holding their current body
   * (`chat.update` replaces it, as Slack does).
   */
  messages: Map<string, Record<string, unknown>>;
  responseUrl(id: string): string;
  fault(fault: SlackFault): void;
  waitFor(predicate: (call: SlackCall) => boolean, timeoutMs?: number): Promise<SlackCall>;
  close(): Promise<void>;
}

/**
 * Starts the simulator on 127.0.0.1 with a free port.
 *
 * @example
 * ```ts
 * const sim = await startSlackSim();
 * const call = await sim.waitFor((c) => c.method === "response_url");
 * await sim.close();
 * ```
 */
export async function startSlackSim(
  options: {
    token?: string;
    /** Answer every `response_url` post this late (recorded on arrival, as Slack would show it). */
    responseDelayMs?: number;
  } = {},
): Promise<SlackSim> {
  const token = options.token ?? "xoxb-sim-token";
  const calls: SlackCall[] = [];
  const faults: SlackFault[] = [];
  const uses = new Map<string, number>();
  const messages = new Map<string, Record<string, unknown>>();
  const waiters = new Set<
    { predicate: (c: SlackCall) => boolean; resolve: (c: SlackCall) => void }
  >();
  let ts = 1_700_000_000;

  const record = (call: SlackCall) => {
    calls.push(call);
    for (const w of waiters) {
      if (w.predicate(call)) {
        waiters.delete(w);
        w.resolve(call);
      }
    }
  };
  const takeFault = (method: string) => {
    const fault = faults.find((f) => f.method === method && f.times > 0);
    if (!fault) return undefined;
    fault.times--;
    const headers: Record<string, string> = {};
    if (fault.retryAfter !== undefined) headers["retry-after"] = String(fault.retryAfter);
    return new Response(fault.body ?? "simulated failure", { status: fault.status, headers });
  };

  const app = new Hono();
  app.post("/api/:method", async (c) => {
    const method = c.req.param("method");
    const body = await readBody(c.req.raw);
    record({ method, body, headers: Object.fromEntries(c.req.raw.headers) });
    const faulted = takeFault(method);
    if (faulted) return faulted;
    const auth = c.req.header("authorization") ?? (body.token ? `Bearer ${body.token}` : "");
    if (!auth) return c.json({ ok: false, error: "not_authed" });
    if (auth !== `Bearer ${token}`) return c.json({ ok: false, error: "invalid_auth" });
    const blockError = checkBlocks(body.blocks);
    if (blockError) return c.json({ ok: false, error: "invalid_blocks", errors: [blockError] });
    const channel = String(body.channel ?? "");
    switch (method) {
      case "auth.test":
        return c.json({
          ok: true,
          url: "https://acme.slack.com/",
          team: "Acme",
          user: "ci-orchestrator",
          team_id: "T0SIM",
          user_id: "U0BOT",
          bot_id: "B0BOT",
          is_enterprise_install: false,
        });
      case "chat.postMessage": {
        if (!channel) return c.json({ ok: false, error: "channel_not_found" });
        const messageTs = `${++ts}.000100`;
        messages.set(`${channel}/${messageTs}`, body);
        return c.json({
          ok: true,
          channel,
          ts: messageTs,
          message: { type: "message", text: body.text, bot_id: "B0BOT", ts: messageTs },
        });
      }
      case "chat.update": {
        // Slack: the message must exist in that channel; its content is replaced.
        const key = `${channel}/${String(body.ts ?? "")}`;
        if (!channel) return c.json({ ok: false, error: "channel_not_found" });
        if (!messages.has(key)) return c.json({ ok: false, error: "message_not_found" });
        messages.set(key, { ...messages.get(key), ...body });
        return c.json({ ok: true, channel, ts: body.ts, text: body.text });
      }
      case "chat.postEphemeral":
        return c.json({ ok: true, message_ts: `${++ts}.000200` });
      case "views.open": {
        // Slack: a trigger id is required (it expires after 3 s); the view must be a modal
        // with a title and at most 100 blocks.
        const view = body.view as { type?: string; title?: unknown; blocks?: unknown[] };
        if (!body.trigger_id) return c.json({ ok: false, error: "invalid_trigger_id" });
        if (view?.type !== "modal" || !view.title || (view.blocks?.length ?? 0) > 100) {
          return c.json({ ok: false, error: "invalid_arguments" });
        }
        return c.json({ ok: true, view: { ...view, id: `V${++ts}` } });
      }
      default:
        return c.json({ ok: false, error: "unknown_method" });
    }
  });
  app.post("/response/:id", async (c) => {
    const id = c.req.param("id");
    const body = await readBody(c.req.raw);
    record({ method: "response_url", id, body, headers: Object.fromEntries(c.req.raw.headers) });
    if (options.responseDelayMs) await new Promise((r) => setTimeout(r, options.responseDelayMs));
    const faulted = takeFault("response_url");
    if (faulted) return faulted;
    const used = (uses.get(id) ?? 0) + 1;
    uses.set(id, used);
    if (used > 5) return c.text("used_url", 404);
    const blockError = checkBlocks(body.blocks);
    if (blockError) return c.text("invalid_blocks", 400);
    return c.text("ok");
  });

  const { promise: listening, resolve } = Promise.withResolvers<Deno.NetAddr>();
  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen: (addr) => resolve(addr as Deno.NetAddr) },
    app.fetch,
  );
  const addr = await listening;
  const url = `http://127.0.0.1:${addr.port}`;
  return {
    url,
    apiUrl: `${url}/api/`,
    token,
    calls,
    messages,
    responseUrl: (id) => `${url}/response/${id}`,
    fault: (fault) => void faults.push({ ...fault }),
    waitFor(predicate, timeoutMs = 2_000) {
      const found = calls.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolveCall, reject) => {
        const waiter = {
          predicate,
          resolve: (call: SlackCall) => {
            clearTimeout(timer);
            resolveCall(call);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`No matching Slack call within ${timeoutMs} ms; saw ${calls.length}`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    close: () => server.shutdown(),
  };
}

async function readBody(request: Request): Promise<Record<string, unknown>> {
  const text = await request.text();
  const type = request.headers.get("content-type") ?? "";
  if (type.includes("application/json")) return text ? JSON.parse(text) : {};
  const form: Record<string, unknown> = Object.fromEntries(new URLSearchParams(text));
  // The Web API client sends structured arguments as JSON strings inside the form.
  for (const key of ["blocks", "attachments", "metadata"]) {
    if (typeof form[key] === "string") form[key] = JSON.parse(form[key] as string);
  }
  return form;
}

/** Slack's own Block Kit limits; a violation is what real Slack answers `invalid_blocks` to. */
function checkBlocks(blocks: unknown): string | undefined {
  if (blocks === undefined) return undefined;
  if (!Array.isArray(blocks)) return "blocks must be an array";
  if (blocks.length > 50) return `too many blocks: ${blocks.length}`;
  for (const [i, block] of (blocks as KnownBlock[]).entries()) {
    if (block.type === "header" && block.text.text.length > 150) return `header ${i} > 150`;
    if (block.type === "section") {
      if ((block.text?.text.length ?? 0) > 3000) return `section ${i} text > 3000`;
      if ((block.fields?.length ?? 0) > 10) return `section ${i} > 10 fields`;
      if (block.fields?.some((f) => f.text.length > 2000)) return `section ${i} field > 2000`;
    }
    if (block.type === "actions" && block.elements.length > 25) return `actions ${i} > 25`;
  }
  return undefined;
}

/**
 * Signs a body the way Slack does (v0 HMAC-SHA256).
 *
 * @example
 * ```ts
 * const headers = await signSlackRequest("secret", "token=x", Math.floor(Date.now() / 1000));
 * ```
 */
export async function signSlackRequest(
  secret: string,
  body: string,
  timestampSeconds: number,
): Promise<Headers> {
  const enc = new TextEncoder();
  const key = await crypto.subtle.importKey(
    "raw",
    enc.encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = await crypto.subtle.sign("HMAC", key, enc.encode(`v0:${timestampSeconds}:${body}`));
  const hex = Array.from(new Uint8Array(mac), (b) => b.toString(16).padStart(2, "0")).join("");
  return new Headers({
    "x-slack-request-timestamp": String(timestampSeconds),
    "x-slack-signature": `v0=${hex}`,
  });
}

/**
 * A form-encoded slash command body with every field Slack sends.
 *
 * @example
 * ```ts
 * slashCommandBody({ command: "/ci-test", text: "analyze repo:acme/app", response_url: sim.responseUrl("1") });
 * ```
 */
export function slashCommandBody(fields: Partial<SlashCommand> & { response_url: string }): string {
  const command: SlashCommand = {
    token: "gIkuvaNzQIHg97ATvDxqgjtO",
    team_id: "T0001",
    team_domain: "acme",
    enterprise_id: "E0001",
    enterprise_name: "Acme Inc",
    channel_id: "C2147483705",
    channel_name: "ci",
    user_id: "U2147483697",
    user_name: "ada",
    command: "/ci-test",
    text: "",
    api_app_id: "A123456",
    is_enterprise_install: "false",
    trigger_id: `13345224609.738474920.${crypto.randomUUID().slice(0, 8)}`,
    ...fields,
  };
  return new URLSearchParams(command as Record<string, string>).toString();
}

/**
 * An Events API `event_callback` body carrying an `app_mention`.
 *
 * @example
 * ```ts
 * appMentionBody({ text: "<@U0BOT> analyze acme/app" });
 * ```
 */
export function appMentionBody(
  event: Partial<AppMentionEvent> & { text: string },
  envelope: { event_id?: string; team_id?: string } = {},
): string {
  const mention: AppMentionEvent = {
    type: "app_mention",
    user: "U2147483697",
    ts: "1700000123.000200",
    channel: "C2147483705",
    event_ts: "1700000123.000200",
    team: "T0001",
    ...event,
  };
  return JSON.stringify({
    token: "gIkuvaNzQIHg97ATvDxqgjtO",
    team_id: envelope.team_id ?? "T0001",
    api_app_id: "A123456",
    event: mention,
    type: "event_callback",
    event_id: envelope.event_id ?? `Ev${crypto.randomUUID().slice(0, 10).toUpperCase()}`,
    event_time: 1700000123,
    authorizations: [{
      enterprise_id: null,
      team_id: "T0001",
      user_id: "U0BOT",
      is_bot: true,
      is_enterprise_install: false,
    }],
    is_ext_shared_channel: false,
  });
}

/**
 * A form-encoded interactivity body carrying a `block_actions` payload: one click on a button of
 * a message posted in `channel`.
 *
 * @example
 * ```ts
 * blockActionsBody({ value: "stored-id", response_url: sim.responseUrl("click1") });
 * ```
 */
export function blockActionsBody(options: {
  value: string;
  response_url: string;
  action_id?: string;
  trigger_id?: string;
  user_id?: string;
  channel_id?: string;
  message_ts?: string;
}): string {
  const channel = options.channel_id ?? "C2147483705";
  const messageTs = options.message_ts ?? "1700000200.000100";
  const payload = {
    type: "block_actions",
    user: { id: options.user_id ?? "U2147483697", username: "ada", team_id: "T0001" },
    api_app_id: "A123456",
    token: "gIkuvaNzQIHg97ATvDxqgjtO",
    container: { type: "message", message_ts: messageTs, channel_id: channel, is_ephemeral: false },
    trigger_id: options.trigger_id ?? `13345224609.738474920.${crypto.randomUUID().slice(0, 8)}`,
    team: { id: "T0001", domain: "acme" },
    channel: { id: channel, name: "ci" },
    message: { type: "message", ts: messageTs, bot_id: "B0BOT", text: "Test acme/app" },
    response_url: options.response_url,
    actions: [{
      action_id: options.action_id ?? "ci_action_0",
      block_id: "b1",
      type: "button",
      value: options.value,
      text: { type: "plain_text", text: "Cancel" },
      action_ts: "1700000300.000400",
    }],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/**
 * A form-encoded interactivity body carrying a `view_submission`: `view` (as sent to
 * `views.open`) submitted with `values[block_id][action_id]` typed into its
 * `plain_text_input`s. Shaped like Slack's payload: `view.state.values`, `private_metadata`
 * and `callback_id` come back as the app set them.
 *
 * @example
 * ```ts
 * viewSubmissionBody({ view: opened.body.view, values: { ci_command: { command: "help" } } });
 * ```
 */
export function viewSubmissionBody(options: {
  view: Record<string, unknown>;
  values: Record<string, Record<string, string>>;
  user_id?: string;
  view_id?: string;
}): string {
  const values = Object.fromEntries(
    Object.entries(options.values).map(([block, inputs]) => [
      block,
      Object.fromEntries(
        Object.entries(inputs).map((
          [action, value],
        ) => [action, { type: "plain_text_input", value }]),
      ),
    ]),
  );
  const payload = {
    type: "view_submission",
    team: { id: "T0001", domain: "acme" },
    user: { id: options.user_id ?? "U2147483697", username: "ada", name: "ada", team_id: "T0001" },
    api_app_id: "A123456",
    token: "gIkuvaNzQIHg97ATvDxqgjtO",
    trigger_id: `13345224609.738474920.${crypto.randomUUID().slice(0, 8)}`,
    view: {
      ...options.view,
      id: options.view_id ?? "V0EDIT0001",
      team_id: "T0001",
      app_id: "A123456",
      bot_id: "B0BOT",
      callback_id: options.view.callback_id ?? "",
      private_metadata: options.view.private_metadata ?? "",
      state: { values },
      hash: "1700000400.abcd",
      root_view_id: options.view_id ?? "V0EDIT0001",
      previous_view_id: null,
      clear_on_close: false,
      notify_on_close: false,
    },
    response_urls: [],
    is_enterprise_install: false,
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
