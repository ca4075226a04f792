/**
 * Real pins for `unpinned-action`: each distinct `owner/repo@ref` is resolved once per analysis
 * through the provider (GitHub answers the commit, an annotated tag peeled, and the most precise
 * version tag at it, as pinact does), a few at a time, and the finding's fix becomes the exact
 * line `uses: actions/checkout@<sha> # v4.2.2`. A ref that does not exist says so and suggests
 * no SHA; without a token or offline the fix is the command that pins locally: `pinact run`
 * (every workflow and action file, the tag kept as a comment) or `ratchet pin <files>`.
 *
 * @module
 */
import { CiError } from "../../errors.ts";
import type { CIProvider, RefResolution } from "../../providers/port.ts";
import { codeSpan } from "../../report/markup.ts";
import type { Finding, FindingGroup } from "../../report/model.ts";
import { parseUses } from "../../workflow/uses.ts";
import { mapLimited } from "../concurrency/map_limited.ts";
import { subjectOf } from "./group.ts";

// Distinct actions of a repository are few; a handful in flight hides latency politely.
const RESOLVE_CONCURRENCY = 4;

/** The command that pins without an API here: pinact finds the files itself. */
export const PINACT_COMMAND = "pinact run";

/** What {@linkcode resolvePins} did. */
export interface PinOutcome {
  /** The findings, `unpinned-action` ones with their fix rewritten. */
  findings: Finding[];
  /** One line for "What was analysed"; empty when there was nothing to pin. */
  note: string;
  /** Why nothing could be resolved (no token, local files), if so. */
  unavailable?: string;
}

interface Target {
  name: string;
  repo: string;
  ref: string;
}

function targetOf(f: Finding): Target | undefined {
  if (f.ruleId !== "unpinned-action") return undefined;
  const subject = subjectOf(f);
  const ref = subject ? parseUses(subject) : undefined;
  if (ref?.kind !== "remote" || !ref.ref) return undefined;
  return {
    name: subject!.slice(0, subject!.lastIndexOf("@")),
    repo: `${ref.owner}/${ref.repo}`,
    ref: ref.ref,
  };
}

/**
 * `ratchet pin` with the files to pin (ratchet needs them named).
 *
 * @example
 * ```ts
 * ratchetCommand([".github/workflows/ci.yml"]); // "ratchet pin .github/workflows/ci.yml"
 * ```
 */
export const ratchetCommand = (files: readonly string[]): string =>
  `ratchet pin ${[...new Set(files)].join(" ")}`;

const offlineFix = (files: readonly string[], reason: string) =>
  `Pin to commit SHAs with ${codeSpan(PINACT_COMMAND)} (every workflow and action file, ` +
  `the tag kept as a comment) or ${codeSpan(ratchetCommand(files))}; the SHA was not looked up ` +
  `here: ${reason}.`;

function rewrite(f: Finding, t: Target, r: RefResolution, tagOnly: boolean): Finding {
  const { patch: _patch, ...rest } = f;
  if (r.kind === "commit") {
    const comment = r.tag ?? t.ref;
    const where = tagOnly
      ? `the tag ${codeSpan(t.ref)} points now (not the branch of the same name, see ` +
        `${codeSpan("ref-confusion")})`
      : `${codeSpan(t.ref)} points now`;
    return {
      ...f,
      fix: `Pin it to commit ${codeSpan(r.sha)}, where ${where} (resolved through the GitHub ` +
        `API), keeping ${codeSpan(comment)} as a comment.`,
      patch: `uses: ${t.name}@${r.sha} # ${comment}`,
    };
  }
  if (r.kind === "not_found") {
    return {
      ...rest,
      fix: `Could not resolve ${codeSpan(t.ref)}: ${r.reason}. Check the reference; no SHA is ` +
        "suggested for a ref that does not resolve.",
    };
  }
  return { ...f, fix: offlineFix([f.file], r.reason) };
}

/**
 * Resolves every distinct action reference of the `unpinned-action` findings and rewrites their
 * fixes. Refs in `tagOnly` (`owner/repo@ref`, lower-case repository: those `ref-confusion` found
 * to be both a branch and a tag) are resolved as the tag, never the branch that may shadow it.
 * Provider failures (rate limits, outages) leave those findings with the offline command; only an
 * abort is thrown.
 *
 * @example
 * ```ts
 * const { findings, note } = await resolvePins(ctx.provider, findings, ctx.signal);
 * ```
 */
export async function resolvePins(
  provider: CIProvider,
  findings: readonly Finding[],
  signal?: AbortSignal,
  tagOnly: ReadonlySet<string> = new Set(),
): Promise<PinOutcome> {
  const targets = findings.map(targetOf);
  const keys = [...new Set(targets.flatMap((t) => t ? [`${t.repo.toLowerCase()}@${t.ref}`] : []))];
  if (keys.length === 0) return { findings: [...findings], note: "" };
  const resolve = provider.resolveRef?.bind(provider);
  const answers = await mapLimited(keys, RESOLVE_CONCURRENCY, async (key) => {
    signal?.throwIfAborted();
    const at = key.lastIndexOf("@");
    if (!resolve) {
      return { kind: "unavailable", reason: `${provider.name} cannot resolve refs` } as const;
    }
    try {
      const ref = key.slice(at + 1);
      return await resolve(key.slice(0, at), tagOnly.has(key) ? `refs/tags/${ref}` : ref);
    } catch (error) {
      if (signal?.aborted || !(error instanceof CiError)) throw error;
      return { kind: "unavailable", reason: error.message } as const;
    }
  });
  const cache = new Map(keys.map((k, i) => [k, answers[i]]));
  const out = findings.map((f, i) => {
    const t = targets[i];
    if (!t) return f;
    const key = `${t.repo.toLowerCase()}@${t.ref}`;
    return rewrite(f, t, cache.get(key)!, tagOnly.has(key));
  });
  const resolved = answers.filter((a) => a.kind === "commit").length;
  const missing = answers.filter((a) => a.kind === "not_found").length;
  const unavailable = answers.find((a) => a.kind === "unavailable")?.reason;
  const note = resolved + missing === 0
    ? `Pins: ${keys.length} action reference(s) not resolved (${unavailable}); the fixes give ` +
      `${codeSpan(PINACT_COMMAND)} or ${codeSpan("ratchet pin")} instead.`
    : `Pins: resolved ${resolved} of ${keys.length} action reference(s) to commit SHAs through ` +
      `the API` + (missing > 0 ? `; ${missing} ${missing === 1 ? "does" : "do"} not exist.` : ".");
  return {
    findings: out,
    note,
    ...(resolved + missing === 0 && unavailable ? { unavailable } : {}),
  };
}

/**
 * The one remedy of an `unpinned-action` group of actions: the command to run on all its files
 * when nothing could be resolved, else every exact line that was (a ref that does not exist keeps
 * its own explanation). Other groups are returned as they are.
 *
 * @example
 * ```ts
 * const groups = groupFindings(findings).map((g) => withPinRemedy(g, outcome));
 * ```
 */
export function withPinRemedy(group: FindingGroup, outcome: PinOutcome): FindingGroup {
  if (group.ruleId !== "unpinned-action" || group.subjects.length === 0) return group;
  if (group.subjects[0].name.startsWith("docker://")) return group;
  // The command names every file of the group, not just the first finding's.
  if (outcome.unavailable) return { ...group, fix: offlineFix(group.files, outcome.unavailable) };
  if (group.subjects.length === 1) return group;
  const lines = group.subjects.flatMap((s) =>
    s.patch && /@[0-9a-f]{40} # /.test(s.patch) ? [s.patch] : []
  );
  const unresolved = group.subjects.filter((s) => !s.patch || !/@[0-9a-f]{40} # /.test(s.patch))
    .map((s) => codeSpan(s.name));
  const { patch: _patch, ...rest } = group;
  return {
    ...rest,
    fix: "Replace each reference by its commit SHA, keeping the tag as a comment (resolved " +
      "through the GitHub API)" +
      (unresolved.length > 0
        ? `; ${unresolved.join(", ")} could not be resolved and get${
          unresolved.length === 1 ? "s" : ""
        } no SHA.`
        : ":"),
    ...(lines.length > 0 ? { patch: lines.join("\n") } : {}),
  };
}
