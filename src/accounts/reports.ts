/**
 * What linking tells the person, in one place: linked (and what that means), not linked (and
 * what to type), unlinked by `logout`.
 *
 * @module
 */
import { escapeMarkdownText } from "../report/markup.ts";
import type { ReportInput } from "../report/model.ts";

const again = (why: string): ReportInput => ({
  title: "GitHub account not linked",
  status: "warning",
  summary: `${why} Type \`login\` to try again.`,
});

/**
 * The report once linked: what linking means.
 *
 * @example
 * ```ts
 * linkedReport("alice").title; // "Linked to GitHub as @alice"
 * ```
 */
export function linkedReport(login: string): ReportInput {
  const who = `@${escapeMarkdownText(login)}`;
  return {
    title: `Linked to GitHub as @${login}`,
    status: "success",
    summary: `From now on ci-orchestrator acts on GitHub with what ${who} may do: ` +
      "it reads the repositories you can read, and runs, cancels or changes CI only where you " +
      "have the access on GitHub. Type `logout` to unlink.",
  };
}

/**
 * The device code expired unapproved.
 *
 * @example
 * ```ts
 * expiredReport().summary; // "The code expired before it was approved. Type `login` to try again."
 * ```
 */
export function expiredReport(): ReportInput {
  return again("The code expired before it was approved.");
}

/**
 * The person said no on GitHub.
 *
 * @example
 * ```ts
 * deniedReport().summary; // "You did not approve on GitHub. Type `login` to try again."
 * ```
 */
export function deniedReport(): ReportInput {
  return again("You did not approve on GitHub.");
}

/**
 * The answer to `logout`, given the login it unlinked (`null`: there was no link).
 *
 * @example
 * ```ts
 * logoutReport("alice").title; // "Unlinked GitHub account @alice"
 * logoutReport(null).title; // "No GitHub account linked"
 * ```
 */
export function logoutReport(login: string | null): ReportInput {
  if (login === null) {
    return {
      title: "No GitHub account linked",
      status: "neutral",
      summary: "There was nothing to unlink. Type `login` to link your GitHub account.",
    };
  }
  return {
    title: `Unlinked GitHub account @${login}`,
    status: "success",
    summary: `ci-orchestrator no longer acts as @${escapeMarkdownText(login)}, and its token ` +
      "was revoked with GitHub. Type `login` to link again.",
  };
}
