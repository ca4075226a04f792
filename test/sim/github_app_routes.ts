/**
 * The REST routes a GitHub App calls with its JWT (`GET /app`, installations, installation
 * tokens) in the simulator. The JWT itself is checked before these run (`AppSim.serveApi`).
 *
 * @module
 */
import type { Hono } from "hono";
import { APP_PERMISSIONS, type AppSim } from "./github_app.ts";
import { ghError, json, paginate } from "./github_http.ts";
import { nodeId, simpleUser } from "./github_payloads.ts";
import type { SimRepo } from "./github_state.ts";
import { userId } from "./github_users.ts";

const NOT_ACCESSIBLE =
  "There is at least one repository that does not exist or is not accessible to the parent installation.";

/**
 * Mounts the App routes on `api` (mounted under the API prefix).
 *
 * @example
 * ```ts
 * // mountAppRoutes(api, await AppSim.create(options.app, deps));
 * ```
 */
export function mountAppRoutes(api: Hono, app: AppSim): void {
  const { state } = app.deps;
  const installed = () => [...app.installations.values()];

  api.get("/app", (c) => {
    const owner = simpleUser(state.hosts, state.actor, userId(state.actor));
    return json(c, {
      id: app.id,
      slug: app.slug,
      node_id: nodeId("A", app.id),
      client_id: app.deps.clientId,
      owner,
      name: app.slug,
      description: "",
      external_url: state.hosts.web,
      html_url: `${state.hosts.web}/apps/${app.slug}`,
      created_at: "2026-01-01T00:00:00Z",
      updated_at: "2026-01-01T00:00:00Z",
      permissions: APP_PERMISSIONS,
      events: ["workflow_job", "workflow_run"],
      installations_count: app.installations.size,
    });
  });

  api.get("/app/installations", (c) => {
    const page = paginate(c, installed().map((i) => app.installationPayload(i)));
    return json(c, page.items, 200, page.headers);
  });

  api.get("/app/installations/:id", (c) => {
    const installation = app.installations.get(Number(c.req.param("id")));
    return installation
      ? json(c, app.installationPayload(installation))
      : ghError(404, "Not Found");
  });

  api.get("/repos/:owner/:repo/installation", (c) => {
    const full = `${c.req.param("owner")}/${c.req.param("repo")}`;
    const installation = installed().find((i) => app.covers(i, full));
    return installation
      ? json(c, app.installationPayload(installation))
      : ghError(404, "Not Found");
  });

  for (const kind of ["orgs", "users"]) {
    api.get(`/${kind}/:account/installation`, (c) => {
      const account = c.req.param("account").toLowerCase();
      const installation = installed().find((i) => i.account.toLowerCase() === account);
      return installation
        ? json(c, app.installationPayload(installation))
        : ghError(404, "Not Found");
    });
  }

  api.post("/app/installations/:id/access_tokens", async (c) => {
    const installation = app.installations.get(Number(c.req.param("id")));
    if (!installation) return ghError(404, "Not Found");
    const text = await c.req.text();
    let body: { repositories?: unknown; repository_ids?: unknown } = {};
    try {
      body = text ? JSON.parse(text) : {};
    } catch {
      return ghError(400, "Problems parsing JSON");
    }
    // Asking for some repositories narrows the token to them; each must be in the installation.
    const all = app.reposOf(installation);
    let narrowed: SimRepo[] | undefined;
    if (Array.isArray(body.repositories) || Array.isArray(body.repository_ids)) {
      const names = Array.isArray(body.repositories) ? body.repositories.map(String) : [];
      const ids = Array.isArray(body.repository_ids) ? body.repository_ids.map(Number) : [];
      const pick = (wanted: (repo: SimRepo) => boolean) => all.find(wanted);
      const found = [
        ...names.map((n) => pick((r) => r.facts.name.toLowerCase() === n.toLowerCase())),
        ...ids.map((id) => pick((r) => r.facts.id === id)),
      ];
      if (found.some((repo) => repo === undefined)) return ghError(422, NOT_ACCESSIBLE);
      narrowed = found as SimRepo[];
    }
    const record = app.issueToken(installation.id, narrowed?.map((r) => r.fullName));
    return json(c, {
      token: record.token,
      expires_at: record.expiresAt.toISOString().replace(/\.\d{3}Z$/, "Z"),
      permissions: APP_PERMISSIONS,
      repository_selection: installation.repos === "all" && !narrowed ? "all" : "selected",
      ...(narrowed ? { repositories: narrowed.map((r) => state.repoPayload(r)) } : {}),
    }, 201);
  });
}
