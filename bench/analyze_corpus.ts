/**
 * Our static analysis over a folder of workflow files, as one process: the `analyze` operation
 * on local files, its report rendered to markdown on stdout. The same code path as
 * `cli run "analyze" --dir PATH`, without storing the report (the bench times it beside the
 * CLI so a storage failure in the CLI does not hide the analysis figure).
 *
 * @example
 * ```sh
 * deno run -A bench/analyze_corpus.ts ../shared/corpus/github
 * ```
 *
 * @module
 */
import { parseCommand } from "../src/intent/parse.ts";
import { jsonLogger } from "../src/log.ts";
import { runIntent } from "../src/ops/registry.ts";
import { localProvider } from "../src/providers/local.ts";
import { renderMarkdown } from "../src/report/markdown.ts";
import { ReportSchema } from "../src/report/model.ts";

const dir = Deno.args[0];
const parsed = parseCommand("analyze");
if (!dir || parsed.kind !== "intent") {
  console.error("usage: analyze_corpus.ts DIR");
  Deno.exit(2);
}
const report = await runIntent(parsed.intent, {
  provider: localProvider(dir),
  defaultRepo: dir.split("/").filter(Boolean).at(-1),
  log: jsonLogger({ level: "warn", write: (line) => console.error(line) }),
  now: () => new Date(),
});
const findings = report.findings?.length ?? 0;
console.log(renderMarkdown(ReportSchema.parse({ ...report, createdAt: new Date().toISOString() })));
console.error(JSON.stringify({ findings }));
