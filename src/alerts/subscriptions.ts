/**
 * `subscribe`, `unsubscribe` and `subscriptions`: a conversation's alert filters in the store,
 * and the report each command answers with. A conversation is whatever the surface put in
 * `RequestMeta.conversation`: without one there is nowhere to post alerts, so subscribing is
 * refused with what would make it possible.
 *
 * @module
 */
import { CiError } from "../errors.ts";
import type { Intent } from "../intent/schema.ts";
import type { ReportInput } from "../report/model.ts";
import type { Store } from "../store/port.ts";
import type { Conversation, RequestMeta } from "../surface.ts";
import { whatText } from "./match.ts";
import { type KnownVisibility, visibilityNote } from "./visibility.ts";
import {
  alertKeys,
  conversationKey,
  filterKey,
  type Subscription,
  SubscriptionSchema,
} from "./model.ts";

/** `target` of a `subscribe` intent that lists instead (the `subscriptions` command). */
export const LIST_TARGET = "list";

/**
 * Whether the intent is the `subscriptions` listing.
 *
 * @example
 * ```ts
 * isListing({ op: "subscribe", target: "list" }); // true
 * ```
 */
export function isListing(intent: Intent): boolean {
  return intent.op === "subscribe" && intent.target === LIST_TARGET;
}

const NEEDS: Partial<Record<RequestMeta["surface"], string>> = {
  slack: "An admin must set SLACK_BOT_TOKEN: Slack alerts are posted with chat.postMessage, " +
    "which needs the bot token.",
  teams: "Send the command in a Teams channel or chat where the bot is installed.",
  cli: "Subscribe from a chat channel (Slack, Teams): the command line has no channel to post to.",
  mcp: "Subscribe from a chat channel (Slack, Teams): an MCP client has no channel to post to.",
  copilot: "Subscribe from a chat channel (Slack, Teams): Copilot Chat has no channel to post to.",
};

/**
 * The requester's conversation, or a `bad_request` that says why there is none.
 *
 * @example
 * ```ts
 * requireConversation({ surface: "cli", requestId: "r1" }); // throws: … need a channel …
 * ```
 */
export function requireConversation(meta: RequestMeta): Conversation {
  if (meta.conversation) return meta.conversation;
  throw new CiError(
    "bad_request",
    `Cannot manage alerts from this ${meta.surface} request: subscriptions need a channel ` +
      "this app can post to, and this request came from none.",
    { hint: NEEDS[meta.surface] ?? "Subscribe from a chat channel the app can post to." },
  );
}

/**
 * Stores (or updates) a subscription; returns it and whether it replaced an earlier one.
 *
 * @example
 * ```ts
 * // await saveSubscription(store, { conversation, repo: "acme/app", on: "failure" }, now());
 * ```
 */
export async function saveSubscription(
  store: Store,
  input: Omit<Subscription, "createdAt" | "updatedAt">,
  at: Date,
): Promise<{ subscription: Subscription; updated: boolean }> {
  const conv = conversationKey(input.conversation);
  const filter = filterKey(input);
  const previous = SubscriptionSchema.safeParse(
    await store.get(alertKeys.subByConversation(conv, input.repo, filter)),
  );
  const subscription: Subscription = SubscriptionSchema.parse({
    ...input,
    createdAt: previous.success ? previous.data.createdAt : at.toISOString(),
    updatedAt: at.toISOString(),
  });
  await store.set(alertKeys.subByRepo(input.repo, conv, filter), subscription);
  await store.set(alertKeys.subByConversation(conv, input.repo, filter), subscription);
  return { subscription, updated: previous.success };
}

/**
 * Removes the conversation's subscriptions to `repo` that match the given filter fields (a
 * field left out matches any value); returns what was removed.
 *
 * @example
 * ```ts
 * // await removeSubscriptions(store, conversation, { repo: "acme/app", branch: "main" });
 * ```
 */
export async function removeSubscriptions(
  store: Store,
  conversation: Conversation,
  filter: { repo: string; workflow?: string; branch?: string; event?: string },
): Promise<Subscription[]> {
  const conv = conversationKey(conversation);
  const removed: Subscription[] = [];
  for (const sub of await listSubscriptions(store, conversation)) {
    if (sub.repo.toLowerCase() !== filter.repo.toLowerCase()) continue;
    if (filter.workflow !== undefined && sub.workflow !== filter.workflow) continue;
    if (filter.branch !== undefined && sub.branch !== filter.branch) continue;
    if (filter.event !== undefined && sub.event !== filter.event) continue;
    const key = filterKey(sub);
    await store.delete(alertKeys.subByRepo(sub.repo, conv, key));
    await store.delete(alertKeys.subByConversation(conv, sub.repo, key));
    removed.push(sub);
  }
  return removed;
}

const parsed = (entries: Array<{ value: unknown }>): Subscription[] =>
  entries.flatMap((e) => {
    const s = SubscriptionSchema.safeParse(e.value);
    return s.success ? [s.data] : [];
  });

/**
 * A conversation's subscriptions, by repository.
 *
 * @example
 * ```ts
 * // (await listSubscriptions(store, conversation)).map((s) => s.repo);
 * ```
 */
export async function listSubscriptions(
  store: Store,
  conversation: Pick<Conversation, "surface" | "id">,
): Promise<Subscription[]> {
  return parsed(await store.list(alertKeys.subsOfConversation(conversationKey(conversation))));
}

/**
 * Every subscription to a repository, in any conversation (matching a webhook).
 *
 * @example
 * ```ts
 * // const subs = await subscriptionsOfRepo(store, "acme/app");
 * ```
 */
export async function subscriptionsOfRepo(store: Store, repo: string): Promise<Subscription[]> {
  return parsed(await store.list(alertKeys.subsOfRepo(repo)));
}

const where = (c: Conversation) => c.label ?? "this conversation";

function filterText(s: { workflow?: string; branch?: string; event?: string }): string {
  return [
    s.workflow ? `workflow ${s.workflow}` : "every workflow",
    s.branch ? `branch ${s.branch}` : "any branch",
    s.event ? `${s.event} runs` : "any event",
  ].join(", ");
}

/**
 * Runs `subscribe`, `unsubscribe` or the `subscriptions` listing for the requester's
 * conversation and answers with a report; a subscribe reply states the repository's
 * `visibility` when given (what the alerts will share). Throws `CiError` when there is no
 * conversation or no repository.
 *
 * @example
 * ```ts
 * // const report = await runSubscription(store, { op: "subscribe", repo: "acme/app" }, meta, new Date(), "public");
 * ```
 */
export async function runSubscription(
  store: Store,
  intent: Intent,
  meta: RequestMeta,
  at: Date,
  visibility?: KnownVisibility,
): Promise<ReportInput> {
  const conversation = requireConversation(meta);
  if (isListing(intent)) {
    const all = await listSubscriptions(store, conversation);
    const only = intent.repo?.toLowerCase();
    return listingReport(
      conversation,
      only ? all.filter((s) => s.repo.toLowerCase() === only) : all,
    );
  }
  const repo = intent.repo;
  if (!repo) {
    throw new CiError("bad_request", `Cannot ${intent.op} without a repository`, {
      hint: `Name it, e.g. \`${intent.op} repo:acme/app\`.`,
    });
  }
  const filter = {
    repo,
    ...(intent.workflow ? { workflow: intent.workflow } : {}),
    ...(intent.branch ? { branch: intent.branch } : {}),
    ...(intent.event ? { event: intent.event } : {}),
  };
  if (intent.op === "unsubscribe") {
    const removed = await removeSubscriptions(store, conversation, filter);
    return {
      title: `Unsubscribed ${where(conversation)} from ${repo}`,
      status: removed.length ? "success" : "neutral",
      summary: removed.length
        ? `Removed ${removed.length} subscription${removed.length === 1 ? "" : "s"}.`
        : `${where(conversation)} had no subscription to ${repo} matching ${filterText(filter)}.`,
      tables: removed.length ? [subscriptionTable("Removed", removed)] : [],
    };
  }
  const on = intent.on ?? "failure";
  const { subscription, updated } = await saveSubscription(store, {
    ...filter,
    conversation,
    on,
    ...(meta.userId ? { by: meta.userId } : {}),
  }, at);
  const shared = visibility ? visibilityNote(repo, visibility, where(conversation)) : "";
  return {
    title: `${updated ? "Updated" : "Subscribed"}: ${repo} alerts in ${where(conversation)}`,
    status: "success",
    summary: (shared ? `${shared} ` : "") +
      `${where(conversation)} will get an alert on ${whatText(on)} of ` +
      `${filterText(subscription)}. Remove it with \`unsubscribe repo:${repo}\`; list all with ` +
      "`subscriptions`.",
    fields: [
      { label: "Repository", value: repo },
      ...(visibility ? [{ label: "Visibility", value: visibility }] : []),
      { label: "Alerts on", value: on },
      { label: "Workflow", value: subscription.workflow ?? "any" },
      { label: "Branch", value: subscription.branch ?? "any" },
      { label: "Event", value: subscription.event ?? "any" },
    ],
  };
}

function subscriptionTable(title: string, subs: Subscription[]) {
  return {
    title,
    columns: ["Repository", "On", "Workflow", "Branch", "Event", "Since"],
    rows: subs.map((s) => [
      s.repo,
      s.on,
      s.workflow ?? "any",
      s.branch ?? "any",
      s.event ?? "any",
      s.createdAt.slice(0, 10),
    ]),
  };
}

function listingReport(conversation: Conversation, subs: Subscription[]): ReportInput {
  return {
    title: `Alerts in ${where(conversation)}`,
    status: "neutral",
    summary: subs.length
      ? `${subs.length} subscription${subs.length === 1 ? "" : "s"}.`
      : `${where(conversation)} receives no CI alerts. Start with ` +
        "`subscribe repo:acme/app on:failure`.",
    tables: subs.length ? [subscriptionTable("Subscriptions", subs)] : [],
  };
}
