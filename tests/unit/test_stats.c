/* Statistics against known data, the bench analysis on hand-made samples, and the JSON reader
 * (what bench --compare and --from trust their input to). */
#include "testutil.h"

#include <errno.h>
#include <math.h>

#include "lib/base/stats.h"
#include "lib/model/val.h"
#include "vmm/bench.h"

static void test_order_statistics(void **state)
{
	const double v[] = { 9, 1, 4, 2, 6, 2, 1 }; /* sorted: 1 1 2 2 4 6 9 */
	const double ten[] = { 10, 9, 8, 7, 6, 5, 4, 3, 2, 1 };
	struct vc_summary s;

	(void)state;
	vc_summarize(v, 7, &s);
	assert_int_equal(s.n, 7);
	assert_float_equal(s.median, 2, 1e-12);
	assert_float_equal(s.min, 1, 1e-12);
	assert_float_equal(s.max, 9, 1e-12);
	assert_float_equal(s.mean, 25.0 / 7, 1e-12);
	/* |v - 2| = 7 1 2 0 4 0 1, sorted 0 0 1 1 2 4 7: MAD 1 */
	assert_float_equal(s.mad, 1, 1e-12);
	/* R: quantile(1:10, 0.9) = 9.1 (type 7); median 5.5 */
	vc_summarize(ten, 10, &s);
	assert_float_equal(s.p90, 9.1, 1e-12);
	assert_float_equal(s.median, 5.5, 1e-12);
	assert_float_equal(vc_median(ten, 1), 10, 1e-12);
	assert_true(isnan(vc_median(ten, 0)));
	vc_summarize(NULL, 0, &s);
	assert_true(isnan(s.median));
}

static void test_bootstrap(void **state)
{
	double v[40], c[10], lo, hi, lo2, hi2;
	uint64_t seed = 1;

	(void)state;
	for (int i = 0; i < 40; i++)
		v[i] = 100 + (double)(vc_rand_next(&seed) % 1000) / 100; /* 100..110 */
	for (int i = 0; i < 10; i++)
		c[i] = 3;
	vc_bootstrap_median(v, 40, 2000, 42, &lo, &hi);
	assert_true(lo <= vc_median(v, 40) && vc_median(v, 40) <= hi);
	assert_true(lo >= 100 && hi <= 110 && hi - lo < 5);
	/* deterministic: the same seed gives the same interval */
	vc_bootstrap_median(v, 40, 2000, 42, &lo2, &hi2);
	assert_float_equal(lo, lo2, 0);
	assert_float_equal(hi, hi2, 0);
	/* no spread, no interval */
	vc_bootstrap_median(c, 10, 500, 1, &lo, &hi);
	assert_float_equal(lo, 3, 0);
	assert_float_equal(hi, 3, 0);
	/* a ratio of two samples: 3 / ~105 */
	vc_bootstrap_ratio(c, 10, v, 40, 1000, 7, &lo, &hi);
	assert_true(lo > 3.0 / 110 && hi < 3.0 / 100 && lo <= hi);
}

static void test_analyze(void **state)
{
	static const struct bench_def paired = { .name = "t", .kind = BENCH_PAIRED };
	double a[20], b[20], ac[20], bc[20];
	struct bench_result r = { .def = &paired, .n = 20, .a_ns = a, .b_ns = b, .a_cyc = ac, .b_cyc = bc };

	(void)state;
	for (int i = 0; i < 20; i++) {
		b[i] = 100 + i % 3; /* native */
		a[i] = b[i] * 1.02; /* the guest: exactly 2% slower, pair by pair */
		ac[i] = a[i] * 3;
		bc[i] = b[i] * 3;
	}
	bench_analyze(&r);
	assert_float_equal(r.ratio, 1.02, 1e-9);
	assert_float_equal(r.ratio_lo, 1.02, 1e-9); /* per-pair ratios do not vary */
	assert_float_equal(r.ratio_hi, 1.02, 1e-9);
	assert_false(r.noisy);
	assert_float_equal(r.a_cycles, vc_median(ac, 20), 1e-9);
	/* two pairs in five wildly off: the median ignores them, the interval widens */
	for (int i = 0; i < 20; i++)
		if (i % 5 < 2)
			a[i] = b[i] * 1.5;
	bench_analyze(&r);
	assert_float_equal(r.ratio, 1.02, 1e-9);
	assert_true(r.ratio_hi > 1.02);
	/* spread beyond +-5%: flagged */
	for (int i = 0; i < 20; i++)
		a[i] = b[i] * (i % 2 ? 0.7 : 1.4);
	bench_analyze(&r);
	assert_true(r.noisy);
}

static void test_json_parse(void **state)
{
	const char *doc = "{\"schema\": \"x/1\", \"n\": -12, \"d\": 1.5e3, \"big\": 123456789012345678901234,"
			  " \"s\": \"a\\u00e9\\ud83d\\ude00\\n\", \"l\": [true, false, null, {}], \"e\": []}";
	struct vc_val *v;
	char err[128];
	static const char *const bad[] = {
		"",    "{",   "[1,]",  "{\"a\" 1}",   "{\"a\":1,}",  "01",    "1.",	    "-",  "\"\\x\"",
		"\"a", "tru", "[1] x", "\"\\u0000\"", "\"\\ud800\"", "{1:2}", "[\"\x01\"]", "1e",
	};
	char deep[200];

	(void)state;
	assert_int_equal(vc_json_parse(doc, strlen(doc), &v, err, sizeof(err)), 0);
	assert_string_equal(vc_get_str(v, "schema"), "x/1");
	assert_int_equal(vc_get_int(v, "n", 0), -12);
	assert_float_equal(vc_get_num(v, "d"), 1500, 0);
	assert_float_equal(vc_get_num(v, "big"), 1.2345678901234568e23,
			   1e10); /* too big for int64: a double */
	assert_string_equal(vc_get_str(v, "s"), "a\xc3\xa9\xf0\x9f\x98\x80\n");
	assert_int_equal(vc_obj_get(v, "l")->c.n, 4);
	assert_true(isnan(vc_get_num(v, "schema")));
	vc_val_free(v);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (vc_json_parse(bad[i], strlen(bad[i]), &v, err, sizeof(err)) != -EINVAL)
			fail_msg("accepted malformed JSON: %s", bad[i]);
		assert_null(v);
		assert_non_null(strstr(err, "at byte"));
	}
	/* nesting is bounded */
	memset(deep, '[', sizeof(deep));
	assert_int_equal(vc_json_parse(deep, sizeof(deep), &v, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "nested too deeply"));
	/* non-finite numbers are written as null */
	v = vc_dbl(NAN);
	assert_int_equal(v->type, VC_NULL);
	vc_val_free(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order_statistics),
		cmocka_unit_test(test_bootstrap),
		cmocka_unit_test(test_analyze),
		cmocka_unit_test(test_json_parse),
	};

	return cmocka_run_group_tests_name("stats", tests, NULL, NULL);
}
