/**
 * The link store: which GitHub login a chat person linked, and their tokens sealed under a key
 * of this person's own (`["accounts", "link", surface, scope, userId]`). Only the login, the
 * sealed tokens and their expiry times are stored; the tokens never exist in clear outside the
 * one call that uses them.
 *
 * @module
 */
import { z } from "zod";
import { CiError } from "../errors.ts";
import { isWorkspaceMember, type Requester } from "../policy/identity.ts";
import type { Key, Store } from "../store/port.ts";
import type { SecretBox } from "./secret_box.ts";

/** A person's tokens, in clear: only ever in memory. */
export interface LinkTokens {
  accessToken: string;
  refreshToken?: string;
}

/** A link as the accounts service uses it. */
export interface Link {
  login: string;
  tokens: LinkTokens;
  /** When the access token stops working (ISO); absent for tokens that do not expire. */
  expiresAt?: string;
  /** When the refresh token stops working (ISO). */
  refreshExpiresAt?: string;
  /** When the person linked (ISO). */
  linkedAt: string;
}

/** The stored value: nothing about the tokens but their sealed form. */
const StoredLinkSchema = z.object({
  login: z.string().min(1),
  sealed: z.string().min(1),
  expiresAt: z.string().optional(),
  refreshExpiresAt: z.string().optional(),
  linkedAt: z.string(),
}).strict();

const TokensSchema = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1).optional(),
}).strict();

/** Reads and writes links. */
export interface LinkStore {
  /** The link, `null` when there is none; throws `SealedValueError` when it does not open. */
  get(who: Requester): Promise<Link | null>;
  put(who: Requester, link: Link): Promise<void>;
  delete(who: Requester): Promise<void>;
}

/**
 * The store key of a person's link. Only chat workspace members link: Copilot and MCP callers
 * come with a GitHub token of their own.
 *
 * @example
 * ```ts
 * linkKey({ surface: "slack", userId: "U1", teamId: "T1" }); // ["accounts", "link", "slack", "T1", "U1"]
 * linkKey({ surface: "discord", userId: "80351110224678912" }); // [..., "discord", "-", "80351110224678912"]
 * ```
 */
export function linkKey(who: Requester): Key {
  if (!isWorkspaceMember(who) || !who.userId) {
    throw new CiError(
      "unsupported",
      "Only Slack, Discord and Teams members link a GitHub account",
      {
        hint: "In Copilot and MCP you already act on GitHub with your own token.",
      },
    );
  }
  // Teams ids are GUIDs that clients send in either case.
  const norm = (s: string) => who.surface === "teams" ? s.toLowerCase() : s;
  return ["accounts", "link", who.surface, who.teamId ? norm(who.teamId) : "-", norm(who.userId)];
}

/** The key as text: the associated data that binds sealed tokens to their owner. */
const keyText = (key: Key) => key.map((part) => encodeURIComponent(String(part))).join("/");

/**
 * A person's link key as text, to bind other sealed secrets (a device code) to them.
 *
 * @example
 * ```ts
 * linkKeyText({ surface: "slack", userId: "U1", teamId: "T1" }); // "accounts/link/slack/T1/U1"
 * ```
 */
export function linkKeyText(who: Requester): string {
  return keyText(linkKey(who));
}

/**
 * The link store over the Store port, sealing tokens with `box`.
 *
 * @example
 * ```ts
 * const links = createLinkStore(store, await createSecretBox(secretKey, "account-link-tokens"));
 * await links.put(who, { login: "alice", tokens: { accessToken }, linkedAt: new Date().toISOString() });
 * ```
 */
export function createLinkStore(store: Store, box: SecretBox): LinkStore {
  return {
    async get(who) {
      const key = linkKey(who);
      const parsed = StoredLinkSchema.safeParse(await store.get(key));
      if (!parsed.success) return null;
      const { sealed, ...rest } = parsed.data;
      const tokens = TokensSchema.parse(JSON.parse(await box.open(sealed, keyText(key))));
      return { ...rest, tokens };
    },
    async put(who, link) {
      const key = linkKey(who);
      const tokens: LinkTokens = {
        accessToken: link.tokens.accessToken,
        ...(link.tokens.refreshToken ? { refreshToken: link.tokens.refreshToken } : {}),
      };
      const value = StoredLinkSchema.parse({
        login: link.login,
        sealed: await box.seal(JSON.stringify(tokens), keyText(key)),
        ...(link.expiresAt ? { expiresAt: link.expiresAt } : {}),
        ...(link.refreshExpiresAt ? { refreshExpiresAt: link.refreshExpiresAt } : {}),
        linkedAt: link.linkedAt,
      });
      await store.set(key, value);
    },
    async delete(who) {
      await store.delete(linkKey(who));
    },
  };
}
