import assert from "node:assert/strict";
import { main } from "../../../bots/discord/register.ts";
import { startDiscordSim } from "../../sim/discord.ts";

Deno.test("register twice: the second run changes nothing (one PUT over two runs)", async () => {
  const sim = await startDiscordSim();
  try {
    const env = {
      DISCORD_BOT_TOKEN: sim.botToken,
      DISCORD_APPLICATION_ID: sim.applicationId,
      DISCORD_API_URL: sim.apiUrl,
    };
    const first = await main([], env, fetch);
    const second = await main([], env, fetch);
    assert.equal(first.changed, true);
    assert.equal(second.changed, false);
    const puts = sim.calls.filter((c) => c.method === "PUT");
    assert.equal(puts.length, 1);
    assert.equal(puts[0].path, `/applications/${sim.applicationId}/commands`);
    assert.equal(sim.calls.filter((c) => c.method === "GET").length, 2);
    assert.deepEqual(sim.commands.get("global")?.map((c) => c.name), ["ci-test"]);
  } finally {
    await sim.close();
  }
});

Deno.test("register --guild uses the guild route, also idempotently", async () => {
  const sim = await startDiscordSim();
  try {
    const env = {
      DISCORD_BOT_TOKEN: sim.botToken,
      DISCORD_APPLICATION_ID: sim.applicationId,
      DISCORD_API_URL: sim.apiUrl,
    };
    await main(["--guild", "290926798626357250"], env, fetch);
    const again = await main(["--guild=290926798626357250"], env, fetch);
    assert.equal(again.changed, false);
    assert.equal(again.scope, "guild 290926798626357250");
    const puts = sim.calls.filter((c) => c.method === "PUT");
    assert.deepEqual(puts.map((c) => c.path), [
      `/applications/${sim.applicationId}/guilds/290926798626357250/commands`,
    ]);
  } finally {
    await sim.close();
  }
});

Deno.test("register names what is missing, and refuses a bad guild id", async () => {
  await assert.rejects(
    main([], {}, fetch),
    /DISCORD_BOT_TOKEN and DISCORD_APPLICATION_ID not set/,
  );
  await assert.rejects(
    main(["--guild", "abc"], { DISCORD_BOT_TOKEN: "t", DISCORD_APPLICATION_ID: "1" }, fetch),
    /--guild needs a numeric guild id: got 'abc'/,
  );
});
