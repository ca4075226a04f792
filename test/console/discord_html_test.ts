/** Discord messages drawn as HTML: embeds with colour, fields, image and buttons; markdown. */
import assert from "node:assert/strict";
import { renderReport } from "../../bots/discord/embeds.ts";
import { discordHtml } from "../../src/console/discord_html.ts";
import { ReportSchema } from "../../src/report/model.ts";

const ORIGIN = "https://ci.example.test";

Deno.test("discord html: an embed's colour bar, title link, description, fields and image", () => {
  const html = discordHtml({
    content: "Done <https://ci.example.test/reports/r1>",
    embeds: [{
      title: "⚠️ Analyze acme/app",
      url: `${ORIGIN}/reports/r1`,
      color: 0xfaa61a,
      description: "**What matters**\n- slower since <t:1795348800:R>",
      fields: [{ name: "Runs", value: "`60`", inline: true }, { name: "Note", value: "wide" }],
      image: { url: `${ORIGIN}/reports/r1/chart.png` },
    }],
    components: [{
      type: 1,
      components: [
        { type: 2, style: 1, label: "Run again", custom_id: "ci:a1" },
        { type: 2, style: 5, label: "Full report", url: `${ORIGIN}/reports/r1` },
      ],
    }],
  }, ORIGIN);
  assert.ok(html.includes('<div class="embed" style="border-left-color:#faa61a">'), html);
  assert.ok(html.includes('<h3><a href="/reports/r1">⚠️ Analyze acme/app</a></h3>'), html);
  assert.ok(html.includes("<p><strong>What matters</strong></p>"), html);
  assert.ok(html.includes("<time>2026-11-22 12:00 UTC</time>"), html);
  assert.ok(html.includes('<div class="inline"><strong>Runs</strong><div><p><code>60</code></p>'));
  assert.ok(html.includes('<div class="wide"><strong>Note</strong>'));
  assert.ok(html.includes('<img src="/reports/r1/chart.png" alt="Chart" width="400">'));
  assert.ok(
    html.includes(
      '<span class="btn discord-primary" title="Pressable in Discord">Run again</span>',
    ),
  );
  assert.ok(html.includes('<a class="btn" href="/reports/r1">Full report ↗</a>'));
  assert.ok(
    html.includes('Done <a href="/reports/r1">https://ci.example.test/reports/r1</a>'),
    html,
  );
});

Deno.test("discord html: a real report's CI data stays text, escapes honoured", () => {
  const report = ReportSchema.parse({
    title: "Analyze <img src=x onerror=alert(1)>",
    status: "failure",
    summary: "Job \\*x\\* failed",
    fields: [{ label: "Branch", value: "[click](javascript:alert(1)) **b** <script>" }],
    links: [{ label: "Run 42", url: "https://github.com/acme/app/actions/runs/42" }],
  });
  const html = discordHtml(renderReport(report, { reportUrl: `${ORIGIN}/reports/r1` }), ORIGIN);
  assert.doesNotMatch(html, /<img src=x|<script|href="javascript/);
  assert.match(html, /Analyze &#60;img src=x onerror=alert\(1\)&#62;/);
  // The renderer escaped the field's markdown: shown as typed, not bold, not a link.
  assert.match(
    html,
    /&#91;click&#93;\(javascript:alert\(1\)\) &#42;&#42;b&#42;&#42; &#60;script&#62;/,
  );
  assert.match(html, /<a href="https:\/\/github\.com\/acme\/app\/actions\/runs\/42">Run 42<\/a>/);
  assert.match(html, /border-left-color:#[0-9a-f]{6}/);
});
