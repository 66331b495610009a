/*
 * config.h — the run file (RUN.yaml), loaded into an opaque, read-only handle.
 *
 * ls_config_load() parses RUN.yaml with libyaml, following the input contract of
 * product.md: every key known, unknown keys rejected with their line, paths resolved
 * relative to the run file, `fields:` maps from canonical names to the user's names.
 *
 * ls_run_file_load() adds the rules the run file names, resolved for its reference year:
 * the one call an embedder needs before ls_run().
 *
 * Ownership: *out belongs to the caller, free it with ls_config_free(). Everything
 * reachable from it (the strings the getters return) is owned by the config.
 */
#ifndef LANDSCAN_CONFIG_H
#define LANDSCAN_CONFIG_H

#include "landscan/context.h"
#include "landscan/rules.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The input roles of a run, in the order of product.md. */
typedef enum {
    LS_INPUT_PARCELS = 0,
    LS_INPUT_CONTROL_LINES,
    LS_INPUT_BLOCKS,
    LS_INPUT_DISTRICTS,
    LS_INPUT_BUILDINGS,
    LS_INPUT_ENTERPRISES,
    LS_INPUT_APPROVALS, /* approval batch polygons (批次, 批而未供; product.md extensions) */
    LS_INPUT_COUNT
} ls_input_role;

/* The run file as loaded (opaque; read it with the getters below). */
typedef struct ls_config ls_config;
/* One input of the run file (opaque). */
typedef struct ls_input ls_input;

/* Parse RUN.yaml. Errors: LS_ENOTFOUND (file), LS_EINVAL (syntax, unknown key, bad value:
 * the message names the file and line). */
int ls_config_load(ls_context *ctx, const char *path, ls_config **out);
/* Free a run config; NULL is accepted. */
void ls_config_free(ls_config *cfg);

/* Load a run file with its rules, as `landscan run` does: ls_config_load(), then the rules
 * the file names (a preset, or a file relative to the run file; LS_RULES_DEFAULT_PRESET when
 * it names none) with ls_rules_load(), then ls_rules_apply_year() for the reference year.
 * On success *cfg and *rules belong to the caller (ls_config_free, ls_rules_free); on
 * failure both are left untouched and the message names the run or rules file and line.
 * Errors: those of ls_config_load() and ls_rules_load(); LS_EINVAL for NULL arguments. */
int ls_run_file_load(ls_context *ctx, const char *path, ls_config **cfg, ls_rules **rules);

/* Getters. Strings are borrowed from the config (valid until ls_config_free); NULL when
 * the run file does not give the value (or cfg is NULL). */
const char *ls_config_path(const ls_config *cfg);           /* the run file as given */
const char *ls_config_name(const ls_config *cfg);           /* `name:` */
const char *ls_config_reference_date(const ls_config *cfg); /* yyyy-mm-dd */
int ls_config_reference_year(const ls_config *cfg);         /* 0 when cfg is NULL */
const char *ls_config_crs(const ls_config *cfg);            /* working CRS */
/* `rules:` — a preset name, or the rules file path resolved against the run file. */
const char *ls_config_rules(const ls_config *cfg);
const char *ls_config_output(const ls_config *cfg); /* resolved output folder */
const char *ls_config_ledger(const ls_config *cfg); /* resolved ledger path */
/* The input of a role, NULL when the run file does not give it. Borrowed. */
const ls_input *ls_config_input(const ls_config *cfg, ls_input_role role);
/* The input's resolved path and optional layer (NULL when not given). Borrowed. */
const char *ls_input_path(const ls_input *input);
const char *ls_input_layer(const ls_input *input);

/* The user's field name for a canonical field of an input, or NULL when not mapped.
 * Borrowed. */
const char *ls_input_field(const ls_input *input, const char *canonical);

/* The YAML key of a role ("parcels", "control_lines", ...). */
const char *ls_input_role_name(ls_input_role role);

#ifdef __cplusplus
}
#endif
#endif
