/*
 * test_ledger.c — unit tests of ledger_match.c and ledger_store.c: list memberships from reason
 * codes, parcel matching against the previous run (same id, re-survey, split, merge, removed, the
 * 90 % overlap threshold), change codes and the resolved records; and the error paths of the ledger
 * readers (missing, not SQLite, foreign SQLite).
 *
 * Datasets are built by hand: squares in metres, 100 x 100 = 10000 m² = 15 mu. Expected
 * values are worked out in the comments.
 */
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <unistd.h>

#include "ledger.h"
#include "model.h"

static GEOSGeometry *square(GEOSContextHandle_t g, double x1, double y1, double x2, double y2)
{
    char wkt[256];
    snprintf(wkt, sizeof wkt, "POLYGON((%g %g,%g %g,%g %g,%g %g,%g %g))", x1, y1, x2, y1, x2, y2,
             x1, y2, x1, y1);
    GEOSWKTReader *r = GEOSWKTReader_create_r(g);
    GEOSGeometry *geom = GEOSWKTReader_read_r(g, r, wkt);
    GEOSWKTReader_destroy_r(g, r);
    return geom;
}

/* Dataset with n parcels; add them with add_parcel. */
static void ds_init(ls__dataset *ds, size_t cap)
{
    memset(ds, 0, sizeof(*ds));
    ds->geos = GEOS_init_r();
    ds->parcels = calloc(cap, sizeof(ls__parcel));
}

static void add_parcel(ls__dataset *ds, const char *id, ls__status status, double x1, double y1,
                       double x2, double y2)
{
    ls__parcel *p = &ds->parcels[ds->nparcels++];
    p->parcel_id = strdup(id);
    p->status = status;
    p->listed = status == LS_STATUS_IDLE || status == LS_STATUS_RELOCATABLE ||
                status == LS_STATUS_LOW_EFFICIENCY;
    p->geom = square(ds->geos, x1, y1, x2, y2);
    p->area_m2 = (x2 - x1) * (y2 - y1);
    p->area_mu = p->area_m2 * 15.0 / 10000.0;
    p->block_ix = p->district_ix = p->town_ix = -1;
}

static void add_old(ls__ledger_old *o, GEOSContextHandle_t g, const char *id, const char *status,
                    const char *first_listed, int listed_runs, double reclaim, double x1, double y1,
                    double x2, double y2)
{
    memset(o, 0, sizeof(*o));
    o->parcel_id = strdup(id);
    o->status = strdup(status);
    o->listed = strcmp(status, "idle") == 0 || strcmp(status, "relocatable") == 0 ||
                strcmp(status, "low_efficiency") == 0;
    o->first_listed = first_listed ? strdup(first_listed) : NULL;
    o->listed_runs = listed_runs;
    o->area_mu = (x2 - x1) * (y2 - y1) * 15.0 / 10000.0;
    o->reclaimable_mu = reclaim;
    o->geom = square(g, x1, y1, x2, y2);
}

static void free_olds(GEOSContextHandle_t g, ls__ledger_old *o, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(o[i].parcel_id);
        free(o[i].status);
        free(o[i].first_listed);
        if (o[i].geom)
            GEOSGeom_destroy_r(g, o[i].geom);
    }
}

static const ls__parcel *find(const ls__dataset *ds, const char *id)
{
    for (size_t i = 0; i < ds->nparcels; i++)
        if (strcmp(ds->parcels[i].parcel_id, id) == 0)
            return &ds->parcels[i];
    fail_msg("no parcel %s", id);
    return NULL;
}

static void str_or_null(const char *got, const char *want)
{
    if (!want)
        assert_null(got);
    else {
        assert_non_null(got);
        assert_string_equal(got, want);
    }
}

static void test_ledger__first_run_listed_are_new(void **state)
{
    (void)state;
    ls_context *ctx = NULL;
    ls_context_new(&ctx);
    ls__dataset ds;
    ds_init(&ds, 2);
    add_parcel(&ds, "A", LS_STATUS_IDLE, 0, 0, 100, 100);
    add_parcel(&ds, "B", LS_STATUS_EFFICIENT, 200, 0, 300, 100);
    assert_int_equal(ls__ledger_match(ctx, &ds, NULL, 0, 0, "2023-12-31", 0.9), LS_OK);
    assert_int_equal(find(&ds, "A")->change, LS_CHANGE_NEW);
    str_or_null(find(&ds, "A")->first_listed, "2023-12-31");
    assert_int_equal(find(&ds, "A")->listed_runs, 1);
    assert_int_equal(find(&ds, "B")->change, LS_CHANGE_UNCHANGED);
    assert_null(find(&ds, "B")->first_listed);
    assert_int_equal(ds.nresolved, 0);
    ls__dataset_free(&ds);
    ls_context_free(ctx);
}

/* Same ids: idle → low_efficiency is persisting; low_efficiency → efficient resolved;
 * efficient → relocatable new; efficient → efficient unchanged. */
static void test_ledger__change_codes_by_id(void **state)
{
    (void)state;
    ls_context *ctx = NULL;
    ls_context_new(&ctx);
    ls__dataset ds;
    ds_init(&ds, 4);
    add_parcel(&ds, "P1", LS_STATUS_LOW_EFFICIENCY, 0, 0, 100, 100);
    add_parcel(&ds, "P2", LS_STATUS_EFFICIENT, 200, 0, 300, 100);
    add_parcel(&ds, "P3", LS_STATUS_RELOCATABLE, 400, 0, 500, 100);
    add_parcel(&ds, "P4", LS_STATUS_EFFICIENT, 600, 0, 700, 100);
    ls__ledger_old old[4];
    add_old(&old[0], ds.geos, "P1", "idle", "2022-12-31", 2, 15, 0, 0, 100, 100);
    add_old(&old[1], ds.geos, "P2", "low_efficiency", "2023-12-31", 1, 4.2, 200, 0, 300, 100);
    add_old(&old[2], ds.geos, "P3", "efficient", NULL, 0, 0, 400, 0, 500, 100);
    add_old(&old[3], ds.geos, "P4", "efficient", NULL, 0, 0, 600, 0, 700, 100);
    assert_int_equal(ls__ledger_match(ctx, &ds, old, 4, 1, "2024-12-31", 0.9), LS_OK);
    assert_int_equal(find(&ds, "P1")->change, LS_CHANGE_PERSISTING);
    str_or_null(find(&ds, "P1")->first_listed, "2022-12-31");
    assert_int_equal(find(&ds, "P1")->listed_runs, 3);
    str_or_null(find(&ds, "P1")->match, "same_id");
    assert_null(find(&ds, "P1")->matched_from);
    assert_int_equal(find(&ds, "P2")->change, LS_CHANGE_RESOLVED);
    assert_int_equal(find(&ds, "P3")->change, LS_CHANGE_NEW);
    str_or_null(find(&ds, "P3")->first_listed, "2024-12-31");
    assert_int_equal(find(&ds, "P4")->change, LS_CHANGE_UNCHANGED);
    assert_int_equal(ds.nresolved, 1);
    assert_string_equal(ds.resolved[0].parcel_id, "P2");
    assert_string_equal(ds.resolved[0].old_status, "low_efficiency");
    assert_string_equal(ds.resolved[0].new_status, "efficient");
    assert_true(fabs(ds.resolved[0].old_reclaimable_mu - 4.2) < 1e-9);
    assert_true(fabs(ds.resolved[0].old_area_mu - 15.0) < 1e-9);
    free_olds(ds.geos, old, 4);
    ls__dataset_free(&ds);
    ls_context_free(ctx);
}

/* Re-survey: new id, 95 % overlap → linked; 85 % → not linked (new + removed). */
static void test_ledger__resurvey_by_overlap_threshold(void **state)
{
    (void)state;
    ls_context *ctx = NULL;
    ls_context_new(&ctx);
    ls__dataset ds;
    ds_init(&ds, 2);
    add_parcel(&ds, "R1-new", LS_STATUS_IDLE, 5, 0, 105, 100);   /* 95 m of 100 overlap */
    add_parcel(&ds, "R2-new", LS_STATUS_IDLE, 215, 0, 315, 100); /* 85 m of 100 overlap */
    ls__ledger_old old[2];
    add_old(&old[0], ds.geos, "R1", "idle", "2023-12-31", 1, 15, 0, 0, 100, 100);
    add_old(&old[1], ds.geos, "R2", "idle", "2023-12-31", 1, 15, 200, 0, 300, 100);
    assert_int_equal(ls__ledger_match(ctx, &ds, old, 2, 1, "2024-12-31", 0.9), LS_OK);
    const ls__parcel *r1 = find(&ds, "R1-new"), *r2 = find(&ds, "R2-new");
    assert_int_equal(r1->change, LS_CHANGE_PERSISTING);
    str_or_null(r1->match, "resurvey");
    str_or_null(r1->matched_from, "R1");
    str_or_null(r1->first_listed, "2023-12-31");
    assert_int_equal(r1->listed_runs, 2);
    assert_int_equal(r2->change, LS_CHANGE_NEW);
    assert_null(r2->match);
    /* R2 matched nothing: a listed parcel gone → resolved as removed, with its geometry */
    assert_int_equal(ds.nresolved, 1);
    assert_string_equal(ds.resolved[0].parcel_id, "R2");
    assert_string_equal(ds.resolved[0].new_status, "removed");
    assert_non_null(ds.resolved[0].geom);
    assert_null(old[1].geom); /* taken over by the resolved record */
    free_olds(ds.geos, old, 2);
    ls__dataset_free(&ds);
    ls_context_free(ctx);
}

/* Overlap matching switched off (NAN): only ids match. */
static void test_ledger__overlap_off_matches_ids_only(void **state)
{
    (void)state;
    ls_context *ctx = NULL;
    ls_context_new(&ctx);
    ls__dataset ds;
    ds_init(&ds, 1);
    add_parcel(&ds, "X-new", LS_STATUS_EFFICIENT, 0, 0, 100, 100);
    ls__ledger_old old[1];
    add_old(&old[0], ds.geos, "X", "idle", "2023-12-31", 1, 15, 0, 0, 100, 100);
    assert_int_equal(ls__ledger_match(ctx, &ds, old, 1, 1, "2024-12-31", NAN), LS_OK);
    assert_int_equal(find(&ds, "X-new")->change, LS_CHANGE_UNCHANGED);
    assert_int_equal(ds.nresolved, 1);
    assert_string_equal(ds.resolved[0].new_status, "removed");
    free_olds(ds.geos, old, 1);
    ls__dataset_free(&ds);
    ls_context_free(ctx);
}

/* Split: S (listed, reclaimable 12) → S (west 70 %, keeps the id, still listed) + T (east
 * 30 %, efficient). T is resolved with 30 % of S: old_reclaimable 3.6, old_area 4.5. S is
 * persisting; S never appears in resolved. */
static void test_ledger__split_shares_by_overlap(void **state)
{
    (void)state;
    ls_context *ctx = NULL;
    ls_context_new(&ctx);
    ls__dataset ds;
    ds_init(&ds, 2);
    add_parcel(&ds, "S", LS_STATUS_LOW_EFFICIENCY, 0, 0, 70, 100);
    add_parcel(&ds, "T", LS_STATUS_EFFICIENT, 70, 0, 100, 100);
    ls__ledger_old old[1];
    add_old(&old[0], ds.geos, "S", "low_efficiency", "2023-12-31", 1, 12, 0, 0, 100, 100);
    assert_int_equal(ls__ledger_match(ctx, &ds, old, 1, 1, "2024-12-31", 0.9), LS_OK);
    str_or_null(find(&ds, "S")->match, "split");
    str_or_null(find(&ds, "S")->matched_from, "S");
    assert_int_equal(find(&ds, "S")->change, LS_CHANGE_PERSISTING);
    str_or_null(find(&ds, "T")->match, "split");
    str_or_null(find(&ds, "T")->matched_from, "S");
    assert_int_equal(find(&ds, "T")->change, LS_CHANGE_RESOLVED);
    assert_int_equal(ds.nresolved, 1);
    assert_string_equal(ds.resolved[0].parcel_id, "T");
    assert_true(fabs(ds.resolved[0].old_reclaimable_mu - 3.6) < 1e-9);
    assert_true(fabs(ds.resolved[0].old_area_mu - 4.5) < 1e-9);
    free_olds(ds.geos, old, 1);
    ls__dataset_free(&ds);
    ls_context_free(ctx);
}

/* Merge: M1 (efficient) + M2 (idle since 2022, 2 runs) → M (efficient): resolved with M2's
 * figures; first_listed and listed_runs inherited; neither old id in resolved. */
static void test_ledger__merge_inherits_history(void **state)
{
    (void)state;
    ls_context *ctx = NULL;
    ls_context_new(&ctx);
    ls__dataset ds;
    ds_init(&ds, 1);
    add_parcel(&ds, "M", LS_STATUS_EFFICIENT, 0, 0, 200, 100);
    ls__ledger_old old[2];
    add_old(&old[0], ds.geos, "M1", "efficient", NULL, 0, 0, 0, 0, 100, 100);
    add_old(&old[1], ds.geos, "M2", "idle", "2022-12-31", 2, 15, 100, 0, 200, 100);
    assert_int_equal(ls__ledger_match(ctx, &ds, old, 2, 1, "2024-12-31", 0.9), LS_OK);
    const ls__parcel *m = find(&ds, "M");
    str_or_null(m->match, "merge");
    str_or_null(m->matched_from, "M1;M2");
    assert_int_equal(m->change, LS_CHANGE_RESOLVED);
    str_or_null(m->first_listed, "2022-12-31");
    assert_int_equal(m->listed_runs, 2);
    assert_int_equal(ds.nresolved, 1);
    assert_string_equal(ds.resolved[0].parcel_id, "M");
    assert_string_equal(ds.resolved[0].old_status, "idle");
    assert_true(fabs(ds.resolved[0].old_reclaimable_mu - 15) < 1e-9);
    free_olds(ds.geos, old, 2);
    ls__dataset_free(&ds);
    ls_context_free(ctx);
}

/* Lists: by status and by reason code; NO_DATA_<code> never counts. */
static void test_ledger__lists_from_status_and_codes(void **state)
{
    (void)state;
    ls_context *ctx = NULL;
    ls_rules *rules = NULL;
    ls_context_new(&ctx);
    assert_int_equal(ls_context_set_preset_dir(ctx, LS_TEST_PRESET_DIR), LS_OK);
    assert_int_equal(ls_rules_load(ctx, "national-2008", NULL, &rules), LS_OK);
    assert_int_equal(rules->nlists, 6);
    assert_true(fabs(rules->match_overlap_min - 0.9) < 1e-12);
    ls__dataset ds;
    ds_init(&ds, 3);
    add_parcel(&ds, "A", LS_STATUS_IDLE, 0, 0, 10, 10);
    ds.parcels[0].reasons = strdup("IDLE_HALTED(3.00>=2.00);LE_MORTGAGED_IDLE");
    add_parcel(&ds, "B", LS_STATUS_LOW_EFFICIENCY, 20, 0, 30, 10);
    ds.parcels[1].reasons = strdup("NO_DATA_IDLE_HALTED;LE_TAX_ARREARS(3.00>=2.00)");
    add_parcel(&ds, "C", LS_STATUS_EFFICIENT, 40, 0, 50, 10);
    ds.parcels[2].reasons = strdup("NO_DATA_LE_TAX_ARREARS");
    assert_int_equal(ls__ledger_assign_lists(ctx, &ds, rules), LS_OK);
    assert_string_equal(ds.parcels[0].lists, "idle;idle_mortgaged;halted_2y");
    assert_string_equal(ds.parcels[1].lists, "low_efficiency;tax_arrears");
    assert_string_equal(ds.parcels[2].lists, "");
    assert_int_equal(ds.parcels[2].listed, 0);
    ls__dataset_free(&ds);
    ls_rules_free(rules);
    ls_context_free(ctx);
}

/* The ledger readers refuse a missing file, a file that is not SQLite and a foreign SQLite
 * database, naming the file. */
static void test_ledger__readers_refuse_foreign_files(void **state)
{
    (void)state;
    ls_context *ctx = NULL;
    ls_context_new(&ctx);
    ls_ledger_run *runs = NULL;
    size_t n = 0;
    assert_int_equal(ls_ledger_list(ctx, "/nonexistent/ledger.sqlite", &runs, &n), LS_ENOTFOUND);
    assert_non_null(strstr(ls_context_error(ctx), "/nonexistent/ledger.sqlite"));

    char text[] = "/tmp/ls-ledger-test-XXXXXX";
    int fd = mkstemp(text);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "hello, not a database\n", 22), 22);
    close(fd);
    assert_int_equal(ls_ledger_list(ctx, text, &runs, &n), LS_EINVAL);
    assert_non_null(strstr(ls_context_error(ctx), "not a SQLite database"));
    assert_non_null(strstr(ls_context_error(ctx), text));
    unlink(text);

    char foreign[] = "/tmp/ls-ledger-test-XXXXXX";
    fd = mkstemp(foreign);
    close(fd);
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(foreign, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "CREATE TABLE t (x)", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    char *show = NULL;
    assert_int_equal(ls_ledger_show(ctx, foreign, 1, &show), LS_EINVAL);
    assert_null(show);
    assert_non_null(strstr(ls_context_error(ctx), "not a landscan ledger"));
    unlink(foreign);
    ls_context_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ledger__first_run_listed_are_new),
        cmocka_unit_test(test_ledger__change_codes_by_id),
        cmocka_unit_test(test_ledger__resurvey_by_overlap_threshold),
        cmocka_unit_test(test_ledger__overlap_off_matches_ids_only),
        cmocka_unit_test(test_ledger__split_shares_by_overlap),
        cmocka_unit_test(test_ledger__merge_inherits_history),
        cmocka_unit_test(test_ledger__lists_from_status_and_codes),
        cmocka_unit_test(test_ledger__readers_refuse_foreign_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
