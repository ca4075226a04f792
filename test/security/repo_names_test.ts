/**
 * Repository names that are not GitHub names (issue 12, item 12): `acme/..` made the service
 * request `GET /repos/actions/workflows`. Every surface must refuse such names before any
 * request reaches GitHub, and so must the `migrate` catalog location and workflow paths.
 */
import assert from "node:assert/strict";
import { type CliIO, runCli } from "../../src/cli.ts";
import { RepoSchema } from "../../src/intent/schema.ts";
import { startGitHubSim } from "../sim/github.ts";
import { MIGRATE_REPO, startApplyEnv } from "./apply_fixtures.ts";

const TOKEN = "ghs_repoNamesToken";

/** Not owner/name as GitHub accepts them. */
const BAD = [
  "acme/..",
  "acme/.",
  "../acme",
  "-acme/app",
  "acme-/app",
  "ac--me/app",
  "a".repeat(40) + "/app",
  "acme/" + "a".repeat(101),
];

async function cli(url: string, text: string) {
  const lines: string[] = [];
  const io: CliIO = {
    out: (l) => lines.push(l),
    err: (l) => lines.push(l),
    readStdin: async function* () {},
    env: { GITHUB_API_URL: url, GITHUB_TOKEN: TOKEN },
  };
  return { code: await runCli(["run", text], io), output: lines.join("\n") };
}

Deno.test("security: `analyze repo:acme/..` through the CLI is refused before any request", async () => {
  const sim = await startGitHubSim({ token: TOKEN });
  try {
    sim.state.addRepo("acme/app", { files: {} });
    for (const repo of BAD) {
      const r = await cli(sim.url, `analyze repo:${repo}`);
      assert.equal(r.code, 2, `${repo}: ${r.output}`);
      assert.match(r.output, /'repo' must be written owner\/name/, repo);
    }
    assert.deepEqual(sim.requests.map((q) => `${q.method} ${q.path}`), []);
  } finally {
    await sim.close();
  }
});

Deno.test("security: `ci_analyze` with repo acme/.. over /mcp is refused before any request", async () => {
  await using env = await startApplyEnv();
  const before = env.sim.requests.length;
  for (const repo of BAD) {
    const result = await env.call("ci_analyze", { repo });
    assert.equal(result.isError, true, `${repo}: ${result.text}`);
    assert.match(result.text, /'repo' must be written owner\/name/);
  }
  assert.equal(env.sim.requests.length - before, 0);
});

Deno.test("security: a migrate catalog location cannot leave its repository", async () => {
  await using env = await startApplyEnv();
  for (const target of ["acme/..", "acme/../catalog.yml", "acme/tools/./catalog.yml", "-x/y"]) {
    const before = env.sim.requests.length;
    const result = await env.call("ci_migrate", {
      repo: MIGRATE_REPO,
      strategy: "reusable",
      target,
    });
    assert.equal(result.isError, true, `${target}: ${result.text}`);
    assert.match(result.text, /Cannot read the catalog location/);
    assert.equal(env.sim.requests.length - before, 0, target);
  }
});

// Defence in depth: compare and test check the name against the listed workflows today, but
// `/actions/workflows/{file}` with `..` would name another API path if one ever did not.
Deno.test("security: a workflow named `..` is refused before any request", async () => {
  await using env = await startApplyEnv();
  const before = env.sim.requests.length;
  for (const workflow of ["..", "../..", ".github/workflows/..", "."]) {
    const result = await env.call("ci_compare", {
      repo: MIGRATE_REPO,
      workflow,
      baseline: "main",
      candidate: "dev",
    });
    assert.equal(result.isError, true, `${workflow}: ${result.text}`);
    assert.match(result.text, /'workflow'.*'\.\.?'|'workflow'.*without '\.\.' segments/);
  }
  assert.equal(env.sim.requests.length - before, 0);
});

Deno.test("security: names GitHub accepts stay valid", () => {
  for (const repo of ["acme/app", "a/b", "a-b-c/x.y_z-1", "A1/.github", "acme/..x", "acme/.x."]) {
    assert.ok(RepoSchema.safeParse(repo).success, repo);
  }
});
