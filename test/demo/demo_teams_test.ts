/**
 * The demo answers Teams through the Bot Framework Emulator: an unauthenticated activity (the
 * emulator sends no channel token) gets a "Demo:" reply posted back to its `serviceUrl`.
 */
import assert from "node:assert/strict";
import { DEMO_SECRETS, startDemo } from "../../demo/start.ts";
import { memoryLogger } from "../../src/log.ts";
import { messageActivity, startBotConnectorSim } from "../sim/botconnector.ts";

Deno.test("demo: Teams through the emulator gets a Demo reply naming the regression", async () => {
  const connector = await startBotConnectorSim({ appId: DEMO_SECRETS.teamsAppId });
  await using demo = await startDemo({ port: 0, log: memoryLogger() });
  try {
    const activity = messageActivity(connector.serviceUrl, "analyze repo:demo/express", {
      mention: true,
    });
    const res = await fetch(`${demo.url}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(activity),
    });
    await res.body?.cancel();
    assert.ok(res.status < 300, `status ${res.status}`);
    const reply = await connector.waitFor(
      (call) => JSON.stringify(call.activity).includes("Demo: Analyze demo/express"),
      30_000,
    );
    assert.match(JSON.stringify(reply.activity), /ci\.yml is \d+% slower since run #40/);
  } finally {
    await connector.close();
  }
});
