/*
 * test_classify_zones_floors.c — the classification of parcels in transition zones
 * (REL_RETAIN_TRANSITION, domain.md §1 and §4) and of parcels whose floor area is unknown
 * (a building with neither floors nor floor area: LE_FAR on the one-storey lower bound, NULL
 * uplift, domain.md §1), one parcel through ls__classify_parcel.
 *
 * Baseline as in test_classify.c: a 10 mu industrial parcel inside the lines, far 1.50,
 * coverage 0.50, tax_per_mu 10, owner E1 with class B — efficient / retain with reasons "".
 * Test rules (policy_fixtures.h): inside_share_min 0.5, far_min 0.7, tax_per_mu_min 5,
 * transition_retain_classes [A, B].
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
    ls__enterprise e[1];
} fx;

static int fx_setup(void **state)
{
    fx *f = calloc(1, sizeof(*f));
    assert_non_null(f);
    assert_int_equal(ls_context_new(&f->ctx), LS_OK);
    f->rules = ls_test_rules_new();
    ls_test_parcel_init(&f->p, "P1", 10.0);
    ls_test_enterprise_init(&f->e[0], "E1");
    ls_test_set(&f->e[0].class_final, "B");
    ls_test_set(&f->e[0].eval_note, "EVAL_SCORED");
    ls_test_parcel_add_ent(&f->p, 0);
    f->p.eval_class = f->e[0].class_final;
    *state = f;
    return 0;
}

static int fx_teardown(void **state)
{
    fx *f = *state;
    ls_test_parcel_clear(&f->p);
    ls_test_enterprise_clear(&f->e[0]);
    ls_test_rules_free(f->rules);
    ls_context_free(f->ctx);
    free(f);
    return 0;
}

static const char *run(fx *f)
{
    assert_int_equal(
        ls__classify_parcel(f->ctx, &f->p, f->e, f->rules, LS_TEST_REF_DAYS, 1, 1, 1, -1, -1),
        LS_OK);
    assert_non_null(f->p.reasons);
    return f->p.reasons;
}

static void set_class(fx *f, const char *c)
{
    ls_test_set(&f->e[0].class_final, c);
    f->p.eval_class = f->e[0].class_final;
}

/* 10 % inside tiers 1/2, share in transition zones as given. */
static void in_transition(fx *f, double share)
{
    f->p.control_share = 0.1;
    f->p.inside_control_m2 = 0.1 * f->p.area_m2;
    f->p.transition_share = share;
    f->p.transition_m2 = share * f->p.area_m2;
}

/* A class B firm on a parcel 60 % in a transition zone (≥ 0.5): REL_OUTSIDE fires (the zone is
 * not inside the lines) and REL_RETAIN_TRANSITION keeps it: status by the other tests
 * (efficient), action transitional_retain, reclaimable 0. */
static void test_classify_zones__transition_retains_class_b(void **state)
{
    fx *f = *state;
    in_transition(f, 0.6);
    assert_string_equal(run(f), "REL_OUTSIDE(0.10<0.50);REL_RETAIN_TRANSITION(B,0.60>=0.50)");
    assert_int_equal(f->p.status, LS_STATUS_EFFICIENT);
    assert_int_equal(f->p.action, LS_ACTION_TRANSITIONAL_RETAIN);
    assert_float_equal(f->p.reclaimable_mu, 0.0, 0);
}

/* Exactly half in the zone counts (≥); just below does not: relocate, 10 mu reclaimable. */
static void test_classify_zones__transition_share_boundary(void **state)
{
    fx *f = *state;
    in_transition(f, 0.5);
    assert_string_equal(run(f), "REL_OUTSIDE(0.10<0.50);REL_RETAIN_TRANSITION(B,0.50>=0.50)");
    assert_int_equal(f->p.action, LS_ACTION_TRANSITIONAL_RETAIN);
    in_transition(f, 0.499);
    assert_string_equal(run(f), "REL_OUTSIDE(0.10<0.50)");
    assert_int_equal(f->p.status, LS_STATUS_RELOCATABLE);
    assert_int_equal(f->p.action, LS_ACTION_RELOCATE);
    assert_float_equal(f->p.reclaimable_mu, 10.0, 1e-12);
}

/* Class C in the zone: relocatable (other parcels there are REL_OUTSIDE → relocate); with the
 * switch off (null) even class A relocates. */
static void test_classify_zones__transition_other_classes_relocate(void **state)
{
    fx *f = *state;
    in_transition(f, 0.9);
    set_class(f, "C");
    assert_string_equal(run(f), "REL_OUTSIDE(0.10<0.50)");
    assert_int_equal(f->p.action, LS_ACTION_RELOCATE);
    set_class(f, "A");
    for (size_t i = 0; i < f->rules->ntransition_retain_classes; i++)
        free(f->rules->transition_retain_classes[i]);
    f->rules->ntransition_retain_classes = 0;
    assert_string_equal(run(f), "REL_OUTSIDE(0.10<0.50)");
    assert_int_equal(f->p.action, LS_ACTION_RELOCATE);
}

/* An idle parcel in a transition zone owned by class A is reclaimed, never retained
 * (domain.md §4: neither exception overrides idle). */
static void test_classify_zones__transition_never_overrides_idle(void **state)
{
    fx *f = *state;
    in_transition(f, 0.9);
    set_class(f, "A");
    ls_test_set(&f->e[0].status, "halted");
    f->e[0].halted_since = ls_test_days_before(3 * 366);
    run(f);
    assert_int_equal(f->p.status, LS_STATUS_IDLE);
    assert_int_equal(f->p.action, LS_ACTION_RECLAIM);
    assert_float_equal(f->p.reclaimable_mu, 10.0, 1e-12);
}

/* Unknown floor area, lower bound 0.80 ≥ far_min 0.70: LE_FAR cannot fire (no NO_DATA);
 * uplift NULL (unknown). */
static void test_classify_zones__unknown_floors_lower_bound_meets(void **state)
{
    fx *f = *state;
    f->p.floor_area_m2 = NAN;
    f->p.far = NAN;
    f->p.far_lower = 0.8;
    f->p.floor_lower_m2 = 0.8 * f->p.area_m2;
    assert_string_equal(run(f), "");
    assert_int_equal(f->p.status, LS_STATUS_EFFICIENT);
    assert_int_equal(f->p.action, LS_ACTION_RETAIN);
    assert_true(isnan(f->p.far_uplift_m2));
}

/* Lower bound 0.50 < 0.70: unknown → NO_DATA_LE_FAR, never LE_FAR on a guess; with LE_TAX
 * (3.00 ≤ 5) the parcel is low efficiency and what upgrading frees is unknown (NULL). */
static void test_classify_zones__unknown_floors_no_data(void **state)
{
    fx *f = *state;
    f->p.floor_area_m2 = NAN;
    f->p.far = NAN;
    f->p.far_lower = 0.5;
    f->p.floor_lower_m2 = 0.5 * f->p.area_m2;
    assert_string_equal(run(f), "NO_DATA_LE_FAR");
    assert_int_equal(f->p.status, LS_STATUS_EFFICIENT);
    f->p.tax_per_mu = 3.0;
    const char *r = run(f);
    assert_non_null(strstr(r, "NO_DATA_LE_FAR"));
    assert_non_null(strstr(r, "LE_TAX(3.00"));
    assert_int_equal(f->p.status, LS_STATUS_LOW_EFFICIENCY);
    assert_int_equal(f->p.action, LS_ACTION_UPGRADE);
    assert_true(isnan(f->p.reclaimable_mu));
    assert_true(isnan(f->p.far_uplift_m2));
}

#define T(name) cmocka_unit_test_setup_teardown(name, fx_setup, fx_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_classify_zones__transition_retains_class_b),
        T(test_classify_zones__transition_share_boundary),
        T(test_classify_zones__transition_other_classes_relocate),
        T(test_classify_zones__transition_never_overrides_idle),
        T(test_classify_zones__unknown_floors_lower_bound_meets),
        T(test_classify_zones__unknown_floors_no_data),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
