/**
 * Workflow YAML → typed model with source positions. Syntax and structure problems come back
 * as findings (the analysis goes on); only input beyond the size limit throws.
 *
 * @module
 */
import {
  type Document,
  isScalar,
  LineCounter,
  type Node,
  parseDocument,
  visit,
  type YAMLMap,
} from "yaml";
import { CiError } from "../errors.ts";
import type { Finding } from "../report/model.ts";
import type {
  ActionMetadata,
  Concurrency,
  Job,
  Located,
  Permissions,
  Pos,
  Step,
  Trigger,
  Workflow,
  WorkflowFile,
} from "./model.ts";
import { MAX_ALIAS_COUNT, Nodes } from "./yaml_nodes.ts";

/** Largest file parsed: real workflows are tens of KiB; anything near this is hostile or wrong. */
export const MAX_WORKFLOW_BYTES = 1024 * 1024;

/** The parser's answer: a model when the file could be read, and the problems found. */
export interface ParseOutcome {
  file: WorkflowFile | null;
  /** `yaml-syntax` and `workflow-structure` findings. */
  problems: Finding[];
}

/**
 * Parses a workflow or action metadata file.
 *
 * @throws {CiError} `too_large` when `content` exceeds {@linkcode MAX_WORKFLOW_BYTES}.
 * @example
 * ```ts
 * const { file, problems } = parseWorkflowFile(".github/workflows/ci.yml", "on: push\njobs: {}\n");
 * file?.kind; // "workflow"
 * ```
 */
export function parseWorkflowFile(path: string, content: string): ParseOutcome {
  const bytes = new TextEncoder().encode(content).length;
  if (bytes > MAX_WORKFLOW_BYTES) {
    throw new CiError(
      "too_large",
      `Cannot analyse '${path}' as it is ${bytes} bytes: the limit is ${MAX_WORKFLOW_BYTES}`,
      { hint: "Workflow files this large are not analysed; split the workflow." },
    );
  }
  const problem = (message: string, pos: Pos, ruleId = "workflow-structure"): Finding => ({
    ruleId,
    severity: "error",
    file: path,
    line: pos.line,
    column: pos.column,
    message,
  });
  const refused = shapeProblem(content);
  if (refused) {
    return { file: null, problems: [problem(refused, { line: 1, column: 1 }, "yaml-syntax")] };
  }
  const lineCounter = new LineCounter();
  // The yaml library's own duplicate-key check is quadratic per mapping; ours is linear.
  const doc = parseDocument(content, { lineCounter, uniqueKeys: false, prettyErrors: true });
  const nodes = new Nodes(doc, lineCounter);
  const duplicate = firstDuplicateKey(doc);
  if (duplicate) {
    const at = duplicate.range ? lineCounter.linePos(duplicate.range[0]) : undefined;
    const pos = at ? { line: at.line, column: at.col } : { line: 1, column: 1 };
    return {
      file: null,
      problems: [
        problem(`YAML error: Map keys must be unique: '${duplicate.text}'`, pos, "yaml-syntax"),
      ],
    };
  }
  if (doc.errors.length > 0) {
    return {
      file: null,
      problems: doc.errors.slice(0, 5).map((e) => {
        const at = e.linePos?.[0];
        const pos = at ? { line: at.line, column: at.col } : { line: 1, column: 1 };
        return problem(`YAML error: ${e.message.split("\n")[0]}`, pos, "yaml-syntax");
      }),
    };
  }
  try {
    doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      file: null,
      problems: [problem(`YAML refused: ${reason}`, nodes.pos(null), "yaml-syntax")],
    };
  }
  const root = nodes.map(doc.contents);
  if (!root) {
    return {
      file: null,
      problems: [
        problem("The file is not a YAML mapping of workflow keys", nodes.pos(doc.contents)),
      ],
    };
  }
  const lineCount = content.split("\n").length - (content.endsWith("\n") ? 1 : 0);
  if (!nodes.get(root, "jobs") && nodes.get(root, "runs")) {
    return { file: buildAction(nodes, root, path, lineCount, content), problems: [] };
  }
  const problems: Finding[] = [];
  const workflow = buildWorkflow(nodes, root, path, lineCount, content, (msg, pos) => {
    problems.push(problem(msg, pos));
  });
  return { file: workflow, problems };
}

function buildAction(
  nodes: Nodes,
  root: YAMLMap,
  path: string,
  lineCount: number,
  content: string,
): ActionMetadata {
  const runs = nodes.map(nodes.get(root, "runs")?.value);
  return {
    kind: "action",
    path,
    name: nodes.text(nodes.get(root, "name")?.value),
    description: nodes.text(nodes.get(root, "description")?.value),
    using: nodes.text(nodes.get(runs, "using")?.value),
    steps: buildSteps(nodes, nodes.get(runs, "steps")?.value ?? null),
    lineCount,
    doc: nodes.doc,
    source: content,
    posAt: (offset) => nodes.posAt(offset),
  };
}

function buildWorkflow(
  nodes: Nodes,
  root: YAMLMap,
  path: string,
  lineCount: number,
  content: string,
  report: (message: string, pos: Pos) => void,
): Workflow {
  const on = nodes.get(root, "on");
  if (!on) report("The workflow has no 'on' triggers", nodes.pos(root));
  const jobsEntry = nodes.get(root, "jobs");
  const jobsMap = nodes.map(jobsEntry?.value);
  if (!jobsMap) {
    report("The workflow has no 'jobs' mapping", jobsEntry?.pos ?? nodes.pos(root));
  }
  const jobs = nodes.entries(jobsMap).map((e) => buildJob(nodes, e.key, e.pos, e.value, report));
  return {
    kind: "workflow",
    path,
    name: nodes.text(nodes.get(root, "name")?.value),
    triggers: on ? buildTriggers(nodes, on.value) : [],
    onPos: on?.pos ?? nodes.pos(root),
    permissions: buildPermissions(nodes, root),
    concurrency: buildConcurrency(nodes, root),
    env: nodes.strings(nodes.get(root, "env")?.value),
    jobs,
    lineCount,
    doc: nodes.doc,
    source: content,
    posAt: (offset) => nodes.posAt(offset),
  };
}

function buildTriggers(nodes: Nodes, value: Node | null): Trigger[] {
  if (isScalar(value)) return [{ event: String(value.value), config: null, pos: nodes.pos(value) }];
  const seq = nodes.seq(value);
  if (seq) {
    return seq.items.map((item) => {
      const node = nodes.resolve(item);
      return { event: nodes.text(node) ?? "", config: null, pos: nodes.pos(node) };
    });
  }
  const map = nodes.map(value);
  if (!map) return [];
  return nodes.entries(map).map((e) => ({ event: e.key, config: nodes.js(e.value), pos: e.pos }));
}

function buildPermissions(nodes: Nodes, owner: YAMLMap | undefined): Permissions | undefined {
  const entry = nodes.get(owner, "permissions");
  if (!entry) return undefined;
  const map = nodes.map(entry.value);
  return { value: map ? nodes.strings(map) : nodes.text(entry.value) ?? "", pos: entry.pos };
}

function buildConcurrency(nodes: Nodes, owner: YAMLMap | undefined): Concurrency | undefined {
  const entry = nodes.get(owner, "concurrency");
  if (!entry) return undefined;
  const map = nodes.map(entry.value);
  if (!map) return { group: nodes.text(entry.value), pos: entry.pos };
  const cancel = nodes.js(nodes.get(map, "cancel-in-progress")?.value ?? null);
  return {
    group: nodes.text(nodes.get(map, "group")?.value),
    cancelInProgress: typeof cancel === "boolean" || typeof cancel === "string"
      ? cancel
      : undefined,
    pos: entry.pos,
  };
}

function buildJob(
  nodes: Nodes,
  id: string,
  pos: Pos,
  value: Node | null,
  report: (message: string, pos: Pos) => void,
): Job {
  const map = nodes.map(value);
  if (!map) report(`Job '${id}' is not a mapping`, pos);
  const get = (key: string) => nodes.get(map, key)?.value ?? null;
  const needsNode = get("needs");
  const needsSeq = nodes.seq(needsNode);
  const needs = needsSeq
    ? needsSeq.items.map((i) => nodes.located(nodes.resolve(i))).filter((n) => n !== undefined)
    : [nodes.located(needsNode)].filter((n) => n !== undefined);
  const timeout = nodes.js(get("timeout-minutes"));
  const uses = nodes.located(get("uses"));
  if (map && !uses && !nodes.get(map, "runs-on")) {
    report(`Job '${id}' has neither 'runs-on' nor 'uses'`, pos);
  }
  const services = nodes.js(get("services"));
  const continueOnError = nodes.js(get("continue-on-error"));
  return {
    id,
    name: nodes.text(get("name")),
    runsOn: nodes.js(get("runs-on")) ?? undefined,
    needs,
    if: nodes.text(get("if")),
    condition: nodes.located(get("if")),
    runsOnPos: nodes.get(map, "runs-on")?.pos,
    permissions: buildPermissions(nodes, map),
    timeoutMinutes: typeof timeout === "number" || typeof timeout === "string"
      ? timeout
      : undefined,
    timeoutPos: nodes.get(map, "timeout-minutes")?.pos,
    continueOnError: typeof continueOnError === "boolean" || typeof continueOnError === "string"
      ? continueOnError
      : undefined,
    secrets: nodes.located(get("secrets")),
    concurrency: buildConcurrency(nodes, map),
    matrix: nodes.js(nodes.get(nodes.map(get("strategy")), "matrix")?.value) ?? undefined,
    uses,
    with: nodes.locatedMap(get("with")),
    container: nodes.js(get("container")) ?? undefined,
    services: services && typeof services === "object"
      ? services as Record<string, unknown>
      : undefined,
    images: buildImages(nodes, get("container"), get("services")),
    env: nodes.strings(get("env")),
    steps: buildSteps(nodes, get("steps")),
    pos,
  };
}

function buildSteps(nodes: Nodes, value: Node | null): Step[] {
  const seq = nodes.seq(value);
  if (!seq) return [];
  return seq.items.map((item, index) => {
    const node = nodes.resolve(item);
    const map = nodes.map(node);
    const get = (key: string) => nodes.get(map, key)?.value ?? null;
    const continueOnError = nodes.js(get("continue-on-error"));
    return {
      index,
      id: nodes.text(get("id")),
      name: nodes.text(get("name")),
      uses: nodes.located(get("uses")),
      run: nodes.located(get("run")),
      shell: nodes.text(get("shell")),
      if: nodes.text(get("if")),
      condition: nodes.located(get("if")),
      continueOnError: typeof continueOnError === "boolean" || typeof continueOnError === "string"
        ? continueOnError
        : undefined,
      with: nodes.locatedMap(get("with")),
      env: nodes.strings(get("env")),
      pos: nodes.pos(node),
    };
  });
}

// `container: node:20` or `container: {image: …}`; each service the same way.
function buildImages(
  nodes: Nodes,
  container: Node | null,
  services: Node | null,
): { owner: string; image: Located<string> }[] {
  const imageOf = (node: Node | null) =>
    isScalar(node)
      ? nodes.located(node)
      : nodes.located(nodes.get(nodes.map(node), "image")?.value);
  const out: { owner: string; image: Located<string> }[] = [];
  const own = imageOf(container);
  if (own) out.push({ owner: "container", image: own });
  for (const e of nodes.entries(nodes.map(services))) {
    const image = imageOf(e.value);
    if (image) out.push({ owner: e.key, image });
  }
  return out;
}

/** Limits on the shape of a workflow file, checked before the YAML parser runs. */
export const SHAPE_LIMITS = { lines: 20_000, flowDepth: 64, commas: 20_000, mergeKeys: 500 };

/**
 * Refuses inputs whose shape makes YAML parsing slow (a real workflow is far below every limit):
 * very many lines, deeply nested flow collections, huge flow sequences, merge-key bombs.
 */
function shapeProblem(content: string): string | null {
  let lines = 1, depth = 0, deepest = 0, commas = 0;
  for (let i = 0; i < content.length; i++) {
    const c = content.charCodeAt(i);
    if (c === 10) lines++;
    else if (c === 91 || c === 123) deepest = Math.max(deepest, ++depth); // [ {
    else if (c === 93 || c === 125) depth = Math.max(0, depth - 1); // ] }
    else if (c === 44) commas++;
  }
  const merges = content.split("<<").length - 1;
  const L = SHAPE_LIMITS;
  if (lines > L.lines) return `Refused before parsing: ${lines} lines, the limit is ${L.lines}`;
  if (deepest > L.flowDepth) {
    return `Refused before parsing: flow collections nested ${deepest} deep, the limit is ${L.flowDepth}`;
  }
  if (commas > L.commas) {
    return `Refused before parsing: ${commas} commas, the limit is ${L.commas}`;
  }
  if (merges > L.mergeKeys) {
    return `Refused before parsing: ${merges} merge keys (<<), the limit is ${L.mergeKeys}`;
  }
  return null;
}

/** The first key that repeats within one mapping, in document order. */
function firstDuplicateKey(
  doc: Document,
): { text: string; range?: [number, number, number] } | null {
  let found: { text: string; range?: [number, number, number] } | null = null;
  visit(doc, {
    Map(_, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        const key = isScalar(pair.key) ? pair.key.value : pair.key;
        if (seen.has(key)) {
          found = {
            text: String(key),
            range: isScalar(pair.key) ? pair.key.range ?? undefined : undefined,
          };
          return visit.BREAK;
        }
        seen.add(key);
      }
    },
  });
  return found;
}
