import assert from "node:assert/strict";
import { CiError } from "../../src/errors.ts";
import { localProvider, MAX_LOCAL_FILE_BYTES } from "../../src/providers/local.ts";

async function withTempDir(fn: (dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "local-provider-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const isCode = (code: string) => (e: unknown) => e instanceof CiError && e.code === code;

Deno.test("lists .github/workflows when present, with repository paths", async () => {
  await withTempDir(async (dir) => {
    await Deno.mkdir(`${dir}/.github/workflows`, { recursive: true });
    await Deno.writeTextFile(`${dir}/.github/workflows/b.yaml`, "on: push\n");
    await Deno.writeTextFile(`${dir}/.github/workflows/a.yml`, "on: push\n");
    await Deno.writeTextFile(`${dir}/.github/workflows/notes.md`, "x");
    await Deno.writeTextFile(`${dir}/top.yml`, "x: 1\n");
    const p = localProvider(dir);
    const list = await p.listWorkflows("ignored/repo");
    assert.deepEqual(list.map((w) => [w.id, w.path]), [
      [1, ".github/workflows/a.yml"],
      [2, ".github/workflows/b.yaml"],
    ]);
    const file = await p.readFile("x/y", ".github/workflows/a.yml");
    assert.deepEqual(file, { path: ".github/workflows/a.yml", content: "on: push\n" });
    assert.equal(await p.readFile("x/y", ".github/workflows/missing.yml"), null);
  });
});

Deno.test("a flat folder of YAML files is read as workflows", async () => {
  await withTempDir(async (dir) => {
    await Deno.writeTextFile(`${dir}/x__ci.yml`, "on: push\n");
    await Deno.writeTextFile(`${dir}/x__action.yml`, "runs: {}\n");
    const list = await localProvider(dir + "/").listWorkflows("r/r");
    assert.deepEqual(list.map((w) => w.path), ["x__action.yml", "x__ci.yml"]);
  });
});

Deno.test("reads are confined to the directory and bounded in size", async () => {
  await withTempDir(async (dir) => {
    await Deno.writeTextFile(`${dir}/big.yml`, "#".repeat(MAX_LOCAL_FILE_BYTES + 1));
    const p = localProvider(dir);
    await assert.rejects(p.readFile("r/r", "../etc/passwd"), isCode("bad_request"));
    await assert.rejects(p.readFile("r/r", "/etc/passwd"), isCode("bad_request"));
    await assert.rejects(
      p.readFile("r/r", "big.yml"),
      (e) =>
        isCode("too_large")(e) && (e as Error).message.includes(String(MAX_LOCAL_FILE_BYTES + 1)),
    );
  });
});

Deno.test("a missing directory is not_found", async () => {
  await assert.rejects(
    localProvider("/nonexistent/dir-xyz").listWorkflows("r/r"),
    isCode("not_found"),
  );
});

Deno.test("history is empty, writes are unsupported with a hint, usage is zero", async () => {
  const p = localProvider("/tmp");
  assert.deepEqual(await p.listRuns("r/r"), []);
  assert.deepEqual(await p.listJobs("r/r", 1), []);
  await assert.rejects(p.getRun("r/r", 1), isCode("not_found"));
  for (
    const call of [
      () => p.dispatch("r/r", "ci.yml", "main", {}),
      () => p.cancelRun("r/r", 1),
      () => p.rerunRun("r/r", 1),
      () =>
        p.openPullRequest("r/r", { title: "t", body: "", base: "main", branch: "b", files: [] }),
    ]
  ) {
    await assert.rejects(
      call(),
      (e) =>
        isCode("unsupported")(e) && /repo:owner\/name with GITHUB_TOKEN/.test((e as CiError).hint!),
    );
  }
  assert.deepEqual(p.usage(), { requests: 0, rateLimited: 0, notModified: 0 });
});
