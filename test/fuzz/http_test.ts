/**
 * Bad input on every inbound route: over 10,000 generated requests (malformed, forged, stale,
 * truncated, oversized with and without a declared length, replayed, wrong content type, wrong
 * method, odd paths) sent in process to the service booted with every surface on. Never a 5xx,
 * never a side effect beyond the one legitimate request per route, memory bounded. Prints the
 * counts the issue's closing note quotes.
 */
import assert from "node:assert/strict";
import { generateDiscordKeys } from "../sim/discord.ts";
import { Rng } from "./generate.ts";
import { startFuzzEnv } from "./harness.ts";
import {
  type Category,
  discordFuzzer,
  type FuzzCase,
  getCase,
  githubFuzzer,
  mcpCase,
  type RouteFuzzer,
  slackFuzzer,
  teamsFuzzer,
} from "./routes.ts";

const PER_POST_ROUTE = 2_200;
const GET_CASES = 1_600;
const MCP_CASES = 800;
const CONCURRENCY = 64;
const RSS_GROWTH_LIMIT = 384 * 1024 * 1024;

interface Tally {
  sent: number;
  byClass: Record<string, number>;
  byCategory: Map<Category, number>;
  rejectViolations: string[];
  serverErrors: string[];
}

async function send(
  app: { request: (p: string, i: RequestInit) => Response | Promise<Response> },
  c: FuzzCase,
  tally: Tally,
) {
  const res = await app.request(c.path, c.init);
  await res.body?.cancel();
  tally.sent++;
  const cls = `${Math.floor(res.status / 100)}xx`;
  tally.byClass[cls] = (tally.byClass[cls] ?? 0) + 1;
  tally.byCategory.set(c.category, (tally.byCategory.get(c.category) ?? 0) + 1);
  const what = `${c.category} ${c.init.method ?? "GET"} ${c.path.slice(0, 80)} → ${res.status}`;
  if (res.status >= 500) tally.serverErrors.push(what);
  if (c.mustReject && (res.status < 400 || res.status >= 500)) tally.rejectViolations.push(what);
}

Deno.test({
  name: "fuzz: 10,000+ hostile requests across every route: no 5xx, nothing run, memory bounded",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    await using env = await startFuzzEnv();
    const other = (await generateDiscordKeys()).privateKey;
    const fuzzers: RouteFuzzer[] = [
      await slackFuzzer(env),
      await discordFuzzer(env, other),
      await teamsFuzzer(env),
      await githubFuzzer(env),
    ];

    // The one legitimate request per route: it may (and should) run; its effects are the baseline.
    for (const f of fuzzers) {
      const res = await env.app.request(f.original.path, { ...f.original.init });
      const text = await res.text();
      assert.ok(res.status < 300, `${f.route} original → ${res.status}: ${text}`);
    }
    await env.settle();
    assert.deepEqual(
      env.executed.map((e) => `${e.surface}:${e.op}`).sort(),
      ["discord:help", "slack:help", "teams:help"],
      "each original ran exactly once",
    );
    assert.equal(env.alertsAccepted, 1, "the original webhook delivery was accepted");
    const baseline = env.effects();
    const errorsBefore = env.log.counts.error ?? 0;

    const tally: Tally = {
      sent: 0,
      byClass: {},
      byCategory: new Map(),
      rejectViolations: [],
      serverErrors: [],
    };
    const rng = new Rng(20261124);
    const rssBefore = Deno.memoryUsage().rss;
    const started = performance.now();
    const jobs: Array<() => Promise<FuzzCase>> = [];
    for (const f of fuzzers) {
      for (let i = 0; i < PER_POST_ROUTE; i++) jobs.push(() => f.generate(rng));
    }
    for (let i = 0; i < GET_CASES; i++) jobs.push(() => Promise.resolve(getCase(rng)));
    for (let i = 0; i < MCP_CASES; i++) jobs.push(() => Promise.resolve(mcpCase(rng)));
    for (let i = 0; i < jobs.length; i += CONCURRENCY) {
      // Generation is sequential (one PRNG), sending is concurrent.
      const batch: FuzzCase[] = [];
      for (const job of jobs.slice(i, i + CONCURRENCY)) batch.push(await job());
      await Promise.all(batch.map((c) => send(env.app, c, tally)));
    }
    const elapsed = performance.now() - started;
    await env.settle();
    const rssAfter = Deno.memoryUsage().rss;

    const rejected = tally.byClass["4xx"] ?? 0;
    const wronglyRun = env.effects() - baseline;
    console.log(
      `fuzz http: sent ${tally.sent} in ${(elapsed / 1000).toFixed(1)} s; ` +
        `rejected (4xx) ${rejected}, acknowledged without effect (2xx) ${
          tally.byClass["2xx"] ?? 0
        }, ` +
        `5xx ${tally.byClass["5xx"] ?? 0}; operations wrongly run ${wronglyRun} ` +
        `(GitHub token checks for /mcp callers: ${env.identityChecks()}); ` +
        `rss ${(rssBefore / 2 ** 20).toFixed(0)} → ${(rssAfter / 2 ** 20).toFixed(0)} MiB`,
    );
    console.log(
      `fuzz http by category: ${[...tally.byCategory].map(([k, v]) => `${k} ${v}`).join(", ")}`,
    );

    assert.ok(tally.sent >= 10_000, `sent ${tally.sent}`);
    assert.deepEqual(tally.serverErrors.slice(0, 10), [], "no 5xx");
    assert.deepEqual(tally.rejectViolations.slice(0, 10), [], "unauthenticated input refused");
    assert.equal(
      wronglyRun,
      0,
      `side effects after fuzzing: ${env.describe()}`,
    );
    assert.equal(env.executed.length, 3);
    assert.equal((env.log.counts.error ?? 0) - errorsBefore, 0, JSON.stringify(env.log.errors));
    assert.ok(rssAfter - rssBefore < RSS_GROWTH_LIMIT, `rss grew ${rssAfter - rssBefore} bytes`);
    // Every category was exercised, or the counts above would overstate the coverage.
    for (
      const c of [
        "unsigned",
        "forged",
        "stale",
        "signed-malformed",
        "truncated",
        "wrong-content-type",
        "oversized-declared",
        "oversized-streamed",
        "replayed",
        "wrong-method",
        "bad-path",
      ] as const
    ) assert.ok((tally.byCategory.get(c) ?? 0) > 50, `${c}: ${tally.byCategory.get(c)}`);
  },
});

/** A body of `total` bytes that counts how much of it the server pulled. */
function countedStream(total: number) {
  const chunk = new Uint8Array(64 * 1024).fill(0x7b);
  const seen = { pulled: 0 };
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (seen.pulled >= total) return controller.close();
      seen.pulled += chunk.length;
      controller.enqueue(chunk);
    },
  });
  return { body, seen };
}

// A body that declares no length is read only up to the 1 MiB limit, then refused: an
// unauthenticated client cannot make the service buffer 32 MiB (or 32 GiB).
const STREAM_ROUTES: Array<[string, Record<string, string>, boolean]> = [
  ["/slack/events", {
    "x-slack-request-timestamp": String(Math.floor(Date.now() / 1000)),
    "x-slack-signature": `v0=${"ab".repeat(32)}`,
  }, false],
  ["/discord/interactions", {
    "x-signature-timestamp": String(Math.floor(Date.now() / 1000)),
    "x-signature-ed25519": "ab".repeat(64),
  }, false],
  ["/api/messages", { authorization: "Bearer x.y.z" }, false],
  ["/github/webhooks", { "x-hub-signature-256": `sha256=${"ab".repeat(32)}` }, false],
];
for (const [path, headers, known] of STREAM_ROUTES) {
  Deno.test({
    name: `fuzz: a 32 MiB body without content-length to ${path} is refused after ≤ 1 MiB`,
    ignore: known,
    sanitizeResources: false,
    sanitizeOps: false,
    fn: async () => {
      await using env = await startFuzzEnv();
      const { body, seen } = countedStream(32 * 1024 * 1024);
      const res = await env.app.request(path, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body,
      });
      await res.body?.cancel();
      assert.ok(res.status === 413 || res.status === 401, `status ${res.status}`);
      assert.ok(seen.pulled <= 1024 * 1024 + 2 * 64 * 1024, `pulled ${seen.pulled} bytes`);
    },
  });
}
