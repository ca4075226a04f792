import assert from "node:assert/strict";
import { CiError } from "../../src/errors.ts";
import type { Intent, Op } from "../../src/intent/schema.ts";
import {
  actsOnRepository,
  type GitHubCaller,
  githubDecision,
  githubNeed,
  linkPrompt,
  needsMore,
  policyGoverns,
  revokedLink,
  roleOfPermission,
} from "../../src/policy/authority.ts";
import { authorize, changesState, requiredRole } from "../../src/policy/authorize.ts";
import { loadPolicy } from "../../src/policy/load.ts";
import { PERMISSIONS, type RepoPermission } from "../../src/policy/repo_access.ts";
import type { Role } from "../../src/policy/roles.ts";
import type { Policy } from "../../src/policy/schema.ts";

const REPO = "acme/app";

/** One representative intent per row of the table, and what it needs on GitHub. */
const TABLE: Array<{ intent: Intent; needs: RepoPermission | null; label: string }> = [
  { label: "analyze", intent: { op: "analyze", repo: REPO }, needs: "read" },
  { label: "compare history", intent: { op: "compare", repo: REPO }, needs: "read" },
  { label: "optimize", intent: { op: "optimize", repo: REPO }, needs: "read" },
  { label: "migrate", intent: { op: "migrate", repo: REPO }, needs: "read" },
  { label: "test", intent: { op: "test", repo: REPO }, needs: "write" },
  { label: "compare runs:5", intent: { op: "compare", repo: REPO, runs: 5 }, needs: "write" },
  { label: "cancel", intent: { op: "cancel", repo: REPO, target: "job1" }, needs: "write" },
  {
    label: "optimize apply preview",
    intent: { op: "optimize", repo: REPO, apply: { step: "preview", ids: ["s1a2b3"] } },
    needs: "maintain",
  },
  {
    label: "optimize apply confirm",
    intent: { op: "optimize", repo: REPO, apply: { step: "confirm", hash: "3fa9c2e1d0aa" } },
    needs: "maintain",
  },
  {
    label: "migrate apply confirm",
    intent: { op: "migrate", repo: REPO, apply: { step: "confirm", hash: "3fa9c2e1d0aa" } },
    needs: "maintain",
  },
  { label: "help", intent: { op: "help" }, needs: null },
  { label: "status", intent: { op: "status" }, needs: null },
  { label: "login", intent: { op: "login" }, needs: null },
  { label: "logout", intent: { op: "logout" }, needs: null },
];

const caller = (has: RepoPermission): GitHubCaller => ({
  kind: "github",
  login: "rita",
  access: { permission: () => Promise.resolve(has) },
});

const check = (intent: Intent, c: GitHubCaller, policy: Policy | null = null, required?: Role) => ({
  policy,
  intent,
  repo: REPO,
  caller: c,
  required: required ?? requiredRole(intent, policy),
  changes: changesState(intent),
  isPublic: () => Promise.resolve(true),
  policyDecision: () => authorize(policy, { surface: "slack" as const, userId: "U0RITA1" }, intent),
});

Deno.test("authority table: what every operation needs on GitHub", () => {
  const covered = new Set<Op>(TABLE.map((row) => row.intent.op));
  for (const op of ["test", "compare", "migrate", "analyze", "optimize", "help", "status"]) {
    assert.ok(covered.has(op as Op), op);
  }
  for (const row of TABLE) {
    assert.equal(githubNeed(row.intent, requiredRole(row.intent, null)), row.needs, row.label);
    // Personal operations stay personal even when a repository is named.
    const named = { ...row.intent, repo: REPO };
    assert.equal(actsOnRepository(named), row.needs !== null, row.label);
  }
  // subscribe/unsubscribe: read on a public repository, write on a private one (the executor
  // passes the role after visibility: `subscribeRole`).
  for (const op of ["subscribe", "unsubscribe"] as const) {
    assert.equal(githubNeed({ op, repo: REPO }, "viewer"), "read", `${op} public`);
    assert.equal(githubNeed({ op, repo: REPO }, "operator"), "write", `${op} private`);
  }
});

Deno.test("authority: every operation × every permission, with the exact refusal", async () => {
  for (const row of TABLE.filter((r) => r.needs !== null)) {
    for (const has of PERMISSIONS) {
      const verdict = await githubDecision(check(row.intent, caller(has)));
      const name = `${row.label} with ${has}`;
      if (has === "none") {
        assert.ok("error" in verdict, name);
        assert.equal(verdict.error.code, "not_found", name);
        assert.equal(
          verdict.error.message,
          "Repository acme/app: not found or not visible to your GitHub account (`github:rita`)",
        );
        continue;
      }
      const enough = PERMISSIONS.indexOf(has) >= PERMISSIONS.indexOf(row.needs!);
      if (enough) {
        assert.ok(!("error" in verdict), name);
        assert.deepEqual(verdict.decision.github, { needs: row.needs, has }, name);
        assert.equal(verdict.decision.role, roleOfPermission(has), name);
      } else {
        assert.ok("error" in verdict, name);
        assert.equal(verdict.error.code, "forbidden", name);
        assert.equal(
          verdict.error.message,
          `\`${row.intent.op}\` needs ${row.needs} on acme/app (you have ${has})`,
          name,
        );
        assert.equal(
          verdict.error.hint,
          `Ask an owner of acme/app for ${row.needs} access on GitHub (Settings → Collaborators ` +
            "and teams), then try again.",
        );
        assert.equal(verdict.decision.allowed, false);
      }
    }
  }
});

Deno.test("authority: messages", () => {
  const test = { op: "test" as const, repo: REPO };
  assert.equal(
    needsMore(test, REPO, "write", "read").message,
    "`test` needs write on acme/app (you have read)",
  );
  const prompt = linkPrompt(test, REPO);
  assert.equal(prompt.code, "unauthorized");
  assert.equal(
    prompt.message,
    "`test` on acme/app acts as you on GitHub, and your chat account is not linked to one",
  );
  assert.equal(prompt.hint, "Type `login` to link your GitHub account (once); then try again.");
  const revoked = revokedLink("alice");
  assert.equal(
    revoked.message,
    "GitHub no longer accepts the token of your linked account (@alice), so it was unlinked",
  );
  assert.equal(revoked.hint, "Type `login` to link it again.");
  assert.equal(roleOfPermission("triage"), "viewer");
  assert.equal(roleOfPermission("write"), "operator");
  assert.equal(roleOfPermission("maintain"), "admin");
});

Deno.test("authority: unlinked people read public repositories only, and only with public-read", async () => {
  let asked = 0;
  const unlinked = (mode: "public-read" | "none"): GitHubCaller => ({
    kind: "unlinked",
    unlinked: mode,
  });
  const withVisibility = (isPublic: boolean) => () => {
    asked++;
    return Promise.resolve(isPublic);
  };
  const analyze = { op: "analyze" as const, repo: REPO };
  const open = await githubDecision({
    ...check(analyze, unlinked("public-read")),
    isPublic: withVisibility(true),
  });
  assert.ok(!("error" in open));
  for (const [mode, isPublic] of [["public-read", false], ["none", true]] as const) {
    const shut = await githubDecision({
      ...check(analyze, unlinked(mode)),
      isPublic: withVisibility(isPublic),
    });
    assert.ok("error" in shut, mode);
    assert.equal(shut.error.code, "unauthorized");
    assert.match(shut.error.message, /not linked/);
  }
  asked = 0;
  for (const row of TABLE.filter((r) => r.needs !== null && r.needs !== "read")) {
    const verdict = await githubDecision({
      ...check(row.intent, unlinked("public-read")),
      isPublic: withVisibility(true),
    });
    assert.ok("error" in verdict, row.label);
    assert.equal(
      verdict.error.message,
      `\`${row.intent.op}\` on acme/app acts as you on GitHub, and your chat account is not linked to one`,
    );
  }
  assert.equal(asked, 0, "a change by an unlinked person is refused before visibility is read");
});

Deno.test("authority: the policy restricts where a grant covers the repository, GitHub alone elsewhere", async () => {
  const policy = loadPolicy(
    `grants:\n  - repos: ["acme/app"]\n    role: admin\n    users: ["slack:U0ADMIN1"]\n` +
      `  - repos: ["acme/lib"]\n    role: operator\n    everyone: true\n`,
    "p.yml",
  );
  assert.equal(policyGoverns(policy, "acme/app"), true);
  assert.equal(policyGoverns(policy, "ACME/Lib"), true);
  assert.equal(policyGoverns(policy, "acme/other"), false);
  assert.equal(policyGoverns(null, "acme/app"), false);

  const test = { op: "test" as const, repo: REPO };
  // A GitHub writer with no grant on a repository the policy keeps for admins: refused.
  const writer = await githubDecision(check(test, caller("write"), policy));
  assert.ok("error" in writer);
  assert.equal(writer.error.code, "forbidden");
  assert.match(writer.error.message, /needs the operator role/);
  assert.deepEqual(writer.decision.github, { needs: "write", has: "write" });
  // The named admin passes both checks; the audit keeps the policy role.
  const admin = await githubDecision({
    ...check(test, caller("write"), policy),
    policyDecision: () => authorize(policy, { surface: "slack", userId: "U0ADMIN1" }, test),
  });
  assert.ok(!("error" in admin));
  assert.equal(admin.decision.role, "admin");
  // A policy grant never lifts GitHub's answer: the admin with read on GitHub is refused.
  const reader = await githubDecision({
    ...check(test, caller("read"), policy),
    policyDecision: () => authorize(policy, { surface: "slack", userId: "U0ADMIN1" }, test),
  });
  assert.ok("error" in reader);
  assert.equal(reader.error.message, "`test` needs write on acme/app (you have read)");
  // A repository no grant covers: GitHub alone.
  const elsewhere = await githubDecision({
    ...check({ op: "test", repo: "acme/other" }, caller("write"), policy),
    repo: "acme/other",
  });
  assert.ok(!("error" in elsewhere));
  assert.equal(elsewhere.decision.role, "operator");
});

Deno.test("authority: an access check that fails is not a refusal", async () => {
  const failing: GitHubCaller = {
    kind: "github",
    login: "rita",
    access: { permission: () => Promise.reject(new CiError("upstream", "GitHub is down")) },
  };
  await assert.rejects(
    githubDecision(check({ op: "analyze", repo: REPO }, failing)),
    /GitHub is down/,
  );
});
