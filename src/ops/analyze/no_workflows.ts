/**
 * Why a repository has nothing for `analyze`: no GitHub Actions workflows, and maybe another CI
 * system's file that `migrate` can convert.
 *
 * @module
 */
import { CiError } from "../../errors.ts";
import type { CIProvider } from "../../providers/port.ts";

// Other CI systems' files at the repository root, and what `migrate` does with each.
const OTHER_CI = [
  { path: ".gitlab-ci.yml", system: "GitLab CI", migrate: "converts it to GitHub Actions" },
  {
    path: "Jenkinsfile",
    system: "Jenkins",
    migrate: "is where moving it to GitHub Actions starts",
  },
] as const;

/**
 * The error for a repository without workflow files, naming another CI system's file when there
 * is one (and `migrate` for it).
 *
 * @example
 * ```ts
 * if (listed.length === 0) throw await noWorkflowsError(provider, repo);
 * ```
 */
export async function noWorkflowsError(
  provider: CIProvider,
  repo: string,
  ref?: string,
): Promise<CiError> {
  for (const other of OTHER_CI) {
    const found = await provider.readFile(repo, other.path, ref).catch(() => null);
    if (!found) continue;
    return new CiError(
      "not_found",
      `Cannot analyze ${repo}: it has no GitHub Actions workflows, only ${other.system} ` +
        `(${other.path}); analyze checks .github/workflows`,
      {
        hint: `\`migrate\` ${other.migrate}: ` +
          (provider.name === "local"
            ? '`deno task cli run "migrate" --dir PATH`.'
            : `\`migrate repo:${repo}\`.`),
      },
    );
  }
  return new CiError(
    "not_found",
    `Cannot analyze ${repo}: it has no workflow files in .github/workflows`,
    {
      hint: "Point at a repository checkout, its .github folder, or a folder of workflow files.",
    },
  );
}
