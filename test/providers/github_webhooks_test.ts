import assert from "node:assert/strict";
import { CiError } from "../../src/errors.ts";
import {
  decodeGitHubWebhook,
  type GitHubWebhookEvent,
  verifyGitHubSignature,
} from "../../src/providers/github/webhooks.ts";
import { githubEnv } from "./github_env.ts";

// The test vector of GitHub's "Validating webhook deliveries" documentation.
const DOC_SECRET = "It's a Secret to Everybody";
const DOC_BODY = "Hello, World!";
const DOC_SIGNATURE = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

const SECRET = "whsec-test-0123456789";
const START = "2026-11-24T10:00:00Z";

Deno.test("verifyGitHubSignature accepts GitHub's documented vector, string or bytes", async () => {
  assert.equal(await verifyGitHubSignature(DOC_SECRET, DOC_BODY, DOC_SIGNATURE), true);
  const bytes = new TextEncoder().encode(DOC_BODY);
  assert.equal(await verifyGitHubSignature(DOC_SECRET, bytes, DOC_SIGNATURE), true);
  assert.equal(
    await verifyGitHubSignature(
      DOC_SECRET,
      DOC_BODY,
      DOC_SIGNATURE.toUpperCase().replace("SHA256", "sha256"),
    ),
    true,
  );
});

Deno.test("verifyGitHubSignature refuses forged, truncated, unprefixed and missing signatures", async () => {
  const flipped = DOC_SIGNATURE.slice(0, -1) + (DOC_SIGNATURE.endsWith("7") ? "8" : "7");
  const cases: Array<[string, string, string | null]> = [
    [DOC_SECRET, DOC_BODY, flipped],
    [DOC_SECRET, DOC_BODY + " ", DOC_SIGNATURE],
    ["another secret", DOC_BODY, DOC_SIGNATURE],
    [DOC_SECRET, DOC_BODY, DOC_SIGNATURE.slice("sha256=".length)],
    [DOC_SECRET, DOC_BODY, DOC_SIGNATURE.slice(0, -2)],
    [DOC_SECRET, DOC_BODY, DOC_SIGNATURE.replace("sha256=", "sha1=")],
    [DOC_SECRET, DOC_BODY, null],
    ["", DOC_BODY, DOC_SIGNATURE],
  ];
  for (const [secret, body, header] of cases) {
    assert.equal(await verifyGitHubSignature(secret, body, header), false, String(header));
  }
});

Deno.test("decodeGitHubWebhook: ping, unsupported events, malformed known events", () => {
  assert.deepEqual(decodeGitHubWebhook("ping", { zen: "Keep it logically awesome." }), {
    kind: "ping",
  });
  assert.deepEqual(decodeGitHubWebhook("push", { ref: "refs/heads/main" }), {
    kind: "unsupported",
    event: "push",
  });
  assert.deepEqual(decodeGitHubWebhook(null, {}), { kind: "unsupported", event: "(none)" });
  assert.throws(
    () =>
      decodeGitHubWebhook("workflow_run", {
        action: "completed",
        repository: { full_name: "acme/app" },
        workflow_run: { id: "not-a-number" },
      }),
    (e) =>
      e instanceof CiError && e.code === "bad_request" &&
      /workflow_run delivery is malformed at 'workflow_run\.id'/.test(e.message),
  );
  assert.throws(
    () => decodeGitHubWebhook("workflow_job", "[]"),
    (e) => e instanceof CiError && e.code === "bad_request",
  );
});

interface Received {
  event: string | null;
  delivery: string | null;
  agent: string | null;
  verified: boolean;
  decoded?: GitHubWebhookEvent;
}

/** A tiny receiver on 127.0.0.1 that verifies, decodes and records what the simulator sends. */
function receiver(status = 200) {
  const received: Received[] = [];
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, async (req) => {
    const raw = new Uint8Array(await req.arrayBuffer());
    const verified = await verifyGitHubSignature(
      SECRET,
      raw,
      req.headers.get("x-hub-signature-256"),
    );
    const event = req.headers.get("x-github-event");
    received.push({
      event,
      delivery: req.headers.get("x-github-delivery"),
      agent: req.headers.get("user-agent"),
      verified,
      ...(verified
        ? { decoded: decodeGitHubWebhook(event, JSON.parse(new TextDecoder().decode(raw))) }
        : {}),
    });
    return new Response(null, { status });
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}/github/webhooks`,
    received,
    [Symbol.asyncDispose]: () => server.shutdown(),
  };
}

const FILES = {
  ".github/workflows/ci.yml": "name: CI\non: workflow_dispatch\njobs:\n  test:\n    runs-on: x\n",
};

Deno.test("the simulator delivers signed workflow_run / workflow_job events in lifecycle order", async () => {
  await using hook = receiver();
  await using e = await githubEnv({
    sim: { start: START, webhook: { url: hook.url, secret: SECRET } },
    files: FILES,
  });
  e.sim.state.script("acme/app", "ci.yml", () => ({
    queueMs: 10_000,
    jobs: [
      { name: "unit", durationMs: 120_000 },
      { name: "lint", durationMs: 30_000, conclusion: "failure" },
    ],
  }));
  const { runId } = await e.provider.dispatch("acme/app", "ci.yml", "main", {});
  e.sim.clock.advance(10_000);
  e.sim.clock.advance(200_000);
  await e.sim.webhooksIdle();

  assert.ok(hook.received.every((r) => r.verified));
  assert.ok(hook.received.every((r) => /^GitHub-Hookshot\//.test(r.agent ?? "")));
  assert.ok(hook.received.every((r) => /^[0-9a-f-]{36}$/.test(r.delivery ?? "")));
  const sequence = hook.received.map((r) => {
    const d = r.decoded!;
    if (d.kind === "workflow_run") return `run ${d.action} ${d.run.status}`;
    if (d.kind === "workflow_job") return `job ${d.job.name} ${d.action} ${d.job.status}`;
    return d.kind;
  });
  assert.deepEqual(sequence, [
    "run requested queued",
    "job unit queued queued",
    "job lint queued queued",
    "run in_progress in_progress",
    "job unit in_progress in_progress",
    "job lint in_progress in_progress",
    "job lint completed completed",
    "job unit completed completed",
    "run completed completed",
  ]);
  const last = hook.received.at(-1)!.decoded!;
  assert.ok(last.kind === "workflow_run");
  assert.deepEqual([last.repo, last.run.id, last.run.conclusion, last.run.updatedAt], [
    "acme/app",
    runId,
    "failure",
    "2026-11-24T10:02:10Z",
  ]);
  const lintDone = hook.received[6].decoded!;
  assert.ok(lintDone.kind === "workflow_job");
  assert.deepEqual([lintDone.runId, lintDone.job.conclusion, lintDone.job.completedAt], [
    runId,
    "failure",
    "2026-11-24T10:00:40Z",
  ]);
  assert.deepEqual(e.sim.webhookDeliveries.map((d) => d.status), Array(9).fill(200));
  assert.deepEqual(
    e.sim.webhookDeliveries.map((d) => `${d.event}:${d.action}`).slice(0, 2),
    ["workflow_run:requested", "workflow_job:queued"],
  );
});

Deno.test("redeliver re-sends the same delivery id and body, as GitHub's redelivery does", async () => {
  await using hook = receiver();
  await using e = await githubEnv({ sim: { start: START }, files: FILES });
  await e.provider.dispatch("acme/app", "ci.yml", "main", {});
  assert.equal(e.sim.webhookDeliveries.length, 0);
  e.sim.setWebhook(hook.url, SECRET);
  e.sim.clock.advance(120_000);
  await e.sim.webhooksIdle();
  const completed = e.sim.webhookDeliveries.find((d) =>
    d.event === "workflow_run" && d.action === "completed"
  )!;
  const again = await e.sim.redeliver(completed.id);
  assert.deepEqual([again.id, again.body, again.redelivery, again.status], [
    completed.id,
    completed.body,
    true,
    200,
  ]);
  const ids = hook.received.map((r) => r.delivery);
  assert.equal(ids.filter((id) => id === completed.id).length, 2);
  assert.ok(hook.received.every((r) => r.verified));
});

Deno.test("a failing or unreachable receiver is recorded, never retried by itself", async () => {
  await using failing = receiver(500);
  await using e = await githubEnv({
    sim: { start: START, webhook: { url: failing.url, secret: SECRET } },
    files: FILES,
  });
  await e.provider.dispatch("acme/app", "ci.yml", "main", {});
  await e.sim.webhooksIdle();
  assert.deepEqual(e.sim.webhookDeliveries.map((d) => d.status), [500, 500]);
  assert.equal(failing.received.length, 2);

  e.sim.setWebhook("http://127.0.0.1:9/github/webhooks", SECRET);
  e.sim.clock.advance(5_000);
  await e.sim.webhooksIdle();
  const unreachable = e.sim.webhookDeliveries.slice(2);
  assert.ok(unreachable.length >= 2);
  assert.ok(unreachable.every((d) => d.status === 0 && d.error));
});

Deno.test("a forged delivery fails verification at the receiver", async () => {
  await using hook = receiver();
  const body = JSON.stringify({ zen: "Anything added dilutes everything else." });
  const response = await fetch(hook.url, {
    method: "POST",
    headers: {
      "x-github-event": "ping",
      "x-hub-signature-256": DOC_SIGNATURE,
      "content-type": "application/json",
    },
    body,
  });
  await response.body?.cancel();
  assert.deepEqual(hook.received.map((r) => [r.event, r.verified]), [["ping", false]]);
});

Deno.test("on the auto clock, deliveries arrive on time without anyone polling the API", async () => {
  await using hook = receiver();
  await using e = await githubEnv({
    sim: { timeScale: 600, webhook: { url: hook.url, secret: SECRET } },
    files: FILES,
  });
  e.sim.state.script("acme/app", "ci.yml", () => ({
    queueMs: 6_000,
    jobs: [{ name: "unit", durationMs: 180_000 }],
  }));
  const started = performance.now();
  const { runId } = await e.provider.dispatch("acme/app", "ci.yml", "main", {});
  const requests = e.sim.requests.length;
  const done = () =>
    hook.received.some((r) =>
      r.decoded?.kind === "workflow_run" && r.decoded.action === "completed"
    );
  while (!done() && performance.now() - started < 3_000) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const elapsed = performance.now() - started;
  assert.ok(done(), "no workflow_run completed delivery");
  assert.ok(elapsed >= 250 && elapsed < 1_500, `took ${elapsed} ms`);
  assert.equal(e.sim.requests.length, requests);
  const last = hook.received.at(-1)!.decoded!;
  assert.ok(last.kind === "workflow_run" && last.run.id === runId);
  assert.equal(Date.parse(last.run.updatedAt) - Date.parse(last.run.createdAt), 186_000);
});
