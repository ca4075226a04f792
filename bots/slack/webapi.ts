/**
 * The three outbound Slack calls of delivery — `chat.postMessage`, `chat.update` and a POST to a
 * `response_url` — over {@linkcode resilientFetch}. Plain `fetch` rather than Bolt's WebClient:
 * the job runner delivers outside any Bolt listener, and this path must stay cheap to load.
 *
 * @module
 */
import { CiError } from "../../src/errors.ts";
import type { SlackMessage } from "./blockkit.ts";

/**
 * A refusal by Slack: HTTP status plus Slack's error string (`message_not_found`, `used_url`…).
 * Rate limits and outages are `upstream`; anything else is our bug or our setup (`internal`, so
 * users see a reference id and operators the detail in the log).
 */
export class SlackRefusal extends CiError {
  constructor(readonly method: string, readonly slackError: string, readonly status: number) {
    const transient = status === 429 || status >= 500;
    super(
      transient ? "upstream" : "internal",
      `Slack refused ${method}: ${slackError} (HTTP ${status})`,
      {
        hint: transient ? "Slack is busy; the message will catch up." : undefined,
      },
    );
    this.name = "SlackRefusal";
  }
}

/** A message with the `response_url` options. */
export type ResponseBody = SlackMessage & {
  response_type?: "in_channel" | "ephemeral";
  replace_original?: boolean;
};

/** The calls. */
export interface SlackApi {
  /** Posts a message (optionally in a thread); returns where it landed. */
  post(channel: string, message: SlackMessage, threadTs?: string): Promise<{
    channel: string;
    ts: string;
  }>;
  /** Replaces a posted message. */
  update(channel: string, ts: string, message: SlackMessage): Promise<void>;
  /** POSTs to a `response_url`. */
  respond(url: string, body: ResponseBody): Promise<void>;
  /** Opens a modal (`views.open`) with a click's `trigger_id` (valid 3 s). */
  openView(triggerId: string, view: Record<string, unknown>): Promise<void>;
  /** Whether `post`/`update` can be used (a bot token is configured). */
  readonly canPost: boolean;
}

/**
 * Creates the API over an already resilient `fetch`.
 *
 * @example
 * ```ts
 * const api = createSlackApi({ botToken: "xoxb-1", apiUrl: "https://slack.com/api/", fetch });
 * const { channel, ts } = await api.post("C1", { text: "hi", blocks: [] });
 * ```
 */
export function createSlackApi(options: {
  botToken?: string;
  apiUrl?: string;
  fetch: typeof fetch;
}): SlackApi {
  const base = withSlash(options.apiUrl ?? "https://slack.com/api/");
  const call = async (method: string, args: Record<string, unknown>) => {
    if (!options.botToken) {
      throw new CiError("config", `Cannot call ${method}: SLACK_BOT_TOKEN is not set`, {
        hint: "Set SLACK_BOT_TOKEN so messages can be updated in place.",
      });
    }
    const response = await options.fetch(`${base}${method}`, {
      method: "POST",
      headers: {
        "content-type": "application/json; charset=utf-8",
        authorization: `Bearer ${options.botToken}`,
      },
      body: JSON.stringify(args),
    });
    const text = await response.text();
    let json: { ok?: boolean; error?: string; channel?: string; ts?: string } = {};
    try {
      json = JSON.parse(text);
    } catch {
      // A proxy's HTML error page: the status says enough.
    }
    if (!response.ok || json.ok !== true) {
      throw new SlackRefusal(method, json.error ?? `status_${response.status}`, response.status);
    }
    return json;
  };
  return {
    canPost: Boolean(options.botToken),
    async post(channel, message, threadTs) {
      const json = await call("chat.postMessage", {
        channel,
        ...(threadTs ? { thread_ts: threadTs } : {}),
        text: message.text,
        blocks: message.blocks,
        unfurl_links: false,
      });
      if (!json.channel || !json.ts) throw new SlackRefusal("chat.postMessage", "no_ts", 200);
      return { channel: json.channel, ts: json.ts };
    },
    async update(channel, ts, message) {
      await call("chat.update", { channel, ts, text: message.text, blocks: message.blocks });
    },
    async openView(triggerId, view) {
      await call("views.open", { trigger_id: triggerId, view });
    },
    async respond(url, body) {
      const response = await options.fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json; charset=utf-8" },
        body: JSON.stringify(body),
      });
      const text = (await response.text()).trim();
      if (!response.ok) {
        throw new SlackRefusal("response_url", text.slice(0, 100) || "error", response.status);
      }
    },
  };
}

function withSlash(url: string): string {
  return url.endsWith("/") ? url : `${url}/`;
}
