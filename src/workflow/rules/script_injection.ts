/**
 * `script-injection`: attacker-controlled context values expanded into a shell script.
 *
 * @module
 */
import type { Finding } from "../../report/model.ts";
import { type Located, stepGroups } from "../model.ts";
import { parseUses } from "../uses.ts";
import { finding, posWithin, type Rule } from "./rule.ts";

/**
 * Context paths anyone who can open an issue, PR, comment or push a branch controls
 * (the lists of actionlint's untrusted-inputs check and GitHub's hardening guide).
 * `*` stands for any array index or object key.
 */
export const UNTRUSTED_INPUTS = [
  "github.head_ref",
  "github.event.issue.title",
  "github.event.issue.body",
  "github.event.pull_request.title",
  "github.event.pull_request.body",
  "github.event.pull_request.head.ref",
  "github.event.pull_request.head.label",
  "github.event.pull_request.head.repo.default_branch",
  "github.event.comment.body",
  "github.event.review.body",
  "github.event.review_comment.body",
  "github.event.discussion.title",
  "github.event.discussion.body",
  "github.event.pages.*.page_name",
  "github.event.commits.*.message",
  "github.event.commits.*.author.email",
  "github.event.commits.*.author.name",
  "github.event.head_commit.message",
  "github.event.head_commit.author.email",
  "github.event.head_commit.author.name",
  "github.event.workflow_run.head_branch",
  "github.event.workflow_run.head_commit.message",
  "github.event.workflow_run.head_commit.author.email",
  "github.event.workflow_run.head_commit.author.name",
  "github.event.workflow_run.pull_requests.*.head.ref",
];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

// `github.event.commits[0].message`, `github.event.commits.*.message` and `github['head_ref']`
// all normalise to the dotted form before matching.
const PATTERNS = UNTRUSTED_INPUTS.map((path) => ({
  path,
  re: new RegExp(
    "(?<![\\w.-])" + path.split(".").map((s) => s === "*" ? "[^.\\s)]+" : escape(s)).join("\\.") +
      "(?![\\w-])",
    "i",
  ),
}));

const normalise = (expr: string) =>
  expr.replace(/\[\s*'([^']*)'\s*\]/g, ".$1").replace(/\[\s*(\d+|\*)\s*\]/g, ".$1");

/**
 * The untrusted paths an expression text mentions.
 *
 * @example
 * ```ts
 * untrustedIn("${{ github.event.issue.title }}"); // ["github.event.issue.title"]
 * ```
 */
export function untrustedIn(text: string): { expression: string; path: string }[] {
  const out: { expression: string; path: string }[] = [];
  for (const m of text.matchAll(/\$\{\{([\s\S]*?)\}\}/g)) {
    const body = normalise(m[1]);
    for (const p of PATTERNS) if (p.re.test(body)) out.push({ expression: m[0], path: p.path });
  }
  return out;
}

const envName = (path: string) =>
  path.split(".").filter((s) => s !== "*" && s !== "github" && s !== "event").join("_")
    .replace(/[^A-Za-z0-9]+/g, "_").toUpperCase();

/**
 * The rule: `run:` scripts and `actions/github-script` `script:` inputs.
 *
 * @example
 * ```ts
 * scriptInjection.check(file).map((f) => f.message);
 * ```
 */
export const scriptInjection: Rule = {
  id: "script-injection",
  severity: "error",
  level: "default",
  confidence: "high",
  title: "Untrusted input interpolated into a script",
  rationale:
    "`${{ }}` is pasted into the script before it runs: a crafted title or branch name runs as code.",
  check(file) {
    const out: Finding[] = [];
    const scan = (script: Located<string>, where: string, js: boolean, job?: string) => {
      for (const hit of untrustedIn(script.value)) {
        const name = envName(hit.path);
        out.push(finding(
          this,
          file,
          posWithin(file, script, hit.expression),
          `${where} interpolates untrusted '${hit.path}' (${hit.expression}) into the script`,
          {
            text: js
              ? `Pass it through \`env:\` and read \`process.env.${name}\` in the script.`
              : `Pass it through \`env:\` and use the quoted variable \`"$${name}"\` in the script.`,
            patch: `env:\n  ${name}: \${{ ${hit.path} }}\n` +
              (js ? `script: console.log(process.env.${name})` : `run: echo "$${name}"`),
          },
          job,
        ));
      }
    };
    for (const group of stepGroups(file)) {
      for (const step of group.steps) {
        const label = `Step ${step.name ? `'${step.name}'` : `#${step.index + 1}`}`;
        if (step.run) scan(step.run, label, false, group.job?.id);
        const uses = step.uses ? parseUses(step.uses.value) : undefined;
        const script = step.with["script"];
        if (uses?.kind === "remote" && uses.action === "actions/github-script" && script) {
          scan(script, `${label} (github-script)`, true, group.job?.id);
        }
      }
    }
    return out;
  },
};
