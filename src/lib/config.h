/*
 * config.h (internal) — the layout of ls_config and ls_input: the run file (RUN.yaml) as
 * config.c loads it, read directly by the stages of the library.
 *
 * The public include/landscan/config.h keeps both opaque and offers getters. Paths are
 * resolved against the run file's folder; optional values not given are NULL.
 */
#ifndef LANDSCAN_CONFIG_INTERNAL_H
#define LANDSCAN_CONFIG_INTERNAL_H

#include <stddef.h>

#include "landscan/config.h"

typedef struct ls_field_pair {
    char *canonical; /* e.g. "parcel_id" */
    char *source;    /* the user's field name, e.g. "ZDDM" */
} ls_field_pair;

struct ls_input {
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
};

/* One exclusion mask (inputs.masks): land that can never be reclaimed. */
typedef struct ls_mask_input {
    int line;    /* YAML line of the entry */
    char *path;  /* resolved path */
    char *layer; /* optional layer, NULL when not given */
    char *name;  /* e.g. 水域, 生态保护红线; the file name when not given */
} ls_mask_input;

struct ls_config {
    char *path;           /* the run file as given */
    char *base_dir;       /* its folder */
    char *name;           /* run title */
    char *reference_date; /* ISO yyyy-mm-dd */
    int reference_year, reference_month, reference_day;
    char *crs;         /* working CRS, NULL = the parcels' CRS */
    char *rules;       /* preset name or resolved rules file path; NULL = the default preset */
    int rules_is_path; /* 1 when `rules` names a file */
    char *output;      /* resolved output folder, NULL when not given */
    char *ledger;      /* resolved ledger path, NULL when not given */
    ls_input inputs[LS_INPUT_COUNT];
    int area_ellipsoidal; /* area_basis: ellipsoidal → 1; planar (default) → 0 */
    char *corrections;    /* resolved corrections CSV path, NULL when not given */
    int corrections_line; /* YAML line of `corrections:` */
    size_t nmasks;
    ls_mask_input *masks; /* inputs.masks in the run file's order */
};

#endif
