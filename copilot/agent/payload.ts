/**
 * The Copilot agent request body, parsed with zod at the edge: the conversation's messages, the
 * references Copilot attached (the repository the chat is about) and the user's answer to a
 * confirmation. Only the fields this agent reads are modelled; the rest pass through.
 *
 * @module
 */
import { z } from "zod";
import { RepoSchema } from "../../src/intent/schema.ts";

const ReferenceSchema = z.looseObject({
  type: z.string(),
  id: z.string().optional(),
  data: z.looseObject({}).optional(),
});

const ConfirmationAnswerSchema = z.object({
  state: z.string(),
  confirmation: z.looseObject({ id: z.string() }),
});

const MessageSchema = z.looseObject({
  role: z.string(),
  content: z.string().nullable().optional(),
  copilot_references: z.array(ReferenceSchema).nullable().optional(),
  copilot_confirmations: z.array(ConfirmationAnswerSchema).nullable().optional(),
});

/**
 * A Copilot agent request.
 *
 * @example
 * ```ts
 * CopilotPayloadSchema.parse({ messages: [{ role: "user", content: "optimize" }] });
 * ```
 */
export const CopilotPayloadSchema = z.looseObject({
  copilot_thread_id: z.string().optional(),
  messages: z.array(MessageSchema).min(1),
});
/** A Copilot agent request. */
export type CopilotPayload = z.infer<typeof CopilotPayloadSchema>;

/** The user's answer to the confirmation this agent sent earlier. */
export interface ConfirmationAnswer {
  accepted: boolean;
  id: string;
}

/**
 * The last user message's text (Copilot sends the whole thread; the last turn is the request).
 *
 * @example
 * ```ts
 * lastUserText({ messages: [{ role: "user", content: "optimize" }] }); // "optimize"
 * ```
 */
export function lastUserText(payload: CopilotPayload): string {
  const last = payload.messages.findLast((m) => m.role === "user");
  return (last?.content ?? "").trim();
}

/**
 * The confirmation answer carried by the last message, if any.
 *
 * @example
 * ```ts
 * confirmationAnswer({ messages: [{ role: "user", content: "", copilot_confirmations: [
 *   { state: "accepted", confirmation: { id: "c1" } }] }] }); // { accepted: true, id: "c1" }
 * ```
 */
export function confirmationAnswer(payload: CopilotPayload): ConfirmationAnswer | undefined {
  const answer = payload.messages.at(-1)?.copilot_confirmations?.[0];
  if (!answer) return undefined;
  return { accepted: answer.state === "accepted", id: answer.confirmation.id };
}

/**
 * The repository the chat is about: a `github.repository` reference on the last user message
 * (`data.ownerLogin` / `data.name`), or undefined.
 *
 * @example
 * ```ts
 * referencedRepo({ messages: [{ role: "user", content: "optimize", copilot_references: [
 *   { type: "github.repository", data: { ownerLogin: "acme", name: "app" } }] }] }); // "acme/app"
 * ```
 */
export function referencedRepo(payload: CopilotPayload): string | undefined {
  const last = payload.messages.findLast((m) => m.role === "user");
  for (const ref of last?.copilot_references ?? []) {
    if (ref.type !== "github.repository") continue;
    const data = ref.data ?? {};
    const candidate = `${data.ownerLogin}/${data.name}`;
    if (RepoSchema.safeParse(candidate).success) return candidate;
  }
  return undefined;
}
