/**
 * Issue 12, extra: one `GITHUB_WEBHOOK_SECRET` for every repository let an admin of any
 * repository (who can read that secret in their webhook settings) forge deliveries, and so
 * alerts, for all the others. With `GITHUB_WEBHOOK_SECRETS` each repository has its own
 * secret: a delivery about `acme/secret` signed with `acme/app`'s secret is refused with 401
 * and alerts nothing.
 */
import assert from "node:assert/strict";
import { boot } from "../../src/boot.ts";
import { memoryLogger } from "../../src/log.ts";
import { CI_YML, GITHUB_TOKEN, simWithApp } from "../e2e/fixtures.ts";

const SECRETS = { "acme/app": "app-webhook-secret", "acme/secret": "vault-webhook-secret" };

async function setup() {
  const github = await simWithApp();
  github.state.addRepo("acme/secret", {
    private: true,
    files: { ".github/workflows/ci.yml": CI_YML },
  });
  github.state.script("acme/secret", "ci.yml", () => ({
    queueMs: 1_000,
    jobs: [{ name: "test", durationMs: 60_000, conclusion: "failure" as const }],
  }));
  const service = await boot({
    KV_PATH: ":memory:",
    GITHUB_TOKEN,
    GITHUB_API_URL: github.url,
    GITHUB_WEBHOOK_SECRETS: JSON.stringify(SECRETS),
  }, { log: memoryLogger(), github: { retryAfterBaseValue: 5 } });
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, service.app.fetch);
  return {
    github,
    service,
    url: `http://127.0.0.1:${server.addr.port}/github/webhooks`,
    async [Symbol.asyncDispose]() {
      await github.webhooksIdle();
      await server.shutdown();
      await service.close();
      await github.close();
    },
  };
}

async function runToCompletion(env: Awaited<ReturnType<typeof setup>>, name: string) {
  const repo = env.github.state.repo(name)!;
  const run = env.github.state.dispatch(repo, env.github.state.findWorkflow(repo, "ci.yml")!, {
    ref: "main",
    inputs: {},
  });
  if (typeof run === "string") throw new Error(run);
  const deadline = Date.now() + 20_000;
  while (
    !env.github.webhookDeliveries.some((d) =>
      d.event === "workflow_run" && d.action === "completed" && d.body.includes(`"${name}"`)
    )
  ) {
    if (Date.now() > deadline) throw new Error(`no completed delivery for ${name}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  await env.github.webhooksIdle();
  return run.id;
}

const about = (name: string) => (d: { body: string }) => d.body.includes(`"full_name":"${name}"`);

Deno.test("webhook secrets: acme/app's secret cannot sign deliveries about acme/secret (401, no alert)", async () => {
  await using env = await setup();
  // The admin of acme/app signs with the only secret they know.
  env.github.setWebhook(env.url, SECRETS["acme/app"]);
  const runId = await runToCompletion(env, "acme/secret");
  const forged = env.github.webhookDeliveries.filter(about("acme/secret"));
  assert.ok(forged.length > 0);
  assert.deepEqual([...new Set(forged.map((d) => d.status))], [401]);
  const store = env.service.deps.store;
  assert.deepEqual(await store.list(["alerts", "run", "acme/secret"]), [], "nothing alerted");
  assert.deepEqual(await store.list(["alerts", "latest", "acme/secret", Number(runId)]), []);
  for (const d of forged) assert.equal(await store.get(["inbox", "github", d.id]), null);
});

Deno.test("webhook secrets: each repository's own secret is accepted (202) and alerts", async () => {
  await using env = await setup();
  env.github.setWebhook(env.url, SECRETS["acme/app"]);
  await runToCompletion(env, "acme/app");
  const own = env.github.webhookDeliveries.filter(about("acme/app"));
  assert.ok(own.length > 0 && own.every((d) => d.status === 202));
  env.github.setWebhook(env.url, SECRETS["acme/secret"]);
  await runToCompletion(env, "acme/secret");
  const secret = env.github.webhookDeliveries.filter(about("acme/secret"));
  assert.ok(secret.length > 0 && secret.every((d) => d.status === 202));
  const completed = secret.find((d) => d.event === "workflow_run" && d.action === "completed")!;
  // The 202 comes first; the work runs from the durable queue after it.
  await env.service.deps.background.drain();
  const record = await env.service.deps.store.get<{ state: string }>([
    "inbox",
    "github",
    completed.id,
  ]);
  assert.equal(record?.state, "done");
});

Deno.test("security: GITHUB_WEBHOOK_SECRETS that cannot be read stop start-up without echoing secrets", async () => {
  const cases: Array<[string, RegExp]> = [
    ["{not json", /not valid JSON/],
    ['{"acme/..":"s3cret-dotdot"}', /'acme\/\.\.'/],
    ['{"acme/app":""}', /an empty secret/],
  ];
  for (const [value, reason] of cases) {
    await assert.rejects(
      boot({ KV_PATH: ":memory:", GITHUB_WEBHOOK_SECRETS: value }, { log: memoryLogger() }),
      (e: Error) => reason.test(e.message) && !e.message.includes("s3cret"),
      value,
    );
  }
});
