/**
 * Turns a finding into concrete edits of its file: which node to change and to what. Only
 * changes that are safe to make without a human choice are planned; anything else stays a
 * suggestion made by hand, with the reason.
 *
 * @module
 */
import type { Finding } from "../../report/model.ts";
import type { Edit, YamlPath } from "../../workflow/edit.ts";
import { type Step, type StepGroup, stepGroups, type WorkflowFile } from "../../workflow/model.ts";
import { parseUses } from "../../workflow/uses.ts";
import { CANCEL_PULL_REQUESTS, concurrencyScope, pullRequestCancelProblem } from "./concurrency.ts";
import type { TimeoutChoice } from "./timeout.ts";

/** What is known about the repository's root files (lock files decide the cache kind). */
export type RootFiles = ReadonlySet<string> | "unknown";

/** What the planner needs besides the finding. */
export interface PlanContext {
  rootFiles: RootFiles;
  /** Timeout to propose for a job from its history; undefined without history (no patch). */
  timeoutFor: (jobId: string) => TimeoutChoice | undefined;
}

/** A planned change: title, edits (absent when only a human can do it) and why not. */
export interface Plan {
  title: string;
  edits?: Edit[];
  problems: string[];
  /** Extra assumption the change rests on ("assumes a package-lock.json …"). */
  assumes?: string;
  /** Snippet for a change by hand, instead of the rule's (which may hold an example value). */
  manual?: string;
  /**
   * What the patched file must show besides the finding being gone: undefined when it holds,
   * else the problem in words. Checked on the re-analysed patched file.
   */
  claim?: (patched: WorkflowFile) => string | undefined;
}

/** The cache setting to add for one setup action, and the files it needs to work. */
interface CacheChoice {
  input: string;
  value: string | boolean;
  /** Any one of these must exist at the repository root (the cache key hashes it). */
  needs?: string[];
  problem?: string;
}

const PATTERNS = {
  pnpm: /\bpnpm\b/,
  yarn: /\byarn\b/,
  pipenv: /\bpipenv\b/,
  poetry: /\bpoetry\b/,
  gradle: /\bgradlew?\b/,
  maven: /\bmvnw?\b|\bmaven\b/,
  sbt: /\bsbt\b/,
};

function nodeCache(runs: string, earlier: Step[], root: RootFiles): CacheChoice {
  const hasPnpmSetup = earlier.some((s) => s.uses?.value.startsWith("pnpm/action-setup"));
  const has = (f: string) => root !== "unknown" && root.has(f);
  if (has("pnpm-lock.yaml") || (root === "unknown" && PATTERNS.pnpm.test(runs))) {
    return {
      input: "cache",
      value: "pnpm",
      needs: ["pnpm-lock.yaml"],
      ...(hasPnpmSetup ? {} : { problem: "pnpm must be installed (pnpm/action-setup) first" }),
    };
  }
  if (has("yarn.lock") || (root === "unknown" && PATTERNS.yarn.test(runs))) {
    return { input: "cache", value: "yarn", needs: ["yarn.lock"] };
  }
  return { input: "cache", value: "npm", needs: ["package-lock.json", "npm-shrinkwrap.json"] };
}

function javaCache(runs: string): CacheChoice {
  if (PATTERNS.gradle.test(runs)) return { input: "cache", value: "gradle" };
  if (PATTERNS.maven.test(runs)) return { input: "cache", value: "maven" };
  if (PATTERNS.sbt.test(runs)) return { input: "cache", value: "sbt" };
  return { input: "cache", value: "", problem: "no Maven, Gradle or sbt command in the job" };
}

const CHOOSERS: Record<string, (runs: string, earlier: Step[], root: RootFiles) => CacheChoice> = {
  "actions/setup-node": nodeCache,
  "actions/setup-python": (runs) =>
    PATTERNS.pipenv.test(runs)
      ? { input: "cache", value: "pipenv", needs: ["Pipfile.lock"] }
      : PATTERNS.poetry.test(runs)
      ? { input: "cache", value: "poetry", problem: "poetry must be installed first" }
      : {
        input: "cache",
        value: "pip",
        needs: ["requirements.txt", "pyproject.toml"],
      },
  "actions/setup-java": javaCache,
  "graalvm/setup-graalvm": javaCache,
  "actions/setup-go": () => ({ input: "cache", value: true, needs: ["go.sum"] }),
  "actions/setup-dotnet": () => ({ input: "cache", value: true, needs: ["packages.lock.json"] }),
  "ruby/setup-ruby": () => ({ input: "bundler-cache", value: true }),
};

interface Located {
  group: StepGroup;
  step: Step;
  path: YamlPath;
}

function findStep(file: WorkflowFile, finding: Finding, at: (s: Step) => number | undefined) {
  for (const group of stepGroups(file)) {
    if (finding.job !== undefined && group.job?.id !== finding.job) continue;
    const step = group.steps.find((s) => at(s) === finding.line);
    if (step) {
      const path = group.job ? ["jobs", group.job.id, "steps", step.index] : ["runs", "steps"];
      return { group, step, path: group.job ? path : [...path, step.index] } as Located;
    }
  }
  return undefined;
}

const where = (job?: string) => (job ? `job \`${job}\`` : "the action");

/** The step at the same job and index in a (patched) file. */
function stepAt(file: WorkflowFile, job: string | undefined, index: number): Step | undefined {
  return stepGroups(file).find((g) => g.job?.id === job)?.steps[index];
}

function planCache(file: WorkflowFile, finding: Finding, ctx: PlanContext): Plan {
  const hit = findStep(file, finding, (s) => s.uses?.pos.line);
  const ref = hit?.step.uses ? parseUses(hit.step.uses.value) : undefined;
  const action = ref?.kind === "remote" ? ref.action : "";
  const choose = CHOOSERS[action];
  if (!hit || !choose) {
    return { title: finding.message, problems: ["the setup step was not found"] };
  }
  const runs = hit.group.steps.map((s) => s.run?.value ?? "").join("\n");
  const choice = choose(runs, hit.group.steps.slice(0, hit.step.index), ctx.rootFiles);
  const short = action.split("/")[1];
  const kind = typeof choice.value === "string" && choice.value ? `${choice.value} ` : "";
  const title = `Cache ${kind}dependencies in \`${short}\` of ${where(finding.job)}`;
  const problems = choice.problem ? [choice.problem] : [];
  let assumes: string | undefined;
  if (choice.needs) {
    const list = choice.needs.join(" or ");
    if (ctx.rootFiles === "unknown") {
      assumes = `assumes the repository has ${list} at its root (the cache key hashes it)`;
    } else if (!choice.needs.some((f) => (ctx.rootFiles as ReadonlySet<string>).has(f))) {
      problems.push(`the repository has no ${list} at its root, which the cache key needs`);
    }
  }
  return {
    title,
    problems,
    ...(assumes ? { assumes } : {}),
    ...(choice.value === "" ? {} : {
      edits: [{ kind: "set", path: [...hit.path, "with"], key: choice.input, value: choice.value }],
      claim: (patched: WorkflowFile) =>
        stepAt(patched, finding.job, hit.step.index)?.with[choice.input]?.value ===
            String(choice.value)
          ? undefined
          : `the patched step does not set \`${choice.input}: ${choice.value}\``,
    }),
  };
}

function planFetchDepth(file: WorkflowFile, finding: Finding): Plan {
  const hit = findStep(file, finding, (s) => s.with["fetch-depth"]?.pos.line);
  const title = `Shallow checkout in ${where(finding.job)} (drop \`fetch-depth: 0\`)`;
  if (!hit) return { title, problems: ["the checkout step was not found"] };
  return {
    title,
    problems: [],
    edits: [{ kind: "delete", path: [...hit.path, "with"], key: "fetch-depth" }],
    claim: (patched) =>
      stepAt(patched, finding.job, hit.step.index)?.with["fetch-depth"] === undefined
        ? undefined
        : "the patched checkout still sets fetch-depth",
  };
}

function planTimeout(finding: Finding, ctx: PlanContext): Plan {
  const job = finding.job!;
  const choice = ctx.timeoutFor(job);
  if (!choice) {
    return {
      title: `Set \`timeout-minutes\` on job \`${job}\``,
      problems: ["no run history for this job, so no timeout value is proposed"],
      manual: `${job}:\n  timeout-minutes: <the job's p99 × 1.5, at least its longest run and 10>`,
    };
  }
  const { minutes } = choice;
  return {
    title: `Set \`timeout-minutes: ${minutes}\` on job \`${job}\``,
    problems: [],
    claim: (patched) =>
      patched.kind === "workflow" &&
        Number(patched.jobs.find((j) => j.id === job)?.timeoutMinutes) === minutes
        ? undefined
        : `the patched job does not set timeout-minutes: ${minutes}`,
    edits: [{
      kind: "set",
      path: ["jobs", job],
      key: "timeout-minutes",
      value: minutes,
      after: ["runs-on", "needs", "if", "name"],
    }],
  };
}

const GROUP = "${{ github.workflow }}-${{ github.event.pull_request.number || github.ref }}";
// Cancelling only pull-request runs keeps every push to a branch (main, releases) complete.
const CANCEL = CANCEL_PULL_REQUESTS;

function planConcurrency(file: WorkflowFile): Plan {
  const name = file.path.split("/").pop();
  const scope = concurrencyScope(file);
  if (file.kind !== "workflow" || !scope) {
    return { title: `Concurrency for \`${name}\``, problems: ["no push or pull_request trigger"] };
  }
  const title = `Cancel superseded ${scope.what} of \`${name}\``;
  if (scope.kind === "push") {
    return {
      title,
      problems: [
        "the workflow has no pull_request trigger; which pushed branches may be cancelled is a " +
        "human choice (keep the default branch complete)",
      ],
    };
  }
  const claim = pullRequestCancelProblem;
  if (file.concurrency) {
    return {
      title,
      problems: [],
      claim,
      edits: [{ kind: "set", path: ["concurrency"], key: "cancel-in-progress", value: CANCEL }],
    };
  }
  return {
    title,
    problems: [],
    claim,
    edits: [{
      kind: "set",
      path: [],
      key: "concurrency",
      value: { group: GROUP, "cancel-in-progress": CANCEL },
      before: ["jobs"],
    }],
  };
}

/**
 * Plans the change for one finding. Rules without a planner become hand-made suggestions that
 * show the rule's snippet.
 *
 * @example
 * ```ts
 * const plan = planFix(file, finding, { rootFiles: "unknown", timeoutFor: () => undefined });
 * plan.edits?.length;
 * ```
 */
export function planFix(file: WorkflowFile, finding: Finding, ctx: PlanContext): Plan {
  switch (finding.ruleId) {
    case "setup-without-cache":
      return planCache(file, finding, ctx);
    case "unneeded-fetch-depth":
      return planFetchDepth(file, finding);
    case "missing-timeout":
      return finding.job
        ? planTimeout(finding, ctx)
        : { title: finding.message, problems: ["no job named"] };
    case "missing-concurrency":
      return planConcurrency(file);
    default:
      return {
        title: finding.message,
        problems: ["this rule's fix needs a human choice; apply the snippet by hand"],
      };
  }
}
