/*
 * test_docs_outputs.c — docs/outputs.md describes every layer, table and field a run writes.
 *
 * Runs the real binary on a copy of testdata/init (a folder of raw files: parcels, control
 * lines, blocks, towns, buildings, enterprise points) with every optional output switched on:
 * approvals (the control lines as batches), masks, corrections and the ledger (two runs of one
 * series, so `resolved` holds a row). Then reads the GeoPackage back with SQLite and compares, both
 * ways:
 *   - the layers and tables of gpkg_contents with the table after <!-- layers -->, and their
 *     Chinese names with the titles of the QGIS project (fields.c);
 *   - for each of them, the columns (without fid and the geometry) with <!-- fields: NAME -->:
 *     the field's name, its type (text / integer / real) in the second column and its Chinese
 *     alias — the caption QGIS shows, gpkg_data_columns.name — in the fourth;
 *   - the run_info keys with <!-- keys: run_info --> (`input_<role>_…` stands for each role);
 *   - the header of parcels.csv and blocks.csv with <!-- columns: parcels.csv --> / blocks.csv;
 *   - the layer `diff` of `landscan ledger diff 1 2` with <!-- fields: ledger-diff.gpkg diff -->.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "docs_md.h"
#include "e2e_helpers.h"
#include "fields.h"

static char *dir, *doc;
static sqlite3 *db;

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static const char run_yaml[] =
    "name: 测试区 %d 年度工业用地评价\n"
    "reference_date: %d-12-31\n"
    "rules: zhejiang-ningbo\n"
    "corrections: corrections.csv\n"
    "inputs:\n"
    "  parcels:\n"
    "    path: zd.shp\n"
    "    fields: {parcel_id: ZDDM, landuse: TDYT, owner: QLR, enterprise_id: TYSHXYDM,\n"
    "             grant_date: CRRQ, started: SFKG}\n"
    "  control_lines: {path: kzx.geojson, fields: {tier: JB}}\n"
    "  blocks: {path: 区块.shp, fields: {block_id: 区块编号, name: 区块名称}}\n"
    "  districts: {path: xzq.gpkg, layer: towns, fields: {name: XZQMC, town: XZMC}}\n"
    "  buildings: {path: jzw.shp, encoding: GBK, fields: {floors: CS, floor_area_m2: JZMJ, "
    "height_m: GD}}\n"
    "  enterprises:\n"
    "    path: qy.csv\n"
    "    x: LON\n"
    "    y: LAT\n"
    "    fields: {enterprise_id: TYSHXYDM, name: 企业名称, parcel_id: ZDDM, tax_10k: 税收,\n"
    "             value_added_10k: ZJZ}\n"
    "  approvals: {path: kzx.geojson}\n" /* batches without id or date: FID ids, NULL ages */
    "  masks:\n"
    "    - {path: kzx.geojson, name: 水域}\n";

static int setup(void **state)
{
    (void)state;
    dir = e2e_copy_case("../init");
    assert_non_null(dir);
    char *csv = e2e_join(dir, "corrections.csv");
    write_file(csv, "target,id,field,value,reason,document,date\n"
                    "enterprise,91330203MA2A0001X1,tax_10k,40,异议复核,完税证明,2026-01-15\n");
    free(csv);
    /* two years of one series: the second run has the ledger's previous run */
    for (int year = 2024; year <= 2025; year++) {
        char text[4096];
        snprintf(text, sizeof(text), run_yaml, year, year);
        char *path = e2e_join(dir, "RUN.yaml");
        write_file(path, text);
        free(path);
        char out[64];
        snprintf(out, sizeof(out), "out%d", year);
        const char *args[] = {"run", "RUN.yaml", "-o", out, "--quiet", NULL};
        e2e_result r;
        assert_int_equal(e2e_run_in(dir, &r, args), 0);
        if (r.exit_code != 0)
            fprintf(stderr, "landscan run: exit %d\n%s\n", r.exit_code, r.err);
        assert_int_equal(r.exit_code, 0);
        e2e_result_free(&r);
    }
    /* the ledger's diff of the two runs (into a folder it creates) */
    const char *largs[] = {"ledger", "diff",  "1", "2", "--ledger", "landscan-ledger.sqlite",
                           "-o",     "ldiff", NULL};
    e2e_result lr;
    assert_int_equal(e2e_run_in(dir, &lr, largs), 0);
    if (lr.exit_code != 0)
        fprintf(stderr, "landscan ledger diff: exit %d\n%s\n", lr.exit_code, lr.err);
    assert_int_equal(lr.exit_code, 0);
    e2e_result_free(&lr);
    char *gpkg = e2e_join(dir, "out2025/landscan.gpkg");
    assert_int_equal(sqlite3_open_v2(gpkg, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    free(gpkg);
    doc = docs_read("docs/outputs.md");
    assert_non_null(doc);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    sqlite3_close(db);
    e2e_rm_rf(dir);
    free(dir);
    free(doc);
    return 0;
}

/* One column of a query as a NULL-terminated list. */
static char **column_list(const char *sql, const char *arg)
{
    sqlite3_stmt *st = NULL;
    size_t n = 0, cap = 16;
    char **list = malloc(cap * sizeof(char *));
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    if (arg)
        sqlite3_bind_text(st, 1, arg, -1, SQLITE_STATIC);
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (n + 2 > cap) {
            cap *= 2;
            list = realloc(list, cap * sizeof(char *));
        }
        const unsigned char *t = sqlite3_column_text(st, 0);
        list[n++] = strdup(t ? (const char *)t : "");
    }
    sqlite3_finalize(st);
    list[n] = NULL;
    return list;
}

static int in_list(char **list, const char *s)
{
    for (size_t i = 0; list[i]; i++)
        if (strcmp(list[i], s) == 0)
            return 1;
    return 0;
}

static int compare(const char *marker, char **names)
{
    docs_table t;
    if (docs_table_read(doc, marker, &t) != 0) {
        print_error("docs/outputs.md: no table after <!-- %s -->\n", marker);
        return 0;
    }
    int ok = 1;
    for (size_t i = 0; names[i]; i++)
        if (!docs_table_row(&t, names[i])) {
            print_error("docs/outputs.md <!-- %s -->: '%s' is written but not documented\n", marker,
                        names[i]);
            ok = 0;
        }
    for (size_t r = 0; r < t.nrows; r++)
        if (!in_list(names, docs_cell(&t.rows[r], 0))) {
            print_error("docs/outputs.md <!-- %s -->: '%s' is documented but not written\n", marker,
                        docs_cell(&t.rows[r], 0));
            ok = 0;
        }
    docs_table_free(&t);
    return ok;
}

static void test_layers(void **state)
{
    (void)state;
    char **tables = column_list("SELECT table_name FROM gpkg_contents ORDER BY 1", NULL);
    int ok = compare("layers", tables);
    /* the Chinese name (third column) is the layer's title in the QGIS project (fields.c) */
    docs_table t;
    assert_int_equal(docs_table_read(doc, "layers", &t), 0);
    for (size_t i = 0; tables[i]; i++) {
        const docs_row *r = docs_table_row(&t, tables[i]);
        const char *title = ls__layer_title(tables[i]);
        if (r && strcmp(docs_cell(r, 2), title ? title : "") != 0) {
            print_error("docs/outputs.md <!-- layers -->: %s is titled %s in QGIS, the docs say "
                        "%s\n",
                        tables[i], title ? title : "(nothing)", docs_cell(r, 2));
            ok = 0;
        }
    }
    docs_table_free(&t);
    assert_true(ok);
    docs_strings_free(tables);
}

static const char *type_word(const char *sqlite_type)
{
    if (strcmp(sqlite_type, "TEXT") == 0)
        return "text";
    if (strcmp(sqlite_type, "REAL") == 0)
        return "real";
    if (strstr(sqlite_type, "INT"))
        return "integer";
    if (strcmp(sqlite_type, "DATE") == 0)
        return "date";
    return sqlite_type;
}

static void test_fields(void **state)
{
    (void)state;
    char **tables = column_list("SELECT table_name FROM gpkg_contents WHERE table_name <> "
                                "'layer_styles' ORDER BY 1",
                                NULL);
    int ok = 1;
    for (size_t i = 0; tables[i]; i++) {
        char sql[256];
        snprintf(sql, sizeof(sql),
                 "SELECT name FROM pragma_table_info('%s') WHERE name NOT IN ('fid', 'geom')",
                 tables[i]);
        char **cols = column_list(sql, NULL);
        char marker[128];
        snprintf(marker, sizeof(marker), "fields: %s", tables[i]);
        ok &= compare(marker, cols);
        docs_table t;
        if (docs_table_read(doc, marker, &t) == 0) {
            for (size_t c = 0; cols[c]; c++) {
                const docs_row *r = docs_table_row(&t, cols[c]);
                if (!r)
                    continue;
                snprintf(sql, sizeof(sql),
                         "SELECT type FROM pragma_table_info('%s') WHERE name = ?", tables[i]);
                char **type = column_list(sql, cols[c]);
                sqlite3_stmt *st = NULL;
                assert_int_equal(sqlite3_prepare_v2(db,
                                                    "SELECT name FROM gpkg_data_columns WHERE "
                                                    "table_name = ?1 AND column_name = ?2",
                                                    -1, &st, NULL),
                                 SQLITE_OK);
                sqlite3_bind_text(st, 1, tables[i], -1, SQLITE_STATIC);
                sqlite3_bind_text(st, 2, cols[c], -1, SQLITE_STATIC);
                const char *al = sqlite3_step(st) == SQLITE_ROW
                                     ? (const char *)sqlite3_column_text(st, 0)
                                     : NULL;
                if (type[0] && strcmp(docs_cell(r, 1), type_word(type[0])) != 0) {
                    print_error("docs/outputs.md: %s.%s is %s, the docs say %s\n", tables[i],
                                cols[c], type_word(type[0]), docs_cell(r, 1));
                    ok = 0;
                }
                if (!al || strcmp(docs_cell(r, 3), al) != 0) {
                    print_error("docs/outputs.md: %s.%s's alias is %s, the docs say %s\n",
                                tables[i], cols[c], al ? al : "(none)", docs_cell(r, 3));
                    ok = 0;
                }
                sqlite3_finalize(st);
                docs_strings_free(type);
            }
            docs_table_free(&t);
        }
        docs_strings_free(cols);
    }
    docs_strings_free(tables);
    assert_true(ok);
}

/* run_info keys; input_<role>_… in the docs stands for the keys of every input role. */
static void test_run_info(void **state)
{
    (void)state;
    char **keys = column_list("SELECT DISTINCT key FROM run_info ORDER BY 1", NULL);
    static const char *const roles[] = {"parcels",   "control_lines", "blocks",
                                        "districts", "buildings",     "enterprises",
                                        "masks",     "approvals",     NULL};
    for (size_t i = 0; keys[i]; i++)
        for (size_t r = 0; roles[r]; r++) {
            char prefix[64];
            snprintf(prefix, sizeof(prefix), "input_%s_", roles[r]);
            size_t pl = strlen(prefix);
            if (strncmp(keys[i], prefix, pl) == 0 && keys[i][pl]) {
                char generic[256];
                snprintf(generic, sizeof(generic), "input_<role>_%s", keys[i] + pl);
                free(keys[i]);
                keys[i] = strdup(generic);
                break;
            }
        }
    /* drop duplicates made by the generalisation */
    size_t w = 0;
    for (size_t i = 0; keys[i]; i++) {
        int dup = 0;
        for (size_t j = 0; j < w && !dup; j++)
            dup = strcmp(keys[j], keys[i]) == 0;
        if (dup)
            free(keys[i]);
        else
            keys[w++] = keys[i];
    }
    keys[w] = NULL;
    assert_true(compare("keys: run_info", keys));
    docs_strings_free(keys);
}

/* ledger-diff.gpkg: the layer diff's columns and types (no aliases there). */
static void test_ledger_diff(void **state)
{
    (void)state;
    char *path = e2e_join(dir, "ldiff/ledger-diff.gpkg");
    sqlite3 *main_db = db;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    free(path);
    char **cols = column_list(
        "SELECT name FROM pragma_table_info('diff') WHERE name NOT IN ('fid', 'geom')", NULL);
    int ok = compare("fields: ledger-diff.gpkg diff", cols);
    docs_table t;
    if (docs_table_read(doc, "fields: ledger-diff.gpkg diff", &t) == 0) {
        for (size_t c = 0; cols[c]; c++) {
            const docs_row *r = docs_table_row(&t, cols[c]);
            char **type =
                column_list("SELECT type FROM pragma_table_info('diff') WHERE name = ?", cols[c]);
            if (r && type[0] && strcmp(docs_cell(r, 1), type_word(type[0])) != 0) {
                print_error("docs/outputs.md: ledger-diff %s is %s, the docs say %s\n", cols[c],
                            type_word(type[0]), docs_cell(r, 1));
                ok = 0;
            }
            docs_strings_free(type);
        }
        docs_table_free(&t);
    }
    docs_strings_free(cols);
    sqlite3_close(db);
    db = main_db;
    assert_true(ok);
}

static void test_csv_headers(void **state)
{
    (void)state;
    int ok = 1;
    static const char *const files[] = {"parcels.csv", "blocks.csv"};
    for (size_t f = 0; f < 2; f++) {
        char rel[64];
        snprintf(rel, sizeof(rel), "out2025/%s", files[f]);
        char *path = e2e_join(dir, rel);
        size_t len = 0;
        char *text = e2e_read_file(path, &len);
        free(path);
        assert_non_null(text);
        char *line = text + (len >= 3 && (unsigned char)text[0] == 0xEF ? 3 : 0);
        line[strcspn(line, "\r\n")] = '\0';
        size_t n = 0;
        char *names[256];
        for (char *tok = strtok(line, ","); tok && n < 255; tok = strtok(NULL, ","))
            names[n++] = tok;
        names[n] = NULL;
        char marker[64];
        snprintf(marker, sizeof(marker), "columns: %s", files[f]);
        ok &= compare(marker, names);
        free(text);
    }
    assert_true(ok);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_layers),      cmocka_unit_test(test_fields),
        cmocka_unit_test(test_run_info),    cmocka_unit_test(test_csv_headers),
        cmocka_unit_test(test_ledger_diff),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
