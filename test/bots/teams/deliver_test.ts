import assert from "node:assert/strict";
import { ReportSchema } from "../../../src/report/model.ts";
import { messageActivity, TEAMS } from "../../sim/botconnector.ts";
import { activityRequest, harness, reportFor } from "./fixtures.ts";

const running = (done: number) =>
  ReportSchema.parse({
    id: `rep-${done}`,
    title: "Test acme/app",
    status: "running",
    summary: `${done} of 3 done`,
  });

Deno.test("deliver: progress and final update the job's activity in place, through a 429", async () => {
  const h = await harness({
    parse: { "test acme/app": { op: "test", repo: "acme/app" } },
    execute: () => Promise.resolve(running(0)),
  });
  try {
    const activity = messageActivity(h.sim.serviceUrl, "test acme/app", { mention: true });
    await (await h.teams.handler(activityRequest(activity, await h.sim.token()))).body?.cancel();
    await h.settle();
    const reply = h.executed[0].reply;
    assert.ok(reply);
    const activityId = h.sim.calls[0].id;
    h.sim.fail({ status: 429, retryAfterSeconds: 0 });
    await h.teams.deliver(reply, running(1), "progress");
    h.sim.fail({ status: 502 });
    await h.teams.deliver(
      reply,
      ReportSchema.parse({ ...running(3), status: "success", summary: "all green" }),
      "final",
    );
    const updates = h.sim.calls.filter((c) => c.kind === "update");
    assert.deepEqual(updates.map((u) => u.activityId), [activityId, activityId, activityId]);
    assert.match(JSON.stringify(updates[1].activity), /1 of 3 done/);
    assert.match(JSON.stringify(updates[2].activity), /all green/);
    assert.equal(h.sim.calls.filter((c) => c.kind !== "update").length, 1, "no new posts");
  } finally {
    await h.close();
  }
});

Deno.test("notify posts proactively, and a second alert with the same key updates it", async () => {
  const h = await harness();
  try {
    const activity = messageActivity(h.sim.serviceUrl, "analyze repo:acme/app", { mention: true });
    await (await h.teams.handler(activityRequest(activity, await h.sim.token()))).body?.cancel();
    await h.settle();
    const conversation = h.executed[0].meta.conversation;
    assert.ok(conversation);
    h.sim.calls.length = 0;
    await h.teams.notify(conversation, reportFor({ op: "analyze", repo: "acme/app" }), {
      key: "run-42",
    });
    await h.teams.notify(conversation, reportFor({ op: "analyze", repo: "acme/web" }), {
      key: "run-42",
    });
    await h.teams.notify(conversation, reportFor({ op: "analyze", repo: "acme/api" }), {
      key: "run-43",
    });
    const [post, update, other] = h.sim.calls;
    assert.equal(post.kind, "send");
    assert.equal(post.conversationId, TEAMS.channelId, "a new top-level post in the channel");
    assert.ok(post.authorized);
    assert.equal(update.kind, "update");
    assert.equal(update.activityId, post.id);
    assert.match(JSON.stringify(update.activity), /acme\/web/);
    assert.equal(other.kind, "send");
    assert.notEqual(other.id, post.id);
  } finally {
    await h.close();
  }
});
