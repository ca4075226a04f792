/**
 * The interaction responses the Discord handler answers with (within Discord's 3 s): JSON, a
 * deferred answer, and a message at once.
 *
 * @module
 */
import { InteractionResponseType, MessageFlags } from "discord-api-types/v10";

/**
 * A JSON response.
 *
 * @example
 * ```ts
 * json(200, { type: InteractionResponseType.Pong });
 * ```
 */
export function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json" },
  });
}

/**
 * A deferred answer ("thinking…"), private when `ephemeral`; the result edits it later.
 *
 * @example
 * ```ts
 * deferred(true); // type 5 with the ephemeral flag
 * ```
 */
export function deferred(ephemeral: boolean): Response {
  return json(200, {
    type: InteractionResponseType.DeferredChannelMessageWithSource,
    ...(ephemeral ? { data: { flags: MessageFlags.Ephemeral } } : {}),
  });
}

/**
 * A message answered at once (type 4).
 *
 * @example
 * ```ts
 * message(renderText("⌛ This button has expired.", true));
 * ```
 */
export function message(data: unknown): Response {
  return json(200, { type: InteractionResponseType.ChannelMessageWithSource, data });
}
