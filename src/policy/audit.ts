/**
 * The audit log: one append-only entry per state-changing request and per outcome (a dispatch
 * is recorded when accepted or denied, and again when its job succeeds, fails or is
 * cancelled, sharing the `jobId`), naming the GitHub login that acted when it is known. Kept for
 * 400 days.
 *
 * @module
 */
import { z } from "zod";
import { CiError } from "../errors.ts";
import { IntentSchema, RepoSchema } from "../intent/schema.ts";
import type { Store } from "../store/port.ts";
import type { Intent } from "../intent/schema.ts";
import type { Decision } from "./authorize.ts";
import type { Requester } from "./identity.ts";
import { PERMISSIONS } from "./repo_access.ts";
import { RoleSchema } from "./roles.ts";

/** How long audit entries are kept. */
export const AUDIT_TTL_MS = 400 * 24 * 60 * 60 * 1000;

/** Most entries one `listAudit` call returns. */
export const MAX_AUDIT_LIST = 1000;

const PermissionSchema = z.enum(PERMISSIONS);
const SurfaceSchema = z.enum(["slack", "discord", "teams", "copilot", "mcp", "cli"]);

/**
 * One audit entry.
 *
 * @example
 * ```ts
 * AuditEntrySchema.shape.outcome.options; // ["accepted", "denied", "succeeded", "failed", "cancelled"]
 * ```
 */
export const AuditEntrySchema = z.object({
  /** ISO 8601 time of the event. */
  at: z.iso.datetime(),
  id: z.string().min(1),
  who: z.object({
    surface: SurfaceSchema,
    userId: z.string().optional(),
    teamId: z.string().optional(),
    via: z.enum(["github", "mcp-key"]).optional(),
    /** The GitHub login acting, when known (linked account, Copilot, MCP with a token). */
    login: z.string().max(39).optional(),
  }).strict(),
  surface: SurfaceSchema,
  op: IntentSchema.shape.op,
  // Entries outlive schema changes (400 days): one written under older, looser intent rules
  // (e.g. `target: "apply-confirmed:…"` before `apply` was typed) must stay readable as written.
  intent: IntentSchema.or(z.looseObject({ op: IntentSchema.shape.op })),
  repo: RepoSchema.or(z.string().max(300)).optional(),
  decision: z.object({
    allowed: z.boolean(),
    role: RoleSchema.nullable(),
    required: RoleSchema,
    /** GitHub-authority mode: the permission needed on GitHub, and the one the person had. */
    github: z.object({ needs: PermissionSchema, has: PermissionSchema }).strict().optional(),
  }).strict(),
  outcome: z.enum(["accepted", "denied", "succeeded", "failed", "cancelled"]),
  runIds: z.array(z.number().int()).optional(),
  jobId: z.string().optional(),
  message: z.string().max(2000).optional(),
}).strict();

/** One audit entry. */
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

/** What the caller supplies; `at` and `id` come from the injected clock and id source. */
export type AuditInput = Omit<AuditEntry, "at" | "id">;

/** Injected clock and ids. */
export interface AuditDeps {
  now: () => Date;
  newId: () => string;
}

/**
 * Builds an entry from a request and its authorization decision.
 *
 * @example
 * ```ts
 * const input = auditInput(
 *   { surface: "slack", userId: "U333" },
 *   { op: "test", repo: "acme/app" },
 *   { allowed: true, role: "operator", required: "operator" },
 *   "accepted",
 * );
 * ```
 */
export function auditInput(
  who: Requester,
  intent: Intent,
  decision: Decision,
  outcome: AuditEntry["outcome"],
  extra: Pick<AuditEntry, "runIds" | "jobId" | "message"> = {},
): AuditInput {
  return {
    who: {
      surface: who.surface,
      ...(who.userId ? { userId: who.userId } : {}),
      ...(who.teamId ? { teamId: who.teamId } : {}),
      ...(who.via ? { via: who.via } : {}),
      ...(who.login ? { login: who.login } : {}),
    },
    surface: who.surface,
    op: intent.op,
    intent,
    ...(intent.repo ? { repo: intent.repo } : {}),
    decision: {
      allowed: decision.allowed,
      role: decision.role,
      required: decision.required,
      ...(decision.github ? { github: decision.github } : {}),
    },
    outcome,
    ...(decision.allowed || extra.message ? {} : { message: decision.message }),
    ...extra,
  };
}

/**
 * Appends an entry and returns it as stored.
 *
 * @example
 * ```ts
 * const store = await openKvStore(":memory:");
 * await recordAudit(store, input, { now: () => new Date(), newId: randomId });
 * ```
 */
export async function recordAudit(
  store: Store,
  input: AuditInput,
  deps: AuditDeps,
): Promise<AuditEntry> {
  const at = deps.now();
  const entry = AuditEntrySchema.parse({ ...input, at: at.toISOString(), id: deps.newId() });
  const order = newestFirst(at);
  await store.set(["audit", "all", order, entry.id], entry, { ttlMs: AUDIT_TTL_MS });
  if (entry.repo) {
    // A second copy keyed by repository keeps filtered listing a prefix scan.
    await store.set(["audit", "repo", entry.repo.toLowerCase(), order, entry.id], entry, {
      ttlMs: AUDIT_TTL_MS,
    });
  }
  return entry;
}

/**
 * Entries newest first, optionally for one repository (case-insensitive), at most `limit`
 * (default 50, at most {@linkcode MAX_AUDIT_LIST}).
 *
 * @example
 * ```ts
 * const latest = await listAudit(store, { repo: "acme/app", limit: 10 });
 * ```
 */
export async function listAudit(
  store: Store,
  options: { repo?: string; limit?: number } = {},
): Promise<AuditEntry[]> {
  const limit = options.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_AUDIT_LIST) {
    throw new CiError(
      "bad_request",
      `Cannot list the audit log as 'limit' must be 1..${MAX_AUDIT_LIST}: current value is ${limit}`,
      { hint: `Ask for ${MAX_AUDIT_LIST} entries or fewer.` },
    );
  }
  const prefix = options.repo ? ["audit", "repo", options.repo.toLowerCase()] : ["audit", "all"];
  const rows = await store.list<unknown>(prefix, { limit });
  return rows.map((row) => {
    const parsed = AuditEntrySchema.safeParse(row.value);
    if (!parsed.success) {
      throw new CiError("internal", `Audit entry ${row.key.join("/")} is not readable`, {
        cause: parsed.error,
      });
    }
    return parsed.data;
  });
}

// Fixed-width inverted milliseconds: key order is newest first in every store, including
// stores that compare key parts as text.
function newestFirst(at: Date): string {
  return String(9_999_999_999_999 - at.getTime()).padStart(13, "0");
}
