/**
 * Phrases about a conversation's default repository (`use`), written by the lead after the op
 * arrived; like the rest of the set, never shown to the reader's authors.
 *
 * @module
 */
import { type EvalPhrase, p } from "./types.ts";

const R = "request";
const Q = "question";
const S = "statement";

/** `use` phrases, and sentences where "use" is an ordinary verb (nothing may be set). */
export const USE_PHRASES: readonly EvalPhrase[] = [
  p("use acme/app", "exact", R, { op: "use", repo: "acme/app" }),
  p("/ci-test use globex/billing", "exact", R, { op: "use", repo: "globex/billing" }),
  p("use", "exact", R, { op: "use" }),
  p("make acme/web the default repo for this channel", "polite", R, {
    op: "use",
    repo: "acme/web",
  }),
  p("which repo does this channel default to?", "question", Q, { op: "use" }),
  p("should we use actions/cache in acme/app?", "question", Q, { op: null }),
  p("we use pnpm in acme/web now", "noncommand", S, { op: null }),
  p("use hooli/search from now on pls", "terse", R, { op: "use", repo: "hooli/search" }),
];
