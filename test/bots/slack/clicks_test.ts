import assert from "node:assert/strict";
import type { ActionsBlock, Button, KnownBlock } from "@slack/types";
import { loadAction, storeActions } from "../../../bots/slack/buttons.ts";
import { createSlackSurface } from "../../../bots/slack/handler.ts";
import { fromReplyTarget } from "../../../bots/slack/reply.ts";
import { CiError } from "../../../src/errors.ts";
import type { Intent } from "../../../src/intent/schema.ts";
import type { Report } from "../../../src/report/model.ts";
import type { RequestMeta } from "../../../src/surface.ts";
import {
  blockActionsBody,
  type SlackSim,
  slashCommandBody,
  startSlackSim,
} from "../../sim/slack.ts";
import { type Harness, harness, jobReport, reportFor, signedRequest } from "./fixtures.ts";

const TEST = { op: "test", repo: "acme/app", workflow: "ci.yml" } as const;

async function setup(
  execute?: (intent: Intent, meta: RequestMeta) => Promise<Report>,
  botToken = true,
) {
  const sim = await startSlackSim();
  const h = await harness({ parse: { "/ci-test test repo:acme/app": TEST }, execute });
  const slack = createSlackSurface({
    signingSecret: "8f742231b10e8888abcd99yyyzzz85a5",
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

const buttons = (blocks: unknown): Button[] =>
  (blocks as KnownBlock[]).filter((b): b is ActionsBlock => b.type === "actions")
    .flatMap((b) => b.elements as Button[]);
const text = (body: Record<string, unknown>) => JSON.stringify(body.blocks) + String(body.text);

Deno.test("buttons carry only a stored id; the intent stays server-side; Full report is a link", async () => {
  const { sim, h, slack } = await setup(() =>
    Promise.resolve(jobReport("job-7", { done: 0, total: 2 }))
  );
  try {
    const body = slashCommandBody({
      text: "test repo:acme/app",
      response_url: sim.responseUrl("b1"),
    });
    assert.equal((await slack(await signedRequest(body))).status, 200);
    await h.settle();
    const post = sim.calls.find((c) => c.method === "chat.postMessage")!;
    const [cancel, open] = buttons(post.body.blocks);
    assert.equal(cancel.text.text, "Cancel");
    assert.equal(cancel.style, "danger");
    assert.ok(cancel.action_id?.startsWith("ci_action_"));
    assert.doesNotMatch(JSON.stringify(cancel), /job-7|cancel:/, "no intent on the wire");
    const stored = await loadAction(h.store, cancel.value!);
    assert.deepEqual(stored?.intent, { op: "cancel", target: "job-7" });
    assert.equal(stored?.reportId, "rep-job-7-0-running");
    assert.equal(open.text.text, "Full report");
    assert.equal(open.url, "https://ci.example.test/reports/rep-job-7-0-running");
    assert.equal(open.value, undefined);
  } finally {
    await teardown(sim, h);
  }
});

Deno.test("a signed click runs its stored intent once, as the clicking user, answering on its response_url", async () => {
  const { sim, h, slack } = await setup((intent) =>
    Promise.resolve({ ...reportFor(intent), title: `cancelled ${intent.target}` })
  );
  try {
    const values = await storeActions(
      h.store,
      jobReport("job-9", { done: 1, total: 2 }),
      h.deps.newId,
    );
    const body = blockActionsBody({
      value: Object.values(values)[0],
      response_url: sim.responseUrl("c1"),
      user_id: "U0CLICKER",
      trigger_id: "trig-1",
    });
    const ack = await slack(await signedRequest(body));
    assert.equal(ack.status, 200);
    assert.equal(await ack.text(), "");
    await h.settle();
    const retry = await slack(
      await signedRequest(body, { headers: { "x-slack-retry-num": "1" } }),
    );
    assert.equal(retry.status, 200);
    await h.settle();

    assert.equal(h.executed.length, 1, "run once despite the retry");
    const [run] = h.executed;
    assert.deepEqual(run.intent, { op: "cancel", target: "job-9" });
    assert.equal(run.meta.userId, "U0CLICKER");
    assert.equal(run.meta.channelId, "C2147483705");
    assert.equal(fromReplyTarget(run.reply!)?.responseUrl, sim.responseUrl("c1"));

    const replies = sim.calls.filter((c) => c.method === "response_url" && c.id === "c1");
    assert.equal(replies.length, 1);
    assert.match(text(replies[0].body), /cancelled job-9/);
    assert.equal(replies[0].body.response_type, "ephemeral");
    assert.equal(replies[0].body.replace_original, false, "the clicked message keeps its job");
  } finally {
    await teardown(sim, h);
  }
});

Deno.test("Re-run failed starts a job whose message goes into the clicked message's thread", async () => {
  const { sim, h, slack } = await setup(() =>
    Promise.resolve(jobReport("job-10", { done: 0, total: 1 }))
  );
  try {
    const final = jobReport("job-9", { done: 2, total: 2, status: "failure" });
    const values = await storeActions(h.store, final, h.deps.newId);
    const body = blockActionsBody({
      value: values["rerun-failed"],
      response_url: sim.responseUrl("c2"),
      message_ts: "1700000555.000100",
    });
    assert.equal((await slack(await signedRequest(body))).status, 200);
    await h.settle();
    assert.deepEqual(h.executed[0].intent, {
      op: "test",
      repo: "acme/app",
      workflow: "ci.yml",
      target: "rerun:42",
    });
    const post = sim.calls.find((c) => c.method === "chat.postMessage")!;
    assert.equal(post.body.thread_ts, "1700000555.000100");
    assert.equal(post.body.channel, "C2147483705");
    assert.equal(sim.calls.filter((c) => c.method === "response_url").length, 0);
  } finally {
    await teardown(sim, h);
  }
});

Deno.test("an unknown button id gets 'This button has expired' and runs nothing", async () => {
  const { sim, h, slack } = await setup();
  try {
    const body = blockActionsBody({ value: "no-such-id", response_url: sim.responseUrl("c3") });
    assert.equal((await slack(await signedRequest(body))).status, 200);
    await h.settle();
    assert.equal(h.executed.length, 0);
    const reply = await sim.waitFor((c) => c.method === "response_url" && c.id === "c3");
    assert.match(text(reply.body), /This button has expired/);
    assert.equal(reply.body.response_type, "ephemeral");
    assert.equal(reply.body.replace_original, false);
  } finally {
    await teardown(sim, h);
  }
});

Deno.test("a forged click gets 401; the Full report link click runs nothing", async () => {
  const { sim, h, slack } = await setup();
  try {
    const values = await storeActions(
      h.store,
      jobReport("job-1", { done: 0, total: 1 }),
      h.deps.newId,
    );
    const value = Object.values(values)[0];
    const forged = blockActionsBody({ value, response_url: sim.responseUrl("c4") });
    const res = await slack(await signedRequest(forged, { secret: "not-the-secret" }));
    assert.equal(res.status, 401);
    const link = blockActionsBody({
      value: "",
      action_id: "ci_open_report",
      response_url: sim.responseUrl("c5"),
    });
    assert.equal((await slack(await signedRequest(link))).status, 200);
    await h.settle();
    assert.equal(h.executed.length, 0);
    assert.equal(sim.calls.length, 0);
  } finally {
    await teardown(sim, h);
  }
});

Deno.test("a click the policy denies gets an ephemeral message with the missing role and the hint", async () => {
  const { sim, h, slack } = await setup(() =>
    Promise.reject(
      new CiError("forbidden", "U2147483697 needs the operator role on acme/app to cancel", {
        hint: "Ask an admin to add you to operators for acme/* in the policy file.",
      }),
    ), false);
  try {
    const values = await storeActions(
      h.store,
      jobReport("job-1", { done: 0, total: 1 }),
      h.deps.newId,
    );
    const body = blockActionsBody({
      value: Object.values(values)[0],
      response_url: sim.responseUrl("c6"),
    });
    assert.equal((await slack(await signedRequest(body))).status, 200);
    await h.settle();
    assert.equal(h.executed.length, 1);
    const reply = await sim.waitFor((c) => c.method === "response_url" && c.id === "c6");
    assert.match(text(reply.body), /Not allowed/);
    assert.match(text(reply.body), /needs the operator role on acme\/app/);
    assert.match(text(reply.body), /Ask an admin to add you to operators/);
    assert.equal(reply.body.response_type, "ephemeral");
    assert.equal(reply.body.replace_original, false);
  } finally {
    await teardown(sim, h);
  }
});
