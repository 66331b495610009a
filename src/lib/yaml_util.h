/*
 * yaml_util.h — the YAML reading helpers shared by the run file (config.c) and the rules
 * files (rules_load.c): load a document with libyaml's document API so every node keeps its
 * line, look keys up, check a map's keys against a table, and read typed scalars. Every
 * error is one line on the context naming the file and the line ("RUN.yaml:12: ...").
 *
 * Scalars are the text libyaml gives (no YAML 1.1 type guessing: '0601' and 0601 both stay
 * "0601"). A null is a plain empty, ~, null, Null or NULL; a quoted "null" is text.
 *
 * What a key means and which keys a file may hold stay with the caller: these helpers know
 * YAML, not the run-file or rules contract.
 */
#ifndef LANDSCAN_YAML_UTIL_H
#define LANDSCAN_YAML_UTIL_H

#include <yaml.h>

#include "internal.h"

/* A loaded YAML file: the document and the name used in messages. */
typedef struct ls__yaml {
    ls_context *ctx;
    const char *file; /* borrowed: the path as given */
    yaml_document_t doc;
    yaml_node_t *root; /* NULL when the document is empty or a null */
    int loaded;
} ls__yaml;

/* Open and parse `path`. `what` names the file in the open error ("run file" →
 * "RUN.yaml: cannot open run file: No such file or directory"). Errors: LS_ENOTFOUND,
 * LS_EIO, LS_EINVAL (syntax, with the line), LS_ENOMEM. On failure *y needs no free; on
 * success free it with ls__yaml_free(). */
int ls__yaml_load(ls_context *ctx, const char *path, const char *what, ls__yaml *y);
/* The same for a document in memory (name stands for the file in messages). */
int ls__yaml_load_text(ls_context *ctx, const char *text, const char *name, ls__yaml *y);
void ls__yaml_free(ls__yaml *y);

/* The 1-based line of a node. */
int ls__yaml_line(const yaml_node_t *node);
/* The text of a scalar node (borrowed). */
const char *ls__yaml_scalar(const yaml_node_t *node);
/* 1 for a plain null scalar (empty, ~, null, Null, NULL). */
int ls__yaml_is_null(const yaml_node_t *node);
/* "a list", "a map", "quoted text" or "text", for messages ("must be a number, not a list"). */
const char *ls__yaml_kind(const yaml_node_t *node);
/* A node of the document by index (keys and values of pairs, items of sequences). */
yaml_node_t *ls__yaml_node(const ls__yaml *y, int index);
/* The value of `key` in a mapping node, NULL when absent. Borrowed. */
const yaml_node_t *ls__yaml_get(const ls__yaml *y, const yaml_node_t *map, const char *key);
/* The node at a dotted key path ("evaluation.classes.D") below node, NULL when a key is
 * absent or a step is not a mapping. Borrowed. */
const yaml_node_t *ls__yaml_path(const ls__yaml *y, const yaml_node_t *node, const char *dotted);
/* The number of pairs of a mapping node. */
size_t ls__yaml_map_size(const yaml_node_t *map);

/* 1 when s is in the NULL-terminated list. */
int ls__yaml_in_list(const char *const *list, const char *s);
/* "a, b, c" of a NULL-terminated list, for messages (truncated to size). */
void ls__yaml_list_text(const char *const *list, char *buf, size_t size);

/* Check a mapping: it is a map, its keys are plain names, none twice, each in `allowed`
 * (NULL = any). `where` names the map ("inputs.parcels"), `what` its keys ("key", "field").
 * Messages: "FILE:LINE: unknown key 'x' in where (expected a, b)", "duplicate key ...". */
int ls__yaml_check_map(ls__yaml *y, const yaml_node_t *map, const char *where,
                       const char *const *allowed, const char *what);

/* A strict number: a plain, finite, decimal scalar (a quoted '5' is text). With nullable, a
 * null gives NAN. */
int ls__yaml_number(ls__yaml *y, const yaml_node_t *v, const char *what, int nullable, double *out);
/* A YAML boolean (true/false, yes/no, on/off, any case); a null gives 0. */
int ls__yaml_bool(ls__yaml *y, const yaml_node_t *v, const char *what, int *out);
/* A single text value, one of `choices` when not NULL. With nullable, a null gives NULL;
 * without, a null is an error ("what needs a value"). Replaces *out (the old value is
 * freed) only on success. */
int ls__yaml_text(ls__yaml *y, const yaml_node_t *v, const char *what, const char *const *choices,
                  int nullable, char **out);

#endif
