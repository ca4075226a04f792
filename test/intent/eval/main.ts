/**
 * `deno task eval:nl`: reads every evaluation phrase with today's parser, as the running service
 * does (the language library loaded), and prints the scorecard (`--json` for the figures as
 * JSON; `--no-library` measures the reader before the library has loaded; `--fresh` scores the
 * second set, `fresh/`, written blind after the first had been used for error analysis). It is a
 * report, so it always exits 0; the
 * floor is enforced by `test/intent/eval_test.ts`.
 *
 * @example
 * ```sh
 * deno task eval:nl --json
 * ```
 *
 * @module
 */
import { loadNlu } from "../../../src/intent/nlu/engine.ts";
import { parseCommand } from "../../../src/intent/parse.ts";
import { FRESH_PHRASES } from "./fresh/mod.ts";
import { PHRASES } from "./phrases.ts";
import { renderJson, renderText } from "./render.ts";
import { evaluate } from "./score.ts";

if (Deno.args.includes("--help")) {
  console.log(
    "Usage: deno task eval:nl [--fresh] [--json] [--no-library]\n" +
      "Scores today's parser on the labelled phrases (--fresh: the blind second set; --json:\n" +
      "figures as JSON; --no-library: before the language library loads). Always exits 0.",
  );
  Deno.exit(0);
}
if (!Deno.args.includes("--no-library")) await loadNlu();
const set = Deno.args.includes("--fresh") ? FRESH_PHRASES : PHRASES;
const card = evaluate(set, (text) => parseCommand(text));
console.log(
  Deno.args.includes("--json") ? JSON.stringify(renderJson(card), null, 2) : renderText(card),
);
