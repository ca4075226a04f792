/**
 * The real service (booted in process, served on 127.0.0.1) with Slack and a policy file,
 * against the GitHub simulator holding the public `acme/app` and the private `acme/secret`
 * (whose `ci.yml` always fails with a log line naming a secret). Shared by the attack tests on
 * `status` and on subscriptions.
 *
 * @module
 */
import assert from "node:assert/strict";
import { boot, type Service } from "../../src/boot.ts";
import { memoryLogger } from "../../src/log.ts";
import { type GitHubSim } from "../sim/github.ts";
import {
  signSlackRequest,
  type SlackCall,
  type SlackSim,
  slashCommandBody,
  startSlackSim,
} from "../sim/slack.ts";
import { CI_YML, GITHUB_TOKEN, simWithApp } from "../e2e/fixtures.ts";

const SLACK_SECRET = "security-alerts-signing-secret";
const HOOK_SECRET = "security-alerts-webhook-secret";

/** A Slack channel of the tests. */
export interface Channel {
  id: string;
  name: string;
}

/** What the private repository's failing job logs. */
export const SECRET_LOG_LINE = "FAILED tests/test_vault.py::test_key - VAULT_ROOT=s3cr3t";

/** A running environment. */
export interface AlertsEnv extends AsyncDisposable {
  github: GitHubSim;
  slack: SlackSim;
  service: Service;
  log: ReturnType<typeof memoryLogger>;
  /** Sends `/ci-test <text>` as `user` in `channel`; resolves with the Slack call answering it. */
  command(text: string, channel: Channel, user: string): Promise<SlackCall>;
  /** Dispatches `ci.yml` of `repo` on main; returns the run id. */
  run(repo: string): number;
  /** Waits until `n` alert deliveries have been given up on. */
  failedDeliveries(n: number): Promise<void>;
  /** Waits until run `runId` completed, its webhook was answered and alert queue hops ran. */
  settle(runId: number): Promise<void>;
}

/**
 * Everything Slack showed for a call (Block Kit JSON and fallback text).
 *
 * @example
 * ```ts
 * shown(await env.command("status", C1, "U0MEMBER"));
 * ```
 */
export const shown = (call: SlackCall) =>
  JSON.stringify(call.body.blocks ?? []) + String(call.body.text ?? "");

/**
 * Boots the service with `policy` as its POLICY_FILE (none when undefined).
 *
 * @example
 * ```ts
 * await using env = await startAlertsEnv("grants: []\n");
 * ```
 */
export async function startAlertsEnv(policy?: string): Promise<AlertsEnv> {
  const github = await simWithApp({ timeScale: 600 });
  github.state.addRepo("acme/secret", {
    private: true,
    files: { ".github/workflows/ci.yml": CI_YML },
  });
  github.state.script("acme/secret", "ci.yml", () => ({
    queueMs: 1_000,
    jobs: [{
      name: "test",
      durationMs: 60_000,
      conclusion: "failure" as const,
      steps: [{ name: "pytest", conclusion: "failure" as const }],
      log: `collected 3 items\n${SECRET_LOG_LINE}\n1 failed`,
    }],
  }));
  const slack = await startSlackSim();
  const log = memoryLogger();
  const dir = await Deno.makeTempDir();
  const env: Record<string, string> = {};
  if (policy !== undefined) {
    env.POLICY_FILE = `${dir}/policy.yml`;
    await Deno.writeTextFile(env.POLICY_FILE, policy);
  }
  const service = await boot({
    KV_PATH: ":memory:",
    PUBLIC_URL: "https://ci.example.test",
    SLACK_SIGNING_SECRET: SLACK_SECRET,
    SLACK_BOT_TOKEN: slack.token,
    SLACK_API_URL: slack.apiUrl,
    GITHUB_TOKEN,
    GITHUB_API_URL: github.url,
    GITHUB_WEBHOOK_SECRET: HOOK_SECRET,
    ...env,
  }, {
    log,
    github: { retryAfterBaseValue: 5 },
    maxJobWaitMs: 200,
    alerts: { backoffMs: () => 20, coalesceMs: 50 },
  });
  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen() {} },
    service.app.fetch,
  );
  github.setWebhook(`http://127.0.0.1:${server.addr.port}/github/webhooks`, HOOK_SECRET);

  return {
    github,
    slack,
    service,
    log,
    async command(text, channel, user) {
      const id = crypto.randomUUID();
      const body = slashCommandBody({
        command: "/ci-test",
        text,
        channel_id: channel.id,
        channel_name: channel.name,
        user_id: user,
        response_url: slack.responseUrl(id),
      });
      const headers = await signSlackRequest(SLACK_SECRET, body, Math.floor(Date.now() / 1000));
      headers.set("content-type", "application/x-www-form-urlencoded");
      const before = slack.calls.length;
      const res = await service.app.request("/slack/events", { method: "POST", headers, body });
      await res.text();
      assert.equal(res.status, 200);
      return await slack.waitFor(
        (c) =>
          slack.calls.indexOf(c) >= before &&
          ((c.method === "response_url" && c.id === id) ||
            (c.method === "chat.postMessage" && c.body.channel === channel.id &&
              !shown(c).includes("Run "))),
        10_000,
      );
    },
    run(repo) {
      const state = github.state.repo(repo)!;
      const workflow = github.state.findWorkflow(state, "ci.yml")!;
      const run = github.state.dispatch(state, workflow, {
        ref: "main",
        inputs: { "python-version": "3.12" },
      });
      if (typeof run === "string") throw new Error(run);
      return Number(run.id);
    },
    async failedDeliveries(n) {
      const deadline = Date.now() + 15_000;
      while ((await service.deps.store.list(["alerts", "failed"])).length < n) {
        if (Date.now() > deadline) throw new Error(`fewer than ${n} failed deliveries after 15 s`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async settle(runId) {
      const completed = () =>
        github.webhookDeliveries.some((d) =>
          d.event === "workflow_run" && d.action === "completed" && (d.status ?? 0) >= 200 &&
          (d.status ?? 0) < 300 &&
          JSON.parse(d.body).workflow_run?.id === runId
        );
      const deadline = Date.now() + 15_000;
      while (!completed()) {
        if (Date.now() > deadline) throw new Error(`run ${runId} did not complete in 15 s`);
        await new Promise((r) => setTimeout(r, 50));
      }
      await github.webhooksIdle();
      // Queue hops (run → deliver) and the coalescing window of job events.
      await new Promise((r) => setTimeout(r, 400));
    },
    async [Symbol.asyncDispose]() {
      await github.close();
      await server.shutdown();
      await service.close();
      await slack.close();
      await Deno.remove(dir, { recursive: true });
    },
  };
}
