/**
 * The environment of one converted job: its `variables:` and the predefined variables its
 * script reads (in its shell's syntax), split into job `env` (expressions GitHub evaluates
 * before the job starts) and step `env` (values that need a step output, such as
 * `CI_COMMIT_SHORT_SHA`). Variables without an equivalent stay visibly unresolved.
 *
 * @module
 */
import type { At, Audit } from "./gitlab_audit.ts";
import {
  COMPUTED_STEP_ID,
  computedRef,
  computedStep,
  predefined,
  slug,
} from "./gitlab_predefined.ts";
import { fieldRefs, replaceRefs, scriptRefs, type Shell } from "./gitlab_shell.ts";
import { expandValue, isPredefined, predefinedValue } from "./gitlab_vars.ts";

/** Inputs of {@linkcode jobEnv}. */
export interface JobEnvInput {
  name: string;
  stage: string;
  shell: Shell;
  /** Variables of the job (and global ones that need a step output), as written. */
  vars: Record<string, string>;
  globals: Record<string, string>;
  /** Everything the file defines for the job, with matrix keys as `${{ matrix.k }}`. */
  known: Record<string, string>;
  /** Names set on the workflow's `env`. */
  workflowEnv: Set<string>;
  script: string;
  /** Where notes about the script and about `variables:` point. */
  at: At;
  varsAt: At;
  audit: Audit;
}

/** Names with the table's reason, and one word for those the table does not know. */
function describe(names: string[]): string {
  const sorted = [...new Set(names)].sort();
  const known = sorted.filter((n) => predefined(n)).map((n) => `$${n} (${predefined(n)!.note})`);
  const other = sorted.filter((n) => !predefined(n)).map((n) => `$${n}`);
  const tail = other.length
    ? `${
      other.join(", ")
    } (not GitLab variables this converter knows, nor set in the file: project or group CI/CD variables? Define them as repository variables or secrets)`
    : "";
  return [...known, tail].filter(Boolean).join(", ");
}

const OUTPUT_REF = new RegExp(`steps\\.${COMPUTED_STEP_ID}\\.outputs\\.([A-Za-z0-9_]+)`, "g");

/**
 * A job's environment, and how its step inputs read variables. `field()` records the computed
 * variables it needs; call {@linkcode JobEnv.computedSteps} after every field is converted.
 *
 * @example
 * ```ts
 * const env = new JobEnv(input);
 * env.field("dist-$CI_COMMIT_SHORT_SHA/"); // "dist-${{ steps.gitlab.outputs.CI_COMMIT_SHORT_SHA }}/"
 * env.computedSteps(false).length; // 1
 * ```
 */
export class JobEnv {
  /** Job-level `env`. */
  readonly env: Record<string, string> = {};
  /** `env` of every run step (values that read step outputs). */
  readonly stepEnv: Record<string, string> = {};
  /** Predefined variables the script reads that have no equivalent. */
  readonly unresolved = new Set<string>();
  #computed = new Set<string>();
  #scope: Record<string, string>;

  constructor(readonly input: JobEnvInput) {
    const { vars, globals, known, varsAt, audit } = input;
    this.#scope = { ...known };
    if (!Object.hasOwn(known, "CI_JOB_NAME")) this.#scope.CI_JOB_NAME = input.name;
    if (!Object.hasOwn(known, "CI_JOB_STAGE")) this.#scope.CI_JOB_STAGE = input.stage;
    if (!Object.hasOwn(known, "CI_NODE_TOTAL")) this.#scope.CI_NODE_TOTAL = "1";
    if (!Object.hasOwn(known, "CI_JOB_NAME_SLUG")) this.#scope.CI_JOB_NAME_SLUG = slug(input.name);
    for (const [k, v] of Object.entries(vars)) {
      if (k.startsWith("GIT_")) continue;
      const scope = { ...this.#scope };
      delete scope[k];
      if (Object.hasOwn(globals, k) && globals[k] !== v) scope[k] = globals[k];
      const outside = expandValue(v, scope);
      const needsStep = outside.unmapped.some((n) => predefinedValue(n, { inStep: true }));
      const expanded = needsStep ? expandValue(v, scope, { inStep: true }) : outside;
      const unresolved = expanded.unmapped.filter((n) => n !== k);
      if (unresolved.length) {
        audit.change(
          varsAt,
          `variables: ${k} refers to ${
            unresolved.map((n) => `$${n}`).join(", ")
          }, which GitHub does not expand in env values; left as written`,
        );
      }
      if (needsStep) this.#setStep(k, expanded.text);
      else this.env[k] = expanded.text;
    }
  }

  #setStep(name: string, value: string) {
    this.stepEnv[name] = value;
    for (const m of value.matchAll(OUTPUT_REF)) this.#computed.add(m[1]);
  }

  /**
   * Maps the predefined variables the script reads (in its shell's syntax); those without an
   * equivalent are audited and listed in {@linkcode JobEnv.unresolved}.
   */
  mapScript(): void {
    const { script, shell, known, workflowEnv, at, audit } = this.input;
    for (const { name } of scriptRefs(script, shell)) {
      if (!isPredefined(name) || name in this.env || name in this.stepEnv) continue;
      if (Object.hasOwn(known, name) || workflowEnv.has(name)) continue;
      const row = predefined(name);
      if (row?.kind === "expression") this.env[name] = row.github!;
      else if (row?.kind === "computed") this.#setStep(name, computedRef(name));
      else if (row?.kind === "job") this.env[name] = this.#scope[name];
      else {
        this.unresolved.add(name);
        continue;
      }
      if (row.note && row.kind !== "job") audit.change({ ...at }, `$${name} ${row.note}`);
    }
    if (this.unresolved.size) {
      audit.notConverted(
        at,
        `GitLab variables with no GitHub equivalent are left unresolved (empty when the script runs, marked TODO(ci-orchestrator) in it): ${
          describe([...this.unresolved])
        }`,
      );
    }
  }

  /**
   * A step input (artifacts path, cache key) with its variables resolved: env names the job
   * or workflow sets, predefined ones per the table; anything else is kept as written and
   * audited (never turned into an empty `${{ env.X }}`).
   */
  field(text: string, what: string): string {
    const unknown: string[] = [];
    const out = replaceRefs(text, fieldRefs(text, this.input.shell), (name) => {
      if (name in this.stepEnv) {
        const expanded = this.stepEnv[name];
        for (const m of expanded.matchAll(OUTPUT_REF)) this.#computed.add(m[1]);
        return expanded;
      }
      if (name in this.env || this.input.workflowEnv.has(name)) return `\${{ env.${name} }}`;
      const matrix = this.input.known[name];
      if (matrix !== undefined && /^\$\{\{ matrix\.[^}]*\}\}$/.test(matrix)) return matrix;
      if (Object.hasOwn(this.#scope, name)) {
        const inner = expandValue(this.#scope[name], this.#scope, { inStep: true });
        if (inner.unmapped.length === 0) {
          for (const m of inner.text.matchAll(OUTPUT_REF)) this.#computed.add(m[1]);
          return inner.text;
        }
      }
      const mapped = predefinedValue(name, { inStep: true });
      if (mapped === null) {
        unknown.push(name);
        return null;
      }
      for (const m of mapped.matchAll(OUTPUT_REF)) this.#computed.add(m[1]);
      return mapped;
    });
    if (unknown.length) {
      this.input.audit.notConverted(
        this.input.at,
        `${what} refers to ${
          unknown.map((n) => `$${n}`).join(", ")
        }, which has no GitHub equivalent and is not defined in the file; it is left as written`,
      );
    }
    return out;
  }

  /** The first step writing the computed variables the job uses, if any. */
  computedSteps(windows: boolean): Record<string, unknown>[] {
    if (this.#computed.size === 0) return [];
    return [computedStep([...this.#computed].sort(), windows)];
  }

  /** The TODO comment lines a script starts with, one per unresolved variable. */
  todoLines(): string[] {
    const mark = this.input.shell === "cmd" ? "REM" : "#";
    return [...this.unresolved].sort().map((n) =>
      `${mark} TODO(ci-orchestrator): $${n} has no GitHub equivalent and is empty here; set it or rewrite this (see the migration audit)`
    );
  }
}
