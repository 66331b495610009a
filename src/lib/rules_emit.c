/*
 * rules_emit.c — resolved rules → text: ls_rules_to_yaml() (what `landscan rules` prints,
 * loadable again) and ls_rules_to_json() (run_info.rules_resolved, the ledger).
 *
 * One walk writes both. The walk (emit_rules) visits every key in one order — the flat
 * keys of rules.c's table with tax_per_mu_min_by_year after tax_per_mu_min, then
 * evaluation, targets, lists — and calls a small writer that knows the two syntaxes:
 *   - YAML: block maps one key a line, indented two spaces a level, each line with its
 *     comment; nested values (lists, weights, classes) as flow `{k: v}` / `[..]`;
 *   - JSON: one line, every map `{"k": v, ...}`, no comments; JSON adds name and
 *     extends_chain first, YAML has them in its header comment.
 * Strings are double-quoted with JSON escapes (valid YAML too); numbers are printed in the
 * shortest form that reads back as the same double, integers without an exponent; NAN is
 * null. Every key is written (no extends), so loading the YAML gives the same values.
 *
 * A key's comment comes from key_comment(), the one place to add a reason code's label.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codes.h"
#include "internal.h"

#define MAX_NEST 8

/* The writer: the text, the syntax, and per open map whether it is a flow map and whether
 * it has had an entry yet. */
typedef struct writer {
    ls__buf b;
    int json;
    int level;          /* open maps */
    int block_depth;    /* YAML block maps open (indentation) */
    int flow[MAX_NEST]; /* 1 for a flow map */
    int count[MAX_NEST];
} writer;

static int in_flow(const writer *w)
{
    return w->json || (w->level > 0 && w->flow[w->level - 1]);
}

static void push(writer *w, int flow)
{
    if (w->level < MAX_NEST) {
        w->flow[w->level] = flow;
        w->count[w->level] = 0;
    }
    w->level++;
}

/* Start an entry: the separator or indentation, the key (quoted in JSON), ": ". */
static void key(writer *w, const char *k)
{
    if (in_flow(w)) {
        if (w->level > 0 && w->count[w->level - 1]++)
            ls__buf_add(&w->b, ", ");
        if (w->json)
            ls__buf_add_quoted(&w->b, k);
        else
            ls__buf_add(&w->b, k);
    } else {
        for (int i = 0; i < w->block_depth; i++)
            ls__buf_add(&w->b, "  ");
        ls__buf_add(&w->b, k);
    }
    ls__buf_add(&w->b, ": ");
}

/* End a block entry: its comment and the newline (YAML only). */
static void end(writer *w, const char *comment)
{
    if (in_flow(w))
        return;
    if (comment)
        ls__buf_addf(&w->b, "  # %s", comment);
    ls__buf_add(&w->b, "\n");
}

/* A nested map on its own lines (YAML) — "key:  # comment" — or `"key": {` (JSON). */
static void open_block(writer *w, const char *k, const char *comment)
{
    if (w->json) {
        key(w, k);
        ls__buf_add(&w->b, "{");
    } else {
        for (int i = 0; i < w->block_depth; i++)
            ls__buf_add(&w->b, "  ");
        ls__buf_addf(&w->b, "%s:", k);
        if (comment)
            ls__buf_addf(&w->b, "  # %s", comment);
        ls__buf_add(&w->b, "\n");
        w->block_depth++;
    }
    push(w, w->json);
}

static void close_block(writer *w)
{
    w->level--;
    if (w->json)
        ls__buf_add(&w->b, "}");
    else
        w->block_depth--;
}

static void open_flow(writer *w)
{
    ls__buf_add(&w->b, "{");
    push(w, 1);
}

static void close_flow(writer *w)
{
    w->level--;
    ls__buf_add(&w->b, "}");
}

/* Shortest text that reads back as the same double; "null" for NAN. */
static void num(writer *w, double v)
{
    char buf[64];
    if (isnan(v)) {
        snprintf(buf, sizeof(buf), "null");
    } else if (v == floor(v) && fabs(v) < 1e15) {
        snprintf(buf, sizeof(buf), "%.0f", v); /* integers without an exponent: 50, not 5e+01 */
    } else {
        for (int prec = 1; prec <= 17; prec++) {
            snprintf(buf, sizeof(buf), "%.*g", prec, v);
            if (strtod(buf, NULL) == v)
                break;
        }
    }
    ls__buf_add(&w->b, buf);
}

static void str(writer *w, const char *s)
{
    if (s)
        ls__buf_add_quoted(&w->b, s);
    else
        ls__buf_add(&w->b, "null");
}

static void strings(writer *w, char *const *list, size_t n)
{
    ls__buf_add(&w->b, "[");
    for (size_t i = 0; i < n; i++) {
        if (i)
            ls__buf_add(&w->b, ", ");
        ls__buf_add_quoted(&w->b, list[i]);
    }
    ls__buf_add(&w->b, "]");
}

/* ---- the walk -------------------------------------------------------------------------- */

/* The comment `landscan rules` prints after a flat key: the key table's, and for a test's
 * threshold the comparison it takes part in, with the operator of codes.c
 * ("LE_TAX, 10k CNY per mu; fires when tax_per_mu <= this"). */
static const char *key_comment(const ls__rules_key *d, char *buf, size_t len)
{
    const char *rule = ls__code_key_rule(d->key, NULL);
    if (!rule)
        return d->comment;
    snprintf(buf, len, "%s; %s", d->comment, rule);
    return buf;
}

static void flat_value(writer *w, const ls_rules *r, const ls__rules_key *d)
{
    const char *field = (const char *)r + d->off;
    switch (d->kind) {
    case LS__RK_NUM:
        num(w, *(const double *)(const void *)field);
        break;
    case LS__RK_BOOL:
        ls__buf_add(&w->b, *(const int *)(const void *)field ? "true" : "false");
        break;
    case LS__RK_TEXT:
        str(w, *(char *const *)(const void *)field);
        break;
    case LS__RK_LIST:
        strings(w, *(char **const *)(const void *)field,
                *(const size_t *)(const void *)((const char *)r + d->count_off));
        break;
    case LS__RK_DATE: {
        int days = *(const int *)(const void *)field, y, m, dd;
        char text[16];
        if (days == LS_NO_DATE) {
            str(w, NULL);
        } else {
            ls__date_to_ymd(days, &y, &m, &dd);
            snprintf(text, sizeof(text), "%04d-%02d-%02d", y, m, dd);
            str(w, text);
        }
        break;
    }
    }
}

static void weights(writer *w, const char *k, const ls_weight *list, size_t n, const char *comment)
{
    key(w, k);
    open_flow(w);
    for (size_t i = 0; i < n; i++) {
        key(w, list[i].indicator);
        num(w, list[i].weight);
    }
    close_flow(w);
    end(w, comment);
}

static void by_year(writer *w, const ls_rules *r)
{
    char year[16];
    key(w, "tax_per_mu_min_by_year");
    open_flow(w);
    for (size_t i = 0; i < r->ntax_per_mu_min_by_year; i++) {
        snprintf(year, sizeof(year), "%d", r->tax_per_mu_min_by_year[i].year);
        key(w, year);
        num(w, r->tax_per_mu_min_by_year[i].value);
    }
    close_flow(w);
    end(w, "LE_TAX by reference year (picks the year, else the latest before it, else the "
           "earliest)");
}

static void targets(writer *w, const ls_rules *r)
{
    char year[16];
    key(w, "targets");
    open_flow(w);
    for (size_t i = 0; i < r->ntargets; i++) {
        const ls_target_rule *t = &r->targets[i];
        key(w, ls__target((ls__target_id)t->indicator)->name);
        open_flow(w);
        for (size_t j = 0; j < t->nyears; j++) {
            snprintf(year, sizeof(year), "%d", t->years[j].year);
            key(w, year);
            num(w, t->years[j].value);
        }
        close_flow(w);
    }
    close_flow(w);
    end(w, "campaign targets: indicator -> year -> value (domain.md section 10)");
}

static void evaluation(writer *w, const ls_eval_rules *ev)
{
    int percentile = strcmp(ev->class_method, "percentile") == 0;
    open_block(w, "evaluation", "per-mu comprehensive evaluation (docs/rules.md)");
    key(w, "benchmark");
    str(w, ev->benchmark);
    end(w, "mean | median | minmax | fixed");
    weights(w, "benchmarks", ev->benchmarks, ev->nbenchmarks, "fixed benchmarks by indicator");
    key(w, "cap");
    num(w, ev->cap);
    end(w, "per-indicator score cap, times its weight");

    key(w, "classes");
    open_flow(w);
    key(w, "method");
    str(w, ev->class_method);
    for (int i = 0; i < (percentile ? 4 : 3); i++) {
        key(w, ls__rules_class_names[i]);
        num(w, percentile ? ev->class_share[i] : ev->class_cutoff[i]);
    }
    close_flow(w);
    end(w, "percentile shares or threshold minimum scores");

    key(w, "scope");
    open_flow(w);
    key(w, "below_min_mu");
    num(w, ev->below_min_mu);
    key(w, "new_years");
    num(w, ev->new_years);
    key(w, "tenants");
    str(w, ev->tenants);
    close_flow(w);
    end(w, NULL);

    open_block(w, "weights", NULL);
    weights(w, "above", ev->weights_above, ev->nweights_above, "above designated size");
    weights(w, "below", ev->weights_below, ev->nweights_below, "below designated size");
    close_block(w);
    close_block(w);
}

static void lists(writer *w, const ls_rules *r)
{
    key(w, "lists");
    open_flow(w);
    for (size_t i = 0; i < r->nlists; i++) {
        key(w, r->lists[i].name);
        strings(w, r->lists[i].items, r->lists[i].nitems);
    }
    close_flow(w);
    end(w, "ledger lists: status names or reason codes");
}

static void emit_rules(writer *w, const ls_rules *r)
{
    if (w->json) {
        open_flow(w);
        key(w, "name");
        str(w, r->name);
        key(w, "extends_chain");
        str(w, r->extends_chain);
    } else {
        ls__buf_add(&w->b, "# landscan rules, fully resolved (every key; load with `rules: "
                           "FILE.yaml`).\n");
        ls__buf_addf(&w->b, "# Source: %s\n",
                     r->extends_chain ? r->extends_chain
                     : r->name        ? r->name
                                      : "(unnamed)");
        ls__buf_add(&w->b, "# null switches a test off. Keys and sources: docs/rules.md.\n");
    }
    for (size_t i = 0; i < ls__rules_nkeys; i++) {
        const ls__rules_key *d = &ls__rules_keys[i];
        key(w, d->key);
        flat_value(w, r, d);
        char comment[256];
        end(w, key_comment(d, comment, sizeof(comment)));
        if (strcmp(d->key, "tax_per_mu_min") == 0)
            by_year(w, r);
    }
    evaluation(w, &r->evaluation);
    targets(w, r);
    lists(w, r);
    if (w->json)
        close_flow(w);
}

static int emit(ls_context *ctx, const ls_rules *rules, int json, char **out)
{
    writer w;
    memset(&w, 0, sizeof(w));
    w.json = json;
    emit_rules(&w, rules);
    char *text = ls__buf_take(&w.b);
    if (!text)
        return ls__error_set(ctx, LS_ENOMEM, "out of memory");
    *out = text;
    return LS_OK;
}

int ls_rules_to_yaml(ls_context *ctx, const ls_rules *rules, char **out)
{
    LS__ASSERT_ARG(ctx, rules);
    LS__ASSERT_ARG(ctx, out);
    return emit(ctx, rules, 0, out);
}

int ls_rules_to_json(ls_context *ctx, const ls_rules *rules, char **out)
{
    LS__ASSERT_ARG(ctx, rules);
    LS__ASSERT_ARG(ctx, out);
    return emit(ctx, rules, 1, out);
}
