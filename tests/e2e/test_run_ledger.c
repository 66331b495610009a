/*
 * test_run_ledger.c — end-to-end: the year-on-year ledger (清单 → 整治 → 销号) over three runs
 * of testdata/ledger (2023, 2024, 2025, one `name`, one ledger), the failure paths (a failed
 * run, a foreign or non-SQLite ledger file leave it byte-identical), two runs recording into
 * one ledger at once, --no-ledger, `check`, and `landscan ledger list | show | diff`.
 *
 * Fixture (scripts/make_ledger_testdata.py, whose docstring tells each parcel's story): 20
 * parcels of 100 m x 100 m = 15 mu; BK1 = L01..L08, BK2 = L09..L20; rules national-2008 +
 * tax_per_mu_min 5; listed = idle, relocatable or low_efficiency. Hand derivation:
 *   2023 (first run) listed: L02 LE_FAR, L03 LE_TAX, L04 idle (halted 3.5 y, mortgaged),
 *        L06 LE_TAX_ARREARS, L09 LE_TAX, L10 IDLE_VACANT, L12 LE_FAR, L13 idle (halted 2.5 y),
 *        L20 relocatable → all `new`, first_listed 2023-12-31, listed_runs 1; the rest
 *        unchanged. new_listed_mu BK1 = 4 x 15 = 60, BK2 = 5 x 15 = 75.
 *   2024: L02 built up (FAR 1.08) and L06 paid its arrears → resolved (BK1 resolved 30 mu;
 *        L02 old_reclaimable 15 x (1 - 0.36 / 1.0) = 9.6, L06 0); L13 re-surveyed as L13R
 *        (3 m east, overlap 97 % ≥ 90 %) → persisting, match resurvey, from L13; L14 tax 30
 *        → new (BK2 15 mu); L05 halted 1.75 y < 2 → still efficient, unchanged.
 *   2025: L05 halted 2.75 y → idle, new (BK1 15 mu); L09 split into L09A (LE_TAX,
 *        persisting, listed_runs 3) and L09B (efficient → resolved, old_area 15 x 0.5 =
 *        7.5); L10 + L11 merged into L21 (LE_TAX 150 / 33 = 4.55 < 5 → persisting, first
 *        listed 2023-12-31 from L10, listed_runs 2 + 1 = 3); L12 removed → resolved,
 *        new_status removed, old_reclaimable 9.6. BK2 resolved 7.5 + 15 = 22.5, net −22.5.
 *        Old ids L09, L10, L11 never appear in `resolved`.
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

#include <gdal.h>
#include <ogr_api.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "e2e_helpers.h"

typedef struct {
    char *dir;    /* copy of testdata/ledger */
    char *ledger; /* dir/landscan-ledger.sqlite */
    e2e_result res[3];
    GDALDatasetH out[3]; /* 2023, 2024, 2025 */
} fixture;

static fixture F;
static const int years[3] = {2023, 2024, 2025};

static void dump(const char *what, const e2e_result *r)
{
    fprintf(stderr, "%s: exit %d\nstdout:\n%s\nstderr:\n%s\n", what, r->exit_code,
            r->out ? r->out : "", r->err ? r->err : "");
}

static int run_in(const char *cwd, e2e_result *res, const char *const *args)
{
    return e2e_run_in(cwd, res, args);
}

static int setup(void **state)
{
    (void)state;
    GDALAllRegister();
    F.dir = e2e_copy_case("../ledger");
    if (!F.dir)
        return -1;
    F.ledger = e2e_join(F.dir, "landscan-ledger.sqlite");
    for (int i = 0; i < 3; i++) {
        char run[32];
        snprintf(run, sizeof run, "%d/RUN.yaml", years[i]);
        const char *args[] = {"run", run, "--quiet", NULL};
        run_in(F.dir, &F.res[i], args);
        if (F.res[i].exit_code != 0)
            dump(run, &F.res[i]);
        char sub[64];
        snprintf(sub, sizeof sub, "%d/out/landscan.gpkg", years[i]);
        char *gpkg = e2e_join(F.dir, sub);
        F.out[i] = e2e_gpkg_open(gpkg);
        free(gpkg);
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    for (int i = 0; i < 3; i++) {
        if (F.out[i])
            GDALClose(F.out[i]);
        e2e_result_free(&F.res[i]);
    }
    if (F.dir)
        e2e_rm_rf(F.dir);
    free(F.dir);
    free(F.ledger);
    return 0;
}

/* ---- expected per-parcel ledger fields ------------------------------------------------- */

typedef struct expect {
    const char *id, *change, *first_listed;
    int listed_runs;
    const char *lists, *match, *matched_from;
} expect;

static void check_parcels(GDALDatasetH ds, const expect *e, size_t n, long count)
{
    assert_non_null(ds);
    assert_int_equal(e2e_layer_count(ds, "parcels"), count);
    for (size_t i = 0; i < n; i++) {
        e2e_assert_field_str(ds, "parcels", "parcel_id", e[i].id, "change", e[i].change);
        if (e[i].first_listed)
            e2e_assert_field_str(ds, "parcels", "parcel_id", e[i].id, "first_listed",
                                 e[i].first_listed);
        else
            e2e_assert_field_null(ds, "parcels", "parcel_id", e[i].id, "first_listed");
        e2e_assert_field_near(ds, "parcels", "parcel_id", e[i].id, "listed_runs", e[i].listed_runs);
        e2e_assert_field_str(ds, "parcels", "parcel_id", e[i].id, "lists", e[i].lists);
        e2e_assert_field_str(ds, "parcels", "parcel_id", e[i].id, "match", e[i].match);
        e2e_assert_field_str(ds, "parcels", "parcel_id", e[i].id, "matched_from",
                             e[i].matched_from);
    }
}

static void test_ledger__three_runs_exit_zero(void **state)
{
    (void)state;
    for (int i = 0; i < 3; i++) {
        assert_int_equal(F.res[i].exit_code, 0);
        assert_non_null(F.out[i]);
    }
    assert_true(e2e_file_exists(F.ledger));
}

static void test_ledger__first_run_lists_everything_new(void **state)
{
    (void)state;
    static const expect e[] = {
        {"L01", "unchanged", NULL, 0, "", NULL, NULL},
        {"L02", "new", "2023-12-31", 1, "low_efficiency", NULL, NULL},
        {"L03", "new", "2023-12-31", 1, "low_efficiency", NULL, NULL},
        {"L04", "new", "2023-12-31", 1, "idle;idle_mortgaged;halted_2y", NULL, NULL},
        {"L06", "new", "2023-12-31", 1, "low_efficiency;tax_arrears", NULL, NULL},
        {"L09", "new", "2023-12-31", 1, "low_efficiency", NULL, NULL},
        {"L10", "new", "2023-12-31", 1, "idle", NULL, NULL},
        {"L12", "new", "2023-12-31", 1, "low_efficiency", NULL, NULL},
        {"L13", "new", "2023-12-31", 1, "idle;halted_2y", NULL, NULL},
        {"L16", "unchanged", NULL, 0, "", NULL, NULL},
        {"L20", "new", "2023-12-31", 1, "relocatable", NULL, NULL},
    };
    check_parcels(F.out[0], e, sizeof e / sizeof e[0], 20);
    assert_int_equal(e2e_layer_count(F.out[0], "resolved"), 0);
    e2e_assert_field_near(F.out[0], "blocks", "block_id", "BK1", "new_listed_mu", 60.0);
    e2e_assert_field_near(F.out[0], "blocks", "block_id", "BK2", "new_listed_mu", 75.0);
    e2e_assert_field_near(F.out[0], "blocks", "block_id", "BK2", "resolved_mu", 0.0);
    e2e_assert_field_near(F.out[0], "districts", "name", "甲区", "net_listed_mu", 135.0);
}

static void test_ledger__second_run_resolves_and_matches_resurvey(void **state)
{
    (void)state;
    static const expect e[] = {
        {"L01", "unchanged", NULL, 0, "", "same_id", NULL},
        {"L02", "resolved", "2023-12-31", 1, "", "same_id", NULL},
        {"L03", "persisting", "2023-12-31", 2, "low_efficiency", "same_id", NULL},
        {"L05", "unchanged", NULL, 0, "", "same_id", NULL},
        {"L06", "resolved", "2023-12-31", 1, "", "same_id", NULL},
        {"L13R", "persisting", "2023-12-31", 2, "idle;halted_2y", "resurvey", "L13"},
        {"L14", "new", "2024-12-31", 1, "low_efficiency", "same_id", NULL},
        {"L20", "persisting", "2023-12-31", 2, "relocatable", "same_id", NULL},
    };
    check_parcels(F.out[1], e, sizeof e / sizeof e[0], 20);
    GDALDatasetH ds = F.out[1];
    const char *cols[] = {"parcel_id", "old_status", "new_status", "old_reclaimable_mu", NULL};
    char *dumped = e2e_table_dump(ds, "resolved", cols);
    assert_non_null(dumped);
    assert_string_equal(dumped, "L02|low_efficiency|efficient|9.6\n"
                                "L06|low_efficiency|efficient|0\n");
    free(dumped);
    e2e_assert_field_near(ds, "blocks", "block_id", "BK1", "new_listed_mu", 0.0);
    e2e_assert_field_near(ds, "blocks", "block_id", "BK1", "resolved_mu", 30.0);
    e2e_assert_field_near(ds, "blocks", "block_id", "BK1", "net_listed_mu", -30.0);
    e2e_assert_field_near(ds, "blocks", "block_id", "BK2", "new_listed_mu", 15.0);
    e2e_assert_field_near(ds, "blocks", "block_id", "BK2", "resolved_mu", 0.0);
    e2e_assert_field_near(ds, "districts", "name", "甲区", "net_listed_mu", -15.0);
}

/* The third year (2025) as derived in the header, whatever ledger it was compared with. */
static void check_third_run(GDALDatasetH ds)
{
    static const expect e[] = {
        {"L02", "unchanged", "2023-12-31", 1, "", "same_id", NULL},
        {"L04", "persisting", "2023-12-31", 3, "idle;idle_mortgaged;halted_2y", "same_id", NULL},
        {"L05", "new", "2025-12-31", 1, "idle;halted_2y", "same_id", NULL},
        {"L09A", "persisting", "2023-12-31", 3, "low_efficiency", "split", "L09"},
        {"L09B", "resolved", "2023-12-31", 2, "", "split", "L09"},
        {"L13R", "persisting", "2023-12-31", 3, "idle;halted_2y", "same_id", NULL},
        {"L14", "persisting", "2024-12-31", 2, "low_efficiency", "same_id", NULL},
        {"L21", "persisting", "2023-12-31", 3, "low_efficiency", "merge", "L10;L11"},
    };
    check_parcels(ds, e, sizeof e / sizeof e[0], 19);
    const char *cols[] = {"parcel_id",          "old_status",  "new_status",
                          "old_reclaimable_mu", "old_area_mu", NULL};
    char *dumped = e2e_table_dump(ds, "resolved", cols);
    assert_non_null(dumped);
    /* L09, L10, L11 are matched: never in resolved; L12 is gone */
    assert_string_equal(dumped, "L09B|low_efficiency|efficient|0|7.5\n"
                                "L12|low_efficiency|removed|9.6|15\n");
    free(dumped);
    e2e_assert_field_near(ds, "blocks", "block_id", "BK1", "new_listed_mu", 15.0);
    e2e_assert_field_near(ds, "blocks", "block_id", "BK1", "resolved_mu", 0.0);
    e2e_assert_field_near(ds, "blocks", "block_id", "BK2", "new_listed_mu", 0.0);
    e2e_assert_field_near(ds, "blocks", "block_id", "BK2", "resolved_mu", 22.5);
    e2e_assert_field_near(ds, "blocks", "block_id", "BK2", "net_listed_mu", -22.5);
    e2e_assert_field_near(ds, "districts", "name", "甲区", "new_listed_mu", 15.0);
    e2e_assert_field_near(ds, "districts", "name", "甲区", "resolved_mu", 22.5);
    e2e_assert_field_near(ds, "districts", "name", "甲区", "net_listed_mu", -7.5);
}

static void test_ledger__third_run_split_merge_removed(void **state)
{
    (void)state;
    check_third_run(F.out[2]);
}

/* ---- the ledger database itself (read with SQLite, not landscan) ------------------------ */

static long sql_long(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    long v = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        v = (long)sqlite3_column_int64(st, 0);
    else
        fail_msg("SQL failed: %s (%s)", sql, sqlite3_errmsg(db));
    sqlite3_finalize(st);
    return v;
}

/* The parcels of the three runs, their geometries and lists (schema 3), however recorded. */
static void check_parcel_tables(sqlite3 *db)
{
    assert_int_equal(sql_long(db, "PRAGMA user_version"), 3);
    assert_int_equal(sql_long(db, "SELECT count(*) FROM run_parcels"), 20 + 20 + 19);
    assert_int_equal(sql_long(db, "SELECT count(*) FROM run_parcels WHERE geom_id IS NULL"), 0);
    /* each geometry once: the 20 of 2023; 2024 adds L13R (re-surveyed 3 m east), the other
     * 19 are unchanged; 2025 adds L09A, L09B (the split) and L21 (the merge) */
    assert_int_equal(sql_long(db, "SELECT count(*) FROM geometries"), 20 + 1 + 3);
    assert_int_equal(sql_long(db, "SELECT count(*) FROM run_parcels a JOIN run_parcels b ON"
                                  " b.run_id = 2 AND b.parcel_id = a.parcel_id WHERE a.run_id = 1"
                                  " AND a.geom_id = b.geom_id"),
                     19);
    assert_int_equal(sql_long(db, "SELECT count(*) FROM run_parcels WHERE run_id = 3 AND geom_id"
                                  " IN (SELECT geom_id FROM run_parcels WHERE run_id = 2)"),
                     19 - 3);
    assert_int_equal(sql_long(db, "SELECT count(*) FROM pragma_table_info('run_parcels')"
                                  " WHERE name = 'geom'"),
                     0);
    assert_int_equal(sql_long(db, "SELECT count(*) FROM geometry_columns WHERE f_table_name ="
                                  " 'geometries' AND geometry_type = 6 AND srid = 4549"),
                     1);
    assert_int_equal(sql_long(db, "SELECT count(*) FROM geometry_columns"), 1);
    /* SpatiaLite's insert triggers are back after the record */
    assert_int_equal(sql_long(db, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND"
                                  " name IN ('ggi_geometries_geom', 'tmi_geometries_geom')"),
                     2);
    /* the three lists of seed 001, per run */
    assert_int_equal(sql_long(db, "SELECT count(*) FROM list_members WHERE run_id = 1 AND"
                                  " list = 'tax_arrears'"),
                     1);
    assert_int_equal(sql_long(db, "SELECT count(*) FROM list_members WHERE run_id = 2 AND"
                                  " list = 'tax_arrears'"),
                     0);
    assert_int_equal(sql_long(db, "SELECT count(*) FROM list_members WHERE run_id = 3 AND"
                                  " list = 'halted_2y'"),
                     3);
    assert_int_equal(sql_long(db, "SELECT count(*) FROM list_members WHERE run_id = 3 AND"
                                  " list = 'idle_mortgaged'"),
                     1);
    /* a view of run_parcels.lists (schema 3), not a copy */
    assert_int_equal(sql_long(db, "SELECT count(*) FROM sqlite_master WHERE type = 'view' AND"
                                  " name = 'list_members'"),
                     1);
}

static void test_ledger__database_holds_runs_lists_and_geometry(void **state)
{
    (void)state;
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open_v2(F.ledger, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(sql_long(db, "PRAGMA application_id"), 0x4C534C44);
    assert_int_equal(sql_long(db, "SELECT value FROM landscan_meta WHERE key = 'schema_version'"),
                     3);
    assert_int_equal(sql_long(db, "SELECT count(*) FROM runs"), 3);
    assert_int_equal(sql_long(db, "SELECT previous_run_id FROM runs WHERE run_id = 3"), 2);
    assert_int_equal(sql_long(db, "SELECT count(*) FROM runs WHERE previous_run_id IS NULL"), 1);
    assert_int_equal(sql_long(db, "SELECT count(*) FROM runs WHERE length(rules_sha256) = 64"), 3);
    assert_int_equal(sql_long(db, "SELECT count(*) FROM run_info WHERE run_id = 1 AND"
                                  " key = 'input_parcels_sha256' AND length(value) = 64"),
                     1);
    /* every key of the GeoPackage's run_info, the write times (known last) included */
    assert_int_equal(sql_long(db, "SELECT count(*) FROM run_info WHERE run_id = 3 AND"
                                  " key IN ('time_write_gpkg_s', 'time_write_reports_s',"
                                  " 'time_write_s', 'count_parcels', 'rules_resolved')"),
                     5);
    check_parcel_tables(db);
    assert_int_equal(sql_long(db, "SELECT count(*) FROM resolved WHERE run_id = 3"), 2);
    assert_int_equal(sql_long(db, "SELECT round(resolved_mu * 10) FROM area_totals WHERE"
                                  " run_id = 3 AND kind = 'block' AND area = 'BK2'"),
                     225);
    sqlite3_close(db);
}

/* The ledger opens as a SpatiaLite layer (GDAL reads it as QGIS does): `geometries` holds the
 * distinct parcels; a run's parcels with their geometry through run_parcels.geom_id. */
static double ledger_sql_real(const char *ledger, const char *sql)
{
    GDALDatasetH ds = GDALOpenEx(ledger, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    assert_non_null(ds);
    OGRLayerH lyr = GDALDatasetExecuteSQL(ds, sql, NULL, NULL);
    assert_non_null(lyr);
    OGRFeatureH f = OGR_L_GetNextFeature(lyr);
    assert_non_null(f);
    double v = OGR_F_GetFieldAsDouble(f, 0);
    OGR_F_Destroy(f);
    GDALDatasetReleaseResultSet(ds, lyr);
    GDALClose(ds);
    return v;
}

static void check_ledger_layer(const char *ledger, long geometries)
{
    GDALDatasetH ds = GDALOpenEx(ledger, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    assert_non_null(ds);
    assert_int_equal(e2e_layer_count(ds, "geometries"), geometries);
    GDALClose(ds);
    /* L13 of 2023: 100 m x 100 m; L21 of 2025 = L10 + the 20 m gap + L11: 220 m x 100 m */
    assert_true(fabs(ledger_sql_real(ledger, "SELECT ST_Area(g.geom) FROM run_parcels p JOIN"
                                             " geometries g ON g.geom_id = p.geom_id WHERE"
                                             " p.run_id = 1 AND p.parcel_id = 'L13'") -
                     10000.0) < 1e-6);
    assert_true(fabs(ledger_sql_real(ledger, "SELECT ST_Area(g.geom) FROM run_parcels p JOIN"
                                             " geometries g ON g.geom_id = p.geom_id WHERE"
                                             " p.run_id = 3 AND p.parcel_id = 'L21'") -
                     22000.0) < 1e-6);
}

static void test_ledger__ledger_opens_as_a_spatialite_layer(void **state)
{
    (void)state;
    check_ledger_layer(F.ledger, 24);
}

/* A ledger written by schema 2 (testdata/ledger-v2: 2023 and 2024 by landscan at 2c96915, one
 * geometry per parcel and run in run_parcels) is upgraded by the 2025 run: the same third year
 * as on a ledger recorded by this version, the old runs' geometries moved into `geometries`
 * once each (20 of 2023 + L13R of 2024), the column and its index gone. */
static void test_ledger__schema_2_ledger_is_upgraded(void **state)
{
    (void)state;
    char *dir = e2e_copy_case("../ledger");
    assert_non_null(dir);
    char *ledger = e2e_join(dir, "landscan-ledger.sqlite");
    char *fixture_dir = e2e_case_src("../ledger-v2");
    char *v2 = e2e_join(fixture_dir, "landscan-ledger.sqlite");
    size_t len = 0;
    char *bytes = e2e_read_file(v2, &len);
    assert_non_null(bytes);
    FILE *f = fopen(ledger, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(bytes, 1, len, f), len);
    fclose(f);
    free(bytes);
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open_v2(ledger, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(sql_long(db, "PRAGMA user_version"), 2);
    assert_int_equal(sql_long(db, "SELECT count(*) FROM run_parcels WHERE geom IS NOT NULL"), 40);
    sqlite3_close(db);

    const char *args[] = {"run", "2025/RUN.yaml", "--quiet", NULL};
    e2e_result r;
    run_in(dir, &r, args);
    if (r.exit_code != 0)
        dump("2025 on a schema-2 ledger", &r);
    assert_int_equal(r.exit_code, 0);
    e2e_result_free(&r);
    char *gpkg = e2e_join(dir, "2025/out/landscan.gpkg");
    GDALDatasetH out = e2e_gpkg_open(gpkg);
    check_third_run(out);
    GDALClose(out);

    assert_int_equal(sqlite3_open_v2(ledger, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(sql_long(db, "SELECT value FROM landscan_meta WHERE key = 'schema_version'"),
                     3);
    assert_int_equal(sql_long(db, "SELECT count(*) FROM runs"), 3);
    check_parcel_tables(db);
    assert_int_equal(sql_long(db, "SELECT count(*) FROM sqlite_master WHERE name LIKE"
                                  " '%run_parcels_geom%'"),
                     0);
    assert_int_equal(sql_long(db, "SELECT count(*) FROM geometry_columns"), 1);
    assert_int_equal(sql_long(db, "SELECT count(*) FROM resolved WHERE run_id = 2"), 2);
    sqlite3_close(db);
    check_ledger_layer(ledger, 24);

    /* the verbs read the old runs as before: run 1 listed 9 parcels (135 mu) as new; the
     * diff of 1 and 2 carries geometry */
    const char *show[] = {"ledger", "show", "1", "--ledger", "landscan-ledger.sqlite", NULL};
    run_in(dir, &r, show);
    assert_int_equal(r.exit_code, 0);
    assert_non_null(strstr(r.out, "  new  9  135.00\n"));
    e2e_result_free(&r);
    const char *diff[] = {"ledger", "diff",  "1", "2", "--ledger", "landscan-ledger.sqlite",
                          "-o",     "ldiff", NULL};
    run_in(dir, &r, diff);
    assert_int_equal(r.exit_code, 0);
    e2e_result_free(&r);
    char *dpath = e2e_join(dir, "ldiff/ledger-diff.gpkg");
    GDALDatasetH d = e2e_gpkg_open(dpath);
    assert_non_null(d);
    OGRLayerH lyr = GDALDatasetGetLayerByName(d, "diff");
    assert_non_null(lyr);
    long with_geom = 0, n = 0;
    OGRFeatureH feat;
    OGR_L_ResetReading(lyr);
    while ((feat = OGR_L_GetNextFeature(lyr)) != NULL) {
        n++;
        with_geom += OGR_F_GetGeometryRef(feat) != NULL;
        OGR_F_Destroy(feat);
    }
    assert_true(n > 0);
    assert_int_equal(with_geom, n);
    GDALClose(d);
    free(dpath);
    free(gpkg);
    free(v2);
    free(fixture_dir);
    free(ledger);
    e2e_rm_rf(dir);
    free(dir);
}

/* ---- failure paths ---------------------------------------------------------------------- */

/* A copy of YEAR/RUN.yaml named RUN-<tag>.yaml with its ledger line replaced. */
static char *run_file_with_ledger(int year, const char *tag, const char *ledger_line)
{
    char rel[64];
    snprintf(rel, sizeof rel, "%d/RUN.yaml", year);
    char *src = e2e_join(F.dir, rel);
    size_t len = 0;
    char *text = e2e_read_file(src, &len);
    assert_non_null(text);
    const char *key = "ledger: ../landscan-ledger.sqlite\n";
    char *at = strstr(text, key);
    assert_non_null(at);
    snprintf(rel, sizeof rel, "%d/RUN-%s.yaml", year, tag);
    char *dst = e2e_join(F.dir, rel);
    FILE *f = fopen(dst, "w");
    assert_non_null(f);
    fwrite(text, 1, (size_t)(at - text), f);
    fprintf(f, "%s\n", ledger_line);
    fputs(at + strlen(key), f);
    fclose(f);
    free(text);
    free(src);
    free(dst);
    char *name = malloc(64);
    snprintf(name, 64, "%d/RUN-%s.yaml", year, tag);
    return name;
}

static void test_ledger__failed_run_leaves_ledger_unchanged(void **state)
{
    (void)state;
    size_t len0 = 0;
    char *before = e2e_read_file(F.ledger, &len0);
    assert_non_null(before);
    /* the output folder cannot be created (a file is in the way): fails after the ledger was
     * read, before anything is recorded */
    char *blocker = e2e_join(F.dir, "blocker");
    FILE *f = fopen(blocker, "w");
    fputs("x", f);
    fclose(f);
    char *out = e2e_join(blocker, "out");
    const char *args[] = {"run", "2025/RUN.yaml", "-o", out, "--quiet", NULL};
    e2e_result r;
    run_in(F.dir, &r, args);
    if (r.exit_code == 0)
        dump("run into an impossible folder", &r);
    assert_int_equal(r.exit_code, 1);
    e2e_result_free(&r);
    /* a broken input on a re-run of the third year */
    char *parcels = e2e_join(F.dir, "2025/parcels.geojson");
    size_t plen = 0;
    char *saved = e2e_read_file(parcels, &plen);
    f = fopen(parcels, "w");
    fputs("{ not json", f);
    fclose(f);
    const char *args2[] = {"run", "2025/RUN.yaml", "-o", "out-bad", "--quiet", NULL};
    run_in(F.dir, &r, args2);
    assert_int_equal(r.exit_code, 1);
    e2e_result_free(&r);
    f = fopen(parcels, "wb");
    fwrite(saved, 1, plen, f);
    fclose(f);
    size_t len1 = 0;
    char *after = e2e_read_file(F.ledger, &len1);
    assert_non_null(after);
    assert_int_equal(len0, len1);
    assert_memory_equal(before, after, len0);
    free(before);
    free(after);
    free(saved);
    free(parcels);
    free(out);
    free(blocker);
}

/* A record that fails once the outputs are written — at the parcels (on the record's thread)
 * or at run_info (just before COMMIT): the run says so and fails, the outputs are in place,
 * the ledger is byte-identical. The failure is a trigger added to a copy of the ledger. */
static void record_fails_at(const char *table)
{
    char tag[64], line[128], name[64];
    snprintf(tag, sizeof tag, "fail-%s", table);
    snprintf(name, sizeof name, "failing-%s.sqlite", table);
    snprintf(line, sizeof line, "ledger: ../%s", name);
    char *copy = e2e_join(F.dir, name);
    size_t len = 0;
    char *bytes = e2e_read_file(F.ledger, &len);
    assert_non_null(bytes);
    FILE *f = fopen(copy, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(bytes, 1, len, f), len);
    fclose(f);
    free(bytes);
    sqlite3 *db = NULL;
    char sql[256];
    snprintf(sql, sizeof sql,
             "CREATE TRIGGER test_fail BEFORE INSERT ON %s BEGIN SELECT RAISE(ABORT,"
             " 'refused by the test'); END",
             table);
    assert_int_equal(sqlite3_open_v2(copy, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    char *before = e2e_read_file(copy, &len);
    assert_non_null(before);

    char *run = run_file_with_ledger(2025, tag, line);
    char out[80];
    snprintf(out, sizeof out, "out-%s", tag);
    const char *args[] = {"run", run, "-o", out, "--quiet", NULL};
    e2e_result r;
    run_in(F.dir, &r, args);
    assert_int_not_equal(r.exit_code, 0);
    assert_non_null(strstr(r.err, "refused by the test"));
    assert_non_null(strstr(r.err, "the outputs are written, the run is not recorded"));
    e2e_result_free(&r);
    char rel[128];
    snprintf(rel, sizeof rel, "%s/landscan.gpkg", out);
    char *gpkg = e2e_join(F.dir, rel);
    assert_true(e2e_file_exists(gpkg));
    size_t len1 = 0;
    char *after = e2e_read_file(copy, &len1);
    assert_non_null(after);
    assert_int_equal(len, len1);
    assert_memory_equal(before, after, len);
    free(after);
    free(before);
    free(gpkg);
    free(run);
    free(copy);
}

static void test_ledger__failed_record_says_outputs_written(void **state)
{
    (void)state;
    record_fails_at("run_parcels");
    record_fails_at("run_info");
}

static void refused(const char *tag, const char *content_kind, const char *expect_msg)
{
    char *path = e2e_join(F.dir, tag);
    if (strcmp(content_kind, "text") == 0) {
        FILE *f = fopen(path, "w");
        fputs("name,value\nnot,a database\n", f);
        fclose(f);
    } else {
        sqlite3 *db = NULL;
        assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
        assert_int_equal(
            sqlite3_exec(db, "CREATE TABLE t (x); INSERT INTO t VALUES (1);", NULL, NULL, NULL),
            SQLITE_OK);
        sqlite3_close(db);
    }
    size_t len0 = 0;
    char *before = e2e_read_file(path, &len0);
    char line[256];
    snprintf(line, sizeof line, "ledger: ../%s", tag);
    char *run = run_file_with_ledger(2023, tag, line);
    char out[64];
    snprintf(out, sizeof out, "out-%s", tag);
    const char *args[] = {"run", run, "-o", out, "--quiet", NULL};
    e2e_result r;
    run_in(F.dir, &r, args);
    if (r.exit_code != 1 || !e2e_contains_ci(r.err, expect_msg))
        dump(tag, &r);
    assert_int_equal(r.exit_code, 1);
    assert_true(e2e_contains_ci(r.err, expect_msg));
    assert_true(e2e_contains_ci(r.err, tag)); /* the message names the file */
    size_t len1 = 0;
    char *after = e2e_read_file(path, &len1);
    assert_int_equal(len0, len1);
    assert_memory_equal(before, after, len0);
    char *gpkg = e2e_join(F.dir, out);
    char *g2 = e2e_join(gpkg, "landscan.gpkg");
    assert_false(e2e_file_exists(g2)); /* refused before anything was written */
    free(g2);
    free(gpkg);
    e2e_result_free(&r);
    free(before);
    free(after);
    free(run);
    free(path);
}

static void test_ledger__refuses_a_file_that_is_not_sqlite(void **state)
{
    (void)state;
    refused("notes.csv", "text", "not a SQLite database");
}

static void test_ledger__refuses_a_foreign_sqlite_database(void **state)
{
    (void)state;
    refused("other.sqlite", "sqlite", "not a landscan ledger");
}

/* Two runs recording into one new ledger at the same moment both land. */
static void test_ledger__two_concurrent_runs_both_land(void **state)
{
    (void)state;
    char *run = run_file_with_ledger(2023, "conc", "ledger: ../concurrent.sqlite");
    pid_t pids[2];
    for (int i = 0; i < 2; i++) {
        pids[i] = fork();
        assert_true(pids[i] >= 0);
        if (pids[i] == 0) {
            char out[32];
            snprintf(out, sizeof out, "out-conc-%d", i);
            const char *args[] = {"run", run, "-o", out, "--quiet", NULL};
            e2e_result r;
            run_in(F.dir, &r, args);
            if (r.exit_code != 0)
                dump("concurrent run", &r);
            _exit(r.exit_code == 0 ? 0 : 1);
        }
    }
    for (int i = 0; i < 2; i++) {
        int status = 0;
        assert_int_equal(waitpid(pids[i], &status, 0), pids[i]);
        assert_true(WIFEXITED(status));
        assert_int_equal(WEXITSTATUS(status), 0);
    }
    char *path = e2e_join(F.dir, "concurrent.sqlite");
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(sql_long(db, "SELECT count(*) FROM runs"), 2);
    assert_int_equal(sql_long(db, "SELECT count(*) FROM run_parcels"), 40);
    assert_int_equal(sql_long(db, "SELECT count(DISTINCT output_dir) FROM runs"), 2);
    sqlite3_close(db);
    free(path);
    free(run);
}

static void test_ledger__no_ledger_and_check_write_no_ledger(void **state)
{
    (void)state;
    char *run = run_file_with_ledger(2023, "none", "ledger: ../never.sqlite");
    char *path = e2e_join(F.dir, "never.sqlite");
    const char *check[] = {"check", run, "--quiet", NULL};
    e2e_result r;
    run_in(F.dir, &r, check);
    assert_int_equal(r.exit_code, 0);
    e2e_result_free(&r);
    assert_false(e2e_file_exists(path));
    const char *args[] = {"run", run, "-o", "out-none", "--no-ledger", "--quiet", NULL};
    run_in(F.dir, &r, args);
    if (r.exit_code != 0)
        dump("--no-ledger", &r);
    assert_int_equal(r.exit_code, 0);
    e2e_result_free(&r);
    assert_false(e2e_file_exists(path));
    char *gpkg = e2e_join(F.dir, "out-none/landscan.gpkg");
    GDALDatasetH ds = e2e_gpkg_open(gpkg);
    assert_non_null(ds);
    assert_false(e2e_layer_has_field(ds, "parcels", "change"));
    assert_int_equal(e2e_layer_count(ds, "resolved"), -1);
    GDALClose(ds);
    free(gpkg);
    free(path);
    free(run);
}

/* ---- the ledger verbs -------------------------------------------------------------------- */

static void test_ledger__cli_list_show_diff(void **state)
{
    (void)state;
    e2e_result r;
    const char *list[] = {"ledger", "list", "--ledger", F.ledger, NULL};
    run_in(F.dir, &r, list);
    assert_int_equal(r.exit_code, 0);
    assert_true(e2e_contains_ci(r.out, "2023-12-31"));
    assert_true(e2e_contains_ci(r.out, "2025-12-31"));
    assert_true(e2e_contains_ci(r.out, "甲区 2024 年度工业用地评价")); /* names differ by year */
    e2e_result_free(&r);

    const char *show[] = {"ledger", "show", "3", "--ledger", F.ledger, NULL};
    run_in(F.dir, &r, show);
    assert_int_equal(r.exit_code, 0);
    assert_true(e2e_contains_ci(r.out, "previous run     2"));
    assert_true(e2e_contains_ci(r.out, "L12  low_efficiency  removed  9.60"));
    assert_true(e2e_contains_ci(r.out, "halted_2y  3  45.00"));
    e2e_result_free(&r);

    const char *missing[] = {"ledger", "show", "9", "--ledger", F.ledger, NULL};
    run_in(F.dir, &r, missing);
    assert_int_equal(r.exit_code, 1);
    assert_true(e2e_contains_ci(r.err, "no run 9"));
    e2e_result_free(&r);

    const char *diff[] = {"ledger", "diff", "2", "3", "-o", "diffout", "--ledger", F.ledger, NULL};
    char *dd = e2e_join(F.dir, "diffout");
    mkdir(dd, 0777);
    run_in(F.dir, &r, diff);
    if (r.exit_code != 0)
        dump("ledger diff", &r);
    assert_int_equal(r.exit_code, 0);
    e2e_result_free(&r);
    char *gpkg = e2e_join(dd, "ledger-diff.gpkg");
    GDALDatasetH ds = e2e_gpkg_open(gpkg);
    assert_non_null(ds);
    /* added L09A L09B L21; removed L09 L10 L11 L12; status L05 */
    assert_int_equal(e2e_layer_count(ds, "diff"), 8);
    e2e_assert_field_str(ds, "diff", "parcel_id", "L12", "kind", "removed");
    e2e_assert_field_str(ds, "diff", "parcel_id", "L21", "matched_from_b", "L10;L11");
    e2e_assert_field_str(ds, "diff", "parcel_id", "L05", "status_b", "idle");
    GDALClose(ds);
    run_in(F.dir, &r, diff); /* exists → refused without --force */
    assert_int_equal(r.exit_code, 1);
    e2e_result_free(&r);
    free(gpkg);
    free(dd);

    const char *usage[] = {"ledger", "show", NULL};
    run_in(F.dir, &r, usage);
    assert_int_equal(r.exit_code, 2);
    e2e_result_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ledger__three_runs_exit_zero),
        cmocka_unit_test(test_ledger__first_run_lists_everything_new),
        cmocka_unit_test(test_ledger__second_run_resolves_and_matches_resurvey),
        cmocka_unit_test(test_ledger__third_run_split_merge_removed),
        cmocka_unit_test(test_ledger__database_holds_runs_lists_and_geometry),
        cmocka_unit_test(test_ledger__ledger_opens_as_a_spatialite_layer),
        cmocka_unit_test(test_ledger__schema_2_ledger_is_upgraded),
        cmocka_unit_test(test_ledger__cli_list_show_diff),
        cmocka_unit_test(test_ledger__failed_run_leaves_ledger_unchanged),
        cmocka_unit_test(test_ledger__failed_record_says_outputs_written),
        cmocka_unit_test(test_ledger__refuses_a_file_that_is_not_sqlite),
        cmocka_unit_test(test_ledger__refuses_a_foreign_sqlite_database),
        cmocka_unit_test(test_ledger__two_concurrent_runs_both_land),
        cmocka_unit_test(test_ledger__no_ledger_and_check_write_no_ledger),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
