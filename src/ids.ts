/**
 * Unguessable identifiers for report pages and requests.
 *
 * @module
 */

/**
 * 128 random bits as 22 base64url characters.
 *
 * @example
 * ```ts
 * randomId().length; // 22
 * ```
 */
export function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(
    /=+$/,
    "",
  );
}

/** Shape of ids made by {@linkcode randomId}; anything else is not looked up. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;
