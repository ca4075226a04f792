/**
 * Buttons acting on a stored intent, for every surface. A button carries only a random id; the
 * intent stays server-side under `[surface, "action", id]`, so a click can name an action but
 * never write one (the request is signed by the platform, but the button's payload came from
 * our own message and a client could still send any string).
 *
 * A stored button also keeps its kind (run, edit, dismiss) and who the message answered: only
 * that person may dismiss it. A dismissal is recorded per report, so every button of a
 * dismissed message stops working (a replayed Run click after Dismiss runs nothing).
 *
 * @module
 */
import { z } from "zod";
import { IntentSchema } from "../intent/schema.ts";
import type { Store } from "../store/port.ts";
import { ActionKindSchema, type Report } from "./model.ts";

/** How long a button keeps working. */
export const ACTION_TTL_MS = 30 * 24 * 60 * 60 * 1000;
/** Ids longer than this are not looked up. */
const MAX_ID_LENGTH = 2000;

/** What a stored button holds. Buttons stored before kinds existed are run buttons. */
export const StoredActionSchema = z.object({
  intent: IntentSchema,
  reportId: z.string().optional(),
  label: z.string(),
  kind: ActionKindSchema.default("run"),
  /** The user the message answered (the surface's user id), when known. */
  requester: z.string().optional(),
});
/** A stored button. */
export type StoredAction = z.infer<typeof StoredActionSchema>;

/** Options of {@linkcode storeReportActions}. */
export interface StoreActionsOptions {
  /** Store only the first `limit` actions (what the surface can show). */
  limit?: number;
  /** Who the message answers: the only person who may dismiss it. */
  requester?: string;
}

const key = (surface: string, id: string) => [surface, "action", id] as const;
const dismissedKey = (surface: string, id: string) => [surface, "dismissed", id] as const;
/** A report's buttons are dismissed together; a report without an id only that button. */
const scopeOf = (stored: StoredAction, id: string) => stored.reportId ?? `button:${id}`;

/**
 * Stores the intent of each action of `report` (the first `limit`) under a fresh id; returns
 * report action id → stored id (what the button carries).
 *
 * @example
 * ```ts
 * // const ids = await storeReportActions(store, "slack", report, () => crypto.randomUUID(),
 * //   { requester: meta.userId });
 * ```
 */
export async function storeReportActions(
  store: Store,
  surface: string,
  report: Report,
  newId: () => string,
  options: StoreActionsOptions = {},
): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const action of report.actions.slice(0, options.limit ?? Infinity)) {
    const id = newId();
    const stored: StoredAction = {
      intent: action.intent,
      reportId: report.id,
      label: action.label,
      kind: action.kind ?? "run",
      ...(options.requester ? { requester: options.requester } : {}),
    };
    await store.set(key(surface, id), stored, { ttlMs: ACTION_TTL_MS });
    ids[action.id] = id;
  }
  return ids;
}

/**
 * The stored button behind a click's id; `null` when unknown, expired, unreadable or its
 * message was dismissed.
 *
 * @example
 * ```ts
 * // const action = await loadReportAction(store, "slack", value);
 * ```
 */
export async function loadReportAction(
  store: Store,
  surface: string,
  id: string,
): Promise<StoredAction | null> {
  if (!id || id.length > MAX_ID_LENGTH) return null;
  const parsed = StoredActionSchema.safeParse(await store.get(key(surface, id)));
  if (!parsed.success) return null;
  const dismissed = await store.get(dismissedKey(surface, scopeOf(parsed.data, id)));
  return dismissed === undefined || dismissed === null ? parsed.data : null;
}

/**
 * Whether `userId` may dismiss the message of `stored`: only its requester, and never when the
 * requester is unknown (a stranger's click must not remove someone else's request).
 *
 * @example
 * ```ts
 * mayDismiss({ intent, label: "Dismiss", kind: "dismiss", requester: "U1" }, "U1"); // true
 * ```
 */
export function mayDismiss(stored: StoredAction, userId: string | undefined): boolean {
  return stored.kind === "dismiss" && stored.requester !== undefined &&
    userId === stored.requester;
}

/**
 * Records the dismissal of the message behind button `id`; true the first time only, so a
 * replayed or double click does nothing new. Every button of that report stops working.
 *
 * @example
 * ```ts
 * // if (await dismissOnce(store, "slack", stored, id)) await replaceMessage();
 * ```
 */
export function dismissOnce(
  store: Store,
  surface: string,
  stored: StoredAction,
  id: string,
): Promise<boolean> {
  return store.setIfAbsent(dismissedKey(surface, scopeOf(stored, id)), true, {
    ttlMs: ACTION_TTL_MS,
  });
}

/**
 * The short neutral text that replaces a dismissed message.
 *
 * @example
 * ```ts
 * dismissedText("<@U1>"); // "Dismissed by <@U1> — nothing ran."
 * ```
 */
export const dismissedText = (who: string): string => `Dismissed by ${who} — nothing ran.`;
