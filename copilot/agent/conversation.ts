/**
 * One Copilot turn after the request was verified and acknowledged: an answer to an earlier
 * confirmation runs (or cancels) what was confirmed; otherwise the user's text becomes an intent
 * (rules first, then the Copilot model), is shown back, and either runs or, when it changes
 * state, waits behind a confirmation. An apply preview read from plain language (or by the
 * model) waits too: only the exact grammar names suggestion ids without being asked.
 *
 * @module
 */
import { CiError } from "../../src/errors.ts";
import { intentToCommand } from "../../src/intent/format.ts";
import { parseWithModel } from "../../src/intent/parse.ts";
import type { Intent, ParseResult } from "../../src/intent/schema.ts";
import type { RepoAccess } from "../../src/policy/repo_access.ts";
import { changesState, OP_RULES } from "../../src/policy/authorize.ts";
import { type RequestMeta, type SurfaceDeps, understoodOf } from "../../src/surface.ts";
import { claimAnswer, confirmationText, savePending, takePending } from "./confirm.ts";
import type { StreamRegistry } from "./deliver.ts";
import { createCopilotModel } from "./model.ts";
import {
  confirmationAnswer,
  type CopilotPayload,
  lastUserText,
  referencedRepo,
} from "./payload.ts";
import { runIntoStream } from "./run.ts";
import type { CopilotStream } from "./stream.ts";

/** Operations that act on a repository, so the chat's repository fills a missing `repo`. */
const REPO_OPS = new Set<Intent["op"]>(["test", "compare", "migrate", "analyze", "optimize"]);

/** Everything one turn needs. */
export interface Turn {
  deps: SurfaceDeps;
  streams: StreamRegistry;
  sse: CopilotStream;
  meta: RequestMeta;
  payload: CopilotPayload;
  /** The user's `X-GitHub-Token`, for the model; empty when absent. */
  token: string;
  /** SHA-256 (hex) of the raw request body, which recognises a replayed confirmation answer. */
  bodyDigest: string;
  /** What that token itself reaches: the user acts only there (never stored). */
  access?: RepoAccess;
  modelEndpoint?: string;
  waitMs: number;
}

function unsupportedText(result: Extract<ParseResult, { kind: "unsupported" }>): string {
  const lines = [`I could not read that as a CI request: ${result.error}`, "", result.hint];
  if (result.examples.length) {
    lines.push("", "For example:", ...result.examples.map((e) => `- \`@ci-orchestrator ${e}\``));
  }
  return lines.join("\n") + "\n";
}

async function understand(turn: Turn, text: string, repo?: string): Promise<ParseResult> {
  const first = turn.deps.parse(text);
  if (first.kind === "intent" || !turn.token) return first;
  const model = createCopilotModel({
    token: turn.token,
    endpoint: turn.modelEndpoint,
    fetch: turn.deps.fetch,
    repo,
  });
  return await parseWithModel(text, model);
}

async function answerConfirmation(turn: Turn, answer: { accepted: boolean; id: string }) {
  // The signature covers only the body: the same accepted answer again is a replay, refused
  // before it can touch the confirmation (whatever its id has become since).
  if (answer.accepted && !(await claimAnswer(turn.deps.store, turn.bodyDigest))) {
    throw new CiError(
      "forbidden",
      `This answer to confirmation '${answer.id}' was already received once, so nothing was ` +
        "run again: a repeated (replayed) request cannot confirm anything",
      { hint: "To run it again, ask again and accept the new confirmation." },
    );
  }
  const pending = await takePending(turn.deps.store, answer.id);
  if (!answer.accepted) {
    turn.sse.text("Cancelled: nothing was run.\n");
    return;
  }
  if (!pending) {
    throw new CiError("not_found", "That confirmation has expired or was already answered", {
      hint: "Ask again to get a new confirmation.",
    });
  }
  if (pending.userId !== turn.meta.userId) {
    throw new CiError("forbidden", "That confirmation was asked of another user", {
      hint: "Ask again yourself to get your own confirmation.",
    });
  }
  turn.sse.text(`Confirmed: running \`${intentToCommand(pending.intent)}\`.\n\n`);
  await runIntoStream(turn, pending.intent);
}

/**
 * Handles one verified turn; throws {@linkcode CiError}s for the caller to stream as errors.
 *
 * @example
 * ```ts
 * await converse({ deps, streams, sse, meta, payload, token, bodyDigest, waitMs: 600_000 });
 * ```
 */
export async function converse(turn: Turn): Promise<void> {
  const answer = confirmationAnswer(turn.payload);
  if (answer) return await answerConfirmation(turn, answer);

  const repo = referencedRepo(turn.payload);
  const result = await understand(turn, lastUserText(turn.payload), repo);
  if (result.kind === "unsupported") {
    turn.sse.text(unsupportedText(result));
    throw new CiError("unsupported", result.error, { hint: result.hint });
  }
  const intent: Intent = result.intent.repo === undefined && repo && REPO_OPS.has(result.intent.op)
    ? { ...result.intent, repo }
    : result.intent;
  const understood = understoodOf(result);
  const by = !understood
    ? ""
    : understood.source === "model"
    ? " (read by the Copilot model)"
    : ` (read from plain language: ${understood.explanation.replace(/\s+/g, " ")})`;
  turn.sse.text(`Understood as \`${intentToCommand(intent)}\`${by}.\n\n`);

  const preview = understood !== undefined && intent.apply !== undefined;
  if (!changesState(intent) && !preview) return await runIntoStream(turn, intent);
  // Never ask a user to confirm an action on a repository their own token cannot see: the
  // refusal would only come after they accepted (the pipeline checks again when it runs).
  if (intent.repo && turn.access && (await turn.access.permission(intent.repo)) === "none") {
    throw new CiError(
      "not_found",
      `Repository ${intent.repo}: not found or not visible to your GitHub account`,
      { hint: "Check the owner/name spelling, and that your GitHub account can open it." },
    );
  }
  const id = turn.deps.newId();
  await savePending(turn.deps.store, id, { intent, userId: turn.meta.userId });
  const effect = OP_RULES[intent.op](intent, null).effect ??
    (preview ? "drafts the pull request these suggestions would open" : "changes state");
  turn.sse.confirmation({ id, ...confirmationText(intent, effect), metadata: { intent } });
}
