import assert from "node:assert/strict";
import { loadChecker as createLinter } from "../../../src/workflow/actionlint/checker.ts";
import { parse, stringify } from "yaml";
import { migrateToActions } from "../../../src/ops/migrate/actions.ts";
import { validateChange } from "../../../src/ops/migrate/validate.ts";
import { parseWorkflowFile } from "../../../src/workflow/parse.ts";

/** actionlint reads workflows only: a composite action's steps are checked inside a job. */
function asWorkflow(action: string): string {
  const meta = parse(action);
  const inputs = Object.fromEntries(
    Object.keys(meta.inputs ?? {}).map((k) => [k, { type: "string", required: true }]),
  );
  return stringify({
    on: { workflow_call: { inputs } },
    jobs: { composite: { "runs-on": "ubuntu-latest", steps: meta.runs.steps } },
  });
}

Deno.test("corpus: every repository's workflows migrate without a crash and every output parses", async () => {
  const dir = new URL("../../../../shared/corpus/github/", import.meta.url);
  const byRepo = new Map<string, { path: string; content: string }[]>();
  for await (const entry of Deno.readDir(dir)) {
    if (!entry.isFile) continue;
    const [owner, name, ...rest] = entry.name.split("__");
    const list = byRepo.get(`${owner}/${name}`) ?? [];
    list.push({ path: rest.join("/"), content: await Deno.readTextFile(new URL(entry.name, dir)) });
    byRepo.set(`${owner}/${name}`, list);
  }
  assert.ok(byRepo.size > 5);
  let extracted = 0;
  let withInputs = 0;
  for (const [name, files] of byRepo) {
    const result = migrateToActions(files);
    assert.ok(result.notes.length > 0, name);
    // One linter per file: the WASM build can trap ("unreachable") after many runs in a row.
    const errors = async (path: string, text: string) =>
      (await createLinter())(text, path).filter((e) => e.kind !== "runner-label")
        .map((e) => e.message);
    for (const f of result.files) {
      const { file, problems } = parseWorkflowFile(f.path, f.after);
      assert.ok(file, `${name} ${f.path}: ${problems[0]?.message}`);
      if (f.before === null) {
        assert.equal(file.kind, "action");
        assert.deepEqual(
          await errors("composite.yml", asWorkflow(f.after)),
          [],
          `${name} ${f.path}`,
        );
        extracted++;
      } else {
        const now = await errors(f.path, f.after);
        assert.ok(
          now.length <= (await errors(f.path, f.before)).length,
          `${name} ${f.path}: ${now}`,
        );
      }
      const check = validateChange(f, { actionlint: await createLinter() });
      assert.deepEqual(check.problems, [], `${name} ${f.path}`);
      withInputs += Object.keys(parse(f.after).inputs ?? {}).length > 0 && !f.before ? 1 : 0;
    }
  }
  assert.ok(extracted >= 3, `extracted ${extracted} actions from the corpus`);
  assert.ok(withInputs >= 1, "babel's jobs differ in the artifact name: one action with an input");
});
