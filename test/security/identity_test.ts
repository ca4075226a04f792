/**
 * Issue 12, items 2 and 3: policy identities live in distinct namespaces — `github:<login>` for
 * GitHub accounts (Copilot, MCP with a GitHub token), `mcp-key:<name>` for MCP API keys — and
 * `everyone` means members of the configured chat workspaces only.
 */
import assert from "node:assert/strict";
import { CiError } from "../../src/errors.ts";
import { loadPolicy } from "../../src/policy/load.ts";
import { roleFor } from "../../src/policy/resolve.ts";
import { startSecurityEnv, toolText } from "./identity_fixtures.ts";

const EXAMPLE = new URL("../../docs/policy.example.yml", import.meta.url);

Deno.test("old mcp: and copilot: identities are refused, saying what to write instead", () => {
  for (const old of ["mcp:release-bot", "copilot:release-bot"]) {
    const text = `grants:\n  - repos: ["acme/*"]\n    role: operator\n    users: ["${old}"]\n`;
    assert.throws(
      () => loadPolicy(text, "p.yml"),
      (error: unknown) =>
        error instanceof CiError && error.message.includes("github:release-bot") &&
        error.message.includes("mcp-key:release-bot") && error.message.includes(old),
      old,
    );
  }
});

Deno.test("the shipped example writes namespaced identities and no `mcp:` login", async () => {
  const text = await Deno.readTextFile(EXAMPLE);
  const policy = loadPolicy(text, "policy.example.yml");
  assert.doesNotMatch(text, /^\s*-\s*(mcp|copilot):/m);
  assert.equal(
    roleFor(policy, { surface: "mcp", userId: "release-bot", via: "github" }, "acme/app"),
    null,
    "a GitHub login gets nothing from the example (everyone is for chat members)",
  );
});

Deno.test("GitHub login release-bot gets nothing from an mcp-key:release-bot grant", async () => {
  const policy =
    `grants:\n  - repos: ["acme/*"]\n    role: operator\n    users: ["mcp-key:release-bot"]\n`;
  await using env = await startSecurityEnv({ MCP: "on" }, policy);
  const bot = await env.mcp("gho_releasebot");
  const test = await bot.callTool({
    name: "ci_test",
    arguments: { repo: "acme/app", workflow: "ci.yml" },
  });
  assert.equal(test.isError, true, toolText(test));
  assert.match(toolText(test), /github:release-bot/);
  assert.equal(env.github.state.dispatches.length, 0);
});

Deno.test("with the shipped example, GitHub login release-bot cannot dispatch on acme/app", async () => {
  await using env = await startSecurityEnv(
    { MCP: "on" },
    await Deno.readTextFile(EXAMPLE),
  );
  const bot = await env.mcp("gho_releasebot");
  const test = await bot.callTool({
    name: "ci_test",
    arguments: { repo: "acme/app", workflow: "ci.yml" },
  });
  assert.equal(test.isError, true, toolText(test));
  assert.equal(env.github.state.dispatches.length, 0);
});

Deno.test("`everyone` reaches chat members, not GitHub accounts or MCP keys", () => {
  const policy = loadPolicy(
    `grants:\n  - repos: ["*/*"]\n    role: operator\n    everyone: true\n`,
    "p.yml",
  );
  assert.equal(roleFor(policy, { surface: "slack", userId: "U0123ABCD" }, "acme/app"), "operator");
  assert.equal(roleFor(policy, { surface: "teams", userId: "x" }, "acme/app"), "operator");
  assert.equal(roleFor(policy, { surface: "copilot", userId: "octocat" }, "acme/app"), null);
  assert.equal(
    roleFor(policy, { surface: "mcp", userId: "octocat", via: "github" }, "acme/app"),
    null,
  );
  assert.equal(
    roleFor(policy, { surface: "mcp", userId: "api-key", via: "mcp-key" }, "acme/app"),
    null,
  );
});
