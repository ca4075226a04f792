/**
 * Comment-preserving edits of workflow YAML. The `yaml` Document API locates the nodes; the
 * change is then spliced into the source text, so every untouched line (comments, quoting,
 * indentation, blank lines, long `run:` scripts) stays byte-identical — `doc.toString()` would
 * re-flow the whole file. New values are serialized by `yaml` itself and indented like their
 * siblings.
 *
 * @module
 */
import { isMap, isScalar, isSeq, type Node, type Pair, parseDocument, stringify } from "yaml";
import { CiError } from "../errors.ts";

/** Where a mapping sits: keys of maps and indexes of sequences from the document root. */
export type YamlPath = readonly (string | number)[];

/**
 * One edit: set `key` in the block mapping at `path`, or delete it from there; or replace the
 * `count` items from `start` of the block sequence at `path` with `items` (several steps → one).
 */
export type Edit =
  | {
    kind: "set";
    path: YamlPath;
    key: string;
    value: unknown;
    /** Insert a new entry after the first of these keys present (else `before`, else last). */
    after?: readonly string[];
    /** Insert a new entry before the first of these keys present. */
    before?: readonly string[];
  }
  | { kind: "delete"; path: YamlPath; key: string }
  | {
    kind: "replace-items";
    path: YamlPath;
    start: number;
    count: number;
    items: readonly unknown[];
  };

const unsupported = (message: string) =>
  new CiError("unsupported", message, {
    hint: "Apply this change by hand: the file's layout (flow style or anchors) is not edited " +
      "automatically.",
  });

function parse(source: string) {
  const doc = parseDocument(source, { keepSourceTokens: false });
  if (doc.errors.length > 0) {
    throw new CiError("bad_request", `Cannot edit YAML that does not parse: ${doc.errors[0]}`);
  }
  return doc;
}

function nodeAt(root: unknown, path: YamlPath): unknown {
  let node = root;
  for (const step of path) {
    if (typeof step === "number" && isSeq(node)) node = node.items[step];
    else if (typeof step === "string" && isMap(node)) {
      node = node.items.find((p) => isScalar(p.key) && String(p.key.value) === step)?.value;
    } else return undefined;
    if (node === undefined || node === null) return undefined;
  }
  return node;
}

const pairOf = (map: unknown, key: string): Pair<unknown, unknown> | undefined =>
  isMap(map)
    ? map.items.find((p) => isScalar(p.key) && String(p.key.value) === key) as
      | Pair<unknown, unknown>
      | undefined
    : undefined;

const lineStart = (text: string, offset: number) => text.lastIndexOf("\n", offset - 1) + 1;

function lineEnd(text: string, offset: number): number {
  const nl = text.indexOf("\n", offset);
  return nl < 0 ? text.length : nl + 1;
}

/** Offset just past the line holding the last character of `pair` (its value, else its key). */
function pairEnd(text: string, pair: Pair<unknown, unknown>): number {
  const node = (pair.value ?? pair.key) as Node;
  let end = node.range![1];
  while (end > 0 && /\s/.test(text[end - 1])) end--;
  return lineEnd(text, end - 1);
}

/** Offset where `pair`'s key line begins, with the comment lines right above it. */
function pairStart(text: string, pair: Pair<unknown, unknown>): number {
  let start = lineStart(text, (pair.key as Node).range![0]);
  for (;;) {
    if (start === 0) return start;
    const prev = lineStart(text, start - 1);
    if (!/^\s*#/.test(text.slice(prev, start))) return start;
    start = prev;
  }
}

function blockMap(map: unknown, what: string, text: string) {
  if (!isMap(map) || map.flow || map.items.length === 0) {
    throw unsupported(`Cannot edit ${what}: it is not a block mapping`);
  }
  const first = map.items[0].key as Node;
  if (!isScalar(first) || !first.range) throw unsupported(`Cannot edit ${what}: complex keys`);
  return { map, column: first.range[0] - lineStart(text, first.range[0]) };
}

/** The indentation step of the file: how far `jobs` (or `runs`) entries sit from the margin. */
function indentStep(doc: ReturnType<typeof parse>, text: string): number {
  for (const key of ["jobs", "runs", "on"]) {
    const node = nodeAt(doc.contents, [key]);
    if (isMap(node) && !node.flow && node.items[0]?.key && isScalar(node.items[0].key)) {
      const at = (node.items[0].key as Node).range![0];
      const column = at - lineStart(text, at);
      if (column > 0 && column <= 8) return column;
    }
  }
  return 2;
}

function render(key: string, value: unknown, column: number, indent: number): string {
  const body = stringify({ [key]: value }, { lineWidth: 0, indent });
  const pad = " ".repeat(column);
  return body.split("\n").filter((l) => l !== "").map((l) => pad + l + "\n").join("");
}

function splice(text: string, at: number, remove: number, insert: string): string {
  const lead = at === text.length && text.length > 0 && !text.endsWith("\n") ? "\n" : "";
  return text.slice(0, at) + lead + insert + text.slice(at + remove);
}

function applySet(text: string, edit: Extract<Edit, { kind: "set" }>): string {
  const doc = parse(text);
  // Create missing parent maps: `with:` absent → add `with: {cache: npm}` to the step.
  const path = [...edit.path];
  let key = edit.key;
  let value = edit.value;
  while (path.length > 0 && nodeAt(doc.contents, path) === undefined) {
    const last = path.pop()!;
    if (typeof last !== "string") {
      throw unsupported(`Cannot edit: ${edit.path.join(".")} is missing`);
    }
    value = { [key]: value };
    key = last;
  }
  const where = path.length ? path.join(".") : "the top level";
  const { map, column } = blockMap(
    path.length ? nodeAt(doc.contents, path) : doc.contents,
    where,
    text,
  );
  const existing = pairOf(map, key);
  if (existing) {
    const node = existing.value as Node | null;
    if (!isScalar(node) || !node.range || typeof value === "object") {
      throw unsupported(`Cannot replace ${where}.${key}: it is not a single value`);
    }
    const scalar = stringify(value, { lineWidth: 0 }).trimEnd();
    return splice(text, node.range[0], node.range[1] - node.range[0], scalar);
  }
  const after = edit.after?.map((k) => pairOf(map, k)).find((p) => p !== undefined);
  const before = edit.before?.map((k) => pairOf(map, k)).find((p) => p !== undefined);
  const at = after
    ? pairEnd(text, after)
    : before
    ? pairStart(text, before)
    : pairEnd(text, map.items[map.items.length - 1] as Pair<unknown, unknown>);
  return splice(text, at, 0, render(key, value, column, indentStep(doc, text)));
}

function applyDelete(text: string, edit: Extract<Edit, { kind: "delete" }>): string {
  const doc = parse(text);
  const where = edit.path.join(".") || "the top level";
  const { map } = blockMap(nodeAt(doc.contents, edit.path), where, text);
  const pair = pairOf(map, edit.key);
  if (!pair) return text;
  if (map.items.length === 1 && edit.path.length > 0) {
    // The mapping would be left empty (`with:` and nothing): remove it with its key.
    const parent = edit.path.slice(0, -1);
    const last = edit.path[edit.path.length - 1];
    if (typeof last === "string") {
      return applyDelete(text, { kind: "delete", path: parent, key: last });
    }
  }
  const keyAt = (pair.key as Node).range![0];
  const start = lineStart(text, keyAt);
  if (text.slice(start, keyAt).trim() !== "") {
    throw unsupported(`Cannot delete ${where}.${edit.key}: it shares its line with a '-'`);
  }
  return splice(text, start, pairEnd(text, pair) - start, "");
}

/** Offset of the `-` that opens the sequence item starting at `at`. */
function dashBefore(text: string, at: number): number {
  let i = at - 1;
  while (i >= 0 && /\s/.test(text[i])) i--;
  return text[i] === "-" ? i : -1;
}

function applyReplaceItems(text: string, edit: Extract<Edit, { kind: "replace-items" }>): string {
  const doc = parse(text);
  const where = edit.path.join(".") || "the top level";
  const seq = nodeAt(doc.contents, edit.path);
  if (!isSeq(seq) || seq.flow) throw unsupported(`Cannot edit ${where}: not a block sequence`);
  const { start, count } = edit;
  if (!Number.isInteger(start) || !Number.isInteger(count) || start < 0 || count < 1) {
    throw new CiError("bad_request", `Cannot replace items ${start}+${count} of ${where}`);
  }
  if (start + count > seq.items.length) {
    throw unsupported(
      `Cannot edit ${where}: it has ${seq.items.length} items, not ${start + count}`,
    );
  }
  const first = seq.items[start] as Node;
  const last = seq.items[start + count - 1] as Node;
  if (!first?.range || !last?.range) throw unsupported(`Cannot edit ${where}: items not located`);
  const dash = dashBefore(text, first.range[0]);
  const from = dash < 0 ? -1 : lineStart(text, dash);
  if (dash < 0 || text.slice(from, dash).trim() !== "") {
    throw unsupported(`Cannot edit ${where}: item ${start} does not start its own line`);
  }
  let end = last.range[1];
  while (end > 0 && /\s/.test(text[end - 1])) end--;
  const to = lineEnd(text, end - 1);
  const pad = " ".repeat(dash - from);
  const body = edit.items.length === 0
    ? ""
    : stringify(edit.items, { lineWidth: 0, indent: indentStep(doc, text) }).split("\n")
      .filter((l) => l !== "").map((l) => pad + l + "\n").join("");
  return splice(text, from, to - from, body);
}

/**
 * Applies edits in order, each to the result of the previous one. Lines the edits do not touch
 * come out byte-identical.
 *
 * @throws {CiError} `bad_request` when the source does not parse; `unsupported` when a target is
 *   a flow mapping (`with: {a: 1}`) or sequence, a missing sequence item, a multi-line value to
 *   replace, or a sequence item that shares its line with something else.
 * @example
 * ```ts
 * applyEdits("on: push\njobs:\n  a:\n    runs-on: x # keep\n", [
 *   { kind: "set", path: ["jobs", "a"], key: "timeout-minutes", value: 15, after: ["runs-on"] },
 * ]);
 * // "on: push\njobs:\n  a:\n    runs-on: x # keep\n    timeout-minutes: 15\n"
 * ```
 */
export function applyEdits(source: string, edits: readonly Edit[]): string {
  let text = source;
  for (const edit of edits) {
    text = edit.kind === "set"
      ? applySet(text, edit)
      : edit.kind === "delete"
      ? applyDelete(text, edit)
      : applyReplaceItems(text, edit);
  }
  return text;
}
