/**
 * A realistic workflow for the migrate tests: a lint job and a matrix test job that the example
 * catalog covers, a docs job it does not, and a deploying job that must stay custom.
 *
 * @module
 */

/** `.github/workflows/ci.yml` of acme/app, with comments in every part. */
export const CI = `# CI for acme/app: lint, test on every supported Python, build the docs.
name: CI

on:
  push:
    branches: [main]
  pull_request: # every PR

permissions:
  contents: read

jobs:
  # Fast feedback first.
  lint:
    runs-on: ubuntu-latest
    timeout-minutes: 10
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - run: pip install -e .[lint]
      - run: ruff check .

  test:
    needs: lint # only after lint passed
    runs-on: \${{ matrix.os }}
    strategy:
      fail-fast: false
      matrix:
        os: [ubuntu-latest, macos-latest]
        python-version: ["3.11", "3.12", "3.13"]
    steps:
      - uses: actions/checkout@v4
      - name: Set up Python \${{ matrix.python-version }}
        uses: actions/setup-python@v5
        with:
          python-version: \${{ matrix.python-version }}
      - run: |
          python -m pip install --upgrade pip
          pip install -e .[test]
      - run: pytest -q --cov
      - uses: codecov/codecov-action@v4
        with:
          token: \${{ secrets.CODECOV_TOKEN }}

  # Docs are built with a Makefile: stays custom.
  docs:
    runs-on: ubuntu-latest
    timeout-minutes: 15
    steps:
      - uses: actions/checkout@v4
      - run: make docs # the Makefile knows sphinx

  publish:
    needs: test
    runs-on: ubuntu-latest
    environment: pypi
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
      - run: pytest
`;
