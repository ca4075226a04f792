/**
 * `Action.Execute` buttons that run a stored intent. A button's `data` carries only a random id;
 * the intent stays server-side under `["teams", "action", id]`, so a click can name an action
 * but never write one (the invoke is signed by the Bot Connector, but its `data` came from our
 * card and a client could still send anything).
 *
 * @module
 */
import { z } from "zod";
import { IntentSchema } from "../../src/intent/schema.ts";
import type { Report } from "../../src/report/model.ts";
import type { Store } from "../../src/store/port.ts";

/** How long a button keeps working. */
export const ACTION_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/** What a stored button holds. */
export const StoredActionSchema = z.object({
  intent: IntentSchema,
  reportId: z.string().optional(),
  label: z.string(),
});
/** A stored button. */
export type StoredAction = z.infer<typeof StoredActionSchema>;

const key = (id: string) => ["teams", "action", id] as const;

/**
 * Stores the intent of every action of `report` under a fresh id; returns report action id →
 * stored id (what goes into the button's `data.actionId`).
 *
 * @example
 * ```ts
 * const actionIds = await storeActions(store, report, () => crypto.randomUUID());
 * renderCard(report, { actionIds });
 * ```
 */
export async function storeActions(
  store: Store,
  report: Report,
  newId: () => string,
): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const action of report.actions.slice(0, 5)) {
    const id = newId();
    const stored: StoredAction = {
      intent: action.intent,
      reportId: report.id,
      label: action.label,
    };
    await store.set(key(id), stored, { ttlMs: ACTION_TTL_MS });
    ids[action.id] = id;
  }
  return ids;
}

/**
 * The stored button behind a click; `null` when unknown, expired or unreadable.
 *
 * @example
 * ```ts
 * const action = await loadAction(store, String(data.actionId ?? ""));
 * ```
 */
export async function loadAction(store: Store, id: string): Promise<StoredAction | null> {
  if (!id || id.length > 200) return null;
  const parsed = StoredActionSchema.safeParse(await store.get(key(id)));
  return parsed.success ? parsed.data : null;
}
