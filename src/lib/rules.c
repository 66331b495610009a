/*
 * rules.c — the core of the rules (domain.md §2–§8): the table of flat keys, the structural
 * defaults, free, the getters, the reference-year resolution and the industrial-landuse
 * test.
 *
 * The key table is the one place a flat rules key is written: its name, type, field in
 * ls_rules and the comment `landscan rules` prints. rules_load.c reads a file against it,
 * rules_emit.c writes every key in its order, ls_rules_number() looks numbers up by it.
 * Defaults are structural only — every threshold off (NAN), the idle switches on,
 * evaluation by mean with percentile shares — the policy numbers live in the presets.
 *
 * This file does not read YAML (rules_load.c) or the preset folder (rules_presets.c).
 */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

const char *const ls__rules_code_standards[] = {"gbt4754-2017", "gbt4754-2002", NULL};
const char *const ls__rules_benchmark_methods[] = {"mean", "median", "minmax", "fixed", NULL};
const char *const ls__rules_tenant_policies[] = {"inherit", "separate", NULL};
const char *const ls__rules_class_methods[] = {"percentile", "threshold", NULL};
const char *const ls__rules_class_names[] = {"A", "B", "C", "D", NULL};
const char *const ls__rules_indicators[] = {
    "tax_per_mu", "va_per_mu",           "va_per_energy",  "emission", "labour_productivity",
    "rd_share",   "tax_per_electricity", "revenue_per_mu", NULL};

#define NUM(k, c)                                                                                  \
    {                                                                                              \
#k, LS__RK_NUM, offsetof(ls_rules, k), 0, NULL, 0, c                                       \
    }
#define BOOL(k, c)                                                                                 \
    {                                                                                              \
#k, LS__RK_BOOL, offsetof(ls_rules, k), 0, NULL, 0, c                                      \
    }
#define LIST(k, ch, c)                                                                             \
    {                                                                                              \
#k, LS__RK_LIST, offsetof(ls_rules, k), offsetof(ls_rules, n##k), ch, 0, c                 \
    }
#define DATE(k, c)                                                                                 \
    {                                                                                              \
#k, LS__RK_DATE, offsetof(ls_rules, k), 0, NULL, 0, c                                      \
    }
#define TEXT(k, ch, nl, c)                                                                         \
    {                                                                                              \
#k, LS__RK_TEXT, offsetof(ls_rules, k), 0, ch, nl, c                                       \
    }

/* The flat keys, in the order ls_rules_to_yaml() writes them. */
const ls__rules_key ls__rules_keys[] = {
    LIST(industrial_codes, NULL, "landuse codes and names that are industrial (exact match)"),
    BOOL(warehouse_is_industrial, "count warehouse codes as industrial"),
    LIST(warehouse_codes, NULL, "warehouse code patterns; a trailing * matches any suffix"),
    NUM(inside_share_min, "REL_OUTSIDE below this control_share"),
    NUM(retain_ab_min_mu, "REL_RETAIN_AB50: A/B enterprises on at least this many mu"),
    LIST(transition_retain_classes, ls__rules_class_names,
         "REL_RETAIN_TRANSITION: owner classes kept in a transition zone (null = off)"),
    NUM(started_coverage_min, "IDLE_UNSTARTED: not started when coverage below"),
    NUM(unstarted_years, "IDLE_UNSTARTED: years since the agreed start date"),
    NUM(stalled_share, "IDLE_STALLED: coverage below this share of coverage_min"),
    NUM(stalled_years, "IDLE_STALLED: years all enterprises halted"),
    NUM(halted_years, "IDLE_HALTED: years every enterprise halted"),
    BOOL(idle_vacant, "IDLE_VACANT: no enterprise and no building"),
    BOOL(idle_unsupplied, "IDLE_UNSUPPLIED: approved but not supplied"),
    NUM(arrears_years, "LE_TAX_ARREARS: years of land-tax arrears"),
    BOOL(mortgaged_idle, "LE_MORTGAGED_IDLE: mortgaged and idle-type flags"),
    NUM(tax_per_mu_min, "LE_TAX, 10k CNY per mu"),
    NUM(va_per_mu_min, "LE_VA, 10k CNY per mu"),
    NUM(far_min, "LE_FAR when the industry has no floor"),
    TEXT(far_table, NULL, 1, "FAR floors by (standard, code)"),
    TEXT(industry_code_standard, ls__rules_code_standards, 1, "gbt4754-2017 | gbt4754-2002"),
    NUM(far_target, "uplift target when above the floor"),
    DATE(far_target_from, "far_target for parcels granted on or after this date (null: all)"),
    NUM(coverage_min, "LE_COVERAGE"),
    NUM(energy_per_va_max, "LE_ENERGY, tce per 10k CNY of value added"),
    LIST(low_classes, ls__rules_class_names, "LE_CLASS: owner classes counted as low efficiency"),
    LIST(no_new_land_classes, ls__rules_class_names,
         "supply screening: firms of these classes get no new land (supply_restricted)"),
    NUM(tall_storey_m, "a storey higher than this counts twice"),
    NUM(site_min_mu, "consolidation sites of at least this many mu"),
    NUM(site_gap_m, "parcels this close join one site"),
    NUM(overlap_tolerance_m2, "parcel pairs overlapping by more than this are reported"),
    NUM(targets_base_year, "targets: cumulative indicators count from this year (null: from the "
                           "first ledger run)"),
    NUM(admin_land_share_max, "CHK_ADMIN: admin and living footprint share above this"),
    NUM(admin_floor_share_max, "CHK_ADMIN: admin and living floor-area share above this"),
    NUM(admin_land_share_max_raised,
        "CHK_ADMIN footprint cap inside the lines and for A/B firms of retain_ab_min_mu"),
    NUM(admin_floor_share_max_raised,
        "CHK_ADMIN floor-area cap inside the lines and for A/B firms of retain_ab_min_mu"),
    NUM(contract_review_years, "CHK_CONTRACT_*: years after agreed_finish_date"),
    NUM(match_overlap_min,
        "ledger: re-surveyed parcels match by overlap of this share of either area"),
};
const size_t ls__rules_nkeys = sizeof(ls__rules_keys) / sizeof(ls__rules_keys[0]);

const ls__rules_key *ls__rules_key_find(const char *key)
{
    for (size_t i = 0; key && i < ls__rules_nkeys; i++)
        if (strcmp(ls__rules_keys[i].key, key) == 0)
            return &ls__rules_keys[i];
    return NULL;
}

/* ---- free ------------------------------------------------------------------------------ */

void ls__rules_free_strings(char **list, size_t n)
{
    if (!list)
        return;
    for (size_t i = 0; i < n; i++)
        free(list[i]);
    free(list);
}

void ls__rules_free_lists(ls_list_rule *l, size_t n)
{
    for (size_t i = 0; l && i < n; i++) {
        free(l[i].name);
        ls__rules_free_strings(l[i].items, l[i].nitems);
    }
    free(l);
}

void ls__rules_free_targets(ls_target_rule *t, size_t n)
{
    for (size_t i = 0; t && i < n; i++)
        free(t[i].years);
    free(t);
}

void ls__rules_free_weights(ls_weight *w, size_t n)
{
    if (!w)
        return;
    for (size_t i = 0; i < n; i++)
        free(w[i].indicator);
    free(w);
}

void ls_rules_free(ls_rules *rules)
{
    if (!rules)
        return;
    free(rules->name);
    free(rules->extends_chain);
    ls__rules_free_strings(rules->industrial_codes, rules->nindustrial_codes);
    ls__rules_free_strings(rules->warehouse_codes, rules->nwarehouse_codes);
    free(rules->far_table);
    free(rules->industry_code_standard);
    ls__rules_free_strings(rules->low_classes, rules->nlow_classes);
    ls__rules_free_strings(rules->no_new_land_classes, rules->nno_new_land_classes);
    ls__rules_free_strings(rules->transition_retain_classes, rules->ntransition_retain_classes);
    free(rules->evaluation.benchmark);
    ls__rules_free_weights(rules->evaluation.benchmarks, rules->evaluation.nbenchmarks);
    free(rules->evaluation.class_method);
    free(rules->evaluation.tenants);
    ls__rules_free_weights(rules->evaluation.weights_above, rules->evaluation.nweights_above);
    ls__rules_free_weights(rules->evaluation.weights_below, rules->evaluation.nweights_below);
    ls__rules_free_targets(rules->targets, rules->ntargets);
    free(rules->tax_per_mu_min_by_year);
    ls__rules_free_lists(rules->lists, rules->nlists);
    free(rules);
}

/* ---- defaults -------------------------------------------------------------------------- */

static int set_list(char ***list, size_t *n, const char *const *values)
{
    size_t count = 0;
    while (values[count])
        count++;
    char **copy = calloc(count ? count : 1, sizeof(*copy));
    if (!copy)
        return -1;
    for (size_t i = 0; i < count; i++) {
        if (!(copy[i] = ls__strdup(values[i]))) {
            ls__rules_free_strings(copy, i);
            return -1;
        }
    }
    ls__rules_free_strings(*list, *n);
    *list = copy;
    *n = count;
    return 0;
}

static int set_defaults(ls_rules *r)
{
    static const char *const warehouse[] = {"0604", "W*", "1101*", NULL};
    static const char *const none[] = {NULL};
    static const struct {
        const char *name, *item;
    } lists[] = {{"idle", "idle"},
                 {"low_efficiency", "low_efficiency"},
                 {"relocatable", "relocatable"},
                 {"tax_arrears", "LE_TAX_ARREARS"},
                 {"idle_mortgaged", "LE_MORTGAGED_IDLE"},
                 {"halted_2y", "IDLE_HALTED"}};
    size_t nl = sizeof(lists) / sizeof(lists[0]);

    for (size_t i = 0; i < ls__rules_nkeys; i++)
        if (ls__rules_keys[i].kind == LS__RK_NUM)
            *(double *)(void *)((char *)r + ls__rules_keys[i].off) = NAN;
        else if (ls__rules_keys[i].kind == LS__RK_DATE)
            *(int *)(void *)((char *)r + ls__rules_keys[i].off) = LS_NO_DATE;
    r->stalled_share = 0.3333333333;
    r->idle_vacant = 1;
    r->idle_unsupplied = 1;
    r->mortgaged_idle = 1;
    r->evaluation.cap = NAN;
    r->evaluation.class_share[0] = 0.25;
    r->evaluation.class_share[1] = 0.45;
    r->evaluation.class_share[2] = 0.25;
    r->evaluation.class_share[3] = 0.05;
    for (int i = 0; i < 3; i++)
        r->evaluation.class_cutoff[i] = NAN;
    r->evaluation.below_min_mu = NAN;
    r->evaluation.new_years = NAN;
    r->match_overlap_min = 0.9;
    if (!(r->lists = calloc(nl, sizeof(*r->lists))))
        return -1;
    for (size_t i = 0; i < nl; i++) {
        const char *one[] = {lists[i].item, NULL};
        r->nlists++;
        if (!(r->lists[i].name = ls__strdup(lists[i].name)) ||
            set_list(&r->lists[i].items, &r->lists[i].nitems, one))
            return -1;
    }
    if (set_list(&r->warehouse_codes, &r->nwarehouse_codes, warehouse) ||
        set_list(&r->industrial_codes, &r->nindustrial_codes, none) ||
        set_list(&r->low_classes, &r->nlow_classes, none) ||
        set_list(&r->no_new_land_classes, &r->nno_new_land_classes, none) ||
        set_list(&r->transition_retain_classes, &r->ntransition_retain_classes, none) ||
        !(r->evaluation.benchmark = ls__strdup("mean")) ||
        !(r->evaluation.class_method = ls__strdup("percentile")) ||
        !(r->evaluation.tenants = ls__strdup("inherit")))
        return -1;
    return 0;
}

int ls__rules_new(ls_context *ctx, ls_rules **out)
{
    ls_rules *r = calloc(1, sizeof(*r));
    if (!r || set_defaults(r) != 0) {
        ls_rules_free(r);
        return ls__error_set(ctx, LS_ENOMEM, "out of memory");
    }
    *out = r;
    return LS_OK;
}

/* ---- getters and the reference year ---------------------------------------------------- */

const char *ls_rules_name(const ls_rules *rules)
{
    return rules ? rules->name : NULL;
}

const char *ls_rules_extends_chain(const ls_rules *rules)
{
    return rules ? rules->extends_chain : NULL;
}

int ls_rules_number(ls_context *ctx, const ls_rules *rules, const char *key, double *out)
{
    LS__ASSERT_ARG(ctx, rules);
    LS__ASSERT_ARG(ctx, key);
    LS__ASSERT_ARG(ctx, out);
    const ls__rules_key *d = ls__rules_key_find(key);
    if (!d || (d->kind != LS__RK_NUM && d->kind != LS__RK_BOOL))
        return ls__error_set(ctx, LS_ENOTFOUND, "no numeric rules key '%s'", key);
    const char *field = (const char *)rules + d->off;
    if (d->kind == LS__RK_NUM)
        *out = *(const double *)(const void *)field;
    else
        *out = *(const int *)(const void *)field ? 1.0 : 0.0;
    return LS_OK;
}

int ls_rules_apply_year(ls_rules *rules, int year)
{
    if (!rules)
        return LS_EINVAL;
    size_t n = rules->ntax_per_mu_min_by_year;
    if (n == 0)
        return LS_OK;
    const ls_year_value *pick = &rules->tax_per_mu_min_by_year[0];
    for (size_t i = 0; i < n; i++)
        if (rules->tax_per_mu_min_by_year[i].year <= year)
            pick = &rules->tax_per_mu_min_by_year[i];
    rules->tax_per_mu_min = pick->value;
    return LS_OK;
}

/* ---- industrial codes ------------------------------------------------------------------ */

static int pattern_match(const char *pattern, const char *s)
{
    size_t n = strlen(pattern);
    if (n > 0 && pattern[n - 1] == '*')
        return strncmp(pattern, s, n - 1) == 0;
    return strcmp(pattern, s) == 0;
}

int ls_rules_is_industrial(const ls_rules *rules, const char *landuse)
{
    char small[128];
    char *text = NULL;
    int result = 0;
    if (!rules || !landuse)
        return 0;
    size_t n = strlen(landuse);
    if (n < sizeof(small)) {
        memcpy(small, landuse, n + 1);
        text = small;
    } else if (!(text = ls__strdup(landuse))) {
        return 0;
    }
    ls__trim(text);
    if (*text) {
        for (size_t i = 0; i < rules->nindustrial_codes && !result; i++)
            result = strcmp(rules->industrial_codes[i], text) == 0;
        for (size_t i = 0; rules->warehouse_is_industrial && i < rules->nwarehouse_codes && !result;
             i++)
            result = pattern_match(rules->warehouse_codes[i], text);
    }
    if (text != small)
        free(text);
    return result;
}
