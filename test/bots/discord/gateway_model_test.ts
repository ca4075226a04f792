import assert from "node:assert/strict";
import type { APIEmbed } from "discord-api-types/v10";
import { type DiscordGatewayDeps, startDiscordGateway } from "../../../bots/discord/gateway.ts";
import { parseCommand } from "../../../src/intent/parse.ts";
import type { Intent } from "../../../src/intent/schema.ts";
import { memoryLogger } from "../../../src/log.ts";
import { type Report, ReportSchema } from "../../../src/report/model.ts";
import { openKvStore } from "../../../src/store/kv.ts";
import type { Understood } from "../../../src/surface.ts";
import { startDiscordGatewaySim } from "../../sim/discord_gateway.ts";
import { testInbox } from "../../inbox/fixture.ts";

Deno.test("gateway model stage: only unreadable text goes to resolve; its reading runs as understood", async () => {
  const sim = await startDiscordGatewaySim();
  const store = await openKvStore(":memory:");
  const executed: Array<{ intent: Intent; understood?: Understood }> = [];
  const asked: string[] = [];
  const tasks: Promise<void>[] = [];
  let ids = 0;
  const deps: DiscordGatewayDeps = {
    log: memoryLogger(),
    store,
    now: () => new Date(),
    newId: () => `req-${++ids}`,
    parse: parseCommand,
    resolve: (text) => {
      asked.push(text);
      return Promise.resolve({
        kind: "intent",
        intent: { op: "analyze", repo: "acme/app" },
        source: "model",
        explanation: "language model: analyze repo:acme/app",
      });
    },
    execute: (intent, _meta, _reply, options) => {
      executed.push({ intent, understood: options?.understood });
      return Promise.resolve(
        ReportSchema.parse({ id: "r", title: "ok", status: "neutral", summary: "" }),
      );
    },
    reportUrl: (id) => `http://127.0.0.1/reports/${id}`,
    background: (_name, work) => void tasks.push(work()),
    inbox: testInbox(store, (name, work) => deps.background(name, work)),
    fetch,
    send: async (channelId: string, report: Report) => {
      const embed: APIEmbed = { title: report.title, description: report.summary };
      const response = await fetch(`${sim.apiUrl}/v10/channels/${channelId}/messages`, {
        method: "POST",
        headers: { authorization: `Bot ${sim.token}`, "content-type": "application/json" },
        body: JSON.stringify({ embeds: [embed] }),
      });
      await response.body?.cancel();
    },
  };
  const gateway = await startDiscordGateway({ botToken: sim.token, apiUrl: sim.apiUrl }, deps);
  try {
    const odd = sim.sendMessage({ channelId: sim.channels.ci, content: "!ci-test zhuzh acme/app" });
    const exact = sim.sendMessage({ channelId: sim.channels.ci, content: "!ci-test status" });
    await sim.waitFor(
      () =>
        (sim.posted.get(odd.id)?.length ?? 0) >= 2 && (sim.posted.get(exact.id)?.length ?? 0) >= 2,
      "both answers",
    );
    for (let done = 0; done < tasks.length; done = tasks.length) await Promise.all(tasks);
    assert.deepEqual(asked, ["!ci-test zhuzh acme/app"]);
    const model = executed.find((e) => e.understood?.source === "model");
    assert.deepEqual(model?.intent, { op: "analyze", repo: "acme/app" });
    assert.equal(model?.understood?.guessed, true);
    assert.ok(executed.some((e) => e.intent.op === "status" && e.understood === undefined));
  } finally {
    await gateway.close();
    await sim.close();
    await store.close();
  }
});
