/**
 * Where a GitLab job runs: runner labels, container image, service containers, environment.
 *
 * @module
 */
import type { At, Audit } from "./gitlab_audit.ts";
import { imageSpec, serviceId } from "./gitlab_keywords.ts";
import { isRawMap, type Raw, type RawMap, text } from "./gitlab_parse.ts";
import { expandValue, variableValue } from "./gitlab_vars.ts";

const str = text;

/**
 * `tags` → `runs-on`: self-hosted labels, else the default runner.
 *
 * @example
 * ```ts
 * runsOn({ tags: ["gpu"] }, at, audit, "ubuntu-latest"); // ["self-hosted", "gpu"]
 * ```
 */
export function runsOn(
  c: RawMap,
  at: (k?: string) => At,
  audit: Audit,
  fallback: string,
): string | string[] {
  const tags = Array.isArray(c.tags)
    ? c.tags.map(str).filter(Boolean)
    : typeof c.tags === "string"
    ? [c.tags]
    : [];
  if (tags.length === 0) return fallback;
  audit.change(
    at("tags"),
    `tags: ${
      tags.join(", ")
    } became self-hosted runner labels; register runners with these labels or pick a GitHub-hosted runner`,
  );
  return ["self-hosted", ...tags];
}

/**
 * `image` → `container`, with variables expanded (job containers cannot read `env`).
 *
 * @example
 * ```ts
 * image("$IMG", { IMG: "node:20" }, at, audit); // { image: "node:20" }
 * ```
 */
export function image(
  value: Raw | undefined,
  known: Record<string, string>,
  at: At,
  audit: Audit,
): Record<string, unknown> | null {
  if (value === undefined || value === null) return null;
  const spec = imageSpec(value);
  if (!spec) {
    audit.notConverted(at, "image: has an unknown shape; no container was set");
    return null;
  }
  const name = expandValue(spec.name, known);
  if (name.unmapped.length) {
    audit.notConverted(
      at,
      `image: ${spec.name} refers to ${
        name.unmapped.map((n) => `$${n}`).join(", ")
      }, unknown at conversion; no container was set`,
    );
    return null;
  }
  if (spec.entrypoint !== undefined) {
    audit.change(
      at,
      "image: entrypoint is not supported by job containers; the image's entrypoint is replaced by GitHub's",
    );
  }
  if (spec.extra.length) audit.notConverted(at, `image: ${spec.extra.join(", ")} not converted`);
  audit.change(
    at,
    "image became a job container: GitHub runs steps with 'docker exec' (Linux runners only), and actions need node/tar/git-compatible images",
  );
  return { image: name.text };
}

/**
 * `services` → job `services`, keyed by alias or image name.
 *
 * @example
 * ```ts
 * convertServices(["postgres:16"], {}, at, audit, true); // { postgres: { image: "postgres:16" } }
 * ```
 */
export function convertServices(
  value: Raw | undefined,
  known: Record<string, string>,
  at: At,
  audit: Audit,
  inContainer: boolean,
): Record<string, unknown> | null {
  if (value === undefined || value === null) return null;
  const list = Array.isArray(value) ? value : [value];
  const out: Record<string, unknown> = {};
  const taken = new Set<string>();
  for (const entry of list) {
    const spec = imageSpec(entry);
    if (!spec) {
      audit.notConverted(at, "services: entry of an unknown shape; skipped");
      continue;
    }
    const name = expandValue(spec.name, known);
    if (name.unmapped.length) {
      audit.notConverted(at, `services: ${spec.name} refers to unknown variables; skipped`);
      continue;
    }
    const service: Record<string, unknown> = { image: name.text };
    if (isRawMap(spec.variables)) {
      const env: Record<string, string> = {};
      for (const [k, v] of Object.entries(spec.variables)) {
        env[k] = expandValue(variableValue(v)?.value ?? "", known).text;
      }
      service.env = env;
    }
    if (spec.entrypoint !== undefined || spec.command !== undefined) {
      audit.notConverted(
        at,
        `services: ${spec.name} entrypoint/command cannot be set on GitHub service containers`,
      );
    }
    const sid = serviceId(spec, taken);
    out[sid] = service;
    audit.change(
      at,
      inContainer
        ? `service ${spec.name} is reachable as host '${sid}'`
        : `service ${spec.name} runs beside a job without container: reach it on localhost after adding 'ports:' (GitLab used host '${
          spec.alias ?? sid
        }')`,
    );
  }
  return Object.keys(out).length ? out : null;
}

/**
 * `environment` → a GitHub environment (`name`, `url`).
 *
 * @example
 * ```ts
 * convertEnvironment("production", at, audit); // { name: "production" }
 * ```
 */
export function convertEnvironment(
  value: Raw | undefined,
  at: At,
  audit: Audit,
): Record<string, unknown> | null {
  if (value === undefined || value === null) return null;
  const spec = typeof value === "string"
    ? { name: value } as RawMap
    : isRawMap(value)
    ? value
    : null;
  if (!spec || typeof spec.name !== "string") {
    audit.notConverted(at, "environment: has an unknown shape; not converted");
    return null;
  }
  const out: Record<string, unknown> = { name: expandValue(spec.name, {}).text };
  if (typeof spec.url === "string") out.url = expandValue(spec.url, {}).text;
  const rest = Object.keys(spec).filter((k) => k !== "name" && k !== "url");
  if (rest.length) {
    audit.notConverted(
      at,
      `environment: ${
        rest.join(", ")
      } (stop actions, auto-stop, tiers, kubernetes) have no equivalent`,
    );
  }
  audit.change(
    at,
    "environment became a GitHub environment: deployments are recorded and protection rules/secrets come from the repository's environment settings",
  );
  return out;
}
