/**
 * Buttons that run a stored intent, for every surface. A button carries only a random id; the
 * intent stays server-side under `[surface, "action", id]`, so a click can name an action but
 * never write one (the request is signed by the platform, but the button's payload came from
 * our own message and a client could still send any string).
 *
 * @module
 */
import { z } from "zod";
import { IntentSchema } from "../intent/schema.ts";
import type { Store } from "../store/port.ts";
import type { Report } from "./model.ts";

/** How long a button keeps working. */
export const ACTION_TTL_MS = 30 * 24 * 60 * 60 * 1000;
/** Ids longer than this are not looked up. */
const MAX_ID_LENGTH = 2000;

/** What a stored button holds. */
export const StoredActionSchema = z.object({
  intent: IntentSchema,
  reportId: z.string().optional(),
  label: z.string(),
});
/** A stored button. */
export type StoredAction = z.infer<typeof StoredActionSchema>;

const key = (surface: string, id: string) => [surface, "action", id] as const;

/**
 * Stores the intent of each action of `report` (the first `limit`) under a fresh id; returns
 * report action id → stored id (what the button carries).
 *
 * @example
 * ```ts
 * // const ids = await storeReportActions(store, "slack", report, () => crypto.randomUUID());
 * ```
 */
export async function storeReportActions(
  store: Store,
  surface: string,
  report: Report,
  newId: () => string,
  limit = Infinity,
): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const action of report.actions.slice(0, limit)) {
    const id = newId();
    const stored: StoredAction = {
      intent: action.intent,
      reportId: report.id,
      label: action.label,
    };
    await store.set(key(surface, id), stored, { ttlMs: ACTION_TTL_MS });
    ids[action.id] = id;
  }
  return ids;
}

/**
 * The stored button behind a click's id; `null` when unknown, expired or unreadable.
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
  return parsed.success ? parsed.data : null;
}
