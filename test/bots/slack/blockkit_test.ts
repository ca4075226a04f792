import assert from "node:assert/strict";
import type { KnownBlock } from "@slack/types";
import { LIMITS, renderParseError, renderReport } from "../../../bots/slack/blockkit.ts";
import { escapeMrkdwn, markdownToMrkdwn, truncate } from "../../../bots/slack/mrkdwn.ts";
import { ReportSchema } from "../../../src/report/model.ts";

/** Every mrkdwn/plain text in a message, with where it sits. */
function texts(blocks: KnownBlock[]): Array<{ type: string; text: string; field?: boolean }> {
  const out: Array<{ type: string; text: string; field?: boolean }> = [];
  for (const b of blocks) {
    if (b.type === "header") out.push({ type: "header", text: b.text.text });
    if (b.type === "section") {
      if (b.text) out.push({ type: "section", text: b.text.text });
      for (const f of b.fields ?? []) out.push({ type: "section", text: f.text, field: true });
    }
    if (b.type === "context") {
      for (const e of b.elements) if ("text" in e) out.push({ type: "context", text: e.text });
    }
  }
  return out;
}

const huge = (n: number, c = "x") => c.repeat(n);

Deno.test("a report with 500 findings and huge strings stays inside every Block Kit limit", () => {
  const report = ReportSchema.parse({
    id: "abc",
    title: huge(400, "T"),
    status: "failure",
    summary: huge(10_000, "s"),
    fields: Array.from(
      { length: 30 },
      (_, i) => ({ label: huge(300, "L"), value: `${i}${huge(5000, "&")}` }),
    ),
    findings: Array.from({ length: 500 }, (_, i) => ({
      ruleId: `rule-${i}`,
      severity: i % 3 === 0 ? "error" : i % 3 === 1 ? "warning" : "notice",
      file: `.github/workflows/w${i}.yml`,
      line: i + 1,
      message: `finding-${i} ${huge(4000, "<")}`,
      fix: huge(5000, "f"),
      ...(i % 2 ? {} : { patch: `step:\n  ${huge(5000, "<")}` }),
    })),
    tables: Array.from({ length: 6 }, (_, t) => ({
      title: `table ${t}`,
      columns: ["workflow", "findings", "note"],
      rows: Array.from({ length: 200 }, (_, r) => [`w${r}.yml`, String(r), huge(300, ">")]),
    })),
    sections: Array.from({ length: 8 }, (_, s) => ({ title: `s${s}`, markdown: huge(9000, "m") })),
    actions: Array.from({ length: 40 }, (_, a) => ({
      id: `act-${a}`,
      label: huge(200, "b"),
      intent: { op: "analyze" },
    })),
    charts: [{
      title: "durations",
      kind: "line",
      series: [{ name: "a", points: [{ x: 1, y: 2 }] }],
    }],
  });
  const actionValues = Object.fromEntries(report.actions.map((a) => [a.id, `stored-${a.id}`]));
  const { text, blocks } = renderReport(report, {
    reportUrl: "https://ci.example/reports/abc",
    actionValues,
  });
  assert.ok(blocks.length <= LIMITS.blocks, `blocks: ${blocks.length}`);
  assert.equal(blocks.filter((b) => b.type === "image").length, 1, "the chart counts toward 50");
  const actionBlocks = blocks.filter((b) => b.type === "actions");
  assert.equal(actionBlocks.length, 1);
  const elements = (actionBlocks[0] as { elements: Array<{ value?: string; url?: string }> })
    .elements;
  assert.equal(elements.length, 25, "24 intent buttons and the Full report link");
  assert.equal(elements[0].value, "stored-act-0");
  assert.equal(elements.at(-1)!.url, "https://ci.example/reports/abc");
  assert.ok(text.length <= 3000);
  for (const t of texts(blocks)) {
    const max = t.type === "header" ? 150 : t.field ? 2000 : 3000;
    assert.ok(t.text.length <= max, `${t.type} text of ${t.text.length} chars`);
  }
  for (const b of blocks) {
    if (b.type === "section") assert.ok((b.fields?.length ?? 0) <= 10);
    if (b.type === "actions") {
      assert.ok(b.elements.length <= 25);
      for (const e of b.elements) {
        if (e.type === "button") assert.ok(e.text.text.length <= 75);
      }
    }
  }
  const all = texts(blocks).map((t) => t.text).join("\n");
  const shown = new Set(all.match(/finding-\d+/g)).size;
  assert.ok(shown > 0 && shown < 500);
  const note = texts(blocks).at(-1)!.text;
  assert.match(note, new RegExp(`\\+${500 - shown} more findings`));
  assert.match(note, /<https:\/\/ci\.example\/reports\/abc\|Full report>/);
  assert.match(note, /on the full report$/);
  // errors are listed first: every shown finding index is a multiple of 3 (severity error)
  for (const id of all.match(/finding-\d+/g)!) assert.equal(Number(id.slice(8)) % 3, 0);
});

Deno.test("a small report renders header, status, fields, findings and the report link", () => {
  const report = ReportSchema.parse({
    id: "r1",
    title: "Analyze acme/app",
    status: "success",
    summary: "No errors",
    fields: [{ label: "Workflows", value: "4" }],
    findings: [{ ruleId: "no-concurrency", severity: "notice", file: "ci.yml", message: "m" }],
    tables: [{ title: "Per workflow", columns: ["file", "n"], rows: [["ci.yml", "1"]] }],
  });
  const { blocks, text } = renderReport(report, { reportUrl: "https://x.test/reports/r1" });
  assert.equal(blocks[0].type, "header");
  assert.equal(text, "Analyze acme/app succeeded: No errors");
  const all = texts(blocks).map((t) => t.text).join("\n");
  assert.match(all, /:white_check_mark: \*Success\*/);
  assert.match(all, /\*Workflows\*\n4/);
  assert.match(all, /:large_blue_circle: `ci\.yml` \*no-concurrency\* — m/);
  assert.ok(all.includes("```file    n\n------  -\nci.yml  1```"), all);
  assert.doesNotMatch(all, /more finding/);
});

Deno.test("a finding's fix is a line of text and its patch a code block, both escaped", () => {
  const report = ReportSchema.parse({
    title: "t",
    status: "warning",
    summary: "s",
    findings: [
      {
        ruleId: "missing-timeout",
        severity: "warning",
        file: "ci.yml",
        line: 3,
        message: "m",
        fix: "Set `timeout-minutes` <soon>.",
        patch: "test:\n  timeout-minutes: 30 # ```",
      },
      { ruleId: "p", severity: "notice", file: "ci.yml", message: "only a patch", patch: "a: 1" },
    ],
  });
  const all = texts(renderReport(report).blocks).map((t) => t.text).join("\n");
  assert.ok(
    all.includes(
      "— m\n   _Fix:_ Set `timeout-minutes` &lt;soon&gt;.\n" +
        "```test:\n  timeout-minutes: 30 # `\u200B`\u200B`\u200B```",
    ),
    all,
  );
  assert.ok(all.includes("— only a patch\n   _Fix:_\n```a: 1```"), all);
});

Deno.test("user and CI strings are escaped: <!channel> cannot ping, links cannot be forged", () => {
  const report = ReportSchema.parse({
    title: "t",
    status: "warning",
    summary: "<https://evil.test|click> & more",
    findings: [{
      ruleId: "r",
      severity: "error",
      file: "a<b>.yml",
      message: "hello <!channel> and <@U123>",
      fix: "use `x` & <y>",
    }],
  });
  const json = JSON.stringify(renderReport(report).blocks);
  assert.ok(!json.includes("<!channel>"));
  assert.ok(!json.includes("<@U123>"));
  assert.ok(!json.includes("<https://evil.test"));
  assert.ok(json.includes("&lt;!channel&gt;"));
  assert.ok(json.includes("&amp; more"));
});

Deno.test("property: escaping round-trips and leaves no raw < or >", () => {
  const alphabet = ["<", ">", "&", "!", "@", "|", "a", " ", "amp;", "lt;", "é", "😀"];
  const unescape = (s: string) =>
    s.replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&amp;", "&");
  let seed = 7;
  const rand = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
  for (let i = 0; i < 500; i++) {
    const s = Array.from({ length: rand(40) }, () => alphabet[rand(alphabet.length)]).join("");
    const e = escapeMrkdwn(s);
    assert.ok(!/[<>]/.test(e), e);
    assert.equal(unescape(e), s);
    const cut = truncate(e, 10);
    assert.ok(cut.length <= 10);
    assert.ok(!/&[a-z]{0,3}…$/.test(cut), `entity split: ${cut}`);
  }
});

Deno.test("report markup becomes mrkdwn that never links and keeps code in its block", () => {
  assert.equal(
    markdownToMrkdwn(
      "## Why\n- **slow** [docs](https://d.test/a?b=1&c=2) [x](javascript:alert(1))",
    ),
    "*Why*\n• *slow* [docs](https://d.test/a?b=1&amp;c=2) [x](javascript:alert(1))",
  );
  // A ``` line inside a longer fence stays in the block; ` in a span cannot close it.
  assert.equal(
    markdownToMrkdwn("````\n```\n<!here>\n````\n`` a`b ``"),
    "```\u0060\u200B`\u200B`\u200B\n&lt;!here&gt;```\n`aˋb`",
  );
});

Deno.test("renderParseError shows error, hint, suggestions and examples", () => {
  const { blocks, text } = renderParseError({
    kind: "unsupported",
    error: "Unknown verb 'tset'",
    hint: "Did you mean test?",
    suggestions: ["/ci-test test"],
    examples: ["/ci-test analyze repo:acme/app", "/ci-test help"],
  });
  const all = texts(blocks).map((t) => t.text).join("\n");
  assert.match(all, /Unknown verb 'tset'/);
  assert.match(all, /\*What to do:\* Did you mean test\?/);
  assert.match(all, /\*Closest commands\*\n• `\/ci-test test`/);
  assert.match(all, /\*Examples\*\n• `\/ci-test analyze repo:acme\/app`\n• `\/ci-test help`/);
  assert.equal(text, "Unknown verb 'tset' Did you mean test?");
});

Deno.test("actions without a stored id are not rendered: a button never carries its intent", () => {
  const report = ReportSchema.parse({
    title: "Test",
    status: "running",
    summary: "0 of 2",
    actions: [{ id: "cancel:j1", label: "Cancel", intent: { op: "cancel", target: "j1" } }],
  });
  const bare = renderReport(report, { reportUrl: "https://ci.example/reports/r" });
  // Only the Full report link is left to press.
  const bareButtons = bare.blocks.flatMap((b) => b.type === "actions" ? b.elements : []);
  assert.deepEqual(bareButtons.map((e) => "url" in e && e.url), ["https://ci.example/reports/r"]);
  assert.doesNotMatch(JSON.stringify(bare.blocks), /cancel:j1|"value"/);
  const stored = renderReport(report, { actionValues: { "cancel:j1": "s-1" } });
  assert.match(JSON.stringify(stored.blocks), /"value":"s-1"/);
  assert.doesNotMatch(JSON.stringify(stored.blocks), /cancel:j1/);
});

Deno.test("a report with a chart and a public report URL shows the chart as an image block", () => {
  const line = (title: string) => ({
    title,
    kind: "line" as const,
    series: [{ name: "ci.yml", points: [{ x: 1, y: 2 }, { x: 2, y: 3 }] }],
  });
  const report = ReportSchema.parse({
    title: "Analyze acme/app",
    status: "warning",
    summary: "slower since run 40",
    findings: [{ ruleId: "r", severity: "warning", file: "ci.yml", message: "m" }],
    tables: [{ title: "Per job", columns: ["job"], rows: [["test"]] }],
    charts: [line("Success rate"), line(`Duration trend ${huge(3000, "d")}`), line("Per job")],
  });
  const { blocks } = renderReport(report, { reportUrl: "https://ci.example/reports/abc" });
  const images = blocks.filter((b) => b.type === "image");
  assert.equal(images.length, 1);
  const image = images[0] as { image_url: string; alt_text: string; title?: { text: string } };
  assert.equal(image.image_url, "https://ci.example/reports/abc/chart.png");
  assert.ok(image.alt_text.startsWith("Duration trend ddd"), image.alt_text);
  assert.equal(image.alt_text.length, LIMITS.imageText);
  assert.equal(image.title?.text, image.alt_text);
  // After the findings, before the tables.
  const at = (test: (b: KnownBlock) => boolean) => blocks.findIndex(test);
  const imageAt = at((b) => b.type === "image");
  const tableAt = at((b) => b.type === "section" && !!b.text?.text.startsWith("*Per job*"));
  assert.ok(at((b) => b.type === "divider") < imageAt && imageAt < tableAt, `${imageAt}`);
  const note = texts(blocks).at(-1)!.text;
  assert.match(note, /\+2 more charts on the full report$/);
});

Deno.test("no image block without a chart with data, or without a public https report URL", () => {
  const charted = ReportSchema.parse({
    title: "t",
    status: "success",
    summary: "s",
    charts: [{
      title: "Duration",
      kind: "bar",
      series: [{ name: "a", points: [{ x: "j", y: 1 }] }],
    }],
  });
  const image = (r: typeof charted, reportUrl?: string) =>
    renderReport(r, { reportUrl }).blocks.filter((b) => b.type === "image").length;
  assert.equal(image(charted, "https://ci.example/reports/r"), 1);
  assert.equal(image(charted), 0);
  // Slack fetches image_url on post and refuses the whole message when it cannot.
  assert.equal(image(charted, "http://localhost:8000/reports/r"), 0);
  const empty = ReportSchema.parse({ ...charted, charts: [{ ...charted.charts[0], series: [] }] });
  assert.equal(image(empty, "https://ci.example/reports/r"), 0);
  assert.match(texts(renderReport(empty).blocks).at(-1)!.text, /\+1 chart not shown/);
});
