/**
 * The MCP tools: one per operation, each taking exactly the Intent fields its command accepts
 * (`COMMANDS[].keys`), with the input JSON Schema generated from `IntentSchema` so tools, chat
 * grammar and CLI cannot drift apart.
 *
 * @module
 */
import { z } from "zod";
import { CiError } from "../../src/errors.ts";
import { COMMANDS, type FieldKey, KEYS } from "../../src/intent/commands.ts";
import { validateIntent } from "../../src/intent/parse.ts";
import { type Intent, IntentSchema, type Op } from "../../src/intent/schema.ts";

/** Operations exposed as tools, in listing order. */
export const TOOL_OPS = [
  "test",
  "compare",
  "migrate",
  "analyze",
  "optimize",
  "status",
  "cancel",
] as const satisfies readonly Op[];

/** One tool as `tools/list` describes it. */
export interface ToolSpec {
  name: string;
  op: Op;
  title: string;
  description: string;
  /** Intent fields this tool takes. */
  keys: readonly FieldKey[];
  inputSchema: { type: "object"; [key: string]: unknown };
  annotations: { readOnlyHint: boolean; destructiveHint: boolean; openWorldHint: boolean };
}

// Where a tool argument means something other than what the chat key's help says.
const ARGUMENT_HELP: Partial<Record<FieldKey, string>> = {
  repo: "GitHub repository, owner/name (e.g. acme/app)",
  workflow: "workflow file name or path (e.g. ci.yml or .github/workflows/ci.yml)",
  matrix: 'a preset name (e.g. "full") or an object of value lists, e.g. ' +
    '{"python-version": ["3.11", "3.12"]}',
  inputs: 'workflow_dispatch inputs as an object of strings, e.g. {"debug": "true"}',
  target: "the workflow file, job name or job id to act on (migrate: the catalog, " +
    "owner/repo[/path.yml][@ref]); never an apply step",
  apply: 'open a pull request in two steps: {"step": "preview", "ids": ["s1a2b3"]} shows it ' +
    '(ids: optimize suggestions; none for migrate), then {"step": "confirm", "ids": [...], ' +
    '"hash": "<from the preview>"} opens it. Needs the pull-request role (admin by default)',
};

const EXTRA_HELP: Partial<Record<Op, string>> = {
  test: " Dispatches real CI runs: returns a job id at once and reports progress while the " +
    "call is open (send a progressToken); otherwise poll ci_status.",
  compare: " With `runs` it dispatches runs on both refs (a job, like ci_test); without it, " +
    "compares recorded history.",
  status: " Pass `target` (a job id) to get that job's latest report.",
  cancel: " Pass `target`: the job id ci_test or ci_compare returned.",
  optimize: " With `apply` it previews, then (step confirm) opens a pull request.",
  migrate: " With `apply` it previews, then (step confirm) opens a pull request.",
};

// Tools that can change state under some arguments: clients must ask before calling them.
const STATE_CHANGING = new Set<Op>(["test", "compare", "cancel", "optimize", "migrate"]);

function inputSchemaFor(keys: readonly FieldKey[]): ToolSpec["inputSchema"] {
  const mask = Object.fromEntries(keys.map((k) => [k, true])) as { [K in FieldKey]?: true };
  const { $schema: _ignored, ...schema } = z.toJSONSchema(IntentSchema.pick(mask), {
    io: "input",
  });
  const properties = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
  for (const key of keys) {
    const help = ARGUMENT_HELP[key] ?? KEYS.find((k) => k.name === key)?.description;
    if (properties[key] && help) properties[key] = { description: help, ...properties[key] };
  }
  return { ...schema, type: "object", properties };
}

function buildTool(op: (typeof TOOL_OPS)[number]): ToolSpec {
  const command = COMMANDS.find((c) => c.name === op);
  if (!command) throw new CiError("internal", `No command named '${op}' for an MCP tool`);
  return {
    name: `ci_${op}`,
    op,
    title: `${op[0].toUpperCase()}${op.slice(1)} (ci-orchestrator)`,
    description: `${command.summary}.${EXTRA_HELP[op] ?? ""}`,
    keys: command.keys,
    inputSchema: inputSchemaFor(command.keys),
    annotations: {
      readOnlyHint: !STATE_CHANGING.has(op),
      destructiveHint: op === "cancel",
      openWorldHint: true,
    },
  };
}

/**
 * Every tool, built once from the command table.
 *
 * @example
 * ```ts
 * TOOLS.map((t) => t.name); // ["ci_test", "ci_compare", …, "ci_cancel"]
 * ```
 */
export const TOOLS: readonly ToolSpec[] = TOOL_OPS.map(buildTool);

/**
 * Turns a tool call into a typed Intent, refusing arguments the tool does not take and values
 * the Intent schema rejects, with a message naming the argument and its value.
 *
 * @example
 * ```ts
 * const tool = TOOLS.find((t) => t.name === "ci_analyze")!;
 * toolIntent(tool, { repo: "acme/app" }); // { op: "analyze", repo: "acme/app" }
 * ```
 */
export function toolIntent(tool: ToolSpec, args: unknown): Intent {
  const given = args ?? {};
  if (typeof given !== "object" || Array.isArray(given)) {
    throw new CiError("bad_request", `${tool.name} takes an object of arguments`, {
      hint: `Arguments: ${tool.keys.join(", ")}.`,
    });
  }
  const unknown = Object.keys(given).filter((k) => !(tool.keys as readonly string[]).includes(k));
  if (unknown.length) {
    throw new CiError(
      "bad_request",
      `${tool.name} does not take ${unknown.map((k) => `'${k}'`).join(", ")}`,
      { hint: `${tool.name} takes ${tool.keys.join(", ")}.` },
    );
  }
  return validateIntent({ ...given, op: tool.op });
}
