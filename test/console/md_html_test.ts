/** Markdown (Copilot/MCP, and Discord's dialect) drawn as HTML. */
import assert from "node:assert/strict";
import { inlineMdHtml, mdHtml } from "../../src/console/md_html.ts";

const ORIGIN = "https://ci.example.test";

Deno.test("md html: inline bold, italic, strike, code, escapes and links", () => {
  assert.equal(
    inlineMdHtml(
      "**a** *b* _c_ ~~d~~ \\*e\\* `f\\*<g>` [x](https://x.test/p) [y](javascript:1)",
      ORIGIN,
    ),
    "<strong>a</strong> <em>b</em> <em>c</em> <del>d</del> &#42;e&#42; <code>f\\*&lt;g&gt;</code> " +
      '<a href="https://x.test/p">x</a> y',
  );
  // Underscores inside names are not emphasis.
  assert.equal(inlineMdHtml("my_job_name", ORIGIN), "my_job_name");
  assert.equal(
    inlineMdHtml(`[report](${ORIGIN}/reports/r1)`, ORIGIN),
    '<a href="/reports/r1">report</a>',
  );
});

Deno.test("md html: headings, bullets, quotes, fences and pipe tables", () => {
  const html = mdHtml(
    [
      "# ⚠️ Analyze",
      "-# small print",
      "- first `one`",
      "> quoted",
      "```yaml",
      "on: <push>",
      "```",
      "| Job | p50 |",
      "| --- | --- |",
      "| build \\| x | **2m** |",
      "",
      "plain <b>",
    ].join("\n"),
    ORIGIN,
  );
  assert.equal(
    html,
    [
      "<h3>⚠️ Analyze</h3>",
      '<p class="muted small">small print</p>',
      '<p class="bullet">• first <code>one</code></p>',
      "<blockquote>quoted</blockquote>",
      "<pre><code>on: &lt;push&gt;</code></pre>",
      "<table><thead><tr><th>Job</th><th>p50</th></tr></thead><tbody><tr><td>build &#124; x</td>" +
      "<td><strong>2m</strong></td></tr></tbody></table>",
      "",
      "<p>plain &lt;b&gt;</p>",
    ].join("\n"),
  );
});
