/*
 * rules.h — the rules a run applies (domain.md §2–§8), loaded from YAML data files.
 *
 * A rules file is flat YAML: thresholds as top-level keys named as in domain.md, `null`
 * switching a test off, an optional `extends:` naming a preset or another file. Presets
 * ship as YAML files in the preset folder (ls_context_preset_dir()). Numeric thresholds
 * that are switched off read as NAN (test with isnan()).
 *
 * Ownership: *out belongs to the caller, free with ls_rules_free().
 */
#ifndef LANDSCAN_RULES_H
#define LANDSCAN_RULES_H

#include "landscan/context.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The preset a run file without `rules:` uses. */
#define LS_RULES_DEFAULT_PRESET "national-2008"

/* Resolved rules (opaque). The full set of values is available as text through
 * ls_rules_to_yaml() / ls_rules_to_json(); single numbers through ls_rules_number(). */
typedef struct ls_rules ls_rules;

/* Load rules by preset name (looked up in the preset folder) or by path (when it contains
 * a '/' or ends in .yaml/.yml; relative to base_dir when not absolute); NULL loads
 * LS_RULES_DEFAULT_PRESET. *out is set only on success. Errors: LS_ENOTFOUND (file or preset;
 * the message lists the presets), LS_EINVAL (bad key or value, extends cycle: the message
 * names the file and line; NULL ctx or out), LS_EIO, LS_ENOMEM. */
int ls_rules_load(ls_context *ctx, const char *name_or_path, const char *base_dir, ls_rules **out);
/* Free rules; NULL is accepted. */
void ls_rules_free(ls_rules *rules);

/* The preset name or file path the rules were loaded from, and the extends chain
 * ("rules.yaml <- zhejiang-ningbo <- national-2008"). Borrowed; NULL for NULL rules. */
const char *ls_rules_name(const ls_rules *rules);
const char *ls_rules_extends_chain(const ls_rules *rules);

/* The value of a flat numeric key or switch as domain.md §8 names it ("tax_per_mu_min",
 * "idle_vacant" → 1 or 0). NAN when the test is switched off. Errors: LS_ENOTFOUND for a
 * key that is not a number or switch, LS_EINVAL for NULL arguments. */
int ls_rules_number(ls_context *ctx, const ls_rules *rules, const char *key, double *out);

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
