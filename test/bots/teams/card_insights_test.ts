import assert from "node:assert/strict";
import { MAX_CARD_BYTES, renderCard } from "../../../bots/teams/card.ts";
import type { CardElement } from "../../../bots/teams/card_elements.ts";
import type { ReportInput } from "../../../src/report/model.ts";
import { insightsReport, REGRESSION, SECURITY } from "../../report/insights_fixture.ts";

const URL = "https://ci.example.test/reports/r9";
const runText = (block: CardElement) =>
  ((block.inlines ?? []) as Array<{ text: string }>).map((r) => r.text).join("");
const size = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)).length;

function grouped(extra: Partial<ReportInput> = {}) {
  return insightsReport({
    insights: [
      { ...REGRESSION, detail: "Median 5m 4s → 7m 6s [x](javascript:alert(1))." },
      SECURITY,
    ],
    charts: [{
      title: "Duration per run",
      kind: "line",
      unit: "min",
      series: [{ name: "ci.yml", points: [{ x: 1, y: 5 }, { x: 2, y: 7 }] }],
    }],
    ...extra,
  });
}

Deno.test("teams: what matters after the summary, then groups, then facts and the chart", () => {
  const card = renderCard(grouped(), { reportUrl: URL });
  assert.deepEqual(card.body.map((e) => e.type), [
    "RichTextBlock",
    "RichTextBlock",
    "RichTextBlock",
    "Container",
    "RichTextBlock",
    "Container",
    "Container",
    "FactSet",
    "Chart.Line",
  ]);
  const matters = card.body[3];
  assert.equal(matters.style, "emphasis");
  const items = matters.items as CardElement[];
  assert.deepEqual(items.map(runText), [
    "What matters",
    "📈 ci.yml is 40% slower since run 112 — Median 5m 4s → 7m 6s [x](javascript:alert(1)). " +
    "(view run, 2 days ago)",
    "🔒 2 security errors in 1 file — script-injection (2).",
  ]);
  const link = (items[1].inlines as CardElement[]).find((r) => r.text === "view run");
  assert.deepEqual(link?.selectAction, {
    type: "Action.OpenUrl",
    url: "https://github.com/acme/app/actions/runs/112",
  });
  // Data is never a markdown TextBlock.
  assert.doesNotMatch(JSON.stringify(card.body), /"type":"TextBlock"/);

  assert.equal(runText(card.body[4]), "Findings (5 in 2 groups)");
  const lines = [card.body[5], card.body[6]].map((c) => (c.items as CardElement[]).map(runText));
  assert.deepEqual(lines, [
    ["ERROR script-injection b.yml:9 — m", "Fix: Pass it through env."],
    [
      "NOTICE unpinned-action (4) — actions/checkout@v4 is pinned to a tag, used 4 times in 1 file",
      "Fix: Pin it to a commit SHA.",
    ],
  ]);
  assert.equal((card.body[8].fallback as { url: string }).url, `${URL}/chart.png?chart=0`);
  assert.deepEqual(card.actions?.map((a) => a.title), ["Full report"]);
});

Deno.test("teams: relative to the renderer's now; without any clock, the calendar day", () => {
  const at = (report: ReturnType<typeof grouped>, now?: Date) =>
    runText((renderCard(report, { now }).body[3].items as CardElement[])[1]);
  assert.match(at(grouped(), new Date("2026-11-29T12:00:00Z")), /\(view run, 7 days ago\)$/);
  assert.match(at(grouped({ createdAt: undefined })), /\(view run, on 2026-11-22\)$/);
  const plain = renderCard(grouped({ insights: undefined }));
  assert.ok(!plain.body.some((e) => e.style === "emphasis"));
  assert.equal(runText(plain.body[3]), "Findings (5 in 2 groups)");
});

Deno.test("teams: five huge insights and 2,000 groups stay under the card limit", () => {
  const huge = (c: string) => c.repeat(20_000);
  const report = grouped({
    insights: Array.from({ length: 5 }, () => ({
      kind: "hotspot" as const,
      title: huge("t"),
      detail: huge("d"),
      url: "https://github.com/acme/app/actions/runs/1",
    })),
    groups: Array.from({ length: 2_000 }, (_, i) => ({
      ruleId: `rule-${i}`,
      severity: "warning" as const,
      message: huge("m"),
      fix: huge("f"),
      count: 1,
      files: ["a.yml"],
      locations: [{ file: "a.yml", line: 1 }],
    })),
  });
  const card = renderCard(report, { reportUrl: URL });
  assert.ok(size(card) <= MAX_CARD_BYTES, `${size(card)} bytes`);
  assert.equal((card.body[3].items as CardElement[]).length, 6);
  const shown = JSON.stringify(card.body).match(/rule-\d+/g)?.length ?? 0;
  assert.ok(shown > 0 && shown < 2_000, `${shown}`);
  assert.match(
    runText(card.body.at(-1)!),
    new RegExp(`^\\+${2_000 - shown} more on the full report$`),
  );
});

Deno.test("teams: a chart without a report page falls back to a line of text, not an image", () => {
  const card = renderCard(grouped());
  const chart = card.body.find((e) => e.type === "Chart.Line");
  assert.equal(chart?.title, "Duration per run (min)");
  assert.deepEqual(chart?.data, [{ legend: "ci.yml", values: [{ x: 1, y: 5 }, { x: 2, y: 7 }] }]);
  assert.equal(runText(chart?.fallback as CardElement), "Duration per run: ci.yml");
});
