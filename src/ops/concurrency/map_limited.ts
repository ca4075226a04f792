/**
 * Bounded parallelism for provider calls: enough to hide latency, few enough not to trip
 * GitHub's secondary rate limits.
 *
 * @module
 */

/**
 * Maps `items` through `fn` with at most `limit` calls in flight, keeping the order.
 *
 * @example
 * ```ts
 * const sizes = await mapLimited(["a", "bb"], 2, (s) => Promise.resolve(s.length)); // [1, 2]
 * ```
 */
export async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
