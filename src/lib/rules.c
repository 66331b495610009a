/*
 * rules.c — rules files and presets (domain.md §8) → ls_rules, and back to YAML / JSON.
 *
 * A rules file is a YAML map of flat threshold keys plus the nested `evaluation:` and the
 * free-form `targets:`. Loading starts from built-in structural defaults (every threshold
 * off, the switches on), applies the `extends:` chain from its root down, then the file
 * itself, so a child's keys override its parent's:
 *   - scalars and lists replace (a list is never merged);
 *   - `evaluation:` merges key by key, and so do `evaluation.scope` and
 *     `evaluation.weights` per group (above / below); `classes` and `benchmarks` replace;
 *   - `targets:` replaces and is kept as JSON text (report-only);
 *   - `lists:` (the ledger's named lists) merges by list name; an item is a status name or a
 *     reason code, `name: null` removes one list and `lists: null` all of them;
 *   - `null` switches a test off (numbers become NAN, switches 0, names NULL).
 * `extends:` names a preset (looked up in the preset folder) or a file (relative to the
 * extending file); cycles and chains deeper than MAX_DEPTH are errors.
 *
 * tax_per_mu_min_by_year is the one year-dependent key: the file loads it as a table and
 * ls_rules_apply_year() picks the entry once the run's reference year is known. A file
 * that sets tax_per_mu_min without the table clears an inherited table.
 *
 * Types are strict: a number must be a plain YAML number (a quoted '5' is text), a switch
 * a YAML boolean, a list a YAML sequence. Every error is one line naming the file and line.
 * ls_rules_to_yaml() writes every key (no extends), so loading its output gives the same
 * values; numbers are printed in the shortest form that reads back equal.
 */
#if !defined(_XOPEN_SOURCE) || _XOPEN_SOURCE < 700
#undef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700 /* realpath() */
#endif
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <yaml.h>

#include "codes.h"
#include "internal.h"

#define MAX_DEPTH 16

enum kind { K_NUM, K_BOOL, K_TEXT, K_LIST };

typedef struct keydef {
    const char *key;
    enum kind kind;
    size_t off;
    size_t count_off;           /* K_LIST: offset of the size_t count */
    const char *const *choices; /* K_TEXT: allowed values, NULL = any */
    int nullable;               /* K_TEXT: null allowed */
    const char *comment;
} keydef;

static const char *const code_standards[] = {"gbt4754-2017", "gbt4754-2002", NULL};
static const char *const benchmark_methods[] = {"mean", "median", "minmax", "fixed", NULL};
static const char *const tenant_policies[] = {"inherit", "separate", NULL};
static const char *const class_methods[] = {"percentile", "threshold", NULL};
static const char *const class_names[] = {"A", "B", "C", "D", NULL};
static const char *const indicators[] = {
    "tax_per_mu", "va_per_mu",           "va_per_energy",  "emission", "labour_productivity",
    "rd_share",   "tax_per_electricity", "revenue_per_mu", NULL};
static const char *const eval_keys[] = {"benchmark", "benchmarks", "cap", "classes",
                                        "scope",     "weights",    NULL};
static const char *const scope_keys[] = {"below_min_mu", "new_years", "tenants", NULL};
static const char *const weight_groups[] = {"above", "below", NULL};
static const char *const classes_keys[] = {"method", "A", "B", "C", "D", NULL};

#define NUM(k, c)                                                                                  \
    {                                                                                              \
#k, K_NUM, offsetof(ls_rules, k), 0, NULL, 0, c                                            \
    }
#define BOOL(k, c)                                                                                 \
    {                                                                                              \
#k, K_BOOL, offsetof(ls_rules, k), 0, NULL, 0, c                                           \
    }
#define LIST(k, c)                                                                                 \
    {                                                                                              \
#k, K_LIST, offsetof(ls_rules, k), offsetof(ls_rules, n##k), NULL, 0, c                    \
    }
#define TEXT(k, ch, nl, c)                                                                         \
    {                                                                                              \
#k, K_TEXT, offsetof(ls_rules, k), 0, ch, nl, c                                            \
    }

/* The flat keys, in the order ls_rules_to_yaml() writes them. */
static const keydef flat_keys[] = {
    LIST(industrial_codes, "landuse codes and names that are industrial (exact match)"),
    BOOL(warehouse_is_industrial, "count warehouse codes as industrial"),
    LIST(warehouse_codes, "warehouse code patterns; a trailing * matches any suffix"),
    NUM(inside_share_min, "REL_OUTSIDE below this control_share"),
    NUM(retain_ab_min_mu, "REL_RETAIN_AB50: A/B enterprises on at least this many mu"),
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
    TEXT(industry_code_standard, code_standards, 1, "gbt4754-2017 | gbt4754-2002"),
    NUM(far_target, "uplift target when above the floor"),
    NUM(coverage_min, "LE_COVERAGE"),
    NUM(energy_per_va_max, "LE_ENERGY, tce per 10k CNY of value added"),
    LIST(low_classes, "LE_CLASS: owner classes counted as low efficiency"),
    NUM(tall_storey_m, "a storey higher than this counts twice"),
    NUM(site_min_mu, "consolidation sites of at least this many mu"),
    NUM(site_gap_m, "parcels this close join one site"),
    NUM(match_overlap_min,
        "ledger: re-surveyed parcels match by overlap of this share of either area"),
};
#define NFLAT (sizeof(flat_keys) / sizeof(flat_keys[0]))

/* One file being applied: its name for messages and its document. */
typedef struct rfile {
    ls_context *ctx;
    const char *file;
    yaml_document_t *doc;
} rfile;

/* The extends chain being loaded: resolved paths (cycle check) and labels. */
typedef struct chain {
    int depth;
    char *real[MAX_DEPTH];
    char *label[MAX_DEPTH];
} chain;

/* ---- small helpers --------------------------------------------------------------------- */

static int line_of(const yaml_node_t *node)
{
    return (int)node->start_mark.line + 1;
}

static int in_list(const char *const *list, const char *s)
{
    for (size_t i = 0; list[i]; i++)
        if (strcmp(list[i], s) == 0)
            return 1;
    return 0;
}

static void list_text(const char *const *list, char *buf, size_t size)
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

static const char *node_kind(const yaml_node_t *node)
{
    if (node->type == YAML_SEQUENCE_NODE)
        return "a list";
    if (node->type == YAML_MAPPING_NODE)
        return "a map";
    if (node->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return "quoted text";
    return "text";
}

static const char *scalar(const yaml_node_t *node)
{
    return (const char *)node->data.scalar.value;
}

static int is_null_scalar(const yaml_node_t *node)
{
    if (node->type != YAML_SCALAR_NODE || node->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return 0;
    const char *v = scalar(node);
    return v[0] == '\0' || strcmp(v, "~") == 0 || strcmp(v, "null") == 0 ||
           strcmp(v, "Null") == 0 || strcmp(v, "NULL") == 0;
}

static void free_strings(char **list, size_t n)
{
    if (!list)
        return;
    for (size_t i = 0; i < n; i++)
        free(list[i]);
    free(list);
}

static void free_lists(ls_list_rule *l, size_t n)
{
    for (size_t i = 0; l && i < n; i++) {
        free(l[i].name);
        free_strings(l[i].items, l[i].nitems);
    }
    free(l);
}

static void free_weights(ls_weight *w, size_t n)
{
    if (!w)
        return;
    for (size_t i = 0; i < n; i++)
        free(w[i].indicator);
    free(w);
}

static int nomem(ls_context *ctx)
{
    return ls__error_set(ctx, LS_ENOMEM, "out of memory");
}

/* Shortest text that reads back as the same double; "null" for NAN. */
static void fmt_num(char *buf, size_t size, double v)
{
    if (isnan(v)) {
        snprintf(buf, size, "null");
        return;
    }
    if (v == floor(v) && fabs(v) < 1e15) {
        snprintf(buf, size, "%.0f", v); /* integers without an exponent: 50, not 5e+01 */
        return;
    }
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, size, "%.*g", prec, v);
        if (strtod(buf, NULL) == v)
            return;
    }
}

/* A JSON / YAML double-quoted string. */
static void add_quoted(ls__buf *b, const char *s)
{
    ls__buf_add(b, "\"");
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\') {
            char esc[3] = {'\\', (char)*p, '\0'};
            ls__buf_add(b, esc);
        } else if (*p < 0x20) {
            ls__buf_addf(b, "\\u%04x", *p);
        } else {
            ls__buf_addn(b, (const char *)p, 1);
        }
    }
    ls__buf_add(b, "\"");
}

static int is_path_name(const char *s)
{
    size_t n = strlen(s);
    return strchr(s, '/') || (n >= 5 && strcasecmp(s + n - 5, ".yaml") == 0) ||
           (n >= 4 && strcasecmp(s + n - 4, ".yml") == 0);
}

/* ---- presets --------------------------------------------------------------------------- */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int ls_rules_list_presets(ls_context *ctx, char ***out)
{
    int error = LS_OK;
    const char *dir = ls_context_preset_dir(ctx);
    DIR *d = NULL;
    char **names = NULL;
    size_t n = 0, cap = 0;

    if (!(d = opendir(dir))) {
        return ls__error_set(ctx, errno == ENOENT ? LS_ENOTFOUND : LS_EIO,
                             "%s: cannot open the preset folder: %s", dir, strerror(errno));
    }
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (len <= 5 || strcmp(e->d_name + len - 5, ".yaml") != 0 || e->d_name[0] == '.')
            continue;
        if (n + 2 > cap) {
            cap = cap ? cap * 2 : 8;
            char **grown = realloc(names, cap * sizeof(*names));
            if (!grown) {
                error = nomem(ctx);
                goto cleanup;
            }
            names = grown;
        }
        if (!(names[n] = malloc(len - 4))) {
            error = nomem(ctx);
            goto cleanup;
        }
        memcpy(names[n], e->d_name, len - 5);
        names[n][len - 5] = '\0';
        n++;
    }
    if (!names && !(names = malloc(sizeof(*names)))) {
        error = nomem(ctx);
        goto cleanup;
    }
    qsort(names, n, sizeof(*names), cmp_str);
    names[n] = NULL;
    *out = names;
    names = NULL;

cleanup:
    if (names)
        free_strings(names, n);
    closedir(d);
    return error;
}

void ls_strings_free(char **strings)
{
    if (!strings)
        return;
    for (char **p = strings; *p; p++)
        free(*p);
    free(strings);
}

/* "a, b, c" of the presets, or a note when the folder cannot be read. */
static void available_text(ls_context *ctx, char *buf, size_t size)
{
    char **names = NULL;
    char saved[sizeof(ctx->error)];
    int saved_code = ctx->error_code;
    memcpy(saved, ctx->error, sizeof(saved));
    if (ls_rules_list_presets(ctx, &names) != LS_OK || !names[0]) {
        snprintf(buf, size, "none in %s", ls_context_preset_dir(ctx));
    } else {
        list_text((const char *const *)names, buf, size);
    }
    ls_strings_free(names);
    memcpy(ctx->error, saved, sizeof(saved));
    ctx->error_code = saved_code;
}

static int file_exists(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    fclose(f);
    return 1;
}

/* Resolve a preset name or a path to a file path; prefix names the referring line. */
static int resolve(ls_context *ctx, const char *name_or_path, const char *base_dir,
                   const char *prefix, char **out)
{
    char *path = NULL;
    if (is_path_name(name_or_path)) {
        path = ls__path_join(base_dir, name_or_path);
        if (!path)
            return nomem(ctx);
        if (!file_exists(path)) {
            int e = errno;
            int code = e == ENOENT ? LS_ENOTFOUND : LS_EIO;
            ls__error_set(ctx, code, "%s%s: cannot open rules file: %s", prefix, path, strerror(e));
            free(path);
            return code;
        }
    } else {
        char available[512];
        int ok = name_or_path[0] != '\0';
        for (const char *c = name_or_path; *c; c++)
            if (!isalnum((unsigned char)*c) && *c != '-' && *c != '_' && *c != '.')
                ok = 0;
        if (ok) {
            path = ls__sprintf("%s/%s.yaml", ls_context_preset_dir(ctx), name_or_path);
            if (!path)
                return nomem(ctx);
            ok = file_exists(path);
        }
        if (!ok) {
            free(path);
            available_text(ctx, available, sizeof(available));
            return ls__error_set(ctx, LS_ENOTFOUND, "%sunknown rules preset '%s' (available: %s)",
                                 prefix, name_or_path, available);
        }
    }
    *out = path;
    return LS_OK;
}

/* ---- defaults and free ----------------------------------------------------------------- */

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
            free_strings(copy, i);
            return -1;
        }
    }
    free_strings(*list, *n);
    *list = copy;
    *n = count;
    return 0;
}

/* Structural defaults: every threshold off, the idle switches on, evaluation by mean. */
static int rules_defaults(ls_rules *r)
{
    static const char *const warehouse[] = {"0604", "W*", "1101*", NULL};
    static const char *const none[] = {NULL};
    for (size_t i = 0; i < NFLAT; i++)
        if (flat_keys[i].kind == K_NUM)
            *(double *)((char *)r + flat_keys[i].off) = NAN;
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
    static const struct {
        const char *name, *item;
    } lists[] = {{"idle", "idle"},
                 {"low_efficiency", "low_efficiency"},
                 {"relocatable", "relocatable"},
                 {"tax_arrears", "LE_TAX_ARREARS"},
                 {"idle_mortgaged", "LE_MORTGAGED_IDLE"},
                 {"halted_2y", "IDLE_HALTED"}};
    size_t nl = sizeof(lists) / sizeof(lists[0]);
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
        !(r->evaluation.benchmark = ls__strdup("mean")) ||
        !(r->evaluation.class_method = ls__strdup("percentile")) ||
        !(r->evaluation.tenants = ls__strdup("inherit")) || !(r->targets_json = ls__strdup("{}")))
        return -1;
    return 0;
}

void ls_rules_free(ls_rules *rules)
{
    if (!rules)
        return;
    free(rules->name);
    free(rules->extends_chain);
    free_strings(rules->industrial_codes, rules->nindustrial_codes);
    free_strings(rules->warehouse_codes, rules->nwarehouse_codes);
    free(rules->far_table);
    free(rules->industry_code_standard);
    free_strings(rules->low_classes, rules->nlow_classes);
    free(rules->evaluation.benchmark);
    free_weights(rules->evaluation.benchmarks, rules->evaluation.nbenchmarks);
    free(rules->evaluation.class_method);
    free(rules->evaluation.tenants);
    free_weights(rules->evaluation.weights_above, rules->evaluation.nweights_above);
    free_weights(rules->evaluation.weights_below, rules->evaluation.nweights_below);
    free(rules->targets_json);
    free(rules->tax_per_mu_min_by_year);
    free_lists(rules->lists, rules->nlists);
    free(rules);
}

/* ---- typed values ---------------------------------------------------------------------- */

/* Check a mapping: no duplicate keys, every key a name in `allowed`. */
static int check_map(rfile *F, const yaml_node_t *map, const char *where,
                     const char *const *allowed)
{
    char expected[700];
    if (map->type != YAML_MAPPING_NODE)
        return ls__error_set(F->ctx, LS_EINVAL, "%s:%d: %s must be a map, not %s", F->file,
                             line_of(map), where, node_kind(map));
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = yaml_document_get_node(F->doc, p->key);
        if (k->type != YAML_SCALAR_NODE)
            return ls__error_set(F->ctx, LS_EINVAL, "%s:%d: keys in %s must be plain names",
                                 F->file, line_of(k), where);
        for (yaml_node_pair_t *q = map->data.mapping.pairs.start; q < p; q++) {
            yaml_node_t *k2 = yaml_document_get_node(F->doc, q->key);
            if (k2->type == YAML_SCALAR_NODE && strcmp(scalar(k2), scalar(k)) == 0)
                return ls__error_set(F->ctx, LS_EINVAL,
                                     "%s:%d: duplicate key '%s' in %s (first at line %d)", F->file,
                                     line_of(k), scalar(k), where, line_of(k2));
        }
        if (allowed && !in_list(allowed, scalar(k))) {
            list_text(allowed, expected, sizeof(expected));
            return ls__error_set(F->ctx, LS_EINVAL, "%s:%d: unknown key '%s' in %s (expected %s)",
                                 F->file, line_of(k), scalar(k), where, expected);
        }
    }
    return LS_OK;
}

/* A strict YAML number: plain, finite, decimal. */
static int parse_number_text(const char *s, double *out)
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

static int get_number(rfile *F, const yaml_node_t *v, const char *what, int nullable, double *out)
{
    double d;
    if (nullable && is_null_scalar(v)) {
        *out = NAN;
        return LS_OK;
    }
    if (v->type != YAML_SCALAR_NODE || v->data.scalar.style != YAML_PLAIN_SCALAR_STYLE ||
        parse_number_text(scalar(v), &d) != 0) {
        if (v->type == YAML_SCALAR_NODE)
            return ls__error_set(F->ctx, LS_EINVAL, "%s:%d: %s must be a number%s, not %s '%s'",
                                 F->file, line_of(v), what, nullable ? " or null" : "",
                                 node_kind(v), scalar(v));
        return ls__error_set(F->ctx, LS_EINVAL, "%s:%d: %s must be a number%s, not %s", F->file,
                             line_of(v), what, nullable ? " or null" : "", node_kind(v));
    }
    *out = d;
    return LS_OK;
}

static int get_bool(rfile *F, const yaml_node_t *v, const char *what, int *out)
{
    static const char *const yes[] = {"true", "yes", "on", NULL};
    static const char *const no[] = {"false", "no", "off", NULL};
    if (is_null_scalar(v)) {
        *out = 0;
        return LS_OK;
    }
    if (v->type == YAML_SCALAR_NODE && v->data.scalar.style == YAML_PLAIN_SCALAR_STYLE) {
        for (int i = 0; yes[i]; i++) {
            if (strcasecmp(scalar(v), yes[i]) == 0) {
                *out = 1;
                return LS_OK;
            }
            if (strcasecmp(scalar(v), no[i]) == 0) {
                *out = 0;
                return LS_OK;
            }
        }
        return ls__error_set(F->ctx, LS_EINVAL, "%s:%d: %s must be true or false, not '%s'",
                             F->file, line_of(v), what, scalar(v));
    }
    return ls__error_set(F->ctx, LS_EINVAL, "%s:%d: %s must be true or false, not %s", F->file,
                         line_of(v), what, node_kind(v));
}

static int get_text(rfile *F, const yaml_node_t *v, const char *what, const char *const *choices,
                    int nullable, char **out)
{
    char expected[256];
    if (nullable && is_null_scalar(v)) {
        free(*out);
        *out = NULL;
        return LS_OK;
    }
    if (v->type != YAML_SCALAR_NODE || is_null_scalar(v))
        return ls__error_set(F->ctx, LS_EINVAL, "%s:%d: %s must be a single value, not %s", F->file,
                             line_of(v), what, v->type == YAML_SCALAR_NODE ? "null" : node_kind(v));
    if (choices && !in_list(choices, scalar(v))) {
        list_text(choices, expected, sizeof(expected));
        return ls__error_set(F->ctx, LS_EINVAL, "%s:%d: %s '%s' is not one of %s", F->file,
                             line_of(v), what, scalar(v), expected);
    }
    char *s = ls__strdup(scalar(v));
    if (!s)
        return nomem(F->ctx);
    free(*out);
    *out = s;
    return LS_OK;
}

static int get_list(rfile *F, const yaml_node_t *v, const char *what, const char *const *choices,
                    char ***list, size_t *n)
{
    char expected[256];
    char **items = NULL;
    size_t count = 0;
    if (is_null_scalar(v)) {
        items = calloc(1, sizeof(*items));
        if (!items)
            return nomem(F->ctx);
        free_strings(*list, *n);
        *list = items;
        *n = 0;
        return LS_OK;
    }
    if (v->type != YAML_SEQUENCE_NODE)
        return ls__error_set(F->ctx, LS_EINVAL, "%s:%d: %s must be a list, not %s", F->file,
                             line_of(v), what, node_kind(v));
    size_t total = (size_t)(v->data.sequence.items.top - v->data.sequence.items.start);
    if (!(items = calloc(total ? total : 1, sizeof(*items))))
        return nomem(F->ctx);
    for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top;
         it++) {
        yaml_node_t *e = yaml_document_get_node(F->doc, *it);
        int error = LS_OK;
        if (e->type != YAML_SCALAR_NODE || is_null_scalar(e)) {
            error = ls__error_set(
                F->ctx, LS_EINVAL, "%s:%d: items of %s must be single values, not %s", F->file,
                line_of(e), what, e->type == YAML_SCALAR_NODE ? "null" : node_kind(e));
        } else if (choices && !in_list(choices, scalar(e))) {
            list_text(choices, expected, sizeof(expected));
            error = ls__error_set(F->ctx, LS_EINVAL, "%s:%d: %s item '%s' is not one of %s",
                                  F->file, line_of(e), what, scalar(e), expected);
        } else if (!(items[count] = ls__strdup(scalar(e)))) {
            error = nomem(F->ctx);
        } else {
            count++;
        }
        if (error) {
            free_strings(items, count);
            return error;
        }
    }
    free_strings(*list, *n);
    *list = items;
    *n = count;
    return LS_OK;
}

/* A map of indicator → number (weights, fixed benchmarks); replaces *list. */
static int get_indicator_map(rfile *F, const yaml_node_t *v, const char *what, ls_weight **list,
                             size_t *n)
{
    int error = LS_OK;
    ls_weight *items = NULL;
    size_t count = 0;
    char item_what[128];
    if (is_null_scalar(v)) {
        free_weights(*list, *n);
        *list = NULL;
        *n = 0;
        return LS_OK;
    }
    if ((error = check_map(F, v, what, indicators)))
        return error;
    size_t total = (size_t)(v->data.mapping.pairs.top - v->data.mapping.pairs.start);
    if (!(items = calloc(total ? total : 1, sizeof(*items))))
        return nomem(F->ctx);
    for (yaml_node_pair_t *p = v->data.mapping.pairs.start; p < v->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(F->doc, p->key);
        yaml_node_t *val = yaml_document_get_node(F->doc, p->value);
        snprintf(item_what, sizeof(item_what), "%s.%s", what, scalar(k));
        if ((error = get_number(F, val, item_what, 0, &items[count].weight)))
            goto cleanup;
        if (!(items[count].indicator = ls__strdup(scalar(k)))) {
            error = nomem(F->ctx);
            goto cleanup;
        }
        count++;
    }
    free_weights(*list, *n);
    *list = items;
    *n = count;
    items = NULL;
cleanup:
    free_weights(items, count);
    return error;
}

/* ---- nested sections ------------------------------------------------------------------- */

static const yaml_node_t *map_get(rfile *F, const yaml_node_t *map, const char *key)
{
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = yaml_document_get_node(F->doc, p->key);
        if (k->type == YAML_SCALAR_NODE && strcmp(scalar(k), key) == 0)
            return yaml_document_get_node(F->doc, p->value);
    }
    return NULL;
}

static int parse_classes(rfile *F, const yaml_node_t *v, ls_eval_rules *ev)
{
    int error = LS_OK;
    double values[4] = {NAN, NAN, NAN, NAN};
    char *method = NULL;
    char what[64];
    if ((error = check_map(F, v, "evaluation.classes", classes_keys)))
        return error;
    const yaml_node_t *m = map_get(F, v, "method");
    if (m) {
        if ((error = get_text(F, m, "evaluation.classes.method", class_methods, 0, &method)))
            return error;
    } else if (!(method = ls__strdup("percentile"))) {
        return nomem(F->ctx);
    }
    int percentile = strcmp(method, "percentile") == 0;
    for (int i = 0; i < 4; i++) {
        const yaml_node_t *c = map_get(F, v, class_names[i]);
        snprintf(what, sizeof(what), "evaluation.classes.%s", class_names[i]);
        if (!c) {
            if (percentile || i < 3) {
                error = ls__error_set(
                    F->ctx, LS_EINVAL, "%s:%d: evaluation.classes with method %s needs %s", F->file,
                    line_of(v), method,
                    percentile ? "shares A, B, C and D" : "minimum scores A, B and C");
                goto cleanup;
            }
            continue;
        }
        if (!percentile && i == 3) {
            error = ls__error_set(F->ctx, LS_EINVAL,
                                  "%s:%d: evaluation.classes.D is not used with method threshold "
                                  "(D is every score below C)",
                                  F->file, line_of(c));
            goto cleanup;
        }
        if ((error = get_number(F, c, what, 0, &values[i])))
            goto cleanup;
        if (percentile && (values[i] < 0 || values[i] > 1)) {
            error = ls__error_set(F->ctx, LS_EINVAL, "%s:%d: %s must be a share between 0 and 1",
                                  F->file, line_of(c), what);
            goto cleanup;
        }
    }
    if (percentile && fabs(values[0] + values[1] + values[2] + values[3] - 1.0) > 1e-6) {
        error = ls__error_set(F->ctx, LS_EINVAL,
                              "%s:%d: evaluation.classes shares A + B + C + D must add up to 1",
                              F->file, line_of(v));
        goto cleanup;
    }
    if (!percentile && !(values[0] >= values[1] && values[1] >= values[2])) {
        error = ls__error_set(F->ctx, LS_EINVAL,
                              "%s:%d: evaluation.classes minimum scores must satisfy A >= B >= C",
                              F->file, line_of(v));
        goto cleanup;
    }
    for (int i = 0; i < 4; i++)
        ev->class_share[i] = percentile ? values[i] : NAN;
    for (int i = 0; i < 3; i++)
        ev->class_cutoff[i] = percentile ? NAN : values[i];
    free(ev->class_method);
    ev->class_method = method;
    method = NULL;
cleanup:
    free(method);
    return error;
}

static int parse_evaluation(rfile *F, const yaml_node_t *v, ls_eval_rules *ev)
{
    int error = LS_OK;
    if ((error = check_map(F, v, "evaluation", eval_keys)))
        return error;
    for (yaml_node_pair_t *p = v->data.mapping.pairs.start; p < v->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(F->doc, p->key);
        yaml_node_t *val = yaml_document_get_node(F->doc, p->value);
        const char *key = scalar(k);
        if (strcmp(key, "benchmark") == 0) {
            error = get_text(F, val, "evaluation.benchmark", benchmark_methods, 0, &ev->benchmark);
        } else if (strcmp(key, "benchmarks") == 0) {
            error = get_indicator_map(F, val, "evaluation.benchmarks", &ev->benchmarks,
                                      &ev->nbenchmarks);
        } else if (strcmp(key, "cap") == 0) {
            error = get_number(F, val, "evaluation.cap", 1, &ev->cap);
        } else if (strcmp(key, "classes") == 0) {
            error = parse_classes(F, val, ev);
        } else if (strcmp(key, "scope") == 0) {
            if ((error = check_map(F, val, "evaluation.scope", scope_keys)))
                return error;
            for (yaml_node_pair_t *q = val->data.mapping.pairs.start;
                 q < val->data.mapping.pairs.top && !error; q++) {
                const char *sk = scalar(yaml_document_get_node(F->doc, q->key));
                yaml_node_t *sv = yaml_document_get_node(F->doc, q->value);
                if (strcmp(sk, "below_min_mu") == 0)
                    error =
                        get_number(F, sv, "evaluation.scope.below_min_mu", 1, &ev->below_min_mu);
                else if (strcmp(sk, "new_years") == 0)
                    error = get_number(F, sv, "evaluation.scope.new_years", 1, &ev->new_years);
                else
                    error = get_text(F, sv, "evaluation.scope.tenants", tenant_policies, 0,
                                     &ev->tenants);
            }
        } else if (strcmp(key, "weights") == 0) {
            if ((error = check_map(F, val, "evaluation.weights", weight_groups)))
                return error;
            const yaml_node_t *above = map_get(F, val, "above");
            const yaml_node_t *below = map_get(F, val, "below");
            if (above && (error = get_indicator_map(F, above, "evaluation.weights.above",
                                                    &ev->weights_above, &ev->nweights_above)))
                return error;
            if (below && (error = get_indicator_map(F, below, "evaluation.weights.below",
                                                    &ev->weights_below, &ev->nweights_below)))
                return error;
        }
        if (error)
            return error;
    }
    return LS_OK;
}

static int cmp_year(const void *a, const void *b)
{
    const ls_year_value *x = a, *y = b;
    return (x->year > y->year) - (x->year < y->year);
}

static int parse_by_year(rfile *F, const yaml_node_t *v, ls_rules *r)
{
    int error = LS_OK;
    ls_year_value *items = NULL;
    size_t count = 0;
    if (is_null_scalar(v)) {
        free(r->tax_per_mu_min_by_year);
        r->tax_per_mu_min_by_year = NULL;
        r->ntax_per_mu_min_by_year = 0;
        return LS_OK;
    }
    if ((error = check_map(F, v, "tax_per_mu_min_by_year", NULL)))
        return error;
    size_t total = (size_t)(v->data.mapping.pairs.top - v->data.mapping.pairs.start);
    if (!(items = calloc(total ? total : 1, sizeof(*items))))
        return nomem(F->ctx);
    for (yaml_node_pair_t *p = v->data.mapping.pairs.start; p < v->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(F->doc, p->key);
        yaml_node_t *val = yaml_document_get_node(F->doc, p->value);
        const char *ks = scalar(k);
        char *end = NULL;
        long year = strtol(ks, &end, 10);
        if (!isdigit((unsigned char)ks[0]) || *end != '\0' || year < 1000 || year > 9999) {
            error = ls__error_set(F->ctx, LS_EINVAL,
                                  "%s:%d: tax_per_mu_min_by_year keys must be years, not '%s'",
                                  F->file, line_of(k), ks);
            goto cleanup;
        }
        for (size_t i = 0; i < count; i++) {
            if (items[i].year == (int)year) {
                error = ls__error_set(F->ctx, LS_EINVAL,
                                      "%s:%d: duplicate year %ld in tax_per_mu_min_by_year",
                                      F->file, line_of(k), year);
                goto cleanup;
            }
        }
        items[count].year = (int)year;
        if ((error = get_number(F, val, "tax_per_mu_min_by_year value", 1, &items[count].value)))
            goto cleanup;
        count++;
    }
    qsort(items, count, sizeof(*items), cmp_year);
    free(r->tax_per_mu_min_by_year);
    r->tax_per_mu_min_by_year = count ? items : NULL;
    r->ntax_per_mu_min_by_year = count;
    if (count)
        items = NULL;
cleanup:
    free(items);
    return error;
}

/* Free-form YAML → JSON text (targets). */
static int is_json_number(const char *s)
{
    const char *p = s;
    if (*p == '-')
        p++;
    if (*p == '0')
        p++;
    else if (isdigit((unsigned char)*p))
        while (isdigit((unsigned char)*p))
            p++;
    else
        return 0;
    if (*p == '.') {
        p++;
        if (!isdigit((unsigned char)*p))
            return 0;
        while (isdigit((unsigned char)*p))
            p++;
    }
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-')
            p++;
        if (!isdigit((unsigned char)*p))
            return 0;
        while (isdigit((unsigned char)*p))
            p++;
    }
    return *p == '\0';
}

static void yaml_to_json(rfile *F, const yaml_node_t *v, ls__buf *b, int depth)
{
    if (depth > 64) {
        ls__buf_add(b, "null");
        return;
    }
    if (v->type == YAML_MAPPING_NODE) {
        ls__buf_add(b, "{");
        for (yaml_node_pair_t *p = v->data.mapping.pairs.start; p < v->data.mapping.pairs.top;
             p++) {
            yaml_node_t *k = yaml_document_get_node(F->doc, p->key);
            if (p != v->data.mapping.pairs.start)
                ls__buf_add(b, ", ");
            add_quoted(b, k->type == YAML_SCALAR_NODE ? scalar(k) : "");
            ls__buf_add(b, ": ");
            yaml_to_json(F, yaml_document_get_node(F->doc, p->value), b, depth + 1);
        }
        ls__buf_add(b, "}");
    } else if (v->type == YAML_SEQUENCE_NODE) {
        ls__buf_add(b, "[");
        for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top;
             it++) {
            if (it != v->data.sequence.items.start)
                ls__buf_add(b, ", ");
            yaml_to_json(F, yaml_document_get_node(F->doc, *it), b, depth + 1);
        }
        ls__buf_add(b, "]");
    } else if (is_null_scalar(v)) {
        ls__buf_add(b, "null");
    } else if (v->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
               (strcasecmp(scalar(v), "true") == 0 || strcasecmp(scalar(v), "false") == 0)) {
        ls__buf_add(b, strcasecmp(scalar(v), "true") == 0 ? "true" : "false");
    } else if (v->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && is_json_number(scalar(v))) {
        ls__buf_add(b, scalar(v));
    } else {
        add_quoted(b, scalar(v));
    }
}

/* ---- one file -------------------------------------------------------------------------- */

static int key_allowed(const char *key)
{
    for (size_t i = 0; i < NFLAT; i++)
        if (strcmp(flat_keys[i].key, key) == 0)
            return 1;
    return strcmp(key, "extends") == 0 || strcmp(key, "tax_per_mu_min_by_year") == 0 ||
           strcmp(key, "evaluation") == 0 || strcmp(key, "targets") == 0 ||
           strcmp(key, "lists") == 0;
}

/* lists: {name: [items], ...} merged by name into r->lists; null removes. */
static int parse_lists(rfile *F, const yaml_node_t *v, ls_rules *r)
{
    if (is_null_scalar(v)) {
        free_lists(r->lists, r->nlists);
        r->lists = NULL;
        r->nlists = 0;
        return LS_OK;
    }
    int error = check_map(F, v, "lists", NULL);
    for (yaml_node_pair_t *p = v->data.mapping.pairs.start;
         error == LS_OK && p < v->data.mapping.pairs.top; p++) {
        const char *name = scalar(yaml_document_get_node(F->doc, p->key));
        yaml_node_t *items = yaml_document_get_node(F->doc, p->value);
        size_t at = r->nlists;
        for (size_t i = 0; i < r->nlists; i++)
            if (strcmp(r->lists[i].name, name) == 0)
                at = i;
        if (is_null_scalar(items)) {
            if (at < r->nlists) {
                free(r->lists[at].name);
                free_strings(r->lists[at].items, r->lists[at].nitems);
                memmove(&r->lists[at], &r->lists[at + 1], (r->nlists - at - 1) * sizeof(*r->lists));
                r->nlists--;
            }
            continue;
        }
        char what[128];
        snprintf(what, sizeof(what), "lists.%s", name);
        char **got = NULL;
        size_t ngot = 0;
        if ((error = get_list(F, items, what, ls__list_item_names, &got, &ngot)))
            break;
        if (at == r->nlists) {
            ls_list_rule *grown = realloc(r->lists, (r->nlists + 1) * sizeof(*grown));
            char *copy = ls__strdup(name);
            if (!grown || !copy) {
                if (grown)
                    r->lists = grown;
                free(copy);
                free_strings(got, ngot);
                return nomem(F->ctx);
            }
            r->lists = grown;
            r->lists[at].name = copy;
            r->lists[at].items = NULL;
            r->lists[at].nitems = 0;
            r->nlists++;
        }
        free_strings(r->lists[at].items, r->lists[at].nitems);
        r->lists[at].items = got;
        r->lists[at].nitems = ngot;
    }
    return error;
}

static int apply_flat(rfile *F, const keydef *d, const yaml_node_t *v, ls_rules *r)
{
    char *field = (char *)r + d->off;
    switch (d->kind) {
    case K_NUM:
        return get_number(F, v, d->key, 1, (double *)(void *)field);
    case K_BOOL:
        return get_bool(F, v, d->key, (int *)(void *)field);
    case K_TEXT:
        return get_text(F, v, d->key, d->choices, d->nullable, (char **)(void *)field);
    case K_LIST:
        return get_list(F, v, d->key, strcmp(d->key, "low_classes") == 0 ? class_names : NULL,
                        (char ***)(void *)field, (size_t *)(void *)((char *)r + d->count_off));
    }
    return LS_EINTERNAL;
}

static int load_file(ls_context *ctx, const char *path, const char *label, chain *ch, ls_rules *r);

static int apply_doc(rfile *F, const yaml_node_t *root, const char *path, chain *ch, ls_rules *r)
{
    int error = LS_OK;
    char *dir = NULL, *parent = NULL, *prefix = NULL;
    char expected[900];

    if (root->type != YAML_MAPPING_NODE)
        return ls__error_set(F->ctx, LS_EINVAL, "%s:%d: a rules file must be a map of keys, not %s",
                             F->file, line_of(root), node_kind(root));
    if ((error = check_map(F, root, "the rules file", NULL)))
        return error;
    for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = yaml_document_get_node(F->doc, p->key);
        if (!key_allowed(scalar(k))) {
            size_t o = 0;
            expected[0] = '\0';
            for (size_t i = 0; i < NFLAT && o < sizeof(expected); i++) {
                int n = snprintf(expected + o, sizeof(expected) - o, "%s, ", flat_keys[i].key);
                o += n > 0 ? (size_t)n : 0;
            }
            return ls__error_set(F->ctx, LS_EINVAL,
                                 "%s:%d: unknown rules key '%s' (expected extends, %s"
                                 "tax_per_mu_min_by_year, evaluation, targets, lists)",
                                 F->file, line_of(k), scalar(k), expected);
        }
    }

    /* The parent first, so this file's keys override it. */
    const yaml_node_t *ext = map_get(F, root, "extends");
    if (ext && !is_null_scalar(ext)) {
        if (ext->type != YAML_SCALAR_NODE) {
            error = ls__error_set(F->ctx, LS_EINVAL,
                                  "%s:%d: extends must be a preset name or a path, not %s", F->file,
                                  line_of(ext), node_kind(ext));
            goto cleanup;
        }
        if (!(dir = ls__path_dir(path)) ||
            !(prefix = ls__sprintf("%s:%d: extends: ", F->file, line_of(ext)))) {
            error = nomem(F->ctx);
            goto cleanup;
        }
        if ((error = resolve(F->ctx, scalar(ext), dir, prefix, &parent)))
            goto cleanup;
        if (ch->depth >= MAX_DEPTH) {
            error = ls__error_set(F->ctx, LS_EINVAL, "%s:%d: extends chain deeper than %d files",
                                  F->file, line_of(ext), MAX_DEPTH);
            goto cleanup;
        }
        char *real = realpath(parent, NULL);
        for (int i = 0; real && i < ch->depth; i++) {
            if (strcmp(ch->real[i], real) == 0) {
                ls__buf cyc = {0};
                for (int j = i; j < ch->depth; j++)
                    ls__buf_addf(&cyc, "%s -> ", ch->label[j]);
                ls__buf_add(&cyc, scalar(ext));
                char *text = ls__buf_take(&cyc);
                error = ls__error_set(F->ctx, LS_EINVAL, "%s:%d: extends cycle: %s", F->file,
                                      line_of(ext), text ? text : "");
                free(text);
                free(real);
                goto cleanup;
            }
        }
        free(real);
        if ((error = load_file(F->ctx, parent, scalar(ext), ch, r)))
            goto cleanup;
    }

    int has_tax = 0, has_by_year = 0;
    for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = yaml_document_get_node(F->doc, p->key);
        yaml_node_t *v = yaml_document_get_node(F->doc, p->value);
        const char *key = scalar(k);
        if (strcmp(key, "extends") == 0)
            continue;
        if (strcmp(key, "tax_per_mu_min_by_year") == 0) {
            has_by_year = 1;
            error = parse_by_year(F, v, r);
        } else if (strcmp(key, "evaluation") == 0) {
            error = parse_evaluation(F, v, &r->evaluation);
        } else if (strcmp(key, "lists") == 0) {
            error = parse_lists(F, v, r);
        } else if (strcmp(key, "targets") == 0) {
            ls__buf b = {0};
            if (is_null_scalar(v))
                ls__buf_add(&b, "{}");
            else
                yaml_to_json(F, v, &b, 0);
            char *json = ls__buf_take(&b);
            if (!json) {
                error = nomem(F->ctx);
            } else {
                free(r->targets_json);
                r->targets_json = json;
            }
        } else {
            for (size_t i = 0; i < NFLAT; i++)
                if (strcmp(flat_keys[i].key, key) == 0)
                    error = apply_flat(F, &flat_keys[i], v, r);
            if (strcmp(key, "tax_per_mu_min") == 0)
                has_tax = 1;
        }
        if (error)
            goto cleanup;
    }
    if (has_tax && !has_by_year) {
        free(r->tax_per_mu_min_by_year);
        r->tax_per_mu_min_by_year = NULL;
        r->ntax_per_mu_min_by_year = 0;
    } else if (has_by_year && !has_tax && r->ntax_per_mu_min_by_year > 0) {
        r->tax_per_mu_min = r->tax_per_mu_min_by_year[r->ntax_per_mu_min_by_year - 1].value;
    }

cleanup:
    free(dir);
    free(parent);
    free(prefix);
    return error;
}

static int load_file(ls_context *ctx, const char *path, const char *label, chain *ch, ls_rules *r)
{
    int error = LS_OK;
    FILE *f = NULL;
    yaml_parser_t parser;
    yaml_document_t doc;
    int parser_ok = 0, doc_ok = 0;
    int pushed = 0;

    if (!(f = fopen(path, "rb"))) {
        int e = errno;
        return ls__error_set(ctx, e == ENOENT ? LS_ENOTFOUND : LS_EIO,
                             "%s: cannot open rules file: %s", path, strerror(e));
    }
    /* realpath fails on files that have no name (pipes, memfds, /proc/self/fd/N): the
     * path as given still serves the cycle check */
    ch->real[ch->depth] = realpath(path, NULL);
    if (!ch->real[ch->depth])
        ch->real[ch->depth] = ls__strdup(path);
    ch->label[ch->depth] = ls__strdup(label);
    ch->depth++;
    pushed = 1;
    if (!ch->real[ch->depth - 1] || !ch->label[ch->depth - 1]) {
        error = nomem(ctx);
        goto cleanup;
    }
    if (!yaml_parser_initialize(&parser)) {
        error = nomem(ctx);
        goto cleanup;
    }
    parser_ok = 1;
    yaml_parser_set_input_file(&parser, f);
    if (!yaml_parser_load(&parser, &doc)) {
        error = ls__error_set(ctx, LS_EINVAL, "%s:%d: YAML syntax error: %s%s%s", path,
                              (int)parser.problem_mark.line + 1,
                              parser.problem ? parser.problem : "unreadable",
                              parser.context ? " " : "", parser.context ? parser.context : "");
        goto cleanup;
    }
    doc_ok = 1;
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    if (!root || is_null_scalar(root)) {
        error = ls__error_set(ctx, LS_EINVAL, "%s:1: the rules file is empty", path);
        goto cleanup;
    }
    rfile F = {ctx, path, &doc};
    error = apply_doc(&F, root, path, ch, r);

cleanup:
    if (pushed) {
        ch->depth--;
        free(ch->real[ch->depth]);
        free(ch->label[ch->depth]);
        ch->real[ch->depth] = ch->label[ch->depth] = NULL;
    }
    if (doc_ok)
        yaml_document_delete(&doc);
    if (parser_ok)
        yaml_parser_delete(&parser);
    fclose(f);
    return error;
}

/* Collect the labels of the chain (top first) while loading: a second pass reads extends
 * only, cheap and keeps load_file simple. */
static int chain_text(ls_context *ctx, const char *path, const char *label, ls__buf *b, int depth)
{
    int error = LS_OK;
    FILE *f = NULL;
    yaml_parser_t parser;
    yaml_document_t doc;
    int parser_ok = 0, doc_ok = 0;
    char *dir = NULL, *parent = NULL;

    ls__buf_add(b, label);
    if (depth >= MAX_DEPTH || !(f = fopen(path, "rb")))
        return LS_OK;
    if (!yaml_parser_initialize(&parser))
        goto cleanup;
    parser_ok = 1;
    yaml_parser_set_input_file(&parser, f);
    if (!yaml_parser_load(&parser, &doc))
        goto cleanup;
    doc_ok = 1;
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    if (!root || root->type != YAML_MAPPING_NODE)
        goto cleanup;
    rfile F = {ctx, path, &doc};
    const yaml_node_t *ext = map_get(&F, root, "extends");
    if (!ext || ext->type != YAML_SCALAR_NODE || is_null_scalar(ext))
        goto cleanup;
    if (!(dir = ls__path_dir(path)))
        goto cleanup;
    if (resolve(ctx, scalar(ext), dir, "", &parent) != LS_OK)
        goto cleanup;
    ls__buf_add(b, " <- ");
    error = chain_text(ctx, parent, scalar(ext), b, depth + 1);
cleanup:
    free(dir);
    free(parent);
    if (doc_ok)
        yaml_document_delete(&doc);
    if (parser_ok)
        yaml_parser_delete(&parser);
    if (f)
        fclose(f);
    return error;
}

int ls_rules_load(ls_context *ctx, const char *name_or_path, const char *base_dir, ls_rules **out)
{
    int error = LS_OK;
    ls_rules *r = NULL;
    char *path = NULL;
    chain ch;
    ls__buf b = {0};
    memset(&ch, 0, sizeof(ch));

    if (!name_or_path)
        name_or_path = "national-2008";
    if ((error = resolve(ctx, name_or_path, base_dir, "", &path)))
        goto cleanup;
    if (!(r = calloc(1, sizeof(*r))) || rules_defaults(r) != 0 ||
        !(r->name = ls__strdup(name_or_path))) {
        error = nomem(ctx);
        goto cleanup;
    }
    if ((error = load_file(ctx, path, name_or_path, &ch, r)))
        goto cleanup;
    if (strcmp(r->evaluation.benchmark, "fixed") == 0 && r->evaluation.nbenchmarks == 0) {
        error = ls__error_set(ctx, LS_EINVAL,
                              "%s: evaluation.benchmark is fixed but no evaluation.benchmarks "
                              "are given",
                              path);
        goto cleanup;
    }
    chain_text(ctx, path, name_or_path, &b, 0);
    if (!(r->extends_chain = ls__buf_take(&b))) {
        error = nomem(ctx);
        goto cleanup;
    }
    *out = r;
    r = NULL;

cleanup:
    ls__buf_free(&b);
    free(path);
    ls_rules_free(r);
    return error;
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

/* ---- output ---------------------------------------------------------------------------- */

static void add_num(ls__buf *b, double v)
{
    char num[64];
    fmt_num(num, sizeof(num), v);
    ls__buf_add(b, num);
}

static void add_string_list(ls__buf *b, char *const *list, size_t n)
{
    ls__buf_add(b, "[");
    for (size_t i = 0; i < n; i++) {
        if (i)
            ls__buf_add(b, ", ");
        add_quoted(b, list[i]);
    }
    ls__buf_add(b, "]");
}

/* {name: value, ...}; keys quoted for JSON. */
static void add_weights(ls__buf *b, const ls_weight *w, size_t n, int json)
{
    ls__buf_add(b, "{");
    for (size_t i = 0; i < n; i++) {
        if (i)
            ls__buf_add(b, ", ");
        if (json)
            add_quoted(b, w[i].indicator);
        else
            ls__buf_add(b, w[i].indicator);
        ls__buf_add(b, ": ");
        add_num(b, w[i].weight);
    }
    ls__buf_add(b, "}");
}

static void add_flat_value(ls__buf *b, const ls_rules *r, const keydef *d)
{
    const char *field = (const char *)r + d->off;
    switch (d->kind) {
    case K_NUM:
        add_num(b, *(const double *)(const void *)field);
        break;
    case K_BOOL:
        ls__buf_add(b, *(const int *)(const void *)field ? "true" : "false");
        break;
    case K_TEXT: {
        const char *s = *(char *const *)(const void *)field;
        if (s)
            add_quoted(b, s);
        else
            ls__buf_add(b, "null");
        break;
    }
    case K_LIST:
        add_string_list(b, *(char **const *)(const void *)field,
                        *(const size_t *)(const void *)((const char *)r + d->count_off));
        break;
    }
}

/* {name: [items], ...}; names quoted for JSON. */
static void add_lists(ls__buf *b, const ls_rules *r, int json)
{
    ls__buf_add(b, "{");
    for (size_t i = 0; i < r->nlists; i++) {
        if (i)
            ls__buf_add(b, ", ");
        if (json)
            add_quoted(b, r->lists[i].name);
        else
            ls__buf_add(b, r->lists[i].name);
        ls__buf_add(b, ": ");
        add_string_list(b, r->lists[i].items, r->lists[i].nitems);
    }
    ls__buf_add(b, "}");
}

static void add_by_year(ls__buf *b, const ls_rules *r, int json)
{
    ls__buf_add(b, "{");
    for (size_t i = 0; i < r->ntax_per_mu_min_by_year; i++) {
        ls__buf_addf(b, json ? "%s\"%d\": " : "%s%d: ", i ? ", " : "",
                     r->tax_per_mu_min_by_year[i].year);
        add_num(b, r->tax_per_mu_min_by_year[i].value);
    }
    ls__buf_add(b, "}");
}

static void add_classes(ls__buf *b, const ls_eval_rules *ev, int json)
{
    int percentile = strcmp(ev->class_method, "percentile") == 0;
    const char *q = json ? "\"" : "";
    ls__buf_addf(b, "{%smethod%s: ", q, q);
    add_quoted(b, ev->class_method);
    for (int i = 0; i < (percentile ? 4 : 3); i++) {
        ls__buf_addf(b, ", %s%s%s: ", q, class_names[i], q);
        add_num(b, percentile ? ev->class_share[i] : ev->class_cutoff[i]);
    }
    ls__buf_add(b, "}");
}

int ls_rules_to_yaml(ls_context *ctx, const ls_rules *rules, char **out)
{
    ls__buf b = {0};
    const ls_eval_rules *ev = &rules->evaluation;
    ls__buf_add(&b,
                "# landscan rules, fully resolved (every key; load with `rules: FILE.yaml`).\n");
    ls__buf_addf(&b, "# Source: %s\n",
                 rules->extends_chain ? rules->extends_chain
                 : rules->name        ? rules->name
                                      : "(unnamed)");
    ls__buf_add(&b, "# null switches a test off. Keys and sources: docs/domain.md section 8.\n");
    for (size_t i = 0; i < NFLAT; i++) {
        const keydef *d = &flat_keys[i];
        ls__buf_addf(&b, "%s: ", d->key);
        add_flat_value(&b, rules, d);
        ls__buf_addf(&b, "  # %s\n", d->comment);
        if (strcmp(d->key, "tax_per_mu_min") == 0) {
            ls__buf_add(&b, "tax_per_mu_min_by_year: ");
            add_by_year(&b, rules, 0);
            ls__buf_add(&b, "  # LE_TAX by reference year (picks the year, else the latest "
                            "before it, else the earliest)\n");
        }
    }
    ls__buf_add(&b, "evaluation:  # per-mu comprehensive evaluation (domain.md section 3)\n");
    ls__buf_add(&b, "  benchmark: ");
    add_quoted(&b, ev->benchmark);
    ls__buf_add(&b, "  # mean | median | minmax | fixed\n  benchmarks: ");
    add_weights(&b, ev->benchmarks, ev->nbenchmarks, 0);
    ls__buf_add(&b, "  # fixed benchmarks by indicator\n  cap: ");
    add_num(&b, ev->cap);
    ls__buf_add(&b, "  # per-indicator score cap, times its weight\n  classes: ");
    add_classes(&b, ev, 0);
    ls__buf_add(&b, "  # percentile shares or threshold minimum scores\n  scope: {below_min_mu: ");
    add_num(&b, ev->below_min_mu);
    ls__buf_add(&b, ", new_years: ");
    add_num(&b, ev->new_years);
    ls__buf_add(&b, ", tenants: ");
    add_quoted(&b, ev->tenants);
    ls__buf_add(&b, "}\n  weights:\n    above: ");
    add_weights(&b, ev->weights_above, ev->nweights_above, 0);
    ls__buf_add(&b, "  # above designated size\n    below: ");
    add_weights(&b, ev->weights_below, ev->nweights_below, 0);
    ls__buf_add(&b, "  # below designated size\n");
    ls__buf_addf(&b, "targets: %s  # report-only targets\n",
                 rules->targets_json ? rules->targets_json : "{}");
    ls__buf_add(&b, "lists: ");
    add_lists(&b, rules, 0);
    ls__buf_add(&b, "  # ledger lists: status names or reason codes\n");
    char *text = ls__buf_take(&b);
    if (!text)
        return nomem(ctx);
    *out = text;
    return LS_OK;
}

int ls_rules_to_json(ls_context *ctx, const ls_rules *rules, char **out)
{
    ls__buf b = {0};
    const ls_eval_rules *ev = &rules->evaluation;
    ls__buf_add(&b, "{\"name\": ");
    if (rules->name)
        add_quoted(&b, rules->name);
    else
        ls__buf_add(&b, "null");
    ls__buf_add(&b, ", \"extends_chain\": ");
    if (rules->extends_chain)
        add_quoted(&b, rules->extends_chain);
    else
        ls__buf_add(&b, "null");
    for (size_t i = 0; i < NFLAT; i++) {
        ls__buf_addf(&b, ", \"%s\": ", flat_keys[i].key);
        add_flat_value(&b, rules, &flat_keys[i]);
        if (strcmp(flat_keys[i].key, "tax_per_mu_min") == 0) {
            ls__buf_add(&b, ", \"tax_per_mu_min_by_year\": ");
            add_by_year(&b, rules, 1);
        }
    }
    ls__buf_add(&b, ", \"evaluation\": {\"benchmark\": ");
    add_quoted(&b, ev->benchmark);
    ls__buf_add(&b, ", \"benchmarks\": ");
    add_weights(&b, ev->benchmarks, ev->nbenchmarks, 1);
    ls__buf_add(&b, ", \"cap\": ");
    add_num(&b, ev->cap);
    ls__buf_add(&b, ", \"classes\": ");
    add_classes(&b, ev, 1);
    ls__buf_add(&b, ", \"scope\": {\"below_min_mu\": ");
    add_num(&b, ev->below_min_mu);
    ls__buf_add(&b, ", \"new_years\": ");
    add_num(&b, ev->new_years);
    ls__buf_add(&b, ", \"tenants\": ");
    add_quoted(&b, ev->tenants);
    ls__buf_add(&b, "}, \"weights\": {\"above\": ");
    add_weights(&b, ev->weights_above, ev->nweights_above, 1);
    ls__buf_add(&b, ", \"below\": ");
    add_weights(&b, ev->weights_below, ev->nweights_below, 1);
    ls__buf_addf(
        &b, "}}, \"targets\": %s, \"lists\": ", rules->targets_json ? rules->targets_json : "{}");
    add_lists(&b, rules, 1);
    ls__buf_add(&b, "}");
    char *text = ls__buf_take(&b);
    if (!text)
        return nomem(ctx);
    *out = text;
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
