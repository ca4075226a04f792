import assert from "node:assert/strict";
import { renderHtml } from "../../src/report/html.ts";
import { ReportSchema } from "../../src/report/model.ts";
import { absoluteTime, timeHtml } from "../../src/report/page/time.ts";

const report = ReportSchema.parse({
  title: "Analyze acme/app",
  status: "warning",
  summary: "ci.yml got slower.",
  insights: [{
    kind: "regression",
    title: "ci.yml is 40% slower since run 38",
    detail: "Median 10m → 14m.",
    url: "https://github.com/acme/app/actions/runs/1038",
    at: "2026-11-16T20:00:00Z",
  }],
  createdAt: "2026-11-24T12:00:00.000Z",
});

Deno.test("page time: absolute in UTC, relative with a clock, the ISO in datetime", () => {
  assert.equal(absoluteTime("2026-11-24T12:00:00Z"), "24 Nov 2026, 12:00 UTC");
  assert.equal(
    timeHtml("2026-11-22T12:00:00Z", new Date("2026-11-24T12:00:00Z")),
    '<time datetime="2026-11-22T12:00:00Z" title="22 Nov 2026, 12:00 UTC">2 days ago</time>',
  );
  assert.equal(timeHtml("not a <time>"), "not a &lt;time&gt;");
});

Deno.test("page: the footer and the insights show human times with the absolute one as tooltip", () => {
  const now = new Date("2026-11-26T12:00:00Z");
  const html = renderHtml(report, { now });
  assert.ok(html.includes(
    '<footer><p class="muted">Created <time datetime="2026-11-24T12:00:00.000Z" ' +
      'title="24 Nov 2026, 12:00 UTC">2 days ago</time></p></footer>',
  ));
  assert.ok(html.includes(
    '<time datetime="2026-11-16T20:00:00Z" title="16 Nov 2026, 20:00 UTC">9 days ago</time>',
  ));
  // No raw ISO time is shown as text anywhere.
  const text = html.replace(/<[^>]*>/g, " ");
  assert.doesNotMatch(text, /\d{4}-\d{2}-\d{2}T\d{2}:/);
  // Without a clock the page never guesses "ago": it shows the date.
  const still = renderHtml(report);
  assert.ok(still.includes('title="24 Nov 2026, 12:00 UTC">24 Nov 2026, 12:00 UTC</time>'));
  assert.ok(!still.includes(" ago<"));
});
