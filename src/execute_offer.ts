/**
 * Confirmation before running: an intent read from plain language that changes something is
 * shown back with a Run button (an "understood" report) instead of running, so a misreading
 * never acts.
 *
 * @module
 */
import type { Intent } from "./intent/schema.ts";
import type { Logger } from "./log.ts";
import { changesState } from "./policy/authorize.ts";
import type { Report, ReportInput } from "./report/model.ts";
import { understoodReport } from "./report/understood.ts";
import type { ExecuteOptions, RequestMeta } from "./surface.ts";

/**
 * Whether an intent read from plain language (`understood`) is shown back with a Run button
 * instead of running: everything that changes state, and an apply preview (it drafts a pull
 * request from the suggestions it names; a misread id list would draft the wrong one).
 *
 * @example
 * ```ts
 * const natural = { source: "natural", explanation: "run the tests" } as const;
 * confirmsFirst({ op: "test", repo: "acme/app" }, natural); // true
 * confirmsFirst({ op: "analyze", repo: "acme/app" }, natural); // false
 * confirmsFirst({ op: "test", repo: "acme/app" }, undefined); // false: the exact grammar runs
 * ```
 */
export function confirmsFirst(intent: Intent, understood: ExecuteOptions["understood"]): boolean {
  // `use owner/repo` changes what later requests here run on: a misread repository would stick.
  return understood !== undefined &&
    (changesState(intent) || intent.apply !== undefined || understood.guessed === true ||
      (intent.op === "use" && intent.repo !== undefined));
}

/**
 * Creates `offer`, which saves the "understood" report for an intent instead of running it.
 *
 * @example
 * ```ts
 * const offer = createOffer({ log }, save);
 * const report = await offer({ op: "test", repo: "acme/app" }, meta, { understood });
 * ```
 */
export function createOffer(
  deps: { log: Logger },
  save: (input: ReportInput) => Promise<Report>,
): (intent: Intent, meta: RequestMeta, options: ExecuteOptions) => Promise<Report> {
  /**
   * Shows an intent read from plain language back instead of running it. Nothing changed, so
   * nothing is audited; the log keeps that it was offered.
   */
  const offer = async (intent: Intent, meta: RequestMeta, options: ExecuteOptions) => {
    const saved = await save(understoodReport(intent, options.understood!));
    deps.log.info("understood intent shown for confirmation", {
      requestId: meta.requestId,
      surface: meta.surface,
      op: intent.op,
      repo: intent.repo,
      source: options.understood!.source,
      reportId: saved.id,
    });
    return saved;
  };
  return offer;
}
