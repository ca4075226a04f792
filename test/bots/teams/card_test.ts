import assert from "node:assert/strict";
import { MAX_CARD_BYTES, renderCard } from "../../../bots/teams/card.ts";
import { ReportSchema } from "../../../src/report/model.ts";
import { reportFor } from "./fixtures.ts";

const size = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)).length;

Deno.test("a 500-finding report fits under 80 KB with a '+N more' line", () => {
  const report = reportFor({ op: "analyze", repo: "acme/app" }, 500);
  const card = renderCard(report, { reportUrl: "https://ci.example.test/reports/r1" });
  assert.ok(size(card) < 80 * 1024, `card is ${size(card)} bytes`);
  assert.ok(size(card) <= MAX_CARD_BYTES);
  const texts = JSON.stringify(card.body);
  const shown = (texts.match(/Finding \d+ in/g) ?? []).length;
  assert.ok(shown > 10 && shown < 500, `shown ${shown}`);
  assert.match(texts, new RegExp(`\\+${500 - shown} more on the full report`));
});

Deno.test("fields, tables, charts with fallbacks, and buttons render as Adaptive Card 1.5", () => {
  const report = ReportSchema.parse({
    id: "r2",
    title: "Compare main vs perf",
    status: "success",
    summary: "perf is 12% faster",
    fields: [{ label: "Runs", value: "5" }],
    tables: [{
      title: "Jobs",
      columns: ["job", "p50"],
      rows: Array.from({ length: 40 }, (_, i) => [`job${i}`, `${i}s`]),
    }],
    charts: [
      {
        title: "Duration",
        kind: "line",
        unit: "s",
        series: [{ name: "main", points: [{ x: 1, y: 2 }] }],
      },
      { title: "Failures", kind: "bar", series: [{ name: "all", points: [{ x: "a", y: 1 }] }] },
    ],
    actions: [{
      id: "a1",
      label: "Re-run",
      style: "primary",
      intent: { op: "test", repo: "acme/app" },
    }],
  });
  const card = renderCard(report, {
    reportUrl: "https://ci.example.test/reports/r2",
    actionIds: { a1: "stored-1" },
  });
  assert.equal(card.version, "1.5");
  const json = JSON.stringify(card);
  assert.match(json, /"type":"FactSet","facts":\[\{"title":"Runs","value":"5"\}\]/);
  const find = (type: string): Record<string, unknown> | undefined => {
    const walk = (node: unknown): Record<string, unknown> | undefined => {
      if (!node || typeof node !== "object") return undefined;
      const o = node as Record<string, unknown>;
      if (o.type === type) return o;
      for (const v of Object.values(o)) {
        const hit = walk(v);
        if (hit) return hit;
      }
    };
    return walk(card.body);
  };
  const table = find("Table");
  assert.equal((table?.rows as unknown[]).length, 31, "header + 30 rows");
  // Plain text (never markdown) for clients without tables.
  assert.equal((table?.fallback as { type: string }).type, "RichTextBlock");
  assert.match(json, /\+10 more rows on the full report/);
  assert.deepEqual(find("Chart.Line")?.fallback, {
    type: "Image",
    url: "https://ci.example.test/reports/r2/chart.png?chart=0",
    altText: "Duration",
  });
  assert.ok(find("Chart.VerticalBar")?.fallback);
  assert.deepEqual(card.actions?.[0], {
    type: "Action.Execute",
    title: "Re-run",
    verb: "ci.run",
    data: { actionId: "stored-1" },
    style: "positive",
  });
  assert.equal(card.actions?.[1].type, "Action.OpenUrl");
});
