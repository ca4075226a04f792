/**
 * The layout of `src/ops/`: one folder per operation, entered only through its `mod.ts`, and
 * shared pieces (run history, scenarios, pull requests, concurrency) that no operation owns.
 */
import assert from "node:assert/strict";
import { importGraph } from "./imports.ts";

const OPERATIONS = ["analyze", "compare", "migrate", "optimize", "test"];

/** The operation a module belongs to (`src/ops/<op>/…` or its tests in `test/ops/<op>/…`). */
const operationOf = (path: string) => {
  const op = path.match(/^(?:src|test)\/ops\/([^/]+)\//)?.[1];
  return op && OPERATIONS.includes(op) ? op : undefined;
};

/** The imports that break the layout, as "from -> to: why". */
function violations(graph: Map<string, string[]>): string[] {
  const found: string[] = [];
  for (const [from, targets] of graph) {
    for (const to of targets) {
      const target = to.startsWith("src/") ? operationOf(to) : undefined;
      if (!target || operationOf(from) === target) continue;
      if (from.startsWith("src/ops/") && from !== "src/ops/registry.ts") {
        found.push(`${from} -> ${to}: operations and shared pieces never import an operation`);
      } else if (!to.endsWith(`src/ops/${target}/mod.ts`)) {
        found.push(`${from} -> ${to}: enter '${target}' through src/ops/${target}/mod.ts`);
      }
    }
  }
  return found;
}

Deno.test("layout: the rule catches an internal import and an operation importing another", () => {
  const graph = new Map([
    ["src/core.ts", ["src/ops/test/mod.ts", "src/ops/compare/job.ts"]],
    ["src/ops/migrate/mod.ts", ["src/ops/optimize/report.ts", "src/ops/pull_requests/propose.ts"]],
    ["src/ops/scenarios/loop.ts", ["src/ops/test/mod.ts"]],
    ["src/ops/registry.ts", ["src/ops/analyze/mod.ts"]],
    ["test/ops/compare/report_test.ts", ["src/ops/compare/report.ts"]],
  ]);
  assert.deepEqual(violations(graph), [
    "src/core.ts -> src/ops/compare/job.ts: enter 'compare' through src/ops/compare/mod.ts",
    "src/ops/migrate/mod.ts -> src/ops/optimize/report.ts: operations and shared pieces never import an operation",
    "src/ops/scenarios/loop.ts -> src/ops/test/mod.ts: operations and shared pieces never import an operation",
  ]);
});

Deno.test("layout: every operation is a folder with a mod.ts", async () => {
  for (const op of OPERATIONS) {
    const stat = await Deno.stat(new URL(`../../src/ops/${op}/mod.ts`, import.meta.url));
    assert.ok(stat.isFile, `src/ops/${op}/mod.ts`);
  }
  const flat: string[] = [];
  for await (const entry of Deno.readDir(new URL("../../src/ops/", import.meta.url))) {
    if (entry.isFile && !["context.ts", "registry.ts"].includes(entry.name)) flat.push(entry.name);
  }
  assert.deepEqual(flat, [], "src/ops/ holds folders, the op context and the registry only");
});

Deno.test("layout: operations are entered only through mod.ts and never import each other", async () => {
  const graph = await importGraph(["src/", "bots/", "copilot/", "test/", "bench/"]);
  assert.deepEqual(violations(graph), []);
});
