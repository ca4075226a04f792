/**
 * Which secret may sign a GitHub delivery for which repository. With one shared
 * `GITHUB_WEBHOOK_SECRET` every repository's webhook holds the same secret, so an admin of any
 * of them (who can read it in the webhook settings) could sign deliveries for all the others and
 * forge their alerts. `GITHUB_WEBHOOK_SECRETS` gives each repository (`owner/name`) or owner
 * (`owner/*`) its own secret; a delivery counts only when it is signed with the secret of the
 * repository it is about. The single secret stays right for a GitHub App: the App's one webhook
 * is configured by the App's owner, not by repository admins, so no repository admin holds it.
 *
 * @module
 */
import { z } from "zod";
import { CiError } from "./errors.ts";
import { verifyGitHubSignature } from "./providers/github/webhooks.ts";

/** The scope of `GITHUB_WEBHOOK_SECRET`: every repository without a secret of its own. */
export const ANY_REPOSITORY = "*";

const ScopeSchema = z.string().trim().toLowerCase().regex(
  /^[a-z0-9](?:[a-z0-9-]{0,38})\/(?:\*|[\w.-]{1,100})$/,
  "a repository 'owner/name' or an owner 'owner/*'",
).refine((s) => !/\/\.{1,2}$/.test(s), "'.' and '..' are not repository names");
const SecretsSchema = z.record(ScopeSchema, z.string().min(1, "an empty secret"));

/** The configured secrets. */
export interface WebhookSecrets {
  /** The scopes whose secret produced `signature` over `raw` (empty: forged or unsigned). */
  verify(raw: Uint8Array, signature: string | null): Promise<Set<string>>;
  /** The scope whose secret must sign deliveries about `repo`; null when none covers it. */
  scopeFor(repo: string): string | null;
}

/**
 * Reads `GITHUB_WEBHOOK_SECRET` (any repository) and `GITHUB_WEBHOOK_SECRETS` (a JSON object
 * from `owner/name` or `owner/*` to a secret); null when neither is set. The most specific
 * scope wins: repository, then owner, then the single secret. Throws `CiError("config")` naming
 * the bad entry.
 *
 * @example
 * ```ts
 * const secrets = webhookSecrets(undefined, '{"acme/app":"s1","acme/*":"s2"}');
 * secrets?.scopeFor("acme/app"); // "acme/app"
 * secrets?.scopeFor("acme/web"); // "acme/*"
 * secrets?.scopeFor("other/x"); // null
 * ```
 */
export function webhookSecrets(single?: string, perRepository?: string): WebhookSecrets | null {
  const scoped = new Map<string, string>();
  if (perRepository) {
    let json: unknown;
    try {
      json = JSON.parse(perRepository);
    } catch (cause) {
      throw new CiError("config", "GITHUB_WEBHOOK_SECRETS is not valid JSON", {
        hint: 'Use an object from repository or owner to secret: {"acme/app":"…","acme/*":"…"}.',
        cause,
      });
    }
    const parsed = SecretsSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new CiError(
        "config",
        `GITHUB_WEBHOOK_SECRETS entry '${
          issue?.path.join(".") ?? "?"
        }' is invalid: ${issue?.message}`,
        { hint: 'Keys are "owner/name" or "owner/*"; values are non-empty secrets.' },
      );
    }
    for (const [scope, secret] of Object.entries(parsed.data)) scoped.set(scope, secret);
  }
  if (single) scoped.set(ANY_REPOSITORY, single);
  if (scoped.size === 0) return null;
  return {
    async verify(raw, signature) {
      const matched = new Set<string>();
      for (const [scope, secret] of scoped) {
        if (await verifyGitHubSignature(secret, raw, signature)) matched.add(scope);
      }
      return matched;
    },
    scopeFor(repo) {
      const name = repo.toLowerCase();
      const owner = `${name.split("/")[0]}/*`;
      for (const scope of [name, owner, ANY_REPOSITORY]) if (scoped.has(scope)) return scope;
      return null;
    },
  };
}
