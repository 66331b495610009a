/*
 * test_write_csv.c — parcels.csv and blocks.csv (src/lib/write_csv.c, product.md outputs):
 * UTF-8 byte-order mark, the contract's header, RFC 4180 quoting of commas, quotes and
 * newlines, NULL as an empty cell, fixed number formats (m² and mu 2 decimals, ratios 3,
 * money 2), CRLF line ends, byte-identical output, the error for an unwritable path, and
 * with a ledger the columns appended after unchanged ones.
 *
 * Expected rows are written out by hand from the values set in the test.
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

#include "geom_asserts.h"
#include "write_csv.h"

#define BOM "\xEF\xBB\xBF"

/* product.md: the parcels layer's fields in contract order, then owner */
#define PARCELS_HEADER                                                                             \
    "parcel_id,block_id,block_name,district,town,landuse,industrial,area_m2,area_mu,"              \
    "inside_control_m2,control_share,control_tier,footprint_m2,floor_area_m2,far,coverage,"        \
    "far_floor,industry_code,enterprise_ids,enterprise_count,tax_10k,value_added_10k,"             \
    "tax_per_mu,value_added_per_mu,energy_per_va,eval_score,eval_class,status,action,"             \
    "reasons,reclaimable_mu,far_uplift_m2,site_id,owner,transition_m2,transition_share,flags\r\n"

#define BLOCKS_HEADER                                                                              \
    "block_id,name,parcel_count,industrial_count,industrial_mu,"                                   \
    "idle_count,idle_mu,relocatable_count,relocatable_mu,low_efficiency_count,"                    \
    "low_efficiency_mu,efficient_count,efficient_mu,non_industrial_count,non_industrial_mu,"       \
    "reclaim_count,reclaim_mu,relocate_count,relocate_mu,upgrade_count,upgrade_mu,"                \
    "transitional_retain_count,transitional_retain_mu,retain_count,retain_mu,none_count,"          \
    "none_mu,reclaimable_mu,far,tax_per_mu,value_added_per_mu,far_uplift_m2,"                      \
    "inside_control_mu,site_count,site_mu,unsupplied_mu\r\n"

typedef struct fixture {
    ls_context *ctx;
    char *dir;
    ls__dataset ds;
} fixture;

static void set(char **field, const char *value)
{
    free(*field);
    *field = value ? strdup(value) : NULL;
}

static int setup(void **state)
{
    fixture *fx = calloc(1, sizeof(*fx));
    if (!fx || ls_context_new(&fx->ctx) != LS_OK)
        return -1;
    fx->dir = tgeom_mkdtemp("csv");
    ls__dataset *ds = &fx->ds;
    tgeom_ds_init(ds);
    const char *sq = "POLYGON ((0 0, 1 0, 1 1, 0 1, 0 0))";

    /* P1: quoting in id and owner, NULL district / town, numbers of every format */
    size_t i1 = tgeom_add_parcel(ds, "ZD,\"1\"", sq);
    ls__parcel *p = &ds->parcels[i1];
    p->block_id = "QK-1";
    p->block_name = "甲区块";
    set(&p->landuse, "0601");
    set(&p->industry_code, "C34");
    set(&p->owner, "宁波,某公司");
    set(&p->reasons, "LE_FAR(0.75<0.80);LE_TAX(3.20<5.00)");
    p->industrial = 1;
    p->area_m2 = 2000.0;
    p->area_mu = 3.0;
    p->inside_control_m2 = 1234.567;
    p->control_share = 0.61728;
    p->control_tier = "1";
    p->footprint_m2 = 800.0;
    p->floor_area_m2 = 1500.0;
    p->far = 0.75;
    p->coverage = 0.4;
    p->status = LS_STATUS_LOW_EFFICIENCY;
    p->action = LS_ACTION_UPGRADE;
    p->reclaimable_mu = 0.5626;
    p->far_uplift_m2 = 100.0;

    /* P2: enterprises, money, a quote in reasons, zeros, a negative zero, a site */
    size_t i2 = tgeom_add_parcel(ds, "ZD2", sq);
    p = &ds->parcels[i2];
    p->district = "海曙区";
    p->town = "石碶街道";
    set(&p->landuse, "工业用地");
    set(&p->reasons, "IDLE_VACANT;say \"hi\"");
    p->industrial = 1;
    p->area_m2 = 10000.0 / 15.0; /* 666.666… */
    p->area_mu = 1.0;
    p->far_floor = 0.8;
    p->tax_10k = 12.5;
    p->value_added_10k = 30.25;
    p->tax_per_mu = 4.2;
    p->value_added_per_mu = 10.1;
    p->energy_per_va = 1.0 / 3.0;
    p->eval_score = 87.654;
    p->eval_class = "B";
    p->status = LS_STATUS_IDLE;
    p->action = LS_ACTION_RECLAIM;
    p->reclaimable_mu = 1.0;
    p->far_uplift_m2 = -0.0;
    p->site_id = 3;
    /* three records, two enterprises: E1 has a second record (e.g. a second site) */
    tgeom_add_enterprise(ds, "E1");
    tgeom_add_enterprise(ds, "E2");
    tgeom_add_enterprise(ds, "E1");
    p->ents = calloc(3, sizeof(size_t));
    p->ents[0] = 0;
    p->ents[1] = 1;
    p->ents[2] = 2;
    p->nent = 3;

    /* blocks: one with quoting in id and name */
    tgeom_add_area(ds, &ds->blocks, &ds->nblocks, "QK,1", "甲\"区\"", NULL, NULL, sq);
    tgeom_add_area(ds, &ds->blocks, &ds->nblocks, "QK-2", NULL, NULL, NULL, sq);
    ds->block_totals = calloc(2, sizeof(ls__totals));
    ls__totals *t = &ds->block_totals[0];
    t->parcel_count = 2;
    t->industrial_count = 1;
    t->industrial_mu = 3.456;
    t->status_count[LS_STATUS_IDLE] = 1;
    t->status_mu[LS_STATUS_IDLE] = 3.456;
    t->status_count[LS_STATUS_NON_INDUSTRIAL] = 1;
    t->status_mu[LS_STATUS_NON_INDUSTRIAL] = 1.5;
    t->action_count[LS_ACTION_RECLAIM] = 1;
    t->action_mu[LS_ACTION_RECLAIM] = 3.456;
    t->action_count[LS_ACTION_NONE] = 1;
    t->action_mu[LS_ACTION_NONE] = 1.5;
    t->reclaimable_mu = 3.456;
    t->far = 1.0 / 7.0;
    t->tax_per_mu = NAN;
    t->value_added_per_mu = 2.0 / 3.0;
    t->far_uplift_m2 = 12345.678;
    t->inside_control_mu = 0.0;
    t->site_count = 1;
    t->site_mu = 10.004;
    t->unsupplied_mu = 2.5;
    t = &ds->block_totals[1];
    t->tax_per_mu = NAN;
    t->value_added_per_mu = NAN;
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    /* block_id, district, control_tier, eval_class are borrowed views (literals here);
     * ls__dataset_free() does not free them */
    ls__dataset_free(&fx->ds);
    ls_context_free(fx->ctx);
    tgeom_rm_rf(fx->dir);
    free(fx->dir);
    free(fx);
    return 0;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot read %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    assert_non_null(s);
    assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
    s[n] = '\0';
    fclose(f);
    return s;
}

static char *write_parcels(fixture *fx, const char *name)
{
    char path[1024];
    snprintf(path, sizeof(path), "%s/%s", fx->dir, name);
    int rc = ls__write_parcels_csv(fx->ctx, &fx->ds, path);
    if (rc != LS_OK)
        fail_msg("ls__write_parcels_csv: %d %s", rc, ls_context_error(fx->ctx));
    return slurp(path);
}

static char *write_blocks(fixture *fx, const char *name)
{
    char path[1024];
    snprintf(path, sizeof(path), "%s/%s", fx->dir, name);
    int rc = ls__write_blocks_csv(fx->ctx, &fx->ds, path);
    if (rc != LS_OK)
        fail_msg("ls__write_blocks_csv: %d %s", rc, ls_context_error(fx->ctx));
    return slurp(path);
}

/* The line after `skip` CRLF-terminated lines (without its CRLF); caller frees. */
static char *line_at(const char *text, int skip)
{
    const char *s = text;
    for (int i = 0; i < skip; i++) {
        s = strstr(s, "\r\n");
        assert_non_null(s);
        s += 2;
    }
    const char *e = strstr(s, "\r\n");
    assert_non_null(e);
    char *line = malloc((size_t)(e - s) + 1);
    memcpy(line, s, (size_t)(e - s));
    line[e - s] = '\0';
    return line;
}

static void test_write_csv__parcels_bom_and_header(void **state)
{
    fixture *fx = *state;
    char *text = write_parcels(fx, "parcels.csv");
    assert_memory_equal(text, BOM, 3);
    assert_memory_equal(text + 3, PARCELS_HEADER, strlen(PARCELS_HEADER));
    free(text);
}

static void test_write_csv__parcels_quoting_and_nulls(void **state)
{
    fixture *fx = *state;
    char *text = write_parcels(fx, "parcels.csv");
    char *row = line_at(text + 3, 1);
    /* 37 cells; tax…eval_class (7 cells) and far_floor, district, town, site_id empty */
    assert_string_equal(row, "\"ZD,\"\"1\"\"\",QK-1,甲区块,,,0601,1,"
                             "2000.00,3.00,1234.57,0.617,1,800.00,1500.00,0.750,0.400,"
                             ",C34,,0,"
                             ",,,,,,,"
                             "low_efficiency,upgrade,LE_FAR(0.75<0.80);LE_TAX(3.20<5.00),"
                             "0.56,100.00,,\"宁波,某公司\",0.00,0.000,");
    free(row);
    free(text);
}

static void test_write_csv__parcels_numbers_and_enterprises(void **state)
{
    fixture *fx = *state;
    set(&fx->ds.parcels[1].flags, "CHK_ADMIN(land:0.080>0.070);CHK_CONTRACT_FAR(0.50<1.20)");
    char *text = write_parcels(fx, "parcels.csv");
    char *row = line_at(text + 3, 2);
    assert_string_equal(row, "ZD2,,,海曙区,石碶街道,工业用地,1,"
                             "666.67,1.00,0.00,0.000,,0.00,0.00,0.000,0.000,"
                             /* enterprise_count counts enterprises, as the ids do */
                             "0.80,,E1;E2,2,"
                             "12.50,30.25,4.20,10.10,0.333,87.65,B,"
                             "idle,reclaim,\"IDLE_VACANT;say \"\"hi\"\"\","
                             "1.00,0.00,3,,0.00,0.000,"
                             "CHK_ADMIN(land:0.080>0.070);CHK_CONTRACT_FAR(0.50<1.20)");
    free(row);
    /* exactly a header and two rows */
    size_t lines = 0;
    for (const char *s = text; (s = strstr(s, "\r\n")) != NULL; s += 2)
        lines++;
    assert_int_equal(lines, 3);
    free(text);
}

static void test_write_csv__newline_in_text_quoted(void **state)
{
    fixture *fx = *state;
    set(&fx->ds.parcels[1].owner, "line one\nline two");
    char *text = write_parcels(fx, "parcels.csv");
    assert_non_null(strstr(text, ",\"line one\nline two\",0.00,0.000,\r\n"));
    free(text);
}

static void test_write_csv__byte_identical(void **state)
{
    fixture *fx = *state;
    char *a = write_parcels(fx, "a.csv");
    char *b = write_parcels(fx, "b.csv");
    assert_string_equal(a, b);
    free(a);
    free(b);
    a = write_blocks(fx, "ba.csv");
    b = write_blocks(fx, "bb.csv");
    assert_string_equal(a, b);
    free(a);
    free(b);
}

static void test_write_csv__blocks(void **state)
{
    fixture *fx = *state;
    char *text = write_blocks(fx, "blocks.csv");
    assert_memory_equal(text, BOM, 3);
    assert_memory_equal(text + 3, BLOCKS_HEADER, strlen(BLOCKS_HEADER));
    char *row = line_at(text + 3, 1);
    assert_string_equal(row, "\"QK,1\",\"甲\"\"区\"\"\",2,1,3.46,"
                             /* idle, relocatable, low_efficiency, efficient, non_industrial */
                             "1,3.46,0,0.00,0,0.00,0,0.00,1,1.50,"
                             /* reclaim, relocate, upgrade, transitional_retain, retain, none */
                             "1,3.46,0,0.00,0,0.00,0,0.00,0,0.00,1,1.50,"
                             /* reclaimable, far, tax/mu (NULL), va/mu, uplift, inside, sites */
                             "3.46,0.143,,0.67,12345.68,0.00,1,10.00,2.50");
    free(row);
    row = line_at(text + 3, 2);
    assert_string_equal(row, "QK-2,,0,0,0.00,"
                             "0,0.00,0,0.00,0,0.00,0,0.00,0,0.00,"
                             "0,0.00,0,0.00,0,0.00,0,0.00,0,0.00,0,0.00,"
                             "0.00,0.000,,,0.00,0.00,0,0.00,0.00");
    free(row);
    free(text);
}

/* With a ledger every line is the line without one plus the appended ledger cells. */
static void test_write_csv__ledger_columns_appended(void **state)
{
    fixture *fx = *state;
    char *plain_p = write_parcels(fx, "plain-parcels.csv");
    char *plain_b = write_blocks(fx, "plain-blocks.csv");
    ls__dataset *ds = &fx->ds;
    ds->has_ledger = 1;
    ds->parcels[0].change = LS_CHANGE_PERSISTING;
    set(&ds->parcels[0].first_listed, "2023-12-31");
    ds->parcels[0].listed_runs = 3;
    ds->parcels[1].change = LS_CHANGE_NEW;
    set(&ds->parcels[1].first_listed, "2025-12-31");
    ds->parcels[1].listed_runs = 1;
    ds->block_totals[0].new_listed_mu = 3.456;
    ds->block_totals[0].resolved_mu = 7.5;
    ds->block_totals[0].net_listed_mu = 3.456 - 7.5;
    char *led_p = write_parcels(fx, "ledger-parcels.csv");
    char *led_b = write_blocks(fx, "ledger-blocks.csv");
    static const char *const p_tail[] = {",change,first_listed,listed_runs",
                                         ",persisting,2023-12-31,3", ",new,2025-12-31,1"};
    static const char *const b_tail[] = {",new_listed_mu,resolved_mu,net_listed_mu",
                                         ",3.46,7.50,-4.04", ",0.00,0.00,0.00"};
    for (int k = 0; k < 2; k++) {
        const char *plain = k ? plain_b : plain_p, *led = k ? led_b : led_p;
        const char *const *tail = k ? b_tail : p_tail;
        assert_memory_equal(led, BOM, 3);
        for (int i = 0; i < 3; i++) {
            char *a = line_at(plain + 3, i), *b = line_at(led + 3, i);
            char *want = malloc(strlen(a) + strlen(tail[i]) + 1);
            assert_non_null(want);
            strcpy(want, a);
            strcat(want, tail[i]);
            assert_string_equal(b, want);
            free(want);
            free(a);
            free(b);
        }
    }
    free(plain_p);
    free(plain_b);
    free(led_p);
    free(led_b);
}

static void test_write_csv__parcels_unwritable_path(void **state)
{
    fixture *fx = *state;
    char path[1024];
    snprintf(path, sizeof(path), "%s/no-such-folder/parcels.csv", fx->dir);
    assert_int_equal(ls__write_parcels_csv(fx->ctx, &fx->ds, path), LS_EIO);
    assert_int_equal(ls_context_error_code(fx->ctx), LS_EIO);
    char expected[1100];
    snprintf(expected, sizeof(expected), "%s: cannot create", path);
    assert_string_equal(ls_context_error(fx->ctx), expected);
}

static void test_write_csv__blocks_unwritable_path(void **state)
{
    fixture *fx = *state;
    char path[1024];
    snprintf(path, sizeof(path), "%s/no-such-folder/blocks.csv", fx->dir);
    assert_int_equal(ls__write_blocks_csv(fx->ctx, &fx->ds, path), LS_EIO);
    tgeom_assert_contains(ls_context_error(fx->ctx), "blocks.csv: cannot create");
}

static void test_write_csv__full_device_reports_write_failure(void **state)
{
    fixture *fx = *state;
    /* /dev/full accepts the open and fails every write */
    FILE *probe = fopen("/dev/full", "wb");
    if (!probe)
        skip();
    fclose(probe);
    assert_int_equal(ls__write_parcels_csv(fx->ctx, &fx->ds, "/dev/full"), LS_EIO);
    assert_string_equal(ls_context_error(fx->ctx), "/dev/full: write failed");
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_write_csv__parcels_bom_and_header),
        T(test_write_csv__parcels_quoting_and_nulls),
        T(test_write_csv__parcels_numbers_and_enterprises),
        T(test_write_csv__newline_in_text_quoted),
        T(test_write_csv__byte_identical),
        T(test_write_csv__blocks),
        T(test_write_csv__ledger_columns_appended),
        T(test_write_csv__parcels_unwritable_path),
        T(test_write_csv__blocks_unwritable_path),
        T(test_write_csv__full_device_reports_write_failure),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
