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
  /** First major version that caches unless told `input: false`. */
  onByDefaultSince?: number;
}

/** Setup actions that can cache dependencies, and the input that turns it on. */
export const SETUP_ACTIONS: Record<string, CacheInput> = {
  "actions/setup-node": { input: "cache", example: "npm  # or yarn, pnpm" },
  "actions/setup-python": { input: "cache", example: "pip  # or pipenv, poetry" },
  "actions/setup-java": { input: "cache", example: "maven  # or gradle, sbt" },
  "actions/setup-go": { input: "cache", example: "true", onByDefaultSince: 4 },
  "actions/setup-dotnet": { input: "cache", example: "true" },
  "graalvm/setup-graalvm": { input: "cache", example: "maven  # or gradle, sbt" },
  "ruby/setup-ruby": { input: "bundler-cache", example: "true" },
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

const isOff = (value: string | undefined) =>
  value === undefined || value.trim() === "" || value.trim() === "false";

/**
 * The rule. setup-go ≥ v4 caches by default, so it fires there only on `cache: false`.
 *
 * @example
 * ```ts
 * setupWithoutCache.check(file).map((f) => f.line);
 * ```
 */
export const setupWithoutCache: Rule = {
  id: "setup-without-cache",
  severity: "notice",
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
        if (defaultOn ? given?.trim() !== "false" : !isOff(given)) {
          cached.add(ref.action);
          continue;
        }
        if (cached.has(ref.action)) continue;
        const state = given === undefined
          ? `without '${spec.input}'`
          : `with ${spec.input}: ${given}`;
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
