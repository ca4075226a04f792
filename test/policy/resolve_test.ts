import assert from "node:assert/strict";
import { identityMatches, parseIdentity } from "../../src/policy/identity.ts";
import { roleFor } from "../../src/policy/resolve.ts";
import { loadPolicy } from "../../src/policy/load.ts";

const policy = loadPolicy(
  `
groups:
  platform: [slack:U111AAA, discord:222222222222]
  leads: [slack:T0001/U999ZZZ]
grants:
  - repos: ["*/*"]
    role: viewer
    everyone: true
  - repos: ["acme/*"]
    role: operator
    users: [slack:U333CCC]
  - repos: ["acme/app", "acme/lib"]
    role: operator
    groups: [platform]
  - repos: ["acme/app"]
    role: admin
    groups: [leads]
  - repos: ["secret/*"]
    role: operator
    users: [github:deployer]
`,
  "test",
);

Deno.test("roleFor: a direct user grant on a matching glob", () => {
  assert.equal(roleFor(policy, { surface: "slack", userId: "U333CCC" }, "acme/tools"), "operator");
  assert.equal(roleFor(policy, { surface: "slack", userId: "U333CCC" }, "ACME/Tools"), "operator");
});

Deno.test("roleFor: a group grant applies to its members on its repositories only", () => {
  assert.equal(
    roleFor(policy, { surface: "discord", userId: "222222222222" }, "acme/lib"),
    "operator",
  );
  assert.equal(
    roleFor(policy, { surface: "discord", userId: "222222222222" }, "acme/web"),
    "viewer",
  );
});

Deno.test("roleFor: everyone gives the floor role to any identified user", () => {
  assert.equal(roleFor(policy, { surface: "teams", userId: "someone" }, "octo/cat"), "viewer");
  assert.equal(roleFor(policy, { surface: "slack" }, "octo/cat"), null);
});

Deno.test("roleFor: the highest matching role wins", () => {
  const lead = { surface: "slack" as const, userId: "U999ZZZ", teamId: "T0001" };
  assert.equal(roleFor(policy, lead, "acme/app"), "admin");
  assert.equal(roleFor(policy, lead, "acme/lib"), "viewer");
});

Deno.test("roleFor: a workspace-scoped identity matches only in that workspace", () => {
  assert.equal(
    roleFor(policy, { surface: "slack", userId: "U999ZZZ", teamId: "T0002" }, "acme/app"),
    "viewer",
  );
  assert.equal(roleFor(policy, { surface: "slack", userId: "U999ZZZ" }, "acme/app"), "viewer");
});

Deno.test("roleFor: no matching grant gives null", () => {
  const strict = loadPolicy(
    "grants:\n  - repos: [acme/app]\n    role: operator\n    users: [slack:U333CCC]\n",
    "t",
  );
  assert.equal(roleFor(strict, { surface: "slack", userId: "U333CCC" }, "acme/other"), null);
  assert.equal(roleFor(strict, { surface: "slack", userId: "U444DDD" }, "acme/app"), null);
  // Same id on another surface is another person.
  assert.equal(roleFor(strict, { surface: "discord", userId: "U333CCC" }, "acme/app"), null);
});

Deno.test("roleFor without a repository gives the strongest role anywhere", () => {
  assert.equal(roleFor(policy, { surface: "mcp", userId: "deployer" }), "operator");
  // `everyone` (viewer on */*) is chat workspace members; a GitHub account gets roles by name.
  assert.equal(roleFor(policy, { surface: "mcp", userId: "deployer" }, "acme/app"), null);
});

Deno.test("identityMatches folds case only where the platform does", () => {
  const teams = parseIdentity("teams:6F1A3C2E-8D4B-4F7A-9C1E-2B3D4E5F6A7B");
  const copilot = parseIdentity("github:OctoCat");
  const slack = parseIdentity("slack:U333CCC");
  assert.ok(teams.ok && copilot.ok && slack.ok);
  assert.equal(
    identityMatches(teams.identity, {
      surface: "teams",
      userId: "6f1a3c2e-8d4b-4f7a-9c1e-2b3d4e5f6a7b",
    }),
    true,
  );
  assert.equal(identityMatches(copilot.identity, { surface: "copilot", userId: "octocat" }), true);
  assert.equal(identityMatches(slack.identity, { surface: "slack", userId: "u333ccc" }), false);
});
