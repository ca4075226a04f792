/**
 * Finds the expressions of a file for the expression-level rules: every `${{ }}` written in a
 * YAML scalar (comments are not scalars, so a commented-out expression is not one), and every
 * `if:` condition with the job it guards.
 *
 * @module
 */
import { visit } from "yaml";
import type { Job, Located, Pos, WorkflowFile } from "../model.ts";
import { type Expr, parseExpr } from "./expr_ast.ts";

/** One `${{ }}` as written: its inner text, parsed, and where the inner text starts. */
export interface Fenced {
  /** The text between `${{` and `}}`. */
  inner: string;
  expr: Expr;
  /** Offset of `inner` in the file's source. */
  offset: number;
}

/**
 * The fenced expressions of `text`, with offsets relative to it; like zizmor, a `}}` inside a
 * quoted string does not close the expression.
 *
 * @example
 * ```ts
 * fencedIn("a ${{ b }} c").map((f) => f.inner); // [" b "]
 * ```
 */
export function fencedIn(text: string): { inner: string; offset: number }[] {
  const out: { inner: string; offset: number }[] = [];
  let from = 0;
  for (;;) {
    const start = text.indexOf("${{", from);
    if (start < 0) return out;
    let quoted = false;
    let end = -1;
    for (let i = start + 3; i < text.length; i++) {
      if (text[i] === "'") quoted = !quoted;
      else if (!quoted && text[i] === "}" && text[i - 1] === "}" && i - 1 >= start + 3) {
        end = i - 1;
        break;
      }
    }
    if (end < 0) return out;
    out.push({ inner: text.slice(start + 3, end), offset: start + 3 });
    from = end + 2;
  }
}

/**
 * Every parseable `${{ }}` in the scalars of `file`, in source order.
 *
 * @example
 * ```ts
 * for (const f of fencedExpressions(file)) console.log(file.posAt(f.offset), f.inner);
 * ```
 */
export function fencedExpressions(file: WorkflowFile): Fenced[] {
  const out: Fenced[] = [];
  visit(file.doc, {
    Scalar(_key, node) {
      if (!node.range) return;
      const text = file.source.slice(node.range[0], node.range[1]);
      for (const f of fencedIn(text)) {
        const expr = parseExpr(f.inner);
        if (expr) out.push({ inner: f.inner, expr, offset: node.range[0] + f.offset });
      }
    },
  });
  return out;
}

/** An `if:` of a job or step, parsed, with the offset its parsed text starts at. */
export interface Condition {
  cond: Located<string>;
  expr: Expr;
  /** Offset in the source of the parsed text's first character, when known. */
  base?: number;
  job: Job;
  where: string;
}

/**
 * The `if:` conditions of the jobs of a workflow (not composite actions), job's own first then
 * its steps', each parsed as GitHub does: the one `${{ }}` when it fences the whole value,
 * else the bare text.
 *
 * @example
 * ```ts
 * jobConditions(file).map((c) => c.where); // ["Job 'build'", "Step 'test' of job 'build'"]
 * ```
 */
export function jobConditions(file: WorkflowFile): Condition[] {
  if (file.kind !== "workflow") return [];
  const out: Condition[] = [];
  const add = (cond: Located<string> | undefined, job: Job, where: string) => {
    if (!cond) return;
    const value = cond.value.trim();
    const fenced = value.startsWith("${{") ? fencedIn(value)[0] : undefined;
    const text = fenced ? fenced.inner : value;
    const expr = parseExpr(text);
    if (!expr) return;
    const range = cond.node.range;
    const at = range ? file.source.slice(range[0], range[1]).indexOf(text) : -1;
    out.push({ cond, expr, job, where, ...(at < 0 || !range ? {} : { base: range[0] + at }) });
  };
  for (const job of file.jobs) {
    add(job.condition, job, `Job '${job.id}'`);
    for (const step of job.steps) {
      const name = step.name ? `'${step.name}'` : `#${step.index + 1}`;
      add(step.condition, job, `Step ${name} of job '${job.id}'`);
    }
  }
  return out;
}

/**
 * The source position of a node of a condition's expression (the condition's start when the
 * written text could not be found).
 *
 * @example
 * ```ts
 * nodePos(file, condition, condition.expr); // where the expression starts
 * ```
 */
export function nodePos(file: WorkflowFile, c: Condition, node: Expr): Pos {
  return c.base === undefined ? c.cond.pos : file.posAt(c.base + node.start);
}
