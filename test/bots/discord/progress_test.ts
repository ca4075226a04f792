import assert from "node:assert/strict";
import { IDS, slashInteraction } from "../../sim/discord.ts";
import { harness, jobReport } from "./fixtures.ts";

const TEST = { op: "test", repo: "acme/app", workflow: "ci.yml" } as const;
const PARSE = { "/ci-test test repo:acme/app workflow:ci.yml": TEST };
const body = slashInteraction({
  subcommand: "test",
  options: { repo: "acme/app", workflow: "ci.yml" },
});

async function startJob() {
  const h = await harness({
    parse: PARSE,
    execute: () => Promise.resolve(jobReport("job-1", 0)),
  });
  const res = await h.surface.handler(await h.request(body));
  assert.deepEqual(await res.json(), { type: 5 });
  await h.settle();
  assert.deepEqual(h.backgroundErrors, []);
  const target = h.executed[0].reply;
  assert.ok(target);
  return { h, target };
}

const originals = (h: Awaited<ReturnType<typeof startJob>>["h"]) =>
  h.sim.calls.filter((c) => c.path.endsWith("/messages/@original"));
const contentOf = (call: { body: unknown }) => JSON.stringify(call.body);

Deno.test("a job's running report, progress and final all edit @original in place", async () => {
  const { h, target } = await startJob();
  try {
    assert.equal(originals(h).length, 1);
    assert.match(contentOf(originals(h)[0]), /0 of 2 scenarios finished/);
    assert.match(contentOf(originals(h)[0]), /"label":"Cancel"/);

    h.advance(60_000);
    await h.surface.deliver(target, jobReport("job-1", 1), "progress");
    h.advance(60_000);
    await h.surface.deliver(target, jobReport("job-1", 2, "success"), "final");
    // A late progress after the final is dropped.
    await h.surface.deliver(target, jobReport("job-1", 1), "progress");

    const edits = originals(h);
    assert.equal(edits.length, 3);
    assert.match(contentOf(edits[1]), /1 of 2 scenarios finished/);
    assert.match(contentOf(edits[2]), /2 of 2 scenarios finished/);
    assert.match(contentOf(edits[2]), /"color":3055683/);
    assert.equal(h.sim.calls.filter((c) => c.path.startsWith("/channels/")).length, 0);
  } finally {
    await h.close();
  }
});

Deno.test("past the 15-minute token, progress is dropped and the final is a channel message", async () => {
  const { h, target } = await startJob();
  try {
    h.advance(16 * 60_000);
    await h.surface.deliver(target, jobReport("job-1", 1), "progress");
    await h.surface.deliver(target, jobReport("job-1", 2, "success"), "final");

    assert.equal(originals(h).length, 1, "only the first edit used the token");
    const posted = h.sim.calls.filter((c) => c.path === `/channels/${IDS.channel}/messages`);
    assert.equal(posted.length, 1);
    assert.equal(posted[0].method, "POST");
    assert.equal(posted[0].headers.authorization, `Bot ${h.sim.botToken}`);
    const message = posted[0].body as {
      content: string;
      allowed_mentions: { users?: string[] };
    };
    assert.match(message.content, new RegExp(`<@${IDS.user}>`));
    assert.deepEqual(message.allowed_mentions.users, [IDS.user]);
    assert.match(JSON.stringify(message), /2 of 2 scenarios finished/);
  } finally {
    await h.close();
  }
});

Deno.test("a token Discord no longer accepts falls back to the channel for the final", async () => {
  const { h, target } = await startJob();
  try {
    h.sim.expireToken("interaction-token-1");
    await h.surface.deliver(target, jobReport("job-1", 2, "failure"), "final");
    const posted = h.sim.calls.filter((c) => c.path === `/channels/${IDS.channel}/messages`);
    assert.equal(posted.length, 1);
    assert.match(JSON.stringify(posted[0].body), /2 of 2 scenarios finished/);
  } finally {
    await h.close();
  }
});

Deno.test("a 429 on an edit is waited out and retried", async () => {
  const { h, target } = await startJob();
  try {
    h.sim.fault({ path: /@original$/, status: 429, times: 1, retryAfter: 0.01 });
    await h.surface.deliver(target, jobReport("job-1", 1), "progress");
    const edits = originals(h);
    assert.deepEqual(edits.map((c) => c.status), [200, 429, 200]);
  } finally {
    await h.close();
  }
});

Deno.test("channel mode (gateway): send registers the message that later progress edits", async () => {
  const h = await harness();
  try {
    const { channelReply } = await import("../../../bots/discord/reply.ts");
    const reply = channelReply({ key: "gw-1", channelId: IDS.channel });
    const sent = await h.surface.send(IDS.channel, jobReport("job-9", 0), {
      threadName: "ci-test test acme/app",
      replyTo: "1500000000000000009",
      key: "gw-1",
    });
    assert.notEqual(sent.channelId, IDS.channel, "posted in the new thread");
    await h.surface.deliver(reply, jobReport("job-9", 2, "success"), "final");
    const edit = h.sim.calls.find((c) => c.method === "PATCH");
    assert.equal(edit?.path, `/channels/${sent.channelId}/messages/${sent.messageId}`);
    assert.match(
      JSON.stringify(h.sim.messages.get(`${sent.channelId}/${sent.messageId}`)),
      /2 of 2/,
    );
  } finally {
    await h.close();
  }
});
