/**
 * Linked GitHub accounts, as the rest of the service sees them: a chat person (surface +
 * workspace + user id) linked once to a GitHub login, whose own token decides what they may do.
 * Tokens never leave `src/accounts/` except as a {@linkcode LinkedAccount} held for one request.
 *
 * @module
 */
import type { Requester } from "../policy/identity.ts";

/** A person's link, with a usable (refreshed when needed) token for this request only. */
export interface LinkedAccount {
  /** The GitHub login the person linked. */
  login: string;
  /** A user-to-server token; never stored in clear, never logged, never put in a reply. */
  token: string;
}

/** What the executor and the surfaces need from account linking. */
export interface Accounts {
  /**
   * The requester's linked account, its token refreshed when it has expired; `null` when the
   * person never linked. A token GitHub has revoked unlinks the person and throws
   * `CiError("unauthorized")` saying so and how to link again.
   */
  linked(who: Requester): Promise<LinkedAccount | null>;
  /** Revokes the token with GitHub (best effort) and deletes the link; the login it had. */
  logout(who: Requester): Promise<string | null>;
  /**
   * Deletes the link without calling GitHub: GitHub already refused its token (revoked), so the
   * next request asks the person to link again.
   */
  unlink(who: Requester): Promise<void>;
  /** What an unlinked person may do: read public repositories, or nothing. */
  readonly unlinked: "public-read" | "none";
}
