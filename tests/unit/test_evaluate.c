/*
 * test_evaluate.c — the per-mu comprehensive evaluation (evaluate.c, domain.md §3):
 * indicators, mean / median / minmax / fixed benchmarks with the cap, dropped weights,
 * missing indicators, percentile and threshold classes, scope (below ≥ 3 mu, new firms,
 * given classes), veto, tenants inheriting, and the parcel's owner.
 *
 * Every expected number is derived by hand in the comment next to it.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "evaluate.h"
#include "policy_fixtures.h"

typedef struct fx {
    ls_context *ctx;
    ls_rules *rules;
    ls__dataset ds;
} fx;

static int fx_setup(void **state)
{
    fx *f = calloc(1, sizeof(*f));
    assert_non_null(f);
    assert_int_equal(ls_context_new(&f->ctx), LS_OK);
    f->rules = ls_test_rules_new();
    *state = f;
    return 0;
}

static int fx_teardown(void **state)
{
    fx *f = *state;
    ls__dataset_free(&f->ds);
    ls_test_rules_free(f->rules);
    ls_context_free(f->ctx);
    free(f);
    return 0;
}

static void weights_tax_only(ls_rules *r)
{
    static const char *const n[] = {"tax_per_mu"};
    static const double w[] = {100};
    ls_test_rules_set_weights(r, 1, n, w, 1);
}

/* m above-scale firms on 10 mu each with tax_per_mu = tax[i] (tax_10k = 10 × tax[i]). */
static void firms(fx *f, size_t m, const double *tax)
{
    ls_test_dataset_init(&f->ds, 0, m);
    for (size_t i = 0; i < m; i++) {
        f->ds.enterprises[i].land_mu = 10.0;
        f->ds.enterprises[i].tax_10k = 10.0 * tax[i];
    }
}

static int eval(fx *f)
{
    return ls__evaluate(f->ctx, &f->ds, f->rules, LS_TEST_REF_DAYS);
}

static const char *cls(fx *f, size_t i)
{
    const char *c = f->ds.enterprises[i].class_final;
    return c ? c : "-";
}

static void test_evaluate__indicators(void **state)
{
    fx *f = *state;
    ls_test_dataset_init(&f->ds, 0, 2);
    ls__enterprise *e = &f->ds.enterprises[0];
    e->land_mu = 20;
    e->tax_10k = 60;          /* tax_per_mu = 60 / 20 = 3 */
    e->value_added_10k = 200; /* va_per_mu = 10; va_per_energy = 200 / 100 = 2 */
    e->energy_tce = 100;
    e->employees = 50; /* labour = 200 / 50 = 4 */
    e->rd_10k = 10;    /* rd_share = 10 / 500 = 0.02 */
    e->revenue_10k = 500;
    e->electricity_10k_kwh = 30; /* tax_per_electricity = 60 / 30 = 2 */
    ls__enterprise *z = &f->ds.enterprises[1];
    z->land_mu = 0; /* no land: per-mu figures NAN */
    z->tax_10k = 5;
    z->energy_tce = 0;
    z->value_added_10k = 5;
    assert_int_equal(eval(f), LS_OK);
    assert_float_equal(e->tax_per_mu, 3.0, 1e-12);
    assert_float_equal(e->va_per_mu, 10.0, 1e-12);
    assert_float_equal(e->va_per_energy, 2.0, 1e-12);
    assert_float_equal(e->labour_productivity, 4.0, 1e-12);
    assert_float_equal(e->rd_share, 0.02, 1e-12);
    assert_float_equal(e->tax_per_electricity, 2.0, 1e-12);
    assert_true(isnan(z->tax_per_mu));
    assert_true(isnan(z->va_per_energy));
}

/* Four firms, weights tax 50, VA 30, emission 20 (no emission data: dropped, the other two
 * scaled by 100 / 80 = 1.25), mean benchmark, cap 2.
 *   tax/mu 10, 5, 3, 2 → mean 5 → components 2.0, 1.0, 0.6, 0.4
 *   VA/mu 40, 20, –, 10 → mean 70/3 → 12/7, 6/7, (missing: group average (12+6+3)/7/3 = 1),
 *   3/7
 *   E1 = 1.25 × (50 × 2 + 30 × 12/7) = 1325/7 = 189.2857
 *   E2 = 1.25 × (50 × 1 + 30 × 6/7) = 662.5/7 = 94.6429
 *   E3 = 1.25 × (50 × 0.6 + 30 × 1) = 75
 *   E4 = 1.25 × (50 × 0.4 + 30 × 3/7) = 287.5/7 = 41.0714
 * Percentile, n = 4: kA = ⌊1 + ½⌋ = 1, kAB = ⌊2.8 + ½⌋ = 3, kABC = ⌊3.8 + ½⌋ = 4
 *   → E1 A, E2 B, E3 B, E4 C (no D: 5 % of 4 firms rounds to none). */
static void test_evaluate__mean_scores_dropped_weight_and_missing(void **state)
{
    fx *f = *state;
    static const char *const n[] = {"tax_per_mu", "va_per_mu", "emission"};
    static const double w[] = {50, 30, 20};
    ls_test_rules_set_weights(f->rules, 1, n, w, 3);
    const double tax[] = {10, 5, 3, 2};
    const double va[] = {40, 20, NAN, 10};
    firms(f, 4, tax);
    for (size_t i = 0; i < 4; i++)
        f->ds.enterprises[i].value_added_10k = 10.0 * va[i];
    assert_int_equal(eval(f), LS_OK);
    assert_float_equal(f->ds.enterprises[0].eval_score, 1325.0 / 7.0, 1e-9);
    assert_float_equal(f->ds.enterprises[1].eval_score, 662.5 / 7.0, 1e-9);
    assert_float_equal(f->ds.enterprises[2].eval_score, 75.0, 1e-9);
    assert_float_equal(f->ds.enterprises[3].eval_score, 287.5 / 7.0, 1e-9);
    assert_string_equal(cls(f, 0), "A");
    assert_string_equal(cls(f, 1), "B");
    assert_string_equal(cls(f, 2), "B");
    assert_string_equal(cls(f, 3), "C");
    assert_string_equal(f->ds.enterprises[0].eval_note, "EVAL_SCORED");
}

/* 20 firms, tax only: E(i) has tax/mu i, so the ranking is E20 … E1. kA = ⌊5 + ½⌋ = 5,
 * kAB = ⌊14 + ½⌋ = 14, kABC = ⌊19 + ½⌋ = 19 → A = E20–E16, B = E15–E7, C = E6–E2, D = E1. */
static void test_evaluate__percentile_cutoffs_20(void **state)
{
    fx *f = *state;
    weights_tax_only(f->rules);
    double tax[20];
    for (int i = 0; i < 20; i++)
        tax[i] = i + 1;
    firms(f, 20, tax);
    assert_int_equal(eval(f), LS_OK);
    int count[4] = {0, 0, 0, 0};
    for (int i = 0; i < 20; i++)
        count[cls(f, (size_t)i)[0] - 'A']++;
    assert_int_equal(count[0], 5);
    assert_int_equal(count[1], 9);
    assert_int_equal(count[2], 5);
    assert_int_equal(count[3], 1);
    assert_string_equal(cls(f, 19), "A"); /* E20 */
    assert_string_equal(cls(f, 15), "A"); /* E16 */
    assert_string_equal(cls(f, 14), "B"); /* E15 */
    assert_string_equal(cls(f, 6), "B");  /* E7 */
    assert_string_equal(cls(f, 5), "C");  /* E6 */
    assert_string_equal(cls(f, 1), "C");  /* E2 */
    assert_string_equal(cls(f, 0), "D");  /* E1 */
}

/* n = 10: kA = ⌊2.5 + ½⌋ = 3, kAB = ⌊7 + ½⌋ = 7, kABC = ⌊9.5 + ½⌋ = 10 → 3 A, 4 B, 3 C, 0 D:
 * a boundary falling on half a firm is rounded in the firms' favour. */
static void test_evaluate__percentile_rounding_10(void **state)
{
    fx *f = *state;
    weights_tax_only(f->rules);
    double tax[10];
    for (int i = 0; i < 10; i++)
        tax[i] = i + 1;
    firms(f, 10, tax);
    assert_int_equal(eval(f), LS_OK);
    int count[4] = {0, 0, 0, 0};
    for (int i = 0; i < 10; i++)
        count[cls(f, (size_t)i)[0] - 'A']++;
    assert_int_equal(count[0], 3);
    assert_int_equal(count[1], 4);
    assert_int_equal(count[2], 3);
    assert_int_equal(count[3], 0);
}

/* Two firms with the same score. n = 2: kA = ⌊0.5 + ½⌋ = 1, kAB = ⌊1.4 + ½⌋ = 1, kABC =
 * ⌊1.9 + ½⌋ = 2 → rank 0 A, rank 1 would be C, but equal scores get the same class and the
 * tie straddling the cut-off goes to the better class (domain.md §3): both A. */
static void test_evaluate__ties_get_the_same_class(void **state)
{
    fx *f = *state;
    weights_tax_only(f->rules);
    const double tax[] = {4, 4};
    firms(f, 2, tax);
    ls_test_set(&f->ds.enterprises[0].enterprise_id, "E2");
    ls_test_set(&f->ds.enterprises[1].enterprise_id, "E1");
    assert_int_equal(eval(f), LS_OK);
    assert_string_equal(cls(f, 1), "A"); /* E1 */
    assert_string_equal(cls(f, 0), "A"); /* E2: tied with E1 */
}

/* Tax/mu 5, 5, 3, 1 (n = 4): kA = ⌊1 + ½⌋ = 1, kAB = ⌊2.8 + ½⌋ = 3, kABC = ⌊3.8 + ½⌋ = 4.
 * Ranks 0,1 are the tied 5s: rank 0 is A, rank 1 (B by position) joins it → A, A; 3 → B
 * (rank 2 < 3); 1 → C (rank 3 < 4). A tie below a cut-off that does not straddle it keeps its
 * class: 10, 5, 5, 1 → A, B, B, C. */
static void test_evaluate__tie_straddling_cutoff_goes_up(void **state)
{
    fx *f = *state;
    weights_tax_only(f->rules);
    const double tax[] = {5, 5, 3, 1};
    firms(f, 4, tax);
    assert_int_equal(eval(f), LS_OK);
    assert_string_equal(cls(f, 0), "A");
    assert_string_equal(cls(f, 1), "A");
    assert_string_equal(cls(f, 2), "B");
    assert_string_equal(cls(f, 3), "C");
    ls__dataset_free(&f->ds);
    const double tax2[] = {10, 5, 5, 1};
    firms(f, 4, tax2);
    assert_int_equal(eval(f), LS_OK);
    assert_string_equal(cls(f, 0), "A");
    assert_string_equal(cls(f, 1), "B");
    assert_string_equal(cls(f, 2), "B");
    assert_string_equal(cls(f, 3), "C");
}

/* A vetoed firm takes no percentile slot. Tax/mu 10 (vetoed), 8, 6, 4: the ranked population
 * is 8, 6, 4 (n = 3: kA = ⌊0.75 + ½⌋ = 1, kAB = ⌊2.1 + ½⌋ = 2, kABC = ⌊2.85 + ½⌋ = 3) →
 * 8 A, 6 B, 4 C; the vetoed firm is D. (Ranking it would have made 8 a B.) */
static void test_evaluate__vetoed_firm_takes_no_slot(void **state)
{
    fx *f = *state;
    weights_tax_only(f->rules);
    const double tax[] = {10, 8, 6, 4};
    firms(f, 4, tax);
    f->ds.enterprises[0].veto = 1;
    assert_int_equal(eval(f), LS_OK);
    assert_string_equal(cls(f, 0), "D");
    assert_string_equal(f->ds.enterprises[0].eval_note, "EVAL_VETO");
    assert_string_equal(cls(f, 1), "A");
    assert_string_equal(cls(f, 2), "B");
    assert_string_equal(cls(f, 3), "C");
}

/* A veto makes any firm D, in scope or not: a new (exempt) firm and a 规下 firm on 2 mu (out of
 * scope) with veto are D / EVAL_VETO; without veto they stay classless. */
static void test_evaluate__veto_applies_out_of_scope(void **state)
{
    fx *f = *state;
    weights_tax_only(f->rules);
    const double tax[] = {5, 5, 5};
    firms(f, 3, tax);
    ls__enterprise *e = f->ds.enterprises;
    e[0].founded = ls_test_days_before(100);
    e[0].veto = 1;
    ls_test_set(&e[1].scale, "below");
    e[1].land_mu = 2.0;
    e[1].veto = 1;
    assert_int_equal(eval(f), LS_OK);
    assert_string_equal(cls(f, 0), "D");
    assert_string_equal(e[0].eval_note, "EVAL_VETO");
    assert_string_equal(cls(f, 1), "D");
    assert_string_equal(e[1].eval_note, "EVAL_VETO");
    /* alone in the ranked population (n = 1): kA = ⌊0.25 + ½⌋ = 0, kAB = ⌊0.7 + ½⌋ = 1 → B */
    assert_string_equal(cls(f, 2), "B");
}

/* Median benchmark, cap 2: tax/mu 1, 2, 6 → median 2 → 0.5, 1, min(2, 3) = 2 → ×100. */
static void test_evaluate__median_and_cap(void **state)
{
    fx *f = *state;
    weights_tax_only(f->rules);
    ls_test_set(&f->rules->evaluation.benchmark, "median");
    const double tax[] = {1, 2, 6};
    firms(f, 3, tax);
    assert_int_equal(eval(f), LS_OK);
    assert_float_equal(f->ds.enterprises[0].eval_score, 50.0, 1e-9);
    assert_float_equal(f->ds.enterprises[1].eval_score, 100.0, 1e-9);
    assert_float_equal(f->ds.enterprises[2].eval_score, 200.0, 1e-9);
}

/* minmax: tax/mu 1, 3, 5 → 100 × (20 + 80 × (v − 1) / 4) / 100 = 20, 60, 100. */
static void test_evaluate__minmax(void **state)
{
    fx *f = *state;
    weights_tax_only(f->rules);
    ls_test_set(&f->rules->evaluation.benchmark, "minmax");
    const double tax[] = {1, 3, 5};
    firms(f, 3, tax);
    assert_int_equal(eval(f), LS_OK);
    assert_float_equal(f->ds.enterprises[0].eval_score, 20.0, 1e-9);
    assert_float_equal(f->ds.enterprises[1].eval_score, 60.0, 1e-9);
    assert_float_equal(f->ds.enterprises[2].eval_score, 100.0, 1e-9);
}

/* fixed benchmark tax_per_mu 4: tax/mu 2 → 100 × 2 / 4 = 50; 10 → min(2, 2.5) × 100 = 200. */
static void test_evaluate__fixed_benchmark(void **state)
{
    fx *f = *state;
    weights_tax_only(f->rules);
    ls_eval_rules *ev = &f->rules->evaluation;
    ls_test_set(&ev->benchmark, "fixed");
    ev->benchmarks = calloc(1, sizeof(*ev->benchmarks));
    assert_non_null(ev->benchmarks);
    ev->nbenchmarks = 1;
    ls_test_set(&ev->benchmarks[0].indicator, "tax_per_mu");
    ev->benchmarks[0].weight = 4;
    const double tax[] = {2, 10};
    firms(f, 2, tax);
    assert_int_equal(eval(f), LS_OK);
    assert_float_equal(f->ds.enterprises[0].eval_score, 50.0, 1e-9);
    assert_float_equal(f->ds.enterprises[1].eval_score, 200.0, 1e-9);
}

static void test_evaluate__fixed_without_benchmark_is_error(void **state)
{
    fx *f = *state;
    weights_tax_only(f->rules);
    ls_test_set(&f->rules->evaluation.benchmark, "fixed");
    const double tax[] = {2, 10};
    firms(f, 2, tax);
    assert_int_equal(eval(f), LS_EINVAL);
    assert_non_null(strstr(ls_context_error(f->ctx), "tax_per_mu"));
}

/* threshold cut-offs A 90, B 70, C 50 with fixed benchmark 1 so score = 100 × tax/mu / 1
 * (cap off): 0.95 → 95 A; 0.90 → 90 A (≥); 0.8999 → 89.99 B; 0.50 → 50 C; 0.49 → 49 D. */
static void test_evaluate__threshold_classes(void **state)
{
    fx *f = *state;
    weights_tax_only(f->rules);
    ls_eval_rules *ev = &f->rules->evaluation;
    ls_test_set(&ev->class_method, "threshold");
    ev->class_cutoff[0] = 90;
    ev->class_cutoff[1] = 70;
    ev->class_cutoff[2] = 50;
    ev->cap = NAN;
    ls_test_set(&ev->benchmark, "fixed");
    ev->benchmarks = calloc(1, sizeof(*ev->benchmarks));
    assert_non_null(ev->benchmarks);
    ev->nbenchmarks = 1;
    ls_test_set(&ev->benchmarks[0].indicator, "tax_per_mu");
    ev->benchmarks[0].weight = 1;
    const double tax[] = {0.95, 0.90, 0.8999, 0.50, 0.49};
    firms(f, 5, tax);
    assert_int_equal(eval(f), LS_OK);
    assert_string_equal(cls(f, 0), "A");
    assert_string_equal(cls(f, 1), "A");
    assert_string_equal(cls(f, 2), "B");
    assert_string_equal(cls(f, 3), "C");
    assert_string_equal(cls(f, 4), "D");
}

/* Scope: a 规下 firm on 2.99 mu is out of scope, one on exactly 3 mu is scored; a firm with no
 * scale counts as 规下; "成立不满两年" is calendar years to the reference date 2025-12-31: founded
 * 2024-01-01 (1 + 364/365 < 2) is new, founded 2023-12-31 (exactly 2 years, the 2nd
 * anniversary is the reference date) is not;
 * a given class is kept and not scored. */
static void test_evaluate__scope_new_given(void **state)
{
    fx *f = *state;
    const double tax[] = {5, 5, 5, 5, 5, 5};
    firms(f, 6, tax);
    ls__enterprise *e = f->ds.enterprises;
    ls_test_set(&e[0].scale, "below");
    e[0].land_mu = 2.99;
    ls_test_set(&e[1].scale, "below");
    e[1].land_mu = 3.0;
    ls_test_set(&e[2].scale, NULL);
    e[2].land_mu = 2.0;
    e[3].founded = ls__date_from_ymd(2024, 1, 1);
    e[4].founded = ls__date_from_ymd(2023, 12, 31);
    ls_test_set(&e[5].eval_class, "B");
    assert_int_equal(eval(f), LS_OK);
    assert_string_equal(e[0].eval_note, "EVAL_OUT_OF_SCOPE");
    assert_null(e[0].class_final);
    assert_true(isnan(e[0].eval_score));
    assert_string_equal(e[1].eval_note, "EVAL_SCORED");
    assert_non_null(e[1].class_final);
    assert_string_equal(e[2].eval_note, "EVAL_OUT_OF_SCOPE");
    assert_string_equal(e[3].eval_note, "EVAL_NEW");
    assert_null(e[3].class_final);
    assert_string_equal(e[4].eval_note, "EVAL_SCORED");
    assert_string_equal(e[5].eval_note, "EVAL_GIVEN");
    assert_string_equal(e[5].class_final, "B");
    assert_true(isnan(e[5].eval_score));
}

/* EVAL_NEW (成立不满两年) counts calendar years: founded 2024-06-30 is 2 years old on
 * 2026-06-30 — 730 days, which days / 365.25 would call 1.999 and exempt — and still new the
 * day before. */
static void test_evaluate__new_from_the_anniversary(void **state)
{
    fx *f = *state;
    const double tax[] = {5, 5};
    firms(f, 2, tax);
    ls__enterprise *e = f->ds.enterprises;
    e[0].founded = ls__date_from_ymd(2024, 6, 30);
    assert_int_equal(ls__evaluate(f->ctx, &f->ds, f->rules, ls__date_from_ymd(2026, 6, 30)), LS_OK);
    assert_string_equal(e[0].eval_note, "EVAL_SCORED");
    assert_int_equal(ls__evaluate(f->ctx, &f->ds, f->rules, ls__date_from_ymd(2026, 6, 29)), LS_OK);
    assert_string_equal(e[0].eval_note, "EVAL_NEW");
}

/* Below weights tax 50 + tax/electricity 50: firms (3 mu) tax 30, 15 → tax/mu 10, 5 (mean 7.5:
 * 4/3, 2/3); electricity 10, 10 → 3, 1.5 (mean 2.25: 4/3, 2/3) → scores 133.33, 66.67. */
static void test_evaluate__below_weights(void **state)
{
    fx *f = *state;
    ls_test_dataset_init(&f->ds, 0, 2);
    ls__enterprise *e = f->ds.enterprises;
    const double tax[] = {30, 15};
    for (int i = 0; i < 2; i++) {
        ls_test_set(&e[i].scale, "below");
        e[i].land_mu = 3;
        e[i].tax_10k = tax[i];
        e[i].electricity_10k_kwh = 10;
    }
    assert_int_equal(eval(f), LS_OK);
    assert_float_equal(e[0].eval_score, 400.0 / 3.0, 1e-9);
    assert_float_equal(e[1].eval_score, 200.0 / 3.0, 1e-9);
}

static void test_evaluate__no_data_group(void **state)
{
    fx *f = *state;
    ls_test_dataset_init(&f->ds, 0, 2);
    f->ds.enterprises[0].land_mu = 10; /* no money figures at all */
    f->ds.enterprises[1].land_mu = 10;
    assert_int_equal(eval(f), LS_OK);
    assert_string_equal(f->ds.enterprises[0].eval_note, "EVAL_NO_DATA");
    assert_null(f->ds.enterprises[0].class_final);
}

/* Veto: the best scored firm and a given A both become D. */
static void test_evaluate__veto_forces_d(void **state)
{
    fx *f = *state;
    weights_tax_only(f->rules);
    const double tax[] = {10, 1, 1};
    firms(f, 3, tax);
    f->ds.enterprises[0].veto = 1;
    ls_test_set(&f->ds.enterprises[2].eval_class, "A");
    f->ds.enterprises[2].veto = 1;
    assert_int_equal(eval(f), LS_OK);
    assert_string_equal(cls(f, 0), "D");
    assert_string_equal(f->ds.enterprises[0].eval_note, "EVAL_VETO");
    assert_string_equal(cls(f, 2), "D");
}

/* Supply screening (domain.md §10): given classes A, B, C, D and a new (classless) firm with
 * no_new_land_classes [C, D] → 0, 0, 1, 1, 0; a vetoed firm (D) → 1. */
static void test_evaluate__supply_restricted(void **state)
{
    fx *f = *state;
    weights_tax_only(f->rules);
    const double tax[] = {5, 5, 5, 5, 5, 5};
    firms(f, 6, tax);
    ls__enterprise *e = f->ds.enterprises;
    ls_test_set(&e[0].eval_class, "A");
    ls_test_set(&e[1].eval_class, "B");
    ls_test_set(&e[2].eval_class, "C");
    ls_test_set(&e[3].eval_class, "D");
    e[4].founded = ls_test_days_before(100);
    ls_test_set(&e[5].eval_class, "A");
    e[5].veto = 1;
    assert_int_equal(eval(f), LS_OK);
    assert_int_equal(e[0].supply_restricted, 0);
    assert_int_equal(e[1].supply_restricted, 0);
    assert_int_equal(e[2].supply_restricted, 1);
    assert_int_equal(e[3].supply_restricted, 1);
    assert_null(e[4].class_final);
    assert_int_equal(e[4].supply_restricted, 0);
    assert_int_equal(e[5].supply_restricted, 1);
}

/* Tenants: P1 has owner E1 (tax/mu 10) and tenant E2 (1); P2 has owner E3 (5). Benchmark =
 * mean of all three scored firms = 16/3. With inherit, the tenant takes no percentile slot:
 * ranked E1, E3 (n = 2: kA = ⌊0.5 + ½⌋ = 1, kAB = ⌊1.4 + ½⌋ = 1, kABC = ⌊1.9 + ½⌋ = 2) →
 * E1 A, E3 C, and E2 takes E1's A (keeping its own score). With separate, all three are
 * ranked (n = 3: kA = 1, kAB = ⌊2.1 + ½⌋ = 2, kABC = 3) → E1 A, E3 B, E2 C. */
static void tenant_case(fx *f)
{
    const double tax[] = {10, 1, 5};
    weights_tax_only(f->rules);
    firms(f, 3, tax);
    ls__parcel *p = calloc(2, sizeof(*p));
    assert_non_null(p);
    free(f->ds.parcels);
    f->ds.parcels = p;
    f->ds.nparcels = 2;
    ls_test_parcel_init(&p[0], "P1", 10);
    ls_test_parcel_init(&p[1], "P2", 10);
    ls_test_parcel_add_ent(&p[0], 0);
    ls_test_parcel_add_ent(&p[0], 1);
    ls_test_parcel_add_ent(&p[1], 2);
    ls_test_set(&f->ds.enterprises[1].role, "tenant");
}

static void test_evaluate__tenants_inherit(void **state)
{
    fx *f = *state;
    tenant_case(f);
    assert_int_equal(eval(f), LS_OK);
    assert_string_equal(cls(f, 0), "A");
    assert_string_equal(cls(f, 2), "C");
    assert_string_equal(cls(f, 1), "A");
    assert_string_equal(f->ds.enterprises[1].eval_note, "EVAL_INHERITED");
    assert_float_equal(f->ds.enterprises[1].eval_score, 100.0 * 1.0 / (16.0 / 3.0), 1e-9);
    /* parcels carry their owner's class and score */
    assert_ptr_equal(f->ds.parcels[0].eval_class, f->ds.enterprises[0].class_final);
    assert_float_equal(f->ds.parcels[0].eval_score, f->ds.enterprises[0].eval_score, 0);
    assert_string_equal(f->ds.parcels[1].eval_class, "C");
}

static void test_evaluate__tenants_separate(void **state)
{
    fx *f = *state;
    tenant_case(f);
    ls_test_set(&f->rules->evaluation.tenants, "separate");
    assert_int_equal(eval(f), LS_OK);
    assert_string_equal(cls(f, 1), "C");
    assert_string_equal(cls(f, 2), "B");
    assert_string_equal(f->ds.enterprises[1].eval_note, "EVAL_SCORED");
}

/* Owner choice without roles: parcel.enterprise_id wins; else the largest land_mu; ties →
 * smallest id. */
static void test_evaluate__parcel_owner_choice(void **state)
{
    fx *f = *state;
    weights_tax_only(f->rules);
    const double tax[] = {10, 1};
    firms(f, 2, tax); /* E1 A, E2 C (n = 2) */
    ls__parcel *p = calloc(1, sizeof(*p));
    assert_non_null(p);
    free(f->ds.parcels);
    f->ds.parcels = p;
    f->ds.nparcels = 1;
    ls_test_parcel_init(p, "P1", 10);
    ls_test_parcel_add_ent(p, 0);
    ls_test_parcel_add_ent(p, 1);
    for (int i = 0; i < 2; i++)
        ls_test_set(&f->ds.enterprises[i].role, NULL);
    ls_test_set(&p->enterprise_id, "E2");
    assert_int_equal(eval(f), LS_OK);
    assert_string_equal(p->eval_class, "C");
    ls_test_set(&p->enterprise_id, NULL);
    f->ds.enterprises[1].land_mu = 12; /* larger: E2 (tax/mu now 10/12) still ranks 2nd */
    assert_int_equal(eval(f), LS_OK);
    assert_string_equal(p->eval_class, "C");
    f->ds.enterprises[1].land_mu = 10; /* tie → E1 */
    assert_int_equal(eval(f), LS_OK);
    assert_string_equal(p->eval_class, "A");
}

static void test_evaluate__unknown_indicator_is_error(void **state)
{
    fx *f = *state;
    static const char *const n[] = {"profit_per_mu"};
    static const double w[] = {100};
    ls_test_rules_set_weights(f->rules, 1, n, w, 1);
    const double tax[] = {1};
    firms(f, 1, tax);
    assert_int_equal(eval(f), LS_EINVAL);
    assert_non_null(strstr(ls_context_error(f->ctx), "profit_per_mu"));
}

#define T(name) cmocka_unit_test_setup_teardown(name, fx_setup, fx_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_evaluate__indicators),
        T(test_evaluate__mean_scores_dropped_weight_and_missing),
        T(test_evaluate__percentile_cutoffs_20),
        T(test_evaluate__percentile_rounding_10),
        T(test_evaluate__ties_get_the_same_class),
        T(test_evaluate__tie_straddling_cutoff_goes_up),
        T(test_evaluate__vetoed_firm_takes_no_slot),
        T(test_evaluate__veto_applies_out_of_scope),
        T(test_evaluate__supply_restricted),
        T(test_evaluate__median_and_cap),
        T(test_evaluate__minmax),
        T(test_evaluate__fixed_benchmark),
        T(test_evaluate__fixed_without_benchmark_is_error),
        T(test_evaluate__threshold_classes),
        T(test_evaluate__scope_new_given),
        T(test_evaluate__new_from_the_anniversary),
        T(test_evaluate__below_weights),
        T(test_evaluate__no_data_group),
        T(test_evaluate__veto_forces_d),
        T(test_evaluate__tenants_inherit),
        T(test_evaluate__tenants_separate),
        T(test_evaluate__parcel_owner_choice),
        T(test_evaluate__unknown_indicator_is_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
