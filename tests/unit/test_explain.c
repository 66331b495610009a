/*
 * test_explain.c — the check list classify.c records for `explain` (parcel.checks, format in
 * model.h), the compact rule_checks / rule_check_texts tables of rule_checks.c and
 * ls_explain() of explain.c.
 *
 * Check lists are built for hand-made parcels through ls__classify_parcel_checks. Baseline
 * (as in test_classify.c): a 10 mu industrial parcel inside the control lines (share 1.00),
 * coverage 0.50, far 1.50, one building, tax_per_mu 10, owner E1 producing with class B, no
 * arrears, not mortgaged; default rules of policy_fixtures.h (LE_VA and LE_ENERGY off). Each
 * test states the outcome it expects for the tests it changes. The recording must never change
 * `reasons`, `no_data`, status or action: that is checked against ls__classify_parcel on the
 * same parcels.
 *
 * The round trip writes a two-parcel GeoPackage with ls__write_gpkg + ls__rule_checks_write into a
 * mkdtemp folder and reads it back with ls_explain().
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <gdal.h>

#include "classify.h"
#include "rule_checks.h"
#include "policy_fixtures.h"
#include "write_gpkg.h"

typedef struct fx {
    ls_context *ctx;
    ls_rules *rules;
    ls__parcel p;
    ls__enterprise e[2];
    int has_control, has_buildings, has_enterprises;
} fx;

static int fx_setup(void **state)
{
    fx *f = calloc(1, sizeof(*f));
    assert_non_null(f);
    assert_int_equal(ls_context_new(&f->ctx), LS_OK);
    f->rules = ls_test_rules_new();
    ls_test_parcel_init(&f->p, "P1", 10.0);
    ls_test_enterprise_init(&f->e[0], "E1");
    ls_test_enterprise_init(&f->e[1], "E2");
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
    free(f->p.checks);
    ls_test_parcel_clear(&f->p);
    ls_test_enterprise_clear(&f->e[0]);
    ls_test_enterprise_clear(&f->e[1]);
    ls_test_rules_free(f->rules);
    ls_context_free(f->ctx);
    free(f);
    return 0;
}

/* One parsed record of the check list. */
typedef struct rec {
    char code[32], value[256], comparison[32], threshold[512], outcome[32], note[256];
} rec;

/* Parse p->checks into recs; returns the count. Fails the test on a malformed record. */
static size_t parse_checks(const char *checks, rec *recs, size_t max)
{
    assert_non_null(checks);
    size_t n = 0;
    const char *line = checks;
    while (*line) {
        const char *end = strchr(line, '\n');
        assert_non_null(end); /* every record ends in '\n' */
        assert_true(n < max);
        char *fields[6] = {recs[n].code,      recs[n].value,   recs[n].comparison,
                           recs[n].threshold, recs[n].outcome, recs[n].note};
        size_t sizes[6] = {32, 256, 32, 512, 32, 256};
        const char *s = line;
        for (int i = 0; i < 6; i++) {
            size_t len = strcspn(s, "\t\n");
            if (s + len > end)
                len = (size_t)(end - s);
            assert_true(len < sizes[i]);
            memcpy(fields[i], s, len);
            fields[i][len] = '\0';
            s += len;
            if (i < 5) {
                if (*s != '\t')
                    fail_msg("record %zu has %d fields, expected 6: %.*s", n + 1, i + 1,
                             (int)(end - line), line);
                s++;
            }
        }
        assert_ptr_equal(s, end);
        n++;
        line = end + 1;
    }
    return n;
}

static const char *const codes[17] = {"INDUSTRIAL",
                                      "IDLE_UNSTARTED",
                                      "IDLE_STALLED",
                                      "IDLE_HALTED",
                                      "IDLE_VACANT",
                                      "IDLE_UNSUPPLIED",
                                      "REL_OUTSIDE",
                                      "REL_RETAIN_AB50",
                                      "REL_RETAIN_TRANSITION",
                                      "LE_TAX",
                                      "LE_VA",
                                      "LE_FAR",
                                      "LE_COVERAGE",
                                      "LE_CLASS",
                                      "LE_ENERGY",
                                      "LE_TAX_ARREARS",
                                      "LE_MORTGAGED_IDLE"};

/* 1 when the ';'-separated reasons hold the exact token `code` or `code(...)`. */
static int has_token(const char *reasons, const char *code)
{
    size_t n = strlen(code);
    for (const char *s = reasons; s && *s;) {
        if (strncmp(s, code, n) == 0 && (s[n] == '\0' || s[n] == '(' || s[n] == ';'))
            return 1;
        s = strchr(s, ';');
        if (s)
            s++;
    }
    return 0;
}

/* Classify f->p twice (plain and with checks); assert both agree on every classification
 * field and that the check list agrees with reasons; parse the list into recs. */
static size_t run(fx *f, rec *recs)
{
    assert_int_equal(ls__classify_parcel(f->ctx, &f->p, f->e, f->rules, LS_TEST_REF_DAYS,
                                         f->has_control, f->has_buildings, f->has_enterprises, -1,
                                         -1),
                     LS_OK);
    assert_null(f->p.checks); /* the plain variant records nothing */
    char *reasons = strdup(f->p.reasons);
    char *no_data = f->p.no_data ? strdup(f->p.no_data) : NULL;
    ls__status status = f->p.status;
    ls__action action = f->p.action;
    double reclaim = f->p.reclaimable_mu, uplift = f->p.far_uplift_m2;

    assert_int_equal(ls__classify_parcel_checks(f->ctx, &f->p, f->e, f->rules, LS_TEST_REF_DAYS,
                                                f->has_control, f->has_buildings,
                                                f->has_enterprises),
                     LS_OK);
    assert_string_equal(f->p.reasons, reasons);
    if (no_data)
        assert_string_equal(f->p.no_data, no_data);
    else
        assert_null(f->p.no_data);
    assert_int_equal(f->p.status, status);
    assert_int_equal(f->p.action, action);
    assert_true(f->p.reclaimable_mu == reclaim);
    assert_true(f->p.far_uplift_m2 == uplift);
    free(reasons);
    free(no_data);

    size_t n = parse_checks(f->p.checks, recs, 32);
    assert_int_equal(n, 17);
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(recs[i].code, codes[i]);
        const char *o = recs[i].outcome;
        if (strcmp(o, "fired") && strcmp(o, "not_fired") && strcmp(o, "no_data") &&
            strcmp(o, "off") && strcmp(o, "not_applicable"))
            fail_msg("%s: outcome '%s'", recs[i].code, o);
        if (i == 0)
            continue;
        /* fired ⇔ the code in reasons; no_data ⇔ NO_DATA_<code> in reasons */
        char nd[64];
        snprintf(nd, sizeof(nd), "NO_DATA_%s", recs[i].code);
        if ((strcmp(o, "fired") == 0) != has_token(f->p.reasons, recs[i].code))
            fail_msg("%s is %s but reasons are '%s'", recs[i].code, o, f->p.reasons);
        if ((strcmp(o, "no_data") == 0) != has_token(f->p.reasons, nd))
            fail_msg("%s is %s but reasons are '%s'", recs[i].code, o, f->p.reasons);
    }
    return n;
}

static const rec *find(const rec *recs, const char *code)
{
    for (size_t i = 0; i < 17; i++)
        if (strcmp(recs[i].code, code) == 0)
            return &recs[i];
    fail_msg("no check %s", code);
    return NULL;
}

#define OUTCOME(recs, code, expected) assert_string_equal(find(recs, code)->outcome, expected)

/* ---- outcome kinds ---- */

static void test_explain__baseline_every_test_listed(void **state)
{
    fx *f = *state;
    rec r[32];
    run(f, r);
    assert_string_equal(f->p.reasons, "");
    OUTCOME(r, "INDUSTRIAL", "fired");
    assert_string_equal(find(r, "INDUSTRIAL")->value, "landuse 0601");
    assert_string_equal(find(r, "INDUSTRIAL")->threshold, "0601,M1");
    /* started = 1 settles IDLE_UNSTARTED (no agreed date needed) */
    OUTCOME(r, "IDLE_UNSTARTED", "not_fired");
    OUTCOME(r, "IDLE_STALLED", "not_fired");
    OUTCOME(r, "IDLE_HALTED", "not_fired");
    OUTCOME(r, "IDLE_VACANT", "not_fired");
    OUTCOME(r, "IDLE_UNSUPPLIED", "not_fired");
    OUTCOME(r, "REL_OUTSIDE", "not_fired");
    assert_string_equal(find(r, "REL_OUTSIDE")->threshold, "0.50");
    OUTCOME(r, "REL_RETAIN_AB50", "not_applicable"); /* REL_OUTSIDE did not fire */
    /* tax 10 ≥ 5 */
    OUTCOME(r, "LE_TAX", "not_fired");
    assert_string_equal(find(r, "LE_TAX")->value, "10.00 万元/亩");
    assert_string_equal(find(r, "LE_TAX")->comparison, "<="); /* 以下 includes (§4) */
    assert_string_equal(find(r, "LE_TAX")->threshold, "5.00 万元/亩");
    OUTCOME(r, "LE_VA", "off");
    /* no industry floor → far_min 0.7 */
    OUTCOME(r, "LE_FAR", "not_fired");
    assert_string_equal(find(r, "LE_FAR")->threshold, "0.70 (far_min)");
    OUTCOME(r, "LE_COVERAGE", "not_fired");
    OUTCOME(r, "LE_CLASS", "not_fired");
    assert_string_equal(find(r, "LE_CLASS")->value, "owner class B");
    assert_string_equal(find(r, "LE_CLASS")->threshold, "{D}");
    OUTCOME(r, "LE_ENERGY", "off");
    OUTCOME(r, "LE_TAX_ARREARS", "not_fired");
    assert_string_equal(find(r, "LE_TAX_ARREARS")->value, "largest arrears 0.00 y");
    OUTCOME(r, "LE_MORTGAGED_IDLE", "not_applicable"); /* no IDLE_* code */
}

static void test_explain__fired_with_numbers(void **state)
{
    fx *f = *state;
    rec r[32];
    f->p.tax_per_mu = 3.2; /* 3.2 ≤ 5 */
    f->p.far = 0.62;       /* 0.62 < 0.70 */
    f->p.floor_area_m2 = 0.62 * f->p.area_m2;
    run(f, r);
    assert_string_equal(f->p.reasons, "LE_TAX(3.20<=5.00);LE_FAR(0.62<0.70)");
    OUTCOME(r, "LE_TAX", "fired");
    assert_string_equal(find(r, "LE_TAX")->value, "3.20 万元/亩");
    OUTCOME(r, "LE_FAR", "fired");
    /* floor area 0.62 × 6666.67 = 4133.33 m² */
    assert_string_equal(find(r, "LE_FAR")->value, "far 0.62 (4133.33 m² floor area / 6666.67 m²)");
    assert_int_equal(f->p.status, LS_STATUS_LOW_EFFICIENCY);
}

static void test_explain__no_data(void **state)
{
    fx *f = *state;
    rec r[32];
    f->p.tax_per_mu = NAN;
    f->p.approved_unsupplied = -1;
    run(f, r);
    assert_string_equal(f->p.reasons, "NO_DATA_IDLE_UNSUPPLIED;NO_DATA_LE_TAX");
    OUTCOME(r, "LE_TAX", "no_data");
    assert_string_equal(find(r, "LE_TAX")->value, "no tax data");
    OUTCOME(r, "IDLE_UNSUPPLIED", "no_data");
    assert_string_equal(find(r, "IDLE_UNSUPPLIED")->value, "approved_unsupplied=unknown");
}

static void test_explain__no_buildings_layer_is_no_data(void **state)
{
    fx *f = *state;
    rec r[32];
    f->has_buildings = 0;
    run(f, r);
    OUTCOME(r, "LE_FAR", "no_data");
    assert_string_equal(find(r, "LE_FAR")->value, "far unknown (no buildings layer)");
    OUTCOME(r, "LE_COVERAGE", "no_data");
    /* a firm is on the parcel: IDLE_VACANT is settled without buildings */
    OUTCOME(r, "IDLE_VACANT", "not_fired");
}

static void test_explain__switched_off(void **state)
{
    fx *f = *state;
    rec r[32];
    f->rules->tax_per_mu_min = NAN;
    f->rules->halted_years = NAN;
    f->rules->idle_vacant = 0;
    f->rules->nlow_classes = 0; /* low_classes freed by ls_test_rules_free via its count */
    f->p.tax_per_mu = 1.0;      /* would fire LE_TAX if it were on */
    run(f, r);
    f->rules->nlow_classes = 1;
    assert_string_equal(f->p.reasons, "");
    OUTCOME(r, "LE_TAX", "off");
    assert_string_equal(find(r, "LE_TAX")->threshold, "null");
    OUTCOME(r, "IDLE_HALTED", "off");
    OUTCOME(r, "IDLE_VACANT", "off");
    OUTCOME(r, "LE_CLASS", "off");
}

static void test_explain__not_applicable(void **state)
{
    fx *f = *state;
    rec r[32];
    f->has_control = 0; /* no control lines: REL_OUTSIDE cannot apply */
    f->p.control_share = 0.0;
    run(f, r);
    OUTCOME(r, "REL_OUTSIDE", "not_applicable");
    assert_string_equal(find(r, "REL_OUTSIDE")->note, "no control lines given");
    assert_int_equal(f->p.status, LS_STATUS_EFFICIENT);
}

static void test_explain__non_industrial_all_not_applicable(void **state)
{
    fx *f = *state;
    rec r[32];
    ls_test_set(&f->p.landuse, "0701");
    f->p.tax_per_mu = 1.0;
    run(f, r);
    assert_string_equal(f->p.reasons, "");
    OUTCOME(r, "INDUSTRIAL", "not_fired");
    assert_string_equal(find(r, "INDUSTRIAL")->value, "landuse 0701");
    for (size_t i = 1; i < 17; i++)
        assert_string_equal(r[i].outcome, "not_applicable");
    assert_int_equal(f->p.status, LS_STATUS_NON_INDUSTRIAL);
}

/* share 0.20 < 0.50, 60 mu ≥ 50, owner class A → REL_RETAIN_AB50 fires. */
static void test_explain__retain_ab50_fired(void **state)
{
    fx *f = *state;
    rec r[32];
    ls_test_set(&f->e[0].class_final, "A");
    f->p.eval_class = f->e[0].class_final;
    f->p.area_mu = 60.0;
    f->p.area_m2 = 40000.0;
    f->p.floor_area_m2 = 1.5 * f->p.area_m2;
    f->p.control_share = 0.2;
    f->p.inside_control_m2 = 8000.0;
    run(f, r);
    assert_string_equal(f->p.reasons, "REL_OUTSIDE(0.20<0.50);REL_RETAIN_AB50(A,60.00>=50.00)");
    OUTCOME(r, "REL_OUTSIDE", "fired");
    assert_string_equal(find(r, "REL_OUTSIDE")->value,
                        "control_share 0.20 (8000.00 of 40000.00 m² inside)");
    OUTCOME(r, "REL_RETAIN_AB50", "fired");
    /* land_mu unknown in the fixture: the owner's land is at least this parcel */
    assert_string_equal(find(r, "REL_RETAIN_AB50")->value,
                        "owner class A; the owner's land 60.00 mu (this parcel 60.00 mu)");
    assert_string_equal(find(r, "REL_RETAIN_AB50")->threshold, "50.00 mu");
    assert_int_equal(f->p.action, LS_ACTION_TRANSITIONAL_RETAIN);
}

/* E1 halted 1096 days before 2025-12-31 = since 2022-12-31: exactly 3 calendar years ≥ 2 →
 * IDLE_HALTED, 2 years reached on 2024-12-31; mortgaged → LE_MORTGAGED_IDLE applies. */
static void test_explain__halted_and_mortgaged(void **state)
{
    fx *f = *state;
    rec r[32];
    ls_test_set(&f->e[0].status, "halted");
    f->e[0].halted_since = ls_test_days_before(1096);
    f->e[0].mortgaged = 1;
    run(f, r);
    assert_string_equal(f->p.reasons, "IDLE_HALTED(3.00>=2.00);LE_MORTGAGED_IDLE");
    OUTCOME(r, "IDLE_HALTED", "fired");
    assert_string_equal(find(r, "IDLE_HALTED")->value,
                        "1 firm(s): 1 halted 3.00 y since 2022-12-31");
    assert_string_equal(find(r, "IDLE_HALTED")->threshold, "2.00 y (from 2024-12-31)");
    OUTCOME(r, "LE_MORTGAGED_IDLE", "fired");
    assert_string_equal(find(r, "LE_MORTGAGED_IDLE")->value, "1 of 1 firm(s) mortgaged, 0 unknown");
    assert_int_equal(f->p.status, LS_STATUS_IDLE);
}

/* A tab or newline in user text (landuse) must not break the record format. */
static void test_explain__user_text_sanitised(void **state)
{
    fx *f = *state;
    rec r[32];
    ls_test_set(&f->p.landuse, "06\t0\n1");
    run(f, r);
    assert_string_equal(find(r, "INDUSTRIAL")->value, "landuse 06 0 1");
}

/* ---- rule_checks and ls_explain ---- */

typedef struct gx {
    ls_context *ctx;
    ls_rules *rules;
    ls__dataset ds;
    char dir[64];
    char path[128];
} gx;

/* Two parcels: P1 baseline (efficient), P2 tax 2 per mu (LE_TAX → low_efficiency). */
static int gx_setup(void **state)
{
    gx *g = calloc(1, sizeof(*g));
    assert_non_null(g);
    GDALAllRegister();
    assert_int_equal(ls_context_new(&g->ctx), LS_OK);
    g->rules = ls_test_rules_new();
    ls_test_dataset_init(&g->ds, 2, 0);
    g->ds.layers[LS_INPUT_ENTERPRISES].present = 0;
    g->ds.crs_wkt = strdup("EPSG:4549");
    g->ds.crs_name = strdup("EPSG:4549");
    g->ds.parcels[0].geom = ls_test_rect(&g->ds, 0, 0, 100, 66.6666667);
    g->ds.parcels[1].geom = ls_test_rect(&g->ds, 200, 0, 300, 66.6666667);
    g->ds.parcels[1].tax_per_mu = 2.0;
    assert_int_equal(ls__classify(g->ctx, &g->ds, g->rules, LS_TEST_REF_DAYS, 1), LS_OK);
    strcpy(g->dir, "/tmp/landscan-explain-XXXXXX");
    assert_non_null(mkdtemp(g->dir));
    snprintf(g->path, sizeof(g->path), "%s/landscan.gpkg", g->dir);
    ls__kv kv = {0};
    assert_int_equal(ls__kv_add(&kv, "name", "unit explain"), LS_OK);
    assert_int_equal(ls__kv_add(&kv, "reference_date", "2025-12-31"), LS_OK);
    assert_int_equal(ls__kv_add(&kv, "rules", "test"), LS_OK);
    assert_int_equal(ls__kv_add(&kv, "rules_chain", "test <- national-2008"), LS_OK);
    /* in the run's order: the empty GeoPackage, rule_checks, then the layers */
    int rc = ls__write_gpkg_create(g->ctx, g->path);
    if (rc != LS_OK)
        fail_msg("ls__write_gpkg_create: %s", ls_context_error(g->ctx));
    rc = ls__rule_checks_write(g->ctx, &g->ds, g->path);
    if (rc != LS_OK)
        fail_msg("ls__rule_checks_write: %s", ls_context_error(g->ctx));
    rc = ls__write_gpkg(g->ctx, &g->ds, &kv, g->path);
    ls__kv_free(&kv);
    if (rc != LS_OK)
        fail_msg("ls__write_gpkg: %s", ls_context_error(g->ctx));
    *state = g;
    return 0;
}

static int gx_teardown(void **state)
{
    gx *g = *state;
    unlink(g->path);
    char other[160];
    snprintf(other, sizeof(other), "%s/not-a-gpkg.txt", g->dir);
    unlink(other);
    rmdir(g->dir);
    ls__dataset_free(&g->ds);
    ls_test_rules_free(g->rules);
    ls_context_free(g->ctx);
    free(g);
    return 0;
}

/* The stored line of code in a parcel's `checks` text (code, outcome, text id, value), split
 * here by hand: line number (from 1) in *seq, fields copied into f[4] (each < 128 bytes). */
static int stored_check(const char *checks, const char *code, int *seq, char f[4][128])
{
    int n = 0;
    for (const char *line = checks; *line;) {
        size_t len = strcspn(line, "\n");
        n++;
        const char *s = line;
        for (int i = 0; i < 4; i++) {
            size_t k = i < 3 ? strcspn(s, "\t\n") : strcspn(s, "\n");
            if (k > 127)
                k = 127;
            memcpy(f[i], s, k);
            f[i][k] = '\0';
            s += k;
            if (*s == '\t')
                s++;
        }
        if (strcmp(f[0], code) == 0) {
            *seq = n;
            return 1;
        }
        line += len;
        if (*line == '\n')
            line++;
    }
    return 0;
}

static char *sql_text(GDALDatasetH ds, const char *sql)
{
    OGRLayerH res = GDALDatasetExecuteSQL(ds, sql, NULL, NULL);
    if (!res)
        return NULL;
    OGRFeatureH row = OGR_L_GetNextFeature(res);
    char *v = row ? strdup(OGR_F_GetFieldAsString(row, 0)) : NULL;
    if (row)
        OGR_F_Destroy(row);
    GDALDatasetReleaseResultSet(ds, res);
    return v;
}

static void test_explain__rule_checks_table(void **state)
{
    gx *g = *state;
    GDALDatasetH ds = GDALOpenEx(g->path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    assert_non_null(ds);
    OGRLayerH l = GDALDatasetGetLayerByName(ds, "rule_checks");
    assert_non_null(l);
    assert_non_null(GDALDatasetGetLayerByName(ds, "rule_check_texts"));
    assert_int_equal(OGR_L_GetFeatureCount(l, TRUE), 2); /* one row per parcel */
    static const char *const tables[] = {"rule_checks", "rule_checks", "rule_check_texts",
                                         "rule_check_texts", "rule_check_texts"};
    static const char *const names[] = {"parcel_id", "checks", "comparison", "threshold", "note"};
    static const char *const aliases[] = {"地块编号", "规则检查(代码、结果、说明要素编号、输入值)",
                                          "比较", "阈值", "说明"};
    for (int i = 0; i < 5; i++) {
        OGRLayerH t = GDALDatasetGetLayerByName(ds, tables[i]);
        if (OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(t), names[i]) < 0)
            fail_msg("%s has no field %s", tables[i], names[i]);
        /* the alias as stored in gpkg_data_columns (GDAL < 3.7 does not read it back) */
        char sql[200];
        snprintf(sql, sizeof(sql),
                 "SELECT name FROM gpkg_data_columns WHERE table_name = '%s' AND "
                 "column_name = '%s'",
                 tables[i], names[i]);
        char *alias = sql_text(ds, sql);
        assert_non_null(alias);
        assert_string_equal(alias, aliases[i]);
        free(alias);
    }
    char *checks = sql_text(ds, "SELECT checks FROM rule_checks WHERE parcel_id = 'P2'");
    assert_non_null(checks);
    int seq = 0;
    char f[4][128];
    assert_true(stored_check(checks, "LE_TAX", &seq, f));
    assert_int_equal(seq, 10);
    assert_string_equal(f[1], "fired");
    assert_string_equal(f[3], "2.00 万元/亩");
    char sql[200];
    snprintf(sql, sizeof(sql), "SELECT threshold FROM rule_check_texts WHERE fid = %s", f[2]);
    char *threshold = sql_text(ds, sql);
    assert_non_null(threshold);
    assert_non_null(strstr(threshold, "5.00"));
    free(threshold);
    /* P1's LE_TAX compares with the same threshold and says the same: one text for both */
    char *c1 = sql_text(ds, "SELECT checks FROM rule_checks WHERE parcel_id = 'P1'");
    assert_non_null(c1);
    char f1[4][128];
    assert_true(stored_check(c1, "LE_TAX", &seq, f1));
    assert_string_equal(f1[1], "not_fired");
    assert_string_equal(f1[2], f[2]);
    free(c1);
    free(checks);
    GDALClose(ds);
}

static void test_explain__text(void **state)
{
    gx *g = *state;
    char *text = NULL;
    int rc = ls_explain(g->ctx, g->path, "P2", &text);
    if (rc != LS_OK)
        fail_msg("ls_explain: %s", ls_context_error(g->ctx));
    static const char *const expected[] = {"P2",
                                           "LE_TAX",
                                           "亩均税收",
                                           "tax per mu",
                                           "2.00 万元/亩",
                                           "5.00 万元/亩",
                                           "触发 fired",
                                           "未启用 off",
                                           "状态 Status: 低效",
                                           "改造提升 upgrade",
                                           "可盘活亩数",
                                           "test <- national-2008",
                                           "2025-12-31",
                                           "规则检查 Rule checks (17)",
                                           "面积 Area: 6666.67 m² = 10.00 亩"};
    for (size_t i = 0; i < sizeof(expected) / sizeof(expected[0]); i++)
        if (!strstr(text, expected[i]))
            fail_msg("explain text lacks '%s':\n%s", expected[i], text);
    free(text);
}

static void test_explain__unknown_parcel(void **state)
{
    gx *g = *state;
    char *text = NULL;
    assert_int_equal(ls_explain(g->ctx, g->path, "NOPE'1", &text), LS_ENOTFOUND);
    assert_null(text);
    const char *msg = ls_context_error(g->ctx);
    assert_non_null(strstr(msg, "NOPE'1"));
    assert_non_null(strstr(msg, g->path));
}

static void test_explain__not_a_landscan_file(void **state)
{
    gx *g = *state;
    char *text = NULL;
    char other[160];
    snprintf(other, sizeof(other), "%s/not-a-gpkg.txt", g->dir);
    FILE *fp = fopen(other, "w");
    assert_non_null(fp);
    fputs("hello\n", fp);
    fclose(fp);
    assert_int_equal(ls_explain(g->ctx, other, "P1", &text), LS_EINVAL);
    assert_non_null(strstr(ls_context_error(g->ctx), other));
    assert_non_null(strstr(ls_context_error(g->ctx), "not a landscan GeoPackage"));
    snprintf(other, sizeof(other), "%s/missing.gpkg", g->dir);
    assert_int_equal(ls_explain(g->ctx, other, "P1", &text), LS_ENOTFOUND);
    assert_non_null(strstr(ls_context_error(g->ctx), other));
    assert_null(text);
}

int main(void)
{
    const struct CMUnitTest checks[] = {
        cmocka_unit_test_setup_teardown(test_explain__baseline_every_test_listed, fx_setup,
                                        fx_teardown),
        cmocka_unit_test_setup_teardown(test_explain__fired_with_numbers, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_explain__no_data, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_explain__no_buildings_layer_is_no_data, fx_setup,
                                        fx_teardown),
        cmocka_unit_test_setup_teardown(test_explain__switched_off, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_explain__not_applicable, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_explain__non_industrial_all_not_applicable, fx_setup,
                                        fx_teardown),
        cmocka_unit_test_setup_teardown(test_explain__retain_ab50_fired, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_explain__halted_and_mortgaged, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_explain__user_text_sanitised, fx_setup, fx_teardown),
    };
    const struct CMUnitTest gpkg[] = {
        cmocka_unit_test(test_explain__rule_checks_table),
        cmocka_unit_test(test_explain__text),
        cmocka_unit_test(test_explain__unknown_parcel),
        cmocka_unit_test(test_explain__not_a_landscan_file),
    };
    int failed = cmocka_run_group_tests_name("checks", checks, NULL, NULL);
    failed += cmocka_run_group_tests_name("rule_checks", gpkg, gx_setup, gx_teardown);
    return failed;
}
