/** Block Kit drawn as HTML: every block kind, mrkdwn, and data that tries to become markup. */
import assert from "node:assert/strict";
import { renderReport } from "../../bots/slack/blockkit.ts";
import { mrkdwnToHtml, slackHtml } from "../../src/console/slack_html.ts";
import { ReportSchema } from "../../src/report/model.ts";

const ORIGIN = "https://ci.example.test";

Deno.test("slack html: mrkdwn bold, italic, strike, code, links and shortcodes", () => {
  assert.equal(
    mrkdwnToHtml("*Top* _it_ ~old~ `a<b>` :warning: <https://x.test/r?a=1&amp;b=2|run>", ORIGIN),
    "<strong>Top</strong> <em>it</em> <del>old</del> <code>a&lt;b&gt;</code> ⚠️ " +
      '<a href="https://x.test/r?a=1&amp;b=2">run</a>',
  );
  assert.equal(
    mrkdwnToHtml("```\nx *y* <z>\n```", ORIGIN),
    "<pre><code>x *y* &lt;z&gt;\n</code></pre>",
  );
  // Only http(s) becomes a link; mentions and other schemes stay text.
  assert.equal(mrkdwnToHtml("<javascript:alert(1)|click> <!here>", ORIGIN), "click !here");
  // Slack's own escapes are text, never tags.
  assert.equal(
    mrkdwnToHtml("&lt;img src=x onerror=alert(1)&gt;", ORIGIN),
    "&lt;img src=x onerror=alert(1)&gt;",
  );
  // The service's own pages become paths on this server.
  assert.equal(
    mrkdwnToHtml(`<${ORIGIN}/reports/abc|Full report>`, ORIGIN),
    '<a href="/reports/abc">Full report</a>',
  );
});

Deno.test("slack html: header, section fields, divider, context, buttons and image", () => {
  const html = slackHtml({
    text: "fallback",
    blocks: [
      { type: "header", text: { type: "plain_text", text: "Analyze <acme>" } },
      { type: "divider" },
      {
        type: "section",
        text: { type: "mrkdwn", text: "*Summary*" },
        fields: [{ type: "mrkdwn", text: "*Runs*\n60" }],
      },
      { type: "context", elements: [{ type: "mrkdwn", text: "_note_" }] },
      {
        type: "actions",
        elements: [
          {
            type: "button",
            text: { type: "plain_text", text: "Run" },
            style: "primary",
            value: "a",
          },
          {
            type: "button",
            text: { type: "plain_text", text: "Full report" },
            url: `${ORIGIN}/reports/r1`,
          },
        ],
      },
      { type: "image", image_url: `${ORIGIN}/reports/r1/chart.png`, alt_text: "Chart" },
      { type: "image", image_url: "https://elsewhere.test/x.png", alt_text: "Outside" },
    ],
  }, ORIGIN);
  assert.ok(html.includes('<h3 class="slack-header">Analyze &lt;acme&gt;</h3>'), html);
  assert.ok(html.includes("<hr>"));
  assert.ok(
    html.includes('<div class="fields"><div><strong>Runs</strong><br>60</div></div>'),
    html,
  );
  assert.ok(html.includes('<div class="context"><em>note</em></div>'), html);
  assert.ok(html.includes('<span class="btn slack-primary" title="Pressable in Slack">Run</span>'));
  assert.ok(html.includes('<a class="btn" href="/reports/r1">Full report</a>'), html);
  assert.ok(html.includes('<img src="/reports/r1/chart.png" alt="Chart" width="480">'), html);
  // An image from another host would break the page's CSP: named, not loaded.
  assert.ok(html.includes("[image: Outside]"));
  assert.ok(!html.includes("elsewhere.test"));
});

Deno.test("slack html: a real report's CI data stays text", () => {
  const report = ReportSchema.parse({
    title: "Analyze <script>alert(1)</script>",
    status: "warning",
    summary: "Job \\*x\\* \\<img src=x\\>",
    fields: [{ label: "Branch <b>", value: "<https://evil.test|click> *bold*" }],
  });
  const html = slackHtml(renderReport(report), ORIGIN);
  assert.doesNotMatch(html, /<script|<img|<b>|evil\.test"/);
  assert.match(html, /Analyze &lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  assert.match(html, /Branch &lt;b&gt;/);
});
