/**
 * Help, generated from the command table the parser reads, as markdown and as a Report (which
 * each surface renders richly: Block Kit, embeds, Adaptive Cards).
 *
 * @module
 */
import type { ReportInput } from "../report/model.ts";
import { COMMANDS, commandSpec, KEYS, MENTION_WORDS, SLASH_COMMANDS } from "./commands.ts";
import type { Op } from "./schema.ts";

const NATURAL_EXAMPLES = [
  "Test my CI workflow with Python 3.11 and 3.12",
  "Why is my CI slow?",
  "How can I make my CI faster?",
  "compare main and my-branch on acme/app",
  "Help me migrate to shared actions",
  "notify this channel when acme/app's CI fails",
];

function keysMarkdown(names: readonly string[]): string {
  return KEYS.filter((k) => names.includes(k.name))
    .map((k) => {
      const aliases = k.aliases.length > 0
        ? ` (also ${k.aliases.map((a) => `\`${a}\``).join(", ")})`
        : "";
      return `- \`${k.name}\`${aliases}: ${k.description}, e.g. \`${k.example}\``;
    })
    .join("\n");
}

function syntaxMarkdown(): string {
  return [
    '- `key:value` or `key=value`; quote values with spaces: `ref:"my branch"`',
    '- gh-style flags: `--repo acme/app`, `--matrix=\'{"os": ["ubuntu-latest"]}\'`, `-R acme/app`',
    "- positional `owner/repo`, GitHub URLs, and workflow files (`ci.yml`, `.github/workflows/x.yml`)",
    "- matrices: `matrix:full` (preset), `matrix:python-version=3.11,3.12;os=ubuntu-latest`, or JSON",
  ].join("\n");
}

function wordsMarkdown(): string {
  const slash = SLASH_COMMANDS.map((c) => `\`${c.command}\``).join(", ");
  return `${slash}, ${MENTION_WORDS.map((w) => `\`${w}\``).join(", ")}, or a mention of the bot. ` +
    "`/ci-test` alone shows this help; `/ci-analyze` and friends imply their command.";
}

/** What linking a GitHub account does, for the overview and for `help login`/`help logout`. */
const ACCOUNT_MARKDOWN = [
  "- `login` (or `sign in`, `connect my github account`) links your GitHub account once: " +
  "enter the code it shows on GitHub, or approve in one click.",
  "- From then on ci-orchestrator acts on GitHub with what you may do there: it reads what you " +
  "can read, and runs, cancels or changes CI only where your GitHub access allows.",
  "- Without a link you may only read public repositories, if this service allows that.",
  "- `logout` (or `sign out`, `unlink`) unlinks you and revokes the token. Tokens are stored " +
  "encrypted and never shown.",
].join("\n");

const ACCOUNT_OPS: ReadonlySet<Op> = new Set(["login", "logout"]);

function topicSections(op: Op) {
  const spec = commandSpec(op);
  const aliases = spec.aliases.length > 0
    ? `Also: ${spec.aliases.map((a) => `\`${a}\``).join(", ")}`
    : "";
  return [
    { title: "Usage", markdown: `\`${spec.usage}\`${aliases ? `\n\n${aliases}` : ""}` },
    ...(spec.keys.length > 0 ? [{ title: "Keys", markdown: keysMarkdown(spec.keys) }] : []),
    ...(ACCOUNT_OPS.has(op) ? [{ title: "Your GitHub account", markdown: ACCOUNT_MARKDOWN }] : []),
    { title: "Examples", markdown: spec.examples.map((e) => `- \`${e}\``).join("\n") },
  ];
}

function overviewSections() {
  return [
    { title: "Syntax", markdown: syntaxMarkdown() },
    { title: "Keys", markdown: keysMarkdown(KEYS.map((k) => k.name)) },
    {
      title: "Or just ask",
      markdown: NATURAL_EXAMPLES.map((e) => `- ${e}`).join("\n"),
    },
    { title: "Your GitHub account", markdown: ACCOUNT_MARKDOWN },
    { title: "Command words", markdown: wordsMarkdown() },
  ];
}

/**
 * Help as a Report: the command table (usage and example per command) and sections; with a
 * topic, that command's usage, keys and examples.
 *
 * @example
 * ```ts
 * helpReport().tables?.[0].rows.length; // one row per command
 * helpReport("compare").title; // "help: compare"
 * ```
 */
export function helpReport(topic?: Op): ReportInput {
  if (topic) {
    const spec = commandSpec(topic);
    return {
      title: `help: ${topic}`,
      status: "neutral",
      summary: spec.summary,
      tables: [],
      sections: topicSections(topic),
    };
  }
  return {
    title: "ci-orchestrator commands",
    status: "neutral",
    summary: "Drive CI from chat. Type a command, or ask in plain words.",
    tables: [{
      title: "Commands",
      columns: ["Command", "What it does", "Usage", "Example"],
      rows: COMMANDS.map((c) => [c.name, c.summary, c.usage, c.examples[0]]),
    }],
    sections: overviewSections(),
  };
}

/**
 * Help as markdown, from the same report.
 *
 * @example
 * ```ts
 * helpText("analyze").startsWith("## help: analyze"); // true
 * ```
 */
export function helpText(topic?: Op): string {
  const report = helpReport(topic);
  const out = [`## ${report.title}`, "", report.summary, ""];
  for (const table of report.tables ?? []) {
    out.push(`| ${table.columns.join(" | ")} |`, `|${table.columns.map(() => "---").join("|")}|`);
    for (const row of table.rows) {
      const cells = row.map((cell, i) => (i === 1 ? cell : `\`${cell}\``).replace(/\|/g, "\\|"));
      out.push(`| ${cells.join(" | ")} |`);
    }
    out.push("");
  }
  for (const section of report.sections ?? []) {
    out.push(`### ${section.title}`, "", section.markdown, "");
  }
  return out.join("\n").trimEnd() + "\n";
}
