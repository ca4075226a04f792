/**
 * Policy file text → typed {@linkcode Policy}. Every problem (YAML syntax, unknown keys, bad
 * values, undefined groups) is reported at once, each with its path, line and current value.
 *
 * @module
 */
import { type Document, isMap, isNode, LineCounter, parseDocument, visit } from "yaml";
import type { z } from "zod";
import { CiError } from "../errors.ts";
import { parsePresets, type Presets } from "../workflow/presets.ts";
import { MAX_ALIAS_COUNT } from "../workflow/yaml_nodes.ts";
import {
  crossCheck,
  type CrossIssue,
  GrantSchema,
  type Policy,
  PolicyShape,
  PullRequestRuleSchema,
  SubscriptionsSchema,
} from "./schema.ts";

/** Largest policy file read; real ones are a few KiB. */
export const MAX_POLICY_BYTES = 256 * 1024;

const HINT = "Fix these entries and start again; the format is described in docs/policy.md.";

/**
 * Parses and validates a policy file. `source` names it in messages (usually its path).
 *
 * @throws {CiError} `config`, listing every problem found.
 * @example
 * ```ts
 * const policy = loadPolicy(
 *   "grants:\n  - repos: [acme/*]\n    role: operator\n    users: [slack:U123ABC]\n",
 *   "policy.yml",
 * );
 * policy.grants[0].role; // "operator"
 * ```
 */
export function loadPolicy(text: string, source: string): Policy {
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > MAX_POLICY_BYTES) {
    throw new CiError(
      "config",
      `Invalid policy file ${source}: it is ${bytes} bytes, the limit is ${MAX_POLICY_BYTES}`,
      {
        hint: "A policy file is a few KiB of YAML (see docs/policy.md): check that POLICY_FILE " +
          "names the right file.",
      },
    );
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    fail(
      source,
      doc.errors.map((e) => {
        const at = e.linePos?.[0];
        const where = at ? `line ${at.line}, column ${at.col}` : "YAML";
        return `${where}: YAML error: ${e.message.split("\n")[0]}`;
      }),
    );
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    fail(source, [unquotedStar(doc, lineCounter) ?? `YAML refused: ${reason}`]);
  }
  if (raw === null || raw === undefined) {
    fail(source, ["the file is empty: it needs at least a grants list (see docs/policy.md)"]);
  }
  const lineOf = (path: PropertyKey[], key?: string): number | undefined => {
    const node = doc.getIn(path as unknown[], true);
    let target: unknown = node;
    if (key !== undefined && isMap(node)) {
      target = node.items.find((pair) => isNode(pair.key) && String(pair.key.toJSON()) === key)
        ?.key;
    }
    const offset = isNode(target) ? target.range?.[0] : undefined;
    if (offset !== undefined) return lineCounter.linePos(offset).line;
    // A missing key has no node: point at the mapping that should hold it.
    return path.length ? lineOf(path.slice(0, -1)) : undefined;
  };
  const parsed = PolicyShape.safeParse(raw);
  const presets = readPresets(text, source);
  const problems = [
    ...(parsed.success ? [] : parsed.error.issues.flatMap((i) => describeIssue(i, raw, lineOf))),
    ...crossCheck(raw).map((i: CrossIssue) => located(i.path, lineOf(i.path), i.message)),
    ...presets.problems,
  ];
  if (!parsed.success || problems.length > 0) fail(source, problems);
  return { ...parsed.data, presets: presets.value };
}

// Presets share their format with `.github/ci-orchestrator.yml`, so their reader checks them;
// its problems join ours so the file's author still sees everything at once.
function readPresets(text: string, source: string): { value: Presets; problems: string[] } {
  try {
    return { value: parsePresets(text, source), problems: [] };
  } catch (error) {
    if (!(error instanceof CiError)) throw error;
    const [first, ...rest] = error.message.split("\n");
    const problems = rest.length
      ? rest.map((line) => line.replace(/^- /, ""))
      : [first.replace(`Cannot read presets from ${source}: `, "presets: ")];
    return { value: new Map(), problems };
  }
}

/**
 * Reads and validates the policy file at `path` (the `POLICY_FILE` setting).
 *
 * @throws {CiError} `config` when the file cannot be read or is invalid.
 * @example
 * ```ts
 * const policy = await readPolicyFile("docs/policy.example.yml");
 * ```
 */
export async function readPolicyFile(path: string): Promise<Policy> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (cause) {
    const reason = cause instanceof Deno.errors.NotFound
      ? "no such file"
      : cause instanceof Deno.errors.PermissionDenied
      ? "permission denied"
      : cause instanceof Error
      ? cause.message
      : String(cause);
    throw new CiError("config", `Cannot read the policy file '${path}' (POLICY_FILE): ${reason}`, {
      hint:
        "Point POLICY_FILE at a readable YAML file (see docs/policy.md), or unset it to allow " +
        "read-only operations only.",
      cause,
    });
  }
  return loadPolicy(text, path);
}

// `repos: [*/*]` is the most likely mistake of all: YAML reads `*` as an alias.
function unquotedStar(doc: Document, lineCounter: LineCounter): string | undefined {
  let found: string | undefined;
  visit(doc, {
    Alias(_, node) {
      if (node.resolve(doc) !== undefined) return;
      const line = node.range ? lineCounter.linePos(node.range[0]).line : undefined;
      found = `${line === undefined ? "" : `line ${line}: `}'*${node.source}' is read as a ` +
        `YAML alias: quote globs that start with * (write "*${node.source}")`;
      return visit.BREAK;
    },
  });
  return found;
}

function fail(source: string, problems: string[]): never {
  throw new CiError("config", `Invalid policy file ${source}:\n  - ${problems.join("\n  - ")}`, {
    hint: HINT,
  });
}

function describeIssue(
  issue: z.core.$ZodIssue,
  raw: unknown,
  lineOf: (path: PropertyKey[], key?: string) => number | undefined,
): string[] {
  const path = issue.path;
  if (issue.code === "unrecognized_keys") {
    const allowed = allowedKeys(path).join(", ");
    return issue.keys.map((key) =>
      located([...path, key], lineOf(path, key), `unknown key (allowed here: ${allowed})`)
    );
  }
  const line = lineOf(path);
  if (issue.code === "invalid_key") {
    const key = String(path[path.length - 1]);
    const reason = issue.issues[0]?.message ?? issue.message;
    return [located(path, lineOf(path.slice(0, -1), key), `${reason} (current key '${key}')`)];
  }
  const value = valueAt(raw, path);
  if (value === undefined) return [located(path, line, "is required")];
  const message = issue.code === "invalid_type"
    ? `must be ${article(issue.expected)}`
    : issue.message;
  return [located(path, line, `${message} (current value ${show(value)})`)];
}

function allowedKeys(path: PropertyKey[]): string[] {
  if (path.length === 0) return Object.keys(PolicyShape.shape);
  if (path[0] === "grants") return Object.keys(GrantSchema.shape);
  if (path[0] === "subscriptions") return Object.keys(SubscriptionsSchema.shape);
  if (path[0] === "pullRequests") return Object.keys(PullRequestRuleSchema.shape);
  return [];
}

function located(path: PropertyKey[], line: number | undefined, message: string): string {
  const where = path.length ? formatPath(path) : "(top level)";
  return `${where}${line === undefined ? "" : ` (line ${line})`}: ${message}`;
}

/**
 * `["grants", 2, "repos"]` → `grants[2].repos`.
 *
 * @example
 * ```ts
 * formatPath(["groups", "release team", 0]); // 'groups["release team"][0]'
 * ```
 */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.map((part, i) => {
    if (typeof part === "number") return `[${part}]`;
    const name = String(part);
    if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(name)) return i === 0 ? name : `.${name}`;
    return `[${JSON.stringify(name)}]`;
  }).join("");
}

function valueAt(raw: unknown, path: PropertyKey[]): unknown {
  let value = raw;
  for (const part of path) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[part];
  }
  return value;
}

function article(expected: string): string {
  const names: Record<string, string> = {
    array: "a list, e.g. [acme/*]",
    object: "a mapping of keys to values",
    string: "a text value",
    boolean: "true or false",
  };
  return names[expected] ?? `a ${expected}`;
}

function show(value: unknown): string {
  const text = typeof value === "string" ? `'${value}'` : JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
