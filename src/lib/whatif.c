/*
 * whatif.c — ls_whatif(): threshold sensitivity (landscan/whatif.h).
 *
 * Flow: parse the --vary arguments; check every key against the resolved rules (the YAML of
 * ls_rules_to_yaml, parsed again with yaml_util.c: the dotted path must lead to a scalar that is
 * a number or null); read and overlay once (run_stages.h); then per combination write a
 * small rules file into the temporary output folder —
 *     extends: "<the run's rules>"
 *     <top-level key>: <its resolved subtree, with the varied leaves replaced>
 * — load it with ls_rules_load() and ls_rules_apply_year() exactly as `landscan run` loads a
 * rules file, clear the previous combination's results (ls__dataset_clear_results), assess
 * (evaluate → classify → sites) and aggregate. Writing the whole subtree of a top-level key
 * keeps its other values as resolved (a nested map such as evaluation.classes is replaced as
 * a whole by the rules loader), and the top-level tax_per_mu_min set in a file without a
 * by-year table wins over the parent's table, as in a hand-written rules file.
 *
 * tall_storey_m is used before the overlay (building floor areas): when it is varied the
 * inputs are read and overlaid again for every combination (correct, slower).
 *
 * Outputs are written by whatif_write.c into the staging folder DIR/.landscan-tmp-<pid>/
 * (stage.c, as `landscan run` does) and moved into DIR when complete; nothing else of DIR
 * is touched.
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "aggregate.h"
#include "run_stages.h"
#include "stage.h"
#include "textout.h"
#include "whatif_data.h"
#include "yaml_util.h"

typedef struct vkey {
    char *key;      /* dotted */
    size_t nvalues; /* values of this key */
    double *values;
} vkey;

static const ls__status status_order[LS_WHATIF_NSTATUS] = {
    LS_STATUS_IDLE, LS_STATUS_RELOCATABLE, LS_STATUS_LOW_EFFICIENCY, LS_STATUS_EFFICIENT,
    LS_STATUS_NON_INDUSTRIAL};

const char *ls_whatif_status_name(int i)
{
    return i >= 0 && i < LS_WHATIF_NSTATUS ? ls__status_name(status_order[i]) : "";
}

/* ---- --vary arguments ----------------------------------------------------------------- */

static int parse_value(ls_context *ctx, const char *arg, const char *text, double *out)
{
    char *end = NULL;
    errno = 0;
    double v = strtod(text, &end);
    while (end && *end == ' ')
        end++;
    if (!*text || end == text || *end || errno || !isfinite(v))
        return ls__error_set(ctx, LS_EINVAL, "--vary %s: '%s' is not a number", arg, text);
    *out = v;
    return LS_OK;
}

static int add_value(ls_context *ctx, vkey *k, double v)
{
    if (k->nvalues >= 100000)
        return ls__error_set(ctx, LS_EINVAL, "--vary %s: too many values", k->key);
    double *n = realloc(k->values, (k->nvalues + 1) * sizeof(double));
    if (!n)
        return ls__error_set(ctx, LS_ENOMEM, "out of memory");
    k->values = n;
    k->values[k->nvalues++] = v;
    return LS_OK;
}

/* "KEY=V1,V2" or "KEY=FROM:TO:STEP". */
static int parse_vary(ls_context *ctx, const char *arg, vkey *k)
{
    int error = LS_OK;
    const char *eq = strchr(arg, '=');
    if (!eq || eq == arg || !eq[1])
        return ls__error_set(ctx, LS_EINVAL, "--vary %s: expected KEY=V1,V2,… or KEY=FROM:TO:STEP",
                             arg);
    k->key = malloc((size_t)(eq - arg) + 1);
    char *list = ls__strdup(eq + 1);
    if (!k->key || !list) {
        free(list);
        return ls__error_set(ctx, LS_ENOMEM, "out of memory");
    }
    memcpy(k->key, arg, (size_t)(eq - arg));
    k->key[eq - arg] = '\0';
    ls__trim(k->key);
    if (strchr(list, ':')) {
        char *parts[3] = {list, NULL, NULL};
        int n = 1;
        for (char *c = list; *c && n <= 3; c++)
            if (*c == ':') {
                *c = '\0';
                if (n < 3)
                    parts[n] = c + 1;
                n++;
            }
        double from = 0, to = 0, step = 0;
        if (n != 3) {
            error = ls__error_set(ctx, LS_EINVAL, "--vary %s: a range is FROM:TO:STEP", arg);
        } else if ((error = parse_value(ctx, arg, ls__trim(parts[0]), &from)) == LS_OK &&
                   (error = parse_value(ctx, arg, ls__trim(parts[1]), &to)) == LS_OK &&
                   (error = parse_value(ctx, arg, ls__trim(parts[2]), &step)) == LS_OK) {
            if (!(step > 0) || to < from)
                error = ls__error_set(
                    ctx, LS_EINVAL, "--vary %s: a range needs FROM <= TO and a STEP above 0", arg);
            else if ((to - from) / step > LS_WHATIF_MAX_COMBINATIONS)
                error = ls__error_set(ctx, LS_EINVAL,
                                      "--vary %s: more than %d values (at most %d combinations)",
                                      arg, LS_WHATIF_MAX_COMBINATIONS, LS_WHATIF_MAX_COMBINATIONS);
            /* i × step from FROM (no accumulated error); TO included within 1e-9 × step */
            for (long i = 0; error == LS_OK && from + (double)i * step <= to + step * 1e-9; i++)
                error = add_value(ctx, k, from + (double)i * step);
        }
    } else {
        char *save = NULL;
        for (char *t = strtok_r(list, ",", &save); t && error == LS_OK;
             t = strtok_r(NULL, ",", &save)) {
            double v = 0;
            if ((error = parse_value(ctx, arg, ls__trim(t), &v)) == LS_OK)
                error = add_value(ctx, k, v);
        }
        if (error == LS_OK && k->nvalues == 0)
            error = ls__error_set(ctx, LS_EINVAL, "--vary %s: no values", arg);
    }
    free(list);
    return error;
}

/* ---- the resolved rules as a YAML document -------------------------------------------- */

static int rdoc_load(ls_context *ctx, const ls_rules *rules, ls__yaml *d)
{
    char *text = NULL;
    int error = ls_rules_to_yaml(ctx, rules, &text);
    if (error != LS_OK)
        return error;
    error = ls__yaml_load_text(ctx, text, "resolved rules", d);
    free(text);
    if (error == LS_ENOMEM)
        return error;
    if (error != LS_OK || !d->root)
        return ls__error_set(ctx, LS_EINVAL, "rules: the resolved rules do not parse again");
    return LS_OK;
}

static int scalar_is_number(const yaml_node_t *n)
{
    if (n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return 0;
    const char *s = (const char *)n->data.scalar.value;
    char *end = NULL;
    strtod(s, &end);
    return *s && end && *end == '\0';
}

static int check_key(ls_context *ctx, ls__yaml *d, const char *key)
{
    const yaml_node_t *n = ls__yaml_path(d, d->root, key);
    if (!n)
        return ls__error_set(ctx, LS_EINVAL,
                             "--vary %s: no such rules key (see `landscan rules` for the keys; "
                             "nested keys are dotted, e.g. evaluation.classes.D)",
                             key);
    if (n->type != YAML_SCALAR_NODE || !(scalar_is_number(n) || ls__yaml_is_null(n)))
        return ls__error_set(ctx, LS_EINVAL, "--vary %s: not a numeric rules key (its value is %s)",
                             key,
                             n->type == YAML_SCALAR_NODE    ? (const char *)n->data.scalar.value
                             : n->type == YAML_MAPPING_NODE ? "a map"
                                                            : "a list");
    return LS_OK;
}

/* ---- the rules of one combination ----------------------------------------------------- */

typedef struct override {
    const char *key; /* dotted */
    double value;
} override;

static void emit_scalar_text(ls__buf *b, const char *s, int plain)
{
    if (plain && !strpbrk(s, ",[]{}#:&*!|>'\"%@`") && *s && *s != ' ' && *s != '-') {
        ls__buf_add(b, s);
        return;
    }
    ls__buf_add(b, "\"");
    for (const char *c = s; *c; c++) {
        if (*c == '"' || *c == '\\')
            ls__buf_add(b, "\\");
        ls__buf_addn(b, c, 1);
    }
    ls__buf_add(b, "\"");
}

/* Emit node n (at dotted path `path`) in flow style, replacing overridden leaves. */
static void emit_node(ls__buf *b, ls__yaml *d, const yaml_node_t *n, const char *path,
                      const override *ov, size_t nov)
{
    if (n->type == YAML_SCALAR_NODE) {
        for (size_t i = 0; i < nov; i++)
            if (strcmp(ov[i].key, path) == 0) {
                ls__buf_addf(b, "%.17g", ov[i].value);
                return;
            }
        emit_scalar_text(b, (const char *)n->data.scalar.value,
                         n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE);
    } else if (n->type == YAML_SEQUENCE_NODE) {
        ls__buf_add(b, "[");
        for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top;
             it++) {
            if (it > n->data.sequence.items.start)
                ls__buf_add(b, ", ");
            emit_node(b, d, ls__yaml_node(d, *it), path, NULL, 0);
        }
        ls__buf_add(b, "]");
    } else {
        ls__buf_add(b, "{");
        for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top;
             p++) {
            const yaml_node_t *k = ls__yaml_node(d, p->key);
            const char *ks = (const char *)k->data.scalar.value;
            char *sub = ls__sprintf("%s.%s", path, ks);
            if (p > n->data.mapping.pairs.start)
                ls__buf_add(b, ", ");
            emit_scalar_text(b, ks, k->data.scalar.style == YAML_PLAIN_SCALAR_STYLE);
            ls__buf_add(b, ": ");
            if (sub)
                emit_node(b, d, ls__yaml_node(d, p->value), sub, ov, nov);
            else
                b->failed = 1;
            free(sub);
        }
        ls__buf_add(b, "}");
    }
}

/* The percentile shares of evaluation.classes must add up to 1: a varied share takes the
 * difference from C (from B when C is varied, then A, then D). Adds that class to ov. */
static int balance_classes(ls_context *ctx, const ls_rules *rules, override *ov, size_t *nov)
{
    const ls_eval_rules *ev = &rules->evaluation;
    if (!ev->class_method || strcmp(ev->class_method, "percentile") != 0)
        return LS_OK;
    static const char *const names[4] = {"evaluation.classes.A", "evaluation.classes.B",
                                         "evaluation.classes.C", "evaluation.classes.D"};
    double share[4];
    int varied[4] = {0, 0, 0, 0}, any = 0;
    for (int c = 0; c < 4; c++) {
        share[c] = ev->class_share[c];
        for (size_t i = 0; i < *nov; i++)
            if (strcmp(ov[i].key, names[c]) == 0) {
                share[c] = ov[i].value;
                varied[c] = any = 1;
            }
    }
    if (!any)
        return LS_OK;
    static const int absorb_order[4] = {2, 1, 0, 3};
    int absorb = -1;
    for (int k = 0; k < 4 && absorb < 0; k++)
        if (!varied[absorb_order[k]])
            absorb = absorb_order[k];
    if (absorb < 0)
        return LS_OK; /* every share varied: the loader checks the sum */
    double rest = 1.0;
    for (int c = 0; c < 4; c++)
        if (c != absorb)
            rest -= share[c];
    if (rest < -1e-9 || rest > 1 + 1e-9)
        return ls__error_set(ctx, LS_EINVAL,
                             "--vary evaluation.classes: the shares leave %.4g for class %c "
                             "(must be between 0 and 1)",
                             rest, "ABCD"[absorb]);
    ov[*nov].key = names[absorb];
    ov[*nov].value = rest < 0 ? 0 : rest;
    (*nov)++;
    return LS_OK;
}

static char *yaml_quoted(const char *s)
{
    ls__buf b = {0};
    emit_scalar_text(&b, s, 0);
    return ls__buf_take(&b);
}

/* Load the rules of one combination through a rules file in tmp. */
static int combination_rules(ls_context *ctx, const ls_config *cfg, const ls_rules *base,
                             ls__yaml *d, const char *extends, const char *tmp, const vkey *keys,
                             size_t nkeys, const double *values, ls_rules **out)
{
    int error = LS_OK;
    override ov[64];
    size_t nov = 0;
    for (size_t i = 0; i < nkeys && nov < 60; i++) {
        ov[nov].key = keys[i].key;
        ov[nov].value = values[i];
        nov++;
    }
    if ((error = balance_classes(ctx, base, ov, &nov)) != LS_OK)
        return error;
    ls__buf b = {0};
    char *ext = yaml_quoted(extends);
    ls__buf_addf(&b, "extends: %s\n", ext ? ext : "\"\"");
    free(ext);
    for (size_t i = 0; i < nov; i++) {
        const char *dot = strchr(ov[i].key, '.');
        size_t toplen = dot ? (size_t)(dot - ov[i].key) : strlen(ov[i].key);
        int done = 0;
        for (size_t j = 0; j < i && !done; j++)
            done = strncmp(ov[j].key, ov[i].key, toplen) == 0 &&
                   (ov[j].key[toplen] == '.' || ov[j].key[toplen] == '\0');
        if (done)
            continue; /* this top-level key was written with an earlier override */
        char top[128];
        snprintf(top, sizeof(top), "%.*s", (int)toplen, ov[i].key);
        const yaml_node_t *n = ls__yaml_path(d, d->root, top);
        if (!n)
            continue;
        ls__buf_addf(&b, "%s: ", top);
        emit_node(&b, d, n, top, ov, nov);
        ls__buf_add(&b, "\n");
    }
    char *path = ls__path_join(tmp, "whatif-rules.yaml");
    if (!path) {
        ls__buf_free(&b);
        return ls__error_set(ctx, LS_ENOMEM, "out of memory");
    }
    error = ls__buf_write_file(ctx, &b, path, 0);
    ls__buf_free(&b);
    ls_rules *r = NULL;
    if (error == LS_OK && (error = ls_rules_load(ctx, path, NULL, &r)) != LS_OK) {
        char msg[1024];
        snprintf(msg, sizeof(msg), "%s", ls_context_error(ctx));
        ls__buf combo = {0};
        for (size_t i = 0; i < nkeys; i++)
            ls__buf_addf(&combo, "%s%s=%g", i ? ", " : "", keys[i].key, values[i]);
        char *c = ls__buf_take(&combo);
        error = ls__error_set(ctx, LS_EINVAL, "--vary %s: the rules do not accept it (%s)",
                              c ? c : "", msg);
        free(c);
    }
    if (error == LS_OK)
        error = ls_rules_apply_year(r, cfg->reference_year);
    unlink(path);
    free(path);
    if (error != LS_OK) {
        ls_rules_free(r);
        return error;
    }
    *out = r;
    return LS_OK;
}

/* ---- one combination's figures -------------------------------------------------------- */

static void fill_row(const ls__dataset *ds, ls_whatif_row *row)
{
    for (size_t i = 0; i < ds->nparcels; i++) {
        const ls__parcel *p = &ds->parcels[i];
        for (int s = 0; s < LS_WHATIF_NSTATUS; s++)
            if (status_order[s] == p->status) {
                row->status_count[s]++;
                row->status_mu[s] += isfinite(p->area_mu) ? p->area_mu : 0;
            }
        if (p->status == LS_STATUS_IDLE || p->status == LS_STATUS_RELOCATABLE ||
            p->status == LS_STATUS_LOW_EFFICIENCY)
            row->listed_mu += isfinite(p->area_mu) ? p->area_mu : 0;
        row->reclaimable_mu += isfinite(p->reclaimable_mu) ? p->reclaimable_mu : 0;
    }
    row->sites = (int)ds->nsites;
    for (size_t k = 0; k < ds->nsites; k++)
        row->site_mu += ds->sites[k].area_mu;
}

/* ---- the verb ------------------------------------------------------------------------- */

static const char *const out_names[3] = {"whatif.csv", "whatif_parcels.csv", "whatif.html"};

int ls_whatif(ls_context *ctx, const ls_config *cfg, const ls_rules *rules,
              const ls_whatif_options *opts, ls_whatif_result **out)
{
    int error = LS_OK;
    vkey *keys = NULL;
    size_t nkeys = 0;
    ls__yaml doc;
    memset(&doc, 0, sizeof(doc));
    ls__dataset ds;
    memset(&ds, 0, sizeof(ds));
    ls_whatif_result *res = NULL;
    char *out_dir = NULL, *extends = NULL;
    const char *tmp = NULL; /* the staging folder (stage.c) */
    ls__stage stage = {NULL, NULL, 0};
    unsigned char *status = NULL, *action = NULL, *flips = NULL;
    const char **ids = NULL, **districts = NULL;
    double *values = NULL;
    ls_whatif_options defaults = LS_WHATIF_OPTIONS_INIT;
    if (!opts)
        opts = &defaults;
    ls__error_clear(ctx);
    int jobs = ls__run_jobs(opts->jobs);

    if (opts->nvary == 0)
        return ls__error_set(ctx, LS_EINVAL, "whatif: give at least one --vary KEY=V1,V2,…");
    if (!(keys = calloc(opts->nvary, sizeof(vkey))) || !(res = calloc(1, sizeof(*res)))) {
        error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
        goto cleanup;
    }
    size_t ncomb = 1;
    if ((error = rdoc_load(ctx, rules, &doc)) != LS_OK)
        goto cleanup;
    for (size_t i = 0; i < opts->nvary; i++) {
        if ((error = parse_vary(ctx, opts->vary[i], &keys[nkeys++])) != LS_OK ||
            (error = check_key(ctx, &doc, keys[i].key)) != LS_OK)
            goto cleanup;
        for (size_t j = 0; j < i; j++)
            if (strcmp(keys[j].key, keys[i].key) == 0) {
                error = ls__error_set(ctx, LS_EINVAL, "--vary %s: the key is varied twice",
                                      keys[i].key);
                goto cleanup;
            }
        ncomb *= keys[i].nvalues;
        if (ncomb > LS_WHATIF_MAX_COMBINATIONS) {
            error = ls__error_set(ctx, LS_EINVAL,
                                  "--vary: more than %d combinations (the values multiply)",
                                  LS_WHATIF_MAX_COMBINATIONS);
            goto cleanup;
        }
    }
    int reread = 0;
    for (size_t i = 0; i < nkeys; i++)
        reread |= strcmp(keys[i].key, "tall_storey_m") == 0;

    /* the run's rules, for `extends:` of every combination (an absolute path or a preset) */
    if (cfg->rules && cfg->rules_is_path) {
        extends = realpath(cfg->rules, NULL);
        if (!extends) {
            error = ls__error_set(ctx, LS_ENOTFOUND, "%s: cannot open rules file (%s)", cfg->rules,
                                  strerror(errno));
            goto cleanup;
        }
    } else if (!(extends = ls__strdup(cfg->rules ? cfg->rules : "national-2008"))) {
        error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
        goto cleanup;
    }

    /* outputs: refuse existing ones before any work */
    out_dir = opts->output_dir ? ls__strdup(opts->output_dir)
              : cfg->output    ? ls__strdup(cfg->output)
                               : ls__path_join(cfg->base_dir, "out");
    if (!out_dir) {
        error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
        goto cleanup;
    }
    for (int k = 0; k < 3 && !opts->force; k++) {
        char *f = ls__path_join(out_dir, out_names[k]);
        int exists = f && access(f, F_OK) == 0;
        if (exists)
            error = ls__error_set(ctx, LS_EEXIST,
                                  "%s: output exists; use --force to overwrite or -o to choose "
                                  "another folder",
                                  f);
        free(f);
        if (exists)
            goto cleanup;
    }
    if ((error = ls__stage_begin(ctx, out_dir, &stage)) != LS_OK)
        goto cleanup;
    tmp = stage.tmp;

    res->nkeys = nkeys;
    res->keys = calloc(nkeys, sizeof(char *));
    res->rows = calloc(ncomb, sizeof(ls_whatif_row));
    values = calloc(nkeys, sizeof(double));
    if (!res->keys || !res->rows || !values) {
        error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
        goto cleanup;
    }
    for (size_t i = 0; i < nkeys; i++)
        if (!(res->keys[i] = ls__strdup(keys[i].key))) {
            error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
            goto cleanup;
        }

    double t0 = ls__run_clock(), t_assess = 0;
    size_t dq_keep = 0;
    for (size_t c = 0; c < ncomb; c++) {
        /* the combination's values: the last key varies fastest */
        size_t rem = c;
        for (size_t i = nkeys; i-- > 0;) {
            values[i] = keys[i].values[rem % keys[i].nvalues];
            rem /= keys[i].nvalues;
        }
        ls_rules *r = NULL;
        if ((error = combination_rules(ctx, cfg, rules, &doc, extends, tmp, keys, nkeys, values,
                                       &r)) != LS_OK)
            goto cleanup;
        if (c == 0 || reread) {
            ls__dataset_free(&ds);
            if ((error = ls__run_read(ctx, cfg, &ds)) != LS_OK ||
                (error = ls__run_overlay(ctx, cfg, r, opts->district, jobs, &ds, NULL)) != LS_OK) {
                ls_rules_free(r);
                goto cleanup;
            }
            dq_keep = ds.dq.n;
            if (c == 0) {
                res->seconds_prepare = ls__run_clock() - t0;
                status = calloc(ds.nparcels * ncomb + 1, 1);
                action = calloc(ds.nparcels * ncomb + 1, 1);
                flips = calloc(ds.nparcels + 1, 1);
                if (!status || !action || !flips) {
                    ls_rules_free(r);
                    error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
                    goto cleanup;
                }
            }
        }
        double ta = ls__run_clock();
        ls__dataset_clear_results(&ds, dq_keep);
        error = ls__run_assess(ctx, cfg, r, &ds, NULL);
        if (error == LS_OK)
            error = ls__aggregate(ctx, &ds);
        ls_rules_free(r);
        if (error != LS_OK)
            goto cleanup;
        ls_whatif_row *row = &res->rows[res->nrows++];
        if (!(row->values = malloc(nkeys * sizeof(double)))) {
            error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
            goto cleanup;
        }
        memcpy(row->values, values, nkeys * sizeof(double));
        fill_row(&ds, row);
        for (size_t i = 0; i < ds.nparcels; i++) {
            status[i * ncomb + c] = (unsigned char)ds.parcels[i].status;
            action[i * ncomb + c] = (unsigned char)ds.parcels[i].action;
            if (status[i * ncomb + c] != status[i * ncomb] ||
                action[i * ncomb + c] != action[i * ncomb]) {
                row->flips++;
                flips[i] = 1;
            }
        }
        t_assess += ls__run_clock() - ta;
        ls__progress(ctx, "whatif", (double)(c + 1) / (double)ncomb);
        if (ls_context_interrupted(ctx)) {
            error = ls__error_set(ctx, LS_EINTERRUPTED, "interrupted");
            goto cleanup;
        }
    }
    res->seconds_assess = t_assess;
    for (size_t i = 0; i < ds.nparcels; i++)
        res->nflipping += flips[i];

    ids = calloc(ds.nparcels + 1, sizeof(char *));
    districts = calloc(ds.nparcels + 1, sizeof(char *));
    if (!ids || !districts) {
        error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
        goto cleanup;
    }
    for (size_t i = 0; i < ds.nparcels; i++) {
        ids[i] = ds.parcels[i].parcel_id ? ds.parcels[i].parcel_id : "";
        districts[i] = ds.parcels[i].district ? ds.parcels[i].district : "";
    }
    ls__whatif_data wd = {res,         cfg->name, cfg->reference_date, rules->name,
                          ds.nparcels, ids,       districts,           status,
                          action,      flips};
    if ((error = ls__whatif_write(ctx, &wd, tmp)) != LS_OK)
        goto cleanup;
    char *rules_file = ls__path_join(tmp, "whatif-rules.yaml"); /* not an output */
    if (rules_file)
        unlink(rules_file);
    free(rules_file);
    if ((error = ls__stage_commit(ctx, &stage)) != LS_OK)
        goto cleanup;
    if (error == LS_OK && !(res->output_dir = ls__strdup(out_dir)))
        error = ls__error_set(ctx, LS_ENOMEM, "out of memory");

cleanup:
    ls__stage_end(&stage, error != LS_OK);
    free(out_dir);
    free(extends);
    free(values);
    free(status);
    free(action);
    free(flips);
    free(ids);
    free(districts);
    for (size_t i = 0; i < nkeys; i++) {
        free(keys[i].key);
        free(keys[i].values);
    }
    free(keys);
    ls__yaml_free(&doc);
    ls__dataset_free(&ds);
    if (error != LS_OK) {
        ls_whatif_result_free(res);
        return error;
    }
    *out = res;
    return LS_OK;
}

void ls_whatif_result_free(ls_whatif_result *r)
{
    if (!r)
        return;
    for (size_t i = 0; r->keys && i < r->nkeys; i++)
        free(r->keys[i]);
    free(r->keys);
    for (size_t i = 0; i < r->nrows; i++)
        free(r->rows[i].values);
    free(r->rows);
    free(r->output_dir);
    free(r);
}
