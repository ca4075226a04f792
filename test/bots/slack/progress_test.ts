import assert from "node:assert/strict";
import { createSlackSurface } from "../../../bots/slack/handler.ts";
import { createSlackDeliverer, createSlackMessenger } from "../../../bots/slack/messenger.ts";
import { fromReplyTarget, type SlackReply, toReplyTarget } from "../../../bots/slack/reply.ts";
import type { ReplyTarget } from "../../../src/jobs/model.ts";
import { type SlackSim, slashCommandBody, startSlackSim } from "../../sim/slack.ts";
import { type Harness, harness, jobReport, signedRequest } from "./fixtures.ts";

const TEST = { op: "test", repo: "acme/app", workflow: "ci.yml" } as const;
const fastSleep = () => Promise.resolve();

/** A surface whose `test` op starts "job-1" and returns its running report. */
async function setup(botToken: boolean) {
  const sim = await startSlackSim();
  const h = await harness({
    parse: { "/ci-test test repo:acme/app": TEST },
    execute: () => Promise.resolve(jobReport("job-1", { done: 0, total: 2 })),
  });
  const config = {
    signingSecret: "unused-here",
    botToken: botToken ? sim.token : undefined,
    apiUrl: sim.apiUrl,
  };
  return { sim, h, config };
}

async function startLongOp(
  env: Awaited<ReturnType<typeof setup>>,
  responseId: string,
): Promise<ReplyTarget> {
  const { sim, h, config } = env;
  const slack = createSlackSurface(
    { ...config, signingSecret: "8f742231b10e8888abcd99yyyzzz85a5" },
    h.deps,
  );
  const body = slashCommandBody({
    text: "test repo:acme/app",
    response_url: sim.responseUrl(responseId),
  });
  const ack = await slack(await signedRequest(body));
  assert.equal(ack.status, 200);
  const json = await ack.json();
  assert.equal(json.response_type, "ephemeral");
  assert.match(JSON.stringify(json), /Running `test repo:acme\/app workflow:ci\.yml`/);
  await h.settle();
  assert.deepEqual(h.backgroundErrors, []);
  assert.equal(h.executed.length, 1);
  const reply = h.executed[0].reply;
  assert.ok(reply, "execute got a reply target");
  return reply;
}

async function teardown(sim: SlackSim, h: Harness) {
  await h.settle();
  await h.close();
  await sim.close();
}

const text = (body: Record<string, unknown>) => JSON.stringify(body.blocks) + String(body.text);
/** Outbound calls, without Bolt's one-time `auth.test`. */
const methods = (sim: SlackSim) => calls(sim).map((c) => c.method);
const calls = (sim: SlackSim) => sim.calls.filter((c) => c.method !== "auth.test");

Deno.test("bot token: the running report is posted once, progress and final replace it with chat.update", async () => {
  const env = await setup(true);
  const { sim, h, config } = env;
  try {
    const target = await startLongOp(env, "p1");
    const data = fromReplyTarget(target);
    assert.equal(target.surface, "slack");
    assert.equal(data?.via, "chat");
    assert.equal(data?.responseUrl, sim.responseUrl("p1"));
    assert.equal(data?.channelId, "C2147483705");
    assert.equal(data?.userId, "U2147483697");

    assert.deepEqual(methods(sim), ["chat.postMessage"]);
    const posted = calls(sim)[0];
    assert.equal(posted.body.channel, "C2147483705");
    assert.match(text(posted.body), /0 of 2 scenarios finished/);

    const deliver = createSlackDeliverer(config, h.deps, { minIntervalMs: 0, sleep: fastSleep });
    await deliver(target, jobReport("job-1", { done: 1, total: 2 }), "progress");
    await deliver.idle();
    await deliver(target, jobReport("job-1", { done: 2, total: 2 }), "progress");
    await deliver.idle();
    await deliver(target, jobReport("job-1", { done: 2, total: 2, status: "success" }), "final");

    assert.deepEqual(methods(sim), [
      "chat.postMessage",
      "chat.update",
      "chat.update",
      "chat.update",
    ]);
    const [, ...updates] = calls(sim);
    const ts = String(sim.messages.keys().next().value).split("/")[1];
    for (const u of updates) {
      assert.equal(u.body.channel, "C2147483705");
      assert.equal(u.body.ts, ts);
    }
    assert.match(text(updates[0].body), /1 of 2 scenarios finished/);
    assert.match(text(updates[1].body), /2 of 2 scenarios finished/);
    // The message as Slack now shows it is the final report, with its Re-run button.
    const shown = sim.messages.get(`C2147483705/${ts}`)!;
    assert.match(text(shown), /Success/);
    assert.match(text(shown), /Re-run failed/);
    assert.doesNotMatch(text(shown), /Running/);

    // A repeated final (runner restart) does not send again; late progress is dropped.
    await deliver(target, jobReport("job-1", { done: 2, total: 2, status: "success" }), "final");
    await deliver(target, jobReport("job-1", { done: 1, total: 2 }), "progress");
    await deliver.idle();
    assert.equal(calls(sim).length, 4);
  } finally {
    await teardown(sim, h);
  }
});

Deno.test("no bot token: response_url carries the running report, 3 progress at most, and always the final", async () => {
  const env = await setup(false);
  const { sim, h, config } = env;
  try {
    const target = await startLongOp(env, "p2");
    assert.equal(fromReplyTarget(target)?.via, "response_url");
    assert.deepEqual(methods(sim), ["response_url"]);
    assert.match(text(sim.calls[0].body), /0 of 2 scenarios/);

    const deliver = createSlackDeliverer(config, h.deps, { minIntervalMs: 0, sleep: fastSleep });
    for (let done = 1; done <= 6; done++) {
      await deliver(target, jobReport("job-1", { done, total: 6 }), "progress");
      await deliver.idle();
    }
    await deliver(target, jobReport("job-1", { done: 6, total: 6, status: "failure" }), "final");

    const uses = sim.calls.filter((c) => c.method === "response_url" && c.id === "p2");
    assert.equal(uses.length, 5, "Slack grants 5 uses; all were used, none wasted");
    assert.deepEqual(
      uses.slice(1, 4).map((c) => /(\d) of 6 scenarios/.exec(text(c.body))?.[1]),
      ["1", "2", "3"],
    );
    const final = uses[4].body;
    assert.match(text(final), /Failure/);
    assert.equal(final.replace_original, true);
    assert.equal(final.response_type, "in_channel");
    for (const c of uses) assert.equal(c.body.replace_original, true);
  } finally {
    await teardown(sim, h);
  }
});

Deno.test("progress is coalesced: 10 rapid updates become few, showing the latest state", async () => {
  const env = await setup(true);
  const { sim, h, config } = env;
  try {
    const target = await startLongOp(env, "p3");
    const deliver = createSlackDeliverer(config, h.deps, { minIntervalMs: 60, sleep: fastSleep });
    for (let done = 1; done <= 10; done++) {
      await deliver(target, jobReport("job-1", { done, total: 10 }), "progress");
    }
    await deliver.idle();
    const updates = sim.calls.filter((c) => c.method === "chat.update");
    assert.ok(updates.length >= 1 && updates.length <= 2, `${updates.length} updates`);
    assert.match(text(updates.at(-1)!.body), /10 of 10 scenarios finished/);

    // Spacing: the next update waits for the interval.
    const started = performance.now();
    await deliver(target, jobReport("job-1", { done: 10, total: 11 }), "progress");
    await deliver(target, jobReport("job-1", { done: 11, total: 11 }), "progress");
    await deliver.idle();
    const after = sim.calls.filter((c) => c.method === "chat.update");
    assert.equal(after.length, updates.length + 1);
    assert.match(text(after.at(-1)!.body), /11 of 11/);
    assert.ok(performance.now() - started >= 40, "waited for the interval");

    // A final arriving while an update is scheduled cancels it and wins.
    await deliver(target, jobReport("job-1", { done: 11, total: 12 }), "progress");
    await deliver(target, jobReport("job-1", { done: 12, total: 12, status: "success" }), "final");
    await deliver.idle();
    const last = calls(sim).at(-1)!;
    assert.equal(last.method, "chat.update");
    assert.match(text(last.body), /Success/);
  } finally {
    await teardown(sim, h);
  }
});

Deno.test("progress that beats the running report opens the message; the running report is then skipped", async () => {
  const sim = await startSlackSim();
  const h = await harness();
  try {
    const messenger = createSlackMessenger({ botToken: sim.token, apiUrl: sim.apiUrl }, h.deps, {
      minIntervalMs: 0,
    });
    const reply: SlackReply = {
      key: "req-race",
      via: "chat",
      replaceable: false,
      responseType: "in_channel",
      channelId: "C1",
      threadTs: "1700000123.000200",
    };
    await messenger.deliver(
      toReplyTarget(reply),
      jobReport("j", { done: 1, total: 2 }),
      "progress",
    );
    await messenger.deliver.idle();
    await messenger.open(reply, jobReport("j", { done: 0, total: 2 }));
    assert.deepEqual(methods(sim), ["chat.postMessage"]);
    assert.equal(sim.calls[0].body.thread_ts, "1700000123.000200");
    assert.match(text(sim.calls[0].body), /1 of 2/);
  } finally {
    await teardown(sim, h);
  }
});

Deno.test("the final honours 429 Retry-After, and throws when Slack keeps failing", async () => {
  const env = await setup(true);
  const { sim, h, config } = env;
  try {
    const target = await startLongOp(env, "p4");
    const waits: number[] = [];
    const deliver = createSlackDeliverer(config, h.deps, {
      minIntervalMs: 0,
      sleep: (ms) => {
        waits.push(ms);
        return Promise.resolve();
      },
    });
    sim.fault({ method: "chat.update", status: 429, times: 1, retryAfter: 3 });
    await deliver(target, jobReport("job-1", { done: 1, total: 2 }), "progress");
    await deliver.idle();
    assert.deepEqual(waits, [3000]);
    assert.equal(sim.calls.filter((c) => c.method === "chat.update").length, 2);

    sim.fault({ method: "chat.update", status: 503, times: 10 });
    await assert.rejects(
      deliver(target, jobReport("job-1", { done: 2, total: 2, status: "success" }), "final"),
      /Slack refused chat\.update: status_503/,
    );
    assert.equal(sim.calls.filter((c) => c.method === "chat.update").length, 2 + 5);
  } finally {
    await teardown(sim, h);
  }
});

Deno.test("a final whose message is gone is posted anew in the same place", async () => {
  const sim = await startSlackSim();
  const h = await harness();
  try {
    const config = { botToken: sim.token, apiUrl: sim.apiUrl };
    const reply: SlackReply = {
      key: "req-gone",
      via: "chat",
      replaceable: true,
      responseType: "in_channel",
      channelId: "C1",
      responseUrl: sim.responseUrl("g1"),
    };
    const messenger = createSlackMessenger(config, h.deps);
    await messenger.open(reply, jobReport("j", { done: 0, total: 1 }));
    sim.messages.clear();
    await messenger.deliver(
      toReplyTarget(reply),
      jobReport("j", { done: 1, total: 1, status: "success" }),
      "final",
    );
    assert.deepEqual(methods(sim), ["chat.postMessage", "chat.update", "chat.postMessage"]);
    assert.match(text(sim.calls[2].body), /Success/);
  } finally {
    await teardown(sim, h);
  }
});
