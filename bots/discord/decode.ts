/**
 * A verified interaction body → the typed value the handler routes on. Only the fields this
 * service reads are parsed (everything else Discord sends is kept loose); an unreadable body is
 * a `CiError("bad_request")`.
 *
 * @module
 */
import { z } from "zod";
import { CiError } from "../../src/errors.ts";
import { InvocationOptionSchema } from "./commands.ts";

const UserSchema = z.looseObject({ id: z.string(), username: z.string().optional() });

/** The parts of an interaction this service reads. */
export const InteractionSchema = z.looseObject({
  id: z.string(),
  application_id: z.string(),
  type: z.number().int(),
  token: z.string().max(1000).default(""),
  guild_id: z.string().optional(),
  channel_id: z.string().optional(),
  channel: z.looseObject({ id: z.string(), name: z.string().nullish() }).optional(),
  member: z.looseObject({ user: UserSchema }).optional(),
  user: UserSchema.optional(),
  data: z.looseObject({
    name: z.string().optional(),
    options: z.array(InvocationOptionSchema).max(25).optional(),
    custom_id: z.string().max(100).optional(),
    component_type: z.number().int().optional(),
  }).optional(),
});
/** A decoded interaction. */
export type Interaction = z.infer<typeof InteractionSchema>;

/**
 * Decodes a verified body.
 *
 * @example
 * ```ts
 * const interaction = decodeInteraction(new TextEncoder().encode('{"id":"1","application_id":"2","type":1}'));
 * interaction.type; // 1
 * ```
 */
export function decodeInteraction(bytes: Uint8Array): Interaction {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch (cause) {
    throw new CiError("bad_request", "The interaction body is not JSON", { cause });
  }
  const parsed = InteractionSchema.safeParse(json);
  if (!parsed.success) {
    throw new CiError(
      "bad_request",
      `The interaction body is not readable: ${
        parsed.error.issues.slice(0, 3).map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")
      }`,
    );
  }
  return parsed.data;
}

/**
 * Who acted: `member.user` in a guild, `user` in a DM.
 *
 * @example
 * ```ts
 * userIdOf(interaction); // "80351110224678912"
 * ```
 */
export function userIdOf(interaction: Interaction): string | undefined {
  return interaction.member?.user.id ?? interaction.user?.id;
}

/**
 * The channel the interaction happened in.
 *
 * @example
 * ```ts
 * channelIdOf(interaction); // "41771983423143937"
 * ```
 */
export function channelIdOf(interaction: Interaction): string | undefined {
  return interaction.channel_id ?? interaction.channel?.id;
}
