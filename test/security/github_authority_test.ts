/**
 * GitHub-authority mode, attacks first: a chat member may do from chat only what their linked
 * GitHub account may do on GitHub; unlinked people read public repositories at most; the policy
 * file only restricts further; who asked is recorded where GitHub shows it. The real core
 * (`createCore`) with a fake `Accounts` against the GitHub simulator's personal tokens.
 */
import assert from "node:assert/strict";
import type { Accounts, LinkedAccount } from "../../src/accounts/model.ts";
import { createCore } from "../../src/core.ts";
import { CiError } from "../../src/errors.ts";
import { randomId } from "../../src/ids.ts";
import type { Intent } from "../../src/intent/schema.ts";
import { memoryLogger } from "../../src/log.ts";
import { listAudit } from "../../src/policy/audit.ts";
import { createGitHubAccess } from "../../src/policy/github_access.ts";
import { loadPolicy } from "../../src/policy/load.ts";
import { githubProvider } from "../../src/providers/github/provider.ts";
import { openKvStore } from "../../src/store/kv.ts";
import type { ExecuteOptions, RequestMeta } from "../../src/surface.ts";
import { CI_YML } from "../e2e/fixtures.ts";
import { type SimUser, startGitHubSim } from "../sim/github.ts";
import { WF } from "./apply_fixtures.ts";

const TOKEN = "ghs_serviceTokenOfTheApp";
const CI_WITH_ASKER = CI_YML.replace(
  "      ci_orchestrator_id:\n",
  "      requested_by:\n        type: string\n        required: false\n      ci_orchestrator_id:\n",
);
const PEOPLE: Record<string, SimUser> = {
  gho_read: { login: "rita", repos: { "acme/app": "pull" } },
  gho_write: { login: "wes", repos: { "acme/app": "push", "acme/web": "push" } },
  gho_maint: { login: "mia", repos: { "acme/app": "maintain", "acme/web": "maintain" } },
  gho_admin: { login: "ada", repos: { "acme/app": "push" } },
  gho_stranger: { login: "sam" },
};
/** Slack member → the personal token their link holds. */
const LINKS: Record<string, string> = {
  U0RITA001: "gho_read",
  U0WES0001: "gho_write",
  U0MIA0001: "gho_maint",
  U0ADA0001: "gho_admin",
  U0SAM0001: "gho_stranger",
};

const slack = (userId: string): RequestMeta => ({
  surface: "slack",
  requestId: randomId(),
  userId,
  teamId: "T0ACME001",
});

/** An in-memory `Accounts`: requester → link, recording unlinks and logouts. */
function fakeAccounts(unlinked: Accounts["unlinked"]) {
  const links = new Map<string, LinkedAccount>(
    Object.entries(LINKS).map(([user, token]) => [user, { login: PEOPLE[token].login, token }]),
  );
  const unlinks: string[] = [];
  const accounts: Accounts = {
    unlinked,
    linked: (who) => Promise.resolve(links.get(who.userId ?? "") ?? null),
    logout(who) {
      const link = links.get(who.userId ?? "");
      links.delete(who.userId ?? "");
      return Promise.resolve(link?.login ?? null);
    },
    unlink(who) {
      unlinks.push(who.userId ?? "");
      links.delete(who.userId ?? "");
      return Promise.resolve();
    },
  };
  return { accounts, unlinks };
}

async function startEnv(options: { unlinked?: Accounts["unlinked"]; policy?: string } = {}) {
  const users = { ...PEOPLE };
  const sim = await startGitHubSim({ token: TOKEN, users, timeScale: 600 });
  sim.state.addRepo("acme/app", {
    private: true,
    files: { ".github/workflows/ci.yml": CI_WITH_ASKER },
  });
  sim.state.addRepo("acme/site", { files: { ".github/workflows/ci.yml": CI_YML } });
  sim.state.addRepo("acme/web", {
    private: true,
    files: { ".github/workflows/ci.yml": WF, "package-lock.json": "{}\n" },
  });
  const store = await openKvStore(":memory:");
  const log = memoryLogger();
  const { accounts, unlinks } = fakeAccounts(options.unlinked ?? "public-read");
  const core = createCore({
    store,
    log,
    now: () => new Date(),
    newId: randomId,
    provider: githubProvider({ baseUrl: sim.url, token: TOKEN, log, retryAfterBaseValue: 1 }),
    policy: options.policy ? loadPolicy(options.policy, "policy.yml") : null,
    deliver: () => Promise.resolve(),
    maxJobWaitMs: 100,
    accounts,
    githubApiUrl: sim.url,
    fetch,
  });
  await core.runner.start();
  const accessFor = createGitHubAccess({ apiUrl: sim.url, fetch, now: () => new Date(), log });
  return {
    sim,
    users,
    unlinks,
    log,
    run: (intent: Intent, meta: RequestMeta, opts?: ExecuteOptions) =>
      core.execute(intent, meta, undefined, opts),
    /** Runs and returns the refusal (fails when it was allowed). */
    refusal: async (intent: Intent, meta: RequestMeta, opts?: ExecuteOptions) => {
      const error = await core.execute(intent, meta, undefined, opts).then(
        (report) => assert.fail(`allowed: ${report.title}`),
        (error: unknown) => error,
      );
      assert.ok(error instanceof CiError, String(error));
      return error;
    },
    accessFor,
    audit: () => listAudit(store),
    core,
    /** Requests made with the service's own token about `repo`. */
    serviceReads: (repo: string) =>
      sim.requests.filter((r) =>
        r.path.startsWith(`/repos/${repo}`) && (r.headers.authorization ?? "").includes(TOKEN)
      ).map((r) => `${r.method} ${r.path}`),
    async [Symbol.asyncDispose]() {
      await store.close();
      await sim.close();
    },
  };
}

const LINK_PROMPT = (op: string, repo: string) =>
  `\`${op}\` on ${repo} acts as you on GitHub, and your chat account is not linked to one`;

Deno.test("github authority: an unlinked stranger cannot read a private repository through the service", async () => {
  await using env = await startEnv();
  const refused = await env.refusal({ op: "analyze", repo: "acme/app" }, slack("U0NOBODY1"));
  assert.equal(refused.code, "unauthorized");
  assert.equal(refused.message, LINK_PROMPT("analyze", "acme/app"));
  assert.equal(refused.hint, "Type `login` to link your GitHub account (once); then try again.");
  // Only its visibility was asked; no workflow, file or run was read with the service's token.
  assert.deepEqual(env.serviceReads("acme/app"), ["GET /repos/acme/app"]);
  // A missing repository gets the same answer: the prompt reveals nothing.
  const missing = await env.refusal({ op: "analyze", repo: "acme/nope" }, slack("U0NOBODY1"));
  assert.equal(missing.message, LINK_PROMPT("analyze", "acme/nope"));
});

Deno.test("github authority: an unlinked person changes nothing, even on a public repository", async () => {
  await using env = await startEnv();
  const refused = await env.refusal(
    { op: "test", repo: "acme/site", workflow: "ci.yml" },
    slack("U0NOBODY1"),
  );
  assert.equal(refused.message, LINK_PROMPT("test", "acme/site"));
  assert.equal(env.sim.state.dispatches.length, 0);
  assert.deepEqual(env.serviceReads("acme/site"), [], "refused before anything was read");
  const [denied] = await env.audit();
  assert.equal(denied.outcome, "denied");
  assert.equal(denied.who.login, undefined);
});

Deno.test("github authority: unlinked people read public repositories with public-read only", async () => {
  {
    await using env = await startEnv({ unlinked: "public-read" });
    const report = await env.run({ op: "analyze", repo: "acme/site" }, slack("U0NOBODY1"));
    assert.match(report.title, /Analyze acme\/site/);
  }
  await using env = await startEnv({ unlinked: "none" });
  const refused = await env.refusal({ op: "analyze", repo: "acme/site" }, slack("U0NOBODY1"));
  assert.equal(refused.message, LINK_PROMPT("analyze", "acme/site"));
});

Deno.test("github authority: a linked account that cannot see a repository gets not_found", async () => {
  await using env = await startEnv();
  for (const repo of ["acme/app", "acme/nope"]) {
    const refused = await env.refusal({ op: "analyze", repo }, slack("U0SAM0001"));
    assert.equal(refused.code, "not_found");
    assert.equal(
      refused.message,
      `Repository ${repo}: not found or not visible to your GitHub account (\`github:sam\`)`,
    );
  }
  assert.deepEqual(env.serviceReads("acme/app"), []);
});

Deno.test("github authority: a read collaborator analyzes but may not test", async () => {
  await using env = await startEnv();
  const report = await env.run({ op: "analyze", repo: "acme/app" }, slack("U0RITA001"));
  assert.match(report.title, /Analyze acme\/app/);
  const refused = await env.refusal(
    { op: "test", repo: "acme/app", workflow: "ci.yml" },
    slack("U0RITA001"),
  );
  assert.equal(refused.code, "forbidden");
  assert.equal(refused.message, "`test` needs write on acme/app (you have read)");
  assert.equal(
    refused.hint,
    "Ask an owner of acme/app for write access on GitHub (Settings → Collaborators and teams), " +
      "then try again.",
  );
  assert.equal(env.sim.state.dispatches.length, 0);
  const [denied] = await env.audit();
  assert.equal(denied.who.login, "rita");
  assert.deepEqual(denied.decision.github, { needs: "write", has: "read" });
});

Deno.test("github authority: a writer's test dispatches, saying who asked; a typed requested_by is ignored", async () => {
  await using env = await startEnv();
  const report = await env.run(
    { op: "test", repo: "acme/app", workflow: "ci.yml", inputs: { requested_by: "mallory" } },
    slack("U0WES0001"),
  );
  assert.equal(env.sim.state.dispatches.length, 0, "planned; dispatched by the job");
  const started = Date.now();
  while (env.sim.state.dispatches.length === 0 && Date.now() - started < 5_000) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assert.equal(env.sim.state.dispatches.length, 1);
  assert.equal(env.sim.state.dispatches[0].inputs.requested_by, "wes");
  // The public repository's workflow declares no such input: none is sent.
  const jobId = report.actions.find((a) => a.intent.op === "cancel")?.intent.target;
  assert.ok(jobId, JSON.stringify(report.actions));
  await env.run({ op: "cancel", target: jobId }, slack("U0WES0001"));
  await env.core.runner.wait(jobId);
  const audit = await env.audit();
  assert.deepEqual(audit.map((a) => [a.op, a.outcome, a.who.login]), [
    ["cancel", "cancelled", "wes"],
    ["test", "accepted", "wes"],
  ]);
});

const confirmIntent = { op: "optimize" as const, repo: "acme/web" };

Deno.test("github authority: a writer may not open a pull request (maintain needed)", async () => {
  await using env = await startEnv();
  for (
    const apply of [{ step: "preview" as const }, {
      step: "confirm" as const,
      hash: "3fa9c2e1d0aa",
    }]
  ) {
    const refused = await env.refusal({ ...confirmIntent, apply }, slack("U0WES0001"));
    assert.equal(refused.message, "`optimize` needs maintain on acme/web (you have write)");
  }
  assert.equal(env.sim.state.repo("acme/web")!.pulls.length, 0);
});

Deno.test("github authority: a maintainer opens the pull request, which names them", async () => {
  await using env = await startEnv();
  // What a maintainer clicks through: the suggestions, the preview, the confirmation.
  const listed = await env.run(confirmIntent, slack("U0MIA0001"));
  const apply = listed.actions.find((a) => a.id === "optimize-apply");
  assert.ok(apply, listed.summary);
  const preview = await env.run(apply.intent, slack("U0MIA0001"));
  const confirm = preview.actions.find((a) => a.id === "optimize-confirm");
  assert.ok(confirm, preview.summary);
  await env.run(confirm.intent, slack("U0MIA0001"));
  const pulls = env.sim.state.repo("acme/web")!.pulls;
  assert.equal(pulls.length, 1);
  assert.match(pulls[0].body ?? "", /\n\nRequested by @mia \(Slack\)$/);
  const opened = (await env.audit()).find((a) => a.outcome === "succeeded");
  assert.equal(opened?.who.login, "mia");
});

Deno.test("github authority: a revoked token unlinks the person and says how to link again", async () => {
  await using env = await startEnv();
  delete env.users.gho_write; // GitHub now answers 401 Bad credentials for it
  const refused = await env.refusal({ op: "analyze", repo: "acme/app" }, slack("U0WES0001"));
  assert.equal(refused.code, "unauthorized");
  assert.equal(
    refused.message,
    "GitHub no longer accepts the token of your linked account (@wes), so it was unlinked",
  );
  assert.equal(refused.hint, "Type `login` to link it again.");
  assert.deepEqual(env.unlinks, ["U0WES0001"]);
  const next = await env.refusal({ op: "analyze", repo: "acme/app" }, slack("U0WES0001"));
  assert.equal(next.message, LINK_PROMPT("analyze", "acme/app"));
  assert.doesNotMatch(JSON.stringify(env.log.entries), /gho_/);
});

Deno.test("github authority: a policy keeping a repository for admins refuses a GitHub writer", async () => {
  const policy =
    `grants:\n  - repos: ["acme/app"]\n    role: admin\n    users: ["slack:U0ADA0001"]\n`;
  await using env = await startEnv({ policy });
  const refused = await env.refusal(
    { op: "test", repo: "acme/app", workflow: "ci.yml" },
    slack("U0WES0001"),
  );
  assert.equal(refused.code, "forbidden");
  assert.match(refused.message, /needs the operator role .*`slack:U0WES0001` has no role there/);
  // The named admin, a writer on GitHub, passes both.
  await env.run({ op: "test", repo: "acme/app", workflow: "ci.yml" }, slack("U0ADA0001"));
  // A repository no grant covers is GitHub's alone: the writer tests acme/web... as a writer.
  const web = await env.refusal(
    { ...confirmIntent, apply: { step: "preview" } },
    slack("U0WES0001"),
  );
  assert.equal(web.message, "`optimize` needs maintain on acme/web (you have write)");
  const entries = await env.audit();
  assert.deepEqual(entries.map((a) => [a.op, a.outcome, a.who.login]).slice(-2), [
    ["test", "accepted", "ada"],
    ["test", "denied", "wes"],
  ]);
});

Deno.test("github authority: Copilot callers go through the same table and messages", async () => {
  await using env = await startEnv();
  const meta: RequestMeta = { surface: "copilot", requestId: "r1", userId: "rita" };
  const refused = await env.refusal(
    { op: "test", repo: "acme/app", workflow: "ci.yml" },
    meta,
    { access: env.accessFor("gho_read") },
  );
  assert.equal(refused.message, "`test` needs write on acme/app (you have read)");
  // Without the capability: nothing is visible, the service's token is not borrowed.
  const blind = await env.refusal({ op: "analyze", repo: "acme/app" }, meta);
  assert.equal(blind.code, "not_found");
  assert.deepEqual(env.serviceReads("acme/app"), []);
});

Deno.test("github authority: MCP API keys keep their policy roles", async () => {
  await using env = await startEnv();
  const key: RequestMeta = { surface: "mcp", requestId: "r1", userId: "api-key", via: "mcp-key" };
  const refused = await env.refusal({ op: "test", repo: "acme/app", workflow: "ci.yml" }, key);
  assert.match(refused.message, /needs the operator role .*no policy file/);
});

Deno.test("github authority: logout unlinks, is audited, and login is for chat members only", async () => {
  await using env = await startEnv();
  const out = await env.run({ op: "logout" }, slack("U0WES0001"));
  assert.equal(out.title, "Unlinked GitHub account @wes");
  assert.match(out.summary, /no longer acts as @wes, and its token was revoked with GitHub/);
  const again = await env.run({ op: "logout" }, slack("U0WES0001"));
  assert.equal(again.title, "No GitHub account linked");
  const entries = await env.audit();
  assert.deepEqual(
    entries.map((a) => [a.op, a.outcome, a.who.login ?? null]).sort(),
    [["logout", "succeeded", null], ["logout", "succeeded", "wes"]],
  );
  const copilot = await env.refusal({ op: "login" }, {
    surface: "copilot",
    requestId: "r",
    userId: "rita",
  });
  assert.equal(copilot.code, "bad_request");
});
