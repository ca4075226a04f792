/**
 * optimize on the GitHub simulator's history, with real workflow files from the corpus: every
 * number is recomputed here, independently, from the runs this test plants.
 */
import assert from "node:assert/strict";
import { loadChecker as createLinter } from "../../../src/workflow/actionlint/checker.ts";
import { memoryLogger } from "../../../src/log.ts";
import { BUILD, MIN, NOW, PLANTED, TESTS, world } from "./sim_world.ts";
import { createOptimize } from "../../../src/ops/optimize/mod.ts";
import { collectRepoHistory } from "../../../src/ops/history/collect.ts";
import { suggest } from "../../../src/ops/optimize/suggest.ts";
import { measuredTotal } from "../../../src/ops/optimize/totals.ts";
import { checkPatch } from "../../../src/ops/optimize/check.ts";
import type { Suggestion } from "../../../src/ops/optimize/model.ts";
import { lintFile } from "../../../src/workflow/lint.ts";

// The sampled window: optimize reads 30 days back from now.
const WEEKS = 30 / 7;
const round1 = (n: number) => Math.round(n * 10) / 10;

/** What this test expects superseded pull-request runs to have used, from PLANTED alone. */
function expectedSupersededMs(): { count: number; ms: number } {
  let count = 0;
  let ms = 0;
  const prs = PLANTED.filter((p) => p.event === "pull_request");
  for (const run of prs) {
    const end = Math.max(...run.jobs.map((j) => run.created + j.start + j.ms));
    const newer = prs.filter((n) =>
      n.branch === run.branch && n.sha !== run.sha && n.created > run.created && n.created < end
    ).sort((a, b) =>
      a.created - b.created
    )[0];
    if (!newer) continue;
    count++;
    for (const j of run.jobs) {
      const start = run.created + j.start;
      ms += Math.max(0, start + j.ms - Math.max(start, newer.created));
    }
  }
  return { count, ms };
}

/** R type-7 quantile, written out here rather than imported. */
function type7(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  const h = (s.length - 1) * p;
  const lo = Math.floor(h);
  return s[lo] + (h - lo) * ((s[Math.ceil(h)] ?? s[lo]) - s[lo]);
}

/** Successful `build` durations of every run in the simulator, read back through the API. */
async function buildDurations(env: Awaited<ReturnType<typeof world>>): Promise<number[]> {
  const runs = await env.provider.listRuns("acme/app", { workflow: "ci.yml", limit: 100 });
  const out: number[] = [];
  for (const run of runs) {
    for (const job of await env.provider.listJobs("acme/app", run.id)) {
      if (job.name === "build" && job.conclusion === "success") {
        out.push(Date.parse(job.completedAt!) - Date.parse(job.startedAt!));
      }
    }
  }
  return out;
}

async function suggestionsOf(env: Awaited<ReturnType<typeof world>>) {
  const history = await collectRepoHistory(env.provider, "acme/app", {
    since: new Date(NOW.getTime() - 30 * 86_400_000).toISOString(),
    now: () => NOW,
    logExcerpts: 0,
  });
  const actionlint = await createLinter();
  const files = [
    { path: ".github/workflows/ci.yml", content: TESTS },
    { path: ".github/workflows/build.yml", content: BUILD },
  ];
  return { files, actionlint, list: suggest({ files, history, rootFiles: "unknown", actionlint }) };
}

const by = (list: Suggestion[], rule: string, file: string, job?: string) =>
  list.find((s) => s.ruleId === rule && s.file === file && (job === undefined || s.job === job));

Deno.test("sim history: the total is the sum of the measured savings recomputed from the runs", async () => {
  await using env = await world();
  const { list } = await suggestionsOf(env);
  const sup = expectedSupersededMs();
  assert.equal(sup.count, 2);
  assert.equal(sup.ms, 2.25 * MIN + 2.5 * MIN);
  const concurrency = by(list, "missing-concurrency", ".github/workflows/ci.yml")!;
  assert.equal(concurrency.estimate.measured, true);
  assert.equal(concurrency.estimate.minutesPerWeek, round1(sup.ms / MIN / WEEKS));
  assert.match(
    concurrency.estimate.assumption,
    new RegExp(`from ${40 + PLANTED.length} runs over 30 days: 2 superseded runs`),
  );
  const range = concurrency.estimate.range!;
  assert.ok(range.low < concurrency.estimate.minutesPerWeek, JSON.stringify(range));
  assert.ok(range.high > concurrency.estimate.minutesPerWeek, JSON.stringify(range));

  const durations = await buildDurations(env);
  const timeout = Math.max(
    Math.ceil(type7(durations, 0.99) / MIN * 1.5),
    Math.ceil(Math.max(...durations) / MIN),
    10,
  );
  const hang = by(list, "missing-timeout", ".github/workflows/ci.yml", "build")!;
  assert.equal(hang.estimate.measured, true);
  assert.equal(hang.estimate.minutesPerWeek, round1((75 - timeout) / WEEKS));

  // Independently: only these two are measured (build.yml has no runs; cache/pin are not).
  const measured = list.filter((s) => s.estimate.measured);
  assert.deepEqual(measured.map((s) => s.id).sort(), [concurrency.id, hang.id].sort());
  const expected = round1(round1(sup.ms / MIN / WEEKS) + round1((75 - timeout) / WEEKS));
  assert.equal(measuredTotal(list), expected);

  // (f) nothing not estimated enters the total, and it says so.
  for (const s of list.filter((s) => !s.estimate.measured)) {
    assert.equal(s.estimate.minutesPerWeek, 0, s.title);
    assert.match(s.estimate.assumption, /^not estimated: /, s.title);
    assert.equal(s.estimate.range, undefined, s.title);
  }
});

Deno.test("sim history: timeouts are max(ceil(p99 × 1.5), observed max, 10); no history, no patch", async () => {
  await using env = await world();
  const { list } = await suggestionsOf(env);
  const durations = await buildDurations(env);
  const p99 = type7(durations, 0.99);
  const expected = Math.max(
    Math.ceil(p99 / MIN * 1.5),
    Math.ceil(Math.max(...durations) / MIN),
    10,
  );
  // The 9.5-minute PR build makes the p99 rule (not the 10-minute floor) decide.
  assert.ok(expected > 10, `expected ${expected}`);
  const build = by(list, "missing-timeout", ".github/workflows/ci.yml", "build")!;
  assert.equal(build.title, `Set \`timeout-minutes: ${expected}\` on job \`build\``);
  assert.match(build.patched!, new RegExp(`\\n    timeout-minutes: ${expected}\\n`));
  // Jobs the history never saw: advice, not estimated, and no patch.
  const unseen = list.filter((s) => s.ruleId === "missing-timeout" && s.job !== "build");
  assert.ok(unseen.length >= 2, `unseen ${unseen.length}`);
  for (const s of unseen) {
    assert.equal(s.patched, undefined, s.id);
    assert.equal(s.edits, undefined, s.id);
    assert.equal(s.estimate.measured, false, s.id);
    assert.match(s.problems.join(), /no run history for this job/, s.id);
    assert.doesNotMatch(s.manual ?? "", /timeout-minutes: \d/, s.id);
  }
});

Deno.test("sim history: every offered patch passes the re-analysis; PR cancellation only with pull_request", async () => {
  await using env = await world();
  const { list, files, actionlint } = await suggestionsOf(env);
  const offered = list.filter((s) => s.patched);
  assert.ok(offered.length >= 3, `offered ${offered.length}`);
  for (const s of offered) {
    const source = files.find((f) => f.path === s.file)!;
    assert.deepEqual(
      checkPatch({
        path: s.file,
        before: source.content,
        after: s.patched!,
        fixed: [s.finding],
        actionlint,
      }),
      [],
      s.id,
    );
    assert.deepEqual(s.problems, [], s.id);
  }
  const pr = by(list, "missing-concurrency", ".github/workflows/ci.yml")!;
  assert.match(pr.title, /Cancel superseded pull-request runs of `ci\.yml`/);
  const patched = lintFile({ path: pr.file, content: pr.patched! }).file!;
  assert.equal(
    patched.kind === "workflow" && patched.triggers.some((t) => t.event === "pull_request"),
    true,
  );
  // (c) build.yml has no pull_request trigger: no PR-only suggestion, no patch.
  const push = list.filter((s) =>
    s.ruleId === "missing-concurrency" && s.file.endsWith("build.yml")
  );
  assert.equal(push.length, 1);
  assert.doesNotMatch(push[0].title, /pull-request/);
  assert.equal(push[0].patched, undefined);
  assert.equal(push[0].estimate.measured, false, "build.yml has no runs in the window");
  assert.ok(!list.some((s) => s.file.endsWith("build.yml") && /pull-request/.test(s.title)));
});

Deno.test("sim history: the operation's report shows the measured total and its basis", async () => {
  await using env = await world();
  const { list } = await suggestionsOf(env);
  const optimize = createOptimize({ history: collectRepoHistory, actionlint: null });
  const report = await optimize({ op: "optimize", repo: "acme/app" }, {
    provider: env.provider,
    log: memoryLogger(),
    now: () => NOW,
  });
  const field = report.fields!.find((f) => f.label === "Estimated saving")!.value;
  const total = measuredTotal(list);
  assert.match(
    field,
    new RegExp(
      `^~${total >= 10 ? Math.round(total) : total} runner min/week measured over 2 suggestions`,
    ),
  );
  assert.match(field, /not estimated, not counted/);
  assert.match(report.summary, /Savings from run history/);
  assert.doesNotMatch(JSON.stringify(report), /assumes|DEFAULTS|0\.1 ?%/);
});
