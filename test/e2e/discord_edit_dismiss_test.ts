/**
 * End to end in Discord (issue 15): the "Understood as …" message carries Run, Edit and Dismiss.
 * Dismiss by the requester replaces the message (UPDATE_MESSAGE) and dispatches nothing, once; a
 * stranger's Dismiss changes nothing. Edit answers with a modal prefilled with the exact
 * command; its MODAL_SUBMIT runs the changed command once, through the typed-command parse path.
 */
import assert from "node:assert/strict";
import { boot } from "../../src/boot.ts";
import { memoryLogger } from "../../src/log.ts";
import {
  buttonInteraction,
  generateDiscordKeys,
  IDS,
  modalSubmitInteraction,
  signInteraction,
  slashInteraction,
  startDiscordSim,
} from "../sim/discord.ts";
import { addWebRepo, FLAKY_BRANCH, GITHUB_TOKEN, simWithApp } from "./fixtures.ts";

const STRANGER = "80351110224670000";

async function startService() {
  const github = await simWithApp();
  addWebRepo(github);
  const discord = await startDiscordSim();
  const keys = await generateDiscordKeys();
  const dir = await Deno.makeTempDir();
  const policyFile = `${dir}/policy.yml`;
  await Deno.writeTextFile(
    policyFile,
    `grants:\n  - repos: ["acme/*"]\n    role: operator\n    users: ["discord:${IDS.user}", "discord:${STRANGER}"]\n`,
  );
  const service = await boot({
    KV_PATH: ":memory:",
    PUBLIC_URL: "https://ci.example.test",
    DISCORD_PUBLIC_KEY: keys.publicKeyHex,
    DISCORD_APPLICATION_ID: IDS.application,
    DISCORD_BOT_TOKEN: discord.botToken,
    DISCORD_API_URL: discord.apiUrl,
    GITHUB_TOKEN,
    GITHUB_API_URL: github.url,
    POLICY_FILE: policyFile,
  }, { log: memoryLogger(), github: { retryAfterBaseValue: 5 }, maxJobWaitMs: 100 });
  let n = 0;
  const post = async (interaction: unknown) => {
    const body = JSON.stringify(interaction);
    const headers = await signInteraction(keys.privateKey, body, Math.floor(Date.now() / 1000));
    const res = await service.app.request("/discord/interactions", {
      method: "POST",
      headers,
      body,
    });
    return { status: res.status, json: await res.json() };
  };
  /** A fresh interaction id and token per request, as Discord sends. */
  const fresh = () => ({ id: `13000000000000${String(++n).padStart(5, "0")}`, token: `tok-${n}` });
  return {
    github,
    discord,
    post,
    fresh,
    dispatches: () => github.state.dispatches.length,
    async [Symbol.asyncDispose]() {
      await service.close();
      await discord.close();
      await github.close();
      await Deno.remove(dir, { recursive: true });
    },
  };
}

type Env = Awaited<ReturnType<typeof startService>>;
const settle = () => new Promise((r) => setTimeout(r, 500));

/** Asks in plain language; resolves with the custom_ids of Run, Edit and Dismiss. */
async function understood(env: Env) {
  const ids = env.fresh();
  const res = await env.post(slashInteraction({
    subcommand: "run",
    options: { text: "run the tests on acme/web branch main with ci.yml" },
    ...ids,
  }));
  assert.equal(res.status, 200);
  const edit = await env.discord.waitFor(
    (c) =>
      c.method === "PATCH" && c.path.includes(ids.token) &&
      /Understood as/.test(JSON.stringify(c.body)),
    15_000,
  );
  const rows = ((edit.body as { components?: unknown }).components ?? []) as Array<
    { components: Array<{ label?: string; custom_id?: string }> }
  >;
  const button = (label: string) => {
    const found = rows.flatMap((r) => r.components).find((b) => b.label === label)?.custom_id;
    assert.ok(found, `a ${label} button`);
    return found;
  };
  return { run: button("Run"), edit: button("Edit"), dismiss: button("Dismiss") };
}

Deno.test("e2e discord: Dismiss by the requester updates the message once; a stranger's changes nothing; nothing dispatches", async () => {
  await using env = await startService();
  const { run, dismiss } = await understood(env);

  const refused = await env.post(
    buttonInteraction({ customId: dismiss, userId: STRANGER, ...env.fresh() }),
  );
  assert.equal(refused.json.type, 4, "a private message, not an update");
  assert.equal(refused.json.data.flags, 64);
  assert.match(refused.json.data.content, new RegExp(`Only <@${IDS.user}> can dismiss this`));

  const done = await env.post(
    buttonInteraction({ customId: dismiss, userId: IDS.user, ...env.fresh() }),
  );
  assert.equal(done.json.type, 7, "UPDATE_MESSAGE");
  assert.equal(done.json.data.content, `Dismissed by <@${IDS.user}> — nothing ran.`);
  assert.deepEqual(done.json.data.components, [], "no buttons left");
  assert.deepEqual(done.json.data.embeds, []);

  const again = await env.post(
    buttonInteraction({ customId: dismiss, userId: IDS.user, ...env.fresh() }),
  );
  assert.notEqual(again.json.type, 7, "a double click updates nothing");
  const stale = await env.post(
    buttonInteraction({ customId: run, userId: IDS.user, ...env.fresh() }),
  );
  assert.match(String(stale.json.data?.content), /expired/, "Run of a dismissed message is gone");
  await settle();
  assert.equal(env.dispatches(), 0, "nothing dispatched");
});

Deno.test("e2e discord: Edit answers with a prefilled modal; the changed ref runs once", async () => {
  await using env = await startService();
  const { edit } = await understood(env);
  const opened = await env.post(
    buttonInteraction({ customId: edit, userId: IDS.user, ...env.fresh() }),
  );
  assert.equal(opened.json.type, 9, "MODAL");
  const modal = opened.json.data as {
    custom_id: string;
    title: string;
    components: Array<
      { type: number; component: { type: number; custom_id: string; value: string } }
    >;
  };
  assert.ok(modal.custom_id.length <= 100);
  assert.equal(modal.components[0].type, 18, "a Label");
  const input = modal.components[0].component;
  assert.equal(input.type, 4, "a text input");
  assert.equal(input.value, "test repo:acme/web workflow:ci.yml ref:main");
  await settle();
  assert.equal(env.dispatches(), 0, "opening the modal runs nothing");

  const bad = await env.post(modalSubmitInteraction({
    customId: modal.custom_id,
    values: { [input.custom_id]: "test repo:acme/web frobnicate:yes" },
    ...env.fresh(),
  }));
  assert.equal(bad.json.type, 4, "a parse error is answered like a typed command's");
  assert.equal(bad.json.data.flags, 64);

  const ids = env.fresh();
  const submitted = await env.post(modalSubmitInteraction({
    customId: modal.custom_id,
    values: { [input.custom_id]: input.value.replace("ref:main", `ref:${FLAKY_BRANCH}`) },
    ...ids,
  }));
  assert.equal(submitted.json.type, 5, "deferred, like a typed command");
  // The same interaction delivered twice (a retry) runs once.
  await env.post(modalSubmitInteraction({
    customId: modal.custom_id,
    values: { [input.custom_id]: input.value.replace("ref:main", `ref:${FLAKY_BRANCH}`) },
    ...ids,
  }));
  const deadline = Date.now() + 20_000;
  while (env.dispatches() < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  await settle();
  assert.equal(env.dispatches(), 1, "exactly one dispatch");
  assert.equal(env.github.state.dispatches[0].ref, FLAKY_BRANCH);
});
