import assert from "node:assert/strict";
import { wilsonInterval } from "../../src/stats/wilson.ts";

// Reference: R 4.2.2, `prop.test(x, n, correct = FALSE)$conf.int` (the Wilson score interval).
// The first two are Newcombe (1998), Stat. Med. 17:857–872, Table I, method 3:
// 81/263 -> 0.2553, 0.3662 and 15/148 -> 0.0624, 0.1605.
// > prop.test(81, 263, correct=FALSE)$conf.int  -> 0.255288519878274 0.366209576982800
// > prop.test(15, 148, correct=FALSE)$conf.int  -> 0.0623863995307363 0.1604872417233080
// > prop.test(0, 20, correct=FALSE)$conf.int    -> 0.000000000000000 0.161125158052819
// > prop.test(1, 29, correct=FALSE)$conf.int    -> 0.00611321429276266 0.17175521879320282
// > prop.test(29, 29, correct=FALSE)$conf.int   -> 0.883030201500259 1.000000000000000
// > prop.test(7, 10, correct=FALSE)$conf.int    -> 0.396778147461145 0.892208732593699
// > prop.test(81, 263, correct=FALSE, conf.level=0.99)$conf.int -> 0.240136902687608 0.385282502318230
const CASES: Array<[number, number, number, number]> = [
  [81, 263, 0.255288519878274, 0.3662095769828],
  [15, 148, 0.0623863995307363, 0.160487241723308],
  [0, 20, 0, 0.161125158052819],
  [1, 29, 0.00611321429276266, 0.17175521879320282],
  [29, 29, 0.883030201500259, 1],
  [7, 10, 0.396778147461145, 0.892208732593699],
];

Deno.test("wilsonInterval matches R's prop.test without continuity correction", () => {
  for (const [x, n, lower, upper] of CASES) {
    const ci = wilsonInterval(x, n);
    assert.ok(Math.abs(ci.lower - lower) < 1e-8, `${x}/${n} lower ${ci.lower} vs ${lower}`);
    assert.ok(Math.abs(ci.upper - upper) < 1e-8, `${x}/${n} upper ${ci.upper} vs ${upper}`);
    assert.equal(ci.estimate, x / n);
  }
  const ci99 = wilsonInterval(81, 263, 0.99);
  assert.ok(Math.abs(ci99.lower - 0.240136902687608) < 1e-8);
  assert.ok(Math.abs(ci99.upper - 0.38528250231823) < 1e-8);
});

Deno.test("wilsonInterval: no trials is the whole of [0, 1]; bad counts are refused", () => {
  const none = wilsonInterval(0, 0);
  assert.deepEqual([none.lower, none.upper, Number.isNaN(none.estimate)], [0, 1, true]);
  assert.throws(() => wilsonInterval(5, 4), /got 5 of 4/);
  assert.throws(() => wilsonInterval(1.5, 4), /got 1.5 of 4/);
});
