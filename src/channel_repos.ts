/**
 * A conversation's repositories: the default one (`use owner/repo`) and the last few used
 * there. They let a request that names no repository run on the default, or be answered with a
 * question ("Which repository?") whose choices are the recent ones, instead of an error.
 *
 * Conversations are keyed by surface, team and channel when the request names a channel (a
 * Slack button click carries the channel but no `conversation`, and must land on the same key
 * as the command it answers), else by the surface's own conversation id.
 *
 * @module
 */
import type { Intent } from "./intent/schema.ts";
import type { Store } from "./store/port.ts";
import type { RequestMeta } from "./surface.ts";

/** How many recently used repositories a conversation keeps. */
export const MAX_RECENT = 5;

/** Recent repositories are forgotten after this long without use (30 days). */
export const RECENT_TTL_MS = 30 * 24 * 60 * 60 * 1000;

const PREFIX = "channel-repos";

/**
 * The key of the conversation a request came from; `null` when it came from none (CLI, MCP,
 * Copilot without a channel).
 *
 * @example
 * ```ts
 * conversationKey({ surface: "slack", requestId: "r", teamId: "T1", channelId: "C1" });
 * // "slack:T1:C1"
 * conversationKey({ surface: "cli", requestId: "r" }); // null
 * ```
 */
export function conversationKey(meta: RequestMeta): string | null {
  if (meta.channelId) return `${meta.surface}:${meta.teamId ?? "-"}:${meta.channelId}`;
  if (meta.conversation) return `${meta.conversation.surface}:conv:${meta.conversation.id}`;
  return null;
}

/** Operations that never need a repository (`subscribe` with `target: "list"` is a listing). */
const WITHOUT_REPO: ReadonlySet<Intent["op"]> = new Set<Intent["op"]>([
  "help",
  "status",
  "login",
  "logout",
  "use",
  // A cancel names a job, whose repository the executor takes.
  "cancel",
]);

/**
 * Whether an intent acts on a repository and names none: the executor fills the conversation's
 * default, or asks which.
 *
 * @example
 * ```ts
 * missesRepository({ op: "analyze" }); // true
 * missesRepository({ op: "analyze", repo: "acme/app" }); // false
 * missesRepository({ op: "subscribe", target: "list" }); // false
 * ```
 */
export function missesRepository(intent: Intent): boolean {
  if (intent.repo !== undefined || WITHOUT_REPO.has(intent.op)) return false;
  return !(intent.op === "subscribe" && intent.target === "list");
}

/** The default and recent repositories of conversations, kept in the store. */
export interface ChannelRepos {
  /** The conversation's default repository, or `null`. */
  defaultRepo(key: string): Promise<string | null>;
  setDefault(key: string, repo: string): Promise<void>;
  /** The most recently used first, at most {@linkcode MAX_RECENT}. */
  recent(key: string): Promise<string[]>;
  /** Puts `repo` first in the conversation's recent list. */
  remember(key: string, repo: string): Promise<void>;
}

/**
 * The conversation repositories kept in `store`. The default stays until replaced; the recent
 * list expires {@linkcode RECENT_TTL_MS} after its last change.
 *
 * @example
 * ```ts
 * // const repos = channelRepos(store);
 * // await repos.remember("slack:T1:C1", "acme/app");
 * // await repos.recent("slack:T1:C1"); // ["acme/app"]
 * ```
 */
export function channelRepos(store: Store): ChannelRepos {
  return {
    defaultRepo: async (key) => {
      const value = await store.get<unknown>([PREFIX, key, "default"]);
      return typeof value === "string" ? value : null;
    },
    setDefault: (key, repo) => store.set([PREFIX, key, "default"], repo),
    recent: async (key) => {
      const value = await store.get<unknown>([PREFIX, key, "recent"]);
      return Array.isArray(value)
        ? value.filter((r): r is string => typeof r === "string").slice(0, MAX_RECENT)
        : [];
    },
    async remember(key, repo) {
      const before = await this.recent(key);
      const after = [repo, ...before.filter((r) => r !== repo)].slice(0, MAX_RECENT);
      await store.set([PREFIX, key, "recent"], after, { ttlMs: RECENT_TTL_MS });
    },
  };
}
