/*
 * test_flags.c — compliance flags (flags.c, domain.md §10) and building uses (building_use.c),
 * on parcels built in C with hand-chosen numbers:
 *   - CHK_ADMIN at exactly the cap (不得超过: equal is allowed) and just above; the raised caps
 *     of zhejiang-ningbo (15 % / 30 %) inside the lines and for an A/B owner of ≥ 50 mu, the
 *     standard cap otherwise; footprint of unknown use that could reach the cap → no_data;
 *   - CHK_CONTRACT_* the day before and on the review anniversary (29 February → 28
 *     February), energy per VA missed only above the commitment, no finish date → no_data;
 *   - flags never touch status, action or reasons.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "building_use.h"
#include "flags.h"
#include "policy_fixtures.h"

typedef struct fx {
    ls_context *ctx;
    ls_rules *rules;
    ls__parcel p;
} fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof(*f));
    assert_int_equal(ls_context_new(&f->ctx), LS_OK);
    f->rules = ls_test_rules_new();
    f->rules->admin_land_share_max = 0.07;
    f->rules->admin_floor_share_max = NAN;
    f->rules->admin_land_share_max_raised = NAN;
    f->rules->admin_floor_share_max_raised = NAN;
    f->rules->contract_review_years = 3;
    ls_test_parcel_init(&f->p, "P1", 15.0); /* 10000 m2, floor area 15000 m2 */
    f->p.industrial = 1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    free(f->p.flags);
    free(f->p.checks);
    ls_test_parcel_clear(&f->p);
    ls_test_rules_free(f->rules);
    ls_context_free(f->ctx);
    free(f);
    return 0;
}

/* Evaluate the flags of f->p (control lines given, buildings carry `use`). */
static const char *flags_of(fx *f, int has_use)
{
    free(f->p.checks);
    f->p.checks = NULL;
    assert_int_equal(ls__flags_parcel(f->ctx, &f->p, NULL, f->rules, LS_TEST_REF_DAYS, 1, has_use),
                     LS_OK);
    return f->p.flags;
}

/* The outcome (5th field) of the check-list row of code. */
static void assert_outcome(const fx *f, const char *code, const char *outcome)
{
    size_t n = strlen(code);
    for (const char *line = f->p.checks; line && *line;) {
        if (strncmp(line, code, n) == 0 && line[n] == '\t') {
            const char *s = line;
            for (int k = 0; k < 4; k++)
                s = strchr(s, '\t') + 1;
            size_t len = strcspn(s, "\t");
            if (strlen(outcome) != len || strncmp(s, outcome, len) != 0)
                fail_msg("%s: outcome %.*s, expected %s", code, (int)len, s, outcome);
            return;
        }
        line = strchr(line, '\n');
        line = line ? line + 1 : NULL;
    }
    fail_msg("%s: no check-list row", code);
}

static void test_flags__admin_at_cap_and_above(void **state)
{
    fx *f = *state;
    f->p.admin_footprint_m2 = 700.0; /* 700 / 10000 = 0.07 = the cap */
    assert_string_equal(flags_of(f, 1), "");
    assert_outcome(f, "CHK_ADMIN", "not_fired");
    f->p.admin_footprint_m2 = 710.0;
    assert_string_equal(flags_of(f, 1), "CHK_ADMIN(land:0.071>0.070)");
    assert_outcome(f, "CHK_ADMIN", "fired");
    /* flags never change the classification */
    assert_int_equal(f->p.status, LS_STATUS_IDLE); /* as initialised (0), untouched */
    assert_null(f->p.reasons);
}

static void test_flags__raised_caps(void **state)
{
    fx *f = *state;
    f->rules->admin_land_share_max_raised = 0.15;
    f->rules->admin_floor_share_max_raised = 0.30;
    f->rules->retain_ab_min_mu = 50;
    /* inside the lines (control_share 1 ≥ 0.5): 15 % / 30 % */
    f->p.admin_footprint_m2 = 1500.0; /* 0.15: at the raised cap */
    f->p.admin_floor_m2 = 4500.0;     /* 4500 / 15000 = 0.30: at the cap */
    assert_string_equal(flags_of(f, 1), "");
    f->p.admin_floor_m2 = 4650.0; /* 0.31 */
    assert_string_equal(flags_of(f, 1), "CHK_ADMIN(floor:0.310>0.300)");
    /* outside the lines, owner class C: the standard 7 %, no floor-area cap */
    f->p.control_share = 0.2;
    f->p.eval_class = NULL;
    assert_string_equal(flags_of(f, 1), "CHK_ADMIN(land:0.150>0.070)");
    /* outside, A/B owner of this parcel's 15 mu < 50: standard */
    f->p.eval_class = "A";
    assert_string_equal(flags_of(f, 1), "CHK_ADMIN(land:0.150>0.070)");
    /* an A/B owner of ≥ 50 mu outside the lines: raised again */
    f->p.area_mu = 60.0;
    assert_string_equal(flags_of(f, 1), "CHK_ADMIN(floor:0.310>0.300)");
    f->p.eval_class = NULL;
}

static void test_flags__unknown_use(void **state)
{
    fx *f = *state;
    f->p.admin_footprint_m2 = 600.0;
    f->p.use_unknown_m2 = 200.0; /* 0.06 known, up to 0.08 with the unknown: could fire */
    assert_string_equal(flags_of(f, 1), "");
    assert_outcome(f, "CHK_ADMIN", "no_data");
    f->p.use_unknown_m2 = 100.0; /* at most 0.07: settled */
    flags_of(f, 1);
    assert_outcome(f, "CHK_ADMIN", "not_fired");
    flags_of(f, 0); /* no `use` on the buildings at all */
    assert_outcome(f, "CHK_ADMIN", "no_data");
    f->rules->admin_land_share_max = NAN;
    flags_of(f, 1);
    assert_outcome(f, "CHK_ADMIN", "off");
}

static void test_flags__contract_anniversary(void **state)
{
    fx *f = *state;
    f->p.committed[LS_COMMIT_TAX_PER_MU] = 12.0;               /* tax_per_mu is 10 */
    f->p.agreed_finish_date = ls__date_from_ymd(2022, 12, 31); /* 3 y → 2025-12-31 = ref */
    assert_string_equal(flags_of(f, 1), "CHK_CONTRACT_TAX_PER_MU(10.00<12.00)");
    assert_outcome(f, "CHK_CONTRACT_TAX_PER_MU", "fired");
    f->p.agreed_finish_date = ls__date_from_ymd(2023, 1, 1); /* due 2026-01-01: the day after */
    assert_string_equal(flags_of(f, 1), "");
    assert_outcome(f, "CHK_CONTRACT_TAX_PER_MU", "not_applicable");
    assert_non_null(strstr(f->p.checks, "not due: reviewed from 2026-01-01"));
    f->p.agreed_finish_date = LS_NO_DATE;
    flags_of(f, 1);
    assert_outcome(f, "CHK_CONTRACT_TAX_PER_MU", "no_data");
    /* a commitment met exactly is met (承诺不低于) */
    f->p.agreed_finish_date = ls__date_from_ymd(2020, 1, 1);
    f->p.committed[LS_COMMIT_TAX_PER_MU] = 10.0;
    assert_string_equal(flags_of(f, 1), "");
    assert_outcome(f, "CHK_CONTRACT_VA_PER_MU", "not_applicable"); /* no commitment */
    f->rules->contract_review_years = NAN;
    flags_of(f, 1);
    assert_outcome(f, "CHK_CONTRACT_TAX_PER_MU", "off");
}

static void test_flags__contract_29_february(void **state)
{
    fx *f = *state;
    f->p.committed[LS_COMMIT_FAR] = 2.0; /* far is 1.50 */
    f->p.agreed_finish_date = ls__date_from_ymd(2020, 2, 29);
    /* 3 years after 29 Feb 2020 is 28 Feb 2023: ask on the day before and on it */
    int before = ls__date_from_ymd(2023, 2, 27), on = ls__date_from_ymd(2023, 2, 28);
    free(f->p.checks);
    f->p.checks = NULL;
    assert_int_equal(ls__flags_parcel(f->ctx, &f->p, NULL, f->rules, before, 1, 1), LS_OK);
    assert_string_equal(f->p.flags, "");
    free(f->p.checks);
    f->p.checks = NULL;
    assert_int_equal(ls__flags_parcel(f->ctx, &f->p, NULL, f->rules, on, 1, 1), LS_OK);
    assert_string_equal(f->p.flags, "CHK_CONTRACT_FAR(1.50<2.00)");
}

static void test_flags__energy_and_investment(void **state)
{
    fx *f = *state;
    f->p.agreed_finish_date = ls__date_from_ymd(2020, 1, 1);
    f->p.energy_per_va = 0.5;
    f->p.committed[LS_COMMIT_ENERGY_PER_VA] = 0.5; /* equal: met */
    assert_string_equal(flags_of(f, 1), "");
    f->p.energy_per_va = 0.6;
    assert_string_equal(flags_of(f, 1), "CHK_CONTRACT_ENERGY_PER_VA(0.60>0.50)");
    /* investment per mu = investment_10k / area_mu = 4500 / 15 = 300 < 350 */
    f->p.committed[LS_COMMIT_ENERGY_PER_VA] = NAN;
    f->p.committed[LS_COMMIT_INVESTMENT_PER_MU] = 350.0;
    flags_of(f, 1);
    assert_outcome(f, "CHK_CONTRACT_INVESTMENT_PER_MU", "no_data"); /* no investment figure */
    f->p.investment_10k = 4500.0;
    assert_string_equal(flags_of(f, 1), "CHK_CONTRACT_INVESTMENT_PER_MU(300.00<350.00)");
    /* two flags keep codes.h's order */
    f->p.admin_footprint_m2 = 800.0;
    assert_string_equal(
        flags_of(f, 1),
        "CHK_ADMIN(land:0.080>0.070);CHK_CONTRACT_INVESTMENT_PER_MU(300.00<350.00)");
}

static void test_flags__non_industrial(void **state)
{
    fx *f = *state;
    f->p.industrial = 0;
    f->p.admin_footprint_m2 = 5000.0;
    assert_string_equal(flags_of(f, 1), "");
    assert_outcome(f, "CHK_ADMIN", "not_applicable");
    assert_outcome(f, "CHK_CONTRACT_ENERGY_PER_VA", "not_applicable");
}

static void test_flags__building_uses(void **state)
{
    (void)state;
    assert_int_equal(ls__use_classify("办公"), LS_USE_ADMIN);
    assert_int_equal(ls__use_classify("综合楼"), LS_USE_ADMIN);
    assert_int_equal(ls__use_classify("宿舍"), LS_USE_LIVING);
    assert_int_equal(ls__use_classify("食堂"), LS_USE_LIVING);
    assert_int_equal(ls__use_classify("Office"), LS_USE_ADMIN);
    assert_int_equal(ls__use_classify("living"), LS_USE_LIVING);
    assert_int_equal(ls__use_classify("厂房"), LS_USE_PRODUCTION);
    assert_int_equal(ls__use_classify("仓库"), LS_USE_STORAGE);
    assert_int_equal(ls__use_classify("门卫"), LS_USE_OTHER);
    assert_int_equal(ls__use_classify("配套用房"), LS_USE_UNKNOWN);
    assert_int_equal(ls__use_classify(""), LS_USE_NONE);
    assert_int_equal(ls__use_classify(NULL), LS_USE_NONE);
    assert_true(ls__use_counts_as_admin(LS_USE_ADMIN) && ls__use_counts_as_admin(LS_USE_LIVING));
    assert_false(ls__use_counts_as_admin(LS_USE_UNKNOWN));
    assert_string_equal(ls__use_name(LS_USE_STORAGE), "storage");

    /* one data_quality row per unknown value, in byte order, with its count */
    ls__dataset ds;
    memset(&ds, 0, sizeof(ds));
    ls__building b[4];
    memset(b, 0, sizeof(b));
    char v0[] = "车棚", v1[] = "配套用房", v2[] = "办公", v3[] = "配套用房";
    b[0].use = v0;
    b[1].use = v1;
    b[2].use = v2;
    b[3].use = v3;
    ds.buildings = b;
    ds.nbuildings = 4;
    ls_context *ctx = NULL;
    assert_int_equal(ls_context_new(&ctx), LS_OK);
    assert_int_equal(ls__use_classify_buildings(ctx, &ds), LS_OK);
    assert_int_equal(ds.dq.n, 2);
    assert_string_equal(ds.dq.rows[0].problem, "unknown building use '车棚' (1 building)");
    assert_string_equal(ds.dq.rows[1].problem, "unknown building use '配套用房' (2 buildings)");
    assert_int_equal(b[2].use_class, LS_USE_ADMIN);
    for (size_t i = 0; i < ds.dq.n; i++) {
        free(ds.dq.rows[i].layer);
        free(ds.dq.rows[i].feature);
        free(ds.dq.rows[i].problem);
        free(ds.dq.rows[i].action);
    }
    free(ds.dq.rows);
    ls_context_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_flags__admin_at_cap_and_above, setup, teardown),
        cmocka_unit_test_setup_teardown(test_flags__raised_caps, setup, teardown),
        cmocka_unit_test_setup_teardown(test_flags__unknown_use, setup, teardown),
        cmocka_unit_test_setup_teardown(test_flags__contract_anniversary, setup, teardown),
        cmocka_unit_test_setup_teardown(test_flags__contract_29_february, setup, teardown),
        cmocka_unit_test_setup_teardown(test_flags__energy_and_investment, setup, teardown),
        cmocka_unit_test_setup_teardown(test_flags__non_industrial, setup, teardown),
        cmocka_unit_test(test_flags__building_uses),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
