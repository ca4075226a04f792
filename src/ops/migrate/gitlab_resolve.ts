/**
 * The configuration GitLab would run: local includes merged, `extends` chains resolved,
 * `!reference` tags replaced and `default:` applied — before any job is converted.
 *
 * @module
 */
import type { Audit } from "./gitlab_audit.ts";
import {
  isRawMap,
  type Locations,
  newMap,
  parseGitLabYaml,
  type Raw,
  type RawMap,
  Reference,
  text,
} from "./gitlab_parse.ts";

/** Top-level keys that are not jobs. */
export const GLOBAL_KEYS = new Set([
  "default",
  "include",
  "stages",
  "variables",
  "workflow",
  "image",
  "services",
  "before_script",
  "after_script",
  "cache",
  "types",
  "spec",
]);

/** Keys `default:` (and the legacy top-level form) pass to jobs. */
const DEFAULTABLE = [
  "image",
  "services",
  "before_script",
  "after_script",
  "cache",
  "artifacts",
  "tags",
  "retry",
  "timeout",
  "interruptible",
  "hooks",
  "id_tokens",
];

/** GitLab stops following includes after this many files. */
const MAX_INCLUDES = 150;
/** GitLab's `extends` depth limit. */
const MAX_EXTENDS_DEPTH = 11;

/** One visible job, resolved. */
export interface ResolvedJob {
  name: string;
  config: RawMap;
  file: string;
  line: number;
}

/** The resolved pipeline. */
export interface Pipeline {
  root: RawMap;
  jobs: ResolvedJob[];
}

/** Inputs to {@linkcode resolvePipeline}. */
export interface ResolveInput {
  path: string;
  root: RawMap;
  files: Record<string, string>;
  locs: Locations;
  audit: Audit;
}

/**
 * Resolves includes, `extends`, `!reference` and defaults.
 *
 * @example
 * ```ts
 * const { jobs } = resolvePipeline({ path, root, files: {}, locs, audit });
 * ```
 */
export function resolvePipeline(input: ResolveInput): Pipeline {
  const { locs, audit } = input;
  const root = applyIncludes(input);
  const extended = newMap();
  const resolving = new Set<string>();
  const resolveJob = (name: string, depth: number): RawMap | null => {
    const job = root[name];
    if (!isRawMap(job)) return null;
    if (name in extended) return extended[name] as RawMap;
    const at = { file: locs.fileOf(job, input.path), line: locs.lineOf(job), job: name };
    const parents = job.extends === undefined
      ? []
      : Array.isArray(job.extends)
      ? job.extends
      : [job.extends];
    if (parents.length === 0) {
      extended[name] = job;
      return job;
    }
    if (resolving.has(name) || depth > MAX_EXTENDS_DEPTH) {
      audit.notConverted(
        at,
        `'extends' of '${name}' is circular or deeper than ${MAX_EXTENDS_DEPTH}; it was not resolved`,
      );
      return job;
    }
    resolving.add(name);
    let base: RawMap = newMap();
    for (const parent of parents) {
      const p = typeof parent === "string" ? resolveJob(parent, depth + 1) : null;
      if (!p) {
        audit.notConverted(
          { ...at, line: locs.lineOf(job, "extends") },
          `'extends: ${text(parent)}' names no job or template in the configuration`,
        );
        continue;
      }
      base = deepMerge(base, p, locs);
    }
    resolving.delete(name);
    const own = newMap();
    for (const [k, v] of Object.entries(job)) if (k !== "extends") own[k] = v;
    const where = locs.get(job);
    if (where) locs.set(own, where);
    const merged = deepMerge(base, own, locs);
    if (where) locs.set(merged, { ...where, keys: { ...locs.get(merged)?.keys } });
    extended[name] = merged;
    return merged;
  };
  for (const name of Object.keys(root)) {
    if (!GLOBAL_KEYS.has(name) && isRawMap(root[name])) resolveJob(name, 0);
  }
  const resolved = newMap();
  for (const [k, v] of Object.entries(root)) resolved[k] = k in extended ? extended[k] : v;
  const deref = new Dereferencer(resolved, locs, audit, input.path);
  const final = newMap();
  for (const [k, v] of Object.entries(resolved)) final[k] = deref.value(v, k, 0);
  const defaults = collectDefaults(final);
  const jobs: ResolvedJob[] = [];
  for (const [name, value] of Object.entries(final)) {
    if (GLOBAL_KEYS.has(name) || name.startsWith(".")) continue;
    const original = root[name];
    const file = isRawMap(original) ? locs.fileOf(original, input.path) : input.path;
    const line = locs.lineOf(root, name) ?? 1;
    if (!isRawMap(value)) {
      audit.notConverted(
        { file, line, job: name },
        `Top-level key '${name}' is neither a job nor a known keyword`,
      );
      continue;
    }
    jobs.push({ name, config: withDefaults(value, defaults, locs), file, line });
  }
  return { root: final, jobs };
}

function collectDefaults(root: RawMap): RawMap {
  const out = newMap();
  for (const key of DEFAULTABLE) if (root[key] !== undefined) out[key] = root[key];
  const d = root.default;
  if (isRawMap(d)) { for (const key of DEFAULTABLE) if (d[key] !== undefined) out[key] = d[key]; }
  return out;
}

function withDefaults(job: RawMap, defaults: RawMap, locs: Locations): RawMap {
  const inherit = isRawMap(job.inherit) ? job.inherit.default : undefined;
  if (inherit === false) return job;
  const allowed = Array.isArray(inherit) ? new Set(inherit.map(text)) : null;
  const out = newMap();
  Object.assign(out, job);
  for (const [k, v] of Object.entries(defaults)) {
    if (out[k] === undefined && (!allowed || allowed.has(k))) out[k] = v;
  }
  const where = locs.get(job);
  if (where) locs.set(out, where);
  return out;
}

/**
 * Hash deep merge as GitLab does it for includes and `extends`: maps merge key by key, anything
 * else (lists included) is replaced by the later value.
 *
 * @example
 * ```ts
 * deepMerge(parent, child, locs); // child's keys win; nested maps merge
 * ```
 */
export function deepMerge(base: RawMap, over: RawMap, locs: Locations): RawMap {
  const out = newMap();
  const b = locs.get(base);
  const o = locs.get(over);
  const keys: Record<string, number> = { ...b?.keys };
  for (const [k, v] of Object.entries(base)) out[k] = v;
  for (const [k, v] of Object.entries(over)) {
    const prev = out[k];
    out[k] = isRawMap(prev) && isRawMap(v) ? deepMerge(prev, v, locs) : v;
    if (o?.keys[k] !== undefined) keys[k] = o.keys[k];
  }
  const where = o ?? b;
  if (where) locs.set(out, { file: where.file, line: where.line, keys });
  return out;
}

function includeEntries(value: Raw | undefined): Raw[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function applyIncludes(input: ResolveInput): RawMap {
  const { locs, audit, files } = input;
  let count = 0;
  const load = (file: string, root: RawMap, seen: Set<string>): RawMap => {
    let base = newMap();
    const entries = includeEntries(root.include);
    const line = locs.lineOf(root, "include");
    for (const entry of entries) {
      const at = { file, line: isRawMap(entry) ? locs.lineOf(entry) ?? line : line };
      const spec = typeof entry === "string"
        ? (/^https?:\/\//.test(entry) ? { remote: entry } : { local: entry })
        : isRawMap(entry)
        ? entry
        : null;
      if (!spec) {
        audit.notConverted(at, `include entry of an unknown shape was skipped`);
        continue;
      }
      const kind = ["local", "remote", "template", "project", "component"].find((k) => k in spec);
      if (kind !== "local") {
        const what = kind ? `${kind}: ${text(spec[kind])}` : "of an unknown kind";
        audit.notConverted(
          at,
          `include ${what} was not converted: only local includes are merged; copy its jobs into the repository or into a reusable workflow`,
        );
        continue;
      }
      const pattern = text(spec.local).replace(/^\/+/, "");
      const matches = Object.keys(files).filter((f) => globMatch(pattern, f.replace(/^\/+/, "")));
      if (matches.length === 0) {
        audit.notConverted(
          at,
          `include local: ${
            text(spec.local)
          } was not found among the repository files given; its jobs are missing`,
        );
        continue;
      }
      if ("rules" in spec || "inputs" in spec) {
        audit.change(
          at,
          `include local: ${
            text(spec.local)
          } has rules or inputs; it was merged unconditionally and inputs were not interpolated`,
        );
      }
      for (const match of matches) {
        if (seen.has(match) || ++count > MAX_INCLUDES) {
          audit.notConverted(
            at,
            `include local: ${match} is included twice or beyond ${MAX_INCLUDES} files; skipped`,
          );
          continue;
        }
        const parsed = parseGitLabYaml(match, files[match], locs);
        for (const issue of parsed.issues) audit.notConverted(issue, issue.message);
        if (!parsed.root) continue;
        audit.converted(at, `include local: ${match} was merged into the workflow`);
        base = deepMerge(base, load(match, parsed.root, new Set([...seen, match])), locs);
      }
    }
    const own = newMap();
    for (const [k, v] of Object.entries(root)) if (k !== "include") own[k] = v;
    const where = locs.get(root);
    if (where) locs.set(own, where);
    return entries.length === 0 ? own : deepMerge(base, own, locs);
  };
  return load(input.path, input.root, new Set([input.path.replace(/^\/+/, "")]));
}

function globMatch(pattern: string, path: string): boolean {
  if (!pattern.includes("*")) return pattern === path;
  const re = pattern.split("*").map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join("[^/]*");
  return new RegExp(`^${re}$`).test(path);
}

/** Replaces `!reference` markers with the values they point at in the same configuration. */
class Dereferencer {
  constructor(
    readonly root: RawMap,
    readonly locs: Locations,
    readonly audit: Audit,
    readonly path: string,
  ) {}

  value(v: Raw, job: string, depth: number): Raw {
    if (v instanceof Reference) return this.#lookup(v, job, depth);
    if (Array.isArray(v)) {
      if (!v.some((x) => x instanceof Reference || typeof x === "object")) return v;
      const out: Raw[] = [];
      for (const item of v) {
        const r = this.value(item, job, depth);
        // A reference inside a list splices its list in, as GitLab flattens script lists.
        if (item instanceof Reference && Array.isArray(r)) out.push(...r);
        else out.push(r);
      }
      return out;
    }
    if (isRawMap(v)) {
      const out = newMap();
      let changed = false;
      for (const [k, x] of Object.entries(v)) {
        out[k] = this.value(x, job, depth);
        if (out[k] !== x) changed = true;
      }
      if (!changed) return v;
      const where = this.locs.get(v);
      if (where) this.locs.set(out, where);
      return out;
    }
    return v;
  }

  #lookup(ref: Reference, job: string, depth: number): Raw {
    const at = { file: ref.file, line: ref.line, job: job.startsWith(".") ? undefined : job };
    if (depth > 10) {
      this.audit.notConverted(at, `!reference [${ref.path.join(", ")}] nests too deeply; dropped`);
      return null;
    }
    let cur: Raw | undefined = this.root;
    for (const key of ref.path) cur = isRawMap(cur) ? cur[key] : undefined;
    if (cur === undefined || ref.path.length === 0) {
      this.audit.notConverted(
        at,
        `!reference [${
          ref.path.join(", ")
        }] points outside this configuration (another file or a missing key); dropped`,
      );
      return null;
    }
    this.audit.converted(at, `!reference [${ref.path.join(", ")}] was resolved in place`);
    return this.value(cur, job, depth + 1);
  }
}
