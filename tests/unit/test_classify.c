/*
 * test_classify.c — status, reason codes, action, reclaimable mu and FAR uplift
 * (classify.c, domain.md §2, §4, §6), one parcel at a time through ls__classify_parcel, plus
 * ls__classify on a small dataset (FAR floors from the table, data_quality rows).
 *
 * Baseline (fx_setup): a 10 mu industrial parcel (area_m2 = 10 × 10000 / 15 = 6666.67), inside
 * the control lines (share 1.00), coverage 0.50, far 1.50, one building, tax_per_mu 10, owner
 * E1 producing with class B, no arrears, not mortgaged — it passes every test of the default
 * rules (policy_fixtures.h): reasons "" and status efficient / retain; uplift
 * max(0, 0.7 × A − 1.5 × A) = 0. Each test changes only what it is about; every expected
 * number is derived in its comment. The reference date LS_TEST_REF_DAYS is 2025-12-31. Years
 * are calendar years (domain.md §1): the anniversaries passed plus the share of the year to
 * the next one, printed cut to 2 decimals — "≥ N years" holds from the N-th anniversary on.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "classify.h"
#include "policy_fixtures.h"

typedef struct fx {
    ls_context *ctx;
    ls_rules *rules;
    ls__parcel p;
    ls__enterprise e[3];
    int has_control, has_buildings, has_enterprises;
} fx;

static int fx_setup(void **state)
{
    fx *f = calloc(1, sizeof(*f));
    assert_non_null(f);
    assert_int_equal(ls_context_new(&f->ctx), LS_OK);
    f->rules = ls_test_rules_new();
    ls_test_parcel_init(&f->p, "P1", 10.0);
    for (int i = 0; i < 3; i++) {
        char id[8] = {'E', (char)('1' + i), 0};
        ls_test_enterprise_init(&f->e[i], id);
    }
    ls_test_set(&f->e[0].class_final, "B");
    ls_test_set(&f->e[0].eval_note, "EVAL_SCORED");
    ls_test_parcel_add_ent(&f->p, 0);
    f->p.eval_class = f->e[0].class_final;
    f->has_control = f->has_buildings = f->has_enterprises = 1;
    *state = f;
    return 0;
}

static int fx_teardown(void **state)
{
    fx *f = *state;
    ls_test_parcel_clear(&f->p);
    for (int i = 0; i < 3; i++)
        ls_test_enterprise_clear(&f->e[i]);
    ls_test_rules_free(f->rules);
    ls_context_free(f->ctx);
    free(f);
    return 0;
}

/* Classify f->p and return its reasons. */
static const char *run(fx *f)
{
    assert_int_equal(ls__classify_parcel(f->ctx, &f->p, f->e, f->rules, LS_TEST_REF_DAYS,
                                         f->has_control, f->has_buildings, f->has_enterprises, -1,
                                         -1),
                     LS_OK);
    assert_non_null(f->p.reasons);
    return f->p.reasons;
}

static void set_far(fx *f, double far)
{
    f->p.far = far;
    f->p.floor_area_m2 = far * f->p.area_m2;
}

static void set_area(fx *f, double mu)
{
    f->p.area_mu = mu;
    f->p.area_m2 = mu * 10000.0 / 15.0;
    set_far(f, f->p.far);
}

static void halt(ls__enterprise *e, int days_ago)
{
    ls_test_set(&e->status, "halted");
    e->halted_since = days_ago < 0 ? LS_NO_DATE : ls_test_days_before(days_ago);
}

static void halt_on(ls__enterprise *e, int y, int m, int d)
{
    ls_test_set(&e->status, "halted");
    e->halted_since = ls__date_from_ymd(y, m, d);
}

/* Classify f->p as of y-m-d and return its reasons. */
static const char *run_at(fx *f, int y, int m, int d)
{
    assert_int_equal(ls__classify_parcel(f->ctx, &f->p, f->e, f->rules, ls__date_from_ymd(y, m, d),
                                         f->has_control, f->has_buildings, f->has_enterprises, -1,
                                         -1),
                     LS_OK);
    return f->p.reasons;
}

/* ---- baseline and non-industrial ---- */

static void test_classify__baseline_efficient(void **state)
{
    fx *f = *state;
    assert_string_equal(run(f), "");
    assert_null(f->p.no_data);
    assert_int_equal(f->p.status, LS_STATUS_EFFICIENT);
    assert_int_equal(f->p.action, LS_ACTION_RETAIN);
    assert_float_equal(f->p.reclaimable_mu, 0.0, 1e-9);
    assert_float_equal(f->p.far_uplift_m2, 0.0, 1e-9);
}

static void test_classify__non_industrial(void **state)
{
    fx *f = *state;
    ls_test_set(&f->p.landuse, "0701"); /* 城镇住宅 */
    f->p.tax_per_mu = 1.0;              /* would fire LE_TAX if tested */
    assert_string_equal(run(f), "");
    assert_int_equal(f->p.industrial, 0);
    assert_int_equal(f->p.status, LS_STATUS_NON_INDUSTRIAL);
    assert_int_equal(f->p.action, LS_ACTION_NONE);
    assert_null(f->p.no_data);
    assert_float_equal(f->p.reclaimable_mu, 0.0, 0);
    assert_float_equal(f->p.far_uplift_m2, 0.0, 0);
}

/* ---- LE_TAX boundaries ---- */

static void test_classify__le_tax_below(void **state)
{
    fx *f = *state;
    f->p.tax_per_mu = 3.2; /* 3.2 ≤ 5 */
    assert_string_equal(run(f), "LE_TAX(3.20<=5.00)");
    assert_int_equal(f->p.status, LS_STATUS_LOW_EFFICIENCY);
    assert_int_equal(f->p.action, LS_ACTION_UPGRADE);
    /* far 1.5 ≥ target 0.7: reclaimable 10 × max(0, 1 − 1.5/0.7) = 0, uplift 0 */
    assert_float_equal(f->p.reclaimable_mu, 0.0, 1e-9);
    assert_float_equal(f->p.far_uplift_m2, 0.0, 1e-9);
}

/* seed 004 "亩均税收5万元以下": 以下 includes the number (domain.md §4), so 5.00 fires */
static void test_classify__le_tax_equal_fires(void **state)
{
    fx *f = *state;
    f->p.tax_per_mu = 5.0;
    assert_string_equal(run(f), "LE_TAX(5.00<=5.00)");
    assert_int_equal(f->p.status, LS_STATUS_LOW_EFFICIENCY);
}

static void test_classify__le_tax_just_below_and_above(void **state)
{
    fx *f = *state;
    f->p.tax_per_mu = 4.99;
    assert_string_equal(run(f), "LE_TAX(4.99<=5.00)");
    f->p.tax_per_mu = 5.01; /* above: efficient */
    assert_string_equal(run(f), "");
}

static void test_classify__le_tax_missing_no_data(void **state)
{
    fx *f = *state;
    f->p.tax_per_mu = NAN;
    assert_string_equal(run(f), "NO_DATA_LE_TAX");
    assert_string_equal(f->p.no_data, "LE_TAX");
    assert_int_equal(f->p.status, LS_STATUS_EFFICIENT);
}

static void test_classify__switched_off_adds_nothing(void **state)
{
    fx *f = *state;
    f->rules->tax_per_mu_min = NAN;
    f->p.tax_per_mu = NAN;
    assert_string_equal(run(f), "");
    assert_null(f->p.no_data);
}

/* ---- LE_VA, LE_ENERGY ---- */

static void test_classify__le_va(void **state)
{
    fx *f = *state;
    f->rules->va_per_mu_min = 150;
    f->p.value_added_per_mu = 120; /* 120 ≤ 150 */
    assert_string_equal(run(f), "LE_VA(120.00<=150.00)");
    f->p.value_added_per_mu = 150; /* equal: fires (以下 includes) */
    assert_string_equal(run(f), "LE_VA(150.00<=150.00)");
    f->p.value_added_per_mu = 150.01; /* just above: no */
    assert_string_equal(run(f), "");
    f->p.value_added_per_mu = NAN;
    assert_string_equal(run(f), "NO_DATA_LE_VA");
}

static void test_classify__le_energy(void **state)
{
    fx *f = *state;
    f->rules->energy_per_va_max = 0.52;
    f->p.energy_per_va = 0.80; /* 0.80 > 0.52 */
    assert_string_equal(run(f), "LE_ENERGY(0.80>0.52)");
    assert_int_equal(f->p.status, LS_STATUS_LOW_EFFICIENCY);
    f->p.energy_per_va = 0.52; /* '>' is strict */
    assert_string_equal(run(f), "");
    f->p.energy_per_va = 0.53;
    assert_string_equal(run(f), "LE_ENERGY(0.53>0.52)");
    f->p.energy_per_va = NAN;
    assert_string_equal(run(f), "NO_DATA_LE_ENERGY");
}

/* ---- LE_FAR, LE_COVERAGE, reclaimable and uplift ---- */

static void test_classify__le_far_industry_floor(void **state)
{
    fx *f = *state;
    set_area(f, 15.0); /* area_m2 = 15 × 10000 / 15 = 10000 */
    f->p.far_floor = 0.8;
    set_far(f, 0.62); /* floor area 6200 m² */
    assert_string_equal(run(f), "LE_FAR(0.62<0.80)");
    assert_int_equal(f->p.action, LS_ACTION_UPGRADE);
    /* reclaimable = 15 × (1 − 0.62 / 0.8) = 15 × 0.225 = 3.375 mu */
    assert_float_equal(f->p.reclaimable_mu, 3.375, 1e-9);
    /* uplift = 0.8 × 10000 − 6200 = 1800 m² */
    assert_float_equal(f->p.far_uplift_m2, 1800.0, 1e-6);
}

static void test_classify__le_far_equal_floor_does_not_fire(void **state)
{
    fx *f = *state;
    set_area(f, 15.0);
    f->p.far_floor = 0.8;
    set_far(f, 0.8);
    assert_string_equal(run(f), "");
    /* efficient → retain; uplift = 0.8 × 10000 − 8000 = 0 */
    assert_int_equal(f->p.action, LS_ACTION_RETAIN);
    assert_float_equal(f->p.far_uplift_m2, 0.0, 1e-6);
}

static void test_classify__le_far_falls_back_to_far_min(void **state)
{
    fx *f = *state;
    set_far(f, 0.62); /* no industry floor → far_min 0.7 */
    assert_string_equal(run(f), "LE_FAR(0.62<0.70)");
    set_far(f, 0.69);
    assert_string_equal(run(f), "LE_FAR(0.69<0.70)");
    set_far(f, 0.71);
    assert_string_equal(run(f), "");
}

static void test_classify__far_target_raises_uplift(void **state)
{
    fx *f = *state;
    set_area(f, 15.0);
    f->p.far_floor = 0.8;
    f->rules->far_target = 2.0; /* target = max(0.8, 2.0) = 2.0 */
    set_far(f, 0.62);
    assert_string_equal(run(f), "LE_FAR(0.62<0.80)"); /* the test still uses the floor */
    /* reclaimable = 15 × (1 − 0.62 / 2) = 15 × 0.69 = 10.35; uplift = 20000 − 6200 = 13800 */
    assert_float_equal(f->p.reclaimable_mu, 10.35, 1e-9);
    assert_float_equal(f->p.far_uplift_m2, 13800.0, 1e-6);
    /* an efficient parcel also gets uplift: far 1.5 → 2 × 10000 − 15000 = 5000, reclaim 0 */
    set_far(f, 1.5);
    assert_string_equal(run(f), "");
    assert_int_equal(f->p.action, LS_ACTION_RETAIN);
    assert_float_equal(f->p.reclaimable_mu, 0.0, 1e-9);
    assert_float_equal(f->p.far_uplift_m2, 5000.0, 1e-6);
}

/* Issue 12 point 10 (domain.md §6): the preset's far_target is a rule for new land — parcels
 * granted on or after far_target_from (zhejiang-ningbo: 2.0 from 2022-04-27); older parcels
 * use their industry floor. 15 mu = 10000 m², floor 0.8, far 0.62 (6200 m²):
 *   new land: target 2.0 → reclaimable 15 × (1 − 0.62/2) = 10.35, uplift 20000 − 6200 = 13800
 *   old land: target 0.8 → reclaimable 15 × (1 − 0.62/0.8) = 3.375, uplift 8000 − 6200 = 1800 */
static void test_classify__far_target_only_for_new_land(void **state)
{
    fx *f = *state;
    set_area(f, 15.0);
    f->p.far_floor = 0.8;
    f->rules->far_target = 2.0;
    f->rules->far_target_from = ls__date_from_ymd(2022, 4, 27);
    set_far(f, 0.62);
    f->p.grant_date = ls__date_from_ymd(2022, 4, 27); /* the day itself: new land */
    assert_string_equal(run(f), "LE_FAR(0.62<0.80)");
    assert_float_equal(f->p.reclaimable_mu, 10.35, 1e-9);
    assert_float_equal(f->p.far_uplift_m2, 13800.0, 1e-6);
    f->p.grant_date = ls__date_from_ymd(2022, 4, 26); /* the day before: the floor */
    assert_string_equal(run(f), "LE_FAR(0.62<0.80)");
    assert_float_equal(f->p.reclaimable_mu, 3.375, 1e-9);
    assert_float_equal(f->p.far_uplift_m2, 1800.0, 1e-6);
    f->p.grant_date = LS_NO_DATE; /* unknown grant date: not shown to be new land */
    run(f);
    assert_float_equal(f->p.reclaimable_mu, 3.375, 1e-9);
    f->rules->far_target_from = LS_NO_DATE; /* null: every parcel */
    run(f);
    assert_float_equal(f->p.reclaimable_mu, 10.35, 1e-9);
    /* an efficient old parcel (far 1.5 ≥ 0.8): uplift 0.8 × 10000 − 15000 < 0 → 0 */
    f->rules->far_target_from = ls__date_from_ymd(2022, 4, 27);
    f->p.grant_date = ls__date_from_ymd(2010, 1, 1);
    set_far(f, 1.5);
    assert_string_equal(run(f), "");
    assert_float_equal(f->p.far_uplift_m2, 0.0, 0);
}

static void test_classify__le_coverage(void **state)
{
    fx *f = *state;
    f->p.coverage = 0.12; /* 0.12 < 0.30; above ⅓ × 0.30 = 0.10 so not stalled */
    assert_string_equal(run(f), "LE_COVERAGE(0.12<0.30)");
    f->p.coverage = 0.30;
    assert_string_equal(run(f), "");
}

static void test_classify__no_buildings_layer_no_data(void **state)
{
    fx *f = *state;
    f->has_buildings = 0; /* far and coverage read 0 but are unknown */
    set_far(f, 0.0);
    f->p.coverage = 0.0;
    f->p.building_count = 0;
    /* IDLE_UNSTARTED: started true → settled false; IDLE_STALLED: owner producing → false;
     * IDLE_VACANT: an enterprise is on it → false. */
    assert_string_equal(run(f), "NO_DATA_LE_FAR;NO_DATA_LE_COVERAGE");
    assert_string_equal(f->p.no_data, "LE_FAR;LE_COVERAGE");
    assert_int_equal(f->p.status, LS_STATUS_EFFICIENT);
    assert_float_equal(f->p.far_uplift_m2, 0.0, 0); /* far unknown → no uplift figure */
}

/* ---- LE_CLASS ---- */

static void test_classify__le_class_d(void **state)
{
    fx *f = *state;
    ls_test_set(&f->e[0].class_final, "D");
    f->p.eval_class = f->e[0].class_final;
    assert_string_equal(run(f), "LE_CLASS(D)");
    assert_int_equal(f->p.status, LS_STATUS_LOW_EFFICIENCY);
}

static void test_classify__le_class_exempt_and_missing(void **state)
{
    fx *f = *state;
    ls_test_set(&f->e[0].class_final, NULL);
    f->p.eval_class = NULL;
    ls_test_set(&f->e[0].eval_note, "EVAL_NEW"); /* exempt: no class by design */
    assert_string_equal(run(f), "");
    ls_test_set(&f->e[0].eval_note, "EVAL_OUT_OF_SCOPE");
    assert_string_equal(run(f), "");
    ls_test_set(&f->e[0].eval_note, "EVAL_NO_DATA"); /* could have been D */
    assert_string_equal(run(f), "NO_DATA_LE_CLASS");
}

/* ---- LE_TAX_ARREARS ---- */

static void test_classify__le_tax_arrears(void **state)
{
    fx *f = *state;
    f->e[0].land_tax_arrears_years = 3.0;
    assert_string_equal(run(f), "LE_TAX_ARREARS(3.00>=2.00)");
    f->e[0].land_tax_arrears_years = 2.0; /* '>=' fires at equality */
    assert_string_equal(run(f), "LE_TAX_ARREARS(2.00>=2.00)");
    f->e[0].land_tax_arrears_years = 1.99;
    assert_string_equal(run(f), "");
    f->e[0].land_tax_arrears_years = NAN;
    assert_string_equal(run(f), "NO_DATA_LE_TAX_ARREARS");
    /* a second firm with 2.5 years settles it although the first has no figure */
    ls_test_parcel_add_ent(&f->p, 1);
    f->e[1].land_tax_arrears_years = 2.5;
    ls_test_set(&f->e[1].role, "tenant");
    assert_string_equal(run(f), "LE_TAX_ARREARS(2.50>=2.00)");
}

/* ---- idle tests ---- */

static void test_classify__idle_halted(void **state)
{
    fx *f = *state;
    /* 1132 days before 2025-12-31 = 2022-11-25: 3rd anniversary 2025-11-25, then 36 of the
     * 365 days to 2026-11-25: 3.0986 → "3.09" ≥ 2 */
    halt(&f->e[0], 1132);
    assert_string_equal(run(f), "IDLE_HALTED(3.09>=2.00)");
    assert_int_equal(f->p.status, LS_STATUS_IDLE);
    assert_int_equal(f->p.action, LS_ACTION_RECLAIM);
    assert_float_equal(f->p.reclaimable_mu, 10.0, 1e-12); /* idle: the whole parcel */
    assert_float_equal(f->p.far_uplift_m2, 0.0, 0);
}

/* "停产两年以上" holds from the 2nd anniversary of the halt on (domain.md §1, §4). */
static void test_classify__idle_halted_boundaries(void **state)
{
    fx *f = *state;
    /* the case, no 29 February in the span: halted 2024-06-30, on 2026-06-30 */
    halt_on(&f->e[0], 2024, 6, 30);
    assert_string_equal(run_at(f, 2026, 6, 30), "IDLE_HALTED(2.00>=2.00)");
    assert_int_equal(f->p.status, LS_STATUS_IDLE);
    /* the day before: 1 + 364/365 = 1.997 < 2, printed nowhere */
    assert_string_equal(run_at(f, 2026, 6, 29), "");
    assert_int_equal(f->p.status, LS_STATUS_EFFICIENT);
    /* with a 29 February (2024-02-29) in the span: 2023-12-31 → 2025-12-31 (731 days) */
    halt_on(&f->e[0], 2023, 12, 31);
    assert_string_equal(run(f), "IDLE_HALTED(2.00>=2.00)");
    assert_string_equal(run_at(f, 2025, 12, 30), ""); /* 1 + 365/366 < 2 */
    /* halted on a 29 February: the 2nd anniversary is 2026-02-28 */
    halt_on(&f->e[0], 2024, 2, 29);
    assert_string_equal(run_at(f, 2026, 2, 28), "IDLE_HALTED(2.00>=2.00)");
    assert_string_equal(run_at(f, 2026, 2, 27), "");
}

static void test_classify__idle_halted_needs_every_firm(void **state)
{
    fx *f = *state;
    halt(&f->e[0], 1132);
    ls_test_parcel_add_ent(&f->p, 1); /* E2 producing */
    assert_string_equal(run(f), "");
    /* E2 with no status and no date: unknown → could change the outcome */
    ls_test_set(&f->e[1].status, NULL);
    assert_string_equal(run(f), "NO_DATA_IDLE_HALTED");
    /* E2 halted since an unknown date: still unknown */
    halt(&f->e[1], -1);
    assert_string_equal(run(f), "NO_DATA_IDLE_HALTED");
    /* E2 halted 800 days: 2023-10-23, 2nd anniversary 2025-10-23 + 69/365 = 2.189 → "2.18";
     * the shortest halt is E2's */
    halt(&f->e[1], 800);
    assert_string_equal(run(f), "IDLE_HALTED(2.18>=2.00)");
}

static void test_classify__idle_unstarted(void **state)
{
    fx *f = *state;
    f->p.started = 0;
    /* 548 days: 2024-07-01, 1st anniversary 2025-07-01 + 183/365 = 1.501 → "1.50" */
    f->p.agreed_start_date = ls_test_days_before(548);
    assert_string_equal(run(f), "IDLE_UNSTARTED(1.50>=1.00)");
    assert_int_equal(f->p.status, LS_STATUS_IDLE);
    /* the case: agreed start 2024-12-31 is "≥ 1 year" on 2025-12-31 */
    f->p.agreed_start_date = ls__date_from_ymd(2024, 12, 31);
    assert_string_equal(run(f), "IDLE_UNSTARTED(1.00>=1.00)");
    /* the day after the agreed start date moves the anniversary: 364/365 < 1 */
    f->p.agreed_start_date = ls__date_from_ymd(2025, 1, 1);
    assert_string_equal(run(f), "");
    /* a span with 29 February: 2023-06-30 → 2024-06-30 (366 days) is 1 year; the day
     * before is not */
    f->p.agreed_start_date = ls__date_from_ymd(2023, 6, 30);
    assert_string_equal(run_at(f, 2024, 6, 30), "IDLE_UNSTARTED(1.00>=1.00)");
    assert_string_equal(run_at(f, 2024, 6, 29), "");
    f->p.agreed_start_date = LS_NO_DATE;
    assert_string_equal(run(f), "NO_DATA_IDLE_UNSTARTED");
    /* started true and no date: settled false, nothing added */
    f->p.started = 1;
    assert_string_equal(run(f), "");
}

static void test_classify__idle_unstarted_by_coverage(void **state)
{
    fx *f = *state;
    f->p.started = -1;
    f->p.coverage = 0.02; /* < 0.05 → not started */
    set_far(f, 0.02);
    f->p.agreed_start_date = ls_test_days_before(548);
    assert_string_equal(run(f),
                        "IDLE_UNSTARTED(1.50>=1.00);LE_FAR(0.02<0.70);LE_COVERAGE(0.02<0.30)");
    /* approved but unsupplied is not granted: IDLE_UNSUPPLIED instead */
    f->p.approved_unsupplied = 1;
    assert_string_equal(run(f), "IDLE_UNSUPPLIED;LE_FAR(0.02<0.70);LE_COVERAGE(0.02<0.30)");
}

static void test_classify__idle_stalled(void **state)
{
    fx *f = *state;
    f->p.coverage = 0.08; /* < ⅓ × 0.30 = 0.10 */
    set_far(f, 0.10);
    /* 500 days: 2024-08-18, 1st anniversary 2025-08-18 + 135/365 = 1.369 → "1.36" ≥ 1 (but
     * < 2: not IDLE_HALTED) */
    halt(&f->e[0], 500);
    assert_string_equal(run(f), "IDLE_STALLED(0.08<0.10,1.36>=1.00);LE_FAR(0.10<0.70);"
                                "LE_COVERAGE(0.08<0.30)");
    assert_int_equal(f->p.status, LS_STATUS_IDLE);
    f->p.coverage = 0.10; /* not < ⅓ × 0.30: only the low-efficiency codes remain */
    assert_string_equal(run(f), "LE_FAR(0.10<0.70);LE_COVERAGE(0.10<0.30)");
    assert_int_equal(f->p.status, LS_STATUS_LOW_EFFICIENCY);
}

static void test_classify__idle_vacant(void **state)
{
    fx *f = *state;
    f->p.nent = 0;
    f->p.eval_class = NULL;
    f->p.tax_per_mu = NAN;
    f->p.building_count = 0;
    f->p.footprint_m2 = 0;
    f->p.coverage = 0;
    set_far(f, 0);
    /* IDLE_UNSTARTED: coverage 0 < 0.05 → not started, no agreed date → NO_DATA;
     * IDLE_STALLED/HALTED: no enterprise → not theirs; then the enterprise-based tests have no
     * data, and LE_MORTGAGED_IDLE (idle fired) has no firm to read. */
    assert_string_equal(run(f), "NO_DATA_IDLE_UNSTARTED;IDLE_VACANT;NO_DATA_LE_TAX;"
                                "LE_FAR(0.00<0.70);LE_COVERAGE(0.00<0.30);NO_DATA_LE_CLASS;"
                                "NO_DATA_LE_TAX_ARREARS;NO_DATA_LE_MORTGAGED_IDLE");
    assert_string_equal(f->p.no_data,
                        "IDLE_UNSTARTED;LE_TAX;LE_CLASS;LE_TAX_ARREARS;LE_MORTGAGED_IDLE");
    assert_int_equal(f->p.status, LS_STATUS_IDLE);
    assert_int_equal(f->p.action, LS_ACTION_RECLAIM);
}

static void test_classify__idle_vacant_unknown_without_enterprise_layer(void **state)
{
    fx *f = *state;
    f->has_enterprises = 0;
    f->p.nent = 0;
    f->p.eval_class = NULL;
    f->p.building_count = 0;
    f->p.footprint_m2 = 0;
    f->rules->unstarted_years = NAN; /* keep the expectation short */
    f->rules->coverage_min = NAN;
    f->rules->far_min = NAN;
    /* tax 10 given on the parcel; halted and vacancy unknown without the enterprises layer */
    assert_string_equal(run(f), "NO_DATA_IDLE_HALTED;NO_DATA_IDLE_VACANT;NO_DATA_LE_CLASS;"
                                "NO_DATA_LE_TAX_ARREARS");
}

static void test_classify__idle_unsupplied(void **state)
{
    fx *f = *state;
    f->p.approved_unsupplied = 1;
    assert_string_equal(run(f), "IDLE_UNSUPPLIED");
    assert_int_equal(f->p.status, LS_STATUS_IDLE);
    f->p.approved_unsupplied = -1;
    assert_string_equal(run(f), "NO_DATA_IDLE_UNSUPPLIED");
    f->rules->idle_unsupplied = 0;
    assert_string_equal(run(f), "");
}

static void test_classify__mortgaged_idle(void **state)
{
    fx *f = *state;
    f->p.approved_unsupplied = 1;
    f->e[0].mortgaged = 1;
    assert_string_equal(run(f), "IDLE_UNSUPPLIED;LE_MORTGAGED_IDLE");
    f->e[0].mortgaged = -1;
    assert_string_equal(run(f), "IDLE_UNSUPPLIED;NO_DATA_LE_MORTGAGED_IDLE");
    /* not idle: the mortgage cannot matter, nothing added */
    f->p.approved_unsupplied = 0;
    assert_string_equal(run(f), "");
}

/* ---- relocatable and precedence ---- */

static void test_classify__rel_outside(void **state)
{
    fx *f = *state;
    f->p.control_share = 0.2;
    assert_string_equal(run(f), "REL_OUTSIDE(0.20<0.50)");
    assert_int_equal(f->p.status, LS_STATUS_RELOCATABLE);
    assert_int_equal(f->p.action, LS_ACTION_RELOCATE);
    assert_float_equal(f->p.reclaimable_mu, 10.0, 1e-12);
    assert_float_equal(f->p.far_uplift_m2, 0.0, 0);
    f->p.control_share = 0.5; /* equal: inside */
    assert_string_equal(run(f), "");
    f->p.control_share = NAN;
    assert_string_equal(run(f), "NO_DATA_REL_OUTSIDE");
}

static void test_classify__rel_outside_needs_control_lines(void **state)
{
    fx *f = *state;
    f->has_control = 0;
    f->p.control_share = 0.0;
    assert_string_equal(run(f), "");
    assert_int_equal(f->p.status, LS_STATUS_EFFICIENT);
}

static void test_classify__precedence_idle_over_outside(void **state)
{
    fx *f = *state;
    halt(&f->e[0], 1132);
    f->p.control_share = 0.2;
    assert_string_equal(run(f), "IDLE_HALTED(3.09>=2.00);REL_OUTSIDE(0.20<0.50)");
    assert_int_equal(f->p.status, LS_STATUS_IDLE);
    assert_int_equal(f->p.action, LS_ACTION_RECLAIM);
}

static void test_classify__precedence_outside_over_low(void **state)
{
    fx *f = *state;
    f->p.control_share = 0.2;
    f->p.tax_per_mu = 3.2;
    assert_string_equal(run(f), "REL_OUTSIDE(0.20<0.50);LE_TAX(3.20<=5.00)");
    assert_int_equal(f->p.status, LS_STATUS_RELOCATABLE);
    assert_int_equal(f->p.action, LS_ACTION_RELOCATE);
    assert_float_equal(f->p.reclaimable_mu, 10.0, 1e-12);
}

static void test_classify__retain_ab50(void **state)
{
    fx *f = *state;
    set_area(f, 62.0);
    ls_test_set(&f->e[0].class_final, "A");
    f->p.eval_class = f->e[0].class_final;
    f->p.control_share = 0.2;
    f->p.tax_per_mu = 3.2;
    assert_string_equal(
        run(f), "REL_OUTSIDE(0.20<0.50);REL_RETAIN_AB50(A,62.00>=50.00);LE_TAX(3.20<=5.00)");
    /* status by the other tests (low efficiency), action transitional_retain, 0 and 0 */
    assert_int_equal(f->p.status, LS_STATUS_LOW_EFFICIENCY);
    assert_int_equal(f->p.action, LS_ACTION_TRANSITIONAL_RETAIN);
    assert_float_equal(f->p.reclaimable_mu, 0.0, 0);
    assert_float_equal(f->p.far_uplift_m2, 0.0, 0);
    /* without LE_TAX: efficient, still transitional_retain */
    f->p.tax_per_mu = 10;
    assert_string_equal(run(f), "REL_OUTSIDE(0.20<0.50);REL_RETAIN_AB50(A,62.00>=50.00)");
    assert_int_equal(f->p.status, LS_STATUS_EFFICIENT);
    assert_int_equal(f->p.action, LS_ACTION_TRANSITIONAL_RETAIN);
}

static void test_classify__retain_ab50_boundaries(void **state)
{
    fx *f = *state;
    f->p.control_share = 0.2;
    set_area(f, 50.0); /* ≥ fires at equality, class B */
    assert_string_equal(run(f), "REL_OUTSIDE(0.20<0.50);REL_RETAIN_AB50(B,50.00>=50.00)");
    assert_int_equal(f->p.action, LS_ACTION_TRANSITIONAL_RETAIN);
    set_area(f, 49.99);
    assert_string_equal(run(f), "REL_OUTSIDE(0.20<0.50)");
    assert_int_equal(f->p.status, LS_STATUS_RELOCATABLE);
    set_area(f, 62.0);
    ls_test_set(&f->e[0].class_final, "C");
    f->p.eval_class = f->e[0].class_final;
    assert_string_equal(run(f), "REL_OUTSIDE(0.20<0.50)");
    assert_int_equal(f->p.action, LS_ACTION_RELOCATE);
    /* owner without data: the exception could apply → NO_DATA */
    ls_test_set(&f->e[0].class_final, NULL);
    ls_test_set(&f->e[0].eval_note, "EVAL_NO_DATA");
    f->p.eval_class = NULL;
    assert_string_equal(run(f), "REL_OUTSIDE(0.20<0.50);NO_DATA_REL_RETAIN_AB50;NO_DATA_LE_CLASS");
    assert_int_equal(f->p.status, LS_STATUS_RELOCATABLE);
}

/* Issue 12 point 3 (domain.md §4, §6): no exception overrides idle. A class A firm on 62 mu
 * outside the lines, halted 3 years: idle → reclaim the whole 62 mu, not retained. */
static void test_classify__retain_never_overrides_idle(void **state)
{
    fx *f = *state;
    set_area(f, 62.0);
    ls_test_set(&f->e[0].class_final, "A");
    f->p.eval_class = f->e[0].class_final;
    f->p.control_share = 0.2;
    halt(&f->e[0], 1132); /* 3.09 y, see test_classify__idle_halted */
    assert_string_equal(run(f), "IDLE_HALTED(3.09>=2.00);REL_OUTSIDE(0.20<0.50)");
    assert_int_equal(f->p.status, LS_STATUS_IDLE);
    assert_int_equal(f->p.action, LS_ACTION_RECLAIM);
    assert_float_equal(f->p.reclaimable_mu, 62.0, 1e-12); /* idle: all of it */
    /* the same parcel producing: the exception applies */
    ls_test_set(&f->e[0].status, "producing");
    f->e[0].halted_since = LS_NO_DATE;
    assert_string_equal(run(f), "REL_OUTSIDE(0.20<0.50);REL_RETAIN_AB50(A,62.00>=50.00)");
    assert_int_equal(f->p.action, LS_ACTION_TRANSITIONAL_RETAIN);
    assert_float_equal(f->p.reclaimable_mu, 0.0, 0);
}

/* Issue 12 point 4 (domain.md §4): REL_RETAIN_AB50 tests the enterprise's land, all its
 * parcels (enterprises.land_mu), not the one parcel: a class A firm on two 30 mu parcels
 * (60 mu ≥ 50) outside the lines is retained on each. */
static void test_classify__retain_ab50_counts_the_enterprises_land(void **state)
{
    fx *f = *state;
    set_area(f, 30.0);
    ls_test_set(&f->e[0].class_final, "A");
    f->p.eval_class = f->e[0].class_final;
    f->p.control_share = 0.2;
    f->e[0].land_mu = 60.0; /* 30 + 30 mu */
    assert_string_equal(run(f), "REL_OUTSIDE(0.20<0.50);REL_RETAIN_AB50(A,60.00>=50.00)");
    assert_int_equal(f->p.action, LS_ACTION_TRANSITIONAL_RETAIN);
    f->e[0].land_mu = 50.0; /* 以上 includes 50 */
    assert_string_equal(run(f), "REL_OUTSIDE(0.20<0.50);REL_RETAIN_AB50(A,50.00>=50.00)");
    f->e[0].land_mu = 49.99; /* just below: relocate */
    assert_string_equal(run(f), "REL_OUTSIDE(0.20<0.50)");
    assert_int_equal(f->p.action, LS_ACTION_RELOCATE);
    assert_float_equal(f->p.reclaimable_mu, 30.0, 1e-12);
}

/* LE_TAX_ARREARS given as a date (enterprises.land_tax_arrears_since): "欠土地使用税两年以上"
 * from the 2nd anniversary on. */
static void test_classify__le_tax_arrears_since_date(void **state)
{
    fx *f = *state;
    f->e[0].land_tax_arrears_years = NAN;
    f->e[0].land_tax_arrears_since = ls__date_from_ymd(2023, 12, 31); /* span has 2024-02-29 */
    assert_string_equal(run(f), "LE_TAX_ARREARS(2.00>=2.00)");
    f->e[0].land_tax_arrears_since = ls__date_from_ymd(2024, 1, 1); /* 1 + 364/365 */
    assert_string_equal(run(f), "");
    /* no 29 February in the span: 2024-06-30 → 2026-06-30, and the day before */
    f->e[0].land_tax_arrears_since = ls__date_from_ymd(2024, 6, 30);
    assert_string_equal(run_at(f, 2026, 6, 30), "LE_TAX_ARREARS(2.00>=2.00)");
    assert_string_equal(run_at(f, 2026, 6, 29), "");
    /* from 29 February: 2nd anniversary 2026-02-28 */
    f->e[0].land_tax_arrears_since = ls__date_from_ymd(2024, 2, 29);
    assert_string_equal(run_at(f, 2026, 2, 28), "LE_TAX_ARREARS(2.00>=2.00)");
    assert_string_equal(run_at(f, 2026, 2, 27), "");
}

static void test_classify__names(void **state)
{
    (void)state;
    assert_string_equal(ls__status_name(LS_STATUS_IDLE), "idle");
    assert_string_equal(ls__status_name(LS_STATUS_RELOCATABLE), "relocatable");
    assert_string_equal(ls__status_name(LS_STATUS_LOW_EFFICIENCY), "low_efficiency");
    assert_string_equal(ls__status_name(LS_STATUS_EFFICIENT), "efficient");
    assert_string_equal(ls__status_name(LS_STATUS_NON_INDUSTRIAL), "non_industrial");
    assert_string_equal(ls__action_name(LS_ACTION_RECLAIM), "reclaim");
    assert_string_equal(ls__action_name(LS_ACTION_RELOCATE), "relocate");
    assert_string_equal(ls__action_name(LS_ACTION_UPGRADE), "upgrade");
    assert_string_equal(ls__action_name(LS_ACTION_TRANSITIONAL_RETAIN), "transitional_retain");
    assert_string_equal(ls__action_name(LS_ACTION_RETAIN), "retain");
    assert_string_equal(ls__action_name(LS_ACTION_NONE), "none");
}

/* ---- ls__classify on a dataset ---- */

static void dataset_case(ls__dataset *ds, ls_rules *rules)
{
    ls_test_dataset_init(ds, 3, 3);
    for (size_t i = 0; i < 3; i++) {
        ls_test_parcel_add_ent(&ds->parcels[i], i);
        ls_test_set(&ds->enterprises[i].class_final, "B");
        ds->parcels[i].eval_class = ds->enterprises[i].class_final;
        ds->parcels[i].far = 0.9;
    }
    ls_test_set(&ds->parcels[0].industry_code, "C3911"); /* 2017: 1.0; 2002: 0.7 */
    ls_test_set(&ds->parcels[1].industry_code, "D4411"); /* no floor → far_min */
    ds->parcels[2].tax_per_mu = NAN;                     /* NO_DATA_LE_TAX */
    ls_test_set(&rules->far_table, "national-2008");
    /* the inputs are given (tax mapped), so missing tax is a per-parcel data_quality row */
    ds->layers[LS_INPUT_ENTERPRISES].present = 1;
    ds->layers[LS_INPUT_BUILDINGS].present = 1;
    ds->enterprise_fields |= LS_EF_TAX;
}

static void test_classify__dataset_far_floor_2017(void **state)
{
    fx *f = *state;
    ls__dataset ds;
    dataset_case(&ds, f->rules);
    assert_int_equal(ls_context_set_preset_dir(f->ctx, getenv("LANDSCAN_PRESET_DIR")
                                                           ? getenv("LANDSCAN_PRESET_DIR")
                                                           : LS_TEST_PRESET_DIR),
                     LS_OK);
    assert_int_equal(ls__classify(f->ctx, &ds, f->rules, LS_TEST_REF_DAYS, 1), LS_OK);
    assert_float_equal(ds.parcels[0].far_floor, 1.0, 1e-12);
    assert_string_equal(ds.parcels[0].reasons, "LE_FAR(0.90<1.00)");
    assert_true(isnan(ds.parcels[1].far_floor));
    assert_string_equal(ds.parcels[1].reasons, ""); /* 0.90 ≥ far_min 0.70 */
    assert_true(isnan(ds.parcels[2].far_floor));    /* no industry code */
    assert_string_equal(ds.parcels[2].reasons, "NO_DATA_LE_TAX");
    /* one data_quality row, for P3 */
    assert_int_equal(ds.dq.n, 1);
    assert_string_equal(ds.dq.rows[0].layer, "parcels");
    assert_string_equal(ds.dq.rows[0].feature, "P3");
    assert_string_equal(ds.dq.rows[0].problem, "missing data for tests: LE_TAX");
    assert_string_equal(ds.dq.rows[0].action, "tests not evaluated");
    ls__dataset_free(&ds);
}

static void test_classify__dataset_far_floor_2002(void **state)
{
    fx *f = *state;
    ls__dataset ds;
    dataset_case(&ds, f->rules);
    ls_test_set(&f->rules->industry_code_standard, "gbt4754-2002");
    assert_int_equal(ls_context_set_preset_dir(f->ctx, getenv("LANDSCAN_PRESET_DIR")
                                                           ? getenv("LANDSCAN_PRESET_DIR")
                                                           : LS_TEST_PRESET_DIR),
                     LS_OK);
    assert_int_equal(ls__classify(f->ctx, &ds, f->rules, LS_TEST_REF_DAYS, 1), LS_OK);
    /* 2002 division 39 = 电气机械: floor 0.7, far 0.9 passes */
    assert_float_equal(ds.parcels[0].far_floor, 0.7, 1e-12);
    assert_string_equal(ds.parcels[0].reasons, "");
    ls__dataset_free(&ds);
}

static void test_classify__dataset_missing_far_table(void **state)
{
    fx *f = *state;
    ls__dataset ds;
    dataset_case(&ds, f->rules);
    ls_test_set(&f->rules->far_table, "no-such-table");
    assert_int_equal(ls_context_set_preset_dir(f->ctx, LS_TEST_PRESET_DIR), LS_OK);
    assert_int_equal(ls__classify(f->ctx, &ds, f->rules, LS_TEST_REF_DAYS, 1), LS_ENOTFOUND);
    assert_non_null(strstr(ls_context_error(f->ctx), "no-such-table"));
    ls__dataset_free(&ds);
}

#define T(name) cmocka_unit_test_setup_teardown(name, fx_setup, fx_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_classify__baseline_efficient),
        T(test_classify__non_industrial),
        T(test_classify__le_tax_below),
        T(test_classify__le_tax_equal_fires),
        T(test_classify__le_tax_just_below_and_above),
        T(test_classify__le_tax_missing_no_data),
        T(test_classify__switched_off_adds_nothing),
        T(test_classify__le_va),
        T(test_classify__le_energy),
        T(test_classify__le_far_industry_floor),
        T(test_classify__le_far_equal_floor_does_not_fire),
        T(test_classify__le_far_falls_back_to_far_min),
        T(test_classify__far_target_raises_uplift),
        T(test_classify__far_target_only_for_new_land),
        T(test_classify__le_coverage),
        T(test_classify__no_buildings_layer_no_data),
        T(test_classify__le_class_d),
        T(test_classify__le_class_exempt_and_missing),
        T(test_classify__le_tax_arrears),
        T(test_classify__idle_halted),
        T(test_classify__idle_halted_boundaries),
        T(test_classify__idle_halted_needs_every_firm),
        T(test_classify__idle_unstarted),
        T(test_classify__idle_unstarted_by_coverage),
        T(test_classify__idle_stalled),
        T(test_classify__idle_vacant),
        T(test_classify__idle_vacant_unknown_without_enterprise_layer),
        T(test_classify__idle_unsupplied),
        T(test_classify__mortgaged_idle),
        T(test_classify__rel_outside),
        T(test_classify__rel_outside_needs_control_lines),
        T(test_classify__precedence_idle_over_outside),
        T(test_classify__precedence_outside_over_low),
        T(test_classify__retain_ab50),
        T(test_classify__retain_ab50_boundaries),
        T(test_classify__retain_never_overrides_idle),
        T(test_classify__retain_ab50_counts_the_enterprises_land),
        T(test_classify__le_tax_arrears_since_date),
        T(test_classify__names),
        T(test_classify__dataset_far_floor_2017),
        T(test_classify__dataset_far_floor_2002),
        T(test_classify__dataset_missing_far_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
