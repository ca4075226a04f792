/**
 * `.gitlab-ci.yml` text → plain data that remembers where every mapping key came from. Anchors
 * and merge keys (`<<:`) are expanded here; `!reference` tags become {@linkcode Reference}
 * markers resolved later, once includes and `extends` are known.
 *
 * @module
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from "yaml";
import type { Document } from "yaml";
import { CiError } from "../../errors.ts";

/** Largest file converted: real pipelines are tens of KiB. */
export const MAX_GITLAB_BYTES = 1024 * 1024;
/** Expanded value size refused beyond this: anchors could otherwise multiply a small file. */
export const MAX_EXPANDED_NODES = 200_000;

/**
 * A `!reference [job, key, …]` tag, resolved against the merged configuration.
 *
 * @example
 * ```ts
 * new Reference([".setup", "script"], ".gitlab-ci.yml", 12);
 * ```
 */
export class Reference {
  constructor(readonly path: string[], readonly file: string, readonly line: number) {}
}

/** Parsed values: YAML scalars, lists, key-ordered maps and `!reference` markers. */
export type Raw = null | boolean | number | string | Raw[] | RawMap | Reference;
/** A mapping; created without a prototype so keys such as `__proto__` are plain keys. */
export type RawMap = { [key: string]: Raw };

/** Where a mapping was written: its file, its own line and the line of each key. */
export interface Where {
  file: string;
  line: number;
  keys: Record<string, number>;
}

/**
 * Source positions of mappings, kept beside the data so the data stays plain.
 *
 * @example
 * ```ts
 * const locs = new Locations();
 * locs.lineOf(map, "script"); // 12, or the map's own line
 * ```
 */
export class Locations {
  #where = new WeakMap<object, Where>();

  /** Records where `map` was written. */
  set(map: RawMap, where: Where): void {
    this.#where.set(map, where);
  }

  /** Where `map` was written, if known. */
  get(map: RawMap): Where | undefined {
    return this.#where.get(map);
  }

  /** File of `map` (the fallback when unknown). */
  fileOf(map: RawMap, fallback: string): string {
    return this.#where.get(map)?.file ?? fallback;
  }

  /** Line of `key` in `map`, else the line of `map`. */
  lineOf(map: RawMap, key?: string): number | undefined {
    const w = this.#where.get(map);
    if (!w) return undefined;
    return (key !== undefined ? w.keys[key] : undefined) ?? w.line;
  }
}

/** A problem met while reading, reported as an audit note by the caller. */
export interface ParseIssue {
  file: string;
  line: number;
  message: string;
}

/** What {@linkcode parseGitLabYaml} returns. */
export interface ParsedYaml {
  /** The top-level mapping, or null when the file is not one (see `issues`). */
  root: RawMap | null;
  issues: ParseIssue[];
}

/**
 * True for a plain mapping value (not a list, scalar or reference).
 *
 * @example
 * ```ts
 * isRawMap(newMap()); // true
 * isRawMap(["a"]); // false
 * ```
 */
export function isRawMap(value: Raw | undefined): value is RawMap {
  return typeof value === "object" && value !== null && !Array.isArray(value) &&
    !(value instanceof Reference);
}

/**
 * Any parsed value as text for messages and fields: scalars as written, structures as JSON.
 *
 * @example
 * ```ts
 * text(3); // "3"
 * text(null); // ""
 * ```
 */
export function text(value: Raw | undefined): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value instanceof Reference) return `!reference [${value.path.join(", ")}]`;
  try {
    return JSON.stringify(value);
  } catch {
    return "(value)";
  }
}

/**
 * A new prototype-less map.
 *
 * @example
 * ```ts
 * const m = newMap();
 * m.__proto__ = "x"; // a plain key, not the prototype
 * ```
 */
export function newMap(): RawMap {
  return Object.create(null) as RawMap;
}

/**
 * Parses one GitLab CI file. Syntax errors come back as issues with a null root; only input
 * over {@linkcode MAX_GITLAB_BYTES} throws.
 *
 * @throws {CiError} `too_large` for oversized input.
 * @example
 * ```ts
 * const { root } = parseGitLabYaml(".gitlab-ci.yml", "test:\n  script: [make]\n", new Locations());
 * ```
 */
export function parseGitLabYaml(file: string, content: string, locs: Locations): ParsedYaml {
  const bytes = new TextEncoder().encode(content).length;
  if (bytes > MAX_GITLAB_BYTES) {
    throw new CiError(
      "too_large",
      `Cannot convert '${file}' as it is ${bytes} bytes: the limit is ${MAX_GITLAB_BYTES}`,
      { hint: "Split the pipeline with local includes; files this large are not converted." },
    );
  }
  const lineCounter = new LineCounter();
  let doc: Document;
  try {
    doc = parseDocument(content, { lineCounter, uniqueKeys: false, prettyErrors: false });
  } catch (error) {
    return { root: null, issues: [{ file, line: 1, message: `YAML not readable: ${error}` }] };
  }
  const lineAt = (offset: number | undefined) =>
    offset === undefined ? 1 : lineCounter.linePos(offset).line;
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    return {
      root: null,
      issues: [{
        file,
        line: lineAt(e.pos[0]),
        message: `YAML syntax error: ${e.message.split("\n")[0]}`,
      }],
    };
  }
  const walker = new Walker(doc, file, locs, lineAt);
  try {
    const root = walker.value(doc.contents as Node | null);
    if (!isRawMap(root)) {
      return {
        root: null,
        issues: [...walker.issues, {
          file,
          line: 1,
          message: "The file is not a YAML mapping of jobs and keywords",
        }],
      };
    }
    return { root, issues: walker.issues };
  } catch (error) {
    if (error instanceof CiError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    return { root: null, issues: [{ file, line: 1, message: `YAML refused: ${message}` }] };
  }
}

/** Node → data, with memoised aliases (a DAG, never an exponential copy) and a size budget. */
class Walker {
  readonly issues: ParseIssue[] = [];
  #memo = new Map<Node, { value: Raw; size: number }>();
  #active = new Set<Node>();
  #size = 0;

  constructor(
    readonly doc: Document,
    readonly file: string,
    readonly locs: Locations,
    readonly lineAt: (offset: number | undefined) => number,
  ) {}

  value(node: Node | null): Raw {
    return this.#walk(node).value;
  }

  #walk(node: Node | null | undefined): { value: Raw; size: number } {
    if (node === null || node === undefined) return { value: null, size: 1 };
    if (isAlias(node)) {
      const target = node.resolve(this.doc) as Node | undefined;
      if (!target) throw new Error(`unknown alias *${node.source}`);
      return this.#walk(target);
    }
    const cached = this.#memo.get(node);
    if (cached) {
      this.#charge(cached.size);
      return cached;
    }
    if (this.#active.has(node)) throw new Error("recursive alias");
    this.#active.add(node);
    const result = this.#build(node);
    this.#active.delete(node);
    this.#memo.set(node, result);
    return result;
  }

  #charge(size: number) {
    this.#size += size;
    if (this.#size > MAX_EXPANDED_NODES) {
      throw new CiError(
        "too_large",
        `Cannot convert '${this.file}' as its anchors expand beyond ${MAX_EXPANDED_NODES} values`,
        { hint: "Reduce alias nesting; this looks like a YAML alias bomb." },
      );
    }
  }

  #build(node: Node): { value: Raw; size: number } {
    const line = this.lineAt(node.range?.[0]);
    const tag = node.tag;
    if (tag === "!reference") {
      const path = isSeq(node) ? node.items.map((i) => String(isScalar(i) ? i.value : "")) : [];
      this.#charge(1);
      return { value: new Reference(path, this.file, line), size: 1 };
    }
    if (tag && tag.startsWith("!") && !tag.startsWith("!!")) {
      this.issues.push({
        file: this.file,
        line,
        message: `YAML tag ${tag} is not supported; its value is used as written`,
      });
    }
    if (isScalar(node)) {
      this.#charge(1);
      const v = node.value;
      const value: Raw =
        v === null || typeof v === "boolean" || typeof v === "number" || typeof v === "string"
          ? v
          : String(v);
      return { value, size: 1 };
    }
    if (isSeq(node)) {
      let size = 1;
      const value: Raw[] = [];
      for (const item of node.items) {
        const r = this.#walk(item as Node);
        size += r.size;
        value.push(r.value);
      }
      return { value, size };
    }
    if (isMap(node)) return this.#map(node, line);
    this.#charge(1);
    return { value: null, size: 1 };
  }

  #map(node: import("yaml").YAMLMap, line: number): { value: Raw; size: number } {
    const map = newMap();
    const where: Where = { file: this.file, line, keys: {} };
    const merged: RawMap[] = [];
    let size = 1;
    for (const pair of node.items) {
      const keyNode = pair.key as Node | null;
      const key = isScalar(keyNode)
        ? String(keyNode.value)
        : keyNode === null
        ? ""
        : String(keyNode);
      const r = this.#walk(pair.value as Node | null);
      size += r.size;
      if (key === "<<" && isScalar(keyNode) && keyNode.type === "PLAIN") {
        const sources = Array.isArray(r.value) ? r.value : [r.value];
        for (const s of sources) if (isRawMap(s)) merged.push(s);
        continue;
      }
      if (key in map) {
        this.issues.push({
          file: this.file,
          line: this.lineAt(keyNode?.range?.[0]),
          message: `Duplicate key '${key}': the last value is used`,
        });
      }
      map[key] = r.value;
      where.keys[key] = this.lineAt(keyNode?.range?.[0]);
    }
    // Merge keys fill only what the mapping does not set itself; earlier sources win.
    for (const source of merged) {
      const from = this.locs.get(source);
      for (const [k, v] of Object.entries(source)) {
        if (k in map) continue;
        map[k] = v;
        where.keys[k] = from?.keys[k] ?? line;
      }
    }
    this.locs.set(map, where);
    return { value: map, size };
  }
}
