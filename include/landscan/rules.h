/*
 * rules.h — the rules a run applies (domain.md §2–§8), loaded from YAML data files.
 *
 * A rules file is flat YAML: thresholds as top-level keys named as in domain.md, `null`
 * switching a test off, an optional `extends:` naming a preset or another file. Presets
 * ship as YAML files in the preset folder (ls_context_preset_dir()). Numeric thresholds
 * that are switched off hold NAN (test with isnan()).
 *
 * Ownership: *out belongs to the caller, free with ls_rules_free().
 */
#ifndef LANDSCAN_RULES_H
#define LANDSCAN_RULES_H

#include "landscan/context.h"

#ifdef __cplusplus
extern "C" {
#endif

#define LS_EVAL_MAX_INDICATORS 8

typedef struct ls_weight {
    char *indicator; /* tax_per_mu, va_per_mu, va_per_energy, emission,
                        labour_productivity, rd_share, tax_per_electricity, revenue_per_mu */
    double weight;
} ls_weight;

typedef struct ls_eval_rules {
    char *benchmark;    /* mean | median | minmax | fixed */
    size_t nbenchmarks; /* fixed benchmarks: indicator → value */
    ls_weight *benchmarks;
    double cap;             /* per-indicator score cap (× weight); NAN = none */
    char *class_method;     /* percentile | threshold */
    double class_share[4];  /* percentile shares A, B, C, D */
    double class_cutoff[3]; /* threshold: minimum score for A, B, C (NAN when unused) */
    double below_min_mu;    /* 规下 in scope from this many mu; NAN = all */
    double new_years;       /* founded less than this many years ago → exempt; NAN = off */
    char *tenants;          /* inherit | separate */
    size_t nweights_above, nweights_below;
    ls_weight *weights_above;
    ls_weight *weights_below;
} ls_eval_rules;

/* A named list (清单) kept in the year-on-year ledger: a parcel is on the list when its status
 * or one of the reason codes that fired on it is among `items` (status names such as
 * `idle`, reason codes such as `LE_TAX_ARREARS`). */
typedef struct ls_list_rule {
    char *name;
    size_t nitems;
    char **items;
} ls_list_rule;

/* One entry of a by-year table (e.g. tax_per_mu_min_by_year: {2022: 4.5, 2023: 6}). */
typedef struct ls_year_value {
    int year;
    double value; /* NAN = off */
} ls_year_value;

typedef struct ls_rules {
    char *name;          /* preset name or file path the rules were loaded from */
    char *extends_chain; /* "file.yaml <- zhejiang-ningbo <- national-2008" */

    size_t nindustrial_codes;
    char **industrial_codes; /* exact codes or Chinese names */
    int warehouse_is_industrial;
    size_t nwarehouse_codes;
    char **warehouse_codes; /* patterns, a trailing '*' matches any suffix */

    double inside_share_min;      /* REL_OUTSIDE below this control share */
    double retain_ab_min_mu;      /* REL_RETAIN_AB50 */
    double started_coverage_min;  /* IDLE_UNSTARTED: not started when coverage below */
    double unstarted_years;       /* IDLE_UNSTARTED */
    double stalled_share;         /* IDLE_STALLED: coverage < stalled_share × coverage_min */
    double stalled_years;         /* IDLE_STALLED */
    double halted_years;          /* IDLE_HALTED */
    int idle_vacant;              /* IDLE_VACANT switch */
    int idle_unsupplied;          /* IDLE_UNSUPPLIED switch */
    double arrears_years;         /* LE_TAX_ARREARS */
    int mortgaged_idle;           /* LE_MORTGAGED_IDLE switch */
    double tax_per_mu_min;        /* LE_TAX, 万元/亩 */
    double va_per_mu_min;         /* LE_VA */
    double far_min;               /* LE_FAR when the industry has no floor */
    char *far_table;              /* FAR floor table name, NULL = none */
    char *industry_code_standard; /* gbt4754-2017 | gbt4754-2002 */
    double far_target;            /* uplift target when above the floor */
    double coverage_min;          /* LE_COVERAGE */
    double energy_per_va_max;     /* LE_ENERGY */
    size_t nlow_classes;
    char **low_classes; /* LE_CLASS */
    double tall_storey_m;
    double site_min_mu;
    double site_gap_m;
    ls_eval_rules evaluation;
    char *targets_json; /* report-only targets, as JSON text ("{}" when none) */

    /* LE_TAX threshold by reference year, sorted by year (empty when not given). Until
     * ls_rules_apply_year() is called, tax_per_mu_min holds the latest year's value
     * (unless the same file sets tax_per_mu_min explicitly). */
    size_t ntax_per_mu_min_by_year;
    ls_year_value *tax_per_mu_min_by_year;

    /* Year-on-year ledger (appended). `lists:` in a rules file merges by name over the
     * parent (a name set to null removes that list; `lists: null` removes all). Defaults:
     * idle, low_efficiency, relocatable (by status) and the three lists of seed 001:
     * tax_arrears (LE_TAX_ARREARS), idle_mortgaged (LE_MORTGAGED_IDLE), halted_2y
     * (IDLE_HALTED). */
    size_t nlists;
    ls_list_rule *lists;
    /* A re-surveyed, split or merged parcel matches an old one when their overlap covers at
     * least this share of either area (default 0.9; NAN = match by id only). */
    double match_overlap_min;
} ls_rules;

/* Load rules by preset name (looked up in the preset folder) or by path (when it contains
 * a '/' or ends in .yaml/.yml; relative to base_dir when not absolute). */
int ls_rules_load(ls_context *ctx, const char *name_or_path, const char *base_dir, ls_rules **out);
void ls_rules_free(ls_rules *rules);

/* The names of the shipped presets, sorted. *out is a NULL-terminated array owned by the
 * caller: free with ls_strings_free(). */
int ls_rules_list_presets(ls_context *ctx, char ***out);
void ls_strings_free(char **strings);

/* The fully resolved rules as YAML text (loadable again), owned by the caller (free()). */
int ls_rules_to_yaml(ls_context *ctx, const ls_rules *rules, char **out);
/* The fully resolved rules as one-line JSON text, owned by the caller (free()). */
int ls_rules_to_json(ls_context *ctx, const ls_rules *rules, char **out);

/* Resolve year-dependent thresholds for the run's reference year: tax_per_mu_min takes the
 * tax_per_mu_min_by_year entry for `year`, else the latest year before it, else the
 * earliest. No change when the rules have no by-year table. Returns LS_OK (LS_EINVAL for
 * NULL rules). */
int ls_rules_apply_year(ls_rules *rules, int year);

/* 1 when landuse is industrial under these rules. */
int ls_rules_is_industrial(const ls_rules *rules, const char *landuse);

#ifdef __cplusplus
}
#endif
#endif
