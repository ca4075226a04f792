/**
 * The import graph of the source tree, read from the source text: what the architecture tests
 * check boundaries and cycles on.
 *
 * @module
 */

/** The checkout's root. */
export const ROOT: URL = new URL("../../", import.meta.url);

/**
 * Every TypeScript/JavaScript file under `dir`, recursively.
 *
 * @example
 * ```ts
 * for await (const file of sourceFiles(new URL("src/", ROOT))) console.log(file.pathname);
 * ```
 */
export async function* sourceFiles(dir: URL): AsyncGenerator<URL> {
  for await (const entry of Deno.readDir(dir)) {
    const url = new URL(entry.name + (entry.isDirectory ? "/" : ""), dir);
    if (entry.isDirectory) yield* sourceFiles(url);
    else if (/\.(ts|tsx|js|mjs)$/.test(entry.name)) yield url;
  }
}

/**
 * Static, dynamic, type-only and side-effect import specifiers of a module, and `export … from`.
 *
 * @example
 * ```ts
 * imports('import { a } from "./a.ts";\nawait import("./b.ts");'); // ["./a.ts", "./b.ts"]
 * ```
 */
export function imports(source: string): string[] {
  const found: string[] = [];
  const pattern =
    /(?:^|\s)(?:import|export)[^"'`;]*?from\s*["']([^"']+)["']|import\s*\(\s*["']([^"']+)["']\s*\)|^\s*import\s+["']([^"']+)["']/gm;
  for (const m of source.matchAll(pattern)) found.push(m[1] ?? m[2] ?? m[3]);
  return found;
}

/** Module path (relative to the root) → the local modules it imports (relative to the root). */
export type ImportGraph = Map<string, string[]>;

/**
 * The graph of local imports between the files under `dirs` (paths relative to the root).
 *
 * @example
 * ```ts
 * const graph = await importGraph(["src/"]);
 * graph.get("src/main.ts"); // ["src/server.ts", …]
 * ```
 */
export async function importGraph(dirs: readonly string[]): Promise<ImportGraph> {
  const graph: ImportGraph = new Map();
  for (const dir of dirs) {
    for await (const file of sourceFiles(new URL(dir, ROOT))) {
      const local = imports(await Deno.readTextFile(file))
        .filter((spec) => spec.startsWith("."))
        .map((spec) => relative(new URL(spec, file)));
      graph.set(relative(file), local);
    }
  }
  return graph;
}

const relative = (url: URL) => url.pathname.slice(ROOT.pathname.length);

/**
 * The import cycles of a graph: every strongly connected component with more than one module
 * (or a module importing itself), each sorted, found with Tarjan's algorithm.
 *
 * @example
 * ```ts
 * cycles(new Map([["a", ["b"]], ["b", ["a"]], ["c", []]])); // [["a", "b"]]
 * ```
 */
export function cycles(graph: ImportGraph): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}
