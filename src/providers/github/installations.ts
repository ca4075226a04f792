/**
 * Where the GitHub App is installed, as its webhooks tell it: `installation` (created, deleted,
 * suspend, unsuspend) and `installation_repositories` (added, removed) keep a small registry in
 * the store, `["github", "installation", owner]` → `{ id, repos, suspended }`. The installation
 * auth (`app_auth.ts`) reads it before asking GitHub, so an uninstalled App stops being used the
 * moment GitHub says so, on every instance sharing the store.
 *
 * The store is typed structurally ({@linkcode RegistryStore}): this folder may not import
 * `src/store/`, and the registry needs only three of the port's methods.
 *
 * @module
 */
import { z } from "zod";
import { CiError } from "../../errors.ts";

/** One installation of the App, on one owner (user or organisation). */
export interface InstallationRecord {
  /** The installation id (`POST /app/installations/{id}/access_tokens`). */
  id: number;
  /** Repositories (`owner/name`, lower case) the owner chose, or every one of theirs. */
  repos: string[] | "all";
  suspended: boolean;
}

/** The part of the Store port the registry uses (the real Store satisfies it). */
export interface RegistryStore {
  get<T>(key: readonly (string | number)[]): Promise<T | null>;
  set(
    key: readonly (string | number)[],
    value: unknown,
    options?: { ttlMs?: number },
  ): Promise<void>;
  delete(key: readonly (string | number)[]): Promise<void>;
}

/** The registry of installations by owner. Owners are case-insensitive, as on GitHub. */
export interface InstallationRegistry {
  get(owner: string): Promise<InstallationRecord | null>;
  /** `ttlMs` for what was learnt by asking GitHub (webhooks may not reach us); none for webhooks. */
  put(owner: string, record: InstallationRecord, ttlMs?: number): Promise<void>;
  forget(owner: string): Promise<void>;
}

const keyOf = (owner: string) => ["github", "installation", owner.toLowerCase()] as const;

/**
 * The registry over `store`.
 *
 * @example
 * ```ts
 * declare const store: RegistryStore; // the service's Store
 * const registry = installationRegistry(store);
 * await registry.put("acme", { id: 11, repos: "all", suspended: false });
 * (await registry.get("ACME"))?.id; // 11
 * ```
 */
export function installationRegistry(store: RegistryStore): InstallationRegistry {
  return {
    get: (owner) => store.get<InstallationRecord>(keyOf(owner)),
    put: (owner, record, ttlMs) =>
      store.set(keyOf(owner), record, ttlMs === undefined ? undefined : { ttlMs }),
    forget: (owner) => store.delete(keyOf(owner)),
  };
}

/**
 * Whether `record` lets the App act on `repo` (`owner/name`).
 *
 * @example
 * ```ts
 * covers({ id: 22, repos: ["globex/api"], suspended: false }, "Globex/API"); // true
 * ```
 */
export function covers(record: InstallationRecord, repo: string): boolean {
  return record.repos === "all" || record.repos.includes(repo.toLowerCase());
}

// Shapes from @octokit/webhooks-types (InstallationEvent, InstallationRepositoriesEvent), only
// the fields used here.
const Repo = z.object({ full_name: z.string() });
const Installation = z.object({
  id: z.number(),
  account: z.object({ login: z.string() }),
  repository_selection: z.enum(["all", "selected"]),
  suspended_at: z.string().nullish(),
});
const InstallationEvent = z.object({
  action: z.string(),
  installation: Installation,
  repositories: z.array(Repo).optional(),
});
const RepositoriesEvent = z.object({
  action: z.string(),
  installation: Installation,
  repository_selection: z.enum(["all", "selected"]).optional(),
  repositories_added: z.array(Repo).default([]),
  repositories_removed: z.array(Repo).default([]),
});

/** The webhook events this module reads. */
export const INSTALLATION_EVENTS: ReadonlySet<string> = new Set([
  "installation",
  "installation_repositories",
]);

/** What a delivery changed, for the log and the answer. */
export interface InstallationChange {
  owner: string;
  installationId: number;
  action: string;
  /** False for actions with nothing to record (e.g. `new_permissions_accepted`). */
  applied: boolean;
}

const names = (repos: z.infer<typeof Repo>[]) => repos.map((r) => r.full_name.toLowerCase());

function invalid(event: string, error: z.ZodError): CiError {
  const issue = error.issues[0];
  return new CiError(
    "bad_request",
    `The ${event} payload is invalid at '${issue?.path.join(".") || "(root)"}': ${issue?.message}`,
  );
}

/**
 * Applies one verified `installation` or `installation_repositories` delivery to the registry.
 * A change of selection the payload cannot describe completely (from "all" to a list) forgets
 * the record, so the next use asks GitHub. Throws `CiError("bad_request")` on a bad payload.
 *
 * @example
 * ```ts
 * declare const registry: InstallationRegistry;
 * await applyInstallationEvent(registry, "installation", {
 *   action: "created",
 *   installation: { id: 11, account: { login: "acme" }, repository_selection: "all" },
 * }); // { owner: "acme", installationId: 11, action: "created", applied: true }
 * ```
 */
export async function applyInstallationEvent(
  registry: InstallationRegistry,
  event: string,
  body: unknown,
): Promise<InstallationChange> {
  if (event === "installation") {
    const parsed = InstallationEvent.safeParse(body);
    if (!parsed.success) throw invalid(event, parsed.error);
    const { action, installation, repositories } = parsed.data;
    const owner = installation.account.login;
    const change = { owner, installationId: installation.id, action, applied: true };
    if (action === "deleted") {
      await registry.forget(owner);
      return change;
    }
    if (!["created", "suspend", "unsuspend"].includes(action)) return { ...change, applied: false };
    const known = await registry.get(owner);
    const repos = installation.repository_selection === "all"
      ? "all"
      : repositories
      ? names(repositories)
      : known?.id === installation.id
      ? known.repos
      : null;
    if (repos === null) {
      await registry.forget(owner);
      return change;
    }
    const suspended = action === "suspend" ||
      (action !== "unsuspend" && Boolean(installation.suspended_at));
    await registry.put(owner, { id: installation.id, repos, suspended });
    return change;
  }
  if (event === "installation_repositories") {
    const parsed = RepositoriesEvent.safeParse(body);
    if (!parsed.success) throw invalid(event, parsed.error);
    const { action, installation, repositories_added, repositories_removed } = parsed.data;
    const owner = installation.account.login;
    const change = { owner, installationId: installation.id, action, applied: true };
    const selection = parsed.data.repository_selection ?? installation.repository_selection;
    const suspended = Boolean(installation.suspended_at);
    if (selection === "all") {
      await registry.put(owner, { id: installation.id, repos: "all", suspended });
      return change;
    }
    const known = await registry.get(owner);
    if (!known || known.id !== installation.id || known.repos === "all") {
      // The payload lists only what changed; without the list it changed, ask GitHub next time.
      await registry.forget(owner);
      return change;
    }
    const removed = new Set(names(repositories_removed));
    const repos = [...new Set([...known.repos, ...names(repositories_added)])]
      .filter((r) => !removed.has(r));
    await registry.put(owner, { id: installation.id, repos, suspended: known.suspended });
    return change;
  }
  throw new CiError("bad_request", `Not an installation event: ${event}`);
}
