/**
 * The booted service with the Slack and GitHub simulators, as the Slack end-to-end tests drive
 * it: signed slash commands, button clicks and mentions, the calls Slack received, and the
 * GitHub simulator's state.
 *
 * @module
 */
import { boot } from "../../src/boot.ts";
import { memoryLogger } from "../../src/log.ts";
import {
  appMentionBody,
  blockActionsBody,
  signSlackRequest,
  slashCommandBody,
  startSlackSim,
} from "../sim/slack.ts";
import type { GitHubSimOptions } from "../sim/github.ts";
import { GITHUB_TOKEN, simWithApp } from "./fixtures.ts";

const SECRET = "e2e-signing-secret";
/** The Slack user the helpers act as unless told otherwise. */
export const OPERATOR = "U2147483697";

/** Options of {@linkcode startSlackService}. */
export interface SlackServiceOptions {
  /** Policy file text; none when absent. */
  policy?: string;
  /** More environment (linked accounts, limits). */
  env?: Record<string, string>;
  /** More simulator options (people, OAuth, an App). */
  sim?: Partial<GitHubSimOptions>;
}

/** Text a person reads in a Slack call: its blocks and its fallback text. */
export const shown = (body: Record<string, unknown>): string =>
  JSON.stringify(body.blocks ?? []) + String(body.text);

/**
 * The buttons of a Block Kit message, in order.
 *
 * @example
 * ```ts
 * buttonsOf(call.body).find((b) => b.text?.text === "Run")?.value;
 * ```
 */
export const buttonsOf = (body: Record<string, unknown>): Array<
  { text?: { text: string }; value?: string }
> =>
  ((body.blocks ?? []) as Array<
    { type: string; elements?: Array<{ text?: { text: string }; value?: string }> }
  >)
    .filter((b) => b.type === "actions").flatMap((b) => b.elements ?? []);

/**
 * Starts the service (Deno KV in memory) wired to fresh Slack and GitHub simulators.
 *
 * @example
 * ```ts
 * await using env = await startSlackService({ policy: "grants: []\n" });
 * await env.command("analyze repo:acme/app");
 * ```
 */
export async function startSlackService(options: SlackServiceOptions = {}) {
  const github = await simWithApp({ sim: options.sim });
  const slack = await startSlackSim();
  const dir = await Deno.makeTempDir();
  const policyFile = `${dir}/policy.yml`;
  if (options.policy !== undefined) await Deno.writeTextFile(policyFile, options.policy);
  const log = memoryLogger();
  const service = await boot({
    KV_PATH: ":memory:",
    PUBLIC_URL: "https://ci.example.test",
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_BOT_TOKEN: slack.token,
    SLACK_API_URL: slack.apiUrl,
    GITHUB_TOKEN,
    GITHUB_API_URL: github.url,
    ...(options.policy !== undefined ? { POLICY_FILE: policyFile } : {}),
    ...options.env,
  }, { log, maxJobWaitMs: 100, github: { retryAfterBaseValue: 5 } });
  const post = async (body: string, contentType: string) => {
    const headers = await signSlackRequest(SECRET, body, Math.floor(Date.now() / 1000));
    headers.set("content-type", contentType);
    const res = await service.app.request("/slack/events", { method: "POST", headers, body });
    return { status: res.status, text: await res.text() };
  };
  const form = "application/x-www-form-urlencoded";
  return {
    github,
    slack,
    service,
    log,
    /** The first Slack call from `since` on whose text matches. */
    next: (pattern: RegExp, since: number, timeoutMs = 15_000) =>
      slack.waitFor(
        (c) => slack.calls.indexOf(c) >= since && pattern.test(shown(c.body)),
        timeoutMs,
      ),
    command: (text: string, user = OPERATOR, channel?: string) =>
      post(
        slashCommandBody({
          command: "/ci-test",
          text,
          user_id: user,
          ...(channel ? { channel_id: channel } : {}),
          response_url: slack.responseUrl(crypto.randomUUID()),
        }),
        form,
      ),
    click: (value: string, messageTs: string, user = OPERATOR, channel?: string) =>
      post(
        blockActionsBody({
          value,
          user_id: user,
          ...(channel ? { channel_id: channel } : {}),
          message_ts: messageTs,
          response_url: slack.responseUrl(crypto.randomUUID()),
        }),
        form,
      ),
    /** Posts a signed interactivity body (e.g. `viewSubmissionBody(…)` of the simulator). */
    interact: (body: string) => post(body, form),
    mention: (text: string, user = OPERATOR) =>
      post(appMentionBody({ text: `<@U0BOT> ${text}`, user }), "application/json"),
    async [Symbol.asyncDispose]() {
      await service.close();
      await slack.close();
      await github.close();
      await Deno.remove(dir, { recursive: true });
    },
  };
}

/** What {@linkcode startSlackService} resolves to. */
export type SlackService = Awaited<ReturnType<typeof startSlackService>>;
