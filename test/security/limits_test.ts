/**
 * Issue 12, item 5 (per-caller limits) against the real service: one caller flooding `/mcp` or
 * Slack with analyses must not spend the service's GitHub rate limit.
 */
import assert from "node:assert/strict";
import { boot } from "../../src/boot.ts";
import { createLimits, DEFAULT_LIMITS, subjectOf, weightOf } from "../../src/limits/mod.ts";
import { memoryLogger } from "../../src/log.ts";
import { GITHUB_TOKEN, simWithApp } from "../e2e/fixtures.ts";
import { activityRequest, harness } from "../bots/teams/fixtures.ts";
import { messageActivity, TEAMS } from "../sim/botconnector.ts";
import { readSse, type SseEvent, streamText } from "../sim/copilot.ts";
import {
  generateDiscordKeys,
  IDS,
  signInteraction,
  slashInteraction,
  startDiscordSim,
} from "../sim/discord.ts";
import { MCP_KEY, OTHER_TOKEN, startLimitsEnv } from "./limits_fixtures.ts";

const ANALYZE = { repo: "acme/app" };

/** Slows every workflow listing so that concurrent analyses really overlap. */
function slowAnalyses(env: { github: { faults: unknown[] } }, delayMs = 300) {
  env.github.faults.push({
    path: "/repos/acme/app/actions/workflows",
    method: "GET",
    delayMs,
    times: 1_000,
  });
}

/** The sum of `ci_rate_limited_total` samples with `surface`. */
function refusedIn(metrics: string, surface: string): number {
  const pattern = new RegExp(
    `^ci_rate_limited_total\\{surface="${surface}",[^}]*\\} (\\d+)$`,
    "gm",
  );
  return [...metrics.matchAll(pattern)].reduce((sum, m) => sum + Number(m[1]), 0);
}

Deno.test("mcp: 20 concurrent ci_analyze by one caller → 3 run, 17 get 429 + Retry-After", async () => {
  await using env = await startLimitsEnv();
  slowAnalyses(env);
  const replies = await Promise.all(
    Array.from({ length: 20 }, () => env.callTool(MCP_KEY, "ci_analyze", ANALYZE)),
  );
  const ran = replies.filter((r) => r.status === 200);
  const refused = replies.filter((r) => r.status === 429);
  assert.equal(ran.length, 3, JSON.stringify(replies.map((r) => r.status)));
  assert.equal(refused.length, 17);
  for (const r of ran) assert.doesNotMatch(r.body, /"isError":true/, r.body);
  for (const r of refused) {
    assert.match(r.retryAfter ?? "", /^[1-9]\d*$/, "Retry-After in whole seconds");
    assert.match(r.body, /requests running|try again in \d+ s/);
  }
  assert.equal(env.analyses(), 3, "only the admitted calls reached GitHub");

  // Another caller is not affected by the first one's flood.
  const other = await env.callTool(OTHER_TOKEN, "ci_analyze", ANALYZE);
  assert.equal(other.status, 200, other.body);
  assert.doesNotMatch(other.body, /"isError":true/, other.body);
  assert.equal(env.analyses(), 4);

  // The flooder is still refused until the clock reaches the Retry-After it was given…
  const early = await env.callTool(MCP_KEY, "ci_analyze", ANALYZE);
  assert.equal(early.status, 429, early.body);
  const wait = Math.max(...refused.map((r) => Number(r.retryAfter)), Number(early.retryAfter));
  env.advance(wait * 1000);
  // …and then works again.
  const later = await env.callTool(MCP_KEY, "ci_analyze", ANALYZE);
  assert.equal(later.status, 200, later.body);
  assert.equal(env.analyses(), 5);

  const metrics = await env.metrics();
  assert.equal(refusedIn(metrics, "mcp"), 18, metrics);
  assert.match(metrics, /^ci_requests_in_flight 0$/m);
});

Deno.test("mcp: with a large bucket the in-flight cap alone holds a flood to 3 at once", async () => {
  await using env = await startLimitsEnv({
    RATE_LIMIT_BURST: "1000",
    RATE_LIMIT_PER_MINUTE: "1000",
  });
  slowAnalyses(env, 500);
  const replies = await Promise.all(
    Array.from({ length: 20 }, () => env.callTool(MCP_KEY, "ci_analyze", ANALYZE)),
  );
  assert.equal(replies.filter((r) => r.status === 200).length, 3);
  const refused = replies.filter((r) => r.status === 429);
  assert.equal(refused.length, 17);
  for (const r of refused) {
    assert.match(r.body, /You have 3 requests running \(at most 3 at once\)/);
    assert.equal(r.retryAfter, "5");
  }
  assert.equal(env.analyses(), 3);
  // Once they have finished the caller may start three more at once.
  const again = await Promise.all(
    Array.from({ length: 3 }, () => env.callTool(MCP_KEY, "ci_analyze", ANALYZE)),
  );
  assert.deepEqual(again.map((r) => r.status), [200, 200, 200]);
});

Deno.test("mcp: help and status stay cheap while heavy calls are refused", async () => {
  await using env = await startLimitsEnv();
  for (let i = 0; i < 3; i++) {
    assert.equal((await env.callTool(MCP_KEY, "ci_analyze", ANALYZE)).status, 200);
  }
  const heavy = await env.callTool(MCP_KEY, "ci_analyze", ANALYZE);
  assert.equal(heavy.status, 429, "3 analyses spent 9 of 10 tokens");
  const help = await env.callTool(MCP_KEY, "ci_help", {});
  assert.equal(help.status, 200, help.body);
  assert.doesNotMatch(help.body, /"isError":true/);
});

Deno.test("slack: a burst from one user gets a clear reply for each request over the limit", async () => {
  await using env = await startLimitsEnv();
  slowAnalyses(env);
  const acks = await Promise.all(
    Array.from({ length: 6 }, (_, i) => env.slash("analyze repo:acme/app", `burst${i}`)),
  );
  assert.deepEqual(acks.map((r) => r.status), Array(6).fill(200));
  await Promise.all(acks.map((r) => r.body?.cancel()));
  await env.service.deps.background.drain();
  const replies = Array.from({ length: 6 }, (_, i) => {
    const calls = env.slack.calls.filter((c) =>
      c.method === "response_url" && c.id === `burst${i}`
    );
    return JSON.stringify(calls.at(-1)?.body ?? null);
  });
  const limited = replies.filter((text) => /Rate limited/.test(text));
  assert.equal(limited.length, 3, replies.map((text) => text.slice(0, 160)).join("\n"));
  for (const text of limited) {
    assert.match(text, /You have 3 requests running|try again in \d+ s/);
  }
  const ran = replies.filter((text) => !/Rate limited/.test(text) && /acme\/app/.test(text));
  assert.equal(ran.length, 3, "3 ran");
  assert.equal(env.analyses(), 3);

  // Someone else in the same workspace is not held up by it.
  const ack = await env.slash("analyze repo:acme/app", "colleague", "U0COLLEAGUE");
  assert.equal(ack.status, 200);
  await ack.body?.cancel();
  const colleague = await env.slack.waitFor(
    (c) =>
      c.method === "response_url" && c.id === "colleague" && /acme\/app/.test(
        JSON.stringify(c.body),
      ),
    5_000,
  );
  assert.ok(colleague);
  assert.equal(refusedIn(await env.metrics(), "slack"), 3);
});

const errorsOf = (events: SseEvent[]) =>
  events.filter((e) => e.event === "copilot_errors").flatMap((e) => JSON.parse(e.data));

Deno.test("copilot: a user with every slot taken gets 429 + Retry-After; a heavy turn over the bucket an error event", async () => {
  await using env = await startLimitsEnv();
  slowAnalyses(env, 800);
  const running = Array.from({ length: 3 }, () => env.copilotTurn("analyze", OTHER_TOKEN));
  const limits = env.service.deps.limits!;
  for (let i = 0; i < 100 && limits.inFlight() < 3; i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assert.equal(limits.inFlight(), 3);
  const fourth = await env.copilotTurn("analyze", OTHER_TOKEN);
  assert.equal(fourth.status, 429);
  assert.equal(fourth.headers.get("retry-after"), "5");
  assert.match(await fourth.text(), /You have 3 requests running \(at most 3 at once\)/);
  for (const res of await Promise.all(running)) {
    assert.match(streamText(await readSse(res)), /Analyze acme\/app/);
  }
  assert.equal(env.analyses(), 3);

  // Slots free again but 1 token of 10 left: the turn opens, and the analysis is refused in it.
  const broke = await readSse(await env.copilotTurn("analyze", OTHER_TOKEN));
  assert.equal(errorsOf(broke)[0]?.code, "rate_limited", streamText(broke));
  assert.match(streamText(broke), /try again in 4 s/);
  assert.equal(broke.at(-1)?.data, "[DONE]");
  assert.equal(env.analyses(), 3);

  // Nothing left at all: refused before the stream opens.
  const empty = await env.copilotTurn("help", OTHER_TOKEN);
  assert.equal(empty.status, 200, "help costs the last token");
  await empty.body?.cancel();
  const none = await env.copilotTurn("help", OTHER_TOKEN);
  assert.equal(none.status, 429);
  assert.equal(none.headers.get("retry-after"), "2");
  await none.body?.cancel();
  assert.equal(refusedIn(await env.metrics(), "copilot"), 3);
});

Deno.test("discord: a burst from one user gets a clear reply for each request over the limit", async () => {
  await using github = await simWithApp();
  slowAnalyses({ github });
  const discord = await startDiscordSim();
  const keys = await generateDiscordKeys();
  const service = await boot({
    KV_PATH: ":memory:",
    PUBLIC_URL: "https://ci.example.test",
    DISCORD_PUBLIC_KEY: keys.publicKeyHex,
    DISCORD_APPLICATION_ID: IDS.application,
    DISCORD_BOT_TOKEN: discord.botToken,
    DISCORD_API_URL: discord.apiUrl,
    GITHUB_TOKEN,
    GITHUB_API_URL: github.url,
  }, { log: memoryLogger(), github: { retryAfterBaseValue: 5 } });
  try {
    const acks = await Promise.all(Array.from({ length: 5 }, async (_, i) => {
      const body = JSON.stringify(slashInteraction({
        subcommand: "analyze",
        options: { repo: "acme/app" },
        id: `13000000000000000${10 + i}`,
        token: `burst-token-${i}`,
      }));
      const headers = await signInteraction(keys.privateKey, body, Math.floor(Date.now() / 1000));
      const res = await service.app.request("/discord/interactions", {
        method: "POST",
        headers,
        body,
      });
      await res.body?.cancel();
      return res.status;
    }));
    assert.deepEqual(acks, [200, 200, 200, 200, 200]);
    await service.deps.background.drain();
    const replies = Array.from({ length: 5 }, (_, i) =>
      JSON.stringify(
        discord.calls.filter((c) => c.path.includes(`/burst-token-${i}/`)).at(-1)?.body ?? null,
      ));
    const limited = replies.filter((text) => /Rate limited/.test(text));
    assert.equal(limited.length, 2, replies.map((text) => text.slice(0, 160)).join("\n"));
    for (const text of limited) {
      assert.match(text, /You have 3 requests running|try again in \d+ s/);
    }
    assert.equal(replies.filter((text) => /Analyze/.test(text)).length, 3);
    assert.equal(
      github.requests.filter((r) => r.path === "/repos/acme/app/actions/workflows").length,
      3,
    );
  } finally {
    await service.close();
    await discord.close();
  }
});

Deno.test("teams: a request over the limit is answered in the channel with the limit's message", async () => {
  const limits = createLimits(DEFAULT_LIMITS, () => new Date());
  const busy = subjectOf({ surface: "teams", teamId: TEAMS.teamId, userId: TEAMS.userAadId });
  const h = await harness({
    // The limiter's own refusal, as the wrapped execute throws it for this user.
    execute: () => {
      [1, 2, 3].forEach(() => limits.admit(busy, weightOf({ op: "analyze" })));
      limits.admit(busy, weightOf({ op: "analyze" }));
      return Promise.reject(new Error("the fourth analysis was admitted"));
    },
  });
  try {
    const activity = messageActivity(h.sim.serviceUrl, "analyze repo:acme/app", { mention: true });
    const response = await h.teams.handler(activityRequest(activity, await h.sim.token()));
    assert.equal(response.status, 200);
    await h.settle();
    const shown = JSON.stringify(h.sim.calls.at(-1)?.activity);
    assert.match(
      shown,
      /You have 3 requests running \(at most 3 at once\); wait for one to finish/,
    );
    assert.match(shown, /Try again in 5 s/);
  } finally {
    await h.close();
  }
});
