/**
 * Issue 12 item 6: CI-controlled text (workflow, job and step names, branch, commit message,
 * pusher, log lines, finding and table text) fed as hostile strings through every renderer —
 * Slack Block Kit, Discord embeds and content, the Teams card, Copilot markdown, plain markdown
 * and the report page. Outside code, no link or mention may come from the input; the log excerpt
 * stays inside one code block; no bidi control or stray zero-width character is shown.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import type { KnownBlock } from "@slack/types";
import { renderReport as renderSlack } from "../../bots/slack/blockkit.ts";
import { renderReport as renderDiscord } from "../../bots/discord/embeds.ts";
import { renderCard } from "../../bots/teams/card.ts";
import { reportText } from "../../copilot/agent/render.ts";
import { alertReport, withWhy } from "../../src/alerts/report.ts";
import { renderHtml } from "../../src/report/html.ts";
import { renderMarkdown } from "../../src/report/markdown.ts";
import { type Report, ReportSchema } from "../../src/report/model.ts";
import {
  discordViolations,
  fencePieces,
  htmlViolations,
  invisibleViolations,
  markdownPieces,
  markdownViolations,
  slackViolations,
  teamsViolations,
  type Violation,
} from "./escape_checks.ts";

const REPORT_URL = "https://ci.example.test/reports/r1";
const SHA = "0123456789abcdef0123456789abcdef01234567";
const RUN_URL = "https://github.example.test/acme/app/actions/runs/7";
const ALLOWED = new Set([
  REPORT_URL,
  `${REPORT_URL}/chart.png`,
  RUN_URL,
  `https://github.example.test/acme/app/commit/${SHA}`,
]);

/** What a hostile job log, name or commit message is made of. */
const HOSTILE = [
  "```",
  "``",
  "`",
  "````\n",
  "\n```\n",
  "<!channel>",
  "<!here>",
  "<@U0123ABCD>",
  "<#C0123ABCD|general>",
  "<!subteam^S012>",
  "@everyone",
  "@here",
  "<@123456789012345678>",
  "<@&123456789012345678>",
  "<#123456789012345678>",
  "<https://evil.example|Re-authenticate>",
  "[Re-authenticate](https://evil.example)",
  "[x](javascript:alert(1))",
  "<javascript:alert(1)>",
  "<script>alert(1)</script>",
  '<a href="https://evil.example">x</a>',
  "&lt;",
  "&amp;",
  "&#60;https://evil.example&#62;",
  "\u202E",
  "\u2066",
  "\u2069",
  "\u200B",
  "\u200D",
  "\uFEFF",
  "\n",
  "*",
  "**",
  "_",
  "~",
  "|",
  "\\",
  "# ",
  "> ",
  "- ",
  "]",
  "(",
  ")",
];

const hostile = fc.array(fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 6 })), {
  minLength: 1,
  maxLength: 8,
}).map((parts) => parts.join(""));

/** A failed run's alert, every CI-controlled string hostile. */
function alert(h: {
  workflow: string;
  job: string;
  step: string;
  branch: string;
  commit: string;
  pusher: string;
  log: string[];
}): Report {
  const input = alertReport(
    {
      repo: "acme/app",
      run: {
        id: 7,
        workflowId: 1,
        name: h.workflow,
        path: ".github/workflows/ci.yml",
        headBranch: h.branch,
        headSha: SHA,
        event: "push",
        status: "completed",
        conclusion: "failure",
        attempt: 1,
        createdAt: "2026-12-03T09:00:00Z",
        updatedAt: "2026-12-03T09:05:00Z",
        url: RUN_URL,
      },
      commit: { message: h.commit, author: h.pusher },
      pusher: h.pusher,
    },
    "failure",
    {
      jobs: [{
        id: 9,
        runId: 7,
        name: h.job,
        status: "completed",
        conclusion: "failure",
        startedAt: null,
        completedAt: null,
        labels: [],
        url: RUN_URL,
        steps: [{ name: h.step, number: 1, status: "completed", conclusion: "failure" }],
      }],
      failure: { job: h.job, step: h.step, jobId: 9 },
      logTail: ["LOGSTART", ...h.log, "LOGEND"].join("\n"),
    },
  );
  return ReportSchema.parse({ ...withWhy(input, "You subscribed to failures."), id: "r1" });
}

/** A report whose findings and tables carry hostile text. */
function analysis(h: string[]): Report {
  return ReportSchema.parse({
    id: "r1",
    title: `Analyze ${h[0]}`,
    status: "warning",
    summary: `Found ${h[1]} in \`${h[2]}\`.`,
    fields: [{ label: h[3], value: h[4] }],
    findings: [{
      ruleId: h[5],
      severity: "warning",
      file: h[6],
      line: 3,
      message: h[7],
      fix: h[8],
      patch: `LOGSTART\n${h[9]}\nLOGEND`,
    }],
    tables: [{ title: h[0], columns: ["Job", h[1]], rows: [[h[2], h[3]], [h[4], h[5]]] }],
    charts: [{
      title: h[6],
      kind: "bar",
      series: [{ name: h[7], points: [{ x: h[8], y: 1 }] }],
    }],
    links: [{ label: h[9], url: RUN_URL }],
  });
}

function slackTexts(blocks: KnownBlock[]): { mrkdwn: boolean; text: string }[] {
  const out: { mrkdwn: boolean; text: string }[] = [];
  const visit = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== "object") return;
    const o = node as Record<string, unknown>;
    if ((o.type === "mrkdwn" || o.type === "plain_text") && typeof o.text === "string") {
      out.push({ mrkdwn: o.type === "mrkdwn", text: o.text });
    }
    Object.values(o).forEach(visit);
  };
  visit(blocks);
  return out;
}

/** The piece of `pieces` holding LOGSTART is code and also holds LOGEND (not closed early). */
function logStaysInCode(
  where: string,
  pieces: { inside: boolean; text: string }[],
): Violation[] {
  const start = pieces.find((p) => p.text.includes("LOGSTART"));
  if (!start) return [];
  return start.inside && start.text.includes("LOGEND") ? [] : [{
    where,
    what: "log excerpt not inside one code block",
    text: pieces.map((p) => `${p.inside ? "CODE" : "TEXT"}:${p.text}`).join("|"),
  }];
}

/** Every problem of every renderer with `report`. */
function violations(report: Report): Violation[] {
  const out: Violation[] = [];

  const slack = renderSlack(report, { reportUrl: REPORT_URL });
  out.push(...slackViolations("slack.text", slack.text, ALLOWED));
  for (const t of slackTexts(slack.blocks)) {
    out.push(
      ...(t.mrkdwn
        ? slackViolations("slack.mrkdwn", t.text, ALLOWED)
        : invisibleViolations("slack.plain", t.text)),
    );
    if (t.mrkdwn) out.push(...logStaysInCode("slack", fencePieces(t.text)));
  }

  const discord = renderDiscord(report, { reportUrl: REPORT_URL });
  if (discord.allowed_mentions.parse.length !== 0) {
    out.push({ where: "discord", what: "allowed_mentions parses", text: "" });
  }
  const discordTexts = [
    discord.content,
    ...discord.embeds.flatMap((e) => [
      e.title ?? "",
      e.description ?? "",
      ...(e.fields ?? []).flatMap((f) => [f.name, f.value]),
    ]),
  ];
  for (const text of discordTexts) {
    out.push(...discordViolations("discord", text, ALLOWED));
    out.push(...logStaysInCode("discord", fencePieces(text)));
  }

  const card = renderCard(report, { reportUrl: REPORT_URL });
  out.push(...teamsViolations(card, ALLOWED));
  const runs: { type: string; text: string; fontType?: string }[] = [];
  JSON.stringify(card, (_k, v) => {
    if (v && typeof v === "object" && typeof v.text === "string") runs.push(v);
    return v;
  });
  for (const r of runs.filter((r) => r.text.includes("LOGSTART"))) {
    if (r.type !== "TextRun" || r.fontType !== "Monospace" || !r.text.includes("LOGEND")) {
      out.push({ where: "teams", what: "log excerpt not one monospace run", text: r.text });
    }
  }

  for (
    const [where, text] of [["markdown", renderMarkdown(report)], [
      "copilot",
      reportText(report, REPORT_URL),
    ]]
  ) {
    out.push(...markdownViolations(where, text, ALLOWED));
    out.push(...logStaysInCode(where, markdownPieces(text)));
  }

  const html = renderHtml(report);
  out.push(...htmlViolations(html, ALLOWED));
  const pres = [...html.matchAll(/<pre>([\s\S]*?)<\/pre>/g)].map((m) => m[1]);
  if (/LOGSTART/.test(html) && !pres.some((p) => p.includes("LOGSTART") && p.includes("LOGEND"))) {
    out.push({ where: "html", what: "log excerpt not in one <pre>", text: html });
  }
  return out;
}

Deno.test("hostile workflow, job, step, branch, commit and log text never becomes a link or mention, on any surface", () => {
  fc.assert(
    fc.property(
      fc.record({
        workflow: hostile,
        job: hostile,
        step: hostile,
        branch: hostile,
        commit: hostile,
        pusher: hostile,
        log: fc.array(hostile, { minLength: 1, maxLength: 6 }),
      }),
      (h) => {
        const found = violations(alert(h));
        assert.deepEqual(found.slice(0, 3), []);
      },
    ),
    { numRuns: 150 },
  );
});

Deno.test("hostile finding, table, field and chart text never becomes a link or mention, on any surface", () => {
  fc.assert(
    fc.property(fc.array(hostile, { minLength: 10, maxLength: 10 }), (h) => {
      const found = violations(analysis(h));
      assert.deepEqual(found.slice(0, 3), []);
    }),
    { numRuns: 150 },
  );
});

Deno.test("the classic attack: a log line of ``` then a Slack and a markdown link, per surface", () => {
  const report = alert({
    workflow: "CI [Re-authenticate](javascript:alert(1))",
    job: "test <!channel>",
    step: "pytest @everyone",
    branch: "main\u202Egnp.exe",
    commit: "fix <https://evil.example|Re-authenticate>",
    pusher: "octocat",
    log: [
      "```",
      "<https://evil.example|Re-authenticate>",
      "[Re-authenticate](https://evil.example)",
    ],
  });
  const found = violations(report);
  assert.deepEqual(found.map((v) => `${v.where}: ${v.what}`), []);
});
