import assert from "node:assert/strict";
import { renderHtml } from "../../src/report/html.ts";
import { type Report, ReportSchema } from "../../src/report/model.ts";
import { FLAKY, REGRESSION } from "./insights_fixture.ts";

const CI = ".github/workflows/ci.yml";

const report: Report = ReportSchema.parse({
  title: "Analyze acme/app",
  status: "warning",
  summary: "`ci.yml` is 40% slower since run 112.",
  insights: [REGRESSION, FLAKY],
  fields: [{ label: "Workflows", value: "2" }],
  findings: [
    { ruleId: "unpinned-action", severity: "warning", file: CI, line: 12, message: "a" },
    { ruleId: "unpinned-action", severity: "warning", file: "w/b c.yml", line: 3, message: "b" },
    { ruleId: "missing-timeout", severity: "notice", file: CI, line: 7, message: "no timeout" },
  ],
  groups: [
    {
      ruleId: "unpinned-action",
      severity: "warning",
      message: "2 actions pinned to tags",
      fix: "Pin them to a commit SHA.",
      count: 2,
      files: [CI, "w/b c.yml"],
      locations: [{ file: CI, line: 12 }, { file: "w/b c.yml", line: 3 }],
    },
    {
      ruleId: "missing-timeout",
      severity: "notice",
      message: "no timeout",
      count: 1,
      files: [CI],
      locations: [{ file: CI, line: 7, job: "test" }],
    },
  ],
  tables: [{
    title: "Failing steps",
    columns: ["Job", "Last failed run"],
    rows: [["test", "1234"], ["lint", "not-a-run"]],
  }],
  charts: [{
    title: "Duration per run (oldest first)",
    kind: "line",
    unit: "s",
    axes: { x: "Run, oldest first", y: "Duration" },
    series: [{
      name: "ci.yml",
      points: [{ x: 1, y: 600 }, { x: 2, y: 610, failed: true }, { x: 3, y: 840 }],
    }],
    markers: [{ x: 3, label: "ci.yml slower from run 1038" }],
  }],
  sections: [{ title: "Notes", markdown: "Read 2 files." }],
  source: { repo: "acme/app", sha: "0123456789abcdef0123456789abcdef01234567" },
});

const hrefs = (html: string) => [...html.matchAll(/<a\s[^>]*href="([^"]*)"/g)].map((m) => m[1]);

Deno.test("page: no script, one h1, heading levels never skip", () => {
  const html = renderHtml(report);
  assert.ok(!/<script/i.test(html));
  assert.ok(!/\son[a-z]+=/i.test(html), "no event handler attributes");
  assert.equal(html.match(/<h1[\s>]/g)?.length, 1);
  const levels = [...html.matchAll(/<h([1-6])[\s>]/g)].map((m) => Number(m[1]));
  levels.forEach((level, i) => {
    if (i > 0) assert.ok(level <= levels[i - 1] + 1, `h${levels[i - 1]} then h${level}`);
  });
});

Deno.test("page: status badge and insights lead, charts come before findings", () => {
  const html = renderHtml(report);
  assert.match(html, /<h1><span class="badge b-warning">Warning<\/span> Analyze acme\/app<\/h1>/);
  assert.ok(!/[\u{1F300}-\u{1FAFF}\u2705\u274C\u26A0]/u.test(html), "no emoji");
  const insights = html.indexOf('<section id="insights">');
  const lead = html.indexOf("<figcaption><b>Duration per run (oldest first)</b>");
  const findings = html.indexOf('<section id="findings"');
  // The chart with the change point sits in the insights' section, beside them.
  assert.ok(insights > 0 && insights < lead && lead < html.indexOf("</section>", insights));
  assert.ok(lead < findings);
  assert.ok(!html.includes('<section id="charts">'), "the only chart is not drawn twice");
  assert.ok(
    html.includes(
      '<a href="https://github.com/acme/app/actions/runs/112">ci.yml is 40% slower since run 112</a>',
    ),
  );
  assert.ok(
    html.includes('<span class="badge b-flaky">Flaky</span> <b>Job integration in ci.yml is flaky'),
  );
});

Deno.test("page: a table of contents links every section by a fixed id", () => {
  const html = renderHtml(report);
  const nav = /<nav [^>]*>([\s\S]*?)<\/nav>/.exec(html)?.[1] ?? "";
  assert.deepEqual(hrefs(nav), ["#insights", "#findings", "#t-0", "#s-0"]);
  for (const id of ["insights", "findings", "t-0", "s-0"]) {
    assert.ok(html.includes(`id="${id}"`), id);
  }
});

Deno.test("page: one <details> per severity and per group, with a no-script filter", () => {
  const html = renderHtml(report);
  assert.match(html, /<details class="sev" id="sev-warning" open><summary><h3>Warnings<\/h3>/);
  assert.match(html, /<details class="sev" id="sev-notice" open><summary><h3>Notices<\/h3>/);
  assert.ok(!html.includes('id="sev-error"'), "no empty severity");
  assert.equal(html.match(/<details class="group /g)?.length, 2);
  assert.ok(html.includes("#findings:has(.sev:target) .sev:not(:target){display:none}"));
  const filter = /<p class="filter">([\s\S]*?)<\/p>/.exec(html)?.[1] ?? "";
  assert.deepEqual(hrefs(filter), ["#findings", "#sev-warning", "#sev-notice"]);
  assert.ok(filter.includes("warnings (2)") && filter.includes("notices (1)"));
});

Deno.test("page: without groups each finding is its own collapsible group", () => {
  const html = renderHtml({ ...report, groups: undefined });
  assert.equal(html.match(/<details class="group /g)?.length, 3);
});

Deno.test("page: file:line links to the file at the analysed commit, encoded", () => {
  const html = renderHtml(report);
  const sha = "0123456789abcdef0123456789abcdef01234567";
  assert.ok(html.includes(
    `<a href="https://github.com/acme/app/blob/${sha}/.github/workflows/ci.yml#L12" ` +
      `title="At the analysed commit 0123456"><code>.github/workflows/ci.yml:12</code></a>`,
  ));
  assert.ok(hrefs(html).includes(`https://github.com/acme/app/blob/${sha}/w/b%20c.yml#L3`));
});

Deno.test("page: GHES web base, and the default branch with a title when no commit", () => {
  const html = renderHtml(
    { ...report, source: { repo: "acme/app" } },
    { webUrl: "https://ghe.acme.test/" },
  );
  assert.match(
    html,
    /<a href="https:\/\/ghe\.acme\.test\/acme\/app\/blob\/HEAD\/\.github\/workflows\/ci\.yml#L7" title="On the default branch today: the report does not carry the analysed commit[^"]*">/,
  );
  const atRef = renderHtml({ ...report, source: { repo: "acme/app", ref: "release/1" } });
  assert.ok(hrefs(atRef).includes("https://github.com/acme/app/blob/release%2F1/w/b%20c.yml#L3"));
  assert.match(atRef, /title="At release\/1 today: the report does not carry the analysed commit/);
});

Deno.test("page: run ids in run columns link to their run pages; nothing else does", () => {
  const html = renderHtml(report);
  assert.ok(html.includes('<td><a href="https://github.com/acme/app/actions/runs/1234">1234</a>'));
  assert.ok(html.includes("<td>not-a-run</td>"));
  assert.ok(html.includes("<td>test</td>"), "the Job column is not a run column");
});

Deno.test("page: without a repository, or with a hostile one, nothing links to code or runs", () => {
  for (const source of [undefined, { repo: "acme/app/../../evil" }, { repo: 'a/b" onclick="x' }]) {
    const html = renderHtml({ ...report, source });
    const outside = hrefs(html).filter((h) => !h.startsWith("#"));
    assert.deepEqual(outside, ["https://github.com/acme/app/actions/runs/112"], String(source));
    assert.ok(html.includes("<code>.github/workflows/ci.yml:12</code>"));
  }
});

Deno.test("page: light and dark colours, a print stylesheet, readable contrast", () => {
  const html = renderHtml(report);
  assert.ok(html.includes('<meta name="color-scheme" content="light dark">'));
  assert.match(html, /@media \(prefers-color-scheme:dark\)\{:root\{--bg:#0d1117;--fg:#e6edf3/);
  assert.match(html, /@media print\{/);
  const luminance = (hex: string) => {
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
      .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const contrast = (a: string, b: string) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  const vars = (block: string) =>
    Object.fromEntries([...block.matchAll(/--([a-z]+):(#[0-9a-f]{6})/g)].map((m) => [m[1], m[2]]));
  const light = vars(/:root\{color-scheme:light dark;([^}]*)\}/.exec(html)![1]);
  const dark = vars(/prefers-color-scheme:dark\)\{:root\{([^}]*)\}/.exec(html)![1]);
  for (const [name, theme] of [["light", light], ["dark", dark]] as const) {
    for (const fg of ["fg", "muted", "link"]) {
      for (const bg of ["bg", "soft"]) {
        const ratio = contrast(theme[fg], theme[bg]);
        assert.ok(ratio >= 4.5, `${name} ${fg} on ${bg}: ${ratio.toFixed(2)}`);
      }
    }
  }
  for (const m of html.matchAll(/\.b-[a-z]+(?:,\.b-[a-z]+)*\{background:(#[0-9a-f]{6})\}/g)) {
    assert.ok(contrast("#ffffff", m[1]) >= 4.5, `white on badge ${m[1]}`);
  }
});

Deno.test("page: each chart is a figure with a caption in words and a labelled image", () => {
  const html = renderHtml(report);
  const figure = /<figure class="chart">([\s\S]*?)<\/figure>/.exec(html)?.[1] ?? "";
  assert.match(figure, /<svg [^>]*role="img" aria-label="Duration per run \(oldest first\)"/);
  assert.match(
    figure,
    /<figcaption><b>Duration per run \(oldest first\)<\/b> — Line chart of 1 series, in seconds\. ci\.yml: 3 points, 10m to 14m\. ci\.yml: 1 failed \(red crosses\)\. Marked at 3: ci\.yml slower from run 1038\.<\/figcaption>/,
  );
  assert.ok(figure.includes(">Run, oldest first</text>") && figure.includes(">Duration</text>"));
});
