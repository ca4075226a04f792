/**
 * The OAuth web flow's `state`: a sealed, expiring note naming who started `login`, so the
 * callback knows whose link to store without trusting anything the browser says. Each state
 * redeems once (a nonce claimed in the store), so a replayed callback URL is refused.
 *
 * @module
 */
import { z } from "zod";
import { CiError } from "../errors.ts";
import type { Requester } from "../policy/identity.ts";
import type { Store } from "../store/port.ts";
import type { SecretBox } from "./secret_box.ts";

/** The person a state names: a chat workspace member. */
export const LinkRequesterSchema = z.object({
  surface: z.enum(["slack", "discord", "teams"]),
  userId: z.string().min(1),
  teamId: z.string().min(1).optional(),
});
/** The person a state names. */
export type LinkRequester = z.infer<typeof LinkRequesterSchema>;

const StateSchema = z.object({
  who: LinkRequesterSchema,
  /** Expiry, epoch ms. */
  exp: z.number(),
  nonce: z.string().min(16),
});

/** Seals only for this use: a state never opens as anything else, nor anything else as a state. */
const CONTEXT = "oauth-web-state";

/** Why a state was refused, for the callback page. */
export class WebStateError extends CiError {
  constructor(message: string) {
    super("bad_request", message, { hint: "Type `login` in chat again for a fresh link." });
    this.name = "WebStateError";
  }
}

/** Issues and redeems states. */
export interface WebStates {
  issue(who: LinkRequester, expiresAt: Date): Promise<string>;
  /** The person it names; throws {@linkcode WebStateError} when tampered, expired or used. */
  redeem(state: string): Promise<Requester>;
}

/**
 * States sealed with `box`, redeemed once against `store`.
 *
 * @example
 * ```ts
 * const states = createWebStates(box, store, () => new Date());
 * const state = await states.issue({ surface: "slack", userId: "U1" }, new Date(Date.now() + 900_000));
 * await states.redeem(state); // { surface: "slack", userId: "U1" }
 * ```
 */
export function createWebStates(box: SecretBox, store: Store, now: () => Date): WebStates {
  return {
    async issue(who, expiresAt) {
      const value = { who, exp: expiresAt.getTime(), nonce: crypto.randomUUID() };
      return await box.seal(JSON.stringify(StateSchema.parse(value)), CONTEXT);
    },
    async redeem(state) {
      let parsed: z.infer<typeof StateSchema>;
      try {
        parsed = StateSchema.parse(JSON.parse(await box.open(state, CONTEXT)));
      } catch {
        throw new WebStateError("This sign-in link is not valid");
      }
      const left = parsed.exp - now().getTime();
      if (left <= 0) throw new WebStateError("This sign-in link has expired");
      const first = await store.setIfAbsent(["accounts", "oauth-state", parsed.nonce], true, {
        ttlMs: left,
      });
      if (!first) throw new WebStateError("This sign-in link was already used");
      return parsed.who;
    },
  };
}
