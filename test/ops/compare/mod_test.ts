import assert from "node:assert/strict";
import { CiError } from "../../../src/errors.ts";
import { compare } from "../../../src/ops/compare/mod.ts";
import type { OpContext } from "../../../src/ops/context.ts";
import { type ReportInput, ReportSchema } from "../../../src/report/model.ts";
import { mulberry32 } from "../../../src/stats/random.ts";
import { runInput, withSim, WORKFLOW } from "./sim_runs.ts";

// ~8 min baseline, the test job ~96 s shorter on the candidate (20 % in all), ±6 % noise.
function seedTen(add: (input: ReturnType<typeof runInput>) => void, fastSide: string) {
  const random = mulberry32(2026);
  const jitter = (s: number) => Math.round(s * (1 + 0.06 * (2 * random() - 1)));
  for (let i = 0; i < 10; i++) {
    for (const wf of ["ci.yml", "ci-fast.yml"]) {
      const test = wf === fastSide ? 204 : 300;
      add(runInput(wf, 2 + i * 6 + (wf === "ci.yml" ? 0 : 3), {
        lint: jitter(60),
        build: jitter(120),
        test: jitter(test),
      }));
    }
  }
}

const run = async (ctx: OpContext, fields: Record<string, unknown>) =>
  ReportSchema.parse(await compare({ op: "compare", ...fields } as never, ctx) as ReportInput);

Deno.test("history mode on the simulator: ci-fast.yml ~20% faster over 10 runs each", async () => {
  await using env = await withSim((add) => {
    seedTen(add, "ci-fast.yml");
    // Outside the window, unfinished, and failed runs: none of them may be timed.
    add(runInput("ci.yml", 24 * 40, { lint: 5, build: 5, test: 5 }));
    add({ ...runInput("ci-fast.yml", 1, { lint: 60 }), status: "in_progress" as never });
    add(runInput("ci.yml", 70, { lint: 60, build: 20 }, { conclusion: "failure" }));
  });
  const r = await run(env.ctx, { repo: "acme/app", baseline: "ci.yml", candidate: "ci-fast.yml" });
  assert.equal(r.status, "success");
  const s =
    /^ci-fast\.yml is (\d+)% faster than ci\.yml: −(\d+)m (\d\d)s, p (< 0\.001|= [\d.]+) \(median (\d+)m (\d\d)s vs (\d+)m (\d\d)s, 95% CI −(\d+)m (\d\d)s to −(\d+)m (\d\d)s, 10 runs each\)\.$/
      .exec(r.summary);
  assert.ok(s, r.summary);
  const secs = (min: string, sec: string) => Number(min) * 60 + Number(sec);
  const [pct, size, cand, base, lo, hi] = [
    Number(s[1]),
    -secs(s[2], s[3]),
    secs(s[5], s[6]),
    secs(s[7], s[8]),
    -secs(s[9], s[10]),
    -secs(s[11], s[12]),
  ];
  // The size is the median difference the interval surrounds (medians print rounded).
  assert.ok(Math.abs(size - (cand - base)) <= 1 && lo <= size && size <= hi, `${size}`);
  assert.ok(pct >= 16 && pct <= 24, `percent ${pct}`);
  assert.ok(Math.abs(base - 480) <= 20 && Math.abs(cand - 384) <= 20, `${cand} vs ${base}`);
  assert.ok(lo <= cand - base && cand - base <= hi && hi < 0, `CI ${lo}..${hi}`);
  assert.equal(s[4], "< 0.001");
  const fields = Object.fromEntries(r.fields.map((f) => [f.label, f.value]));
  assert.equal(fields["Verdict"], "Faster");
  assert.equal(fields["Mode"], "history (no dispatch)");
  assert.equal(
    fields["Sampled"],
    "up to 30 completed runs per side created since 2026-10-25, all branches",
  );
  // 1 workflow listing + 1 settings file read + 2 run listings + one job listing per
  // completed run in the window.
  assert.equal(fields["API calls"], String(1 + 1 + 2 + 21));
  const stats = r.tables[0];
  assert.deepEqual(stats.rows.find((row) => row[0] === "Success rate")?.slice(1), [
    "91% of 11 (95% CI 62%–98%)",
    "100% of 10 (95% CI 72%–100%)",
  ]);
  assert.deepEqual(stats.rows.find((row) => row[0] === "Median queue")?.slice(1), ["15s", "15s"]);
  assert.equal(r.tables[1].rows[0][0], "test");
  // 96 s of 300 s is 32 %; the noise moves both a little.
  const job = /^−1m (\d\d)s \(−(\d\d)%\)$/.exec(r.tables[1].rows[0][3]);
  assert.ok(job && Math.abs(60 + Number(job[1]) - 96) <= 20, r.tables[1].rows[0][3]);
  assert.ok(Math.abs(Number(job[2]) - 32) <= 6, r.tables[1].rows[0][3]);
  assert.equal(r.links.length, 20);
  assert.ok(r.links.every((l) => l.url.startsWith(env.sim.origin)));
  // The window and the status filter reached the API.
  const listings = env.sim.requests.filter((q) => /\/workflows\/[^/]+\/runs$/.test(q.path));
  assert.deepEqual(listings.map((q) => [q.query.status, q.query.created]), [
    ["completed", ">=2026-10-25T12:00:00Z"],
    ["completed", ">=2026-10-25T12:00:00Z"],
  ]);
});

Deno.test("history mode on the simulator: identical workflows show no significant difference", async () => {
  await using env = await withSim((add) => seedTen(add, "neither"));
  const r = await run(env.ctx, { baseline: "ci.yml", candidate: "ci-fast.yml" });
  assert.equal(r.status, "neutral");
  assert.match(r.summary, /^No significant difference between ci-fast\.yml and ci\.yml \(median/);
});

Deno.test("two branches of the repository's only workflow", async () => {
  const files = { ".github/workflows/ci.yml": WORKFLOW("CI") };
  await using env = await withSim((add) => {
    for (let i = 0; i < 4; i++) {
      add(runInput("ci.yml", 1 + i, { test: 300 + i }, { branch: "main" }));
      add(runInput("ci.yml", 1 + i, { test: 200 + i }, { branch: "faster-ci" }));
    }
  }, files);
  const r = await run(env.ctx, { baseline: "main", candidate: "faster-ci" });
  assert.equal(r.title, "Compare faster-ci with main in acme/app");
  assert.match(r.summary, /median 3m 22s vs 5m 2s/);
  const branches = env.sim.requests.filter((q) => q.path.endsWith("/runs")).map((q) =>
    q.query.branch
  );
  assert.deepEqual(branches.sort(), ["faster-ci", "main"]);
  assert.match(r.sections[0].markdown, /Only 4 successful baseline runs/);
});

Deno.test("compare refuses what it cannot do, with an example", async () => {
  await using env = await withSim(() => {});
  const rejects = (fields: Record<string, unknown>, code: string, pattern: RegExp) =>
    assert.rejects(run(env.ctx, fields), (e) => {
      assert.ok(e instanceof CiError);
      assert.equal(e.code, code);
      assert.match(`${e.message} ${e.hint}`, pattern);
      return true;
    });
  await rejects({ baseline: "ci.yml" }, "bad_request", /without candidate.*baseline:ci\.yml/);
  await rejects(
    { baseline: "ci.yml", candidate: "main" },
    "bad_request",
    /workflow file with a branch/,
  );
  await rejects(
    { baseline: "main", candidate: "dev" },
    "bad_request",
    /has 2 workflows.*workflow:ci-fast\.yml baseline:main candidate:dev/,
  );
  await rejects(
    { baseline: "ci.yml", candidate: "nope.yml" },
    "not_found",
    /'nope\.yml' is not in acme\/app.*ci-fast\.yml, ci\.yml/,
  );
  await rejects(
    { baseline: "ci.yml", candidate: "ci-fast.yml", runs: 5 },
    "unsupported",
    /runs:5.*job runner/,
  );
  await assert.rejects(
    compare({ op: "compare", baseline: "a.yml", candidate: "b.yml" }, {
      ...env.ctx,
      defaultRepo: undefined,
    }),
    /without a repository/,
  );
});
