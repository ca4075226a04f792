import assert from "node:assert/strict";
import {
  channelRepos,
  conversationKey,
  MAX_RECENT,
  missesRepository,
} from "../src/channel_repos.ts";
import { runUse, withConversationRepos } from "../src/channel_repos_execute.ts";
import { CiError } from "../src/errors.ts";
import type { Intent } from "../src/intent/schema.ts";
import { memoryLogger } from "../src/log.ts";
import { type Report, ReportSchema } from "../src/report/model.ts";
import { openKvStore } from "../src/store/kv.ts";
import type { RequestMeta } from "../src/surface.ts";

const meta = (channelId = "C1"): RequestMeta => ({
  surface: "slack",
  requestId: "r1",
  userId: "U1",
  teamId: "T1",
  channelId,
});

Deno.test("conversation key: channel first, then the conversation id, else none", () => {
  assert.equal(conversationKey(meta()), "slack:T1:C1");
  assert.equal(
    conversationKey({
      surface: "teams",
      requestId: "r",
      conversation: { surface: "teams", id: "19:x", data: {} },
    }),
    "teams:conv:19:x",
  );
  assert.equal(conversationKey({ surface: "mcp", requestId: "r", userId: "octo" }), null);
  // Another workspace's channel with the same id is another conversation.
  assert.notEqual(conversationKey({ ...meta(), teamId: "T2" }), conversationKey(meta()));
});

Deno.test("missesRepository: repository operations without one; never help, status, use, listings", () => {
  assert.equal(missesRepository({ op: "analyze" }), true);
  assert.equal(missesRepository({ op: "test", workflow: "ci.yml" }), true);
  assert.equal(missesRepository({ op: "subscribe" }), true);
  assert.equal(missesRepository({ op: "analyze", repo: "acme/app" }), false);
  for (const op of ["help", "status", "login", "logout", "use", "cancel"] as const) {
    assert.equal(missesRepository({ op }), false, op);
  }
  assert.equal(missesRepository({ op: "subscribe", target: "list" }), false);
});

Deno.test("store: default per conversation; the last five recent, most recent first, no duplicates", async () => {
  const store = await openKvStore(":memory:");
  using _closed = { [Symbol.dispose]: () => void store.close() };
  const repos = channelRepos(store);
  assert.equal(await repos.defaultRepo("a"), null);
  await repos.setDefault("a", "acme/app");
  assert.equal(await repos.defaultRepo("a"), "acme/app");
  assert.equal(await repos.defaultRepo("b"), null, "another conversation has its own");

  for (const r of ["o/1", "o/2", "o/3", "o/4", "o/5", "o/6", "o/3"]) await repos.remember("a", r);
  assert.deepEqual(await repos.recent("a"), ["o/3", "o/6", "o/5", "o/4", "o/2"]);
  assert.equal((await repos.recent("a")).length, MAX_RECENT);
  assert.deepEqual(await repos.recent("b"), []);
});

/** The wrapper around a fake pipeline that records what it was asked to run. */
async function harness(options: { serviceDefault?: string; fail?: CiError } = {}) {
  const store = await openKvStore(":memory:");
  const repos = channelRepos(store);
  const ran: Intent[] = [];
  const log = memoryLogger();
  const execute = withConversationRepos(
    (intent) => {
      ran.push(intent);
      if (options.fail) return Promise.reject(options.fail);
      return Promise.resolve(
        ReportSchema.parse({ title: `ran ${intent.op}`, status: "success", summary: "" }),
      );
    },
    {
      repos,
      log,
      save: (input) => Promise.resolve(ReportSchema.parse(input) as Report),
      serviceDefault: options.serviceDefault,
      offered: (intent, understood) => understood !== undefined && intent.op === "test",
    },
  );
  return { store, repos, ran, log, execute, [Symbol.asyncDispose]: () => store.close() };
}

Deno.test("a request without a repository runs on the conversation's default", async () => {
  await using h = await harness();
  await h.repos.setDefault("slack:T1:C1", "acme/app");
  await h.execute({ op: "analyze" }, meta());
  assert.deepEqual(h.ran, [{ op: "analyze", repo: "acme/app" }]);
  assert.ok(h.log.entries.some((e) => e.msg === "conversation default repository used"));
  // Another channel does not see this default.
  const other = await h.execute({ op: "analyze" }, meta("C2"));
  assert.equal(other.title, "ran analyze");
  assert.deepEqual(h.ran[1], { op: "analyze" });
});

Deno.test("without a default: 'Which repository?' with one button per recent repository, nothing run", async () => {
  await using h = await harness();
  await h.execute({ op: "analyze", repo: "acme/app" }, meta());
  await h.execute({ op: "analyze", repo: "acme/web" }, meta());
  h.ran.length = 0;
  const asked = await h.execute({ op: "test", workflow: "ci.yml" }, meta());
  assert.equal(asked.title, "Which repository?");
  assert.deepEqual(h.ran, [], "nothing ran");
  assert.deepEqual(asked.actions.map((a) => [a.label, a.intent]), [
    ["acme/web", { op: "test", workflow: "ci.yml", repo: "acme/web" }],
    ["acme/app", { op: "test", workflow: "ci.yml", repo: "acme/app" }],
  ]);
  assert.match(asked.summary, /use owner\/repo/);
});

Deno.test("no choices: the pipeline's own error, with the `use` hint added", async () => {
  const fail = new CiError("forbidden", "Cannot authorize `test` without a repository", {
    hint: "Name the repository, e.g. `test repo:owner/name`.",
  });
  await using h = await harness({ fail });
  const error = await h.execute({ op: "test" }, meta()).catch((e) => e);
  assert.ok(error instanceof CiError);
  assert.equal(error.code, "forbidden");
  assert.equal(error.message, fail.message);
  assert.match(error.hint ?? "", /^Name the repository.*`use owner\/repo`/);
});

Deno.test("recents: only what ran — not a failure, an offer, or a request outside a conversation", async () => {
  await using h = await harness();
  await h.execute({ op: "test", repo: "acme/offered" }, meta(), undefined, {
    understood: { source: "natural", explanation: "run the tests" },
  });
  await h.execute({ op: "analyze", repo: "acme/cli" }, { surface: "cli", requestId: "r" });
  assert.deepEqual(await h.repos.recent("slack:T1:C1"), []);

  await using failing = await harness({ fail: new CiError("forbidden", "no") });
  await failing.execute({ op: "analyze", repo: "evil/secret" }, meta()).catch(() => {});
  assert.deepEqual(await failing.repos.recent("slack:T1:C1"), [], "a refused repository");
});

Deno.test("a service-wide default: nothing is asked, the pipeline decides", async () => {
  await using h = await harness({ serviceDefault: "acme/app" });
  await h.repos.remember("slack:T1:C1", "acme/web");
  const report = await h.execute({ op: "analyze" }, meta());
  assert.equal(report.title, "ran analyze");
  assert.deepEqual(h.ran, [{ op: "analyze" }]);
});

Deno.test("runUse: sets and shows the default; without a conversation, a clear error", async () => {
  const store = await openKvStore(":memory:");
  using _closed = { [Symbol.dispose]: () => void store.close() };
  const repos = channelRepos(store);
  const log = memoryLogger();
  assert.equal((await runUse(repos, { op: "use" }, meta(), log)).title, "No default repository");
  const set = await runUse(repos, { op: "use", repo: "acme/app" }, meta(), log);
  assert.equal(set.title, "Default repository: acme/app");
  assert.equal(await repos.defaultRepo("slack:T1:C1"), "acme/app");
  assert.equal(
    (await runUse(repos, { op: "use" }, meta(), log)).title,
    "Default repository: acme/app",
  );
  await assert.rejects(
    runUse(repos, { op: "use", repo: "acme/app" }, { surface: "mcp", requestId: "r" }, log),
    (e: CiError) => e.code === "bad_request" && /no conversation/.test(e.message),
  );
});
