/**
 * No import cycles: every module in `src/`, `bots/` and `copilot/` can be read (and loaded)
 * after the modules it imports. Type-only imports count too, since a cycle of types is a cycle
 * of design.
 */
import assert from "node:assert/strict";
import { cycles, importGraph } from "./imports.ts";

Deno.test("cycles: the detector finds a planted cycle, a self-import, and nothing in a tree", () => {
  const graph = new Map([
    ["a.ts", ["b.ts"]],
    ["b.ts", ["c.ts"]],
    ["c.ts", ["a.ts", "d.ts"]],
    ["d.ts", []],
    ["e.ts", ["e.ts"]],
  ]);
  assert.deepEqual(cycles(graph), [["a.ts", "b.ts", "c.ts"], ["e.ts"]]);
  assert.deepEqual(cycles(new Map([["x.ts", ["y.ts"]], ["y.ts", []]])), []);
});

Deno.test("cycles: src/, bots/ and copilot/ import nothing in a circle", async () => {
  const graph = await importGraph(["src/", "bots/", "copilot/"]);
  assert.ok(graph.size > 200, `expected the whole tree, read ${graph.size} modules`);
  assert.deepEqual(cycles(graph), []);
});
