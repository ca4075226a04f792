import assert from "node:assert/strict";
import type { KnownBlock } from "@slack/types";
import { createSlackSurface } from "../../../bots/slack/handler.ts";
import { CiError } from "../../../src/errors.ts";
import {
  appMentionBody,
  signSlackRequest,
  type SlackSim,
  slashCommandBody,
  startSlackSim,
} from "../../sim/slack.ts";
import { type Harness, harness, NOW_SECONDS, reportFor, SECRET } from "./fixtures.ts";

const FORM = "application/x-www-form-urlencoded";
const JSON_TYPE = "application/json";
const ANALYZE = { op: "analyze", repo: "acme/app" } as const;

async function signed(
  body: string,
  options: { type?: string; ts?: number; secret?: string; headers?: Record<string, string> } = {},
): Promise<Request> {
  const headers = await signSlackRequest(
    options.secret ?? SECRET,
    body,
    options.ts ?? NOW_SECONDS,
  );
  headers.set("content-type", options.type ?? FORM);
  for (const [k, v] of Object.entries(options.headers ?? {})) headers.set(k, v);
  return new Request("http://localhost/slack/events", { method: "POST", headers, body });
}

async function setup(options: Parameters<typeof harness>[0] = {}, botToken = true) {
  const sim = await startSlackSim();
  const h = await harness({
    ...options,
    parse: { "/ci-test analyze repo:acme/app": ANALYZE, ...options.parse },
  });
  const slack = createSlackSurface({
    signingSecret: SECRET,
    botToken: botToken ? sim.token : undefined,
    apiUrl: sim.apiUrl,
    botId: "B0BOT",
    botUserId: "U0BOT",
  }, h.deps);
  return { sim, h, slack };
}

async function teardown(sim: SlackSim, h: Harness) {
  await h.settle();
  await h.close();
  await sim.close();
}

const blockText = (blocks: unknown) => JSON.stringify(blocks);

Deno.test("a signed /ci-test is acked with an echo, then the Block Kit report lands on response_url", async () => {
  const { sim, h, slack } = await setup();
  const body = slashCommandBody({
    text: "analyze repo:acme/app",
    response_url: sim.responseUrl("r1"),
  });
  const started = performance.now();
  const res = await slack(await signed(body));
  assert.ok(performance.now() - started < 3000);
  assert.equal(res.status, 200);
  const ack = await res.json();
  assert.equal(ack.response_type, "ephemeral");
  assert.match(ack.text, /Running `analyze repo:acme\/app`/);
  await h.settle();
  assert.equal(h.executed.length, 1);
  assert.deepEqual(h.executed[0].intent, ANALYZE);
  assert.equal(h.executed[0].meta.surface, "slack");
  assert.equal(h.executed[0].meta.userId, "U2147483697");
  const call = await sim.waitFor((c) => c.method === "response_url" && c.id === "r1");
  assert.equal(call.body.response_type, "in_channel");
  assert.equal(call.body.replace_original, true);
  const text = blockText(call.body.blocks);
  assert.match(text, /Job 'build' in acme\/app has no timeout-minutes/);
  assert.match(text, /unpinned-action/);
  assert.match(text, /<https:\/\/ci\.example\.test\/reports\/rep-analyze\|Full report>/);
  // errors sort before warnings
  assert.ok(text.indexOf("unpinned-action") < text.indexOf("missing-timeout"));
  await teardown(sim, h);
});

Deno.test("a Slack retry of the same slash command is acked but runs nothing twice", async () => {
  const { sim, h, slack } = await setup();
  const body = slashCommandBody({
    text: "analyze repo:acme/app",
    response_url: sim.responseUrl("r2"),
  });
  assert.equal((await slack(await signed(body))).status, 200);
  const retry = await slack(
    await signed(body, {
      headers: { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" },
    }),
  );
  assert.equal(retry.status, 200);
  assert.equal(await retry.text(), "");
  await h.settle();
  assert.equal(h.executed.length, 1);
  assert.equal(sim.calls.filter((c) => c.method === "response_url").length, 1);
  assert.ok(h.log.entries.some((e) => e.msg.includes("duplicate delivery")));
  await teardown(sim, h);
});

Deno.test("forged, expired, future and missing signatures get 401 and nothing runs", async () => {
  const { sim, h, slack } = await setup();
  const body = slashCommandBody({
    text: "analyze repo:acme/app",
    response_url: sim.responseUrl("r3"),
  });
  const cases: Array<[string, Request]> = [
    ["forged", await signed(body, { secret: "not-the-secret" })],
    ["expired", await signed(body, { ts: NOW_SECONDS - 6 * 60 })],
    ["future", await signed(body, { ts: NOW_SECONDS + 6 * 60 })],
    [
      "missing",
      new Request("http://localhost/slack/events", {
        method: "POST",
        headers: { "content-type": FORM },
        body,
      }),
    ],
    ["tampered", await signed(body).then((r) => new Request(r, { body: body + "&x=1" }))],
  ];
  for (const [name, request] of cases) {
    const res = await slack(request);
    assert.equal(res.status, 401, name);
    assert.match((await res.json()).error, /^Unauthorized: /, name);
  }
  // a timestamp 4 minutes in the past is still inside the window
  assert.equal((await slack(await signed(body, { ts: NOW_SECONDS - 240 }))).status, 200);
  await h.settle();
  assert.equal(h.executed.length, 1);
  await teardown(sim, h);
});

Deno.test("malformed bodies get 400 and oversized bodies 413", async () => {
  const { sim, h, slack } = await setup();
  for (
    const [body, type] of [
      ["{not json", JSON_TYPE],
      ["text=analyze&user_id=U1", FORM],
      [JSON.stringify({ type: "event_callback", event: { type: "app_mention" } }), JSON_TYPE],
      ["hello", "text/plain"],
    ]
  ) {
    const res = await slack(await signed(body, { type }));
    assert.equal(res.status, 400, body);
    assert.match((await res.json()).error, /^Cannot decode|^Cannot parse/);
  }
  const big = "text=" + "a".repeat(70 * 1024);
  const res = await slack(await signed(big));
  assert.equal(res.status, 413);
  assert.match((await res.json()).error, /limit is 65536 bytes/);
  await h.settle();
  assert.equal(h.executed.length, 0);
  await teardown(sim, h);
});

Deno.test("text the parser cannot understand is answered ephemerally with hint and examples", async () => {
  const { sim, h, slack } = await setup();
  const body = slashCommandBody({ text: "frobnicate", response_url: sim.responseUrl("r5") });
  const res = await slack(await signed(body));
  assert.equal(res.status, 200);
  const reply = await res.json();
  assert.equal(reply.response_type, "ephemeral");
  const text = blockText(reply.blocks as KnownBlock[]);
  assert.match(text, /Cannot understand 'frobnicate'/);
  assert.match(text, /Start with a verb/);
  assert.match(text, /\/ci-test analyze repo:acme\/app/);
  await h.settle();
  assert.equal(h.executed.length, 0);
  assert.equal(sim.calls.length, 0);
  await teardown(sim, h);
});

Deno.test("url_verification answers the challenge; unknown events are ignored with 200", async () => {
  const { sim, h, slack } = await setup();
  const res = await slack(
    await signed(JSON.stringify({ type: "url_verification", token: "x", challenge: "3eZbrw1aB" }), {
      type: JSON_TYPE,
    }),
  );
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { challenge: "3eZbrw1aB" });
  const other = JSON.stringify({
    type: "event_callback",
    team_id: "T1",
    event_id: "Ev1",
    event: { type: "reaction_added" },
  });
  const ignored = await slack(await signed(other, { type: JSON_TYPE }));
  assert.equal(ignored.status, 200);
  assert.equal(await ignored.text(), "");
  await h.settle();
  assert.equal(h.executed.length, 0);
  await teardown(sim, h);
});

Deno.test("an app_mention is answered in its thread via chat.postMessage, once", async () => {
  const { sim, h, slack } = await setup({ parse: { "analyze acme/app": ANALYZE } });
  const body = appMentionBody({ text: "<@U0BOT> analyze acme/app", ts: "1700000200.000300" }, {
    event_id: "Ev0MENTION",
  });
  const res = await slack(await signed(body, { type: JSON_TYPE }));
  assert.equal(res.status, 200);
  const retry = await slack(
    await signed(body, { type: JSON_TYPE, headers: { "x-slack-retry-num": "2" } }),
  );
  assert.equal(retry.status, 200);
  await h.settle();
  assert.equal(h.executed.length, 1);
  const posts = sim.calls.filter((c) => c.method === "chat.postMessage");
  assert.equal(posts.length, 1);
  assert.equal(posts[0].body.thread_ts, "1700000200.000300");
  assert.equal(posts[0].body.channel, "C2147483705");
  assert.equal(posts[0].headers.authorization, `Bearer ${sim.token}`);
  assert.match(blockText(posts[0].body.blocks), /has no timeout-minutes/);
  await teardown(sim, h);
});

Deno.test("an app_mention that cannot be parsed gets the hint in its thread", async () => {
  const { sim, h, slack } = await setup();
  const body = appMentionBody({ text: "<@U0BOT> frobnicate", thread_ts: "1700000100.000100" });
  assert.equal((await slack(await signed(body, { type: JSON_TYPE }))).status, 200);
  await h.settle();
  assert.equal(h.executed.length, 0);
  const post = await sim.waitFor((c) => c.method === "chat.postMessage");
  assert.equal(post.body.thread_ts, "1700000100.000100");
  assert.match(blockText(post.body.blocks), /Start with a verb/);
  await teardown(sim, h);
});

Deno.test("without a bot token, mentions are not run and a warning says why", async () => {
  const { sim, h, slack } = await setup({ parse: { "analyze acme/app": ANALYZE } }, false);
  const body = appMentionBody({ text: "<@U0BOT> analyze acme/app" });
  assert.equal((await slack(await signed(body, { type: JSON_TYPE }))).status, 200);
  await h.settle();
  assert.equal(h.executed.length, 0);
  assert.ok(
    h.log.entries.some((e) => e.level === "warn" && /mentions? cannot be answered/.test(e.msg)),
  );
  // slash commands still work through response_url
  const cmd = slashCommandBody({
    text: "analyze repo:acme/app",
    response_url: sim.responseUrl("r9"),
  });
  assert.equal((await slack(await signed(cmd))).status, 200);
  await h.settle();
  await sim.waitFor((c) => c.id === "r9");
  assert.equal(h.executed.length, 1);
  await teardown(sim, h);
});

Deno.test("an upstream CiError becomes a clear message on response_url", async () => {
  const { sim, h, slack } = await setup({
    execute: () =>
      Promise.reject(
        new CiError("upstream", "GitHub is failing (502) after 3 attempts", {
          hint: "Try again in a minute.",
        }),
      ),
  });
  const body = slashCommandBody({
    text: "analyze repo:acme/app",
    response_url: sim.responseUrl("r7"),
  });
  assert.equal((await slack(await signed(body))).status, 200);
  await h.settle();
  const call = await sim.waitFor((c) => c.id === "r7");
  assert.equal(call.body.response_type, "ephemeral");
  assert.match(String(call.body.text), /GitHub is failing \(502\) after 3 attempts — Try again/);
  assert.equal(sim.calls.filter((c) => c.id === "r7").length, 1);
  await teardown(sim, h);
});

Deno.test("a 503 with Retry-After on response_url is retried once and then delivered", async () => {
  const { sim, h, slack } = await setup();
  sim.fault({ method: "response_url", status: 503, times: 1, retryAfter: 0 });
  const body = slashCommandBody({
    text: "analyze repo:acme/app",
    response_url: sim.responseUrl("r8"),
  });
  assert.equal((await slack(await signed(body))).status, 200);
  await h.settle();
  const calls = sim.calls.filter((c) => c.id === "r8");
  assert.equal(calls.length, 2);
  assert.deepEqual(calls[0].body, calls[1].body);
  assert.equal(h.backgroundErrors.length, 0);
  assert.ok(h.log.entries.some((e) => e.msg === "slack call retried" && e.status === 503));
  await teardown(sim, h);
});

Deno.test("a report Slack refuses is followed by one error message with the report link (2 uses max)", async () => {
  const { sim, h, slack } = await setup();
  sim.fault({ method: "response_url", status: 400, times: 1, body: "invalid_blocks" });
  const body = slashCommandBody({
    text: "analyze repo:acme/app",
    response_url: sim.responseUrl("r10"),
  });
  assert.equal((await slack(await signed(body))).status, 200);
  await h.settle();
  const calls = sim.calls.filter((c) => c.id === "r10");
  assert.equal(calls.length, 2);
  assert.equal(calls[0].body.response_type, "in_channel");
  assert.equal(calls[1].body.response_type, "ephemeral");
  assert.match(blockText(calls[1].body.blocks), /Reference: req-1/);
  assert.match(blockText(calls[1].body.blocks), /reports\/rep-analyze\|Full report/);
  await teardown(sim, h);
});

Deno.test("help is answered ephemerally and /ci-analyze hands its command word to the parser", async () => {
  const { sim, h, slack } = await setup({
    parse: { "/ci-test help": { op: "help" }, "/ci-analyze acme/app": ANALYZE },
  });
  const help = slashCommandBody({ text: "help", response_url: sim.responseUrl("h1") });
  const ack = await (await slack(await signed(help))).json();
  assert.match(ack.text, /help/i);
  const analyze = slashCommandBody({
    command: "/ci-analyze",
    text: "acme/app",
    response_url: sim.responseUrl("h2"),
  });
  assert.match((await (await slack(await signed(analyze))).json()).text, /Running `analyze/);
  const unknown = slashCommandBody({
    command: "/deploy",
    text: "x",
    response_url: sim.responseUrl("h3"),
  });
  assert.match(
    (await (await slack(await signed(unknown))).json()).text,
    /not a command of this app/,
  );
  await h.settle();
  // Accepted work runs concurrently from the durable queue: the order is not fixed.
  assert.deepEqual(h.executed.map((e) => e.intent.op).sort(), ["analyze", "help"]);
  assert.equal((await sim.waitFor((c) => c.id === "h1")).body.response_type, "ephemeral");
  assert.equal((await sim.waitFor((c) => c.id === "h2")).body.response_type, "in_channel");
  await teardown(sim, h);
});

Deno.test("a retry reaching another instance (shared store) does not run the work again", async () => {
  const { sim, h, slack } = await setup();
  const other = createSlackSurface({ signingSecret: SECRET, apiUrl: sim.apiUrl }, h.deps);
  const body = slashCommandBody({
    text: "analyze repo:acme/app",
    response_url: sim.responseUrl("r11"),
  });
  assert.equal((await slack(await signed(body))).status, 200);
  await h.settle();
  const retry = await other(await signed(body, { headers: { "x-slack-retry-num": "1" } }));
  assert.equal(retry.status, 200);
  await h.settle();
  assert.equal(h.executed.length, 1);
  assert.equal(sim.calls.filter((c) => c.id === "r11").length, 1);
  const dup = h.log.entries.find((e) => e.msg.startsWith("duplicate delivery"));
  assert.equal(dup?.firstRequestId, "req-1");
  assert.equal(dup?.firstState, "done");
  await teardown(sim, h);
});

Deno.test("a burst past the backlog limit is answered busy: nothing stored, nothing run, room again later", async () => {
  const { promise: hold, resolve: release } = Promise.withResolvers<void>();
  const { sim, h, slack } = await setup({
    inboxLimit: 2,
    execute: async (intent) => {
      await hold;
      return reportFor(intent);
    },
  });
  const command = (n: number) =>
    slashCommandBody({
      text: "analyze repo:acme/app",
      trigger_id: `trig.${n}`,
      response_url: sim.responseUrl(`busy${n}`),
    });
  const answers = [];
  for (let n = 0; n < 4; n++) answers.push(await slack(await signed(command(n))));
  assert.deepEqual(answers.map((r) => r.status), [200, 200, 200, 200]);
  const bodies = await Promise.all(answers.map((r) => r.json()));
  assert.match(bodies[0].text, /Running `analyze/);
  assert.match(bodies[1].text, /Running `analyze/);
  for (const busy of [bodies[2], bodies[3]]) {
    assert.equal(busy.response_type, "ephemeral");
    assert.match(busy.text, /^Busy: .*Try again in a moment/);
  }
  assert.equal(answers[2].headers.get("retry-after"), "5");
  assert.equal(await h.store.get(["inbox", "slack", "trig.2"]), null, "a busy command is not kept");
  // A mention Slack would retry, and a click, get a 503 (retried by Slack / shown to the clicker).
  const mention = appMentionBody({ text: "<@U0BOT> analyze acme/app" }, { event_id: "Ev0BUSY" });
  const refused = await slack(await signed(mention, { type: JSON_TYPE }));
  assert.equal(refused.status, 503);
  assert.equal(refused.headers.get("retry-after"), "5");
  release();
  await h.settle();
  assert.equal(h.executed.length, 2, "only the two accepted commands ran");
  assert.deepEqual(
    [...new Set(sim.calls.map((c) => c.id).filter(Boolean))].sort(),
    ["busy0", "busy1"],
  );
  // The backlog drained: the command typed again is accepted and runs.
  const again = await (await slack(await signed(command(2)))).json();
  assert.match(again.text, /Running `analyze/);
  await h.settle();
  assert.equal(h.executed.length, 3);
  await teardown(sim, h);
});
