/**
 * `POST /github/webhooks`: signed deliveries from the GitHub simulator wake the job following
 * the run; forged, malformed, duplicate and unhandled deliveries are answered without effect.
 */
import assert from "node:assert/strict";
import { boot } from "../../src/boot.ts";
import { memoryLogger } from "../../src/log.ts";
import { GITHUB_TOKEN, simWithApp } from "./fixtures.ts";

const SECRET = "webhook-secret-e2e";

async function sign(body: string, secret = SECRET) {
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(body)));
  return "sha256=" + Array.from(mac, (b) => b.toString(16).padStart(2, "0")).join("");
}

Deno.test("github webhooks: run events wake the job; bad deliveries change nothing", async () => {
  await using github = await simWithApp({ timeScale: 60 });
  const log = memoryLogger();
  const service = await boot({
    KV_PATH: ":memory:",
    GITHUB_TOKEN,
    GITHUB_API_URL: github.url,
    GITHUB_WEBHOOK_SECRET: SECRET,
  }, { log, github: { retryAfterBaseValue: 5 } });
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, service.app.fetch);
  const url = `http://127.0.0.1:${server.addr.port}/github/webhooks`;
  github.setWebhook(url, SECRET);
  try {
    const report = await service.deps.execute(
      { op: "test", repo: "acme/app", workflow: "ci.yml", inputs: { "python-version": "3.11" } },
      { surface: "cli", requestId: "webhook-e2e" },
    );
    const jobId = report.actions.find((a) => a.intent.op === "cancel")!.intent.target!;
    const done = await service.deps.runner.wait(jobId);
    assert.equal(done.status, "succeeded");
    await github.webhooksIdle();
    const runId = github.state.dispatches[0].runId;
    const woke = log.entries.filter((e) => e.msg === "webhook woke a job");
    assert.ok(woke.length > 0, "deliveries about the run woke the job");
    assert.ok(woke.every((e) => e.jobId === jobId && e.runId === runId));
    assert.ok(github.webhookDeliveries.every((d) => d.status === 202));

    // The same delivery again: acknowledged as a duplicate.
    const first = github.webhookDeliveries.find((d) => d.event === "workflow_run")!;
    const again = await github.redeliver(first.id);
    assert.equal(again.status, 200);

    const post = async (body: string, headers: Record<string, string>) => {
      const res = await fetch(url, { method: "POST", body, headers });
      return { status: res.status, body: await res.json() };
    };
    const payload = JSON.stringify({ action: "completed", workflow_run: { id: "nope" } });
    const forged = await post(payload, {
      "x-github-event": "workflow_run",
      "x-hub-signature-256": await sign(payload, "wrong"),
    });
    assert.equal(forged.status, 401);
    const malformed = await post(payload, {
      "x-github-event": "workflow_run",
      "x-hub-signature-256": await sign(payload),
    });
    assert.equal(malformed.status, 400);
    const star = JSON.stringify({ action: "created", starred_at: null });
    const ignored = await post(star, {
      "x-github-event": "star",
      "x-hub-signature-256": await sign(star),
    });
    assert.deepEqual(ignored, { status: 202, body: { status: "ignored", event: "star" } });
  } finally {
    await server.shutdown();
    await service.close();
  }
});

Deno.test("github webhooks: off without a secret, and say how to turn them on", async () => {
  const service = await boot({ KV_PATH: ":memory:" }, { log: memoryLogger() });
  try {
    const res = await service.app.request("/github/webhooks", { method: "POST", body: "{}" });
    assert.equal(res.status, 404);
    assert.match((await res.json()).error, /GITHUB_WEBHOOK_SECRET/);
  } finally {
    await service.close();
  }
});

Deno.test("github webhooks: a storm past the backlog limit gets 503 + Retry-After, the rest 202 and runs", async () => {
  const log = memoryLogger();
  const service = await boot({
    KV_PATH: ":memory:",
    GITHUB_TOKEN,
    GITHUB_API_URL: "http://127.0.0.1:9",
    GITHUB_WEBHOOK_SECRET: SECRET,
    INBOX_BACKLOG_LIMIT: "3",
  }, { log });
  try {
    const deliveries = await Promise.all(Array.from({ length: 40 }, async (_, i) => {
      const body = JSON.stringify({
        action: "queued",
        workflow_job: {
          id: 9000 + i,
          run_id: 77,
          name: "build",
          status: "queued",
          conclusion: null,
          started_at: "2026-12-03T12:00:00Z",
          completed_at: null,
          html_url: "https://github.com/acme/app/actions/runs/77/job/1",
          url: "https://api.github.com/repos/acme/app/actions/jobs/1",
          labels: ["ubuntu-latest"],
          steps: [],
        },
        repository: { full_name: "acme/app" },
      });
      const res = await service.app.fetch(
        new Request("http://local/github/webhooks", {
          method: "POST",
          body,
          headers: {
            "x-github-event": "workflow_job",
            "x-github-delivery": `storm-${i}`,
            "x-hub-signature-256": await sign(body),
          },
        }),
      );
      return { id: `storm-${i}`, status: res.status, retryAfter: res.headers.get("retry-after") };
    }));
    const accepted = deliveries.filter((d) => d.status === 202);
    const busy = deliveries.filter((d) => d.status === 503);
    assert.equal(accepted.length + busy.length, 40, JSON.stringify(deliveries.slice(0, 3)));
    assert.ok(accepted.length >= 1 && accepted.length <= 3, `${accepted.length} accepted`);
    assert.ok(busy.every((d) => d.retryAfter === "5"));
    await service.deps.background.drain();
    for (const d of accepted) {
      const record = await service.deps.store.get<{ state: string }>(["inbox", "github", d.id]);
      assert.equal(record?.state, "done", `${d.id} ran from the queue`);
    }
    for (const d of busy) {
      assert.equal(await service.deps.store.get(["inbox", "github", d.id]), null);
    }
    const metrics = await (await service.app.fetch(new Request("http://local/metrics"))).text();
    assert.match(metrics, new RegExp(`ci_inbox_busy_total\\{source="github"\\} ${busy.length}\\n`));
    assert.match(metrics, /ci_inbox_backlog\{source="github"\} 0\n/);
  } finally {
    await service.close();
  }
});
