/**
 * `docs/architecture.md` is the tree: every folder has a row, every row is a folder, and no
 * module imports outside what its row allows.
 */
import assert from "node:assert/strict";
import { type ImportGraph, importGraph, ROOT } from "./imports.ts";

/** A row of the table: the folder and the path prefixes its modules may import. */
interface Row {
  folder: string;
  mayImport: string[];
}

/**
 * The table rows whose first cell is a backticked folder.
 *
 * @example
 * ```ts
 * tableRows("| `src/a/` | A | `src/b/` |"); // [{ folder: "src/a/", mayImport: ["src/b/"] }]
 * ```
 */
export function tableRows(markdown: string): Row[] {
  const rows: Row[] = [];
  for (const line of markdown.split("\n")) {
    const cells = line.split("|").slice(1, -1).map((c) => c.trim());
    const folder = cells[0]?.match(/^`([^`]+\/)`$/)?.[1];
    if (!folder || cells.length < 3) continue;
    rows.push({ folder, mayImport: [...cells[2].matchAll(/`([^`]+)`/g)].map((m) => m[1]) });
  }
  return rows;
}

/** The row a module belongs to: the longest folder that holds it. */
const rowOf = (rows: Row[], path: string) =>
  rows.filter((r) => path.startsWith(r.folder)).sort((a, b) =>
    b.folder.length - a.folder.length
  )[0];

/**
 * Imports no row allows, as "from -> to".
 *
 * @example
 * ```ts
 * strayImports(tableRows(doc), await importGraph(["src/"])); // []
 * ```
 */
export function strayImports(rows: Row[], graph: ImportGraph): string[] {
  const found: string[] = [];
  for (const [from, targets] of graph) {
    const row = rowOf(rows, from);
    for (const to of targets) {
      if (!graph.has(to)) continue; // not a module of the tree (a template string, a test file)
      const allowed = row && [row.folder, ...row.mayImport].some((p) => to.startsWith(p));
      if (!allowed) found.push(`${from} -> ${to}`);
    }
  }
  return found.sort();
}

const SKIPPED = new Set(["node_modules", "dist", "data", "coverage"]);

/** Every folder under `dir` (relative to the root, with a trailing slash), hidden ones skipped. */
async function folders(dir: string): Promise<string[]> {
  const found = [dir];
  for await (const entry of Deno.readDir(new URL(dir, ROOT))) {
    if (!entry.isDirectory || entry.name.startsWith(".") || SKIPPED.has(entry.name)) continue;
    found.push(...await folders(`${dir}${entry.name}/`));
  }
  return found;
}

/** The source folder a test folder mirrors: test/ops/compare/ → src/ops/compare/. */
const mirrored = (testFolder: string) => {
  const rest = testFolder.slice("test/".length);
  return /^(bots|copilot)\//.test(rest) ? rest : `src/${rest}`;
};

const doc = await Deno.readTextFile(new URL("docs/architecture.md", ROOT));
const ROWS = tableRows(doc);

Deno.test("docs: the table parser and the import rule catch a stray import", () => {
  const rows = tableRows(
    "| folder | what | may import |\n| --- | --- | --- |\n| `src/a/` | A | `src/b/` `src/x.ts` |\n| `src/b/` | B | nothing |",
  );
  assert.deepEqual(rows, [
    { folder: "src/a/", mayImport: ["src/b/", "src/x.ts"] },
    { folder: "src/b/", mayImport: [] },
  ]);
  const graph: ImportGraph = new Map([
    ["src/a/one.ts", ["src/a/two.ts", "src/b/b.ts", "src/x.ts"]],
    ["src/a/two.ts", []],
    ["src/b/b.ts", ["src/a/one.ts"]],
    ["src/x.ts", ["src/a/two.ts"]],
  ]);
  // b may import nothing; x.ts has no row at all.
  assert.deepEqual(strayImports(rows, graph), [
    "src/b/b.ts -> src/a/one.ts",
    "src/x.ts -> src/a/two.ts",
  ]);
});

Deno.test("docs: every source folder has a row in docs/architecture.md and every row exists", async () => {
  const listed = new Set(ROWS.map((r) => r.folder));
  const tree = [
    ...await folders("src/"),
    ...await folders("bots/"),
    ...await folders("copilot/"),
    ...await folders("bench/"),
    "docs/",
    "test/",
  ];
  assert.deepEqual(tree.filter((f) => !listed.has(f)), [], "folders without a row");
  const missing = [];
  for (const row of ROWS) {
    const stat = await Deno.stat(new URL(row.folder, ROOT)).catch(() => undefined);
    if (!stat?.isDirectory) missing.push(row.folder);
  }
  assert.deepEqual(missing, [], "rows without a folder");
});

Deno.test("docs: every test folder mirrors a source folder or sits under a row of its own", async () => {
  const listed = new Set(ROWS.map((r) => r.folder));
  const stray = [];
  // A row covers its fixtures too (`test/analyze/labelled/<repo>/workflows/`), but not `test/`;
  // folders git ignores (screenshots a test writes) are output, not layout.
  const ignored = (await Deno.readTextFile(new URL(".gitignore", ROOT))).split("\n")
    .map((l) => l.trim().replace(/^\//, "")).filter((l) => l.endsWith("/"));
  const covered = (folder: string) =>
    [...listed, ...ignored].some((row) => row !== "test/" && folder.startsWith(row));
  for (const folder of (await folders("test/")).slice(1)) {
    if (covered(folder)) continue;
    const stat = await Deno.stat(new URL(mirrored(folder), ROOT)).catch(() => undefined);
    if (!stat?.isDirectory) stray.push(`${folder} (no ${mirrored(folder)})`);
  }
  assert.deepEqual(stray, []);
});

Deno.test("docs: no module imports outside what its row allows", async () => {
  const graph = await importGraph(["src/", "bots/", "copilot/"]);
  assert.ok(graph.size > 200, `expected the whole tree, read ${graph.size} modules`);
  assert.deepEqual(strayImports(ROWS, graph), []);
});
