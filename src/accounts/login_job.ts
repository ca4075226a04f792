/**
 * `login` as a durable job: GitHub's device flow, polled step by step so it survives a
 * restart. Planning asks GitHub for a device code (kept sealed in the job state: it is a bearer
 * secret until approved) and shows the person the code and, when the web flow is configured, a
 * one-click link. Each step polls once at GitHub's pace; an approval stores the link.
 *
 * @module
 */
import { z } from "zod";
import { CiError } from "../errors.ts";
import type { Intent } from "../intent/schema.ts";
import type { JobDefinition, PlanContext, StepResult } from "../jobs/definition.ts";
import type { Logger } from "../log.ts";
import { escapeMarkdownText } from "../report/markup.ts";
import type { ReportInput } from "../report/model.ts";
import { linkKeyText, type LinkStore } from "./links.ts";
import { type OAuthClient, slowerInterval } from "./oauth.ts";
import { deniedReport, expiredReport, linkedReport } from "./reports.ts";
import type { SecretBox } from "./secret_box.ts";
import { LinkRequesterSchema, type WebStates } from "./web_state.ts";

/** The job's persisted state. */
export const LoginStateSchema = z.object({
  requester: LinkRequesterSchema,
  /** Sealed, bound to the requester. */
  deviceCode: z.string(),
  userCode: z.string(),
  verificationUri: z.string().url(),
  /** Seconds between polls (grows on `slow_down`). */
  interval: z.number().nonnegative(),
  expiresAt: z.string(),
  startedAt: z.string(),
  /** Not before this (ISO): GitHub's interval holds across restarts too. */
  nextPollAt: z.string(),
  /** The web flow's authorize URL (its `state` sealed), when a client secret is configured. */
  authorizeUrl: z.string().url().optional(),
});
/** The job's persisted state. */
export type LoginState = z.infer<typeof LoginStateSchema>;

/** What the login job needs. */
export interface LoginJobOptions {
  oauth: OAuthClient;
  links: LinkStore;
  /** Seals the device code. */
  box: SecretBox;
  /** The web flow, when a client secret and a public URL exist. */
  web?: { states: WebStates; redirectUri: string };
  now: () => Date;
  log: Logger;
}

const TITLE = "Link your GitHub account";
const deviceContext = (s: LoginState["requester"]) => `device-code/${linkKeyText(s)}`;

/**
 * The `login` job definition.
 *
 * @example
 * ```ts
 * // const runner = createJobRunner({ ..., definitions: [testJob, compareJob, loginJob(options)] });
 * ```
 */
export function loginJob(o: LoginJobOptions): JobDefinition<LoginState> {
  const wait = (state: LoginState, nowMs: number): StepResult<LoginState> => ({
    kind: "wait",
    state,
    delayMs: Math.max(0, Date.parse(state.nextPollAt) - nowMs),
  });

  return {
    kind: "login",
    state: LoginStateSchema,
    async plan(_intent: Intent, ctx: PlanContext) {
      const requester = LinkRequesterSchema.safeParse(ctx.requester);
      if (!requester.success) {
        throw new CiError(
          "unsupported",
          "Only Slack, Discord and Teams members link a GitHub account",
          {
            hint: "In Copilot and MCP you already act on GitHub with your own token.",
          },
        );
      }
      const who = requester.data;
      const code = await o.oauth.requestDeviceCode();
      const now = o.now();
      const expiresAt = new Date(now.getTime() + code.expiresIn * 1000);
      const state: LoginState = {
        requester: who,
        deviceCode: await o.box.seal(code.deviceCode, deviceContext(who)),
        userCode: code.userCode,
        verificationUri: code.verificationUri,
        interval: code.interval,
        expiresAt: expiresAt.toISOString(),
        startedAt: now.toISOString(),
        nextPollAt: new Date(now.getTime() + code.interval * 1000).toISOString(),
      };
      if (o.web) {
        const webState = await o.web.states.issue(who, expiresAt);
        state.authorizeUrl = o.oauth.authorizeUrl(o.web.redirectUri, webState);
      }
      return state;
    },
    async step(state) {
      const nowMs = o.now().getTime();
      // Approved in the browser (web flow) while this job waited: the link is already there.
      const existing = await o.links.get(state.requester).catch(() => null);
      if (existing && existing.linkedAt >= state.startedAt) {
        return { kind: "done", state, report: linkedReport(existing.login) };
      }
      if (nowMs >= Date.parse(state.expiresAt)) {
        return { kind: "done", state, report: expiredReport() };
      }
      if (nowMs < Date.parse(state.nextPollAt)) return wait(state, nowMs);
      const deviceCode = await o.box.open(state.deviceCode, deviceContext(state.requester));
      const poll = await o.oauth.pollDeviceCode(deviceCode);
      const next = (interval: number): LoginState => ({
        ...state,
        interval,
        nextPollAt: new Date(nowMs + interval * 1000).toISOString(),
      });
      switch (poll.kind) {
        case "pending":
          return wait(next(state.interval), nowMs);
        case "slow_down":
          return wait(next(slowerInterval(state.interval, poll.interval)), nowMs);
        case "expired":
          return { kind: "done", state, report: expiredReport() };
        case "denied":
          return { kind: "done", state, report: deniedReport() };
        case "token": {
          const login = await o.oauth.user(poll.grant.accessToken);
          await o.links.put(state.requester, {
            login,
            tokens: { accessToken: poll.grant.accessToken, refreshToken: poll.grant.refreshToken },
            expiresAt: poll.grant.expiresAt,
            refreshExpiresAt: poll.grant.refreshExpiresAt,
            linkedAt: o.now().toISOString(),
          });
          o.log.info("account linked", { surface: state.requester.surface, login });
          return { kind: "done", state, report: linkedReport(login) };
        }
      }
    },
    progress(state) {
      const minutes = Math.round(
        (Date.parse(state.expiresAt) - Date.parse(state.startedAt)) / 60_000,
      );
      const report: ReportInput = {
        title: TITLE,
        status: "running",
        summary: `Open ${escapeMarkdownText(state.verificationUri)} and enter the code ` +
          `**${escapeMarkdownText(state.userCode)}** (valid ${minutes} minutes). ` +
          "This message changes when you have approved.",
        links: [
          { label: "Enter the code on GitHub", url: state.verificationUri },
          ...(state.authorizeUrl
            ? [{ label: "Or approve in one click", url: state.authorizeUrl }]
            : []),
        ],
      };
      return { progress: { done: 0, total: 1, note: "waiting for approval on GitHub" }, report };
    },
    cancel(state) {
      return Promise.resolve({
        state,
        report: {
          title: "Login cancelled",
          status: "neutral",
          summary: "Your GitHub account was not linked. Type `login` to start again.",
        },
      });
    },
  };
}
