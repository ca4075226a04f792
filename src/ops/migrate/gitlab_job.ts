/**
 * One resolved GitLab job → the body of a GitHub Actions job (everything but `needs`/`if`,
 * which depend on the other jobs). Every keyword is either converted, converted with a
 * behaviour-change note, or listed as not converted.
 *
 * @module
 */
import type { At, Audit } from "./gitlab_audit.ts";
import { JobEnv } from "./gitlab_env.ts";
import {
  auditRest,
  checkoutStep,
  needsOf,
  parallel,
  ruleVarExpression,
  type Step,
  timeoutMinutes,
} from "./gitlab_job_keys.ts";
import { jobId } from "./gitlab_keywords.ts";
import { isRawMap, type Locations, type Raw, text } from "./gitlab_parse.ts";
import type { ResolvedJob } from "./gitlab_resolve.ts";
import { convertEnvironment, convertServices, image, runsOn } from "./gitlab_runtime.ts";
import { type JobCondition, jobCondition } from "./gitlab_rules.ts";
import { jobShell, type Shell } from "./gitlab_shell.ts";
import { expandValue, variableValue } from "./gitlab_vars.ts";
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
  /** Global variables set on the workflow's `env`. */
  workflowEnv: Set<string>;
  /** Global variables that read per-job values or step outputs: set by the jobs that use them. */
  perJobGlobals: Record<string, string>;
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
  const tags = Array.isArray(c.tags) ? c.tags.map(str) : typeof c.tags === "string" ? [c.tags] : [];
  const scriptText = [...lines(c.before_script), ...lines(c.script), ...lines(c.after_script)].join(
    "\n",
  );
  const shell = jobShell(tags, scriptText);
  const windows = shell !== "sh" && jobShell(tags, "") !== "sh";
  const container = image(c.image, known, at("image"), audit);
  if (container) body.container = container;
  const services = convertServices(c.services, known, at("services"), audit, !!container);
  if (services) body.services = services;
  const environment = convertEnvironment(c.environment, at("environment"), audit);
  if (environment) body.environment = environment;
  if (c.resource_group !== undefined) {
    const group = expandValue(str(c.resource_group), known);
    if (group.unmapped.length) {
      audit.notConverted(
        at("resource_group"),
        `resource_group refers to ${
          group.unmapped.map((n) => `$${n}`).join(", ")
        }, which a concurrency group cannot read; left as written`,
      );
    }
    body.concurrency = { group: group.text, "cancel-in-progress": false };
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
  if (c.allow_failure === true || condition.allowFailure) body["continue-on-error"] = true;
  else if (isRawMap(c.allow_failure)) {
    audit.notConverted(
      at("allow_failure"),
      "allow_failure: exit_codes has no equivalent; the job fails on any non-zero exit",
    );
  }
  body["timeout-minutes"] = timeoutMinutes(c, Array.isArray(body["runs-on"]), at, audit);
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
  const stage = c.stage === undefined ? "test" : str(c.stage);
  const vars = { ...ctx.perJobGlobals, ...jobVars };
  for (const k of Object.keys(ctx.perJobGlobals)) {
    if (!scriptText.includes(k) && !JSON.stringify(c).includes(k)) delete vars[k];
  }
  const jobEnv = new JobEnv({
    name: job.name,
    stage,
    shell,
    vars,
    globals: ctx.globals,
    known,
    workflowEnv: ctx.workflowEnv,
    script: scriptText,
    at: at("script"),
    varsAt: at("variables"),
    audit,
  });
  const env = jobEnv.env;
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
  jobEnv.mapScript();
  if ("CI_REGISTRY_PASSWORD" in env && !Object.hasOwn(known, "CI_REGISTRY_PASSWORD")) {
    permissions.packages = "write";
  }
  if (Object.keys(env).length) body.env = env;

  const setup: Step[] = [];
  const checkout = checkoutStep(effective, at("variables"), audit);
  if (checkout) setup.push(checkout);
  const main: Step[] = [];
  main.push(...cacheSteps(c.cache, jobEnv, at("cache"), audit));
  const script = [...lines(c.before_script), ...lines(c.script)];
  if (script.length === 0 && c.run === undefined) {
    audit.notConverted(at(), "The job has no script; it only checks out the repository");
  }
  if (c.run !== undefined) audit.notConverted(at("run"), "run: (CI/CD steps) was not converted");
  // before_script and script share one shell in GitLab: cd, exports and venvs carry over.
  const runStep = (name: string, run: string[]): Step => {
    const step: Step = { name, run: [...jobEnv.todoLines(), ...run].join("\n") };
    const shellKey = runShell(shell, windows);
    if (shellKey) step.shell = shellKey;
    if (Object.keys(jobEnv.stepEnv).length) step.env = { ...jobEnv.stepEnv };
    return step;
  };
  if (script.length) main.push(runStep("script", script));
  const after = lines(c.after_script);
  if (after.length) main.push({ ...runStep("after_script", after), if: "always()" });
  const artifactName = matrix.keys.length || matrix.nodeTotal
    ? `${id}.\${{ strategy.job-index }}`
    : id;
  const upload = uploadStep(c.artifacts, artifactName, jobEnv, at("artifacts"), audit);
  if (upload) main.push(upload);
  setup.unshift(...jobEnv.computedSteps(windows));
  if (windows) {
    audit.change(
      at("tags"),
      "The job runs on a Windows runner: its script runs in GitHub's default shell there (pwsh, else Windows PowerShell), which stops on the last command's exit code only",
    );
  }

  auditRest(c, at, audit, job.name);
  return {
    source: job,
    id,
    stage,
    needs: needsOf(c.needs, at("needs"), audit),
    dependencies: Array.isArray(c.dependencies) ? c.dependencies.map(str) : null,
    condition,
    artifactName: upload ? artifactName : null,
    matrix: matrix.keys.length > 0 || !!matrix.nodeTotal,
    body,
    steps: { setup, main },
  };
}

/** The `shell:` of run steps: cmd and PowerShell outside Windows must be named; else default. */
function runShell(shell: Shell, windows: boolean): string | null {
  if (shell === "cmd") return "cmd";
  if (shell === "powershell" && !windows) return "pwsh";
  return null;
}
