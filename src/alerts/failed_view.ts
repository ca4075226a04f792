/**
 * Which failed alert deliveries a requester may see in `status`. A failure names a repository,
 * a channel and an error, so it is shown only where it belongs: in the conversation it was for,
 * to someone the policy lets read that repository; an admin of the repository sees it from
 * anywhere (they run its alerts).
 *
 * @module
 */
import { roleFor } from "../policy/resolve.ts";
import type { Policy } from "../policy/schema.ts";
import type { RequestMeta } from "../surface.ts";
import type { FailedDelivery } from "./engine.ts";
import { conversationKey } from "./model.ts";

/**
 * A filter for {@linkcode import("./engine.ts").failedDeliveries}: true for failures `who` may
 * see under `policy` (`null` when no policy file is configured: everyone reads, nobody is admin).
 *
 * @example
 * ```ts
 * const meta = { surface: "slack", requestId: "r1", userId: "U1",
 *   conversation: { surface: "slack", id: "T1/C1", data: {} } } as const;
 * const visible = failuresVisibleTo(null, meta);
 * visible({ conv: "slack:T1/C1", repo: "acme/app" } as FailedDelivery); // true
 * visible({ conv: "slack:T1/C2", repo: "acme/app" } as FailedDelivery); // false
 * ```
 */
export function failuresVisibleTo(
  policy: Policy | null,
  who: RequestMeta,
): (failed: FailedDelivery) => boolean {
  // The CLI acts as the local operator with the user's own token (as in `authorize`).
  if (who.surface === "cli") return () => true;
  const here = who.conversation ? conversationKey(who.conversation) : undefined;
  return (failed) => {
    const role = policy ? roleFor(policy, who, failed.repo) : "viewer";
    if (role === "admin") return true;
    return here !== undefined && failed.conv === here && role !== null;
  };
}
