/**
 * One resolved GitLab job → the body of a GitHub Actions job (everything but `needs`/`if`,
 * which depend on the other jobs). Every keyword is either converted, converted with a
 * behaviour-change note, or listed as not converted.
 *
 * @module
 */
import type { At, Audit } from "./gitlab_audit.ts";
import { jobId, matrixProduct, parseDuration } from "./gitlab_keywords.ts";
import { isRawMap, type Locations, type Raw, type RawMap, text } from "./gitlab_parse.ts";
import type { ResolvedJob } from "./gitlab_resolve.ts";
import { convertEnvironment, convertServices, image, runsOn } from "./gitlab_runtime.ts";
import { type JobCondition, jobCondition } from "./gitlab_rules.ts";
import {
  APPROXIMATE,
  expandValue,
  isPredefined,
  PREDEFINED,
  referencedVars,
  valueOperand,
  variableValue,
} from "./gitlab_vars.ts";
import { cacheSteps, uploadStep } from "./gitlab_steps.ts";

/** Keywords this converter reads; any other job key is audited as unknown. */
const HANDLED = new Set([
  "stage",
  "script",
  "before_script",
  "after_script",
  "image",
  "services",
  "variables",
  "cache",
  "artifacts",
  "needs",
  "dependencies",
  "rules",
  "only",
  "except",
  "when",
  "allow_failure",
  "timeout",
  "tags",
  "retry",
  "interruptible",
  "resource_group",
  "parallel",
  "environment",
  "coverage",
  "release",
  "trigger",
  "inherit",
  "start_in",
  "hooks",
  "id_tokens",
  "secrets",
  "pages",
  "extends",
  "manual_confirmation",
  "dast_configuration",
  "identity",
  "run",
]);

/** A GitHub step. */
export type Step = Record<string, unknown>;

/** The converted job, before it is placed in the pipeline. */
export interface JobDraft {
  source: ResolvedJob;
  id: string;
  stage: string;
  /** Explicit `needs:` (job names) or null to follow stages; `artifacts` false entries excluded. */
  needs: { job: string; artifacts: boolean }[] | null;
  dependencies: string[] | null;
  condition: JobCondition;
  artifactName: string | null;
  matrix: boolean;
  body: Record<string, unknown>;
  steps: { setup: Step[]; main: Step[] };
}

/** Shared inputs of job conversion. */
export interface JobContext {
  path: string;
  audit: Audit;
  locs: Locations;
  defaultRunner: string;
  /** Global variables, as written (for expansion in images and values). */
  globals: Record<string, string>;
  ids: Set<string>;
}

const str = text;

/** Script lines, nested lists flattened as GitLab does. */
function lines(value: Raw | undefined): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return [str(value)];
  return value.flatMap((v) => Array.isArray(v) ? lines(v) : v === null ? [] : [str(v)]);
}

/**
 * Converts one job.
 *
 * @example
 * ```ts
 * const draft = convertJob(job, ctx);
 * draft.body["runs-on"]; // "ubuntu-latest"
 * ```
 */
export function convertJob(job: ResolvedJob, ctx: JobContext): JobDraft | null {
  const { audit, locs } = ctx;
  const c = job.config;
  const file = job.file;
  const at = (key?: string): At => ({
    file,
    line: key ? locs.lineOf(c, key) ?? job.line : job.line,
    job: job.name,
  });
  for (const key of Object.keys(c)) {
    if (!HANDLED.has(key)) {
      audit.notConverted(at(key), `Keyword '${key}' is unknown to the converter; it was ignored`);
    }
  }
  if (c.trigger !== undefined) {
    audit.notConverted(
      at("trigger"),
      "trigger: (child or multi-project pipeline) has no GitHub equivalent; the job was left out (consider a reusable workflow or workflow_dispatch of another repository)",
    );
    return null;
  }
  const id = jobId(job.name, ctx.ids);
  if (id !== job.name) audit.converted(at(), `Job '${job.name}' became job id '${id}' (name kept)`);
  const body: Record<string, unknown> = {};
  if (id !== job.name) body.name = job.name;

  // Variables: job values over globals; GIT_* steer the checkout instead of the environment.
  const jobVars: Record<string, string> = {};
  if (c.variables !== undefined && !isRawMap(c.variables)) {
    audit.notConverted(at("variables"), "variables: is not a mapping; ignored");
  }
  const rawVars = isRawMap(c.variables) ? c.variables : {};
  for (const [k, v] of Object.entries(rawVars)) {
    const val = variableValue(v);
    if (!val) {
      audit.notConverted(at("variables"), `variables: ${k} has an unknown shape; ignored`);
      continue;
    }
    if (!val.expand) {
      audit.change(
        at("variables"),
        `variables: ${k} has expand: false; GitHub never expands env values, but '$' references in it were not rewritten either`,
      );
    }
    jobVars[k] = val.value;
  }
  if (isRawMap(c.inherit) && c.inherit.variables !== undefined && c.inherit.variables !== true) {
    audit.change(
      at("inherit"),
      "inherit: variables is not honoured: workflow-level env reaches every job",
    );
  }
  const effective = { ...ctx.globals, ...jobVars };
  const condition = jobCondition(c, at(), locs, audit, effective);
  const matrix = parallel(c, at, audit);
  const known: Record<string, string> = { ...effective };
  for (const k of matrix.keys) known[k] = `\${{ matrix.${k} }}`;

  body["runs-on"] = runsOn(c, at, audit, ctx.defaultRunner);
  const container = image(c.image, known, at("image"), audit);
  if (container) body.container = container;
  const services = convertServices(c.services, known, at("services"), audit, !!container);
  if (services) body.services = services;
  const environment = convertEnvironment(c.environment, at("environment"), audit);
  if (environment) body.environment = environment;
  if (c.resource_group !== undefined) {
    body.concurrency = {
      group: expandValue(str(c.resource_group), known).text,
      "cancel-in-progress": false,
    };
    audit.change(
      at("resource_group"),
      "resource_group became a concurrency group: GitHub keeps only the latest pending run, older pending ones are cancelled",
    );
  } else if (c.interruptible === true) {
    const suffix = matrix.keys.length || matrix.nodeTotal ? "-${{ strategy.job-index }}" : "";
    body.concurrency = {
      group: `\${{ github.workflow }}-\${{ github.ref }}-${id}${suffix}`,
      "cancel-in-progress": true,
    };
    audit.change(
      at("interruptible"),
      "interruptible: true became a per-job concurrency group that cancels the running job when a newer run starts",
    );
  }
  if (c.timeout !== undefined) {
    const secs = parseDuration(c.timeout);
    if (secs === null) {
      audit.notConverted(
        at("timeout"),
        `timeout: ${str(c.timeout)} is not a duration understood here`,
      );
    } else body["timeout-minutes"] = Math.max(1, Math.ceil(secs / 60));
  }
  if (c.allow_failure === true || condition.allowFailure) body["continue-on-error"] = true;
  else if (isRawMap(c.allow_failure)) {
    audit.notConverted(
      at("allow_failure"),
      "allow_failure: exit_codes has no equivalent; the job fails on any non-zero exit",
    );
  }
  if (matrix.strategy) body.strategy = matrix.strategy;
  const permissions: Record<string, string> = { contents: "read" };
  if (c.id_tokens !== undefined) {
    permissions["id-token"] = "write";
    audit.change(
      at("id_tokens"),
      "id_tokens became permissions: id-token: write; request the OIDC token with the cloud provider's login action (audiences differ)",
    );
  }
  body.permissions = permissions;

  // Environment for the scripts: job variables, matrix values, mapped predefined variables.
  const scriptText = [...lines(c.before_script), ...lines(c.script), ...lines(c.after_script)].join(
    "\n",
  );
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(jobVars)) {
    if (k.startsWith("GIT_")) continue;
    const scope = { ...known };
    delete scope[k];
    if (Object.hasOwn(ctx.globals, k) && Object.hasOwn(jobVars, k)) scope[k] = ctx.globals[k];
    const expanded = expandValue(v, scope);
    const unresolved = expanded.unmapped.filter((n) => n !== k);
    if (unresolved.length) {
      audit.change(
        at("variables"),
        `variables: ${k} refers to ${
          unresolved.map((n) => `$${n}`).join(", ")
        }, which GitHub does not expand in env values`,
      );
    }
    env[k] = expanded.text;
  }
  for (const [name, choices] of condition.ruleVars ?? []) {
    const expr = ruleVarExpression(choices, env[name]);
    if (expr) env[name] = expr;
    else {
      audit.notConverted(
        at("rules"),
        `rules: variables ${name} mixes text and variables; not converted`,
      );
    }
  }
  for (const k of matrix.keys) env[k] = `\${{ matrix.${k} }}`;
  if (matrix.nodeTotal) {
    env.CI_NODE_INDEX = "${{ matrix.ci_node_index }}";
    env.CI_NODE_TOTAL = String(matrix.nodeTotal);
  }
  const unmapped = new Set<string>();
  for (const name of referencedVars(scriptText)) {
    if (!isPredefined(name) || name in env || name in effective) continue;
    if (name in PREDEFINED) {
      env[name] = PREDEFINED[name];
      if (name in APPROXIMATE) audit.change(at("script"), `$${name} ${APPROXIMATE[name]}`);
    } else unmapped.add(name);
  }
  if (unmapped.size) {
    audit.notConverted(
      at("script"),
      `GitLab variables with no GitHub equivalent (and not defined in the file) are empty here: ${
        [...unmapped].sort().map((n) => `$${n}`).join(", ")
      }`,
    );
  }
  if (Object.keys(env).length) body.env = env;

  const setup: Step[] = [];
  const checkout = checkoutStep(effective, at("variables"), audit);
  if (checkout) setup.push(checkout);
  const main: Step[] = [];
  main.push(...cacheSteps(c.cache, known, at("cache"), audit));
  const script = [...lines(c.before_script), ...lines(c.script)];
  if (script.length === 0 && c.run === undefined) {
    audit.notConverted(at(), "The job has no script; it only checks out the repository");
  }
  if (c.run !== undefined) audit.notConverted(at("run"), "run: (CI/CD steps) was not converted");
  // before_script and script share one shell in GitLab: cd, exports and venvs carry over.
  if (script.length) main.push({ name: "script", run: script.join("\n") });
  const after = lines(c.after_script);
  if (after.length) main.push({ name: "after_script", if: "always()", run: after.join("\n") });
  const artifactName = matrix.keys.length || matrix.nodeTotal
    ? `${id}.\${{ strategy.job-index }}`
    : id;
  const upload = uploadStep(c.artifacts, artifactName, at("artifacts"), audit);
  if (upload) main.push(upload);

  auditRest(c, at, audit, job.name);
  return {
    source: job,
    id,
    stage: c.stage === undefined ? "test" : str(c.stage),
    needs: needsOf(c.needs, at("needs"), audit),
    dependencies: Array.isArray(c.dependencies) ? c.dependencies.map(str) : null,
    condition,
    artifactName: upload ? artifactName : null,
    matrix: matrix.keys.length > 0 || !!matrix.nodeTotal,
    body,
    steps: { setup, main },
  };
}

function parallel(
  c: RawMap,
  at: (k?: string) => At,
  audit: Audit,
): { strategy?: Record<string, unknown>; keys: string[]; nodeTotal?: number } {
  const p = c.parallel;
  if (p === undefined || p === null) return { keys: [] };
  if (typeof p === "number" && Number.isInteger(p) && p >= 1 && p <= 256) {
    audit.converted(
      at("parallel"),
      `parallel: ${p} became a matrix of ${p} jobs with CI_NODE_INDEX/CI_NODE_TOTAL`,
    );
    return {
      strategy: {
        "fail-fast": false,
        matrix: { ci_node_index: Array.from({ length: p }, (_, i) => i + 1) },
      },
      keys: [],
      nodeTotal: p,
    };
  }
  if (isRawMap(p) && Array.isArray(p.matrix)) {
    const include: Record<string, string>[] = [];
    for (const entry of p.matrix) {
      const rows = matrixProduct(entry);
      if (!rows) {
        audit.notConverted(
          at("parallel"),
          "parallel: matrix entry of an unknown shape; the matrix was not converted",
        );
        return { keys: [] };
      }
      include.push(...rows);
    }
    const keys = [...new Set(include.flatMap((r) => Object.keys(r)))];
    if (
      include.length === 0 || include.length > 256 ||
      keys.some((k) => !/^[A-Za-z_][A-Za-z0-9_-]*$/.test(k))
    ) {
      audit.notConverted(
        at("parallel"),
        "parallel: matrix is empty, larger than 256 jobs or uses keys GitHub cannot name; not converted",
      );
      return { keys: [] };
    }
    audit.converted(
      at("parallel"),
      `parallel: matrix became strategy.matrix.include with ${include.length} combinations`,
    );
    return { strategy: { "fail-fast": false, matrix: { include } }, keys };
  }
  audit.notConverted(at("parallel"), "parallel: has an unknown shape; not converted");
  return { keys: [] };
}

function checkoutStep(vars: Record<string, string>, at: At, audit: Audit): Step | null {
  if (vars.GIT_STRATEGY === "none" || vars.GIT_STRATEGY === "empty") {
    audit.converted(at, `GIT_STRATEGY: ${vars.GIT_STRATEGY} → no checkout step`);
    return null;
  }
  const withs: Record<string, unknown> = {};
  const sub = vars.GIT_SUBMODULE_STRATEGY;
  if (sub === "normal") withs.submodules = true;
  if (sub === "recursive") withs.submodules = "recursive";
  const depth = vars.GIT_DEPTH;
  if (depth !== undefined && /^\d+$/.test(depth)) withs["fetch-depth"] = Number(depth);
  for (const k of Object.keys(vars)) {
    if (
      k.startsWith("GIT_") && !["GIT_STRATEGY", "GIT_SUBMODULE_STRATEGY", "GIT_DEPTH"].includes(k)
    ) {
      audit.notConverted(at, `${k} has no actions/checkout equivalent`);
    }
  }
  return Object.keys(withs).length
    ? { uses: "actions/checkout@v4", with: withs }
    : { uses: "actions/checkout@v4" };
}

function needsOf(
  value: Raw | undefined,
  at: At,
  audit: Audit,
): { job: string; artifacts: boolean }[] | null {
  if (value === undefined) return null;
  const list = Array.isArray(value) ? value : [value];
  const out: { job: string; artifacts: boolean }[] = [];
  for (const n of list) {
    if (typeof n === "string") out.push({ job: n, artifacts: true });
    else if (
      isRawMap(n) && typeof n.job === "string" && n.pipeline === undefined &&
      n.project === undefined
    ) {
      out.push({ job: n.job, artifacts: n.artifacts !== false });
      if (n.optional === true) {
        audit.change(at, `needs: ${n.job} is optional; it is dropped when the job does not exist`);
      }
    } else {audit.notConverted(
        at,
        "needs: entry from another pipeline or project (or of an unknown shape) was not converted",
      );}
  }
  return out;
}

function auditRest(c: RawMap, at: (k?: string) => At, audit: Audit, name: string) {
  if (c.retry !== undefined) {
    audit.notConverted(
      at("retry"),
      "retry has no job-level equivalent in GitHub Actions (re-run failed jobs manually or retry inside the script)",
    );
  }
  if (c.coverage !== undefined) {
    audit.notConverted(
      at("coverage"),
      `coverage: ${
        str(c.coverage)
      } (coverage regex) has no equivalent; publish coverage with a reporting action`,
    );
  }
  if (c.release !== undefined) {
    audit.notConverted(
      at("release"),
      "release: was not converted; create releases with 'gh release create' or a release action",
    );
  }
  if (c.hooks !== undefined) audit.notConverted(at("hooks"), "hooks: was not converted");
  if (c.secrets !== undefined) {
    audit.notConverted(
      at("secrets"),
      "secrets: (external secret managers) was not converted; use repository secrets or the provider's action",
    );
  }
  if (name === "pages" || c.pages !== undefined) {
    audit.notConverted(
      at(c.pages !== undefined ? "pages" : undefined),
      "GitLab Pages publishing was not converted; use actions/upload-pages-artifact and actions/deploy-pages",
    );
  }
  for (const key of ["dast_configuration", "identity", "manual_confirmation"]) {
    if (c[key] !== undefined) audit.notConverted(at(key), `${key}: was not converted`);
  }
  if (c.start_in !== undefined && c.when !== "delayed") {
    audit.notConverted(at("start_in"), "start_in: has no equivalent");
  }
  if (Array.isArray(c.dependencies) && c.dependencies.length === 0) {
    audit.converted(at("dependencies"), "dependencies: [] → no artifacts are downloaded");
  }
}

/** `cond1 && 'a' || cond2 && 'b' || fallback`: the first matching rule's value, as GitLab picks. */
function ruleVarExpression(
  choices: { cond: string | null; value: string }[],
  fallback: string | undefined,
): string | null {
  const terms: string[] = [];
  for (const c of choices) {
    const operand = valueOperand(c.value);
    if (operand === null) return null;
    terms.push(c.cond ? `(${c.cond}) && ${operand}` : operand);
    if (!c.cond) break;
  }
  const tail = fallback === undefined ? "''" : valueOperand(fallback) ?? "''";
  return `\${{ ${[...terms, tail].join(" || ")} }}`;
}
