import assert from "node:assert/strict";
import { memoryLogger } from "../../../src/log.ts";
import { analyze } from "../../../src/ops/analyze/mod.ts";
import { resolvePins } from "../../../src/ops/analyze/pins.ts";
import type { OpContext } from "../../../src/ops/context.ts";
import { githubProvider } from "../../../src/providers/github/provider.ts";
import { localProvider } from "../../../src/providers/local.ts";
import { type Report, ReportSchema } from "../../../src/report/model.ts";
import { startGitHubSim } from "../../sim/github.ts";
import { addTag } from "../../sim/github_tags.ts";

const TOKEN = "t0k";
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

async function pinSim() {
  const sim = await startGitHubSim({ token: TOKEN });
  const checkout = sim.state.addRepo("actions/checkout");
  // v4 moves with v4.2.2; v4.2 is another tag at the same commit, less precise.
  const v4 = addTag(checkout, "v4.2.2");
  addTag(checkout, "v4", { sha: v4.sha });
  addTag(checkout, "v4.2", { sha: v4.sha });
  addTag(checkout, "v3.6.0", { sha: "3".repeat(40) });
  const tool = sim.state.addRepo("acme/tool", { branches: { develop: {} } });
  const annotated = addTag(tool, "v1", { annotated: true });
  sim.state.addRepo("acme/app", {
    files: {
      ".github/workflows/a.yml": WORKFLOW([
        "actions/checkout@v4",
        "acme/tool@v1",
        "acme/tool@develop",
        "acme/tool@v9",
      ]),
      ".github/workflows/b.yml": WORKFLOW(["actions/checkout@v4", "actions/checkout@v4"]),
    },
  });
  const provider = githubProvider({
    baseUrl: sim.url,
    token: TOKEN,
    log: memoryLogger(),
    retries: 0,
  });
  const ctx: OpContext = { provider, log: memoryLogger(), now: () => new Date() };
  return {
    sim,
    ctx,
    checkout,
    tool,
    annotated,
    [Symbol.asyncDispose]: () => sim.close(),
  };
}

const unpinned = (report: Report) => report.findings.filter((f) => f.ruleId === "unpinned-action");

Deno.test("pins: tags and branches resolve to commits through the API, each ref once", async () => {
  await using env = await pinSim();
  const report = ReportSchema.parse(await analyze({ op: "analyze", repo: "acme/app" }, env.ctx));
  const v4 = env.checkout.tags.get("v4")!.sha;
  const checkouts = unpinned(report).filter((f) => f.message.includes("actions/checkout@v4"));
  assert.equal(checkouts.length, 3);
  for (const f of checkouts) {
    // The most precise version tag at that commit is the comment, as pinact writes it.
    assert.equal(f.patch, `uses: actions/checkout@${v4} # v4.2.2`);
    assert.match(f.fix!, new RegExp(v4));
  }
  const develop = env.tool.branches.get("develop")!.sha;
  const branch = unpinned(report).find((f) => f.message.includes("acme/tool@develop"))!;
  assert.equal(branch.patch, `uses: acme/tool@${develop} # develop`);

  const commits = env.sim.requests.filter((r) => /\/commits\//.test(r.path));
  assert.deepEqual(
    commits.map((r) => r.path.replace(/^\/repos\//, "")).sort(),
    [
      // The analysed commit, read once before the files (the page links findings to it).
      "acme/app/commits/HEAD",
      "acme/tool/commits/develop",
      "acme/tool/commits/v1",
      "acme/tool/commits/v9",
      "actions/checkout/commits/v4",
    ],
  );
  // One group per severity: its patch has every resolved line, and names what did not resolve.
  const tool = report.groups!.find((g) =>
    g.ruleId === "unpinned-action" && g.severity === "warning"
  )!;
  assert.deepEqual(tool.subjects.map((s) => [s.name, s.count]), [
    ["acme/tool@develop", 1],
    ["acme/tool@v1", 1],
    ["acme/tool@v9", 1],
  ]);
  assert.equal(
    tool.patch,
    `uses: acme/tool@${develop} # develop\nuses: acme/tool@${env.tool.tags.get("v1")!.sha} # v1`,
  );
  assert.match(tool.fix!, /; `acme\/tool@v9` could not be resolved and gets no SHA\.$/);
  const checkout = report.groups!.find((g) => g.severity === "notice")!;
  assert.equal(checkout.count, 3);
  assert.equal(checkout.patch, `uses: actions/checkout@${v4} # v4.2.2`);
  assert.match(
    report.sections.find((s) => s.title === "What was analysed")!.markdown,
    /Pins: resolved 3 of 4 action reference\(s\) to commit SHAs through the API; 1 does not exist\./,
  );
});

Deno.test("pins: an annotated tag resolves to its commit, never to the tag object", async () => {
  await using env = await pinSim();
  // The simulator's git refs answer the tag object, as GitHub does: a naive resolver would pin it.
  const ref = await fetch(`${env.sim.url}/repos/acme/tool/git/ref/tags/v1`, {
    headers: { authorization: `token ${TOKEN}` },
  }).then((r) => r.json());
  assert.equal(ref.object.type, "tag");
  assert.equal(ref.object.sha, env.annotated.tagObject);

  const resolved = await env.ctx.provider.resolveRef!("acme/tool", "v1");
  assert.deepEqual(resolved, { kind: "commit", sha: env.annotated.sha });
  const report = ReportSchema.parse(await analyze({ op: "analyze", repo: "acme/app" }, env.ctx));
  const f = unpinned(report).find((x) => x.message.includes("acme/tool@v1"))!;
  assert.equal(f.patch, `uses: acme/tool@${env.annotated.sha} # v1`);
  assert.ok(!JSON.stringify(report).includes(env.annotated.tagObject!));
});

Deno.test("pins: an unknown ref says it could not be resolved and suggests no SHA", async () => {
  await using env = await pinSim();
  const report = ReportSchema.parse(await analyze({ op: "analyze", repo: "acme/app" }, env.ctx));
  const f = unpinned(report).find((x) => x.message.includes("acme/tool@v9"))!;
  assert.equal(f.patch, undefined);
  assert.match(f.fix!, /^Could not resolve `v9`: acme\/tool has no tag or branch 'v9'\./);
  assert.doesNotMatch(f.fix!, /[0-9a-f]{40}/);
});

Deno.test("pins: without a token or offline the fix is the command to run", async () => {
  const findings = [{
    ruleId: "unpinned-action",
    severity: "warning" as const,
    file: ".github/workflows/ci.yml",
    line: 7,
    message: "'acme/tool@v1' is pinned to 'v1', a movable ref, not a commit SHA",
    fix: "Pin it.",
    patch: "uses: acme/tool@<40-hex sha of v1> # v1",
  }];
  const anonymous = githubProvider({
    token: undefined,
    log: memoryLogger(),
    fetch: () => {
      throw new Error("no request may be sent without a token");
    },
  });
  for (const provider of [anonymous, localProvider("/nonexistent")]) {
    const out = await resolvePins(provider, findings);
    assert.equal(
      out.findings[0].fix!.split(";")[0],
      "Pin to commit SHAs with `pinact run` (every workflow and action file, the tag kept " +
        "as a comment) or `ratchet pin .github/workflows/ci.yml`",
    );
    assert.equal(out.findings[0].patch, findings[0].patch);
    assert.ok(out.unavailable);
    assert.match(out.note, /1 action reference\(s\) not resolved/);
  }
});
