/*
 * test_run_measure.c — end-to-end: `landscan run` on testdata/e2e/measure, the overlay and
 * measures of domain.md §1 read back from DIR/landscan.gpkg.
 *
 * Fixture (scripts/make_e2e_testdata.py; offsets in metres from (500000, 3300000), EPSG:4549;
 * all inputs in inputs.gpkg, enterprises in qy.csv):
 *   A01 [0,100]x[0,100]      no control line at all, and the first feature (lowest fid)
 *   A02 [200,300]x[0,100]    control K1 tier 1 [250,350]x[0,100], K2 tier 2 [220,280]x[50,150]
 *   A03 bow-tie (400,0)-(500,100)-(500,0)-(400,100)-(400,0)
 *   A04 [600,700]x[0,100]    half of building G1 [650,750]x[20,60], 3 floors, 9 m
 *   A05 [700,800]x[0,100]    other half of G1; G2 [720,780]x[70,90] with JZMJ 5000
 *   A06 [900,1000]x[0,100]   G3 [910,960]x[10,50] 2 floors 20 m; G4 [910,960]x[60,90] 2 floors 16 m
 *   A07 [0,100]x[200,300]    touches no block
 *   A08 [200,300]x[200,300]  B2 [150,260]x[150,350] and B3 [260,400]x[150,350]
 *   A09 [500,600]x[200,300]  B5 [450,550]x[150,350] (written first) and B4 [550,650]x[150,350]
 *   A10 [820,880]x[340,440]  towns 一镇 (甲区) [-100,850]x[-100,400], 二镇 (甲区)
 * [850,1100]x[-100,400], 三镇 (乙区) [-100,1100]x[400,700] A11 [0,100]x[500,600]    inside 三镇 /
 * 乙区 Block B1 [-50,1050]x[-50,150] holds A01..A06. A08 also carries G5 [210,260]x[210,250] and G6
 * [240,290]x[230,270], 1 floor, 5 m each, overlapping each other by [240,260]x[230,250] = 400 m2.
 *   Enterprises: E1 ZDDM=A04 tax 20 with its point inside A01 (the key wins); E2 no key, point
 *   (760,30) inside A05, tax 30; E3 no key, point (150,150) on no parcel.
 *
 * Expected numbers are derived by hand in each test and, for the overlay measures, checked
 * again against SpatiaLite (MakeValid, ST_Union, ST_Intersection, ST_Area) through OGR SQL on
 * the same inputs.gpkg.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <setjmp.h>
#include <cmocka.h>

#include <gdal.h>

#include "e2e_helpers.h"

typedef struct {
    e2e_result res;
    char *case_dir, *out_dir, *gpkg_path;
    GDALDatasetH out;    /* DIR/landscan.gpkg */
    GDALDatasetH inputs; /* the copied inputs.gpkg, for SpatiaLite cross-checks */
} fixture;

static fixture F;

static int setup(void **state)
{
    (void)state;
    GDALAllRegister();
    e2e_run_case("measure", NULL, &F.res, &F.case_dir, &F.out_dir);
    if (F.out_dir) {
        F.gpkg_path = e2e_join(F.out_dir, "landscan.gpkg");
        F.out = e2e_gpkg_open(F.gpkg_path);
    }
    if (F.case_dir) {
        char *p = e2e_join(F.case_dir, "inputs.gpkg");
        F.inputs = e2e_gpkg_open(p);
        free(p);
    }
    if (F.res.exit_code != 0)
        fprintf(stderr, "landscan run (measure) exit %d\nstdout:\n%s\nstderr:\n%s\n",
                F.res.exit_code, F.res.out, F.res.err);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    if (F.out)
        GDALClose(F.out);
    if (F.inputs)
        GDALClose(F.inputs);
    e2e_rm_rf(F.out_dir);
    e2e_rm_rf(F.case_dir);
    free(F.out_dir);
    free(F.case_dir);
    free(F.gpkg_path);
    e2e_result_free(&F.res);
    return 0;
}

/* Every test needs a successful run and a readable GeoPackage. */
static void require_run(void)
{
    if (F.res.exit_code != 0)
        fail_msg("landscan exited %d: %s", F.res.exit_code, F.res.err);
    if (!F.out)
        fail_msg("cannot open %s", F.gpkg_path ? F.gpkg_path : "(no output)");
}

#define NEAR(id, field, expected)                                                                  \
    e2e_assert_field_near(F.out, "parcels", "parcel_id", id, field, expected)
#define STR(id, field, expected)                                                                   \
    e2e_assert_field_str(F.out, "parcels", "parcel_id", id, field, expected)

/* SpatiaLite on the inputs: returns the value of a one-cell query, failing the test when the
 * query does not run. */
static double spatialite(const char *fmt, const char *id)
{
    char sql[2048];
    snprintf(sql, sizeof sql, fmt, id);
    double v = 0;
    int rc = e2e_sql_double(F.inputs, sql, &v);
    if (rc == E2E_NULL)
        return 0.0;
    if (rc != E2E_OK)
        fail_msg("SpatiaLite query failed: %s", sql);
    return v;
}

static void test_run__exit_zero(void **state)
{
    (void)state;
    assert_int_equal(F.res.exit_code, 0);
    assert_non_null(F.out);
}

/* A01 is the first parcel and touches no control polygon: the measures are 0, not NULL, and
 * the tier is empty. A01 is 100 x 100 = 10000 m2 = 15 mu. */
static void test_measure__first_parcel_without_control_is_zero(void **state)
{
    (void)state;
    require_run();
    NEAR("A01", "area_m2", 10000.0);
    NEAR("A01", "area_mu", 15.0);
    NEAR("A01", "inside_control_m2", 0.0);
    NEAR("A01", "control_share", 0.0);
    STR("A01", "control_tier", NULL);
    NEAR("A01", "footprint_m2", 0.0);
    NEAR("A01", "floor_area_m2", 0.0);
}

/* A02 [200,300]x[0,100]. K1 ∩ A02 = [250,300]x[0,100] = 5000; K2 ∩ A02 = [220,280]x[50,100] =
 * 3000; K1 ∩ K2 ∩ A02 = [250,280]x[50,100] = 1500. Union: 5000 + 3000 - 1500 = 6500 (the sum,
 * 8000, would double count). share 0.65; tier of the largest overlap (K1, 5000) = "1". */
static void test_measure__overlapping_control_counted_once(void **state)
{
    (void)state;
    require_run();
    NEAR("A02", "inside_control_m2", 6500.0);
    NEAR("A02", "control_share", 0.65);
    STR("A02", "control_tier", "1");
}

/* The same numbers from SpatiaLite: area(A02 ∩ ST_Union(all control polygons)). */
static void test_measure__control_matches_spatialite(void **state)
{
    (void)state;
    require_run();
    if (!F.inputs)
        fail_msg("cannot open the copied inputs.gpkg");
    const char *ids[] = {"A01", "A02", "A03", "A04", "A10", NULL};
    for (size_t i = 0; ids[i]; i++) {
        double area =
            spatialite("SELECT ST_Area(MakeValid(geom)) FROM zd WHERE ZDDM = '%s'", ids[i]);
        double inside = spatialite(
            "SELECT ST_Area(ST_Intersection(MakeValid(p.geom), (SELECT ST_Union(geom) FROM kzx))) "
            "FROM zd p WHERE p.ZDDM = '%s'",
            ids[i]);
        /* landscan's value against SpatiaLite's (the message prints both) */
        NEAR(ids[i], "area_m2", area);
        NEAR(ids[i], "inside_control_m2", inside);
        NEAR(ids[i], "control_share", inside / area);
    }
}

/* A03, the bow-tie (400,0)-(500,100)-(500,0)-(400,100): the edges cross at (450,50). MakeValid
 * (linework) keeps both triangles, (400,0)-(450,50)-(400,100) and (450,50)-(500,100)-(500,0),
 * each 100 x 50 / 2 = 2500 → 5000 m2 (buffer(0) would keep only one: 2500). A data_quality
 * row names the parcel and the repair; A01 (valid) gets no such row. */
static void test_measure__bowtie_repaired_keeping_both_triangles(void **state)
{
    (void)state;
    require_run();
    NEAR("A03", "area_m2", 5000.0);
    NEAR("A03", "area_mu", 7.5);
    double sl = spatialite("SELECT ST_Area(MakeValid(geom)) FROM zd WHERE ZDDM = '%s'", "A03");
    e2e_assert_near(sl, 5000.0, "SpatiaLite MakeValid area of the bow-tie");

    const char *cols[] = {"layer", "feature", "problem", "action", NULL};
    char *dump = e2e_table_dump(F.out, "data_quality", cols);
    if (!dump)
        fail_msg("no data_quality table");
    int found = 0, found_a01 = 0;
    for (char *line = strtok(dump, "\n"); line; line = strtok(NULL, "\n")) {
        /* the feature is named by parcel id (or, tolerated, by fid 3) */
        char *bar = strchr(line, '|');
        if (!bar)
            continue;
        const char *feat = bar + 1;
        int names_a03 = strncmp(feat, "A03", 3) == 0 || strstr(feat, "A03") != NULL ||
                        strncmp(feat, "3|", 2) == 0;
        int names_a01 = strncmp(feat, "A01|", 4) == 0;
        int about_repair = e2e_contains_ci(line, "valid") || e2e_contains_ci(line, "repair") ||
                           e2e_contains_ci(line, "self") || strstr(line, "修复") ||
                           strstr(line, "无效") || strstr(line, "自相交");
        if (names_a03 && about_repair)
            found = 1;
        if (names_a01 && about_repair)
            found_a01 = 1;
    }
    free(dump);
    if (!found)
        fail_msg("no data_quality row about repairing the geometry of A03");
    assert_false(found_a01);
}

/* G1 [650,750]x[20,60]: 100 x 40 = 4000 m2, 3 floors, 9 m (3 m a storey, not tall) → 12000 m2.
 * Half of it on A04 and half on A05: footprint 2000 each, floor area 6000 each.
 * G2 [720,780]x[70,90] = 1200 m2 on A05 with JZMJ 5000 → 5000 as is (not 1200 x 2).
 * A04: footprint 2000, floor 6000, far 0.6, coverage 0.2.
 * A05: footprint 3200, floor 11000, far 1.1, coverage 0.32. */
static void test_measure__building_apportioned_by_overlap(void **state)
{
    (void)state;
    require_run();
    NEAR("A04", "footprint_m2", 2000.0);
    NEAR("A04", "floor_area_m2", 6000.0);
    NEAR("A04", "far", 0.6);
    NEAR("A04", "coverage", 0.2);
    NEAR("A05", "footprint_m2", 3200.0);
    NEAR("A05", "floor_area_m2", 11000.0);
    NEAR("A05", "far", 1.1);
    NEAR("A05", "coverage", 0.32);
}

/* G3 [910,960]x[10,50] = 2000 m2, 2 floors, 20 m: 20 / 2 = 10 > 8 → counted as 4 floors → 8000.
 * G4 [910,960]x[60,90] = 1500 m2, 2 floors, 16 m: 16 / 2 = 8, not > 8 → 2 floors → 3000.
 * A06: footprint 3500, floor 11000, far 1.1, coverage 0.35. */
static void test_measure__tall_storey_counts_twice_only_above_8m(void **state)
{
    (void)state;
    require_run();
    NEAR("A06", "footprint_m2", 3500.0);
    NEAR("A06", "floor_area_m2", 11000.0);
    NEAR("A06", "far", 1.1);
    NEAR("A06", "coverage", 0.35);
}

/* 1 when some data_quality row satisfies `pred`. */
static int dq_any(int (*pred)(const char *line))
{
    const char *cols[] = {"layer", "feature", "problem", "action", NULL};
    char *dump = e2e_table_dump(F.out, "data_quality", cols);
    if (!dump)
        fail_msg("no data_quality table");
    int found = 0;
    for (char *line = strtok(dump, "\n"); line && !found; line = strtok(NULL, "\n"))
        found = pred(line);
    free(dump);
    return found;
}

static int is_building_overlap_row(const char *line)
{
    return (e2e_contains_ci(line, "building") || strstr(line, "建筑")) &&
           (e2e_contains_ci(line, "overlap") || strstr(line, "重叠") || strstr(line, "重合"));
}

/* G5 and G6 overlap: "overlapping buildings are summed, and reported in data_quality".
 * A08: footprint 2000 + 2000 = 4000 (as given, not the 3600 of their union), floor area
 * 2000 x 1 + 2000 x 1 = 4000; far 0.4, coverage 0.4. */
static void test_measure__overlapping_buildings_summed_and_reported(void **state)
{
    (void)state;
    require_run();
    NEAR("A08", "footprint_m2", 4000.0);
    NEAR("A08", "floor_area_m2", 4000.0);
    NEAR("A08", "coverage", 0.4);
    NEAR("A08", "far", 0.4);
    if (!dq_any(is_building_overlap_row))
        fail_msg("no data_quality row reporting the overlapping buildings G5 / G6");
}

static int is_e3_row(const char *line)
{
    return strstr(line, "91330200E3") != NULL;
}

/* E3 has no key and its point lies on no parcel: a data_quality row names it, and it lands
 * on no parcel. */
static void test_overlay__enterprise_on_no_parcel_reported(void **state)
{
    (void)state;
    require_run();
    if (!dq_any(is_e3_row))
        fail_msg("no data_quality row for enterprise 91330200E3 (on no parcel)");
    const char *ids[] = {"A01", "A02", "A07", "A08", NULL};
    for (size_t i = 0; ids[i]; i++)
        NEAR(ids[i], "enterprise_count", 0);
}

/* Footprint and floor area from SpatiaLite: Σ area(b ∩ p), Σ area(b ∩ p)/area(b) × floor(b),
 * floor(b) = JZMJ, else area(b) × CS × (2 when GD / CS > 8 else 1). */
static void test_measure__buildings_match_spatialite(void **state)
{
    (void)state;
    require_run();
    if (!F.inputs)
        fail_msg("cannot open the copied inputs.gpkg");
    const char *ids[] = {"A01", "A04", "A05", "A06", "A08", NULL};
    for (size_t i = 0; ids[i]; i++) {
        double fp = spatialite(
            "SELECT COALESCE(SUM(ST_Area(ST_Intersection(b.geom, MakeValid(p.geom)))), 0) "
            "FROM zd p, jzw b WHERE p.ZDDM = '%s'",
            ids[i]);
        double fa = spatialite("SELECT COALESCE(SUM(ST_Area(ST_Intersection(b.geom, "
                               "MakeValid(p.geom))) / ST_Area(b.geom) * "
                               "COALESCE(b.JZMJ, ST_Area(b.geom) * b.CS * (CASE WHEN b.GD / b.CS > "
                               "8 THEN 2 ELSE 1 END))), 0) "
                               "FROM zd p, jzw b WHERE p.ZDDM = '%s'",
                               ids[i]);
        NEAR(ids[i], "footprint_m2", fp);
        NEAR(ids[i], "floor_area_m2", fa);
    }
}

/* A07 touches no block: empty block_id and a data_quality row naming it.
 * A08: B2 ∩ = [200,260]x[200,300] = 6000, B3 ∩ = [260,300]x[200,300] = 4000 → B2.
 * A09: B5 ∩ = [500,550] = 5000, B4 ∩ = [550,600] = 5000, a tie → smallest id B4 (B5 has
 * the lower fid). A01..A06 lie wholly in B1 (一号区块). */
static void test_overlay__block_by_largest_overlap(void **state)
{
    (void)state;
    require_run();
    STR("A07", "block_id", NULL);
    STR("A07", "block_name", NULL);
    STR("A08", "block_id", "B2");
    STR("A08", "block_name", "二号区块");
    STR("A09", "block_id", "B4");
    STR("A09", "block_name", "四号区块");
    STR("A01", "block_id", "B1");
    STR("A03", "block_id", "B1");
    STR("A06", "block_name", "一号区块");

    /* SpatiaLite agrees on A08 / A09 (largest overlap, tie → smallest id) */
    const char *ids[] = {"A08", "A09", NULL};
    for (size_t i = 0; ids[i]; i++) {
        char sql[1024], *want = NULL;
        snprintf(
            sql, sizeof sql,
            "SELECT b.QKBH FROM zd p, qk b WHERE p.ZDDM = '%s' AND ST_Intersects(p.geom, b.geom) "
            "ORDER BY ST_Area(ST_Intersection(p.geom, b.geom)) DESC, b.QKBH ASC LIMIT 1",
            ids[i]);
        if (e2e_sql_string(F.inputs, sql, &want) != E2E_OK)
            fail_msg("SpatiaLite query failed: %s", sql);
        STR(ids[i], "block_id", want);
        free(want);
    }

    const char *cols[] = {"layer", "feature", "problem", "action", NULL};
    char *dump = e2e_table_dump(F.out, "data_quality", cols);
    if (!dump)
        fail_msg("no data_quality table");
    int found = 0;
    for (char *line = strtok(dump, "\n"); line; line = strtok(NULL, "\n")) {
        if (strstr(line, "A07") && (e2e_contains_ci(line, "block") || strstr(line, "区块")))
            found = 1;
    }
    free(dump);
    if (!found)
        fail_msg("no data_quality row about A07 touching no block");
}

/* A10 [820,880]x[340,440] = 6000 m2: 一镇 ∩ = [820,850]x[340,400] = 1800, 二镇 ∩ = 1800,
 * 三镇 ∩ = [820,880]x[400,440] = 2400. District (towns dissolved): 甲区 3600 > 乙区 2400 → 甲区;
 * town on its own: 三镇 (2400) → a town of another district, by design.
 * A06 → 甲区 / 二镇; A01 → 甲区 / 一镇; A11 → 乙区 / 三镇. */
static void test_overlay__district_and_town_by_largest_overlap(void **state)
{
    (void)state;
    require_run();
    STR("A10", "district", "甲区");
    STR("A10", "town", "三镇");
    STR("A06", "district", "甲区");
    STR("A06", "town", "二镇");
    STR("A01", "district", "甲区");
    STR("A01", "town", "一镇");
    STR("A11", "district", "乙区");
    STR("A11", "town", "三镇");
}

/* The name field of an area layer is not fixed by the contract: take the first present. */
static const char *key_of(const char *layer, const char *const *candidates)
{
    for (size_t i = 0; candidates[i]; i++)
        if (e2e_layer_has_field(F.out, layer, candidates[i]))
            return candidates[i];
    fail_msg("layer %s has none of the expected name fields (%s, ...)", layer, candidates[0]);
    return candidates[0];
}

/* districts dissolved by name: 2 features (甲区, 乙区); towns: 3 (一镇, 二镇, 三镇).
 * parcel_count: 甲区 = A01..A10 = 10, 乙区 = A11 = 1; 一镇 = A01..A05, A07, A08, A09 = 8,
 * 二镇 = A06 = 1, 三镇 = A10, A11 = 2. Blocks: B1 = 6, B2 = 1, B4 = 1, B3 = B5 = 0. */
static void test_aggregate__district_town_block_counts(void **state)
{
    (void)state;
    require_run();
    assert_int_equal(e2e_layer_count(F.out, "districts"), 2);
    assert_int_equal(e2e_layer_count(F.out, "towns"), 3);
    const char *dk_c[] = {"district", "name", NULL};
    const char *tk_c[] = {"town", "name", NULL};
    const char *dk = key_of("districts", dk_c);
    const char *tk = key_of("towns", tk_c);
    e2e_assert_field_near(F.out, "districts", dk, "甲区", "parcel_count", 10);
    e2e_assert_field_near(F.out, "districts", dk, "乙区", "parcel_count", 1);
    e2e_assert_field_near(F.out, "towns", tk, "一镇", "parcel_count", 8);
    e2e_assert_field_near(F.out, "towns", tk, "二镇", "parcel_count", 1);
    e2e_assert_field_near(F.out, "towns", tk, "三镇", "parcel_count", 2);
    e2e_assert_field_near(F.out, "blocks", "block_id", "B1", "parcel_count", 6);
    e2e_assert_field_near(F.out, "blocks", "block_id", "B2", "parcel_count", 1);
    e2e_assert_field_near(F.out, "blocks", "block_id", "B4", "parcel_count", 1);
    /* blocks with no parcel, when listed, count 0 */
    double v = -1;
    int rc = e2e_get_double(F.out, "blocks", "block_id", "B3", "parcel_count", &v);
    if (rc == E2E_OK)
        e2e_assert_near(v, 0.0, "blocks[B3].parcel_count");
    rc = e2e_get_double(F.out, "blocks", "block_id", "B5", "parcel_count", &v);
    if (rc == E2E_OK)
        e2e_assert_near(v, 0.0, "blocks[B5].parcel_count");
}

/* E1 has ZDDM = A04 (its point lies in A01: the key wins) → A04 tax 20 / 15 mu = 1.3333;
 * E2 has no key, its point (760,30) lies in A05 → tax 30 / 15 = 2.0.
 * A06 has no enterprise → tax_per_mu NULL, enterprise_count 0. A01 gets nothing from E1. */
static void test_overlay__enterprise_by_key_else_location(void **state)
{
    (void)state;
    require_run();
    NEAR("A04", "enterprise_count", 1);
    NEAR("A04", "tax_10k", 20.0);
    NEAR("A04", "tax_per_mu", 20.0 / 15.0);
    NEAR("A04", "value_added_per_mu", 100.0 / 15.0);
    STR("A04", "enterprise_ids", "91330200E1");
    NEAR("A05", "enterprise_count", 1);
    NEAR("A05", "tax_10k", 30.0);
    NEAR("A05", "tax_per_mu", 30.0 / 15.0);
    STR("A05", "enterprise_ids", "91330200E2");
    NEAR("A06", "enterprise_count", 0);
    e2e_assert_field_null(F.out, "parcels", "parcel_id", "A06", "tax_per_mu");
    NEAR("A01", "enterprise_count", 0);
    e2e_assert_field_null(F.out, "parcels", "parcel_id", "A01", "tax_per_mu");
}

/* The layers and tables of the output contract, and the CSVs with a UTF-8 BOM. */
static void test_run__outputs_exist(void **state)
{
    (void)state;
    require_run();
    const char *layers[] = {"parcels",      "blocks",   "districts",   "towns", "control_lines",
                            "data_quality", "run_info", "enterprises", NULL};
    for (size_t i = 0; layers[i]; i++) {
        if (e2e_layer_count(F.out, layers[i]) < 0)
            fail_msg("layer/table %s missing", layers[i]);
    }
    assert_int_equal(e2e_layer_count(F.out, "parcels"), 11);
    assert_int_equal(e2e_layer_count(F.out, "control_lines"), 2);
    assert_int_equal(e2e_layer_count(F.out, "enterprises"), 3);
    assert_true(e2e_layer_count(F.out, "run_info") >= 1);
    const char *fields[] = {"parcel_id",
                            "block_id",
                            "block_name",
                            "district",
                            "town",
                            "landuse",
                            "industrial",
                            "area_m2",
                            "area_mu",
                            "inside_control_m2",
                            "control_share",
                            "control_tier",
                            "footprint_m2",
                            "floor_area_m2",
                            "far",
                            "coverage",
                            "far_floor",
                            "industry_code",
                            "enterprise_ids",
                            "enterprise_count",
                            "tax_10k",
                            "value_added_10k",
                            "tax_per_mu",
                            "value_added_per_mu",
                            "energy_per_va",
                            "eval_score",
                            "eval_class",
                            "status",
                            "action",
                            "reasons",
                            "reclaimable_mu",
                            "far_uplift_m2",
                            "site_id",
                            NULL};
    for (size_t i = 0; fields[i]; i++) {
        if (!e2e_layer_has_field(F.out, "parcels", fields[i]))
            fail_msg("parcels has no field %s", fields[i]);
    }
    const char *dq[] = {"layer", "feature", "problem", "action", NULL};
    for (size_t i = 0; dq[i]; i++) {
        if (!e2e_layer_has_field(F.out, "data_quality", dq[i]))
            fail_msg("data_quality has no column %s", dq[i]);
    }
    char *csv = e2e_join(F.out_dir, "parcels.csv");
    char *bcsv = e2e_join(F.out_dir, "blocks.csv");
    assert_true(e2e_file_exists(csv));
    assert_true(e2e_file_has_bom(csv));
    assert_true(e2e_file_exists(bcsv));
    assert_true(e2e_file_has_bom(bcsv));
    free(csv);
    free(bcsv);
}

/* The inputs are never modified: every file of the copied case equals the source. */
static void test_run__inputs_unchanged(void **state)
{
    (void)state;
    char *src = e2e_case_src("measure");
    char why[1024] = "";
    int same = e2e_tree_contains_same(src, F.case_dir, why, sizeof why);
    free(src);
    if (!same)
        fail_msg("input changed by the run: %s", why);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_run__exit_zero),
        cmocka_unit_test(test_measure__first_parcel_without_control_is_zero),
        cmocka_unit_test(test_measure__overlapping_control_counted_once),
        cmocka_unit_test(test_measure__control_matches_spatialite),
        cmocka_unit_test(test_measure__bowtie_repaired_keeping_both_triangles),
        cmocka_unit_test(test_measure__building_apportioned_by_overlap),
        cmocka_unit_test(test_measure__tall_storey_counts_twice_only_above_8m),
        cmocka_unit_test(test_measure__overlapping_buildings_summed_and_reported),
        cmocka_unit_test(test_measure__buildings_match_spatialite),
        cmocka_unit_test(test_overlay__enterprise_on_no_parcel_reported),
        cmocka_unit_test(test_overlay__block_by_largest_overlap),
        cmocka_unit_test(test_overlay__district_and_town_by_largest_overlap),
        cmocka_unit_test(test_aggregate__district_town_block_counts),
        cmocka_unit_test(test_overlay__enterprise_by_key_else_location),
        cmocka_unit_test(test_run__outputs_exist),
        cmocka_unit_test(test_run__inputs_unchanged),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
