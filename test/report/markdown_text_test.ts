import assert from "node:assert/strict";
import { markdownText } from "../../src/report/markdown.ts";

Deno.test("markdownText escapes only what could start markup in GitHub markdown", () => {
  const cases: Array<[string, string]> = [
    // Runs of `_` between letters or digits never emphasise: ids and snake_case stay readable.
    ["4oMOZhB5Ledb__3EG-3KIw", "4oMOZhB5Ledb__3EG-3KIw"],
    ["snake_case_name", "snake_case_name"],
    ["_x_", "\\_x\\_"],
    ["__init__", "\\_\\_init\\_\\_"],
    // List and heading markers matter only at the start of a line, and lists need a space.
    ["8.0s", "8.0s"],
    ["-5 min", "-5 min"],
    ["1. item", "1\\. item"],
    ["- x", "\\- x"],
    ["---", "\\---"],
    ["# h", "\\# h"],
    // Links, HTML and entities never survive.
    ["[x](javascript:alert(1))", "\\[x\\](javascript:alert(1))"],
    ["<b>&amp;", "\\<b\\>\\&amp;"],
  ];
  for (const [input, expected] of cases) assert.equal(markdownText(input), expected, input);
});
