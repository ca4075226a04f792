/**
 * GitLab CI/CD `rules:if` expressions → GitHub Actions expressions (without `${{ }}`), for
 * the predefined variables that have a GitHub equivalent. Anything else is refused with a
 * reason, never guessed.
 *
 * @module
 */

/** A translated expression, or why it could not be. */
export type Translation =
  | { ok: true; expr: string; events: Set<string> }
  | { ok: false; reason: string };

/** `$CI_PIPELINE_SOURCE` values → the GitHub event that plays the same part. */
export const PIPELINE_SOURCE_EVENTS: Record<string, string> = {
  push: "push",
  merge_request_event: "pull_request",
  external_pull_request_event: "pull_request",
  schedule: "schedule",
  web: "workflow_dispatch",
  api: "workflow_dispatch",
  trigger: "repository_dispatch",
};

/** Predefined variables whose value has a GitHub context equivalent (used in comparisons). */
const VALUE_OF: Record<string, string> = {
  CI_COMMIT_REF_NAME: "(github.head_ref || github.ref_name)",
  CI_COMMIT_SHA: "github.sha",
  CI_DEFAULT_BRANCH: "github.event.repository.default_branch",
  CI_PROJECT_PATH: "github.repository",
  CI_PROJECT_NAMESPACE: "github.repository_owner",
  CI_PROJECT_ROOT_NAMESPACE: "github.repository_owner",
  CI_PROJECT_NAME: "github.event.repository.name",
  CI_MERGE_REQUEST_TARGET_BRANCH_NAME: "github.base_ref",
  CI_MERGE_REQUEST_SOURCE_BRANCH_NAME: "github.head_ref",
  CI_MERGE_REQUEST_IID: "github.event.pull_request.number",
  CI_MERGE_REQUEST_ID: "github.event.pull_request.id",
  CI_MERGE_REQUEST_LABELS: "join(github.event.pull_request.labels.*.name, ',')",
  CI_MERGE_REQUEST_TITLE: "github.event.pull_request.title",
  CI_COMMIT_BRANCH:
    "(github.event_name != 'pull_request' && github.ref_type == 'branch' && github.ref_name || '')",
  CI_COMMIT_TAG: "(github.ref_type == 'tag' && github.ref_name || '')",
  CI_PIPELINE_SOURCE: "github.event_name",
};

/** Truth tests that read better than the value form. */
const TRUTHY: Record<string, string> = {
  CI_COMMIT_BRANCH: "(github.event_name != 'pull_request' && github.ref_type == 'branch')",
  CI_COMMIT_TAG: "github.ref_type == 'tag'",
  CI_MERGE_REQUEST_IID: "github.event_name == 'pull_request'",
  CI_MERGE_REQUEST_ID: "github.event_name == 'pull_request'",
  CI_MERGE_REQUEST_SOURCE_BRANCH_NAME: "github.event_name == 'pull_request'",
  CI_MERGE_REQUEST_TARGET_BRANCH_NAME: "github.event_name == 'pull_request'",
};

/** Events a bare truth test implies, for the workflow triggers. */
const TRUTHY_EVENTS: Record<string, string> = {
  CI_COMMIT_BRANCH: "push:branches",
  CI_COMMIT_TAG: "push:tags",
  CI_MERGE_REQUEST_IID: "pull_request",
  CI_MERGE_REQUEST_ID: "pull_request",
  CI_MERGE_REQUEST_SOURCE_BRANCH_NAME: "pull_request",
  CI_MERGE_REQUEST_TARGET_BRANCH_NAME: "pull_request",
};

type Tok =
  | { t: "var"; name: string }
  | { t: "str"; value: string }
  | { t: "re"; source: string; flags: string }
  | { t: "null" }
  | { t: "op"; op: string };

const MAX_EXPR_CHARS = 4000;

function tokenize(src: string): Tok[] | string {
  const toks: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const two = src.slice(i, i + 2);
    if (["==", "!=", "=~", "!~", "&&", "||"].includes(two)) {
      toks.push({ t: "op", op: two });
      i += 2;
    } else if (c === "(" || c === ")") {
      toks.push({ t: "op", op: c });
      i++;
    } else if (c === "$") {
      const m = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/.exec(src.slice(i));
      if (!m) return `unexpected '$' at ${i}`;
      toks.push({ t: "var", name: m[1] ?? m[2] });
      i += m[0].length;
    } else if (c === '"' || c === "'") {
      const end = src.indexOf(c, i + 1);
      if (end < 0) return "unterminated string";
      toks.push({ t: "str", value: src.slice(i + 1, end) });
      i = end + 1;
    } else if (c === "/") {
      let j = i + 1;
      while (j < src.length && src[j] !== "/") j += src[j] === "\\" ? 2 : 1;
      if (j >= src.length) return "unterminated regular expression";
      const flags = /^[a-z]*/.exec(src.slice(j + 1))![0];
      toks.push({ t: "re", source: src.slice(i + 1, j), flags });
      i = j + 1 + flags.length;
    } else if (src.startsWith("null", i)) {
      toks.push({ t: "null" });
      i += 4;
    } else {
      return `unexpected '${c}'`;
    }
  }
  return toks;
}

const quote = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** A regular expression GitHub can express with its string functions, else null. */
function regexTest(subject: string, source: string): string | null {
  const anchoredStart = source.startsWith("^");
  const anchoredEnd = source.endsWith("$") && !source.endsWith("\\$");
  const body = source.slice(anchoredStart ? 1 : 0, anchoredEnd ? -1 : undefined);
  const literal = body.replace(/\\([./\-_])/g, "$1");
  if (/[\\^$.*+?()[\]{}|]/.test(literal)) {
    if (anchoredStart && /^[^\\^$.*+?()[\]{}|]+\.\*$/.test(body.replace(/\\([/\-_])/g, "$1"))) {
      return `startsWith(${subject}, ${quote(body.slice(0, -2).replace(/\\([/\-_])/g, "$1"))})`;
    }
    return null;
  }
  if (anchoredStart && anchoredEnd) return `${subject} == ${quote(literal)}`;
  if (anchoredStart) return `startsWith(${subject}, ${quote(literal)})`;
  if (anchoredEnd) return `endsWith(${subject}, ${quote(literal)})`;
  return `contains(${subject}, ${quote(literal)})`;
}

/** Variables not predefined by GitLab read as repository variables (`vars`). */
function valueOf(
  name: string,
  userVars: Set<string>,
  known: Record<string, string>,
): string | null {
  if (name in VALUE_OF) return VALUE_OF[name];
  // Variables the file sets to a plain value are constants for the condition.
  if (Object.hasOwn(known, name) && !known[name].includes("$")) return quote(known[name]);
  if (name.startsWith("CI_") || name.startsWith("GITLAB_")) return null;
  userVars.add(name);
  return `vars.${name}`;
}

class Parser {
  i = 0;
  events = new Set<string>();
  userVars = new Set<string>();
  constructor(readonly toks: Tok[], readonly known: Record<string, string>) {}

  peekOp(op: string) {
    const t = this.toks[this.i];
    return t?.t === "op" && t.op === op;
  }

  or(): string {
    const parts = [this.and()];
    while (this.peekOp("||")) {
      this.i++;
      parts.push(this.and());
    }
    return parts.length === 1 ? parts[0] : `(${parts.join(" || ")})`;
  }

  and(): string {
    const parts = [this.primary()];
    while (this.peekOp("&&")) {
      this.i++;
      parts.push(this.primary());
    }
    return parts.length === 1 ? parts[0] : parts.join(" && ");
  }

  primary(): string {
    if (this.peekOp("(")) {
      this.i++;
      const inner = this.or();
      if (!this.peekOp(")")) throw new Error("missing ')'");
      this.i++;
      return `(${inner})`;
    }
    const left = this.toks[this.i++];
    if (!left) throw new Error("expression ends early");
    const next = this.toks[this.i];
    if (next?.t === "op" && ["==", "!=", "=~", "!~"].includes(next.op)) {
      this.i++;
      const right = this.toks[this.i++];
      if (!right) throw new Error(`nothing after '${next.op}'`);
      return this.compare(left, next.op, right);
    }
    if (left.t !== "var") throw new Error("a value alone is not a condition");
    if (left.name in TRUTHY_EVENTS) this.events.add(TRUTHY_EVENTS[left.name]);
    if (left.name in TRUTHY) return TRUTHY[left.name];
    const v = valueOf(left.name, this.userVars, this.known);
    if (!v) throw new Error(`$${left.name} has no GitHub equivalent`);
    return v;
  }

  compare(left: Tok, op: string, right: Tok): string {
    if (left.t !== "var" && right.t === "var") [left, right] = [right, left];
    if (left.t !== "var") throw new Error("a comparison needs a variable");
    const neg = op.startsWith("!");
    if (op === "=~" || op === "!~") {
      if (right.t !== "re") throw new Error("'=~' needs a /regex/");
      const subject = this.subject(left.name);
      const test = regexTest(subject, right.source);
      if (!test) {
        throw new Error(`the regular expression /${right.source}/ has no GitHub equivalent`);
      }
      return neg ? `!${test}` : test;
    }
    const eq = neg ? "!=" : "==";
    if (right.t === "null") {
      const v = this.subject(left.name);
      return neg ? `(${v} != '')` : `(${v} == '')`;
    }
    if (left.name === "CI_PIPELINE_SOURCE") {
      if (right.t !== "str") throw new Error("$CI_PIPELINE_SOURCE compared with a non-literal");
      const event = PIPELINE_SOURCE_EVENTS[right.value];
      if (!event) throw new Error(`pipeline source '${right.value}' has no GitHub event`);
      if (!neg) this.events.add(event);
      return `github.event_name ${eq} ${quote(event)}`;
    }
    const other = right.t === "str"
      ? quote(right.value)
      : right.t === "var"
      ? this.subject(right.name)
      : null;
    if (other === null) throw new Error("unsupported comparison");
    for (
      const [name, prefix, event] of [["CI_COMMIT_BRANCH", "refs/heads/", "push:branches"], [
        "CI_COMMIT_TAG",
        "refs/tags/",
        "push:tags",
      ]]
    ) {
      if (left.name !== name) continue;
      if (!neg) this.events.add(event);
      return right.t === "str"
        ? `github.ref ${eq} ${quote(prefix + right.value)}`
        : `github.ref ${eq} format('${prefix}{0}', ${other})`;
    }
    return `${this.subject(left.name)} ${eq} ${other}`;
  }

  subject(name: string): string {
    const v = valueOf(name, this.userVars, this.known);
    if (!v) throw new Error(`$${name} has no GitHub equivalent`);
    return v;
  }
}

/**
 * Translates one `if:` expression.
 *
 * @example
 * ```ts
 * translateExpr('$CI_PIPELINE_SOURCE == "schedule"');
 * // { ok: true, expr: "github.event_name == 'schedule'", events: Set { "schedule" } }
 * ```
 */
export function translateExpr(
  src: string,
  known: Record<string, string> = {},
): Translation & { userVars?: Set<string> } {
  if (src.length > MAX_EXPR_CHARS) return { ok: false, reason: "expression too long" };
  const toks = tokenize(src);
  if (typeof toks === "string") return { ok: false, reason: toks };
  if (toks.length === 0) return { ok: false, reason: "empty expression" };
  const p = new Parser(toks, known);
  try {
    const expr = p.or();
    if (p.i < toks.length) return { ok: false, reason: "unexpected trailing tokens" };
    return { ok: true, expr, events: p.events, userVars: p.userVars };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}
