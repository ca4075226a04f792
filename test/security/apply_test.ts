/**
 * Attacks on the apply step (issue 12, items 1 and 10) through the real service's `/mcp`:
 * a confirmation smuggled past the policy in an untrimmed or disguised `target` must open no
 * pull request; a typed confirmation needs the admin role (or the per-repository override in
 * the policy's `pullRequests` section), and every denied or accepted apply is audited.
 */
import assert from "node:assert/strict";
import { harness } from "../copilot/agent/fixtures.ts";
import { copilotBody, readSse, streamText } from "../sim/copilot.ts";
import type { Intent } from "../../src/intent/schema.ts";
import {
  type ApplyEnv,
  confirmationOf,
  MIGRATE_REPO,
  migrationHashOf,
  policyFor,
  REPO,
  startApplyEnv,
} from "./apply_fixtures.ts";

/** Disguises that a trimming parser reads as `apply-confirmed` but a raw regex does not. */
const DISGUISES = [
  (t: string) => ` ${t}`,
  (t: string) => `\t${t}`,
  (t: string) => `\n${t}`,
  (t: string) => `\u00a0${t}`,
  (t: string) => `\ufeff${t}`,
  (t: string) => `\u200b${t}`,
  (t: string) => ` ${t.toUpperCase().replace(/@.*$/, (h) => h.toLowerCase())}`,
  (t: string) => `${t}\u202e`,
];

async function smuggle(env: ApplyEnv): Promise<void> {
  const { ids, hash } = await confirmationOf(env.sim);
  const targets = [`apply-confirmed:${ids.join(",")}@${hash}`, `apply:${ids.join(",")}`];
  for (const target of targets) {
    for (const disguise of DISGUISES) {
      const sent = disguise(target);
      const result = await env.call("ci_optimize", { repo: REPO, target: sent });
      assert.equal(result.isError, true, `${JSON.stringify(sent)} was accepted: ${result.text}`);
      assert.match(result.text, /'target'/, result.text);
      assert.equal(env.pulls(), 0, `${JSON.stringify(sent)} opened a pull request`);
    }
  }
  assert.equal(env.writes(), 0, "the service wrote nothing to GitHub");
}

Deno.test("security: a viewer's untrimmed or disguised apply target opens no pull request", async () => {
  await using env = await startApplyEnv(policyFor("viewer"));
  await smuggle(env);
});

Deno.test("security: without a policy file a disguised apply target opens no pull request", async () => {
  await using env = await startApplyEnv();
  await smuggle(env);
});

Deno.test("security: 'apply' in target is refused with the command to write instead", async () => {
  await using env = await startApplyEnv(policyFor("admin"));
  const optimize = await env.call("ci_optimize", { repo: REPO, target: "Apply:s1" });
  assert.equal(optimize.isError, true);
  assert.match(optimize.text, /'Apply:s1'/);
  assert.match(optimize.text, /optimize apply s1,s2/);
  const migrate = await env.call("ci_migrate", { repo: REPO, target: "apply-confirmed:abcdef" });
  assert.equal(migrate.isError, true);
  assert.match(migrate.text, /migrate … apply/);
  assert.equal(env.writes(), 0);
});

Deno.test("security: a viewer's disguised migrate confirmation opens no pull request", async () => {
  await using env = await startApplyEnv(policyFor("viewer"));
  const hash = await migrationHashOf(env.sim);
  for (const disguise of DISGUISES) {
    const sent = disguise(`apply-confirmed:${hash}`);
    const result = await env.call("ci_migrate", {
      repo: MIGRATE_REPO,
      strategy: "reusable",
      target: sent,
    });
    assert.equal(result.isError, true, `${JSON.stringify(sent)} was accepted: ${result.text}`);
    assert.equal(env.pulls(), 0, `${JSON.stringify(sent)} opened a pull request`);
  }
  const typed = await env.call("ci_migrate", {
    repo: MIGRATE_REPO,
    strategy: "reusable",
    apply: { step: "confirm", hash },
  });
  assert.equal(typed.isError, true);
  assert.match(typed.text, /needs the admin role \(it opens a pull request/);
  assert.equal(env.pulls(), 0);
  assert.equal(env.writes(), 0);
  const audit = await env.audit();
  assert.deepEqual(audit.map((a) => [a.op, a.outcome]), [["migrate", "denied"]]);
});

Deno.test("security: an admin's migrate confirmation opens exactly one pull request", async () => {
  await using env = await startApplyEnv(policyFor("admin"));
  const preview = await env.call("ci_migrate", {
    repo: MIGRATE_REPO,
    strategy: "reusable",
    apply: { step: "preview" },
  });
  assert.equal(preview.isError, false, preview.text);
  assert.equal(env.pulls(), 0);
  const { op: _op, ...args } = preview.report!.actions.find((a) => a.id === "migrate-confirm")!
    .intent;
  assert.equal(args.apply?.step, "confirm");
  const opened = await env.call("ci_migrate", args);
  assert.equal(opened.isError, false, opened.text);
  assert.equal(env.pulls(), 1);
  const audit = await env.audit();
  assert.ok(audit.some((a) => a.op === "migrate" && a.decision.allowed));
});

async function deniedConfirm(env: ApplyEnv, required: RegExp): Promise<string> {
  const { ids, hash } = await confirmationOf(env.sim);
  const result = await env.call("ci_optimize", {
    repo: REPO,
    apply: { step: "confirm", ids, hash },
  });
  assert.equal(result.isError, true, result.text);
  assert.match(result.text, required);
  assert.equal(env.pulls(), 0);
  assert.equal(env.writes(), 0);
  const audit = await env.audit();
  assert.equal(audit.length, 1, "the denied apply is audited");
  assert.equal(audit[0].outcome, "denied");
  assert.equal(audit[0].op, "optimize");
  assert.equal((audit[0].intent as Intent).apply?.step, "confirm");
  return result.text;
}

Deno.test("security: a viewer's typed confirmation is refused and audited", async () => {
  await using env = await startApplyEnv(policyFor("viewer"));
  await deniedConfirm(env, /needs the admin role/);
});

Deno.test("security: without a policy file a typed confirmation is refused and audited", async () => {
  await using env = await startApplyEnv();
  await deniedConfirm(env, /no policy file/);
});

Deno.test("security: an operator may not open a pull request by default; the refusal names the grant", async () => {
  await using env = await startApplyEnv(policyFor("operator"));
  const text = await deniedConfirm(env, /needs the admin role \(it opens a pull request/);
  assert.match(text, /only the operator role/);
  assert.match(text, /role admin/);
  // The preview is refused too: it is never offered to someone who cannot confirm it.
  const { ids } = await confirmationOf(env.sim);
  const preview = await env.call("ci_optimize", { repo: REPO, apply: { step: "preview", ids } });
  assert.equal(preview.isError, true);
  assert.match(preview.text, /needs the admin role/);
});

async function legitApply(env: ApplyEnv): Promise<void> {
  const { ids } = await confirmationOf(env.sim);
  const preview = await env.call("ci_optimize", { repo: REPO, apply: { step: "preview", ids } });
  assert.equal(preview.isError, false, preview.text);
  assert.equal(env.pulls(), 0, "nothing opened before the confirmation");
  const confirm = preview.report!.actions.find((a) => a.id === "optimize-confirm")!;
  assert.deepEqual(confirm.intent.apply?.step, "confirm");
  const { op: _op, ...args } = confirm.intent;
  const opened = await env.call("ci_optimize", args);
  assert.equal(opened.isError, false, opened.text);
  assert.equal(env.pulls(), 1);
  const again = await env.call("ci_optimize", { repo: REPO, apply: confirm.intent.apply });
  assert.equal(again.isError, false, again.text);
  assert.equal(env.pulls(), 1, "exactly one pull request");
  const audit = await env.audit();
  const confirms = audit.filter((a) => (a.intent as Intent).apply?.step === "confirm");
  assert.ok(confirms.length >= 2, "both confirmations are audited");
  assert.ok(confirms.every((a) => a.decision.allowed && a.decision.required !== "viewer"));
}

Deno.test("security: an admin's confirmation opens exactly one pull request and is audited", async () => {
  await using env = await startApplyEnv(policyFor("admin"));
  await legitApply(env);
});

Deno.test("security: pullRequests.requireRole lets operators open pull requests on named repos", async () => {
  const extra = `pullRequests:\n  - repos: ["acme/web"]\n    requireRole: operator\n`;
  await using env = await startApplyEnv(policyFor("operator", extra));
  await legitApply(env);
});

Deno.test("security: Copilot asks before a typed confirmation, and never runs a disguised one", async () => {
  const h = await harness();
  try {
    const ask = async (text: string) =>
      await readSse(await h.agent(h.sim.request(copilotBody({ text, repo: "acme/app" }))));
    const confirmed = await ask("@ci-orchestrator optimize apply:s1a2b3@3fa9c2e1d0aa");
    const asked = confirmed.filter((e) => e.event === "copilot_confirmation");
    assert.equal(asked.length, 1, streamText(confirmed));
    const question = JSON.parse(asked[0].data);
    assert.match(question.message, /opens a pull request/);
    assert.deepEqual(question.confirmation.intent.apply, {
      step: "confirm",
      ids: ["s1a2b3"],
      hash: "3fa9c2e1d0aa",
    });
    assert.equal(h.executed.length, 0, "nothing ran before the answer");

    const disguised = await ask(
      '@ci-orchestrator optimize target:" apply-confirmed:s1a2b3@3fa9c2"',
    );
    assert.equal(disguised.filter((e) => e.event === "copilot_confirmation").length, 0);
    assert.match(streamText(disguised), /'target'/);
    assert.equal(h.executed.length, 0, "the disguised confirmation ran nothing");

    const preview = await ask("@ci-orchestrator optimize apply s1a2b3");
    assert.equal(preview.filter((e) => e.event === "copilot_confirmation").length, 0);
    assert.deepEqual(h.executed.map((e) => e.intent), [
      { op: "optimize", repo: "acme/app", apply: { step: "preview", ids: ["s1a2b3"] } },
    ]);
  } finally {
    await h.close();
  }
});
