/*
 * init_names.h — the name tables `landscan init` guesses from (init_names.c): per role the
 * common Chinese cadastral, 三调 and OpenStreetMap field names of each canonical field, in
 * order of preference, and the file / layer name hints of each role.
 */
#ifndef LANDSCAN_INIT_NAMES_H
#define LANDSCAN_INIT_NAMES_H

#include "internal.h"
#include "landscan/config.h"

#define MAX_NAMES 12

typedef struct field_names {
    const char *canonical;
    const char *names[MAX_NAMES];
} field_names;

/* Per role (ls_input_role order) its canonical fields with their common names, ended by a
 * NULL canonical. */
extern const field_names *const ls__init_role_names[LS_INPUT_COUNT];
/* The enterprise table's point columns x and y. */
extern const field_names ls__init_xy_names[];
/* File and layer name hints per role: ASCII hints match a whole token (or a token that
 * continues with digits), hints of 5+ letters and Chinese hints match anywhere. */
extern const char *const ls__init_role_hints[LS_INPUT_COUNT][10];

#endif
