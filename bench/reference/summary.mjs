/**
 * What both load generators print about an autocannon result: the request total, the mean rate
 * and the latency percentiles (ms).
 *
 * @example
 * ```js
 * process.stdout.write(JSON.stringify({ ...summary(result), accepted }));
 * ```
 */
export function summary(result) {
  const { p50, p90, p99, max, mean } = result.latency;
  return {
    requests: result.requests.total,
    rps: result.requests.average,
    latency: { p50, p90, p99, max, mean },
  };
}
