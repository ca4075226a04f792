/**
 * `deno task discord:register`: registers `/ci-test` once (idempotent), points the application's
 * interactions at PUBLIC_URL, refuses clearly without what it needs, and `--help` needs no
 * environment.
 */
import assert from "node:assert/strict";
import { main } from "../../../bots/discord/register.ts";
import { startDiscordSim } from "../../sim/discord.ts";

/**
 * The simulator plus `GET`/`PATCH /applications/@me`, which it does not serve: the current
 * Interactions Endpoint URL, every PATCH body, and a refusal while `refuse` is set (Discord's
 * answer when the PING to the URL fails).
 */
function withApplication(apiUrl: string) {
  const state = {
    url: null as string | null,
    patches: [] as unknown[],
    refuse: false,
  };
  const fetchImpl: typeof fetch = async (input, init) => {
    const url = String(input);
    if (url !== `${apiUrl}/applications/@me`) return await fetch(input, init);
    if (init?.method === "PATCH") {
      const body = JSON.parse(String(init.body));
      state.patches.push(body);
      if (state.refuse) {
        return Response.json({
          code: 50035,
          message: "Invalid Form Body",
          errors: {
            interactions_endpoint_url: {
              _errors: [{ code: "APPLICATION_INTERACTIONS_ENDPOINT_URL_INVALID" }],
            },
          },
        }, { status: 400 });
      }
      state.url = body.interactions_endpoint_url;
    }
    return Response.json({ id: "1", interactions_endpoint_url: state.url });
  };
  return { state, fetchImpl };
}

Deno.test("register twice: the second run changes nothing (one PUT, one PATCH over two runs)", async () => {
  const sim = await startDiscordSim();
  try {
    const app = withApplication(sim.apiUrl);
    const env = {
      DISCORD_BOT_TOKEN: sim.botToken,
      DISCORD_APPLICATION_ID: sim.applicationId,
      DISCORD_API_URL: sim.apiUrl,
      PUBLIC_URL: "https://abc.tunnel.example/",
    };
    const first = await main([], env, app.fetchImpl);
    const second = await main([], env, app.fetchImpl);
    assert.equal(first.changed, true);
    assert.deepEqual(first.endpoint, {
      url: "https://abc.tunnel.example/discord/interactions",
      changed: true,
    });
    assert.equal(second.changed, false);
    assert.equal(second.endpoint?.changed, false);
    assert.deepEqual(app.state.patches, [
      { interactions_endpoint_url: "https://abc.tunnel.example/discord/interactions" },
    ]);
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
    const app = withApplication(sim.apiUrl);
    const env = {
      DISCORD_BOT_TOKEN: sim.botToken,
      DISCORD_APPLICATION_ID: sim.applicationId,
      DISCORD_API_URL: sim.apiUrl,
      PUBLIC_URL: "https://ci.acme.example",
    };
    await main(["--guild", "290926798626357250"], env, app.fetchImpl);
    const again = await main(["--guild=290926798626357250"], env, app.fetchImpl);
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

Deno.test("register: an endpoint Discord refuses says to start the service first", async () => {
  const sim = await startDiscordSim();
  try {
    const app = withApplication(sim.apiUrl);
    app.state.refuse = true;
    await assert.rejects(
      main([], {
        DISCORD_BOT_TOKEN: sim.botToken,
        DISCORD_APPLICATION_ID: sim.applicationId,
        DISCORD_API_URL: sim.apiUrl,
        PUBLIC_URL: "https://down.example",
      }, app.fetchImpl),
      (e: Error & { hint?: string }) => {
        assert.match(
          e.message,
          /refused the Interactions Endpoint URL 'https:\/\/down\.example\/discord\/interactions'/,
        );
        assert.match(e.hint ?? "", /Start the service at PUBLIC_URL with DISCORD_PUBLIC_KEY/);
        return true;
      },
    );
    assert.equal(app.state.url, null);
  } finally {
    await sim.close();
  }
});

Deno.test("register names what is missing, and refuses a bad guild id, option or URL", async () => {
  await assert.rejects(
    main([], {}, fetch),
    /DISCORD_BOT_TOKEN, DISCORD_APPLICATION_ID, PUBLIC_URL not set/,
  );
  const set = { DISCORD_BOT_TOKEN: "t", DISCORD_APPLICATION_ID: "1" };
  await assert.rejects(main([], set, fetch), /Cannot register commands: PUBLIC_URL not set/);
  await assert.rejects(
    main([], { ...set, PUBLIC_URL: "http://localhost:8000" }, fetch),
    /PUBLIC_URL must be an https URL for Discord: current value is 'http:\/\/localhost:8000'/,
  );
  await assert.rejects(
    main(["--guild", "abc"], { ...set, PUBLIC_URL: "https://x.example" }, fetch),
    /--guild needs a numeric guild id: got 'abc'/,
  );
  await assert.rejects(main(["--global"], set, fetch), /Unknown option: '--global'/);
});

Deno.test("register: the task as deno.json runs it — --help without env, refusal exit 2", async () => {
  const task = (args: string[]) =>
    new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--allow-net",
        "--allow-env=DISCORD_BOT_TOKEN,DISCORD_APPLICATION_ID,DISCORD_API_URL,PUBLIC_URL",
        "bots/discord/register.ts",
        ...args,
      ],
      cwd: new URL("../../../", import.meta.url),
      clearEnv: true,
      stdout: "piped",
      stderr: "piped",
    }).output();
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  const help = await task(["--help"]);
  assert.equal(help.code, 0);
  assert.match(decode(help.stdout), /^Usage: deno task discord:register \[--guild ID\]/);
  assert.match(decode(help.stdout), /PUBLIC_URL/);
  const missing = await task([]);
  assert.equal(missing.code, 2);
  assert.match(
    decode(missing.stderr),
    /DISCORD_BOT_TOKEN, DISCORD_APPLICATION_ID, PUBLIC_URL not set/,
  );
  assert.match(decode(missing.stderr), /hint: /);
});
