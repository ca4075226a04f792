import assert from "node:assert/strict";
import { createSlackNotifier, slackConversation } from "../../../bots/slack/notify.ts";
import { CiError } from "../../../src/errors.ts";
import { memoryLogger } from "../../../src/log.ts";
import { ReportSchema } from "../../../src/report/model.ts";
import { openKvStore } from "../../../src/store/kv.ts";
import { startSlackSim } from "../../sim/slack.ts";

const report = (summary: string) =>
  ReportSchema.parse({
    id: "rep1",
    title: "CI failed on main — acme/app",
    status: "failure",
    summary,
    actions: [{
      id: "rerun:42",
      label: "Re-run failed jobs",
      intent: { op: "test", repo: "acme/app", target: "rerun:42" },
    }],
  });

async function setup(botToken?: string) {
  const slack = await startSlackSim();
  const store = await openKvStore(":memory:");
  const waits: number[] = [];
  let id = 0;
  const notify = createSlackNotifier({ botToken: botToken ?? slack.token, apiUrl: slack.apiUrl }, {
    store,
    fetch,
    log: memoryLogger(),
    newId: () => `btn${++id}`,
    reportUrl: (rid) => `https://ci.example.test/reports/${rid}`,
    sleep: (ms) => {
      waits.push(ms);
      return Promise.resolve();
    },
  });
  return {
    slack,
    notify,
    waits,
    async [Symbol.asyncDispose]() {
      await store.close();
      await slack.close();
    },
  };
}

Deno.test("slack notifier: posts once per key and channel, then updates that card", async () => {
  await using env = await setup();
  const ci = slackConversation("C1", "T1", "ci");
  assert.deepEqual(ci, {
    surface: "slack",
    id: "T1/C1",
    label: "#ci",
    data: { channel: "C1", teamId: "T1" },
  });
  await env.notify(ci, report("first"), { key: "acme/app/42" });
  await env.notify(ci, report("second"), { key: "acme/app/42" });
  await env.notify(slackConversation("C2", "T1"), report("other"), { key: "acme/app/42" });
  const methods = env.slack.calls.map((c) => `${c.method} ${c.body.channel}`);
  assert.deepEqual(methods, ["chat.postMessage C1", "chat.update C1", "chat.postMessage C2"]);
  const card = [...env.slack.messages.entries()].find(([k]) => k.startsWith("C1/"))!;
  assert.match(JSON.stringify(card[1].blocks), /second/);
  assert.match(JSON.stringify(card[1].blocks), /Re-run failed jobs/);
});

Deno.test("slack notifier: a 429 is waited out for Retry-After seconds", async () => {
  await using env = await setup();
  env.slack.fault({ method: "chat.postMessage", status: 429, times: 1, retryAfter: 2 });
  await env.notify(slackConversation("C1"), report("x"), { key: "k" });
  assert.deepEqual(env.waits, [2000]);
  assert.equal(env.slack.calls.filter((c) => c.method === "chat.postMessage").length, 2);
});

Deno.test("slack notifier: without a bot token it says what to set", async () => {
  await using env = await setup("");
  await assert.rejects(
    env.notify(slackConversation("C1"), report("x"), { key: "k" }),
    (e: CiError) => e.code === "config" && /SLACK_BOT_TOKEN/.test(e.message),
  );
  assert.equal(env.slack.calls.length, 0);
});
