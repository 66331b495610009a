/*
 * config.h — the run file (RUN.yaml) as a read-only structure.
 *
 * ls_config_load() parses RUN.yaml with libyaml, following the input contract of
 * product.md: every key known, unknown keys rejected with their line, paths resolved
 * relative to the run file, `fields:` maps from canonical names to the user's names.
 *
 * Ownership: *out belongs to the caller, free it with ls_config_free(). Everything
 * reachable from it is owned by the config.
 */
#ifndef LANDSCAN_CONFIG_H
#define LANDSCAN_CONFIG_H

#include "landscan/context.h"

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
    LS_INPUT_COUNT
} ls_input_role;

typedef struct ls_field_pair {
    char *canonical; /* e.g. "parcel_id" */
    char *source;    /* the user's field name, e.g. "ZDDM" */
} ls_field_pair;

typedef struct ls_input {
    int present;      /* 1 when the role is given in the run file */
    int line;         /* YAML line of the role key (1-based) */
    char *path;       /* resolved path (relative paths joined to the run file's folder) */
    char *layer;      /* optional layer name (`schema.table` in a database), NULL when not given */
    char *sql;        /* optional attribute query run on the source instead of `layer` */
    char *encoding;   /* optional attribute encoding override */
    char *assume_crs; /* optional CRS used only when the source has none */
    char *x, *y;      /* optional point columns (enterprises) */
    char *coord_sys;  /* wgs84 | gcj02 | bd09 | cgcs2000 | working; NULL = working CRS */
    size_t nfields;
    ls_field_pair *fields;
} ls_input;

/* One exclusion mask (inputs.masks): land that can never be reclaimed. */
typedef struct ls_mask_input {
    int line;    /* YAML line of the entry */
    char *path;  /* resolved path */
    char *layer; /* optional layer, NULL when not given */
    char *name;  /* e.g. 水域, 生态保护红线; the file name when not given */
} ls_mask_input;

typedef struct ls_config {
    char *path;           /* the run file as given */
    char *base_dir;       /* its folder */
    char *name;           /* run title */
    char *reference_date; /* ISO yyyy-mm-dd */
    int reference_year, reference_month, reference_day;
    char *crs;         /* working CRS, NULL = the parcels' CRS */
    char *rules;       /* preset name or resolved rules file path; NULL = national-2008 */
    int rules_is_path; /* 1 when `rules` names a file */
    char *output;      /* resolved output folder, NULL when not given */
    char *ledger;      /* resolved ledger path, NULL when not given */
    ls_input inputs[LS_INPUT_COUNT];
    int area_ellipsoidal; /* area_basis: ellipsoidal → 1; planar (default) → 0 */
    char *corrections;    /* resolved corrections CSV path, NULL when not given */
    int corrections_line; /* YAML line of `corrections:` */
    size_t nmasks;
    ls_mask_input *masks; /* inputs.masks in the run file's order */
} ls_config;

/* Parse RUN.yaml. Errors: LS_ENOTFOUND (file), LS_EINVAL (syntax, unknown key, bad value:
 * the message names the file and line). */
int ls_config_load(ls_context *ctx, const char *path, ls_config **out);
void ls_config_free(ls_config *cfg);

/* The user's field name for a canonical field of an input, or NULL when not mapped.
 * Borrowed. */
const char *ls_input_field(const ls_input *input, const char *canonical);

/* The YAML key of a role ("parcels", "control_lines", ...). */
const char *ls_input_role_name(ls_input_role role);

#ifdef __cplusplus
}
#endif
#endif
