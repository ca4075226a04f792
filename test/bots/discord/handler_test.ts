import assert from "node:assert/strict";
import { buttonInteraction, IDS, pingInteraction, slashInteraction } from "../../sim/discord.ts";
import { harness } from "./fixtures.ts";

const ANALYZE = { op: "analyze", repo: "acme/app", workflow: "ci.yml" } as const;
const PARSE = { "/ci-test analyze repo:acme/app workflow:ci.yml": ANALYZE };
const analyzeBody = (id = "1300000000000000001") =>
  slashInteraction({
    subcommand: "analyze",
    options: { repo: "acme/app", workflow: "ci.yml" },
    id,
  });

Deno.test("PING is answered with PONG and runs nothing", async () => {
  const h = await harness();
  try {
    const res = await h.surface.handler(await h.request(pingInteraction()));
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { type: 1 });
    await h.settle();
    assert.equal(h.executed.length, 0);
  } finally {
    await h.close();
  }
});

Deno.test("a signed /ci-test analyze is deferred at once, then @original shows the findings", async () => {
  const h = await harness({ parse: PARSE });
  try {
    const started = performance.now();
    const res = await h.surface.handler(await h.request(analyzeBody()));
    const elapsed = performance.now() - started;
    assert.ok(elapsed < 500, `ack took ${elapsed} ms`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { type: 5 });
    await h.settle();
    assert.deepEqual(h.backgroundErrors, []);

    assert.equal(h.executed.length, 1);
    const { intent, meta, reply } = h.executed[0];
    assert.deepEqual(intent, ANALYZE);
    assert.equal(meta.surface, "discord");
    assert.equal(meta.userId, IDS.user);
    assert.equal(meta.teamId, IDS.guild);
    assert.deepEqual(meta.conversation, {
      surface: "discord",
      id: IDS.channel,
      label: "#ci",
      data: { channelId: IDS.channel, guildId: IDS.guild },
    });
    assert.equal(reply?.surface, "discord");
    assert.equal(reply?.data.issuedAt, new Date(1_795_000_000_000).toISOString());

    const edit = await h.sim.waitFor((c) => c.path.endsWith("/messages/@original"));
    assert.equal(edit.method, "PATCH");
    assert.equal(
      edit.path,
      `/webhooks/${h.sim.applicationId}/interaction-token-1/messages/@original`,
    );
    assert.equal(edit.status, 200);
    const body = edit.body as { embeds: Array<{ fields: Array<{ name: string; value: string }> }> };
    const fields = body.embeds[0].fields.map((f) => `${f.name} ${f.value}`).join("\n");
    assert.match(fields, /unpinned-action — \.github\/workflows\/release\.yml:7/);
    assert.match(fields, /Job 'build' in acme\/app has no timeout-minutes/);
    // Errors are listed before warnings.
    assert.ok(fields.indexOf("unpinned-action") < fields.indexOf("missing-timeout"));
  } finally {
    await h.close();
  }
});

Deno.test("a parse error is answered directly, ephemeral, with hint and examples", async () => {
  const h = await harness();
  try {
    const body = slashInteraction({ subcommand: "run", options: { text: "frobnicate" } });
    const res = await h.surface.handler(await h.request(body));
    const json = await res.json();
    assert.equal(json.type, 4);
    assert.equal(json.data.flags, 64);
    assert.match(json.data.content, /Cannot understand 'frobnicate'/);
    assert.match(json.data.content, /Start with a verb/);
    assert.match(json.data.content, /\/ci-test analyze repo:acme\/app/);
    await h.settle();
    assert.equal(h.executed.length, 0);
    assert.equal(h.sim.calls.length, 0);
  } finally {
    await h.close();
  }
});

Deno.test("run text: goes through the parser verbatim; help is deferred ephemeral", async () => {
  const h = await harness({ parse: { "/ci-test help compare": { op: "help", topic: "compare" } } });
  try {
    const body = slashInteraction({ subcommand: "run", options: { text: "help compare" } });
    const json = await (await h.surface.handler(await h.request(body))).json();
    assert.deepEqual(json, { type: 5, data: { flags: 64 } });
    await h.settle();
    assert.deepEqual(h.executed[0].intent, { op: "help", topic: "compare" });
  } finally {
    await h.close();
  }
});

Deno.test("bad signature, missing headers and a stale timestamp get 401 and run nothing", async () => {
  const h = await harness({ parse: PARSE });
  try {
    const tampered = await h.surface.handler(await h.request(analyzeBody(), { tamper: true }));
    assert.equal(tampered.status, 401);
    assert.match((await tampered.json()).error, /signature mismatch/);

    const stale = await h.surface.handler(
      await h.request(analyzeBody(), { timestamp: 1_795_000_000 - 3600 }),
    );
    assert.equal(stale.status, 401);
    assert.match((await stale.json()).error, /5-minute window/);

    const bare = await h.surface.handler(
      new Request("http://localhost/discord/interactions", {
        method: "POST",
        body: JSON.stringify(analyzeBody()),
      }),
    );
    assert.equal(bare.status, 401);
    assert.match((await bare.json()).error, /missing signature headers/);

    const signed = await h.request(analyzeBody());
    const badHex = new Headers(signed.headers);
    badHex.set("x-signature-ed25519", "zz");
    const malformed = await h.surface.handler(
      new Request(signed.url, { method: "POST", headers: badHex, body: await signed.text() }),
    );
    assert.equal(malformed.status, 401);

    await h.settle();
    assert.equal(h.executed.length, 0);
    assert.equal(h.sim.calls.length, 0);
  } finally {
    await h.close();
  }
});

Deno.test("an oversized body is refused with 413 before verification", async () => {
  const h = await harness({ parse: PARSE });
  try {
    const big = { ...analyzeBody(), padding: "x".repeat(70_000) };
    const res = await h.surface.handler(await h.request(big));
    assert.equal(res.status, 413);
    await h.settle();
    assert.equal(h.executed.length, 0);
  } finally {
    await h.close();
  }
});

Deno.test("the same interaction delivered twice runs once", async () => {
  const h = await harness({ parse: PARSE });
  try {
    await h.surface.handler(await h.request(analyzeBody("1300000000000000077")));
    await h.surface.handler(await h.request(analyzeBody("1300000000000000077")));
    await h.settle();
    assert.equal(h.executed.length, 1);
  } finally {
    await h.close();
  }
});

Deno.test("a button click re-enters the pipeline once, with the stored intent and the clicker", async () => {
  const h = await harness({ parse: PARSE });
  try {
    await h.surface.handler(await h.request(analyzeBody()));
    await h.settle();
    const edit = await h.sim.waitFor((c) => c.path.endsWith("@original"));
    const rows =
      (edit.body as { components: Array<{ components: Array<Record<string, unknown>> }> })
        .components;
    const buttons = rows.flatMap((r) => r.components);
    const rerun = buttons.find((b) => b.label === "Re-run failed");
    const open = buttons.find((b) => b.label === "Full report");
    assert.ok(rerun, "Re-run failed button");
    assert.equal(open?.style, 5);
    assert.equal(open?.url, "https://ci.example.test/reports/rep-analyze");
    const customId = String(rerun.custom_id);
    assert.match(customId, /^ci:/);
    assert.doesNotMatch(customId, /rerun|acme/, "the intent stays server-side");

    const click = buttonInteraction({ customId, id: "1300000000000000050" });
    const res = await h.surface.handler(await h.request(click));
    assert.deepEqual(await res.json(), { type: 5 });
    const again = await h.surface.handler(await h.request(click));
    assert.equal(again.status, 200);
    await h.settle();

    assert.equal(h.executed.length, 2);
    const clicked = h.executed[1];
    assert.deepEqual(clicked.intent, {
      op: "test",
      repo: "acme/app",
      workflow: "ci.yml",
      target: "rerun:42",
    });
    assert.equal(clicked.meta.userId, IDS.clicker);
    const reply = await h.sim.waitFor((c) =>
      c.path === `/webhooks/${h.sim.applicationId}/interaction-token-2/messages/@original`
    );
    assert.match(JSON.stringify(reply.body), /test acme\/app/);
  } finally {
    await h.close();
  }
});

Deno.test("an unknown button is answered ephemeral and runs nothing", async () => {
  const h = await harness();
  try {
    const res = await h.surface.handler(
      await h.request(buttonInteraction({ customId: "ci:does-not-exist" })),
    );
    const json = await res.json();
    assert.equal(json.type, 4);
    assert.equal(json.data.flags, 64);
    assert.match(json.data.content, /expired/);
    await h.settle();
    assert.equal(h.executed.length, 0);
  } finally {
    await h.close();
  }
});

Deno.test("an execute failure edits @original with the error and its hint", async () => {
  const { CiError } = await import("../../../src/errors.ts");
  const h = await harness({
    parse: PARSE,
    execute: () =>
      Promise.reject(
        new CiError("not_found", "No workflow 'ci.yml' in acme/app", { hint: "List workflows." }),
      ),
  });
  try {
    await h.surface.handler(await h.request(analyzeBody()));
    await h.settle();
    const edit = await h.sim.waitFor((c) => c.path.endsWith("@original"));
    const content = (edit.body as { content: string }).content;
    assert.match(content, /Not found/);
    assert.match(content, /No workflow 'ci\.yml' in acme\/app/);
    assert.match(content, /List workflows\./);
  } finally {
    await h.close();
  }
});
