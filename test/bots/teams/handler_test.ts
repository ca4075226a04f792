import assert from "node:assert/strict";
import { executeActivity, messageActivity, TEAMS } from "../../sim/botconnector.ts";
import { activityRequest, harness } from "./fixtures.ts";

const cardOf = (activity: { attachments?: Array<{ content?: unknown }> }) =>
  activity.attachments?.[0]?.content as {
    body: Array<{ text?: string; inlines?: Array<{ text: string }> }>;
    actions?: unknown[];
  };

Deno.test("an @mention with a valid token gets a Running card, then the Adaptive Card report in place", async () => {
  const h = await harness();
  try {
    const activity = messageActivity(h.sim.serviceUrl, "analyze repo:acme/app", { mention: true });
    const response = await h.teams.handler(activityRequest(activity, await h.sim.token()));
    assert.equal(response.status, 200);
    await h.settle();
    assert.equal(h.backgroundErrors.length, 0, String(h.backgroundErrors[0]));
    assert.equal(h.executed.length, 1);
    assert.deepEqual(h.executed[0].intent, { op: "analyze", repo: "acme/app" });
    const meta = h.executed[0].meta;
    assert.equal(meta.userId, TEAMS.userAadId);
    assert.equal(meta.conversation?.id, TEAMS.channelId);
    assert.equal(meta.conversation?.label, "#ci in Acme");
    const [reply, update] = h.sim.calls;
    assert.equal(reply.kind, "reply");
    assert.equal(reply.activityId, activity.id);
    assert.match(JSON.stringify(cardOf(reply.activity)), /Running analyze repo:acme\/app/);
    assert.equal(update.kind, "update");
    assert.equal(update.activityId, reply.id);
    assert.ok(update.authorized, "the bot's own token from the simulator's token endpoint");
    const card = cardOf(update.activity);
    assert.equal(card.body[0].inlines?.[0].text, "analyze acme/app");
    assert.match(JSON.stringify(card), /Finding 1 in acme\/app/);
    assert.equal(h.executed[0].reply?.data.activityId, reply.id);
  } finally {
    await h.close();
  }
});

for (
  const [name, token] of [
    [
      "forged signature",
      (h: Awaited<ReturnType<typeof harness>>) => h.sim.token({}, { forged: true }),
    ],
    [
      "expired token",
      (h: Awaited<ReturnType<typeof harness>>) =>
        h.sim.token({
          exp: Math.floor(Date.now() / 1000) - 3600,
          nbf: Math.floor(Date.now() / 1000) - 7200,
        }),
    ],
    [
      "wrong audience",
      (h: Awaited<ReturnType<typeof harness>>) => h.sim.token({ aud: "someone-else" }),
    ],
    ["no token", () => Promise.resolve(undefined)],
  ] as const
) {
  Deno.test(`a ${name} is refused with 401 and nothing runs`, async () => {
    const h = await harness();
    try {
      const activity = messageActivity(h.sim.serviceUrl, "analyze repo:acme/app", {
        mention: true,
      });
      const response = await h.teams.handler(activityRequest(activity, await token(h)));
      assert.equal(response.status, 401);
      await response.body?.cancel();
      await h.settle();
      assert.equal(h.executed.length, 0);
      assert.equal(h.sim.calls.length, 0);
    } finally {
      await h.close();
    }
  });
}

Deno.test("malformed activities get 400 and nothing runs", async () => {
  const h = await harness();
  try {
    const auth = await h.sim.token();
    for (const body of ["{not json", { type: "message", text: "analyze repo:acme/app" }, [1, 2]]) {
      const response = await h.teams.handler(activityRequest(body, auth));
      assert.equal(response.status, 400, JSON.stringify(body));
      await response.body?.cancel();
    }
    await h.settle();
    assert.equal(h.executed.length, 0);
    assert.equal(h.sim.calls.length, 0);
  } finally {
    await h.close();
  }
});

Deno.test("unparseable text is answered with the hint and examples, nothing run", async () => {
  const h = await harness();
  try {
    const activity = messageActivity(h.sim.serviceUrl, "frobnicate", { mention: true });
    const response = await h.teams.handler(activityRequest(activity, await h.sim.token()));
    assert.equal(response.status, 200);
    await h.settle();
    assert.equal(h.executed.length, 0);
    assert.equal(h.sim.calls.length, 1);
    const text = JSON.stringify(cardOf(h.sim.calls[0].activity));
    assert.match(text, /Start with a verb/);
    assert.match(text, /analyze repo:acme\/app/);
  } finally {
    await h.close();
  }
});

Deno.test("login in a channel is not run: the code would be shown to the channel", async () => {
  const h = await harness({ parse: { login: { op: "login" } } });
  try {
    const before = h.sim.calls.length;
    const activity = messageActivity(h.sim.serviceUrl, "login", { mention: true });
    const response = await h.teams.handler(activityRequest(activity, await h.sim.token()));
    assert.equal(response.status, 200);
    await h.settle();
    assert.equal(h.executed.length, 0);
    assert.equal(h.sim.calls.length, before + 1);
    assert.match(JSON.stringify(cardOf(h.sim.calls[before].activity)), /personal chat/);

    // In a personal chat it runs.
    const personal = messageActivity(h.sim.serviceUrl, "login");
    personal.conversation = { ...personal.conversation!, conversationType: "personal" };
    await h.teams.handler(activityRequest(personal, await h.sim.token()));
    await h.settle();
    assert.deepEqual(h.executed.map((e) => e.intent.op), ["login"]);
  } finally {
    await h.close();
  }
});

Deno.test("an Action.Execute click runs the stored intent once, as the clicker", async () => {
  const h = await harness();
  try {
    const message = messageActivity(h.sim.serviceUrl, "analyze repo:acme/app", { mention: true });
    await (await h.teams.handler(activityRequest(message, await h.sim.token()))).body?.cancel();
    await h.settle();
    const card = cardOf(h.sim.calls[1].activity);
    const button =
      (card.actions as Array<{ type: string; verb?: string; data?: { actionId: string } }>)
        .find((a) => a.type === "Action.Execute");
    assert.ok(button?.data?.actionId);
    const click = executeActivity(h.sim.serviceUrl, button.verb ?? "", button.data, {
      id: "click-1",
    });
    const first = await h.teams.handler(activityRequest(click, await h.sim.token()));
    assert.equal(first.status, 200);
    const body = await first.json();
    assert.equal(body.statusCode, 200);
    const again = await h.teams.handler(activityRequest(click, await h.sim.token()));
    await again.body?.cancel();
    await h.settle();
    assert.equal(h.executed.length, 2);
    assert.deepEqual(h.executed[1].intent, { op: "analyze", repo: "acme/app" });
    const forged = executeActivity(h.sim.serviceUrl, button.verb ?? "", { actionId: "made-up" }, {
      id: "click-2",
    });
    const expired = await h.teams.handler(activityRequest(forged, await h.sim.token()));
    assert.match(JSON.stringify(await expired.json()), /expired/);
    await h.settle();
    assert.equal(h.executed.length, 2);
  } finally {
    await h.close();
  }
});
