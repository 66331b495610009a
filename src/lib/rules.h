/*
 * rules.h (internal) — the layout of ls_rules and what the rules files share: the table of
 * flat keys (name, type, field, comment) that loading, output and the getters all walk, the
 * structural defaults and the preset lookup.
 *
 * The public include/landscan/rules.h keeps ls_rules opaque; the stages of the library read
 * these fields directly. Files: rules.c (this layout, defaults, free, getters, year and
 * landuse tests), rules_presets.c (the preset folder, name → file), rules_load.c (YAML and
 * `extends`), rules_emit.c (YAML / JSON text). Numeric thresholds switched off hold NAN.
 */
#ifndef LANDSCAN_RULES_INTERNAL_H
#define LANDSCAN_RULES_INTERNAL_H

#include <stddef.h>

#include "landscan/rules.h"

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

/* The targets of one indicator (rules `targets:`), years ascending. */
typedef struct ls_target_rule {
    int indicator; /* ls__target_id */
    size_t nyears;
    ls_year_value *years;
} ls_target_rule;

struct ls_rules {
    char *name;          /* preset name or file path the rules were loaded from */
    char *extends_chain; /* "file.yaml <- zhejiang-ningbo <- national-2008" */

    size_t nindustrial_codes;
    char **industrial_codes; /* exact codes or Chinese names */
    int warehouse_is_industrial;
    size_t nwarehouse_codes;
    char **warehouse_codes; /* patterns, a trailing '*' matches any suffix */

    double inside_share_min; /* REL_OUTSIDE below this control share */
    double retain_ab_min_mu; /* REL_RETAIN_AB50 */
    size_t ntransition_retain_classes;
    char **transition_retain_classes; /* REL_RETAIN_TRANSITION owner classes; none = off */
    double started_coverage_min;      /* IDLE_UNSTARTED: not started when coverage below */
    double unstarted_years;           /* IDLE_UNSTARTED */
    double stalled_share;             /* IDLE_STALLED: coverage < stalled_share × coverage_min */
    double stalled_years;             /* IDLE_STALLED */
    double halted_years;              /* IDLE_HALTED */
    int idle_vacant;                  /* IDLE_VACANT switch */
    int idle_unsupplied;              /* IDLE_UNSUPPLIED switch */
    double arrears_years;             /* LE_TAX_ARREARS */
    int mortgaged_idle;               /* LE_MORTGAGED_IDLE switch */
    double tax_per_mu_min;            /* LE_TAX, 万元/亩 */
    double va_per_mu_min;             /* LE_VA */
    double far_min;                   /* LE_FAR when the industry has no floor */
    char *far_table;                  /* FAR floor table name, NULL = none */
    char *industry_code_standard;     /* gbt4754-2017 | gbt4754-2002 */
    double far_target;                /* uplift target when above the floor */
    int far_target_from;              /* far_target for parcels granted from this date; LS_NO_DATE:
                                         every parcel (domain.md §6) */
    double coverage_min;              /* LE_COVERAGE */
    double energy_per_va_max;         /* LE_ENERGY */
    size_t nlow_classes;
    char **low_classes; /* LE_CLASS */
    size_t nno_new_land_classes;
    char **no_new_land_classes; /* enterprises.supply_restricted (seed 004) */
    double tall_storey_m;
    double site_min_mu;
    double site_gap_m;
    double overlap_tolerance_m2; /* parcel pairs overlapping more are reported; NAN = off */
    /* compliance flags (domain.md §10, flags.c); NAN = off */
    double admin_land_share_max;         /* CHK_ADMIN, footprint basis (national 0.07) */
    double admin_floor_share_max;        /* CHK_ADMIN, floor-area basis */
    double admin_land_share_max_raised;  /* the caps for projects inside the lines and A/B */
    double admin_floor_share_max_raised; /* firms of >= retain_ab_min_mu (seed 000 (五)) */
    double contract_review_years;        /* CHK_CONTRACT_*: years after agreed_finish_date */
    ls_eval_rules evaluation;
    /* Campaign targets (domain.md §10): indicator → year → value, in ls__target_id order;
     * targets_base_year (a flat key, NAN = none) starts the cumulative indicators. */
    size_t ntargets;
    ls_target_rule *targets;
    double targets_base_year;

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
};

/* ---- the flat keys (rules.c) ------------------------------------------------------------ */

typedef enum { LS__RK_NUM, LS__RK_BOOL, LS__RK_TEXT, LS__RK_LIST, LS__RK_DATE } ls__rules_kind;

/* One flat (top-level, non-nested) rules key: where it lives in ls_rules and how it reads. */
typedef struct ls__rules_key {
    const char *key;
    ls__rules_kind kind;
    size_t off;                 /* offset of the field in ls_rules */
    size_t count_off;           /* LS__RK_LIST: offset of the size_t count */
    const char *const *choices; /* LS__RK_TEXT / LS__RK_LIST: allowed values, NULL = any */
    int nullable;               /* LS__RK_TEXT: null allowed */
    const char *comment;        /* the comment `landscan rules` prints after the value */
} ls__rules_key;

/* The flat keys in output order (ls_rules_to_yaml / _to_json write them in this order). */
extern const ls__rules_key ls__rules_keys[];
extern const size_t ls__rules_nkeys;
/* The flat key named `key`, NULL when none. */
const ls__rules_key *ls__rules_key_find(const char *key);

/* The keys beside the flat ones, NULL-terminated, by section (rules_load.c): "rules" (the
 * nested top-level keys: extends, tax_per_mu_min_by_year, evaluation, targets, lists),
 * "evaluation", "evaluation.scope", "evaluation.classes", "evaluation.weights"; NULL for
 * another section. The documentation test (tests/docs) compares them with docs/rules.md. */
const char *const *ls__rules_section_keys(const char *section);

/* Value sets shared by loading and output. */
extern const char *const ls__rules_class_names[];    /* A B C D */
extern const char *const ls__rules_indicators[];     /* evaluation indicators */
extern const char *const ls__rules_code_standards[]; /* industry_code_standard */
extern const char *const ls__rules_benchmark_methods[];
extern const char *const ls__rules_tenant_policies[];
extern const char *const ls__rules_class_methods[];

/* New rules with the structural defaults (every threshold off, idle switches on, evaluation
 * by mean with percentile shares 25/45/25/5, the six default ledger lists). Returns
 * LS_OK or LS_ENOMEM (message set). */
int ls__rules_new(ls_context *ctx, ls_rules **out);

/* Free a string array of n entries (NULL accepted). */
void ls__rules_free_strings(char **list, size_t n);
void ls__rules_free_weights(ls_weight *w, size_t n);
void ls__rules_free_lists(ls_list_rule *l, size_t n);
void ls__rules_free_targets(ls_target_rule *t, size_t n);

/* ---- presets (rules_presets.c) --------------------------------------------------------- */

/* 1 when a rules name is a path (contains '/' or ends in .yaml / .yml), else a preset. */
int ls__rules_is_path(const char *name);
/* Resolve a preset name or a path (relative to base_dir) to an existing file path (caller
 * frees). `prefix` starts the message ("rules.yaml:3: extends: "). Errors: LS_ENOTFOUND
 * (the message lists the available presets), LS_EIO, LS_ENOMEM. */
int ls__rules_resolve(ls_context *ctx, const char *name_or_path, const char *base_dir,
                      const char *prefix, char **out);

#endif
