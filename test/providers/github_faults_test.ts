import assert from "node:assert/strict";
import { CiError } from "../../src/errors.ts";
import { githubEnv, seen, TOKEN } from "./github_env.ts";

const WORKFLOWS = "/repos/acme/app/actions/workflows";
const nowSeconds = () => Math.floor(Date.now() / 1000);

function isCiError(code: string, pattern?: RegExp) {
  return (e: unknown) => {
    assert.ok(e instanceof CiError, `expected a CiError, got ${e}`);
    assert.equal(e.code, code, e.message);
    if (pattern) assert.match(e.message, pattern);
    return true;
  };
}

Deno.test("a 5xx is retried and the call then succeeds", async () => {
  await using env = await githubEnv();
  env.sim.faults.push({ path: WORKFLOWS, status: 502, times: 2 });
  const workflows = await env.provider.listWorkflows("acme/app");
  assert.equal(workflows.length, 2);
  assert.deepEqual(seen(env.sim, "GET", WORKFLOWS).map((r) => r.status), [502, 502, 200]);
});

Deno.test("a persisting 5xx becomes an upstream error after bounded retries", async () => {
  await using env = await githubEnv({ provider: { retries: 2 } });
  env.sim.faults.push({ path: WORKFLOWS, status: 503, times: Infinity });
  const started = performance.now();
  await assert.rejects(
    env.provider.listWorkflows("acme/app"),
    isCiError("upstream", /answered 503 .*after 2 retries/),
  );
  assert.ok(performance.now() - started < 1_000);
  assert.equal(seen(env.sim, "GET", WORKFLOWS).length, 3);
});

Deno.test("a primary rate limit resetting soon is waited for, then retried", async () => {
  await using env = await githubEnv();
  env.sim.faults.push({ path: WORKFLOWS, status: 403, rateLimitReset: nowSeconds() + 1 });
  const workflows = await env.provider.listWorkflows("acme/app");
  assert.equal(workflows.length, 2);
  assert.deepEqual(seen(env.sim, "GET", WORKFLOWS).map((r) => r.status), [403, 200]);
  const warning = env.log.entries.find((e) => e.msg === "GitHub primary rate limit hit");
  assert.equal(warning?.retrying, true);
});

Deno.test("a primary rate limit resetting far ahead fails at once with the reset time", async () => {
  await using env = await githubEnv();
  const reset = nowSeconds() + 3600;
  env.sim.faults.push({ path: WORKFLOWS, status: 403, rateLimitReset: reset, times: 5 });
  await assert.rejects(env.provider.listWorkflows("acme/app"), (e) => {
    isCiError("rate_limited")(e);
    const error = e as CiError;
    assert.ok(error.message.includes(new Date(reset * 1000).toISOString()), error.message);
    assert.match(error.message, /in 60 min/);
    assert.ok(error.hint);
    return true;
  });
  assert.equal(seen(env.sim, "GET", WORKFLOWS).length, 1);
});

Deno.test("a 429 secondary rate limit honours retry-after, then succeeds", async () => {
  await using env = await githubEnv();
  env.sim.faults.push({ path: WORKFLOWS, status: 429, retryAfter: 2 });
  await env.provider.listWorkflows("acme/app");
  assert.deepEqual(seen(env.sim, "GET", WORKFLOWS).map((r) => r.status), [429, 200]);
  const warning = env.log.entries.find((e) => e.msg === "GitHub secondary rate limit hit");
  assert.equal(warning?.retryAfterSeconds, 2);
});

Deno.test("a persisting 429 ends as rate_limited after the bounded retries", async () => {
  await using env = await githubEnv({ provider: { rateLimitRetries: 1 } });
  env.sim.faults.push({ path: WORKFLOWS, status: 429, retryAfter: 1, times: Infinity });
  await assert.rejects(
    env.provider.listWorkflows("acme/app"),
    isCiError("rate_limited", /secondary rate limit .*retry after 1 s/),
  );
  assert.equal(seen(env.sim, "GET", WORKFLOWS).length, 2);
});

Deno.test("a slow answer hits the per-request timeout without hanging or retrying", async () => {
  await using env = await githubEnv({ provider: { timeoutMs: 150 } });
  env.sim.faults.push({ path: WORKFLOWS, delayMs: 5_000 });
  const started = performance.now();
  await assert.rejects(
    env.provider.listWorkflows("acme/app"),
    isCiError("timeout", /did not answer GET \/repos\/acme\/app\/actions\/workflows within 150 ms/),
  );
  assert.ok(performance.now() - started < 1_000);
  assert.equal(env.sim.faults.length, 0);
});

Deno.test("a slow log download also times out", async () => {
  await using env = await githubEnv({ provider: { timeoutMs: 150 } });
  const run = env.sim.state.addRun("acme/app", { jobs: [{ name: "test", log: "a\nb\n" }] });
  const [job] = env.sim.state.jobs(Number(run.id));
  env.sim.faults.push({ path: `/_logs/${job.id}`, delayMs: 5_000 });
  await assert.rejects(env.provider.jobLogTail("acme/app", Number(job.id)), isCiError("timeout"));
});

Deno.test("a rejected token is unauthorized and the message never shows the token", async () => {
  const wrong = "ghp_wrongTokenValue9876543210zyxwvu";
  await using env = await githubEnv({ provider: { token: wrong } });
  await assert.rejects(env.provider.listWorkflows("acme/app"), (e) => {
    isCiError("unauthorized", /^GITHUB_TOKEN was rejected by GitHub \(401 Bad credentials\)/)(e);
    const error = e as CiError;
    for (const secret of [wrong, TOKEN]) {
      assert.ok(!error.message.includes(secret));
      assert.ok(!error.hint?.includes(secret));
    }
    return true;
  });
  assert.equal(seen(env.sim, "GET", WORKFLOWS).length, 1);
  assert.ok(!JSON.stringify(env.log.entries).includes(wrong));
});

Deno.test("a missing token against a private API is unauthorized with a hint to set it", async () => {
  await using env = await githubEnv({ provider: { token: undefined } });
  await assert.rejects(
    env.provider.listWorkflows("acme/app"),
    isCiError("unauthorized", /GITHUB_TOKEN is not set/),
  );
});

Deno.test("a plain 403 is forbidden with GitHub's reason", async () => {
  await using env = await githubEnv();
  env.sim.faults.push({
    path: WORKFLOWS,
    status: 403,
    message: "Resource not accessible by integration",
  });
  await assert.rejects(
    env.provider.listWorkflows("acme/app"),
    isCiError("forbidden", /Resource not accessible by integration/),
  );
});

Deno.test("an exhausted core limit on the simulator surfaces as rate_limited", async () => {
  await using env = await githubEnv();
  env.sim.state.rateLimit.remaining = 0;
  await assert.rejects(env.provider.listWorkflows("acme/app"), isCiError("rate_limited"));
  assert.equal(env.provider.usage().remaining, 0);
});

Deno.test("usage counts requests and tracks the remaining rate limit", async () => {
  await using env = await githubEnv();
  env.sim.state.rateLimit.remaining = 100;
  await env.provider.listWorkflows("acme/app");
  await env.provider.readFile("acme/app", "README.md");
  assert.deepEqual(env.provider.usage(), {
    requests: 2,
    rateLimited: 2,
    notModified: 0,
    remaining: 98,
  });
});
