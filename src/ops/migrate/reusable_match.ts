/**
 * Decides whether one hand-written job can become a call of a catalog reusable workflow, and
 * what the calling job passes: every step must be covered by the callee, every value the job
 * gave its steps must reach the callee as an input (or be a documented loss), and the secrets
 * passed must be ones the job already used. Anything unsure is a reason to keep the job.
 *
 * @module
 */
import { parseUses } from "../../workflow/uses.ts";
import type { CatalogInput, CatalogWorkflow } from "./catalog.ts";

/** A job as plain data (`doc.toJS()` of `jobs.<id>`). */
export type RawJob = Record<string, unknown>;

/** What to write instead of the job's steps. */
export interface CallPlan {
  catalogId: string;
  entry: CatalogWorkflow;
  with: Record<string, string | number | boolean>;
  /** Callee secret name → the repository secret passed to it. */
  secrets: Record<string, string>;
  /** Job keys to remove (`runs-on`, `steps`, `env`, …). */
  drop: string[];
  /** Behaviour changes a reviewer must check. */
  changes: string[];
}

/** The answer for one job and one catalog workflow. */
export type MatchResult =
  | { ok: true; plan: CallPlan }
  | { ok: false; candidate: boolean; reason: string };

/** Keys a job calling a reusable workflow may keep. */
export const CALLER_KEYS: readonly string[] = [
  "name",
  "uses",
  "with",
  "secrets",
  "strategy",
  "needs",
  "if",
  "concurrency",
  "permissions",
];
// Keys replaced by the call, with a note when their effect moves to the callee.
const CONSUMED = new Set(["runs-on", "steps", "env", "timeout-minutes"]);
const BLOCKERS: Record<string, string> = {
  outputs: "its `outputs` feed other jobs, and the callee's outputs are not in the catalog",
  services: "it starts `services`, which a calling job cannot pass on",
  container: "it runs in a `container`, which a calling job cannot pass on",
  environment: "it deploys to an `environment` whose protection and secrets the call would lose",
  "continue-on-error": "`continue-on-error` is not allowed on a calling job",
  defaults: "its `defaults` (shell, working directory) would not reach the callee",
};
const ALWAYS_COVERED = new Set(["actions/checkout"]);
const EXPR = /\$\{\{([\s\S]*?)\}\}/g;
const LOST_CONTEXTS = /\b(matrix|inputs|needs|vars|env|steps|jobs|strategy)\s*\./;
const SECRET_REF = /\bsecrets\s*\.\s*([A-Za-z_][A-Za-z0-9_]*)|\bsecrets\s*\[\s*'([^']+)'\s*\]/g;
const HARMLESS = /^(?:echo|printf|set\s+[-+][a-z]+|true|:)(?:\s|$)/;

const norm = (s: string) => s.trim().replace(/\s+/g, " ");
const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const text = (v: unknown) =>
  typeof v === "string" ? v : v === undefined || v === null ? "" : JSON.stringify(v);

/**
 * Whether `command` matches a catalog glob (`*` is any text; whitespace runs are one space).
 *
 * @example
 * ```ts
 * globMatch("pytest*", "pytest -q tests"); // true
 * globMatch("pip install -r requirements*.txt", "pip install -e ."); // false
 * ```
 */
export function globMatch(glob: string, command: string): boolean {
  const source = norm(glob).split("*").map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${source}$`).test(norm(command));
}

/**
 * The commands of a `run:` script: continuation lines joined, comments dropped, split on
 * `&&`, `||` and `;`, trivial ones (`echo`, `set -e`) left out.
 *
 * @example
 * ```ts
 * commands("pip install -U pip && pip install -e .\n# lint\nruff check .");
 * // ["pip install -U pip", "pip install -e .", "ruff check ."]
 * ```
 */
export function commands(script: string): string[] {
  return script.replace(/\\\r?\n/g, " ").split(/\r?\n/)
    .filter((l) => !/^\s*#/.test(l))
    .flatMap((l) => l.split(/&&|\|\||;/))
    .map(norm)
    .filter((c) => c !== "" && !HARMLESS.test(c));
}

interface StepView {
  index: number;
  label: string;
  action?: string;
  with: Record<string, unknown>;
  commands: string[];
  raw: Record<string, unknown>;
}

function stepViews(steps: unknown[]): StepView[] {
  return steps.map((s, index) => {
    const raw = isRecord(s) ? s : {};
    const uses = typeof raw.uses === "string" ? parseUses(raw.uses) : undefined;
    const action = uses?.kind === "remote"
      ? uses.action
      : typeof raw.uses === "string"
      ? raw.uses
      : undefined;
    const name = typeof raw.name === "string" ? raw.name : undefined;
    const label = `step ${index + 1}${name ? ` '${name}'` : action ? ` (${action})` : ""}`;
    return {
      index,
      label,
      action,
      with: isRecord(raw.with) ? raw.with : {},
      commands: typeof raw.run === "string" ? commands(raw.run) : [],
      raw,
    };
  });
}

/**
 * Secret names referenced in any value (`secrets.NAME`), without `GITHUB_TOKEN`.
 *
 * @example
 * ```ts
 * secretRefs("${{ secrets.PYPI_TOKEN }} ${{ secrets.GITHUB_TOKEN }}"); // Set { "PYPI_TOKEN" }
 * ```
 */
export function secretRefs(source: string): Set<string> {
  const out = new Set<string>();
  for (const m of source.matchAll(SECRET_REF)) {
    const name = m[1] ?? m[2];
    if (name.toUpperCase() !== "GITHUB_TOKEN") out.add(name);
  }
  return out;
}

const lostRefs = (value: unknown): string[] =>
  [...text(value).matchAll(EXPR)].map((m) => m[1].trim()).filter((e) => LOST_CONTEXTS.test(e));

function typed(input: CatalogInput, value: string): string | number | boolean | undefined {
  if (/\$\{\{/.test(value) || input.type === "string") return value;
  if (input.type === "number") return /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : undefined;
  return value === "true" ? true : value === "false" ? false : undefined;
}

interface InputsOutcome {
  with: Record<string, string | number | boolean>;
  /** `with:` keys, env names and commands whose values went into an input. */
  carried: Set<string>;
  runsOnMapped: boolean;
  problem?: string;
}

function mapInputs(entry: CatalogWorkflow, job: RawJob, steps: StepView[]): InputsOutcome {
  const out: InputsOutcome = { with: {}, carried: new Set(), runsOnMapped: false };
  const env = isRecord(job.env) ? job.env : {};
  for (const [name, input] of Object.entries(entry.inputs)) {
    let value: string | undefined;
    const from = input.from ?? "";
    if (from === "runs-on") {
      if (typeof job["runs-on"] === "string") value = job["runs-on"];
      out.runsOnMapped = true;
    } else if (from.startsWith("env:")) {
      const key = from.slice(4);
      if (key in env) value = text(env[key]);
      out.carried.add(`env:${key}`);
    } else if (from.startsWith("with:")) {
      const [, action, key] = /^with:(.+):([^:]+)$/.exec(from)!;
      const step = steps.find((s) => s.action === action.toLowerCase() && key in s.with);
      if (step) value = text(step.with[key]);
      out.carried.add(`with:${action.toLowerCase()}:${key}`);
    } else if (from.startsWith("run:")) {
      const re = new RegExp(from.slice(4));
      for (const step of steps) {
        const hit = step.commands.map((c) => re.exec(c)).find((m) => m !== null);
        if (hit) {
          value = (hit[1] ?? "").trim();
          out.carried.add(`run:${hit.input}`);
          break;
        }
      }
    }
    if (value === undefined || value === "") {
      if (input.required && input.default === undefined) {
        return {
          ...out,
          problem: `input \`${name}\` is required and the job gives no value for it`,
        };
      }
      continue;
    }
    const v = typed(input, value);
    if (v === undefined) {
      return { ...out, problem: `input \`${name}\` is a ${input.type}; the job gives '${value}'` };
    }
    if (v !== input.default) out.with[name] = v;
  }
  return out;
}

const RANK: Record<string, number> = { none: 0, read: 1, write: 2 };

function permissionProblem(
  needed: Record<string, string> | undefined,
  granted: unknown,
): string | undefined {
  if (!needed || granted === undefined) return undefined;
  for (const [scope, level] of Object.entries(needed)) {
    const have = granted === "write-all"
      ? "write"
      : granted === "read-all"
      ? "read"
      : isRecord(granted)
      ? text(granted[scope] ?? "none")
      : "none";
    if ((RANK[have] ?? 0) < (RANK[level] ?? 0)) {
      return `the callee needs \`${scope}: ${level}\` and the job grants \`${scope}: ${have}\``;
    }
  }
  return undefined;
}

const requirementMet = (req: string, steps: StepView[]) =>
  steps.some((s) => s.action === req.toLowerCase() || s.commands.some((c) => globMatch(req, c)));

/**
 * Tries to replace `job` with a call of the catalog workflow `entry`.
 *
 * @example
 * ```ts
 * const r = matchJob(rawJob, "python-ci", catalog.workflows["python-ci"], { permissions });
 * if (r.ok) r.plan.with; // { "python-version": "${{ matrix.python-version }}" }
 * ```
 */
export function matchJob(
  job: RawJob,
  catalogId: string,
  entry: CatalogWorkflow,
  workflow: { permissions?: unknown; concurrency?: unknown; env?: unknown },
): MatchResult {
  if (!Array.isArray(job.steps)) return { ok: false, candidate: false, reason: "it has no steps" };
  const steps = stepViews(job.steps);
  const covers = entry.covers;
  const required = covers.requires ?? covers.setup;
  const missing = required.filter((r) => !requirementMet(r, steps));
  const candidate = missing.length === 0 && required.length > 0;
  const no = (reason: string): MatchResult => ({ ok: false, candidate, reason });
  if (!candidate) {
    return no(`it does not do what \`${catalogId}\` covers (no ${missing[0] ?? "requirement"})`);
  }
  const allowedActions = new Set([...covers.setup, ...covers.uses].map((a) => a.toLowerCase()));
  for (const step of steps) {
    if (
      step.action !== undefined && !ALWAYS_COVERED.has(step.action) &&
      !allowedActions.has(step.action)
    ) {
      return no(`${step.label} uses \`${step.action}\`, which \`${catalogId}\` does not cover`);
    }
    const loose = step.commands.find((c) => !covers.run.some((g) => globMatch(g, c)));
    if (loose) return no(`${step.label} runs \`${loose}\`, which \`${catalogId}\` does not cover`);
    if (step.raw["continue-on-error"] !== undefined) {
      return no(`${step.label} has \`continue-on-error\`, which the call cannot keep`);
    }
    if (step.raw["working-directory"] !== undefined) {
      return no(
        `${step.label} runs in \`${text(step.raw["working-directory"])}\`, ` +
          "which the call cannot pass on",
      );
    }
  }
  for (const key of Object.keys(job)) {
    if (BLOCKERS[key]) return no(BLOCKERS[key]);
    if (!CALLER_KEYS.includes(key) && !CONSUMED.has(key)) {
      return no(`its \`${key}\` key is not allowed on a calling job`);
    }
  }

  const inputs = mapInputs(entry, job, steps);
  if (inputs.problem) return no(inputs.problem);
  const changes: string[] = [];

  // Values the job gave its steps that do not travel as inputs.
  for (const step of steps) {
    for (const [key, value] of Object.entries(step.with)) {
      if (inputs.carried.has(`with:${step.action}:${key}`)) continue;
      const lost = lostRefs(value);
      if (lost.length > 0) {
        return no(
          `\`${lost[0]}\` reaches ${step.label} (\`with.${key}\`), and no input of ` +
            `\`${catalogId}\` carries it`,
        );
      }
      if (secretRefs(text(value)).size === 0) {
        changes.push(
          `\`${key}: ${text(value)}\` of ${step.label} is not passed: ` +
            `\`${catalogId}\` decides it`,
        );
      }
    }
    for (const command of step.commands) {
      const lost = lostRefs(command);
      if (lost.length > 0 && !inputs.carried.has(`run:${command}`)) {
        return no(
          `\`${lost[0]}\` is used by \`${command}\` in ${step.label}, and no input ` +
            `of \`${catalogId}\` carries it`,
        );
      }
    }
    const stepEnv = isRecord(step.raw.env) ? step.raw.env : {};
    for (const [name, value] of Object.entries(stepEnv)) {
      const lost = lostRefs(value);
      if (lost.length > 0) {
        return no(
          `\`${lost[0]}\` reaches ${step.label} through env \`${name}\`, and no input ` +
            `of \`${catalogId}\` carries it`,
        );
      }
      if (secretRefs(text(value)).size === 0) {
        changes.push(`env \`${name}\` of ${step.label} is not passed into \`${catalogId}\``);
      }
    }
    if (step.raw.if !== undefined) {
      changes.push(
        `${step.label} ran only \`if: ${text(step.raw.if)}\`; \`${catalogId}\` ` +
          "decides when its steps run",
      );
    }
    for (const key of ["shell", "timeout-minutes"]) {
      if (step.raw[key] !== undefined) {
        changes.push(`\`${key}: ${text(step.raw[key])}\` of ${step.label} is lost`);
      }
    }
  }

  // runs-on: mapped to an input, or now the callee's choice.
  const runsOn = job["runs-on"];
  if (!inputs.runsOnMapped && runsOn !== undefined) {
    if (lostRefs(runsOn).length > 0) {
      return no(
        `its runner \`${text(runsOn)}\` varies with the matrix, and \`${catalogId}\` ` +
          "takes no runner input",
      );
    }
    changes.push(`\`runs-on: ${text(runsOn)}\` is now decided by \`${catalogId}\``);
  }

  // env: never passed into a reusable workflow.
  const env = isRecord(job.env) ? job.env : {};
  for (const [name, value] of Object.entries(env)) {
    if (inputs.carried.has(`env:${name}`)) continue;
    const lost = lostRefs(value);
    if (lost.length > 0) {
      return no(
        `job env \`${name}\` uses \`${lost[0]}\`, and env is not passed into a ` +
          "reusable workflow",
      );
    }
    changes.push(`job env \`${name}\` is not passed into a reusable workflow`);
  }
  if (isRecord(workflow.env) && Object.keys(workflow.env).length > 0) {
    changes.push(
      `workflow env (${Object.keys(workflow.env).map((k) => `\`${k}\``).join(", ")}) ` +
        `is not passed into \`${catalogId}\``,
    );
  }
  if (job["timeout-minutes"] !== undefined) {
    changes.push(
      `\`timeout-minutes: ${text(job["timeout-minutes"])}\` is dropped (not allowed ` +
        `on a calling job); \`${catalogId}\`'s own timeouts apply`,
    );
  }

  // Secrets: only those the job already used, and only when the callee declares them.
  const used = secretRefs(JSON.stringify(job));
  const secrets: Record<string, string> = {};
  const declared = Object.entries(entry.secrets);
  for (const name of [...used].sort()) {
    const target = declared.find(([callee, s]) => (s.from ?? callee) === name);
    if (!target) {
      return no(`it uses \`secrets.${name}\`, which \`${catalogId}\` does not declare`);
    }
    secrets[target[0]] = name;
  }
  for (const [callee, s] of declared) {
    if (s.required && !(callee in secrets)) {
      return no(
        `\`${catalogId}\` requires secret \`${callee}\`, which this job does not use: ` +
          "passing it would widen secrets exposure",
      );
    }
  }

  // Concurrency: caller and callee must not share a group.
  const groups = [job.concurrency, workflow.concurrency]
    .map((c) => (isRecord(c) ? text(c.group) : text(c))).filter((g) => g !== "");
  if (entry.concurrency && groups.some((g) => norm(g) === norm(entry.concurrency!))) {
    return no(
      `its concurrency group \`${entry.concurrency}\` is the one \`${catalogId}\` uses: ` +
        "caller and callee would wait on each other",
    );
  }
  if (!entry.concurrency && groups.length > 0) {
    changes.push(
      `caller and callee must not share a concurrency group: check that ` +
        `\`${catalogId}\` does not use \`${groups[0]}\``,
    );
  }

  const granted = job.permissions ?? workflow.permissions;
  const permission = permissionProblem(entry.permissions, granted);
  if (permission) return no(permission);
  if (entry.permissions && granted === undefined) {
    changes.push(
      `\`${catalogId}\` needs ${
        Object.entries(entry.permissions).map(([k, v]) => `\`${k}: ${v}\``).join(", ")
      }; the job sets no permissions, so the repository's default token permissions apply`,
    );
  }

  return {
    ok: true,
    plan: {
      catalogId,
      entry,
      with: inputs.with,
      secrets,
      drop: Object.keys(job).filter((k) => CONSUMED.has(k)),
      changes,
    },
  };
}
