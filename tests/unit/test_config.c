/*
 * test_config.c — the run file (src/lib/config.c): every key of product.md's RUN.yaml,
 * path resolution, and the one-line errors naming file and line. Fixtures are in
 * testdata/config/ (their first comment says which line is wrong).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "internal.h" /* the ls_config / ls_rules layouts */

#define FIXTURES LS_TEST_SOURCE_DIR "/testdata/config/"

static int setup(void **state)
{
    ls_context *ctx = NULL;
    if (ls_context_new(&ctx) != LS_OK)
        return -1;
    *state = ctx;
    return 0;
}

static int teardown(void **state)
{
    ls_context_free(*state);
    return 0;
}

static void assert_contains(const char *text, const char *fragment)
{
    if (!strstr(text, fragment))
        fail_msg("'%s' does not contain '%s'", text, fragment);
}

/* Load a fixture that must fail; check the code and message fragments. */
static void expect_error(ls_context *ctx, const char *file, int code, const char *frag1,
                         const char *frag2)
{
    ls_config *cfg = (ls_config *)(uintptr_t)1;
    int rc = ls_config_load(ctx, file, &cfg);
    if (rc != code)
        fail_msg("%s: expected %d, got %d (%s)", file, code, rc, ls_context_error(ctx));
    assert_ptr_equal(cfg, (ls_config *)(uintptr_t)1);
    assert_null(strchr(ls_context_error(ctx), '\n'));
    assert_contains(ls_context_error(ctx), frag1);
    if (frag2)
        assert_contains(ls_context_error(ctx), frag2);
}

static void test_config__full_run_file(void **state)
{
    ls_context *ctx = *state;
    ls_config *cfg = NULL;
    assert_int_equal(ls_config_load(ctx, FIXTURES "run_full.yaml", &cfg), LS_OK);
    assert_string_equal(cfg->name, "海曙区 2025 年度工业用地评价");
    assert_string_equal(cfg->reference_date, "2025-12-31");
    assert_int_equal(cfg->reference_year, 2025);
    assert_int_equal(cfg->reference_month, 12);
    assert_int_equal(cfg->reference_day, 31);
    assert_string_equal(cfg->crs, "EPSG:4549");
    assert_string_equal(cfg->rules, "zhejiang-ningbo");
    assert_int_equal(cfg->rules_is_path, 0);
    assert_string_equal(cfg->base_dir, LS_TEST_SOURCE_DIR "/testdata/config");
    assert_string_equal(cfg->output, FIXTURES "out");
    assert_string_equal(cfg->ledger, FIXTURES "landscan-ledger.sqlite");

    const ls_input *p = &cfg->inputs[LS_INPUT_PARCELS];
    assert_true(p->present);
    assert_int_equal(p->line, 9);
    assert_string_equal(p->path, FIXTURES "data/zd.shp");
    assert_string_equal(p->layer, "zd");
    assert_string_equal(p->encoding, "GBK");
    assert_string_equal(p->assume_crs, "EPSG:4549");
    assert_int_equal(p->nfields, 10);
    assert_string_equal(ls_input_field(p, "parcel_id"), "ZDDM");
    assert_string_equal(ls_input_field(p, "approved_unsupplied"), "PWGY");
    assert_null(ls_input_field(p, "tier"));

    assert_string_equal(ls_input_field(&cfg->inputs[LS_INPUT_CONTROL_LINES], "tier"), "JB");
    assert_string_equal(ls_input_field(&cfg->inputs[LS_INPUT_BLOCKS], "name"), "QKMC");
    assert_string_equal(ls_input_field(&cfg->inputs[LS_INPUT_DISTRICTS], "town"), "XZMC");
    assert_string_equal(ls_input_field(&cfg->inputs[LS_INPUT_BUILDINGS], "height_m"), "GD");
    assert_null(cfg->inputs[LS_INPUT_BLOCKS].layer);

    const ls_input *e = &cfg->inputs[LS_INPUT_ENTERPRISES];
    assert_true(e->present);
    assert_string_equal(e->x, "LON");
    assert_string_equal(e->y, "LAT");
    assert_string_equal(e->coord_sys, "gcj02");
    assert_int_equal(e->nfields, 19);
    assert_string_equal(ls_input_field(e, "veto"), "0601"); /* quoted stays text */
    assert_string_equal(ls_input_field(e, "land_tax_arrears_years"), "QS");
    ls_config_free(cfg);
}

static void test_config__minimal_run_file(void **state)
{
    ls_context *ctx = *state;
    ls_config *cfg = NULL;
    assert_int_equal(ls_config_load(ctx, FIXTURES "run_minimal.yaml", &cfg), LS_OK);
    assert_string_equal(cfg->reference_date, "2024-03-05");
    assert_null(cfg->name);
    assert_null(cfg->crs);
    assert_null(cfg->rules);
    assert_null(cfg->output);
    assert_null(cfg->ledger);
    assert_string_equal(cfg->inputs[LS_INPUT_PARCELS].path, "/abs/zd.gpkg"); /* absolute kept */
    assert_int_equal(cfg->inputs[LS_INPUT_PARCELS].nfields, 0);
    for (int r = LS_INPUT_CONTROL_LINES; r < LS_INPUT_COUNT; r++)
        assert_false(cfg->inputs[r].present);
    ls_config_free(cfg);
}

static void test_config__rules_path_resolved(void **state)
{
    ls_context *ctx = *state;
    ls_config *cfg = NULL;
    assert_int_equal(ls_config_load(ctx, FIXTURES "run_rules_path.yaml", &cfg), LS_OK);
    assert_int_equal(cfg->rules_is_path, 1);
    assert_string_equal(cfg->rules, FIXTURES "rules_child.yaml");
    assert_string_equal(cfg->reference_date, "2024-12-31");
    ls_config_free(cfg);
}

static void test_config__unknown_key_names_line(void **state)
{
    expect_error(*state, FIXTURES "run_unknown_key.yaml", LS_EINVAL,
                 "run_unknown_key.yaml:6: unknown key 'pathh' in inputs.parcels",
                 "(expected path, layer, sql, encoding, assume_crs, fields)");
}

static void test_config__unknown_field_names_line(void **state)
{
    expect_error(*state, FIXTURES "run_unknown_field.yaml", LS_EINVAL,
                 "run_unknown_field.yaml:7:", "'parcel_idd'");
}

static void test_config__list_where_value_expected(void **state)
{
    expect_error(*state, FIXTURES "run_list_value.yaml", LS_EINVAL,
                 "run_list_value.yaml:3:", "crs must be a single value, not a list");
}

static void test_config__duplicate_key(void **state)
{
    expect_error(*state, FIXTURES "run_duplicate.yaml", LS_EINVAL,
                 "run_duplicate.yaml:5:", "duplicate key 'crs'");
}

static void test_config__parcels_required(void **state)
{
    expect_error(*state, FIXTURES "run_no_parcels.yaml", LS_EINVAL,
                 "run_no_parcels.yaml:3:", "inputs.parcels is required");
}

static void test_config__reference_date_required(void **state)
{
    expect_error(*state, FIXTURES "run_no_date.yaml", LS_EINVAL,
                 "run_no_date.yaml:", "missing required key 'reference_date'");
}

static void test_config__bad_reference_date(void **state)
{
    expect_error(*state, FIXTURES "run_bad_date.yaml", LS_EINVAL,
                 "run_bad_date.yaml:3:", "'2023-02-29' is not a valid date");
}

static void test_config__syntax_error(void **state)
{
    expect_error(*state, FIXTURES "run_syntax.yaml", LS_EINVAL,
                 "run_syntax.yaml:", "YAML syntax error");
}

static void test_config__empty_file(void **state)
{
    expect_error(*state, FIXTURES "run_empty.yaml", LS_EINVAL, "run_empty.yaml:1:", "empty");
}

static void test_config__missing_path(void **state)
{
    expect_error(*state, FIXTURES "run_no_path.yaml", LS_EINVAL,
                 "run_no_path.yaml:4:", "inputs.parcels needs a 'path'");
}

static void test_config__bad_coord_sys(void **state)
{
    expect_error(*state, FIXTURES "run_bad_coord_sys.yaml", LS_EINVAL,
                 "run_bad_coord_sys.yaml:7:", "'mars'");
}

static void test_config__xy_only_for_enterprises(void **state)
{
    expect_error(*state, FIXTURES "run_xy_on_parcels.yaml", LS_EINVAL,
                 "run_xy_on_parcels.yaml:6: unknown key 'x' in inputs.parcels", NULL);
}

static void test_config__missing_file(void **state)
{
    expect_error(*state, FIXTURES "no_such_run.yaml", LS_ENOTFOUND, "no_such_run.yaml",
                 "cannot open run file");
}

static void test_config__role_names_and_free_null(void **state)
{
    (void)state;
    assert_string_equal(ls_input_role_name(LS_INPUT_PARCELS), "parcels");
    assert_string_equal(ls_input_role_name(LS_INPUT_CONTROL_LINES), "control_lines");
    assert_string_equal(ls_input_role_name(LS_INPUT_ENTERPRISES), "enterprises");
    assert_string_equal(ls_input_role_name(LS_INPUT_COUNT), "");
    assert_null(ls_input_field(NULL, "parcel_id"));
    ls_config_free(NULL);
}

/* ---- ls_run_file_load and the getters (the public view) ------------------------------ */

static void test_config__run_file_load_default_preset(void **state)
{
    ls_context *ctx = *state;
    ls_config *cfg = NULL;
    ls_rules *rules = NULL;
    double far_min = 0;
    /* run_minimal.yaml names no rules: the default preset */
    assert_int_equal(ls_run_file_load(ctx, FIXTURES "run_minimal.yaml", &cfg, &rules), LS_OK);
    assert_string_equal(ls_rules_name(rules), LS_RULES_DEFAULT_PRESET);
    assert_string_equal(ls_rules_extends_chain(rules), "national-2008");
    /* national-2008.yaml line "far_min: 0.7" */
    assert_int_equal(ls_rules_number(ctx, rules, "far_min", &far_min), LS_OK);
    assert_true(fabs(far_min - 0.7) < 1e-12);
    assert_string_equal(ls_config_reference_date(cfg), "2024-03-05");
    assert_int_equal(ls_config_reference_year(cfg), 2024);
    ls_rules_free(rules);
    ls_config_free(cfg);
}

static void test_config__run_file_load_applies_year(void **state)
{
    ls_context *ctx = *state;
    ls_config *cfg = NULL;
    ls_rules *rules = NULL;
    double tax = 0;
    assert_int_equal(ls_run_file_load(ctx, FIXTURES "run_by_year.yaml", &cfg, &rules), LS_OK);
    /* shizuishan-2022: {2022: 4.5, 2023: 6, 2024: 8}; reference year 2023 → 6 (without the
     * year the latest, 8, would stand) */
    assert_int_equal(ls_rules_number(ctx, rules, "tax_per_mu_min", &tax), LS_OK);
    assert_true(fabs(tax - 6.0) < 1e-12);
    assert_string_equal(ls_config_rules(cfg), "shizuishan-2022");
    ls_rules_free(rules);
    ls_config_free(cfg);
}

static void test_config__run_file_load_rules_file(void **state)
{
    ls_context *ctx = *state;
    ls_config *cfg = NULL;
    ls_rules *rules = NULL;
    double tax = 0;
    assert_int_equal(ls_run_file_load(ctx, FIXTURES "run_rules_path.yaml", &cfg, &rules), LS_OK);
    /* rules_child.yaml sets tax_per_mu_min: 7 over zhejiang-ningbo's 5 */
    assert_int_equal(ls_rules_number(ctx, rules, "tax_per_mu_min", &tax), LS_OK);
    assert_true(fabs(tax - 7.0) < 1e-12);
    assert_string_equal(ls_rules_name(rules), FIXTURES "rules_child.yaml");
    assert_string_equal(ls_rules_extends_chain(rules),
                        FIXTURES "rules_child.yaml <- zhejiang-ningbo <- national-2008");
    ls_rules_free(rules);
    ls_config_free(cfg);
}

static void test_config__run_file_load_bad_rules(void **state)
{
    ls_context *ctx = *state;
    ls_config *cfg = (ls_config *)(uintptr_t)1;
    ls_rules *rules = (ls_rules *)(uintptr_t)1;
    assert_int_equal(ls_run_file_load(ctx, FIXTURES "run_bad_rules.yaml", &cfg, &rules), LS_EINVAL);
    assert_ptr_equal(cfg, (ls_config *)(uintptr_t)1); /* untouched on failure */
    assert_ptr_equal(rules, (ls_rules *)(uintptr_t)1);
    assert_contains(ls_context_error(ctx), "extends cycle");
    assert_contains(ls_context_error(ctx), "rules_cycle_");
}

static void test_config__run_file_load_missing_and_null(void **state)
{
    ls_context *ctx = *state;
    ls_config *cfg = NULL;
    ls_rules *rules = NULL;
    assert_int_equal(ls_run_file_load(ctx, FIXTURES "no_such_run.yaml", &cfg, &rules),
                     LS_ENOTFOUND);
    assert_contains(ls_context_error(ctx), "no_such_run.yaml: cannot open run file");
    assert_null(cfg);
    assert_null(rules);
    assert_int_equal(ls_run_file_load(ctx, NULL, &cfg, &rules), LS_EINVAL);
    assert_contains(ls_context_error(ctx), "ls_run_file_load: invalid argument: path");
    assert_int_equal(ls_run_file_load(ctx, FIXTURES "run_minimal.yaml", &cfg, NULL), LS_EINVAL);
    assert_contains(ls_context_error(ctx), "invalid argument: rules");
    assert_null(cfg);
    assert_int_equal(ls_run_file_load(NULL, FIXTURES "run_minimal.yaml", &cfg, &rules), LS_EINVAL);
    assert_int_equal(ls_config_load(ctx, FIXTURES "run_minimal.yaml", NULL), LS_EINVAL);
    assert_contains(ls_context_error(ctx), "ls_config_load: invalid argument: out");
    ls_run_summary *sum = NULL;
    assert_int_equal(ls_run(ctx, NULL, NULL, NULL, &sum), LS_EINVAL);
    assert_contains(ls_context_error(ctx), "ls_run: invalid argument: cfg");
    assert_null(sum);
}

static void test_config__getters(void **state)
{
    ls_context *ctx = *state;
    ls_config *cfg = NULL;
    assert_int_equal(ls_config_load(ctx, FIXTURES "run_full.yaml", &cfg), LS_OK);
    assert_string_equal(ls_config_path(cfg), FIXTURES "run_full.yaml");
    assert_string_equal(ls_config_name(cfg), "海曙区 2025 年度工业用地评价");
    assert_string_equal(ls_config_reference_date(cfg), "2025-12-31"); /* from 2025/12/31 */
    assert_int_equal(ls_config_reference_year(cfg), 2025);
    assert_string_equal(ls_config_crs(cfg), "EPSG:4549");
    assert_string_equal(ls_config_rules(cfg), "zhejiang-ningbo");
    assert_string_equal(ls_config_output(cfg), FIXTURES "out");
    assert_string_equal(ls_config_ledger(cfg), FIXTURES "landscan-ledger.sqlite");
    const ls_input *parcels = ls_config_input(cfg, LS_INPUT_PARCELS);
    assert_non_null(parcels);
    assert_string_equal(ls_input_path(parcels), FIXTURES "data/zd.shp");
    assert_string_equal(ls_input_layer(parcels), "zd");
    assert_string_equal(ls_input_field(parcels, "parcel_id"), "ZDDM");
    assert_null(ls_input_layer(ls_config_input(cfg, LS_INPUT_BLOCKS))); /* no layer given */
    assert_null(ls_config_input(cfg, LS_INPUT_COUNT));
    ls_config_free(cfg);

    /* not given → NULL; a role the run file leaves out → NULL */
    assert_int_equal(ls_config_load(ctx, FIXTURES "run_minimal.yaml", &cfg), LS_OK);
    assert_null(ls_config_name(cfg));
    assert_null(ls_config_rules(cfg));
    assert_null(ls_config_output(cfg));
    assert_null(ls_config_input(cfg, LS_INPUT_BUILDINGS));
    ls_config_free(cfg);
    assert_null(ls_config_path(NULL));
    assert_int_equal(ls_config_reference_year(NULL), 0);
    assert_null(ls_config_input(NULL, LS_INPUT_PARCELS));
    assert_null(ls_input_path(NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_config__full_run_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_config__minimal_run_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_config__rules_path_resolved, setup, teardown),
        cmocka_unit_test_setup_teardown(test_config__unknown_key_names_line, setup, teardown),
        cmocka_unit_test_setup_teardown(test_config__unknown_field_names_line, setup, teardown),
        cmocka_unit_test_setup_teardown(test_config__list_where_value_expected, setup, teardown),
        cmocka_unit_test_setup_teardown(test_config__duplicate_key, setup, teardown),
        cmocka_unit_test_setup_teardown(test_config__parcels_required, setup, teardown),
        cmocka_unit_test_setup_teardown(test_config__reference_date_required, setup, teardown),
        cmocka_unit_test_setup_teardown(test_config__bad_reference_date, setup, teardown),
        cmocka_unit_test_setup_teardown(test_config__syntax_error, setup, teardown),
        cmocka_unit_test_setup_teardown(test_config__empty_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_config__missing_path, setup, teardown),
        cmocka_unit_test_setup_teardown(test_config__bad_coord_sys, setup, teardown),
        cmocka_unit_test_setup_teardown(test_config__xy_only_for_enterprises, setup, teardown),
        cmocka_unit_test_setup_teardown(test_config__missing_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_config__role_names_and_free_null, setup, teardown),
        cmocka_unit_test_setup_teardown(test_config__run_file_load_default_preset, setup, teardown),
        cmocka_unit_test_setup_teardown(test_config__run_file_load_applies_year, setup, teardown),
        cmocka_unit_test_setup_teardown(test_config__run_file_load_rules_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_config__run_file_load_bad_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(test_config__run_file_load_missing_and_null, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_config__getters, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
