/*
 * test_rules.c — rules files and presets (src/lib/rules.c, src/lib/presets/): every preset
 * loads with the numbers of domain.md §8, extends chains override their parents, the YAML
 * written by ls_rules_to_yaml loads back to equal rules, and errors name file and line.
 * Presets come from LANDSCAN_PRESET_DIR (set by ctest) or LS_TEST_PRESET_DIR; fixtures
 * from testdata/config/.
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

#include "codes.h"
#include "internal.h" /* the ls_config / ls_rules layouts */

/* cmocka's float assert works in float; compare doubles with a message instead. */
#define assert_dbl_equal(a, b, eps) dbl_equal((a), (b), (eps), __FILE__, __LINE__)
static void dbl_equal(double a, double b, double eps, const char *file, int line)
{
    if (!(fabs(a - b) <= eps))
        fail_msg("%s:%d: %.17g != %.17g", file, line, a, b);
}

#define FIXTURES LS_TEST_SOURCE_DIR "/testdata/config/"

static int setup(void **state)
{
    ls_context *ctx = NULL;
    if (ls_context_new(&ctx) != LS_OK)
        return -1;
    const char *env = getenv("LANDSCAN_PRESET_DIR");
    if (!env || !*env)
        ls_context_set_preset_dir(ctx, LS_TEST_PRESET_DIR);
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
    if (!text || !strstr(text, fragment))
        fail_msg("'%s' does not contain '%s'", text ? text : "(null)", fragment);
}

static ls_rules *load_ok(ls_context *ctx, const char *name, const char *base_dir)
{
    ls_rules *r = NULL;
    int rc = ls_rules_load(ctx, name, base_dir, &r);
    if (rc != LS_OK)
        fail_msg("loading %s: %d %s", name, rc, ls_context_error(ctx));
    return r;
}

static void expect_error(ls_context *ctx, const char *name, int code, const char *frag1,
                         const char *frag2)
{
    ls_rules *r = (ls_rules *)(uintptr_t)1;
    int rc = ls_rules_load(ctx, name, NULL, &r);
    if (rc != code)
        fail_msg("%s: expected %d, got %d (%s)", name, code, rc, ls_context_error(ctx));
    assert_ptr_equal(r, (ls_rules *)(uintptr_t)1);
    assert_null(strchr(ls_context_error(ctx), '\n'));
    assert_contains(ls_context_error(ctx), frag1);
    if (frag2)
        assert_contains(ls_context_error(ctx), frag2);
}

static double weight_of(const ls_weight *w, size_t n, const char *indicator)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(w[i].indicator, indicator) == 0)
            return w[i].weight;
    return NAN;
}

static int has_string(char *const *list, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i], s) == 0)
            return 1;
    return 0;
}

static void test_rules__list_presets(void **state)
{
    ls_context *ctx = *state;
    char **names = NULL;
    assert_int_equal(ls_rules_list_presets(ctx, &names), LS_OK);
    const char *want[] = {"national-2008", "shengsi-2023", "shizuishan-2022", "zhejiang-ningbo"};
    size_t n = 0;
    while (names[n])
        n++;
    assert_int_equal(n, 4);
    for (size_t i = 0; i < 4; i++)
        assert_string_equal(names[i], want[i]);
    ls_strings_free(names);
    ls_strings_free(NULL);
}

static void test_rules__list_presets_missing_folder(void **state)
{
    ls_context *ctx = *state;
    char **names = (char **)(uintptr_t)1;
    ls_context_set_preset_dir(ctx, "/nonexistent/landscan/presets");
    assert_int_equal(ls_rules_list_presets(ctx, &names), LS_ENOTFOUND);
    assert_ptr_equal(names, (char **)(uintptr_t)1);
    assert_contains(ls_context_error(ctx), "/nonexistent/landscan/presets");
}

static void test_rules__national_preset(void **state)
{
    ls_context *ctx = *state;
    ls_rules *r = load_ok(ctx, "national-2008", NULL);
    assert_string_equal(r->name, "national-2008");
    assert_string_equal(r->extends_chain, "national-2008");
    assert_int_equal(r->nindustrial_codes, 14);
    assert_true(has_string(r->industrial_codes, r->nindustrial_codes, "0601"));
    assert_true(has_string(r->industrial_codes, r->nindustrial_codes, "M2"));
    assert_true(has_string(r->industrial_codes, r->nindustrial_codes, "三类工业用地"));
    assert_false(r->warehouse_is_industrial);
    assert_int_equal(r->nwarehouse_codes, 3);
    assert_dbl_equal(r->inside_share_min, 0.5, 0);
    assert_true(isnan(r->retain_ab_min_mu));
    assert_dbl_equal(r->started_coverage_min, 0.05, 0);
    assert_dbl_equal(r->unstarted_years, 1, 0);
    assert_dbl_equal(r->stalled_share, 0.3333333333, 0);
    assert_dbl_equal(r->halted_years, 2, 0);
    assert_dbl_equal(r->arrears_years, 2, 0);
    assert_true(r->idle_vacant && r->idle_unsupplied && r->mortgaged_idle);
    assert_true(isnan(r->tax_per_mu_min)); /* no national money thresholds */
    assert_true(isnan(r->va_per_mu_min));
    assert_dbl_equal(r->far_min, 0.7, 0);
    assert_string_equal(r->far_table, "national-2008");
    assert_string_equal(r->industry_code_standard, "gbt4754-2017");
    assert_true(isnan(r->far_target));
    assert_dbl_equal(r->coverage_min, 0.30, 0);
    assert_true(isnan(r->energy_per_va_max));
    assert_int_equal(r->nlow_classes, 1);
    assert_string_equal(r->low_classes[0], "D");
    assert_dbl_equal(r->tall_storey_m, 8, 0);
    assert_dbl_equal(r->site_min_mu, 10, 0);
    assert_dbl_equal(r->site_gap_m, 5, 0);
    const ls_eval_rules *ev = &r->evaluation;
    assert_string_equal(ev->benchmark, "mean");
    assert_int_equal(ev->nbenchmarks, 0);
    assert_dbl_equal(ev->cap, 2.0, 0);
    assert_string_equal(ev->class_method, "percentile");
    assert_dbl_equal(ev->class_share[0], 0.25, 0);
    assert_dbl_equal(ev->class_share[3], 0.05, 0);
    assert_true(isnan(ev->class_cutoff[0]));
    assert_dbl_equal(ev->below_min_mu, 3, 0);
    assert_dbl_equal(ev->new_years, 2, 0);
    assert_string_equal(ev->tenants, "inherit");
    assert_int_equal(ev->nweights_above, 6);
    assert_dbl_equal(weight_of(ev->weights_above, ev->nweights_above, "tax_per_mu"), 30, 0);
    assert_dbl_equal(weight_of(ev->weights_above, ev->nweights_above, "emission"), 10, 0);
    assert_int_equal(ev->nweights_below, 2);
    assert_dbl_equal(weight_of(ev->weights_below, ev->nweights_below, "tax_per_electricity"), 50,
                     0);
    assert_int_equal(r->ntargets, 0);
    assert_true(isnan(r->targets_base_year));
    assert_int_equal(r->ntax_per_mu_min_by_year, 0);
    ls_rules_free(r);
}

static void test_rules__ningbo_preset(void **state)
{
    ls_context *ctx = *state;
    ls_rules *r = load_ok(ctx, "zhejiang-ningbo", NULL);
    assert_string_equal(r->extends_chain, "zhejiang-ningbo <- national-2008");
    assert_dbl_equal(r->tax_per_mu_min, 5, 0);
    assert_dbl_equal(r->far_target, 2.0, 0);
    /* new land only, from seed 000's date of issue */
    assert_int_equal(r->far_target_from, ls__date_from_ymd(2022, 4, 27));
    assert_dbl_equal(r->retain_ab_min_mu, 50, 0);
    assert_dbl_equal(r->coverage_min, 0.30, 0); /* inherited */
    assert_string_equal(r->evaluation.class_method, "percentile");
    /* seed 000's indicator table: 1 km2 (1,500 mu) more by 2023, 2 km2 by 2025 over the 2020
     * base, 工改工 8,000 mu, 规上 55 / 67 and 230 / 250 万元/亩 */
    assert_dbl_equal(r->targets_base_year, 2021, 0);
    assert_int_equal(r->ntargets, 4);
    assert_int_equal(r->targets[0].indicator, LS_TARGET_RECLAIMED_MU);
    assert_int_equal(r->targets[0].nyears, 2);
    assert_int_equal(r->targets[0].years[0].year, 2023);
    assert_dbl_equal(r->targets[0].years[0].value, 1500, 0);
    assert_dbl_equal(r->targets[0].years[1].value, 3000, 0);
    assert_int_equal(r->targets[1].indicator, LS_TARGET_RENOVATED_MU);
    assert_dbl_equal(r->targets[1].years[0].value, 8000, 0);
    assert_int_equal(r->targets[2].indicator, LS_TARGET_TAX_PER_MU);
    assert_int_equal(r->targets[2].years[1].year, 2025);
    assert_dbl_equal(r->targets[2].years[1].value, 67, 0);
    assert_int_equal(r->targets[3].indicator, LS_TARGET_VA_PER_MU);
    assert_dbl_equal(r->targets[3].years[0].value, 230, 0);
    ls_rules_free(r);
}

static void test_rules__shizuishan_by_year(void **state)
{
    ls_context *ctx = *state;
    ls_rules *r = load_ok(ctx, "shizuishan-2022", NULL);
    assert_int_equal(r->ntax_per_mu_min_by_year, 3);
    assert_dbl_equal(r->tax_per_mu_min, 8, 0); /* latest until a year is applied */
    assert_dbl_equal(r->halted_years, 2, 0);
    assert_dbl_equal(r->arrears_years, 2, 0);
    assert_dbl_equal(r->evaluation.below_min_mu, 3, 0);
    assert_dbl_equal(r->evaluation.new_years, 2, 0); /* scope merged key by key */
    assert_int_equal(ls_rules_apply_year(r, 2023), LS_OK);
    assert_dbl_equal(r->tax_per_mu_min, 6, 0);
    ls_rules_apply_year(r, 2022);
    assert_dbl_equal(r->tax_per_mu_min, 4.5, 0);
    ls_rules_apply_year(r, 2025);
    assert_dbl_equal(r->tax_per_mu_min, 8, 0);
    ls_rules_apply_year(r, 2019);
    assert_dbl_equal(r->tax_per_mu_min, 4.5, 0);
    /* seed 001: park figures by year, 80 halted firms and 4,000 mu by 2024 */
    assert_dbl_equal(r->targets_base_year, 2022, 0);
    assert_int_equal(r->ntargets, 5);
    assert_int_equal(r->targets[0].indicator, LS_TARGET_RECLAIMED_MU);
    assert_dbl_equal(r->targets[0].years[0].value, 4000, 0);
    assert_int_equal(r->targets[1].indicator, LS_TARGET_HALTED_FIRMS_CLEARED);
    assert_int_equal(r->targets[1].years[0].year, 2024);
    assert_dbl_equal(r->targets[1].years[0].value, 80, 0);
    assert_int_equal(r->targets[2].indicator, LS_TARGET_TAX_PER_MU);
    assert_int_equal(r->targets[2].nyears, 3);
    assert_dbl_equal(r->targets[2].years[0].value, 4.5, 0);
    assert_int_equal(r->targets[3].indicator, LS_TARGET_INVESTMENT_PER_MU);
    assert_dbl_equal(r->targets[3].years[1].value, 175, 0);
    assert_int_equal(r->targets[4].indicator, LS_TARGET_OUTPUT_PER_MU);
    assert_dbl_equal(r->targets[4].years[2].value, 175, 0);
    assert_int_equal(ls_rules_apply_year(NULL, 2023), LS_EINVAL);
    ls_rules_free(r);
}

static void test_rules__explicit_tax_clears_by_year(void **state)
{
    ls_context *ctx = *state;
    ls_rules *r = load_ok(ctx, FIXTURES "rules_override_year.yaml", NULL);
    assert_int_equal(r->ntax_per_mu_min_by_year, 0);
    ls_rules_apply_year(r, 2023);
    assert_dbl_equal(r->tax_per_mu_min, 3, 0);
    ls_rules_free(r);
}

static void test_rules__shengsi_preset(void **state)
{
    ls_context *ctx = *state;
    ls_rules *r = load_ok(ctx, "shengsi-2023", NULL);
    assert_dbl_equal(r->energy_per_va_max, 0.52, 0);
    assert_true(isnan(r->tax_per_mu_min));
    assert_int_equal(r->ntargets, 4);
    assert_int_equal(r->targets[0].indicator, LS_TARGET_TAX_PER_MU);
    assert_dbl_equal(r->targets[0].years[0].value, 12, 0);
    assert_int_equal(r->targets[1].indicator, LS_TARGET_VA_PER_MU);
    assert_dbl_equal(r->targets[1].years[0].value, 150, 0);
    ls_rules_free(r);
}

static void test_rules__extends_overrides(void **state)
{
    ls_context *ctx = *state;
    ls_rules *r = load_ok(ctx, "rules_child.yaml", LS_TEST_SOURCE_DIR "/testdata/config");
    assert_string_equal(r->extends_chain, "rules_child.yaml <- zhejiang-ningbo <- national-2008");
    assert_dbl_equal(r->tax_per_mu_min, 7, 0);
    assert_dbl_equal(r->far_target, 2.0, 0); /* from zhejiang-ningbo */
    assert_dbl_equal(r->far_min, 0.7, 0);    /* from national-2008 */
    assert_true(isnan(r->coverage_min));     /* null switches off */
    assert_false(r->idle_vacant);
    assert_int_equal(r->nlow_classes, 2); /* lists replace */
    assert_string_equal(r->low_classes[0], "C");
    assert_dbl_equal(r->evaluation.cap, 1.5, 0);
    assert_int_equal(r->evaluation.nweights_above, 6); /* other group kept */
    assert_int_equal(r->evaluation.nweights_below, 1); /* this group replaced */
    assert_dbl_equal(r->evaluation.weights_below[0].weight, 100, 0);
    assert_string_equal(r->evaluation.benchmark, "mean");
    assert_int_equal(r->nindustrial_codes, 14);
    ls_rules_free(r);
}

static void test_rules__extends_relative_path(void **state)
{
    ls_context *ctx = *state;
    ls_rules *r = load_ok(ctx, FIXTURES "rules_grandchild.yaml", NULL);
    assert_contains(r->extends_chain, "rules_grandchild.yaml <- ./rules_child.yaml <- "
                                      "zhejiang-ningbo <- national-2008");
    assert_dbl_equal(r->tax_per_mu_min, 7, 0);
    assert_int_equal(r->nindustrial_codes, 1);
    assert_true(ls_rules_is_industrial(r, "M1"));
    assert_false(ls_rules_is_industrial(r, "0601"));
    assert_true(ls_rules_is_industrial(r, "0604"));
    ls_rules_free(r);
}

static void test_rules__threshold_classes_without_extends(void **state)
{
    ls_context *ctx = *state;
    ls_rules *r = load_ok(ctx, FIXTURES "rules_threshold.yaml", NULL);
    const ls_eval_rules *ev = &r->evaluation;
    assert_string_equal(ev->benchmark, "fixed");
    assert_int_equal(ev->nbenchmarks, 2);
    assert_dbl_equal(weight_of(ev->benchmarks, 2, "va_per_mu"), 136.16, 0);
    assert_string_equal(ev->class_method, "threshold");
    assert_dbl_equal(ev->class_cutoff[0], 85, 0);
    assert_dbl_equal(ev->class_cutoff[2], 55, 0);
    assert_true(isnan(ev->class_share[0]));
    assert_true(isnan(ev->below_min_mu));
    assert_string_equal(ev->tenants, "separate");
    /* structural defaults when nothing is extended */
    assert_true(isnan(r->far_min));
    assert_dbl_equal(r->stalled_share, 0.3333333333, 0);
    assert_true(r->idle_vacant && r->idle_unsupplied && r->mortgaged_idle);
    assert_int_equal(r->nwarehouse_codes, 3);
    /* table order, years ascending, a null indicator has no target */
    assert_int_equal(r->ntargets, 2);
    assert_int_equal(r->targets[0].indicator, LS_TARGET_RECLAIMED_MU);
    assert_int_equal(r->targets[1].indicator, LS_TARGET_VA_PER_MU);
    assert_int_equal(r->targets[1].years[0].year, 2023);
    assert_dbl_equal(r->targets[1].years[0].value, 0.25, 0);
    assert_dbl_equal(r->targets[1].years[1].value, 0.5, 0);
    assert_dbl_equal(r->targets_base_year, 2022, 0);
    ls_rules_free(r);
}

/* to_yaml → file → load gives the same rules (compared through to_yaml and to_json). */
static void round_trip(ls_context *ctx, const char *name, const char *base_dir)
{
    ls_rules *a = load_ok(ctx, name, base_dir);
    ls_rules_apply_year(a, 2023);
    char *yaml = NULL, *yaml2 = NULL, *json = NULL, *json2 = NULL;
    assert_int_equal(ls_rules_to_yaml(ctx, a, &yaml), LS_OK);
    char path[] = "/tmp/landscan-rules-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    assert_non_null(f);
    fputs(yaml, f);
    fclose(f);
    ls_rules *b = NULL;
    int rc = ls_rules_load(ctx, path, NULL, &b);
    unlink(path);
    if (rc != LS_OK)
        fail_msg("reloading %s: %s\n%s", name, ls_context_error(ctx), yaml);
    assert_int_equal(ls_rules_to_yaml(ctx, b, &yaml2), LS_OK);
    /* Same text apart from the "# Source:" line. */
    const char *body = strstr(yaml, "\nindustrial_codes:");
    const char *body2 = strstr(yaml2, "\nindustrial_codes:");
    assert_non_null(body);
    assert_non_null(body2);
    assert_string_equal(body, body2);
    /* The JSON (which also carries name and chain) agrees once those are aligned. */
    char *name_b = b->name, *chain_b = b->extends_chain;
    b->name = a->name;
    b->extends_chain = a->extends_chain;
    assert_int_equal(ls_rules_to_json(ctx, a, &json), LS_OK);
    assert_int_equal(ls_rules_to_json(ctx, b, &json2), LS_OK);
    b->name = name_b;
    b->extends_chain = chain_b;
    assert_string_equal(json, json2);
    assert_null(strchr(json, '\n'));
    /* And some fields directly. */
    assert_int_equal(a->nindustrial_codes, b->nindustrial_codes);
    assert_true((isnan(a->tax_per_mu_min) && isnan(b->tax_per_mu_min)) ||
                a->tax_per_mu_min == b->tax_per_mu_min);
    assert_true(a->stalled_share == b->stalled_share);
    assert_int_equal(a->ntax_per_mu_min_by_year, b->ntax_per_mu_min_by_year);
    assert_int_equal(a->ntargets, b->ntargets);
    for (size_t i = 0; i < a->ntargets; i++) {
        assert_int_equal(a->targets[i].indicator, b->targets[i].indicator);
        assert_int_equal(a->targets[i].nyears, b->targets[i].nyears);
        for (size_t j = 0; j < a->targets[i].nyears; j++)
            assert_true(a->targets[i].years[j].value == b->targets[i].years[j].value);
    }
    free(yaml);
    free(yaml2);
    free(json);
    free(json2);
    ls_rules_free(a);
    ls_rules_free(b);
}

static void test_rules__round_trip_every_preset(void **state)
{
    ls_context *ctx = *state;
    char **names = NULL;
    assert_int_equal(ls_rules_list_presets(ctx, &names), LS_OK);
    for (char **n = names; *n; n++)
        round_trip(ctx, *n, NULL);
    ls_strings_free(names);
    round_trip(ctx, FIXTURES "rules_threshold.yaml", NULL);
    round_trip(ctx, FIXTURES "rules_grandchild.yaml", NULL);
}

static void test_rules__round_trip_keeps_applied_year(void **state)
{
    ls_context *ctx = *state;
    ls_rules *a = load_ok(ctx, "shizuishan-2022", NULL);
    ls_rules_apply_year(a, 2022);
    char *yaml = NULL;
    assert_int_equal(ls_rules_to_yaml(ctx, a, &yaml), LS_OK);
    assert_contains(yaml, "tax_per_mu_min: 4.5");
    assert_contains(yaml, "tax_per_mu_min_by_year: {2022: 4.5, 2023: 6, 2024: 8}");
    assert_contains(yaml, "\n# ");
    free(yaml);
    ls_rules_free(a);
}

static void test_rules__to_json_one_line(void **state)
{
    ls_context *ctx = *state;
    ls_rules *r = load_ok(ctx, "zhejiang-ningbo", NULL);
    char *json = NULL;
    assert_int_equal(ls_rules_to_json(ctx, r, &json), LS_OK);
    assert_null(strchr(json, '\n'));
    assert_true(json[0] == '{' && json[strlen(json) - 1] == '}');
    assert_contains(json, "\"name\": \"zhejiang-ningbo\"");
    assert_contains(json, "\"tax_per_mu_min\": 5");
    assert_contains(json, "\"va_per_mu_min\": null");
    assert_contains(json, "\"industrial_codes\": [\"0601\", \"061\", \"M\"");
    assert_contains(json, "\"classes\": {\"method\": \"percentile\", \"A\": 0.25");
    free(json);
    ls_rules_free(r);
}

static void test_rules__is_industrial(void **state)
{
    ls_context *ctx = *state;
    ls_rules *r = load_ok(ctx, "national-2008", NULL);
    assert_true(ls_rules_is_industrial(r, "0601"));
    assert_true(ls_rules_is_industrial(r, " 0601 "));
    assert_true(ls_rules_is_industrial(r, "M3"));
    assert_true(ls_rules_is_industrial(r, "100102"));
    assert_true(ls_rules_is_industrial(r, "二类工业用地"));
    assert_false(ls_rules_is_industrial(r, "0602"));
    assert_false(ls_rules_is_industrial(r, "06"));
    assert_false(ls_rules_is_industrial(r, "M"
                                           "4"));
    assert_false(ls_rules_is_industrial(r, "0604"));
    assert_false(ls_rules_is_industrial(r, ""));
    assert_false(ls_rules_is_industrial(r, NULL));
    r->warehouse_is_industrial = 1;
    assert_true(ls_rules_is_industrial(r, "0604"));
    assert_true(ls_rules_is_industrial(r, "W1"));
    assert_true(ls_rules_is_industrial(r, "110102"));
    assert_false(ls_rules_is_industrial(r, "06040"));
    ls_rules_free(r);
    ls_rules_free(NULL);
}

static void test_rules__unknown_key_names_line(void **state)
{
    expect_error(*state, FIXTURES "rules_unknown_key.yaml", LS_EINVAL,
                 "rules_unknown_key.yaml:4: unknown rules key 'tax_per_mu_mni'", NULL);
}

static void test_rules__wrong_type(void **state)
{
    expect_error(*state, FIXTURES "rules_bad_type.yaml", LS_EINVAL,
                 "rules_bad_type.yaml:3:", "tax_per_mu_min must be a number");
}

/* A date key must hold a real date (there is no 30 February); the message names the line. */
static void test_rules__bad_date(void **state)
{
    expect_error(*state, FIXTURES "rules_bad_date.yaml", LS_EINVAL,
                 "rules_bad_date.yaml:3:", "far_target_from '2022-02-30' is not a date");
}

/* `landscan rules` prints each threshold's comparison with the operator of codes.c
 * (以下 includes: tax_per_mu <= this) and the date key as a date. */
static void test_rules__yaml_shows_operators_and_dates(void **state)
{
    ls_context *ctx = *state;
    ls_rules *r = load_ok(ctx, "zhejiang-ningbo", NULL);
    char *yaml = NULL;
    assert_int_equal(ls_rules_to_yaml(ctx, r, &yaml), LS_OK);
    assert_contains(yaml, "fires when tax_per_mu <= this");
    assert_contains(yaml, "fires when energy_per_va > this");
    assert_contains(yaml, "fires when far < this");
    assert_contains(yaml, "site is kept when its area_mu > this");
    assert_contains(yaml, "far_target_from: \"2022-04-27\"");
    free(yaml);
    ls_rules_free(r);
}

static void test_rules__quoted_number_is_text(void **state)
{
    expect_error(*state, FIXTURES "rules_quoted_number.yaml", LS_EINVAL,
                 "rules_quoted_number.yaml:3:", "coverage_min must be a number");
}

static void test_rules__unknown_indicator(void **state)
{
    expect_error(*state, FIXTURES "rules_bad_indicator.yaml", LS_EINVAL,
                 "rules_bad_indicator.yaml:5:", "'profit_per_mu'");
}

static void test_rules__bad_targets(void **state)
{
    expect_error(*state, FIXTURES "rules_bad_target.yaml", LS_EINVAL,
                 "rules_bad_target.yaml:5:", "unknown target indicator 'profit_mu'");
    expect_error(*state, FIXTURES "rules_zero_target.yaml", LS_EINVAL,
                 "rules_zero_target.yaml:3:", "targets.tax_per_mu 2025 must be above 0");
    expect_error(*state, FIXTURES "rules_bad_base_year.yaml", LS_EINVAL,
                 "rules_bad_base_year.yaml:2:", "targets_base_year must be a year");
}

static void test_rules__class_shares_must_sum_to_one(void **state)
{
    expect_error(*state, FIXTURES "rules_bad_shares.yaml", LS_EINVAL,
                 "rules_bad_shares.yaml:4:", "add up to 1");
}

static void test_rules__cycle_detected(void **state)
{
    expect_error(*state, FIXTURES "rules_cycle_a.yaml", LS_EINVAL,
                 "rules_cycle_b.yaml:2:", "extends cycle");
}

static void test_rules__missing_preset(void **state)
{
    expect_error(*state, "atlantis-2030", LS_ENOTFOUND, "unknown rules preset 'atlantis-2030'",
                 "available: national-2008, shengsi-2023, shizuishan-2022, zhejiang-ningbo");
}

static void test_rules__missing_extended_preset(void **state)
{
    expect_error(*state, FIXTURES "rules_missing_preset.yaml", LS_ENOTFOUND,
                 "rules_missing_preset.yaml:2:", "unknown rules preset 'atlantis-2030'");
}

static void test_rules__missing_file(void **state)
{
    expect_error(*state, FIXTURES "no_such_rules.yaml", LS_ENOTFOUND, "no_such_rules.yaml",
                 "cannot open rules file");
}

/* One walk writes both texts: every flat key has the same value text in the YAML line and
 * in the JSON object, in the same order. */
static void test_rules__yaml_and_json_agree(void **state)
{
    ls_context *ctx = *state;
    ls_rules *r = load_ok(ctx, FIXTURES "rules_grandchild.yaml", NULL);
    char *yaml = NULL, *json = NULL;
    assert_int_equal(ls_rules_to_yaml(ctx, r, &yaml), LS_OK);
    assert_int_equal(ls_rules_to_json(ctx, r, &json), LS_OK);
    const char *jpos = json;
    for (size_t i = 0; i < ls__rules_nkeys; i++) {
        const char *key = ls__rules_keys[i].key;
        char pat[128];
        snprintf(pat, sizeof(pat), "\n%s: ", key);
        const char *y = strstr(yaml, pat);
        if (!y)
            fail_msg("no YAML line for %s", key);
        y += strlen(pat);
        size_t ylen = (size_t)(strstr(y, "  # ") - y);
        snprintf(pat, sizeof(pat), "\"%s\": ", key);
        const char *j = strstr(jpos, pat);
        if (!j)
            fail_msg("no JSON member for %s after the previous key", key);
        j += strlen(pat);
        if (strncmp(y, j, ylen) != 0 || (j[ylen] != ',' && j[ylen] != '}'))
            fail_msg("%s: YAML '%.*s' differs from JSON '%.40s'", key, (int)ylen, y, j);
        jpos = j;
    }
    assert_contains(yaml, "\nevaluation:  # per-mu");
    assert_contains(yaml, "\n  weights:\n    above: {");
    assert_contains(json, "\"weights\": {\"above\": {");
    free(yaml);
    free(json);
    ls_rules_free(r);
}

static void test_rules__getters(void **state)
{
    ls_context *ctx = *state;
    ls_rules *r = load_ok(ctx, "zhejiang-ningbo", NULL);
    double v = 0;
    assert_string_equal(ls_rules_name(r), "zhejiang-ningbo");
    assert_string_equal(ls_rules_extends_chain(r), "zhejiang-ningbo <- national-2008");
    /* zhejiang-ningbo.yaml: tax_per_mu_min: 5; national-2008.yaml: va_per_mu_min: null,
     * idle_vacant: true */
    assert_int_equal(ls_rules_number(ctx, r, "tax_per_mu_min", &v), LS_OK);
    assert_true(v == 5.0);
    assert_int_equal(ls_rules_number(ctx, r, "va_per_mu_min", &v), LS_OK);
    assert_true(isnan(v));
    assert_int_equal(ls_rules_number(ctx, r, "idle_vacant", &v), LS_OK);
    assert_true(v == 1.0);
    assert_null(ls_rules_name(NULL));
    assert_null(ls_rules_extends_chain(NULL));
    ls_rules_free(r);
}

static void test_rules__number_errors(void **state)
{
    ls_context *ctx = *state;
    ls_rules *r = load_ok(ctx, "national-2008", NULL);
    double v = 42;
    assert_int_equal(ls_rules_number(ctx, r, "tax_per_mu", &v), LS_ENOTFOUND);
    assert_string_equal(ls_context_error(ctx), "no numeric rules key 'tax_per_mu'");
    assert_int_equal(ls_rules_number(ctx, r, "far_table", &v), LS_ENOTFOUND); /* text */
    assert_true(v == 42);
    assert_int_equal(ls_rules_number(ctx, NULL, "far_min", &v), LS_EINVAL);
    assert_string_equal(ls_context_error(ctx), "ls_rules_number: invalid argument: rules");
    assert_int_equal(ls_rules_number(ctx, r, "far_min", NULL), LS_EINVAL);
    ls_rules_free(r);
}

static void test_rules__null_arguments(void **state)
{
    ls_context *ctx = *state;
    char *text = NULL;
    assert_int_equal(ls_rules_load(ctx, "national-2008", NULL, NULL), LS_EINVAL);
    assert_string_equal(ls_context_error(ctx), "ls_rules_load: invalid argument: out");
    assert_int_equal(ls_rules_to_yaml(ctx, NULL, &text), LS_EINVAL);
    assert_int_equal(ls_rules_to_json(ctx, NULL, &text), LS_EINVAL);
    assert_string_equal(ls_context_error(ctx), "ls_rules_to_json: invalid argument: rules");
    assert_null(text);
    assert_int_equal(ls_rules_list_presets(ctx, NULL), LS_EINVAL);
    assert_int_equal(ls_rules_list_presets(NULL, NULL), LS_EINVAL);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_rules__list_presets),
        T(test_rules__list_presets_missing_folder),
        T(test_rules__national_preset),
        T(test_rules__ningbo_preset),
        T(test_rules__shizuishan_by_year),
        T(test_rules__explicit_tax_clears_by_year),
        T(test_rules__shengsi_preset),
        T(test_rules__extends_overrides),
        T(test_rules__extends_relative_path),
        T(test_rules__threshold_classes_without_extends),
        T(test_rules__round_trip_every_preset),
        T(test_rules__round_trip_keeps_applied_year),
        T(test_rules__to_json_one_line),
        T(test_rules__is_industrial),
        T(test_rules__unknown_key_names_line),
        T(test_rules__wrong_type),
        T(test_rules__quoted_number_is_text),
        T(test_rules__bad_date),
        T(test_rules__bad_targets),
        T(test_rules__yaml_shows_operators_and_dates),
        T(test_rules__unknown_indicator),
        T(test_rules__class_shares_must_sum_to_one),
        T(test_rules__cycle_detected),
        T(test_rules__missing_preset),
        T(test_rules__missing_extended_preset),
        T(test_rules__missing_file),
        T(test_rules__yaml_and_json_agree),
        T(test_rules__getters),
        T(test_rules__number_errors),
        T(test_rules__null_arguments),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
