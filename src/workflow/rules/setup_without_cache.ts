/**
 * `setup-without-cache`: toolchain setup actions whose dependency cache is off.
 *
 * @module
 */
import type { Finding } from "../../report/model.ts";
import { type Step, stepGroups } from "../model.ts";
import { majorVersion, parseUses } from "../uses.ts";
import { finding, type Rule } from "./rule.ts";

/** How each setup action turns caching on. */
export interface CacheInput {
  input: string;
  example: string;
  /** A later command that downloads dependencies, without which a cache saves nothing. */
  installs: RegExp;
  /** First major version that caches unless told `input: false`. */
  onByDefaultSince?: number;
}

const NODE_INSTALL = /\b(npm\s+(ci|install|i)|yarn|pnpm\s+(i|install)|bun\s+install|npx)\b/;
const PYTHON_INSTALL =
  /\b(pip3?\s+install|poetry\s+install|pipenv\s+(install|sync)|pdm\s+(install|sync)|tox|nox|hatch)\b/;
const JVM_BUILD = /\b(mvnw?|gradlew?|sbt)\b/;

/** Setup actions that can cache dependencies, and the input that turns it on. */
export const SETUP_ACTIONS: Record<string, CacheInput> = {
  "actions/setup-node": { input: "cache", example: "npm  # or yarn, pnpm", installs: NODE_INSTALL },
  "actions/setup-python": {
    input: "cache",
    example: "pip  # or pipenv, poetry",
    installs: PYTHON_INSTALL,
  },
  "actions/setup-java": { input: "cache", example: "maven  # or gradle, sbt", installs: JVM_BUILD },
  "actions/setup-go": {
    input: "cache",
    example: "true",
    onByDefaultSince: 4,
    installs: /\bgo\s+(build|test|mod|get|install|vet|run|generate)\b/,
  },
  "actions/setup-dotnet": {
    input: "cache",
    example: "true",
    installs: /\bdotnet\s+(restore|build|test|publish|pack)\b/,
  },
  "graalvm/setup-graalvm": {
    input: "cache",
    example: "maven  # or gradle, sbt",
    installs: JVM_BUILD,
  },
  "ruby/setup-ruby": {
    input: "bundler-cache",
    example: "true",
    installs: /\b(bundle|gem\s+install)\b/,
  },
};

/** Steps that cache on their own; one in the same job covers its setup steps. */
export const CACHE_ACTIONS = [
  "actions/cache",
  "swatinem/rust-cache",
  "gradle/actions/setup-gradle",
  "gradle/gradle-build-action",
  "mozilla-actions/sccache-action",
  "astral-sh/setup-uv",
];

// Local actions hide their steps (they often wrap a cached setup), so they count as caching.
const isCacheStep = (step: Step) => {
  if (!step.uses) return false;
  const ref = parseUses(step.uses.value);
  if (ref.kind === "local") return true;
  return ref.kind === "remote" && CACHE_ACTIONS.some((a) => ref.action.startsWith(a));
};

/**
 * The rule: only when the cache input is absent (any value is a decision, `cache: ''` an
 * opt-out), caching is not on by default (setup-go ≥ v4), and a later step installs
 * dependencies.
 *
 * @example
 * ```ts
 * setupWithoutCache.check(file).map((f) => f.line);
 * ```
 */
export const setupWithoutCache: Rule = {
  id: "setup-without-cache",
  severity: "notice",
  level: "pedantic",
  confidence: "medium",
  title: "setup-* action without dependency caching",
  rationale: "Without a cache every run downloads all dependencies again.",
  check(file) {
    const out: Finding[] = [];
    for (const group of stepGroups(file)) {
      if (group.steps.some(isCacheStep)) continue;
      // A second setup of the same tool (e.g. another Node version for one step) reuses the
      // cache the first one restored.
      const cached = new Set<string>();
      for (const step of group.steps) {
        if (!step.uses) continue;
        const ref = parseUses(step.uses.value);
        if (ref.kind !== "remote") continue;
        const spec = SETUP_ACTIONS[ref.action];
        if (!spec) continue;
        const given = step.with[spec.input]?.value;
        const major = majorVersion(ref.ref, step.uses.comment);
        const defaultOn = spec.onByDefaultSince !== undefined &&
          (major === undefined || major >= spec.onByDefaultSince);
        // Any value given is a decision: a cache on, or an explicit opt-out (`cache: ''`,
        // `cache: false`, as release jobs do against cache poisoning).
        // setup-node ≥ v5 also has `package-manager-cache`, on by default for npm projects.
        const decided = given !== undefined ||
          Object.keys(step.with).some((k) => k.includes("cache"));
        if (decided || defaultOn) {
          cached.add(ref.action);
          continue;
        }
        if (cached.has(ref.action)) continue;
        // Without a later command that downloads dependencies there is nothing to cache.
        const later = group.steps.slice(step.index + 1);
        if (!later.some((s) => s.run !== undefined && spec.installs.test(s.run.value))) continue;
        const state = `without '${spec.input}'`;
        out.push(finding(
          this,
          file,
          step.uses.pos,
          `'${step.uses.value}' runs ${state}, so dependencies are downloaded on every run`,
          {
            text: `Set \`${spec.input}\` so the action restores dependencies between runs.`,
            patch: `- uses: ${step.uses.value}\n  with:\n    ${spec.input}: ${spec.example}`,
          },
          group.job?.id,
        ));
      }
    }
    return out;
  },
};
