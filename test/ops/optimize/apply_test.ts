import assert from "node:assert/strict";
import { CiError } from "../../../src/errors.ts";
import { planApply } from "../../../src/ops/optimize/apply.ts";
import { applicable, type Estimate, type Suggestion } from "../../../src/ops/optimize/model.ts";
import { suggest } from "../../../src/ops/optimize/suggest.ts";
import { retrying } from "../../../src/workflow/actionlint/checker.ts";
import type { Actionlint } from "../../../src/ops/pull_requests/validate.ts";
import { NODE_CI as WF } from "./workflow_fixture.ts";

const CI = ".github/workflows/ci.yml";
const LINT = ".github/workflows/lint.yml";
const files = [
  { path: CI, content: WF },
  { path: LINT, content: WF.replace("name: CI", "name: Lint").replace("npm test", "npm run lint") },
];
const noErrors: Actionlint = () => [];

function suggestions(): Suggestion[] {
  return suggest({ files, rootFiles: new Set(["package-lock.json"]) });
}
const pick = (list: Suggestion[], file: string, ruleId: string) => {
  const s = list.find((x) => x.file === file && x.ruleId === ruleId && applicable(x));
  assert.ok(s, `an applicable ${ruleId} in ${file}: ${list.map((x) => x.ruleId).join(", ")}`);
  return s;
};
const fmt = (n: number) => (n >= 10 ? String(Math.round(n)) : n.toFixed(1).replace(/\.0$/, ""));
const checklistLines = (body: string) => body.split("\n").filter((l) => /^- \[x\] \*\*/.test(l));

Deno.test("one chosen suggestion: the change is exactly its patch and the checklist names only it", async () => {
  const list = suggestions();
  const cache = pick(list, CI, "setup-without-cache");
  const plan = await planApply(list, files, [cache.id], noErrors);
  assert.deepEqual(plan.changes.map((c) => c.path), [CI]);
  assert.equal(plan.changes[0].after, cache.patched, "no other suggestion's edit");
  assert.equal(plan.title, `ci: ${cache.title.replaceAll("`", "")}`);
  const lines = checklistLines(plan.body);
  assert.equal(lines.length, 1);
  assert.ok(lines[0].startsWith(`- [x] **${cache.id}** ${cache.title} — \`${CI}:${cache.line}\``));
  assert.match(lines[0], / — not estimated: /);
  assert.match(plan.body, /Saving: not estimated — no change here has a saving measured/);
  assert.match(plan.body, new RegExp(`- \\[x\\] \`${CI}\` parses after the change\\.`));
  assert.match(plan.body, /our rules no longer report what s\w+ fixes \(setup-without-cache\)/);
  assert.match(
    plan.body,
    /- \[x\] `\.github\/workflows\/ci\.yml`: actionlint reports no new error/,
  );
});

Deno.test("several across files: one line each, only measured savings summed, no total in the title", async () => {
  const list = suggestions();
  const cache = pick(list, CI, "setup-without-cache");
  const depth = pick(list, CI, "unneeded-fetch-depth");
  const conc = pick(list, LINT, "missing-concurrency");
  const measured = (minutes: number, low: number, high: number): Estimate => ({
    minutesPerWeek: minutes,
    measured: true,
    assumption: `${minutes} min measured from 40 runs`,
    range: { low, high },
  });
  cache.estimate = measured(4.2, 3, 5.5);
  conc.estimate = measured(8, 6, 10);
  const plan = await planApply(list, files, [cache.id, conc.id, depth.id]);
  assert.deepEqual(plan.changes.map((c) => c.path), [CI, LINT]);
  assert.equal(plan.title, "ci: 3 workflow optimizations", "no total from a not-estimated change");
  const lines = checklistLines(plan.body);
  assert.deepEqual(lines.map((l) => /\*\*(\S+)\*\*/.exec(l)![1]), [cache.id, conc.id, depth.id]);
  assert.match(
    lines[0],
    /— ~4\.2 min\/week \(3–5\.5\), measured: 4\.2 min measured from 40 runs\.$/,
  );
  assert.match(
    lines[1],
    new RegExp(`\`${LINT}:${conc.line}\` — ~8 min/week \\(6–10\\), measured`),
  );
  assert.match(lines[2], / — not estimated: /);
  const total = cache.estimate.minutesPerWeek + conc.estimate.minutesPerWeek;
  assert.ok(
    plan.body.includes(
      `Measured saving: ~${fmt(total)} runner min/week (range ${fmt(3 + 6)}–${fmt(5.5 + 10)}) ` +
        "for 2 of 3 changes; the rest are not estimated and not counted.",
    ),
    plan.body,
  );
  // Without actionlint the check is shown as not made.
  assert.match(plan.body, /- \[ \] `\.github\/workflows\/lint\.yml`: actionlint was not run/);
  const after = plan.changes[0].after;
  assert.match(after, /cache: npm/);
  assert.doesNotMatch(after, /fetch-depth: 0/);
  assert.doesNotMatch(after, /cancel-in-progress/, "ci.yml's concurrency was not chosen");
  assert.match(plan.changes[1].after, /cancel-in-progress/);
  assert.doesNotMatch(plan.changes[1].after, /cache: npm/);
});

Deno.test("the title states a total only when every chosen change was measured", async () => {
  const list = suggestions();
  const a = pick(list, CI, "setup-without-cache");
  const b = pick(list, LINT, "setup-without-cache");
  a.estimate = { minutesPerWeek: 6.5, measured: true, assumption: "measured" };
  b.estimate = { minutesPerWeek: 5, measured: true, assumption: "measured" };
  const plan = await planApply(list, files, [a.id, b.id], noErrors);
  const total = a.estimate.minutesPerWeek + b.estimate.minutesPerWeek;
  assert.equal(plan.title, `ci: 2 workflow optimizations (~${fmt(total)} runner min/week)`);
  assert.match(plan.body, /Measured saving: ~12 runner min\/week\./);

  b.estimate = { minutesPerWeek: 0, measured: false, assumption: "no run history" };
  const assumed = await planApply(list, files, [a.id, b.id], noErrors);
  assert.equal(assumed.title, "ci: 2 workflow optimizations");
  assert.match(
    assumed.body,
    new RegExp(`\\*\\*${b.id}\\*\\* .* — not estimated: no run history\\.`),
  );
  assert.match(assumed.body, /Measured saving: ~6\.5 runner min\/week for 1 of 2 changes/);
});

Deno.test("repeated ids count once; no ids, unknown ids and manual ones are refused", async () => {
  const list = suggestions();
  const cache = pick(list, CI, "setup-without-cache");
  const once = await planApply(list, files, [cache.id], noErrors);
  const twice = await planApply(list, files, [cache.id, cache.id], noErrors);
  assert.equal(twice.changes[0].after, once.changes[0].after);
  assert.equal(twice.branch, once.branch);
  assert.equal(checklistLines(twice.body).length, 1);

  await assert.rejects(
    planApply(list, files, []),
    (e) => e instanceof CiError && e.code === "bad_request" && /no suggestion ids/.test(e.message),
  );
  await assert.rejects(
    planApply(list, files, ["snope1"]),
    (e) => e instanceof CiError && e.code === "not_found" && /snope1/.test(e.message),
  );
  const manual = list.find((s) => !applicable(s))!;
  await assert.rejects(
    planApply(list, files, [cache.id, manual.id]),
    (e) => e instanceof CiError && e.code === "bad_request" && e.message.includes(manual.id),
  );
});

Deno.test("with the checker's retry, an actionlint crash is retried once; a second is an upstream error", async () => {
  const list = suggestions();
  const cache = pick(list, CI, "setup-without-cache");
  let calls = 0;
  const flaky: Actionlint = () => {
    calls++;
    if (calls === 1) throw new Error("RuntimeError: unreachable");
    return [];
  };
  const plan = await planApply(list, files, [cache.id], retrying(flaky));
  assert.equal(plan.changes.length, 1);
  assert.equal(calls, 3, "before (crash, retry) and after");

  const broken: Actionlint = () => {
    throw new Error("RuntimeError: unreachable");
  };
  await assert.rejects(
    planApply(list, files, [cache.id], retrying(broken)),
    (e) =>
      e instanceof CiError && e.code === "upstream" && /failed twice on .*ci\.yml/.test(e.message),
  );
});
