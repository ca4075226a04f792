/**
 * The workflow the optimize tests change: a Node job with a checkout that fetches the whole
 * history and a `setup-node` without a cache, no concurrency, two tag-pinned actions, and
 * comments that every edit must keep.
 *
 * @module
 */

/**
 * `.github/workflows/ci.yml` of the optimize tests, with a `package-lock.json` beside it the
 * npm cache applies.
 *
 * @example
 * ```ts
 * state.addRepo("acme/web", { files: { ".github/workflows/ci.yml": NODE_CI } });
 * ```
 */
export const NODE_CI = `name: CI
on:
  push:
  pull_request:
permissions:
  contents: read
# build and test
jobs:
  test:
    runs-on: ubuntu-latest   # linux
    timeout-minutes: 20
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0
      - uses: actions/setup-node@v4 # node
        with:
          node-version: 20
      - run: npm ci
      - run: npm test
`;
