/**
 * Undefined variable references in a workflow: `${{ env.X }}` that no workflow, job or step
 * `env` (nor an earlier step's `$GITHUB_ENV` write) sets, `${{ matrix.X }}` the job's matrix does
 * not have, `${{ steps.S.outputs.Y }}` with no earlier step `S` (or a run step `S` that never
 * writes `Y`), `${{ needs.J.… }}` for a job not in `needs`. GitHub evaluates each to an empty
 * string without a word; a converter must never produce one.
 *
 * @module
 */
import { parse } from "yaml";

type Map = Record<string, unknown>;
const isMap = (v: unknown): v is Map => typeof v === "object" && v !== null && !Array.isArray(v);
const keys = (v: unknown) => new Set(isMap(v) ? Object.keys(v) : []);

const EXPR = /\$\{\{([\s\S]*?)\}\}/g;
const REF =
  /\b(env|matrix)\.([A-Za-z_][A-Za-z0-9_-]*)|\bsteps\.([A-Za-z_][A-Za-z0-9_-]*)\.outputs\.([A-Za-z_][A-Za-z0-9_-]*)|\bsteps\.([A-Za-z_][A-Za-z0-9_-]*)\.(?:outcome|conclusion)|\bneeds\.([A-Za-z_][A-Za-z0-9_-]*)(?:\.outputs\.([A-Za-z_][A-Za-z0-9_-]*))?/g;

/** Every `${{ }}` expression text inside a value (strings of nested maps and lists). */
function expressions(value: unknown): string[] {
  if (typeof value === "string") return [...value.matchAll(EXPR)].map((m) => m[1]);
  if (Array.isArray(value)) return value.flatMap(expressions);
  if (isMap(value)) return Object.values(value).flatMap(expressions);
  return [];
}

/** Strips quoted literals so `'env.X'` in a string is not taken for a reference. */
const code = (expr: string) => expr.replace(/'(?:[^']|'')*'/g, "''");

function matrixKeys(job: Map): Set<string> | null {
  const strategy = isMap(job.strategy) ? job.strategy : null;
  if (!strategy || strategy.matrix === undefined) return new Set();
  if (!isMap(strategy.matrix)) return null; // an expression: keys unknown
  const out = new Set(
    Object.keys(strategy.matrix).filter((k) => k !== "include" && k !== "exclude"),
  );
  const include = strategy.matrix.include;
  if (typeof include === "string") return null;
  if (Array.isArray(include)) { for (const row of include) for (const k of keys(row)) out.add(k); }
  return out;
}

/** Names a run script writes to a file variable (`NAME=…` with `GITHUB_ENV`/`GITHUB_OUTPUT`). */
function writes(run: unknown, file: "GITHUB_ENV" | "GITHUB_OUTPUT"): Set<string> {
  const out = new Set<string>();
  if (typeof run !== "string" || !run.includes(file)) return out;
  for (const m of run.matchAll(/(?:^|[\s"'(])([A-Za-z_][A-Za-z0-9_-]*)(?:=|<<)/gm)) out.add(m[1]);
  return out;
}

/**
 * The undefined references of a workflow, in words, each with its job; empty when all are
 * defined or the text is not a workflow.
 *
 * @example
 * ```ts
 * undefinedRefs("on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo ${{ env.NOPE }}\n");
 * // ["job 'a' step 1: ${{ env.NOPE }} is set by no workflow, job or step env"]
 * ```
 */
export function undefinedRefs(text: string): string[] {
  let doc: unknown;
  try {
    doc = parse(text, { maxAliasCount: 100 });
  } catch {
    return [];
  }
  if (!isMap(doc) || !isMap(doc.jobs)) return [];
  const problems: string[] = [];
  const workflowEnv = keys(doc.env);
  for (const [id, job] of Object.entries(doc.jobs)) {
    if (!isMap(job)) continue;
    const needs = new Set(
      Array.isArray(job.needs) ? job.needs.map(String) : job.needs ? [String(job.needs)] : [],
    );
    const matrix = matrixKeys(job);
    const env = new Set([...workflowEnv, ...keys(job.env)]);
    const steps = new Map<string, Set<string> | null>();
    const check = (where: string, value: unknown, scope: { env: Set<string>; steps: boolean }) => {
      for (const expr of expressions(value)) {
        for (const m of code(expr).matchAll(REF)) {
          const [whole] = m;
          const ref = `\${{ ${whole} }}`;
          if (m[1] === "env" && !scope.env.has(m[2])) {
            problems.push(`${where}: ${ref} is set by no workflow, job or step env`);
          } else if (m[1] === "matrix" && matrix !== null && !matrix.has(m[2])) {
            problems.push(`${where}: ${ref} is not a key of the job's matrix`);
          } else if (m[3] !== undefined || m[5] !== undefined) {
            const sid = m[3] ?? m[5];
            const outputs = steps.get(sid);
            if (!scope.steps || outputs === undefined) {
              problems.push(`${where}: ${ref} names no earlier step with id '${sid}'`);
            } else if (m[4] !== undefined && outputs !== null && !outputs.has(m[4])) {
              problems.push(`${where}: ${ref}: step '${sid}' never writes '${m[4]}'`);
            }
          } else if (m[6] !== undefined && !needs.has(m[6])) {
            problems.push(`${where}: ${ref} names a job that is not in needs`);
          } else if (m[6] !== undefined && m[7] !== undefined) {
            const target = (doc as { jobs: Map }).jobs[m[6]];
            if (isMap(target) && !keys(target.outputs).has(m[7])) {
              problems.push(`${where}: ${ref}: job '${m[6]}' has no output '${m[7]}'`);
            }
          }
        }
      }
    };
    const jobPart: Map = {};
    for (const [k, v] of Object.entries(job)) if (k !== "steps" && k !== "outputs") jobPart[k] = v;
    check(`job '${id}'`, jobPart, { env: workflowEnv, steps: false });
    const list = Array.isArray(job.steps) ? job.steps : [];
    list.forEach((step, i) => {
      if (!isMap(step)) return;
      const stepEnv = new Set([...env, ...keys(step.env)]);
      check(`job '${id}' step ${i + 1}`, step, { env: stepEnv, steps: true });
      for (const name of writes(step.run, "GITHUB_ENV")) env.add(name);
      if (typeof step.id === "string") {
        steps.set(step.id, step.run !== undefined ? writes(step.run, "GITHUB_OUTPUT") : null);
      }
    });
    const outputEnv = new Set(env);
    check(`job '${id}' outputs`, job.outputs, { env: outputEnv, steps: true });
  }
  return problems;
}
