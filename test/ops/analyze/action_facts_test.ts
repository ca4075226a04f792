import assert from "node:assert/strict";
import { memoryLogger } from "../../../src/log.ts";
import { analyze } from "../../../src/ops/analyze/mod.ts";
import { checkActionFacts } from "../../../src/ops/analyze/action_facts.ts";
import type { OpContext } from "../../../src/ops/context.ts";
import { githubProvider } from "../../../src/providers/github/provider.ts";
import { localProvider } from "../../../src/providers/local.ts";
import { type Report, ReportSchema } from "../../../src/report/model.ts";
import { lintFile } from "../../../src/workflow/lint.ts";
import { startGitHubSim } from "../../sim/github.ts";
import { addTag } from "../../sim/github_tags.ts";

const TOKEN = "t0k";
const SHA = "a".repeat(40);
const WORKFLOW = (steps: string[]) =>
  `on: push
permissions: {}
jobs:
  build:
    runs-on: ubuntu-latest
    timeout-minutes: 5
    steps:
${steps.map((s) => `      - uses: ${s}`).join("\n")}
`;

const STEPS = [
  "acme/tool@v1", // v1 is a tag and a branch
  "acme/tool@v2", // only a tag
  "acme/tool@v1", // the same ref again: asked once
  `acme/old@${SHA}`, // archived, SHA-pinned: still archived
  "acme/gone@v1", // no such repository
];

async function factsSim(steps = STEPS, extra: Record<string, string> = {}) {
  const sim = await startGitHubSim({ token: TOKEN });
  const tool = sim.state.addRepo("acme/tool", { branches: { v1: {} } });
  addTag(tool, "v1", { annotated: true });
  addTag(tool, "v2");
  sim.state.addRepo("acme/old").facts.archived = true;
  sim.state.addRepo("acme/app", {
    files: { ".github/workflows/ci.yml": WORKFLOW(steps), ...extra },
  });
  const provider = githubProvider({
    baseUrl: sim.url,
    token: TOKEN,
    log: memoryLogger(),
    retries: 0,
  });
  const ctx: OpContext = { provider, log: memoryLogger(), now: () => new Date() };
  return { sim, ctx, tool, [Symbol.asyncDispose]: () => sim.close() };
}

const run = async (ctx: OpContext) =>
  ReportSchema.parse(await analyze({ op: "analyze", repo: "acme/app" }, ctx));
const ofRule = (report: Report, id: string) => report.findings.filter((f) => f.ruleId === id);
const analysed = (report: Report) =>
  report.sections.find((s) => s.title === "What was analysed")!.markdown;

Deno.test("action facts: a ref both tag and branch and an archived repository, each found once", async () => {
  await using env = await factsSim();
  const report = await run(env.ctx);
  const confused = ofRule(report, "ref-confusion");
  // Two `uses:` of the same confusable ref are two findings; `v2` (only a tag) is none.
  assert.deepEqual(confused.map((f) => [f.line, f.severity]), [[8, "warning"], [10, "warning"]]);
  assert.equal(
    confused[0].message,
    "'acme/tool@v1' names 'v1', which acme/tool has both as a branch and as a tag",
  );
  assert.equal(confused[0].patch, "uses: acme/tool@<40-hex sha of tag v1> # v1");
  assert.match(confused[0].fix!, /git ls-remote https:\/\/github.com\/acme\/tool refs\/tags\/v1/);
  // The pin of a confusable ref is the tag's commit, never the branch that shadows it.
  const tag = env.tool.tags.get("v1")!.sha;
  assert.notEqual(tag, env.tool.branches.get("v1")!.sha);
  const pinned = ofRule(report, "unpinned-action").filter((f) => f.message.includes("tool@v1"));
  assert.deepEqual(pinned.map((f) => f.patch), [
    `uses: acme/tool@${tag} # v1`,
    `uses: acme/tool@${tag} # v1`,
  ]);
  assert.match(pinned[0].fix!, /where the tag `v1` points now \(not the branch of the same name/);
  const archived = ofRule(report, "archived-action");
  assert.deepEqual(archived.map((f) => [f.line, f.message]), [
    [11, `'acme/old@${SHA}' comes from acme/old, an archived repository`],
  ]);
  assert.match(archived[0].fix!, /maintained fork or alternative/);
  assert.match(
    analysed(report),
    /Action repositories: 2 of 3 checked through the API for `archived-action` and `ref-confusion`; 1 does not exist or is private\./,
  );
  assert.deepEqual(
    report.tables[1].rows.filter((r) => r[0] === "ref-confusion" || r[0] === "archived-action")
      .map((r) => r.slice(0, 3)),
    [["ref-confusion", "warning", "2"], ["archived-action", "warning", "1"]],
  );
  // One repository call each, one call per distinct ref, the tag asked only of a branch.
  const paths = env.sim.requests.map((r) => r.path);
  assert.equal(paths.filter((p) => p === "/repos/acme/tool").length, 1);
  assert.deepEqual(paths.filter((p) => p.includes("/git/ref/")).sort(), [
    "/repos/acme/tool/git/ref/heads/v1",
    "/repos/acme/tool/git/ref/heads/v2",
    "/repos/acme/tool/git/ref/tags/v1",
  ]);
});

Deno.test("action facts: zizmor's ignore comments and rule settings apply", async () => {
  await using env = await factsSim([
    "acme/tool@v1 # zizmor: ignore[ref-confusion]",
    `acme/old@${SHA} # zizmor: ignore[archived-uses]`,
    "acme/tool@v1",
  ]);
  const report = await run(env.ctx);
  assert.deepEqual(ofRule(report, "ref-confusion").map((f) => f.line), [10]);
  assert.deepEqual(ofRule(report, "archived-action"), []);
  await using configured = await factsSim(STEPS, {
    ".github/ci-orchestrator.yml": "analyze:\n  rules:\n    ref-confusion: off\n" +
      "    archived-action: error\n",
  });
  const set = await run(configured.ctx);
  assert.deepEqual(ofRule(set, "ref-confusion"), []);
  assert.deepEqual(ofRule(set, "archived-action").map((f) => f.severity), ["error"]);
});

Deno.test("action facts: API errors give no finding, and the note says what was not read", async () => {
  await using env = await factsSim(["acme/tool@v1", `acme/old@${SHA}`]);
  env.sim.faults.push({ path: "/repos/acme/old", status: 500, times: 5 });
  env.sim.faults.push({ path: "/repos/acme/tool/git/ref/tags/v1", status: 500, times: 5 });
  const report = await run(env.ctx);
  assert.deepEqual(ofRule(report, "ref-confusion"), []);
  assert.deepEqual(ofRule(report, "archived-action"), []);
  assert.match(
    analysed(report),
    /0 of 2 checked .*; 2 could not be read \(.+\), so not evaluated\./,
  );
});

Deno.test("action facts: offline neither rule is evaluated, and the report says so", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.mkdir(`${dir}/.github/workflows`, { recursive: true });
    await Deno.writeTextFile(`${dir}/.github/workflows/ci.yml`, WORKFLOW(STEPS));
    const ctx: OpContext = {
      provider: localProvider(dir),
      log: memoryLogger(),
      now: () => new Date(),
    };
    const report = ReportSchema.parse(await analyze({ op: "analyze", repo: "local" }, ctx));
    assert.deepEqual(ofRule(report, "ref-confusion"), []);
    assert.deepEqual(ofRule(report, "archived-action"), []);
    assert.match(
      analysed(report),
      /Not evaluated: `archived-action` and `ref-confusion` need the GitHub API \(local files from .+ cannot ask GitHub about action repositories\)\./,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("action facts: without a token nothing is sent; without remote actions no note", async () => {
  const anonymous = githubProvider({
    baseUrl: "http://127.0.0.1:9",
    log: memoryLogger(),
    fetch: () => {
      throw new Error("no request may be sent without a token");
    },
  });
  const { file } = lintFile({ path: ".github/workflows/ci.yml", content: WORKFLOW(STEPS) });
  assert.deepEqual(await checkActionFacts(anonymous, [file]), {
    findings: [],
    note: "Not evaluated: `archived-action` and `ref-confusion` need the GitHub API (no GitHub " +
      "token is configured).",
    confusable: new Set(),
  });
  const local = lintFile({ path: ".github/workflows/ci.yml", content: WORKFLOW(["./x"]) });
  assert.deepEqual(await checkActionFacts(anonymous, [local.file, null]), {
    findings: [],
    note: "",
    confusable: new Set(),
  });
});
