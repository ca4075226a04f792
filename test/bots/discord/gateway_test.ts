import assert from "node:assert/strict";
import type { APIEmbed } from "discord-api-types/v10";
import {
  type DiscordGateway,
  type DiscordGatewayDeps,
  startDiscordGateway,
} from "../../../bots/discord/gateway.ts";
import { createDiscordSurface, renderReport } from "../../../bots/discord/mod.ts";
import {
  commandText,
  parseErrorReport,
  threadName,
} from "../../../bots/discord/gateway_message.ts";
import { CiError } from "../../../src/errors.ts";
import { parseCommand } from "../../../src/intent/parse.ts";
import type { Intent } from "../../../src/intent/schema.ts";
import type { ReplyTarget } from "../../../src/jobs/model.ts";
import { memoryLogger } from "../../../src/log.ts";
import { type Report, ReportSchema } from "../../../src/report/model.ts";
import { openKvStore } from "../../../src/store/kv.ts";
import type { Store } from "../../../src/store/port.ts";
import type { RequestMeta, Understood } from "../../../src/surface.ts";
import {
  type DiscordGatewaySim,
  PRIVILEGED_INTENTS,
  startDiscordGatewaySim,
} from "../../sim/discord_gateway.ts";
import { testInbox } from "../../inbox/fixture.ts";

interface Harness {
  sim: DiscordGatewaySim;
  executed: Array<
    { intent: Intent; meta: RequestMeta; reply?: ReplyTarget; understood?: Understood }
  >;
  failures: unknown[];
  /** Resolves when every background task scheduled so far has ended. */
  settle(): Promise<void>;
  deps: DiscordGatewayDeps;
}

/**
 * Deps whose `send` posts the report as an embed through the simulator's REST API, so the
 * order of what reaches a thread is recorded in one place (the simulator).
 */
function harness(sim: DiscordGatewaySim, store: Store, execute?: DiscordGatewayDeps["execute"]) {
  const executed: Harness["executed"] = [];
  const failures: unknown[] = [];
  const tasks: Promise<void>[] = [];
  let ids = 0;
  const deps: DiscordGatewayDeps = {
    log: memoryLogger(),
    store,
    now: () => new Date(),
    newId: () => `req-${++ids}`,
    parse: parseCommand,
    execute: (intent, meta, reply, options) => {
      executed.push({ intent, meta, reply, understood: options?.understood });
      return execute ? execute(intent, meta, reply) : Promise.resolve(
        ReportSchema.parse({
          id: "rep-1",
          title: `Test of ${intent.repo}`,
          status: "success",
          summary: `matrix ${intent.matrix}: 6 of 6 jobs passed`,
        }),
      );
    },
    reportUrl: (id) => `http://127.0.0.1/reports/${id}`,
    background: (_name, work) => {
      tasks.push(work().catch((error) => void failures.push(error)));
    },
    inbox: testInbox(store, (name, work) => deps.background(name, work)),
    fetch,
    send: async (channelId: string, report: Report) => {
      const embed: APIEmbed = { title: report.title, description: report.summary };
      const response = await fetch(`${sim.apiUrl}/v10/channels/${channelId}/messages`, {
        method: "POST",
        headers: { authorization: `Bot ${sim.token}`, "content-type": "application/json" },
        body: JSON.stringify({ embeds: [embed] }),
      });
      assert.equal(response.status, 200, await response.text());
    },
  };
  const settle = async () => {
    for (let done = 0; done < tasks.length; done = tasks.length) await Promise.all(tasks);
  };
  return { sim, executed, failures, settle, deps } satisfies Harness;
}

/** Runs `body` against a started simulator and gateway, and always tears both down. */
async function withGateway(
  body: (h: Harness, gateway: DiscordGateway) => Promise<void>,
  execute?: DiscordGatewayDeps["execute"],
) {
  const sim = await startDiscordGatewaySim();
  const store = await openKvStore(":memory:");
  const h = harness(sim, store, execute);
  let gateway: DiscordGateway | undefined;
  try {
    gateway = await startDiscordGateway({ botToken: sim.token, apiUrl: sim.apiUrl }, h.deps);
    await body(h, gateway);
  } finally {
    await gateway?.close();
    await h.settle();
    await sim.close();
    await store.close();
  }
}

const embedsIn = (sim: DiscordGatewaySim, channelId: string) =>
  (sim.posted.get(channelId) ?? []).map((m) => m.embeds[0]?.title ?? `content: ${m.content}`);

Deno.test("!ci-test repo=acme/app matrix=full through the gateway ends in a thread like /ci-test", async () => {
  const sim = await startDiscordGatewaySim();
  const store = await openKvStore(":memory:");
  const apiUrl = `${sim.apiUrl}/v10`; // DISCORD_API_URL as the HTTP surface takes it
  const running = ReportSchema.parse({
    id: "rep-1",
    title: "Test of acme/app",
    status: "running",
    summary: "Dispatched matrix full: 0 of 6 jobs done",
  });
  const final = ReportSchema.parse({
    id: "rep-2",
    title: "Test of acme/app",
    status: "success",
    summary: "matrix full: 6 of 6 jobs passed",
    fields: [{ label: "Duration", value: "4m 12s" }],
  });
  const h = harness(sim, store, () => Promise.resolve(running));
  const surface = createDiscordSurface(
    { publicKey: "ab".repeat(32), botToken: sim.token, applicationId: sim.bot.id, apiUrl },
    h.deps,
  );
  h.deps.send = surface.send;
  let gateway: DiscordGateway | undefined;
  try {
    gateway = await startDiscordGateway({ botToken: sim.token, apiUrl }, h.deps);
    const text = "!ci-test repo=acme/app matrix=full";
    const sent = sim.sendMessage({ channelId: sim.channels.ci, content: text });
    const threadId = sent.id; // Discord gives a thread started on a message the message's id.
    await sim.waitFor(
      () => (sim.posted.get(threadId)?.length ?? 0) >= 2,
      "the acknowledgement and the running report in the thread",
    );
    await h.settle();

    const threadCall = sim.calls.find((c) => c.path.endsWith("/threads"));
    assert.equal(threadCall?.path, `/channels/${sim.channels.ci}/messages/${sent.id}/threads`);
    assert.equal(
      (threadCall?.body as { name: string }).name,
      "ci-test: test repo:acme/app matrix:full",
    );

    const parsed = parseCommand(text);
    assert.equal(parsed.kind, "intent");
    assert.equal(h.executed.length, 1);
    const [run] = h.executed;
    assert.deepEqual(run.intent, parsed.intent);
    assert.deepEqual(run.intent, { op: "test", repo: "acme/app", matrix: "full" });
    assert.deepEqual(run.meta, {
      surface: "discord",
      requestId: "req-1",
      userId: sim.user.id,
      teamId: sim.guildId,
      channelId: sim.channels.ci,
      conversation: {
        surface: "discord",
        id: sim.channels.ci,
        label: "#ci",
        data: { channelId: sim.channels.ci, guildId: sim.guildId },
      },
    });
    assert.ok(run.reply);
    assert.equal(run.reply.data.channelId, threadId);

    // The job runner finishes later and hands the final report to the surface's deliverer.
    await surface.deliver(run.reply, final, "final");
    const thread = sim.posted.get(threadId) ?? [];
    assert.equal(thread.length, 2, "the running message was edited, not followed by another");
    assert.equal(thread[0].content, "Running `test repo:acme/app matrix:full`…");
    assert.ok(thread.every((m) => m.author.id === sim.bot.id));
    const rendered = renderReport(final, { reportUrl: h.deps.reportUrl("rep-2"), actionIds: {} });
    assert.deepEqual(thread[1].embeds, JSON.parse(JSON.stringify(rendered.embeds)));
    assert.ok(thread[1].edited_timestamp);
    assert.equal(sim.posted.has(sim.channels.ci), false, "nothing posted in the channel itself");
    assert.deepEqual(h.failures, []);
  } finally {
    await gateway?.close();
    await h.settle();
    await surface.deliver.idle?.();
    surface.deliver.close?.();
    await sim.close();
    await store.close();
  }
});

Deno.test("bot messages, other prefixes and plain chat are ignored", async () => {
  await withGateway(async (h) => {
    const ci = h.sim.channels.ci;
    const otherBot = { id: "1100000000000000001", username: "other-bot", bot: true };
    h.sim.sendMessage({ channelId: ci, content: "!ci-test acme/app", author: otherBot });
    h.sim.sendMessage({ channelId: ci, content: "!deploy acme/app" });
    h.sim.sendMessage({ channelId: ci, content: "!ci-testing acme/app" });
    h.sim.sendMessage({ channelId: ci, content: "hey <@1> can you !ci-test acme/app" });
    h.sim.sendMessage({ channelId: ci, content: `please ask <@${h.sim.bot.id}> later` });
    // Gateway events arrive in order: once this one is handled, the ones above were too.
    const last = h.sim.sendMessage({ channelId: ci, content: "!CI-TEST analyze acme/app" });
    await h.sim.waitFor(() => (h.sim.posted.get(last.id)?.length ?? 0) >= 2, "the last reply");
    await h.settle();

    assert.deepEqual(h.executed.map((e) => e.intent), [{ op: "analyze", repo: "acme/app" }]);
    assert.deepEqual(
      h.sim.calls.filter((c) => c.path.endsWith("/threads")).map((c) => c.path),
      [`/channels/${ci}/messages/${last.id}/threads`],
    );
  });
});

Deno.test("a mention of the bot works like the prefix", async () => {
  await withGateway(async (h) => {
    const sent = h.sim.sendMessage({
      channelId: h.sim.channels.general,
      content: `<@${h.sim.bot.id}> analyze acme/app`,
    });
    await h.sim.waitFor(() => (h.sim.posted.get(sent.id)?.length ?? 0) >= 2, "the reply");
    await h.settle();
    assert.deepEqual(h.executed.map((e) => e.intent), [{ op: "analyze", repo: "acme/app" }]);
    assert.equal(h.executed[0].meta.channelId, h.sim.channels.general);
  });
});

Deno.test("a command typed inside a thread is answered in that thread", async () => {
  await withGateway(async (h) => {
    const first = h.sim.sendMessage({ channelId: h.sim.channels.ci, content: "!ci-test help" });
    await h.sim.waitFor(() => (h.sim.posted.get(first.id)?.length ?? 0) >= 2, "the first thread");
    const inThread = h.sim.sendMessage({
      channelId: first.id,
      content: "!ci-test analyze acme/app",
    });
    await h.sim.waitFor(() => (h.sim.posted.get(first.id)?.length ?? 0) >= 4, "the reply in it");
    await h.settle();
    assert.equal(h.sim.calls.filter((c) => c.path.endsWith("/threads")).length, 1);
    assert.equal(h.executed[1].meta.channelId, first.id);
    assert.equal(h.executed[1].reply?.data.channelId, first.id);
    assert.equal(h.sim.posted.has(inThread.id), false);
  });
});

Deno.test("a replayed MESSAGE_CREATE runs nothing twice, in this process or the next", async () => {
  const sim = await startDiscordGatewaySim();
  const store = await openKvStore(":memory:");
  const first = harness(sim, store);
  const second = harness(sim, store);
  const config = { botToken: sim.token, apiUrl: sim.apiUrl };
  try {
    const gateway = await startDiscordGateway(config, first.deps);
    const sent = sim.sendMessage({ channelId: sim.channels.ci, content: "!ci-test acme/app" });
    sim.sendMessage({ channelId: sim.channels.ci, content: sent.content, id: sent.id });
    await sim.waitFor(() => (sim.posted.get(sent.id)?.length ?? 0) >= 2, "the first run's reply");
    const marker = sim.sendMessage({ channelId: sim.channels.ci, content: "!ci-test help" });
    await sim.waitFor(() => (sim.posted.get(marker.id)?.length ?? 0) >= 2, "the marker's reply");
    await first.settle();
    await gateway.close();

    // A fresh process on the same store: the durable claim stops the replay there too.
    const restarted = await startDiscordGateway(config, second.deps);
    sim.sendMessage({ channelId: sim.channels.ci, content: sent.content, id: sent.id });
    const next = sim.sendMessage({ channelId: sim.channels.ci, content: "!ci-test acme/web" });
    await sim.waitFor(() => (sim.posted.get(next.id)?.length ?? 0) >= 2, "the next reply");
    await second.settle();
    await restarted.close();

    assert.deepEqual(first.executed.map((e) => e.intent), [
      { op: "test", repo: "acme/app" },
      { op: "help" },
    ]);
    assert.deepEqual(second.executed.map((e) => e.intent), [{ op: "test", repo: "acme/web" }]);
    assert.equal(
      sim.calls.filter((c) => c.path.includes(`/messages/${sent.id}/threads`)).length,
      1,
    );
    assert.equal(sim.posted.get(sent.id)?.length, 2);
  } finally {
    await first.settle();
    await second.settle();
    await sim.close();
    await store.close();
  }
});

Deno.test("a parse error is answered in a thread with the hint and examples; nothing runs", async () => {
  await withGateway(async (h) => {
    const sent = h.sim.sendMessage({
      channelId: h.sim.channels.ci,
      content: "!ci-test runs:80 acme/app",
    });
    const posted = await h.sim.waitFor(
      () => (h.sim.posted.get(sent.id)?.length ?? 0) >= 1 && h.sim.posted.get(sent.id),
      "the hint",
    );
    await h.settle();
    assert.equal(h.executed.length, 0);
    assert.deepEqual(posted.map((m) => m.embeds[0]), [{
      title: "I could not read that command",
      description: "'runs' must be ≤ 50: current value is 80",
    }]);
    const threadCall = h.sim.calls.find((c) => c.path.endsWith("/threads"));
    assert.equal((threadCall?.body as { name: string }).name, "ci-test: help");
  });
});

Deno.test("!ci-test login in a channel is not run: the code would be public", async () => {
  await withGateway(async (h) => {
    const sent = h.sim.sendMessage({ channelId: h.sim.channels.ci, content: "!ci-test login" });
    const posted = await h.sim.waitFor(
      () => (h.sim.posted.get(sent.id)?.length ?? 0) >= 1 && h.sim.posted.get(sent.id),
      "the refusal",
    );
    await h.settle();
    assert.equal(h.executed.length, 0);
    assert.equal(
      posted[0].embeds[0].description,
      "`login` is answered privately: type `/ci-test login` instead",
    );
  });
});

Deno.test("plain language reaches the executor marked as understood; the exact grammar does not", async () => {
  await withGateway(async (h) => {
    const plain = h.sim.sendMessage({
      channelId: h.sim.channels.ci,
      content: "!ci-test please run the tests on acme/app branch fix/flaky-login",
    });
    const exact = h.sim.sendMessage({
      channelId: h.sim.channels.ci,
      content: "!ci-test test repo:acme/app ref:fix/flaky-login",
    });
    await h.sim.waitFor(
      () =>
        (h.sim.posted.get(plain.id)?.length ?? 0) >= 2 &&
        (h.sim.posted.get(exact.id)?.length ?? 0) >= 2,
      "both answers",
    );
    await h.settle();
    const byRef = h.executed.map((e) => [e.intent.op, e.intent.ref, e.understood?.source ?? null]);
    assert.deepEqual(byRef.sort((a, b) => String(a[2]).localeCompare(String(b[2]))), [
      ["test", "fix/flaky-login", "natural"],
      ["test", "fix/flaky-login", null],
    ]);
  });
});

Deno.test("a failing operation is reported in the thread with its message and hint", async () => {
  const failing = () =>
    Promise.reject(
      new CiError("forbidden", "acme/app is not on the allow-list", { hint: "Ask an admin." }),
    );
  await withGateway(async (h) => {
    const sent = h.sim.sendMessage({ channelId: h.sim.channels.ci, content: "!ci-test acme/app" });
    await h.sim.waitFor(() => (h.sim.posted.get(sent.id)?.length ?? 0) >= 2, "the failure");
    await h.settle();
    assert.deepEqual(embedsIn(h.sim, sent.id), [
      "content: Running `test repo:acme/app`…",
      "The command failed",
    ]);
    assert.equal(
      h.sim.posted.get(sent.id)?.[1].embeds[0].description,
      "acme/app is not on the allow-list",
    );
    assert.equal(h.failures.length, 1, "the error still reaches the background logger");
  }, failing);
});

Deno.test("heartbeats are acknowledged and close disconnects cleanly", async () => {
  const sim = await startDiscordGatewaySim({ heartbeatIntervalMs: 40 });
  const store = await openKvStore(":memory:");
  const h = harness(sim, store);
  try {
    const gateway = await startDiscordGateway({ botToken: sim.token, apiUrl: sim.apiUrl }, h.deps);
    const identify = sim.frames.find((f) => f.op === 2)?.d as { intents: number; token: string };
    assert.equal(identify.intents, (1 << 0) | (1 << 9) | (1 << 15)); // Guilds, GuildMessages, MessageContent
    // Without HEARTBEAT_ACK discord.js would call the connection a zombie and re-identify.
    await sim.waitFor(() => sim.frames.filter((f) => f.op === 1).length >= 3, "three heartbeats");
    assert.equal(sim.frames.filter((f) => f.op === 2).length, 1);
    assert.equal(sim.connected(), 1);

    await gateway.close();
    await sim.waitFor(() => sim.connected() === 0, "the socket to close");
    sim.sendMessage({ channelId: sim.channels.ci, content: "!ci-test acme/app" });
    await h.settle();
    assert.equal(h.executed.length, 0);
  } finally {
    await sim.close();
    await store.close();
  }
});

Deno.test("a bot without the Message Content intent fails to start with a hint", async () => {
  const sim = await startDiscordGatewaySim({ allowedIntents: 0x7fffffff & ~PRIVILEGED_INTENTS });
  const store = await openKvStore(":memory:");
  try {
    const config = { botToken: sim.token, apiUrl: sim.apiUrl };
    await assert.rejects(startDiscordGateway(config, harness(sim, store).deps), (error) => {
      assert.ok(error instanceof CiError);
      assert.equal(error.code, "config");
      assert.match(error.hint ?? "", /Message Content intent/);
      return true;
    });
    assert.deepEqual(sim.closeCodes, [4014]);
  } finally {
    await sim.close();
    await store.close();
  }
});

Deno.test("a wrong token fails to start and is not echoed", async () => {
  const sim = await startDiscordGatewaySim();
  const store = await openKvStore(":memory:");
  try {
    const config = { botToken: "not-the-token", apiUrl: `${sim.apiUrl}/v10/` };
    await assert.rejects(startDiscordGateway(config, harness(sim, store).deps), (error) => {
      assert.ok(error instanceof CiError);
      assert.equal(error.code, "config");
      assert.match(error.hint ?? "", /DISCORD_BOT_TOKEN/);
      assert.doesNotMatch(error.message, /not-the-token/);
      return true;
    });
    assert.deepEqual(sim.calls.map((c) => c.path), ["/gateway/bot"]);
  } finally {
    await sim.close();
    await store.close();
  }
});

Deno.test("commandText accepts the prefix in any case and leading bot mentions only", () => {
  assert.equal(commandText("  !Ci-Test acme/app ", "42"), "!Ci-Test acme/app");
  assert.equal(commandText("!ci-test", "42"), "!ci-test");
  assert.equal(commandText("!ci-test: acme/app", "42"), "!ci-test: acme/app");
  assert.equal(commandText("<@!42> help", "42"), "<@!42> help");
  assert.equal(commandText("<@43> help", "42"), undefined);
  assert.equal(commandText("!ci-tests", "42"), undefined);
  assert.equal(commandText("", "42"), undefined);
});

Deno.test("thread names stay within Discord's 100 characters; examples carry the prefix", () => {
  const long = threadName({ op: "test", repo: "acme/app", ref: "x".repeat(200) });
  assert.equal(long.length, 100);
  assert.ok(long.startsWith("ci-test: test repo:acme/app ref:xxx"));
  const report = parseErrorReport({
    kind: "unsupported",
    error: 'Did not understand "frobnicate"',
    hint: "See help.",
    suggestions: ["analyze"],
    examples: ["analyze repo:acme/app", "/ci-test help"],
  });
  assert.deepEqual(report.sections, [
    { title: "Did you mean", markdown: "`analyze`" },
    { title: "Examples", markdown: "`!ci-test analyze repo:acme/app`\n`/ci-test help`" },
  ]);
});

Deno.test("discord.js is only imported dynamically, so it loads only when the gateway starts", async () => {
  const file = new URL("../../../bots/discord/gateway.ts", import.meta.url);
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", file.pathname],
    stdout: "piped",
    stderr: "null",
  }).output();
  assert.ok(out.success);
  interface Dep {
    specifier: string;
    code?: { specifier: string };
    isDynamic?: boolean;
  }
  const graph = JSON.parse(new TextDecoder().decode(out.stdout)) as {
    modules: Array<{ specifier: string; dependencies?: Dep[] }>;
  };
  const loads = graph.modules.flatMap((m) =>
    (m.dependencies ?? [])
      .filter((d) => d.code?.specifier.startsWith("npm:discord.js@"))
      .map((d) => ({ from: m.specifier.replace(/^.*\/bots\//, "bots/"), dynamic: d.isDynamic }))
  );
  assert.deepEqual(loads, [{ from: "bots/discord/gateway.ts", dynamic: true }]);
});
