/**
 * Names in a sentence — GitHub URLs, `owner/name`, workflow files, refs, job ids — found before
 * the operation is read, then masked, so no word inside a name can pick the operation.
 *
 * @module
 */
import { isWorkflowPath, repoRef } from "../values.ts";

/** The names a sentence holds, in order of appearance. */
export interface Names {
  repos: string[];
  workflows: string[];
  refs: string[];
  ids: string[];
  /** The sentence with every name replaced by a neutral placeholder word. */
  masked: string;
}

/** Branch prefixes that make `prefix/rest` a ref, not a repository. */
const PREFIXES =
  "(?:fix|feat|feature|features|release|releases|hotfix|bugfix|chore|dev|renovate|dependabot|topic|wip|users?|refs)";
const BRANCH_PREFIX = new RegExp(`^${PREFIXES}\\/`, "i");
/** Default branch names, refs whenever said after "on", "from", … or after a repository. */
const DEFAULTS = "main|master|develop|trunk";
/** Branch words that name a ref when said right after a repository. */
const BRANCH_WORDS = "development|dev|staging|next|canary|beta|stable";
/** A version tag (`v3.1.0`, `v2`, `2.0.1`, `v2.0.0-rc.1`) and a commit (7–40 hex, mixed). */
const TAG = String.raw`v\d+(?:\.\d+)*(?:-[\w.]*\w)?|\d+\.\d+\.\d+(?:-[\w.]*\w)?`;
const SHA = String.raw`(?=[a-f]*\d)(?=\d*[a-f])[0-9a-f]{7,40}`;
const NOT_NAMES = new Set(["a/b", "and/or", "ci/cd", "i/o", "n/a", "tcp/ip", "w/o", "24/7"]);
const REF = String.raw`([A-Za-z0-9][\w./-]*[\w/])`;
const REF_SPOTS = [
  new RegExp(String.raw`(?<![\w.-])branch(?:es)?\s+(?:called\s+|named\s+)?${REF}`, "gi"),
  new RegExp(String.raw`\b(?:the|my|our)\s+${REF}\s+branch\b`, "gi"),
  new RegExp(String.raw`\b(?:on|of|from|against)\s+(?![\w.-]+\/[\w.-]+\s)${REF}\s+branch\b`, "gi"),
  new RegExp(String.raw`\b(?:tag|sha|commit)\s+${REF}`, "gi"),
  // "…, ref develop", "… @ 3f9a1c2…", a GitHub URL's `/tree/<branch>`
  new RegExp(String.raw`(?<![\w.-])ref\s+${REF}`, "gi"),
  new RegExp(String.raw`(?<=\s)@\s*([0-9a-f]{7,40}(?![\w]))`, "gi"),
  new RegExp(String.raw`(?<=\s)@\s+${REF}`, "gi"),
  /github\.com\/[\w.-]+\/[\w.-]+\/(?:tree|commit)\/([\w./-]*\w)/gi,
  // a default branch said plainly: "run it on main", "from develop"
  new RegExp(String.raw`\b(?:on|at|from|against)\s+(${DEFAULTS})\b(?![\w'’/-]|\s+branch)`, "gi"),
  // a tag or a commit said plainly: "at v3.1.0", "on v2.0.0-rc.1", "at 1a2b3c4d"
  new RegExp(String.raw`\b(?:on|at|from|against|than)\s+(${TAG}|${SHA})(?![\w/-]|\.\w)`, "gi"),
  // a known branch word right after the repository: "on foo/bar develop", "acme/app staging vs …"
  new RegExp(
    String.raw`(?<![\w/.:-])[\w.-]+\/[\w.-]+\s+(${DEFAULTS}|${BRANCH_WORDS})\b(?![\w'’/-]|\.\w)`,
    "gi",
  ),
  // the last word of a terse command after its repository: "test acme/app main"
  new RegExp(
    String
      .raw`(?<![\w/.:-])[\w.-]+\/[\w.-]+\s+(${DEFAULTS}|[\w.]+[-_][\w.-]*\w)(?:\s+(?:please|pls|thanks|now))?\s*[.!?]?\s*$`,
    "gi",
  ),
  // "feat-x/login for acme/app": a slashed word before "for <owner/repo>" is that repo's ref
  new RegExp(
    String
      .raw`(?<![\w/.:-])([\w.-]+\/[\w./-]*\w)\s+(?:for|on|in|of|at)\s+(?:the\s+)?(?:repo\s+)?(?:https?:\/\/github\.com\/)?(?!${PREFIXES}\/)[\w.-]+\/[\w.-]+(?![\w./-]*\s+branch\b)`,
    "gi",
  ),
];
const NOT_REFS = new Set([
  "my",
  "the",
  "this",
  "that",
  "our",
  "it",
  "a",
  "its",
  "default",
  "main's",
  // connecting words after "branch" ("the turbo branch vs main"), never a branch themselves
  "vs",
  "vs.",
  "versus",
  "against",
  "and",
  "or",
  "with",
  "to",
  "than",
  "on",
  "in",
  "for",
  "of",
  "at",
  "is",
  "was",
  "from",
]);
/** Dashed words that are verbs, not names. */
const VERB_DASHED =
  /^(?:re-?run|speed-up|sign-(?:in|out|on|off)|log-(?:in|out)|de-dup\w*|kick-off|a-b|set-up|un-?subscribe|un-?watch)$/i;
/**
 * A job id: digits; 6–40 hex characters holding a digit and a letter (not a year); 8–40 hex
 * letters (`deadbeef`); or the service's own 22-character ids (`src/ids.ts`). An id the reader
 * does not recognise is dropped, and `cancel` would then mean "your latest job", so this errs on
 * the side of an id (an unknown id is a clear error, never a different job).
 */
export const JOB_ID =
  /^#?(?:\d+|(?=[a-f]*\d)(?=\d*[a-f])[0-9a-f]{6,40}|[a-f]{8,40}|[A-Za-z0-9_-]{22})$/i;

function clean(word: string): string {
  return word.replace(/^[("'“‘<]+|[)"'”’>.,;:!?]+$/g, "");
}

/**
 * Finds names and masks them.
 *
 * @example
 * ```ts
 * findNames("run tests on acme/web branch fix/flaky-login").refs; // ["fix/flaky-login"]
 * ```
 */
export function findNames(text: string): Names {
  const refs = new Set<string>();
  for (const re of REF_SPOTS) {
    for (const m of text.matchAll(re)) {
      const r = m[1].replace(/[.]$/, "");
      if (!NOT_REFS.has(r.toLowerCase()) && !isWorkflowPath(r) && !/^https?:/i.test(r)) refs.add(r);
    }
  }
  const out: Names = { repos: [], workflows: [], refs: [], ids: [], masked: "" };
  const maskedWords = text.split(" ").map((raw) => {
    const word = clean(raw);
    if (!word || /^[A-Za-z][\w-]*[:=]/.test(word) && !/^https?:/i.test(word)) return raw;
    if (refs.has(word) || BRANCH_PREFIX.test(word) && !word.includes("://")) {
      if (!out.refs.includes(word)) out.refs.push(word);
      return "REFNAME";
    }
    if (isWorkflowPath(word)) {
      out.workflows.push(word);
      return "WORKFLOWFILE";
    }
    const repo = NOT_NAMES.has(word.toLowerCase()) ? undefined : repoRef(word);
    if (repo && /^(?:https?:\/\/)?(?:www\.)?github\./i.test(word)) {
      // A URL's parts are names of their own: `…/blob/main/.github/workflows/ci.yml` is the
      // repository, the ref main and the workflow ci.yml.
      out.repos.push(repo.repo);
      if (repo.workflow) out.workflows.push(repo.workflow.replace(/^\.github\/workflows\//, ""));
      if (repo.ref && !out.refs.includes(repo.ref)) out.refs.push(repo.ref);
      return "REPONAME";
    }
    if (repo) {
      out.repos.push(word);
      return "REPONAME";
    }
    if (
      JOB_ID.test(word) && !/^\d{1,2}$/.test(word) &&
        (/[a-f#]/i.test(word) || word.length === 22) ||
      /^#\d+$/.test(word)
    ) {
      out.ids.push(word.replace(/^#/, ""));
      return "JOBID";
    }
    // A dashed word is a name ("login-service", "test-runner"): its parts are not keywords.
    if (/^[a-z0-9]+(?:[-_][a-z0-9]+)+$/i.test(word) && !VERB_DASHED.test(word)) {
      return "NAMEWORD";
    }
    return raw;
  });
  for (const r of refs) if (!out.refs.includes(r)) out.refs.push(r);
  out.masked = maskedWords.join(" ");
  return out;
}
