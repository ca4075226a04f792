import assert from "node:assert/strict";
import type { Intent, Op } from "../../src/intent/schema.ts";
import { OPS } from "../../src/intent/schema.ts";
import { authorize, changesState, requiredRole } from "../../src/policy/authorize.ts";
import { loadPolicy } from "../../src/policy/load.ts";

const policy = loadPolicy(
  `
grants:
  - repos: ["*/*"]
    role: viewer
    everyone: true
  - repos: ["acme/*"]
    role: operator
    users: [slack:U333CCC]
subscriptions:
  requireRole: operator
`,
  "test",
);

const alice = { surface: "slack" as const, userId: "U111AAA", teamId: "T0001" };
const bob = { surface: "slack" as const, userId: "U333CCC", teamId: "T0001" };

Deno.test("requiredRole: every operation has its role", () => {
  const expected: Record<Op, string> = {
    analyze: "viewer",
    help: "viewer",
    status: "viewer",
    optimize: "viewer",
    migrate: "viewer",
    test: "operator",
    compare: "viewer",
    cancel: "operator",
    subscribe: "viewer",
    unsubscribe: "viewer",
    login: "viewer",
    logout: "viewer",
    use: "viewer",
  };
  assert.deepEqual(
    Object.fromEntries(OPS.map((op) => [op, requiredRole({ op, repo: "acme/app" })])),
    expected,
  );
  assert.equal(requiredRole({ op: "compare", repo: "acme/app", runs: 5 }), "operator");
  assert.equal(requiredRole({ op: "subscribe", repo: "acme/app" }, policy), "operator");
  assert.equal(requiredRole({ op: "unsubscribe", repo: "acme/app" }, policy), "operator");
});

Deno.test("changesState: dispatching, cancelling and subscriptions are state changes", () => {
  const changing = OPS.filter((op) => changesState({ op, repo: "acme/app" }));
  assert.deepEqual(changing, ["test", "cancel", "subscribe", "unsubscribe", "login", "logout"]);
  assert.equal(changesState({ op: "compare", repo: "acme/app", runs: 3 }), true);
});

Deno.test("no policy file: read-only operations are allowed to everyone", () => {
  for (
    const intent of [
      { op: "analyze", repo: "acme/app" },
      { op: "compare", repo: "acme/app", baseline: "ci.yml", candidate: "fast.yml" },
      { op: "optimize", repo: "acme/app" },
      { op: "migrate", repo: "acme/app" },
      { op: "help" },
      { op: "status" },
      { op: "subscribe", repo: "acme/app" },
    ] satisfies Intent[]
  ) {
    assert.deepEqual(authorize(null, alice, intent), {
      allowed: true,
      role: "viewer",
      required: "viewer",
    }, intent.op);
  }
});

Deno.test("no policy file: test is denied with an explanation naming the user and repo", () => {
  const d = authorize(null, bob, { op: "test", repo: "acme/app", workflow: "ci.yml" });
  assert.equal(d.allowed, false);
  assert.ok(!d.allowed);
  assert.equal(d.role, null);
  assert.equal(d.required, "operator");
  assert.equal(
    d.message,
    "`test` on acme/app needs the operator role (it dispatches workflow runs), and this service " +
      "has no policy file, so only read-only operations are allowed.",
  );
  assert.match(d.hint, /POLICY_FILE/);
  assert.match(d.hint, /docs\/policy\.md/);
  const grant = d.hint.split("```")[1].trim();
  assert.deepEqual(grant.split("\n"), [
    "grants:",
    '  - repos: ["acme/app"]',
    "    role: operator",
    '    users: ["slack:U333CCC"]',
  ]);
  // The suggested grant is itself a valid policy granting exactly what was asked.
  const suggested = loadPolicy(grant, "hint");
  assert.deepEqual(authorize(suggested, bob, { op: "test", repo: "acme/app" }), {
    allowed: true,
    role: "operator",
    required: "operator",
  });
});

Deno.test("no policy file: cancel and compare with runs are denied too", () => {
  for (
    const intent of [
      { op: "cancel", repo: "acme/app", target: "job1" },
      { op: "compare", repo: "acme/app", runs: 5 },
    ] satisfies Intent[]
  ) {
    const d = authorize(null, alice, intent);
    assert.ok(!d.allowed, intent.op);
    assert.match(d.message, new RegExp(`^\`${intent.op}\` on acme/app needs the operator role`));
  }
});

Deno.test("policy: an operator on the repository may dispatch", () => {
  assert.deepEqual(authorize(policy, bob, { op: "test", repo: "acme/app" }), {
    allowed: true,
    role: "operator",
    required: "operator",
  });
  assert.deepEqual(authorize(policy, bob, { op: "compare", repo: "Acme/App", runs: 4 }), {
    allowed: true,
    role: "operator",
    required: "operator",
  });
});

Deno.test("policy: a denial says what is missing, what the user has, where, and how to fix", () => {
  const d = authorize(policy, alice, { op: "test", repo: "acme/app" });
  assert.ok(!d.allowed);
  assert.equal(d.role, "viewer");
  assert.equal(d.required, "operator");
  assert.equal(
    d.message,
    "`test` on acme/app needs the operator role (it dispatches workflow runs); " +
      "`slack:U111AAA` has only the viewer role there.",
  );
  assert.equal(
    d.hint,
    "Ask an admin to add `slack:U111AAA` to a grant with role operator for `acme/app` in the " +
      "policy file (POLICY_FILE).",
  );
  const outside = authorize(policy, bob, { op: "cancel", repo: "octo/cat", target: "j" });
  assert.ok(!outside.allowed);
  assert.equal(outside.role, "viewer");
  assert.match(outside.message, /^`cancel` on octo\/cat needs the operator role/);
});

Deno.test("policy: a user with no grant at all is told they have no role", () => {
  const only = loadPolicy(
    "grants:\n  - repos: [acme/*]\n    role: viewer\n    users: [slack:U333CCC]\n",
    "t",
  );
  const d = authorize(only, alice, { op: "analyze", repo: "acme/app" });
  assert.ok(!d.allowed);
  assert.equal(d.role, null);
  assert.equal(d.required, "viewer");
  assert.equal(
    d.message,
    "`analyze` on acme/app needs the viewer role; `slack:U111AAA` has no role there.",
  );
  // help and own status name no repository: any member may ask.
  assert.deepEqual(authorize(only, alice, { op: "help" }), {
    allowed: true,
    role: "viewer",
    required: "viewer",
  });
});

Deno.test("policy: subscriptions follow subscriptions.requireRole", () => {
  const denied = authorize(policy, alice, { op: "subscribe", repo: "acme/app" });
  assert.ok(!denied.allowed);
  assert.match(denied.message, /subscribes this conversation to CI alerts/);
  assert.equal(authorize(policy, bob, { op: "subscribe", repo: "acme/app" }).allowed, true);
});

Deno.test("a state-changing intent without a repository is denied", () => {
  for (const p of [null, policy]) {
    const d = authorize(p, bob, { op: "test", workflow: "ci.yml" });
    assert.ok(!d.allowed);
    assert.equal(
      d.message,
      "Cannot authorize `test` without a repository (it dispatches workflow runs): " +
        "the operator role is granted per repository.",
    );
    assert.equal(d.hint, "Name the repository, e.g. `test repo:owner/name`.");
  }
});

Deno.test("policy: a request without a user id matches no grant", () => {
  const d = authorize(policy, { surface: "discord" }, { op: "analyze", repo: "acme/app" });
  assert.ok(!d.allowed);
  assert.match(d.message, /carries no user id/);
  assert.doesNotMatch(d.hint, /undefined/);
});

Deno.test("the CLI acts as the local operator with its own token", () => {
  assert.deepEqual(authorize(null, { surface: "cli" }, { op: "test", repo: "acme/app" }), {
    allowed: true,
    role: "admin",
    required: "operator",
  });
});

Deno.test("the no-policy hint for an anonymous user shows a placeholder id", () => {
  const d = authorize(null, { surface: "mcp" }, { op: "test", repo: "acme/app" });
  assert.ok(!d.allowed);
  assert.match(d.hint, /users: \["github:<your user id>"\]/);
});
