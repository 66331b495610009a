/*
 * yaml_util.c — YAML reading helpers shared by config.c and rules_load.c (see yaml_util.h):
 * document loading with line numbers, key lookup and checks, strict typed scalars.
 *
 * It owns the wording of the messages that are about YAML itself (syntax, wrong kind of
 * node, unknown or duplicate key, not a number / boolean / single value), so the run file
 * and the rules files report the same mistake in the same words. It does not know any key
 * of either contract.
 */
#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "yaml_util.h"

/* Load the document of an initialised parser into y (name in messages). */
static int load_document(ls_context *ctx, yaml_parser_t *parser, const char *name, ls__yaml *y)
{
    if (!yaml_parser_load(parser, &y->doc))
        return ls__error_set(ctx, LS_EINVAL, "%s:%d: YAML syntax error: %s%s%s", name,
                             (int)parser->problem_mark.line + 1,
                             parser->problem ? parser->problem : "unreadable",
                             parser->context ? " " : "", parser->context ? parser->context : "");
    y->ctx = ctx;
    y->file = name;
    y->loaded = 1;
    y->root = yaml_document_get_root_node(&y->doc);
    if (y->root && ls__yaml_is_null(y->root))
        y->root = NULL;
    return LS_OK;
}

int ls__yaml_load(ls_context *ctx, const char *path, const char *what, ls__yaml *y)
{
    int error = LS_OK;
    FILE *f = NULL;
    yaml_parser_t parser;

    assert(ctx && path && what && y);
    memset(y, 0, sizeof(*y));
    if (!(f = fopen(path, "rb"))) {
        int e = errno;
        return ls__error_set(ctx, e == ENOENT ? LS_ENOTFOUND : LS_EIO, "%s: cannot open %s: %s",
                             path, what, strerror(e));
    }
    if (!yaml_parser_initialize(&parser)) {
        fclose(f);
        return ls__error_set(ctx, LS_ENOMEM, "out of memory");
    }
    yaml_parser_set_input_file(&parser, f);
    error = load_document(ctx, &parser, path, y);
    yaml_parser_delete(&parser);
    fclose(f);
    return error;
}

int ls__yaml_load_text(ls_context *ctx, const char *text, const char *name, ls__yaml *y)
{
    yaml_parser_t parser;
    assert(ctx && text && name && y);
    memset(y, 0, sizeof(*y));
    if (!yaml_parser_initialize(&parser))
        return ls__error_set(ctx, LS_ENOMEM, "out of memory");
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, strlen(text));
    int error = load_document(ctx, &parser, name, y);
    yaml_parser_delete(&parser);
    return error;
}

void ls__yaml_free(ls__yaml *y)
{
    if (y && y->loaded) {
        yaml_document_delete(&y->doc);
        y->loaded = 0;
        y->root = NULL;
    }
}

int ls__yaml_line(const yaml_node_t *node)
{
    return (int)node->start_mark.line + 1;
}

const char *ls__yaml_scalar(const yaml_node_t *node)
{
    return node->type == YAML_SCALAR_NODE ? (const char *)node->data.scalar.value : "";
}

int ls__yaml_is_null(const yaml_node_t *node)
{
    if (node->type != YAML_SCALAR_NODE || node->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return 0;
    const char *v = ls__yaml_scalar(node);
    return v[0] == '\0' || strcmp(v, "~") == 0 || strcmp(v, "null") == 0 ||
           strcmp(v, "Null") == 0 || strcmp(v, "NULL") == 0;
}

const char *ls__yaml_kind(const yaml_node_t *node)
{
    if (node->type == YAML_SEQUENCE_NODE)
        return "a list";
    if (node->type == YAML_MAPPING_NODE)
        return "a map";
    if (node->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return "quoted text";
    return "text";
}

yaml_node_t *ls__yaml_node(const ls__yaml *y, int index)
{
    /* libyaml's getter takes a non-const document; it only reads it */
    return yaml_document_get_node((yaml_document_t *)(uintptr_t)&y->doc, index);
}

const yaml_node_t *ls__yaml_get(const ls__yaml *y, const yaml_node_t *map, const char *key)
{
    if (map->type != YAML_MAPPING_NODE)
        return NULL;
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
         p++) {
        const yaml_node_t *k = ls__yaml_node(y, p->key);
        if (k->type == YAML_SCALAR_NODE && strcmp(ls__yaml_scalar(k), key) == 0)
            return ls__yaml_node(y, p->value);
    }
    return NULL;
}

const yaml_node_t *ls__yaml_path(const ls__yaml *y, const yaml_node_t *node, const char *dotted)
{
    char key[256];
    for (const char *p = dotted; node && *p;) {
        const char *e = strchr(p, '.');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len >= sizeof(key))
            return NULL;
        memcpy(key, p, len);
        key[len] = '\0';
        node = ls__yaml_get(y, node, key);
        p = e ? e + 1 : p + len;
    }
    return node;
}

size_t ls__yaml_map_size(const yaml_node_t *map)
{
    if (map->type != YAML_MAPPING_NODE)
        return 0;
    return (size_t)(map->data.mapping.pairs.top - map->data.mapping.pairs.start);
}

int ls__yaml_in_list(const char *const *list, const char *s)
{
    for (size_t i = 0; list[i]; i++)
        if (strcmp(list[i], s) == 0)
            return 1;
    return 0;
}

void ls__yaml_list_text(const char *const *list, char *buf, size_t size)
{
    size_t o = 0;
    buf[0] = '\0';
    for (size_t i = 0; list[i] && o < size; i++) {
        int n = snprintf(buf + o, size - o, "%s%s", i ? ", " : "", list[i]);
        if (n < 0)
            break;
        o += (size_t)n;
    }
}

int ls__yaml_check_map(ls__yaml *y, const yaml_node_t *map, const char *where,
                       const char *const *allowed, const char *what)
{
    char expected[900];
    if (map->type != YAML_MAPPING_NODE)
        return ls__error_set(y->ctx, LS_EINVAL, "%s:%d: %s must be a map, not %s", y->file,
                             ls__yaml_line(map), where, ls__yaml_kind(map));
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
         p++) {
        const yaml_node_t *k = ls__yaml_node(y, p->key);
        if (k->type != YAML_SCALAR_NODE)
            return ls__error_set(y->ctx, LS_EINVAL, "%s:%d: a %s in %s must be a plain name",
                                 y->file, ls__yaml_line(k), what, where);
        const char *key = ls__yaml_scalar(k);
        for (yaml_node_pair_t *q = map->data.mapping.pairs.start; q < p; q++) {
            const yaml_node_t *k2 = ls__yaml_node(y, q->key);
            if (k2->type == YAML_SCALAR_NODE && strcmp(ls__yaml_scalar(k2), key) == 0)
                return ls__error_set(y->ctx, LS_EINVAL,
                                     "%s:%d: duplicate %s '%s' in %s (first at line %d)", y->file,
                                     ls__yaml_line(k), what, key, where, ls__yaml_line(k2));
        }
        if (allowed && !ls__yaml_in_list(allowed, key)) {
            ls__yaml_list_text(allowed, expected, sizeof(expected));
            return ls__error_set(y->ctx, LS_EINVAL, "%s:%d: unknown %s '%s' in %s (expected %s)",
                                 y->file, ls__yaml_line(k), what, key, where, expected);
        }
    }
    return LS_OK;
}

/* Plain, finite, decimal: no hex, inf, nan, underscores or leading space. */
static int parse_strict_number(const char *s, double *out)
{
    char *end = NULL;
    if (!*s || isspace((unsigned char)*s) || strpbrk(s, "xXnNiI_"))
        return -1;
    errno = 0;
    double v = strtod(s, &end);
    if (*end != '\0' || errno == ERANGE || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

int ls__yaml_number(ls__yaml *y, const yaml_node_t *v, const char *what, int nullable, double *out)
{
    double d;
    if (nullable && ls__yaml_is_null(v)) {
        *out = NAN;
        return LS_OK;
    }
    if (v->type != YAML_SCALAR_NODE || v->data.scalar.style != YAML_PLAIN_SCALAR_STYLE ||
        parse_strict_number(ls__yaml_scalar(v), &d) != 0) {
        if (v->type == YAML_SCALAR_NODE)
            return ls__error_set(y->ctx, LS_EINVAL, "%s:%d: %s must be a number%s, not %s '%s'",
                                 y->file, ls__yaml_line(v), what, nullable ? " or null" : "",
                                 ls__yaml_kind(v), ls__yaml_scalar(v));
        return ls__error_set(y->ctx, LS_EINVAL, "%s:%d: %s must be a number%s, not %s", y->file,
                             ls__yaml_line(v), what, nullable ? " or null" : "", ls__yaml_kind(v));
    }
    *out = d;
    return LS_OK;
}

int ls__yaml_bool(ls__yaml *y, const yaml_node_t *v, const char *what, int *out)
{
    static const char *const yes[] = {"true", "yes", "on", NULL};
    static const char *const no[] = {"false", "no", "off", NULL};
    if (ls__yaml_is_null(v)) {
        *out = 0;
        return LS_OK;
    }
    if (v->type == YAML_SCALAR_NODE && v->data.scalar.style == YAML_PLAIN_SCALAR_STYLE) {
        const char *s = ls__yaml_scalar(v);
        for (int i = 0; yes[i]; i++) {
            if (strcasecmp(s, yes[i]) == 0) {
                *out = 1;
                return LS_OK;
            }
            if (strcasecmp(s, no[i]) == 0) {
                *out = 0;
                return LS_OK;
            }
        }
        return ls__error_set(y->ctx, LS_EINVAL, "%s:%d: %s must be true or false, not '%s'",
                             y->file, ls__yaml_line(v), what, s);
    }
    return ls__error_set(y->ctx, LS_EINVAL, "%s:%d: %s must be true or false, not %s", y->file,
                         ls__yaml_line(v), what, ls__yaml_kind(v));
}

int ls__yaml_text(ls__yaml *y, const yaml_node_t *v, const char *what, const char *const *choices,
                  int nullable, char **out)
{
    char expected[256];
    if (ls__yaml_is_null(v)) {
        if (!nullable)
            return ls__error_set(y->ctx, LS_EINVAL, "%s:%d: %s needs a value", y->file,
                                 ls__yaml_line(v), what);
        free(*out);
        *out = NULL;
        return LS_OK;
    }
    if (v->type != YAML_SCALAR_NODE)
        return ls__error_set(y->ctx, LS_EINVAL, "%s:%d: %s must be a single value, not %s", y->file,
                             ls__yaml_line(v), what, ls__yaml_kind(v));
    if (choices && !ls__yaml_in_list(choices, ls__yaml_scalar(v))) {
        ls__yaml_list_text(choices, expected, sizeof(expected));
        return ls__error_set(y->ctx, LS_EINVAL, "%s:%d: %s '%s' is not one of %s", y->file,
                             ls__yaml_line(v), what, ls__yaml_scalar(v), expected);
    }
    char *s = ls__strdup(ls__yaml_scalar(v));
    if (!s)
        return ls__error_set(y->ctx, LS_ENOMEM, "out of memory");
    free(*out);
    *out = s;
    return LS_OK;
}
