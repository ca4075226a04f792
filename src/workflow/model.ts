/**
 * The typed model of a GitHub Actions workflow file or composite action (`action.yml`), with a
 * source position on everything a rule may point at. Built by `parse.ts`; read by the rules.
 *
 * @module
 */
import type { Document, Node } from "yaml";

/** A 1-based source position. */
export interface Pos {
  line: number;
  column: number;
}

/** A scalar value as written, with where it was written. */
export interface Located<T> {
  value: T;
  pos: Pos;
  /** The comment after the value on the same line (`uses: a/b@<sha> # v4` → `" v4"`). */
  comment?: string;
  /** The YAML node, for rules that need exact offsets inside the value. */
  node: Node;
}

/** A `concurrency` block (string form means a group without cancel-in-progress). */
export interface Concurrency {
  group?: string;
  /** `true`, `false`, or an expression string. */
  cancelInProgress?: boolean | string;
  pos: Pos;
}

/** `permissions`: `read-all`, `write-all`, `{}` or a scope → access map. */
export interface Permissions {
  value: string | Record<string, string>;
  pos: Pos;
}

/** One trigger of `on`, e.g. `push` with its filters (`null` when given without config). */
export interface Trigger {
  event: string;
  config: unknown;
  pos: Pos;
}

/** One step of a job or composite action. */
export interface Step {
  /** 0-based index in its job. */
  index: number;
  id?: string;
  name?: string;
  uses?: Located<string>;
  run?: Located<string>;
  shell?: string;
  if?: string;
  /** `if:` with its position and node, for rules that check the condition as written. */
  condition?: Located<string>;
  /** `continue-on-error:` as written: a boolean or an expression string. */
  continueOnError?: boolean | string;
  /** `with:` inputs, stringified (`fetch-depth: 0` → `"0"`). */
  with: Record<string, Located<string>>;
  env: Record<string, string>;
  pos: Pos;
}

/** One job. */
export interface Job {
  id: string;
  name?: string;
  runsOn?: unknown;
  needs: Located<string>[];
  if?: string;
  /** `if:` with its position and node, for rules that check the condition as written. */
  condition?: Located<string>;
  /** Position of the `runs-on` key. */
  runsOnPos?: Pos;
  permissions?: Permissions;
  /** As written: a number or an expression string. */
  timeoutMinutes?: number | string;
  /** Position of the `timeout-minutes` key. */
  timeoutPos?: Pos;
  /** `continue-on-error:` as written: a boolean or an expression string. */
  continueOnError?: boolean | string;
  /** `secrets:` of a reusable-workflow call: `"inherit"`, or a JSON object of names → values. */
  secrets?: Located<string>;
  concurrency?: Concurrency;
  /** `strategy.matrix` as plain data (an expression string when computed). */
  matrix?: unknown;
  /** Reusable-workflow call (`uses: owner/repo/.github/workflows/x.yml@ref` or `./…`). */
  uses?: Located<string>;
  with: Record<string, Located<string>>;
  container?: unknown;
  services?: Record<string, unknown>;
  /** Images of `container` and `services.*` as written, located (`"container"` or the service). */
  images?: { owner: string; image: Located<string> }[];
  env: Record<string, string>;
  steps: Step[];
  /** Position of the job id key. */
  pos: Pos;
}

/** A parsed workflow file. */
export interface Workflow {
  kind: "workflow";
  path: string;
  name?: string;
  triggers: Trigger[];
  /** Position of the `on` key. */
  onPos: Pos;
  permissions?: Permissions;
  concurrency?: Concurrency;
  env: Record<string, string>;
  jobs: Job[];
  lineCount: number;
  doc: Document;
  /** The text parsed. */
  source: string;
  /** Position of an offset into {@linkcode source}. */
  posAt: (offset: number) => Pos;
}

/** A parsed action metadata file (`action.yml`); composite actions carry steps. */
export interface ActionMetadata {
  kind: "action";
  path: string;
  name?: string;
  description?: string;
  /** `runs.using`: `composite`, `node20`, `docker`, … */
  using?: string;
  steps: Step[];
  lineCount: number;
  doc: Document;
  /** The text parsed. */
  source: string;
  /** Position of an offset into {@linkcode source}. */
  posAt: (offset: number) => Pos;
}

/** Either kind of file the parser understands. */
export type WorkflowFile = Workflow | ActionMetadata;

/** Steps that run together on one runner: a job's steps, or a composite action's. */
export interface StepGroup {
  /** The job, absent for a composite action. */
  job?: Job;
  steps: Step[];
}

/**
 * The step groups of a file, so step-level rules treat jobs and composite actions alike.
 *
 * @example
 * ```ts
 * for (const group of stepGroups(file)) console.log(group.job?.id, group.steps.length);
 * ```
 */
export function stepGroups(file: WorkflowFile): StepGroup[] {
  if (file.kind === "action") return [{ steps: file.steps }];
  return file.jobs.map((job) => ({ job, steps: job.steps }));
}
