/*
 * rules_load.c — a rules file or preset (domain.md §8) → ls_rules, with its `extends` chain.
 *
 * A rules file is a YAML map of flat threshold keys (the table in rules.c) plus the nested
 * `evaluation:`, the campaign `targets:` and the ledger's `lists:`. Loading starts from
 * the structural defaults (ls__rules_new), applies the `extends:` chain from its root down,
 * then the file itself, so a child's keys override its parent's:
 *   - scalars and lists replace (a list is never merged);
 *   - `evaluation:` merges key by key, and so do `evaluation.scope` and
 *     `evaluation.weights` per group (above / below); `classes` and `benchmarks` replace;
 *   - `targets:` (indicator → year → value, domain.md §10) replaces the parent's;
 *   - `lists:` (the ledger's named lists) merges by list name; an item is a status name or a
 *     reason code, `name: null` removes one list and `lists: null` all of them;
 *   - `null` switches a test off (numbers become NAN, switches 0, names NULL).
 * `extends:` names a preset or a file (relative to the extending file, see
 * rules_presets.c); cycles and chains deeper than MAX_DEPTH are errors. The chain's labels,
 * top first, become extends_chain ("rules.yaml <- zhejiang-ningbo <- national-2008").
 *
 * tax_per_mu_min_by_year is the one year-dependent key: the file loads it as a table and
 * ls_rules_apply_year() picks the entry once the run's reference year is known. A file
 * that sets tax_per_mu_min without the table clears an inherited table.
 *
 * Types are strict (yaml_util.c): a number must be a plain YAML number (a quoted '5' is
 * text), a switch a YAML boolean, a list a YAML sequence. Every error is one line naming
 * the file and line. This file writes no text (rules_emit.c does).
 */
#if !defined(_XOPEN_SOURCE) || _XOPEN_SOURCE < 700
#undef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700 /* realpath() */
#endif
#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "codes.h"
#include "internal.h"
#include "yaml_util.h"

#define MAX_DEPTH 16

static const char *const eval_keys[] = {"benchmark", "benchmarks", "cap", "classes",
                                        "scope",     "weights",    NULL};
static const char *const scope_keys[] = {"below_min_mu", "new_years", "tenants", NULL};
static const char *const weight_groups[] = {"above", "below", NULL};
static const char *const classes_keys[] = {"method", "A", "B", "C", "D", NULL};
/* The keys beside the flat ones. */
static const char *const nested_keys[] = {
    "extends", "tax_per_mu_min_by_year", "evaluation", "targets", "lists", NULL};

const char *const *ls__rules_section_keys(const char *section)
{
    static const struct {
        const char *section;
        const char *const *keys;
    } sections[] = {{"rules", nested_keys},
                    {"evaluation", eval_keys},
                    {"evaluation.scope", scope_keys},
                    {"evaluation.classes", classes_keys},
                    {"evaluation.weights", weight_groups}};
    for (size_t i = 0; section && i < sizeof(sections) / sizeof(sections[0]); i++)
        if (strcmp(sections[i].section, section) == 0)
            return sections[i].keys;
    return NULL;
}

/* The extends chain being loaded: resolved paths (cycle check), labels, and the chain's
 * text in load order (top first). */
typedef struct chain {
    int depth;
    char *real[MAX_DEPTH];
    char *label[MAX_DEPTH];
    ls__buf text;
} chain;

static int nomem(ls_context *ctx)
{
    return ls__error_set(ctx, LS_ENOMEM, "out of memory");
}

/* ---- typed values ---------------------------------------------------------------------- */

/* A list of single values, each one of `choices` when not NULL; replaces *list. */
static int get_list(ls__yaml *Y, const yaml_node_t *v, const char *what, const char *const *choices,
                    char ***list, size_t *n)
{
    char expected[256];
    char **items = NULL;
    size_t count = 0;
    if (ls__yaml_is_null(v)) {
        if (!(items = calloc(1, sizeof(*items))))
            return nomem(Y->ctx);
        ls__rules_free_strings(*list, *n);
        *list = items;
        *n = 0;
        return LS_OK;
    }
    if (v->type != YAML_SEQUENCE_NODE)
        return ls__error_set(Y->ctx, LS_EINVAL, "%s:%d: %s must be a list, not %s", Y->file,
                             ls__yaml_line(v), what, ls__yaml_kind(v));
    size_t total = (size_t)(v->data.sequence.items.top - v->data.sequence.items.start);
    if (!(items = calloc(total ? total : 1, sizeof(*items))))
        return nomem(Y->ctx);
    for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top;
         it++) {
        const yaml_node_t *e = ls__yaml_node(Y, *it);
        const char *s = ls__yaml_scalar(e);
        int error = LS_OK;
        if (e->type != YAML_SCALAR_NODE || ls__yaml_is_null(e)) {
            error = ls__error_set(
                Y->ctx, LS_EINVAL, "%s:%d: items of %s must be single values, not %s", Y->file,
                ls__yaml_line(e), what, e->type == YAML_SCALAR_NODE ? "null" : ls__yaml_kind(e));
        } else if (choices && !ls__yaml_in_list(choices, s)) {
            ls__yaml_list_text(choices, expected, sizeof(expected));
            error = ls__error_set(Y->ctx, LS_EINVAL, "%s:%d: %s item '%s' is not one of %s",
                                  Y->file, ls__yaml_line(e), what, s, expected);
        } else if (!(items[count] = ls__strdup(s))) {
            error = nomem(Y->ctx);
        } else {
            count++;
        }
        if (error) {
            ls__rules_free_strings(items, count);
            return error;
        }
    }
    ls__rules_free_strings(*list, *n);
    *list = items;
    *n = count;
    return LS_OK;
}

/* A map of indicator → number (weights, fixed benchmarks); replaces *list. */
static int get_indicator_map(ls__yaml *Y, const yaml_node_t *v, const char *what, ls_weight **list,
                             size_t *n)
{
    int error = LS_OK;
    ls_weight *items = NULL;
    size_t count = 0;
    char item_what[128];
    if (ls__yaml_is_null(v)) {
        ls__rules_free_weights(*list, *n);
        *list = NULL;
        *n = 0;
        return LS_OK;
    }
    if ((error = ls__yaml_check_map(Y, v, what, ls__rules_indicators, "key")))
        return error;
    size_t total = ls__yaml_map_size(v);
    if (!(items = calloc(total ? total : 1, sizeof(*items))))
        return nomem(Y->ctx);
    for (yaml_node_pair_t *p = v->data.mapping.pairs.start; p < v->data.mapping.pairs.top; p++) {
        const char *key = ls__yaml_scalar(ls__yaml_node(Y, p->key));
        snprintf(item_what, sizeof(item_what), "%s.%s", what, key);
        if ((error = ls__yaml_number(Y, ls__yaml_node(Y, p->value), item_what, 0,
                                     &items[count].weight)))
            goto cleanup;
        if (!(items[count].indicator = ls__strdup(key))) {
            error = nomem(Y->ctx);
            goto cleanup;
        }
        count++;
    }
    ls__rules_free_weights(*list, *n);
    *list = items;
    *n = count;
    items = NULL;
cleanup:
    ls__rules_free_weights(items, count);
    return error;
}

/* ---- nested sections ------------------------------------------------------------------- */

static int parse_classes(ls__yaml *Y, const yaml_node_t *v, ls_eval_rules *ev)
{
    int error = LS_OK;
    double values[4] = {NAN, NAN, NAN, NAN};
    char *method = NULL;
    char what[64];
    if ((error = ls__yaml_check_map(Y, v, "evaluation.classes", classes_keys, "key")))
        return error;
    const yaml_node_t *m = ls__yaml_get(Y, v, "method");
    if (m) {
        if ((error = ls__yaml_text(Y, m, "evaluation.classes.method", ls__rules_class_methods, 0,
                                   &method)))
            return error;
    } else if (!(method = ls__strdup("percentile"))) {
        return nomem(Y->ctx);
    }
    int percentile = strcmp(method, "percentile") == 0;
    for (int i = 0; i < 4; i++) {
        const yaml_node_t *c = ls__yaml_get(Y, v, ls__rules_class_names[i]);
        snprintf(what, sizeof(what), "evaluation.classes.%s", ls__rules_class_names[i]);
        if (!c) {
            if (percentile || i < 3) {
                error = ls__error_set(
                    Y->ctx, LS_EINVAL, "%s:%d: evaluation.classes with method %s needs %s", Y->file,
                    ls__yaml_line(v), method,
                    percentile ? "shares A, B, C and D" : "minimum scores A, B and C");
                goto cleanup;
            }
            continue;
        }
        if (!percentile && i == 3) {
            error = ls__error_set(Y->ctx, LS_EINVAL,
                                  "%s:%d: evaluation.classes.D is not used with method threshold "
                                  "(D is every score below C)",
                                  Y->file, ls__yaml_line(c));
            goto cleanup;
        }
        if ((error = ls__yaml_number(Y, c, what, 0, &values[i])))
            goto cleanup;
        if (percentile && (values[i] < 0 || values[i] > 1)) {
            error = ls__error_set(Y->ctx, LS_EINVAL, "%s:%d: %s must be a share between 0 and 1",
                                  Y->file, ls__yaml_line(c), what);
            goto cleanup;
        }
    }
    if (percentile && fabs(values[0] + values[1] + values[2] + values[3] - 1.0) > 1e-6) {
        error = ls__error_set(Y->ctx, LS_EINVAL,
                              "%s:%d: evaluation.classes shares A + B + C + D must add up to 1",
                              Y->file, ls__yaml_line(v));
        goto cleanup;
    }
    if (!percentile && !(values[0] >= values[1] && values[1] >= values[2])) {
        error = ls__error_set(Y->ctx, LS_EINVAL,
                              "%s:%d: evaluation.classes minimum scores must satisfy A >= B >= C",
                              Y->file, ls__yaml_line(v));
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

static int parse_scope(ls__yaml *Y, const yaml_node_t *v, ls_eval_rules *ev)
{
    int error = ls__yaml_check_map(Y, v, "evaluation.scope", scope_keys, "key");
    for (yaml_node_pair_t *q = v->data.mapping.pairs.start; !error && q < v->data.mapping.pairs.top;
         q++) {
        const char *key = ls__yaml_scalar(ls__yaml_node(Y, q->key));
        const yaml_node_t *val = ls__yaml_node(Y, q->value);
        if (strcmp(key, "below_min_mu") == 0)
            error = ls__yaml_number(Y, val, "evaluation.scope.below_min_mu", 1, &ev->below_min_mu);
        else if (strcmp(key, "new_years") == 0)
            error = ls__yaml_number(Y, val, "evaluation.scope.new_years", 1, &ev->new_years);
        else
            error = ls__yaml_text(Y, val, "evaluation.scope.tenants", ls__rules_tenant_policies, 0,
                                  &ev->tenants);
    }
    return error;
}

static int parse_weights(ls__yaml *Y, const yaml_node_t *v, ls_eval_rules *ev)
{
    int error = ls__yaml_check_map(Y, v, "evaluation.weights", weight_groups, "key");
    if (error)
        return error;
    const yaml_node_t *above = ls__yaml_get(Y, v, "above");
    const yaml_node_t *below = ls__yaml_get(Y, v, "below");
    if (above && (error = get_indicator_map(Y, above, "evaluation.weights.above",
                                            &ev->weights_above, &ev->nweights_above)))
        return error;
    if (below && (error = get_indicator_map(Y, below, "evaluation.weights.below",
                                            &ev->weights_below, &ev->nweights_below)))
        return error;
    return LS_OK;
}

static int parse_evaluation(ls__yaml *Y, const yaml_node_t *v, ls_eval_rules *ev)
{
    int error = ls__yaml_check_map(Y, v, "evaluation", eval_keys, "key");
    for (yaml_node_pair_t *p = v->data.mapping.pairs.start; !error && p < v->data.mapping.pairs.top;
         p++) {
        const char *key = ls__yaml_scalar(ls__yaml_node(Y, p->key));
        const yaml_node_t *val = ls__yaml_node(Y, p->value);
        if (strcmp(key, "benchmark") == 0)
            error = ls__yaml_text(Y, val, "evaluation.benchmark", ls__rules_benchmark_methods, 0,
                                  &ev->benchmark);
        else if (strcmp(key, "benchmarks") == 0)
            error = get_indicator_map(Y, val, "evaluation.benchmarks", &ev->benchmarks,
                                      &ev->nbenchmarks);
        else if (strcmp(key, "cap") == 0)
            error = ls__yaml_number(Y, val, "evaluation.cap", 1, &ev->cap);
        else if (strcmp(key, "classes") == 0)
            error = parse_classes(Y, val, ev);
        else if (strcmp(key, "scope") == 0)
            error = parse_scope(Y, val, ev);
        else
            error = parse_weights(Y, val, ev);
    }
    return error;
}

static int cmp_year(const void *a, const void *b)
{
    const ls_year_value *x = a, *y = b;
    return (x->year > y->year) - (x->year < y->year);
}

/* A map year → number (`what` names it in messages) into a sorted array; positive: every
 * value must be above 0. */
static int parse_year_map(ls__yaml *Y, const yaml_node_t *v, const char *what, int positive,
                          ls_year_value **out, size_t *nout)
{
    int error = LS_OK;
    ls_year_value *items = NULL;
    size_t count = 0;
    if ((error = ls__yaml_check_map(Y, v, what, NULL, "key")))
        return error;
    size_t total = ls__yaml_map_size(v);
    if (!(items = calloc(total ? total : 1, sizeof(*items))))
        return nomem(Y->ctx);
    for (yaml_node_pair_t *p = v->data.mapping.pairs.start; p < v->data.mapping.pairs.top; p++) {
        const yaml_node_t *k = ls__yaml_node(Y, p->key);
        const char *ks = ls__yaml_scalar(k);
        char *end = NULL;
        long year = strtol(ks, &end, 10);
        if (!isdigit((unsigned char)ks[0]) || *end != '\0' || year < 1000 || year > 9999) {
            error = ls__error_set(Y->ctx, LS_EINVAL, "%s:%d: %s keys must be years, not '%s'",
                                  Y->file, ls__yaml_line(k), what, ks);
            goto cleanup;
        }
        for (size_t i = 0; i < count; i++) {
            if (items[i].year == (int)year) {
                error = ls__error_set(Y->ctx, LS_EINVAL, "%s:%d: duplicate year %ld in %s", Y->file,
                                      ls__yaml_line(k), year, what);
                goto cleanup;
            }
        }
        items[count].year = (int)year;
        const yaml_node_t *val = ls__yaml_node(Y, p->value);
        char label[96];
        snprintf(label, sizeof(label), "%s value", what);
        if ((error = ls__yaml_number(Y, val, label, !positive, &items[count].value)))
            goto cleanup;
        if (positive && !(items[count].value > 0)) {
            error = ls__error_set(Y->ctx, LS_EINVAL, "%s:%d: %s %ld must be above 0, not %s",
                                  Y->file, ls__yaml_line(val), what, year, ls__yaml_scalar(val));
            goto cleanup;
        }
        count++;
    }
    qsort(items, count, sizeof(*items), cmp_year);
    *out = count ? items : NULL;
    *nout = count;
    if (count)
        items = NULL;
cleanup:
    free(items);
    return error;
}

static int parse_by_year(ls__yaml *Y, const yaml_node_t *v, ls_rules *r)
{
    ls_year_value *items = NULL;
    size_t count = 0;
    int error = LS_OK;
    if (!ls__yaml_is_null(v) &&
        (error = parse_year_map(Y, v, "tax_per_mu_min_by_year", 0, &items, &count)))
        return error;
    free(r->tax_per_mu_min_by_year);
    r->tax_per_mu_min_by_year = items;
    r->ntax_per_mu_min_by_year = count;
    return LS_OK;
}

/* lists: {name: [items], ...} merged by name into r->lists; null removes. */
static int parse_lists(ls__yaml *Y, const yaml_node_t *v, ls_rules *r)
{
    if (ls__yaml_is_null(v)) {
        ls__rules_free_lists(r->lists, r->nlists);
        r->lists = NULL;
        r->nlists = 0;
        return LS_OK;
    }
    int error = ls__yaml_check_map(Y, v, "lists", NULL, "key");
    for (yaml_node_pair_t *p = v->data.mapping.pairs.start;
         error == LS_OK && p < v->data.mapping.pairs.top; p++) {
        const char *name = ls__yaml_scalar(ls__yaml_node(Y, p->key));
        const yaml_node_t *items = ls__yaml_node(Y, p->value);
        size_t at = r->nlists;
        for (size_t i = 0; i < r->nlists; i++)
            if (strcmp(r->lists[i].name, name) == 0)
                at = i;
        if (ls__yaml_is_null(items)) {
            if (at < r->nlists) {
                free(r->lists[at].name);
                ls__rules_free_strings(r->lists[at].items, r->lists[at].nitems);
                memmove(&r->lists[at], &r->lists[at + 1], (r->nlists - at - 1) * sizeof(*r->lists));
                r->nlists--;
            }
            continue;
        }
        char what[128];
        snprintf(what, sizeof(what), "lists.%s", name);
        char **got = NULL;
        size_t ngot = 0;
        if ((error = get_list(Y, items, what, ls__list_item_names, &got, &ngot)))
            break;
        if (at == r->nlists) {
            ls_list_rule *grown = realloc(r->lists, (r->nlists + 1) * sizeof(*grown));
            char *copy = ls__strdup(name);
            if (!grown || !copy) {
                if (grown)
                    r->lists = grown;
                free(copy);
                ls__rules_free_strings(got, ngot);
                return nomem(Y->ctx);
            }
            r->lists = grown;
            r->lists[at].name = copy;
            r->lists[at].items = NULL;
            r->lists[at].nitems = 0;
            r->nlists++;
        }
        ls__rules_free_strings(r->lists[at].items, r->lists[at].nitems);
        r->lists[at].items = got;
        r->lists[at].nitems = ngot;
    }
    return error;
}

/* targets: {indicator: {year: value}} (domain.md §10); replaces the parent's. An indicator
 * set to null has no target. */
static int parse_targets(ls__yaml *Y, const yaml_node_t *v, ls_rules *r)
{
    int error = LS_OK;
    ls_target_rule *list = NULL;
    size_t n = 0;
    if (!ls__yaml_is_null(v)) {
        if ((error = ls__yaml_check_map(Y, v, "targets", NULL, "indicator")))
            return error;
        if (!(list = calloc(LS_TARGET_COUNT, sizeof(*list))))
            return nomem(Y->ctx);
        for (yaml_node_pair_t *p = v->data.mapping.pairs.start;
             !error && p < v->data.mapping.pairs.top; p++) {
            const yaml_node_t *k = ls__yaml_node(Y, p->key);
            const yaml_node_t *val = ls__yaml_node(Y, p->value);
            int id = ls__target_from_name(ls__yaml_scalar(k));
            if (id < 0) {
                ls__buf b = {0};
                for (int i = 0; i < LS_TARGET_COUNT; i++)
                    ls__buf_addf(&b, "%s%s", i ? ", " : "", ls__target((ls__target_id)i)->name);
                char *names = ls__buf_take(&b);
                error = ls__error_set(Y->ctx, LS_EINVAL,
                                      "%s:%d: unknown target indicator '%s' (expected %s)", Y->file,
                                      ls__yaml_line(k), ls__yaml_scalar(k), names ? names : "");
                free(names);
                break;
            }
            if (ls__yaml_is_null(val))
                continue;
            char what[64];
            snprintf(what, sizeof(what), "targets.%s", ls__yaml_scalar(k));
            ls_target_rule *t = &list[n];
            t->indicator = id;
            if ((error = parse_year_map(Y, val, what, 1, &t->years, &t->nyears)))
                break;
            n++;
        }
    }
    if (error) {
        ls__rules_free_targets(list, n + 1);
        return error;
    }
    /* table order, so outputs list the indicators the same way whatever the file's order */
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && list[j - 1].indicator > list[j].indicator; j--) {
            ls_target_rule tmp = list[j];
            list[j] = list[j - 1];
            list[j - 1] = tmp;
        }
    ls__rules_free_targets(r->targets, r->ntargets);
    r->targets = list;
    r->ntargets = n;
    return LS_OK;
}

/* ---- one file -------------------------------------------------------------------------- */

/* A date (2022-04-27, or any form ls__date_parse reads); null gives LS_NO_DATE. */
static int get_date(ls__yaml *Y, const yaml_node_t *v, const char *what, int *out)
{
    char *text = NULL;
    int error = ls__yaml_text(Y, v, what, NULL, 1, &text);
    int days = LS_NO_DATE;
    if (error == LS_OK && text && ls__date_parse(text, &days) != 0)
        error = ls__error_set(Y->ctx, LS_EINVAL, "%s:%d: %s '%s' is not a date (YYYY-MM-DD)",
                              Y->file, ls__yaml_line(v), what, text);
    free(text);
    if (error == LS_OK)
        *out = days;
    return error;
}

static int apply_flat(ls__yaml *Y, const ls__rules_key *d, const yaml_node_t *v, ls_rules *r)
{
    char *field = (char *)r + d->off;
    switch (d->kind) {
    case LS__RK_NUM:
        return ls__yaml_number(Y, v, d->key, 1, (double *)(void *)field);
    case LS__RK_BOOL:
        return ls__yaml_bool(Y, v, d->key, (int *)(void *)field);
    case LS__RK_TEXT:
        return ls__yaml_text(Y, v, d->key, d->choices, d->nullable, (char **)(void *)field);
    case LS__RK_LIST:
        return get_list(Y, v, d->key, d->choices, (char ***)(void *)field,
                        (size_t *)(void *)((char *)r + d->count_off));
    case LS__RK_DATE:
        return get_date(Y, v, d->key, (int *)(void *)field);
    }
    return LS_EINTERNAL;
}

/* "unknown rules key 'x' (expected extends, industrial_codes, ...)" */
static int unknown_key(ls__yaml *Y, const yaml_node_t *k)
{
    char expected[900];
    size_t o = 0;
    expected[0] = '\0';
    for (size_t i = 0; i < ls__rules_nkeys && o < sizeof(expected); i++) {
        int n = snprintf(expected + o, sizeof(expected) - o, "%s, ", ls__rules_keys[i].key);
        o += n > 0 ? (size_t)n : 0;
    }
    return ls__error_set(Y->ctx, LS_EINVAL,
                         "%s:%d: unknown rules key '%s' (expected extends, %s"
                         "tax_per_mu_min_by_year, evaluation, targets, lists)",
                         Y->file, ls__yaml_line(k), ls__yaml_scalar(k), expected);
}

static int load_file(ls_context *ctx, const char *path, const char *label, chain *ch, ls_rules *r);

/* Load the file `extends` names (relative to `path`) into r, after the cycle and depth
 * checks. */
static int apply_extends(ls__yaml *Y, const yaml_node_t *ext, const char *path, chain *ch,
                         ls_rules *r)
{
    int error = LS_OK;
    char *dir = NULL, *parent = NULL, *prefix = NULL, *real = NULL;
    const char *name = ls__yaml_scalar(ext);

    if (ext->type != YAML_SCALAR_NODE)
        return ls__error_set(Y->ctx, LS_EINVAL,
                             "%s:%d: extends must be a preset name or a path, not %s", Y->file,
                             ls__yaml_line(ext), ls__yaml_kind(ext));
    if (!(dir = ls__path_dir(path)) ||
        !(prefix = ls__sprintf("%s:%d: extends: ", Y->file, ls__yaml_line(ext)))) {
        error = nomem(Y->ctx);
        goto cleanup;
    }
    if ((error = ls__rules_resolve(Y->ctx, name, dir, prefix, &parent)))
        goto cleanup;
    if (ch->depth >= MAX_DEPTH) {
        error = ls__error_set(Y->ctx, LS_EINVAL, "%s:%d: extends chain deeper than %d files",
                              Y->file, ls__yaml_line(ext), MAX_DEPTH);
        goto cleanup;
    }
    real = realpath(parent, NULL);
    for (int i = 0; real && i < ch->depth; i++) {
        if (strcmp(ch->real[i], real) == 0) {
            ls__buf cyc = {0};
            for (int j = i; j < ch->depth; j++)
                ls__buf_addf(&cyc, "%s -> ", ch->label[j]);
            ls__buf_add(&cyc, name);
            char *text = ls__buf_take(&cyc);
            error = ls__error_set(Y->ctx, LS_EINVAL, "%s:%d: extends cycle: %s", Y->file,
                                  ls__yaml_line(ext), text ? text : "");
            free(text);
            goto cleanup;
        }
    }
    error = load_file(Y->ctx, parent, name, ch, r);

cleanup:
    free(real);
    free(dir);
    free(parent);
    free(prefix);
    return error;
}

static int apply_doc(ls__yaml *Y, const yaml_node_t *root, const char *path, chain *ch, ls_rules *r)
{
    int error = LS_OK;
    if (root->type != YAML_MAPPING_NODE)
        return ls__error_set(Y->ctx, LS_EINVAL, "%s:%d: a rules file must be a map of keys, not %s",
                             Y->file, ls__yaml_line(root), ls__yaml_kind(root));
    if ((error = ls__yaml_check_map(Y, root, "the rules file", NULL, "key")))
        return error;
    for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top;
         p++) {
        const yaml_node_t *k = ls__yaml_node(Y, p->key);
        if (!ls__rules_key_find(ls__yaml_scalar(k)) &&
            !ls__yaml_in_list(nested_keys, ls__yaml_scalar(k)))
            return unknown_key(Y, k);
    }

    /* The parent first, so this file's keys override it. */
    const yaml_node_t *ext = ls__yaml_get(Y, root, "extends");
    if (ext && !ls__yaml_is_null(ext) && (error = apply_extends(Y, ext, path, ch, r)))
        return error;

    int has_tax = 0, has_by_year = 0;
    for (yaml_node_pair_t *p = root->data.mapping.pairs.start;
         !error && p < root->data.mapping.pairs.top; p++) {
        const char *key = ls__yaml_scalar(ls__yaml_node(Y, p->key));
        const yaml_node_t *v = ls__yaml_node(Y, p->value);
        const ls__rules_key *d = ls__rules_key_find(key);
        if (d) {
            error = apply_flat(Y, d, v, r);
            has_tax |= strcmp(key, "tax_per_mu_min") == 0;
            if (!error && d->off == offsetof(ls_rules, targets_base_year) &&
                !isnan(r->targets_base_year) &&
                (r->targets_base_year != floor(r->targets_base_year) ||
                 r->targets_base_year < 1000 || r->targets_base_year > 9999))
                error = ls__error_set(Y->ctx, LS_EINVAL,
                                      "%s:%d: targets_base_year must be a year, not %s", Y->file,
                                      ls__yaml_line(v), ls__yaml_scalar(v));
        } else if (strcmp(key, "tax_per_mu_min_by_year") == 0) {
            has_by_year = 1;
            error = parse_by_year(Y, v, r);
        } else if (strcmp(key, "evaluation") == 0) {
            error = parse_evaluation(Y, v, &r->evaluation);
        } else if (strcmp(key, "lists") == 0) {
            error = parse_lists(Y, v, r);
        } else if (strcmp(key, "targets") == 0) {
            error = parse_targets(Y, v, r);
        }
    }
    if (error)
        return error;
    if (has_tax && !has_by_year) {
        free(r->tax_per_mu_min_by_year);
        r->tax_per_mu_min_by_year = NULL;
        r->ntax_per_mu_min_by_year = 0;
    } else if (has_by_year && !has_tax && r->ntax_per_mu_min_by_year > 0) {
        r->tax_per_mu_min = r->tax_per_mu_min_by_year[r->ntax_per_mu_min_by_year - 1].value;
    }
    return LS_OK;
}

/* Load one file of the chain into r: push it (cycle check, chain text), apply its parent
 * and then its keys, pop it. */
static int load_file(ls_context *ctx, const char *path, const char *label, chain *ch, ls_rules *r)
{
    int error = LS_OK;
    ls__yaml Y;

    if ((error = ls__yaml_load(ctx, path, "rules file", &Y)))
        return error;
    /* realpath fails on files that have no name (pipes, memfds, /proc/self/fd/N): the
     * path as given still serves the cycle check */
    int at = ch->depth++;
    if (!(ch->real[at] = realpath(path, NULL)))
        ch->real[at] = ls__strdup(path);
    ch->label[at] = ls__strdup(label);
    if (at > 0)
        ls__buf_add(&ch->text, " <- ");
    ls__buf_add(&ch->text, label);
    if (!ch->real[at] || !ch->label[at]) {
        error = nomem(ctx);
        goto cleanup;
    }
    if (!Y.root) {
        error = ls__error_set(ctx, LS_EINVAL, "%s:1: the rules file is empty", path);
        goto cleanup;
    }
    error = apply_doc(&Y, Y.root, path, ch, r);

cleanup:
    ch->depth--;
    free(ch->real[ch->depth]);
    free(ch->label[ch->depth]);
    ch->real[ch->depth] = ch->label[ch->depth] = NULL;
    ls__yaml_free(&Y);
    return error;
}

int ls_rules_load(ls_context *ctx, const char *name_or_path, const char *base_dir, ls_rules **out)
{
    int error = LS_OK;
    ls_rules *r = NULL;
    char *path = NULL;
    chain ch;
    memset(&ch, 0, sizeof(ch));

    LS__ASSERT_ARG(ctx, ctx);
    LS__ASSERT_ARG(ctx, out);
    if (!name_or_path)
        name_or_path = LS_RULES_DEFAULT_PRESET;
    if ((error = ls__rules_resolve(ctx, name_or_path, base_dir, "", &path)) ||
        (error = ls__rules_new(ctx, &r)))
        goto cleanup;
    if (!(r->name = ls__strdup(name_or_path))) {
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
    if (!(r->extends_chain = ls__buf_take(&ch.text))) {
        error = nomem(ctx);
        goto cleanup;
    }
    *out = r;
    r = NULL;

cleanup:
    ls__buf_free(&ch.text);
    free(path);
    ls_rules_free(r);
    return error;
}
