import assert from "node:assert/strict";
import { CiError } from "../../src/errors.ts";
import type { Requester } from "../../src/policy/identity.ts";
import { formatPath, loadPolicy, readPolicyFile } from "../../src/policy/load.ts";
import { roleFor } from "../../src/policy/resolve.ts";

const EXAMPLE = new URL("../../docs/policy.example.yml", import.meta.url);

function configError(fn: () => unknown): CiError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof CiError, `expected CiError, got ${error}`);
    assert.equal(error.code, "config");
    assert.match(error.hint ?? "", /docs\/policy\.md/);
    return error;
  }
  assert.fail("expected a config error");
}

Deno.test("loadPolicy reads a valid file with groups, grants and defaults", () => {
  const policy = loadPolicy(
    [
      "groups:",
      "  platform: [slack:U111AAA, discord:222222222222]",
      "grants:",
      '  - repos: ["acme/*"]',
      "    role: operator",
      "    users: [slack:T0001/U333CCC]",
      "    groups: [platform]",
      '  - repos: ["*/*"]',
      "    role: viewer",
      "    everyone: true",
    ].join("\n"),
    "policy.yml",
  );
  assert.deepEqual(policy.groups.platform.map((i) => i.text), [
    "slack:U111AAA",
    "discord:222222222222",
  ]);
  assert.equal(policy.grants.length, 2);
  assert.deepEqual(policy.grants[0].users[0], {
    namespace: "slack",
    scope: "T0001",
    id: "U333CCC",
    text: "slack:T0001/U333CCC",
  });
  assert.deepEqual(policy.grants[0].groups, ["platform"]);
  assert.equal(policy.grants[0].everyone, false);
  assert.deepEqual(policy.grants[1].users, []);
  assert.equal(policy.grants[1].everyone, true);
  assert.equal(policy.subscriptions.requireRole, "viewer");
});

Deno.test("loadPolicy lists every problem at once, each with path, line and value", () => {
  const text = [
    "groups:", // 1
    "  platform: [slack:@alice]", // 2
    "grants:", // 3
    "  - repos: [acme/*]", // 4
    "    role: operator", // 5
    "    users: [slack:U111AAA]", // 6
    "  - repos: [acme/app]", // 7
    "    role: superuser", // 8
    "    groups: [plat]", // 9
    "  - repos: [acme]", // 10
    "    role: viewer", // 11
    "    everyone: yes please", // 12
    "  - repos: [acme/app]", // 13
    "    role: viewer", // 14
    "subscriptions:", // 15
    "  requireRole: admin", // 16
    "  channel: x", // 17
  ].join("\n");
  const error = configError(() => loadPolicy(text, "/etc/ci/policy.yml"));
  const lines = error.message.split("\n");
  assert.equal(lines[0], "Invalid policy file /etc/ci/policy.yml:");
  const problems = lines.slice(1).map((l) => l.replace(/^ {2}- /, ""));
  const expected = [
    "groups.platform[0] (line 2): must be a Slack member id like slack:U0123ABCD, or " +
    "slack:T0123ABCD/U0123ABCD for one workspace (current value 'slack:@alice')",
    "grants[1].role (line 8): must be one of viewer, operator, admin (current value 'superuser')",
    "grants[2].repos[0] (line 10): must be a glob like acme/*, acme/app or */* (owner/name, * for " +
    "any part) (current value 'acme')",
    "grants[2].everyone (line 12): must be true or false (current value 'yes please')",
    "subscriptions.channel (line 17): unknown key (allowed here: requireRole)",
    "grants[1].groups[0] (line 9): names group 'plat', which is not defined under groups " +
    "(defined: platform)",
    "grants[3] (line 13): grants its role to nobody: add users, groups or everyone: true",
  ];
  assert.deepEqual(problems.toSorted(), expected.toSorted());
});

Deno.test("loadPolicy reads organisation-wide matrix presets as written", () => {
  const policy = loadPolicy(
    [
      "grants: []",
      "presets:",
      "  quick:",
      "    python-version: [3.10, 3.12]",
      "  full:",
      "    os: [ubuntu-latest, macos-latest]",
      "    exclude:",
      "      - { os: macos-latest }",
    ].join("\n"),
    "p.yml",
  );
  assert.deepEqual(policy.presets.get("quick")?.dimensions, { "python-version": ["3.10", "3.12"] });
  assert.deepEqual(policy.presets.get("full")?.exclude, [{ os: "macos-latest" }]);
  assert.equal(policy.presets.get("full")?.source, "p.yml");
  assert.equal(loadPolicy("grants: []\n", "p.yml").presets.size, 0);
});

Deno.test("preset problems are listed together with the policy's own", () => {
  const error = configError(() =>
    loadPolicy(
      "grants:\n  - repos: [acme]\n    role: viewer\n    everyone: true\npresets:\n  quick: {}\n",
      "p.yml",
    )
  );
  const problems = error.message.split("\n").slice(1);
  assert.equal(problems.length, 2);
  assert.match(problems[0], /grants\[0\]\.repos\[0\] \(line 2\): must be a glob/);
  assert.match(
    problems[1],
    /presets\.quick \(line 6\): a preset needs a dimension or an include list/,
  );
});

Deno.test("loadPolicy rejects unknown keys at every level and names the allowed ones", () => {
  const error = configError(() =>
    loadPolicy(
      "grant:\n  - x\ngrants:\n  - repos: [a/b]\n    rol: viewer\n    role: viewer\n    everyone: true\n",
      "p.yml",
    )
  );
  assert.match(
    error.message,
    /grant \(line 1\): unknown key \(allowed here: groups, grants, subscriptions, pullRequests, presets\)/,
  );
  assert.match(
    error.message,
    /grants\[0\]\.rol \(line 5\): unknown key \(allowed here: repos, role, users, groups, everyone\)/,
  );
});

Deno.test("loadPolicy reports missing and wrongly typed sections", () => {
  const missing = configError(() => loadPolicy("groups: {}\n", "p.yml"));
  assert.match(missing.message, /grants \(line 1\): is required/);
  const noRole = configError(() =>
    loadPolicy("grants:\n  - repos: [a/b]\n    everyone: true\n", "p")
  );
  assert.match(noRole.message, /grants\[0\]\.role \(line 2\): is required/);
  const wrongType = configError(() =>
    loadPolicy("grants:\n  - repos: acme/*\n    role: viewer\n    everyone: true\n", "p.yml")
  );
  assert.match(
    wrongType.message,
    /grants\[0\]\.repos \(line 2\): must be a list, e.g\. \[acme\/\*\] \(current value 'acme\/\*'\)/,
  );
  const badGroupName = configError(() =>
    loadPolicy("groups:\n  release team: [mcp:bot]\ngrants: []\n", "p.yml")
  );
  assert.match(badGroupName.message, /groups\["release team"\] \(line 2\): must be a group name/);
  const empty = configError(() => loadPolicy("# nothing yet\n", "p.yml"));
  assert.match(empty.message, /the file is empty/);
  const scalar = configError(() => loadPolicy("just text\n", "p.yml"));
  assert.match(
    scalar.message,
    /\(top level\) \(line 1\): must be a mapping of keys to values \(current value 'just text'\)/,
  );
});

Deno.test("loadPolicy turns YAML syntax errors into config errors with their line", () => {
  const error = configError(() =>
    loadPolicy("grants:\n  - repos: [acme/*\n    role: viewer\n", "p.yml")
  );
  assert.match(
    error.message,
    /^Invalid policy file p\.yml:\n {2}- line \d+, column \d+: YAML error: /,
  );
  const duplicate = configError(() => loadPolicy("grants: []\ngrants: []\n", "p.yml"));
  assert.match(duplicate.message, /line 2, column 1: YAML error: Map keys must be unique/);
});

Deno.test("loadPolicy explains an unquoted */* glob instead of an alias error", () => {
  const error = configError(() =>
    loadPolicy(
      "grants:\n  - repos:\n      - acme/app\n      - */*\n    role: viewer\n    everyone: true\n",
      "p.yml",
    )
  );
  assert.equal(
    error.message,
    "Invalid policy file p.yml:\n  - line 4: '*/*' is read as a YAML alias: quote globs that " +
      'start with * (write "*/*")',
  );
});

Deno.test("loadPolicy refuses alias bombs and oversized files", () => {
  const bomb = [
    "a: &a [x, x, x, x, x, x, x, x, x, x]",
    "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]",
    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]",
    "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]",
    "grants: [*d]",
  ].join("\n");
  assert.match(configError(() => loadPolicy(bomb, "p.yml")).message, /YAML refused/);
  const huge = `grants: []\n# ${"x".repeat(300 * 1024)}\n`;
  assert.match(configError(() => loadPolicy(huge, "p.yml")).message, /the limit is 262144/);
});

Deno.test("identities are validated per surface and normalised where case does not matter", () => {
  const policy = loadPolicy(
    [
      "grants:",
      "  - repos: [acme/app]",
      "    role: viewer",
      "    users:",
      "      - teams:6F1A3C2E-8D4B-4F7A-9C1E-2B3D4E5F6A7B",
      "      - github:OctoCat",
      "      - mcp-key:release-bot",
      "      - discord:1234567/80351110224678912",
    ].join("\n"),
    "p.yml",
  );
  assert.deepEqual(policy.grants[0].users.map((u) => [u.namespace, u.scope, u.id]), [
    ["teams", undefined, "6f1a3c2e-8d4b-4f7a-9c1e-2b3d4e5f6a7b"],
    ["github", undefined, "octocat"],
    ["mcp-key", undefined, "release-bot"],
    ["discord", "1234567", "80351110224678912"],
  ]);
  const error = configError(() =>
    loadPolicy(
      [
        "grants:",
        "  - repos: [acme/app]",
        "    role: viewer",
        "    users: [U123ABC, irc:bob, teams:bob, discord:@bob, slack:T01/, cli:me]",
      ].join("\n"),
      "p.yml",
    )
  );
  const problems = error.message.split("\n").slice(1);
  assert.equal(problems.length, 6);
  assert.match(
    problems[0],
    /users\[0\].*namespace:id with namespace one of slack, discord, teams, github, mcp-key/,
  );
  assert.match(problems[1], /users\[1\].*current value 'irc:bob'/);
  assert.match(problems[2], /users\[2\].*Microsoft Entra object id/);
  assert.match(problems[3], /users\[3\].*Discord user id/);
  assert.match(problems[4], /users\[4\].*Slack member id/);
  assert.match(problems[5], /users\[5\].*current value 'cli:me'/);
});

Deno.test("the example policy in docs loads and grants what its comments say", async () => {
  const policy = await readPolicyFile(EXAMPLE.pathname);
  const role = (who: Requester, repo: string) => roleFor(policy, who, repo);
  const platform = { surface: "slack" as const, userId: "U0123PLATF", teamId: "T9" };
  const alex = { surface: "slack" as const, userId: "U0456ALEX", teamId: "T0123ACME" };
  const key = { surface: "mcp" as const, userId: "api-key", via: "mcp-key" as const };
  const login = { surface: "mcp" as const, userId: "api-key", via: "github" as const };
  const stranger = { surface: "discord" as const, userId: "11111111111" };
  assert.equal(role(platform, "acme/app"), "admin");
  assert.equal(role(platform, "octo/cat"), "viewer");
  assert.equal(role(alex, "acme/web"), "operator");
  assert.equal(role({ ...alex, teamId: "T0OTHER" }, "acme/web"), "viewer");
  assert.equal(role(key, "acme/release-2026"), "operator");
  assert.equal(role(key, "acme/web"), null, "everyone is chat members only");
  assert.equal(role(login, "acme/release-2026"), null, "a GitHub login is not the key");
  assert.equal(role({ surface: "copilot", userId: "OctoCat" }, "acme/app"), "operator");
  assert.equal(role({ surface: "mcp", userId: "octocat" }, "acme/app"), "operator");
  assert.equal(role(stranger, "acme/app"), "viewer");
  assert.equal(policy.subscriptions.requireRole, "viewer");
  assert.deepEqual([...policy.presets.keys()], ["quick", "full"]);
});

Deno.test("readPolicyFile explains a missing file without reading anything else", async () => {
  const path = `${await Deno.makeTempDir()}/absent.yml`;
  try {
    await readPolicyFile(path);
    assert.fail("expected an error");
  } catch (error) {
    assert.ok(error instanceof CiError);
    assert.equal(error.code, "config");
    assert.equal(
      error.message,
      `Cannot read the policy file '${path}' (POLICY_FILE): no such file`,
    );
  }
});

Deno.test("formatPath writes JavaScript-like paths", () => {
  assert.equal(formatPath(["grants", 2, "repos", 0]), "grants[2].repos[0]");
  assert.equal(formatPath(["groups", "release team"]), 'groups["release team"]');
  assert.equal(formatPath([]), "");
});
