import assert from "node:assert/strict";
import { discordConversation } from "../../../bots/discord/notify.ts";
import { ReportSchema } from "../../../src/report/model.ts";
import { IDS } from "../../sim/discord.ts";
import { harness } from "./fixtures.ts";

const alert = (status: "failure" | "success") =>
  ReportSchema.parse({
    id: `rep-${status}`,
    title: `CI ${status} on acme/app main`,
    status,
    summary: `Run 42 ${status === "failure" ? "failed" : "recovered"}`,
  });
const channel = discordConversation(IDS.channel, IDS.guild, "ci");

Deno.test("notify posts to the channel, then edits the same message for the same key", async () => {
  const h = await harness();
  try {
    await h.surface.notify(channel, alert("failure"), { key: "acme/app/42" });
    await h.surface.notify(channel, alert("success"), { key: "acme/app/42" });
    await h.surface.notify(channel, alert("failure"), { key: "acme/app/43" });

    const calls = h.sim.calls.map((c) => `${c.method} ${c.path.replace(/\d{15,}$/, ":id")}`);
    assert.deepEqual(calls, [
      `POST /channels/${IDS.channel}/messages`,
      `PATCH /channels/${IDS.channel}/messages/:id`,
      `POST /channels/${IDS.channel}/messages`,
    ]);
    assert.equal(h.sim.calls[0].headers.authorization, `Bot ${h.sim.botToken}`);
    const firstId = h.sim.calls[1].path.split("/").at(-1);
    const edited = h.sim.messages.get(`${IDS.channel}/${firstId}`);
    assert.match(JSON.stringify(edited), /Run 42 recovered/);
  } finally {
    await h.close();
  }
});

Deno.test("notify honours 429 retry_after and retries 5xx, then throws", async () => {
  const h = await harness();
  try {
    h.sim.fault({ method: "POST", path: /\/messages$/, status: 429, times: 1, retryAfter: 0.02 });
    h.sim.fault({ method: "POST", path: /\/messages$/, status: 502, times: 1 });
    await h.surface.notify(channel, alert("failure"), { key: "k1" });
    assert.deepEqual(h.sim.calls.map((c) => c.status), [429, 502, 200]);

    h.sim.fault({ method: "POST", path: /\/messages$/, status: 503, times: 10 });
    await assert.rejects(
      h.surface.notify(channel, alert("failure"), { key: "k2" }),
      (e: Error & { code?: string }) => e.code === "upstream" && /503/.test(e.message),
    );
  } finally {
    await h.close();
  }
});

Deno.test("notify without a bot token is a config error and calls nothing", async () => {
  const h = await harness({ botToken: false });
  try {
    await assert.rejects(
      h.surface.notify(channel, alert("failure"), { key: "k" }),
      /DISCORD_BOT_TOKEN is not set/,
    );
    assert.equal(h.sim.calls.length, 0);
  } finally {
    await h.close();
  }
});
