/**
 * What every setup task (`slack:manifest`, `github:app-manifest`, …) says when `PUBLIC_URL` is
 * missing: they write URLs people paste into another product, so they never guess one.
 *
 * @module
 */

/** The usage exit code of the setup tasks. */
export const EXIT_USAGE = 2;

/**
 * Writes the refusal for `what` and returns {@linkcode EXIT_USAGE}.
 *
 * @example
 * ```ts
 * if (!env.PUBLIC_URL) return refuseWithoutPublicUrl("the Slack app manifest", console.error);
 * ```
 */
export function refuseWithoutPublicUrl(what: string, err: (text: string) => void): number {
  err(`Cannot build ${what}: PUBLIC_URL is not set`);
  err("Set PUBLIC_URL to the service's public https base, e.g. PUBLIC_URL=https://ci.acme.example");
  return EXIT_USAGE;
}
