/*
 * diff.c — `landscan diff A.gpkg B.gpkg`: two finished runs compared parcel by parcel
 * (diff.h).
 *
 * Both GeoPackages are read with the report reader (report.c: parcels, sites, run_info),
 * plus the `corrections` table when present (read here with OGR). Parcels are matched by
 * parcel_id (a duplicated id counts once: its first feature). A parcel has changed when its
 * status, action, reasons text, reclaimable_mu (by more than 0.005 mu, the precision shown)
 * or its site changed; a site is compared by its members (the site's parcel_ids), not by
 * its number, which may be renumbered when other sites come or go.
 *
 * Causes, from the two runs' records only:
 *   correction      a correction row (target, id, field, new value) that one run has and the
 *                   other has not, whose `parcel_ids` include the parcel;
 *   rules           the resolved rules (run_info rules_resolved, flattened to dotted keys)
 *                   differ — every changed parcel may owe its change to them;
 *   reference_date  the runs' reference dates differ (every date rule moves);
 *   input           an input layer's hash (run_info input_<role>_sha256) differs.
 * What this file does not do: re-run or attribute a change to one rule key; say whether a
 * changed input touched a given parcel.
 */
#include <gdal.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "landscan/diff.h"
#include "report_read.h"
#include "stage.h"
#include "textout.h"

typedef struct corr {
    char *line, *target, *id, *field, *old_value, *new_value, *document, *parcel_ids;
    char *key; /* target|id|field|new_value */
} corr;

typedef struct side {
    ls__rdata *data;
    size_t ncorr;
    corr *corr;
    size_t *order;     /* parcel indexes sorted by parcel id */
    const char **site; /* per parcel: its site's members ("" none), borrowed */
} side;

static void corr_free(corr *c, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(c[i].line);
        free(c[i].target);
        free(c[i].id);
        free(c[i].field);
        free(c[i].old_value);
        free(c[i].new_value);
        free(c[i].document);
        free(c[i].parcel_ids);
        free(c[i].key);
    }
    free(c);
}

static char *field_text(OGRFeatureH f, const char *name)
{
    int i = OGR_F_GetFieldIndex(f, name);
    if (i < 0 || !OGR_F_IsFieldSetAndNotNull(f, i))
        return ls__strdup("");
    return ls__strdup(OGR_F_GetFieldAsString(f, i));
}

/* The corrections table of a run (none → 0 rows). */
static int read_corrections(ls_context *ctx, const char *path, side *s)
{
    GDALDatasetH g = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    if (!g)
        return ls__error_set(ctx, LS_ENOTFOUND, "%s: cannot open", path);
    int error = LS_OK;
    OGRLayerH l = GDALDatasetGetLayerByName(g, "corrections");
    if (l) {
        GIntBig n = OGR_L_GetFeatureCount(l, TRUE);
        s->corr = calloc(n > 0 ? (size_t)n : 1, sizeof(corr));
        if (!s->corr)
            error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
        OGR_L_ResetReading(l);
        OGRFeatureH f;
        while (error == LS_OK && (f = OGR_L_GetNextFeature(l)) != NULL) {
            if (s->ncorr < (size_t)n) {
                corr *c = &s->corr[s->ncorr++];
                c->line = field_text(f, "line");
                c->target = field_text(f, "target");
                c->id = field_text(f, "id");
                c->field = field_text(f, "field");
                c->old_value = field_text(f, "old_value");
                c->new_value = field_text(f, "new_value");
                c->document = field_text(f, "document");
                c->parcel_ids = field_text(f, "parcel_ids");
                c->key = ls__sprintf("%s|%s|%s|%s", c->target ? c->target : "", c->id ? c->id : "",
                                     c->field ? c->field : "", c->new_value ? c->new_value : "");
                if (!c->key || !c->parcel_ids || !c->document || !c->line)
                    error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
            }
            OGR_F_Destroy(f);
        }
    }
    GDALClose(g);
    return error;
}

static const ls__rdata *sort_data; /* qsort has no user pointer; set just before sorting */

static int cmp_parcel_ix(const void *a, const void *b)
{
    const ls__rparcel *x = &sort_data->parcels[*(const size_t *)a];
    const ls__rparcel *y = &sort_data->parcels[*(const size_t *)b];
    int c = strcmp(x->parcel_id ? x->parcel_id : "", y->parcel_id ? y->parcel_id : "");
    if (c)
        return c;
    return (*(const size_t *)a > *(const size_t *)b) - (*(const size_t *)a < *(const size_t *)b);
}

static int side_load(ls_context *ctx, const char *path, side *s)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return ls__error_set(ctx, LS_ENOTFOUND, "%s: no such file", path);
    int error = ls__report_read(ctx, path, &s->data);
    if (error == LS_OK)
        error = read_corrections(ctx, path, s);
    if (error != LS_OK)
        return error;
    size_t n = s->data->nparcels;
    s->order = calloc(n + 1, sizeof(size_t));
    s->site = calloc(n + 1, sizeof(char *));
    if (!s->order || !s->site)
        return ls__error_set(ctx, LS_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        s->order[i] = i;
        s->site[i] = "";
        int id = s->data->parcels[i].site_id;
        for (size_t k = 0; id > 0 && k < s->data->nsites; k++)
            if (s->data->sites[k].site_id == id)
                s->site[i] = s->data->sites[k].parcel_ids ? s->data->sites[k].parcel_ids : "";
    }
    sort_data = s->data;
    qsort(s->order, n, sizeof(size_t), cmp_parcel_ix);
    return LS_OK;
}

static void side_free(side *s)
{
    ls__report_data_free(s->data);
    corr_free(s->corr, s->ncorr);
    free(s->order);
    free(s->site);
}

/* ---- run-level causes ----------------------------------------------------------------- */

static int add_string(char ***list, size_t *n, char *s)
{
    if (!s)
        return LS_ENOMEM;
    char **l = realloc(*list, (*n + 1) * sizeof(char *));
    if (!l) {
        free(s);
        return LS_ENOMEM;
    }
    l[(*n)++] = s;
    *list = l;
    return LS_OK;
}

static const char *row_value(char **rows, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(rows[3 * i + 1], key) == 0)
            return rows[3 * i + 2];
    return NULL;
}

static int rules_changes(const side *a, const side *b, ls_diff *d)
{
    char **ra = NULL, **rb = NULL;
    size_t na = 0, nb = 0;
    int rc = ls__report_rules_rows(a->data, &ra, &na);
    if (rc == LS_OK)
        rc = ls__report_rules_rows(b->data, &rb, &nb);
    for (size_t i = 0; rc == LS_OK && i < na; i++) {
        const char *key = ra[3 * i + 1];
        const char *vb = row_value(rb, nb, key);
        if (!vb || strcmp(vb, ra[3 * i + 2]) != 0)
            rc = add_string(&d->rules_changes, &d->nrules,
                            ls__sprintf("%s: %s → %s", key, ra[3 * i + 2], vb ? vb : "(absent)"));
    }
    for (size_t i = 0; rc == LS_OK && i < nb; i++)
        if (!row_value(ra, na, rb[3 * i + 1]))
            rc = add_string(&d->rules_changes, &d->nrules,
                            ls__sprintf("%s: (absent) → %s", rb[3 * i + 1], rb[3 * i + 2]));
    ls__report_rows_free(ra, na);
    ls__report_rows_free(rb, nb);
    return rc;
}

static int input_changes(const side *a, const side *b, ls_diff *d)
{
    static const char *const roles[] = {"parcels",   "control_lines", "blocks",    "districts",
                                        "buildings", "enterprises",   "approvals", "masks"};
    int rc = LS_OK;
    for (size_t r = 0; rc == LS_OK && r < sizeof(roles) / sizeof(roles[0]); r++) {
        char key[64];
        snprintf(key, sizeof(key), "input_%s_sha256", roles[r]);
        const char *ha = ls__report_info(a->data, key), *hb = ls__report_info(b->data, key);
        if ((ha || hb) && (!ha || !hb || strcmp(ha, hb) != 0))
            rc = add_string(&d->input_changes, &d->ninputs, ls__strdup(roles[r]));
    }
    return rc;
}

static const corr *find_corr(const side *s, const char *key)
{
    for (size_t i = 0; i < s->ncorr; i++)
        if (strcmp(s->corr[i].key, key) == 0)
            return &s->corr[i];
    return NULL;
}

static char *corr_text(const corr *c, char sign)
{
    return ls__sprintf("%c line %s: %s %s %s %s → %s%s%s%s", sign, c->line, c->target, c->id,
                       c->field, *c->old_value ? c->old_value : "(empty)", c->new_value,
                       *c->document ? " (" : "", c->document, *c->document ? ")" : "");
}

static int correction_changes(const side *a, const side *b, ls_diff *d)
{
    int rc = LS_OK;
    for (size_t i = 0; rc == LS_OK && i < b->ncorr; i++)
        if (!find_corr(a, b->corr[i].key))
            rc = add_string(&d->correction_changes, &d->ncorrections, corr_text(&b->corr[i], '+'));
    for (size_t i = 0; rc == LS_OK && i < a->ncorr; i++)
        if (!find_corr(b, a->corr[i].key))
            rc = add_string(&d->correction_changes, &d->ncorrections, corr_text(&a->corr[i], '-'));
    return rc;
}

/* The corrections that one run has and the other has not, touching parcel_id. */
static void parcel_corrections(const side *a, const side *b, const char *parcel_id, ls__buf *out)
{
    const side *sides[2] = {b, a};
    for (int k = 0; k < 2; k++)
        for (size_t i = 0; i < sides[k]->ncorr; i++) {
            const corr *c = &sides[k]->corr[i];
            if (!ls__list_has(c->parcel_ids, parcel_id) || find_corr(sides[1 - k], c->key))
                continue;
            char *t = corr_text(c, k == 0 ? '+' : '-');
            ls__buf_addf(out, "%scorrection %s", out->len ? "; " : "", t ? t + 2 : "");
            free(t);
        }
}

/* ---- parcels -------------------------------------------------------------------------- */

static int same_text(const char *x, const char *y)
{
    return strcmp(x ? x : "", y ? y : "") == 0;
}

static int add_parcel(ls_context *ctx, ls_diff *d, const side *a, const side *b, const size_t *ia,
                      const size_t *ib, int ref_changed)
{
    const ls__rparcel *pa = ia ? &a->data->parcels[*ia] : NULL;
    const ls__rparcel *pb = ib ? &b->data->parcels[*ib] : NULL;
    const char *sa = ia ? a->site[*ia] : "", *sb = ib ? b->site[*ib] : "";
    ls__buf what = {0};
    if (pa && pb) {
        if (pa->status != pb->status)
            ls__buf_add(&what, "status;");
        if (pa->action != pb->action)
            ls__buf_add(&what, "action;");
        if (!same_text(pa->reasons, pb->reasons))
            ls__buf_add(&what, "reasons;");
        if (fabs(pa->reclaimable_mu - pb->reclaimable_mu) > 0.005)
            ls__buf_add(&what, "reclaimable_mu;");
        if (strcmp(sa, sb) != 0)
            ls__buf_add(&what, "site;");
        if (what.len == 0) {
            d->nunchanged++;
            return LS_OK;
        }
        what.data[--what.len] = '\0';
    } else {
        ls__buf_add(&what, "");
    }
    ls_diff_parcel *dp = &d->parcels[d->nparcels++];
    const ls__rparcel *p = pb ? pb : pa;
    dp->parcel_id = ls__strdup(p->parcel_id ? p->parcel_id : "");
    dp->district = ls__strdup(p->district ? p->district : "");
    dp->change = ls__strdup(pa && pb ? "changed" : pb ? "added" : "removed");
    dp->what = ls__buf_take(&what);
    dp->old_status = pa ? ls__strdup(ls__status_name(pa->status)) : NULL;
    dp->new_status = pb ? ls__strdup(ls__status_name(pb->status)) : NULL;
    dp->old_action = pa ? ls__strdup(ls__action_name(pa->action)) : NULL;
    dp->new_action = pb ? ls__strdup(ls__action_name(pb->action)) : NULL;
    dp->old_reasons = pa ? ls__strdup(pa->reasons ? pa->reasons : "") : NULL;
    dp->new_reasons = pb ? ls__strdup(pb->reasons ? pb->reasons : "") : NULL;
    dp->old_reclaimable_mu = pa ? pa->reclaimable_mu : NAN;
    dp->new_reclaimable_mu = pb ? pb->reclaimable_mu : NAN;
    dp->old_site_id = pa ? pa->site_id : 0;
    dp->new_site_id = pb ? pb->site_id : 0;
    if (pa && pb)
        d->nchanged++;
    else if (pb)
        d->nadded++;
    else
        d->nremoved++;

    ls__buf cause = {0}, detail = {0};
    ls__buf_add(&cause, "");
    ls__buf_add(&detail, "");
    int both = pa && pb; /* an added or removed parcel can only owe it to the inputs */
    if (both)
        parcel_corrections(a, b, dp->parcel_id, &detail);
    if (detail.len)
        ls__buf_add(&cause, "correction");
    if (both && d->nrules) {
        ls__buf_addf(&cause, "%srules", cause.len ? ";" : "");
        ls__buf_addf(&detail, "%srules:", detail.len ? "; " : "");
        for (size_t i = 0; i < d->nrules; i++)
            ls__buf_addf(&detail, "%s%s", i ? ", " : " ", d->rules_changes[i]);
    }
    if (both && ref_changed) {
        ls__buf_addf(&cause, "%sreference_date", cause.len ? ";" : "");
        ls__buf_addf(&detail, "%sreference_date: %s → %s", detail.len ? "; " : "",
                     d->reference_date[0], d->reference_date[1]);
    }
    if (d->ninputs) {
        ls__buf_addf(&cause, "%sinput", cause.len ? ";" : "");
        ls__buf_addf(&detail, "%sinput data changed:", detail.len ? "; " : "");
        for (size_t i = 0; i < d->ninputs; i++)
            ls__buf_addf(&detail, "%s%s", i ? ", " : " ", d->input_changes[i]);
    }
    dp->cause = ls__buf_take(&cause);
    dp->cause_detail = ls__buf_take(&detail);
    if (!dp->parcel_id || !dp->district || !dp->change || !dp->what || !dp->cause ||
        !dp->cause_detail || (pa && (!dp->old_status || !dp->old_reasons)) ||
        (pb && (!dp->new_status || !dp->new_reasons)))
        return ls__error_set(ctx, LS_ENOMEM, "out of memory");
    return LS_OK;
}

static int cmp_diff_parcel(const void *x, const void *y)
{
    const ls_diff_parcel *a = x, *b = y;
    int c = strcmp(a->district, b->district);
    return c ? c : strcmp(a->parcel_id, b->parcel_id);
}

/* ---- districts ------------------------------------------------------------------------ */

static ls_diff_district *district_of(ls_diff *d, const char *name, size_t *cap)
{
    for (size_t i = 0; i < d->ndistricts; i++)
        if (strcmp(d->districts[i].district, name) == 0)
            return &d->districts[i];
    if (d->ndistricts == *cap) {
        size_t c = *cap ? *cap * 2 : 8;
        ls_diff_district *n = realloc(d->districts, c * sizeof(*n));
        if (!n)
            return NULL;
        d->districts = n;
        *cap = c;
    }
    ls_diff_district *t = &d->districts[d->ndistricts];
    memset(t, 0, sizeof(*t));
    if (!(t->district = ls__strdup(name)))
        return NULL;
    d->ndistricts++;
    return t;
}

static void district_add(ls_diff_district *t, int k, const ls__rparcel *p)
{
    t->parcel_count[k]++;
    int listed = p->status == LS_STATUS_IDLE || p->status == LS_STATUS_RELOCATABLE ||
                 p->status == LS_STATUS_LOW_EFFICIENCY;
    if (p->status == LS_STATUS_IDLE)
        t->idle_mu[k] += p->area_mu;
    if (p->status == LS_STATUS_RELOCATABLE)
        t->relocatable_mu[k] += p->area_mu;
    if (p->status == LS_STATUS_LOW_EFFICIENCY)
        t->low_efficiency_mu[k] += p->area_mu;
    if (listed) {
        t->listed_count[k]++;
        t->listed_mu[k] += p->area_mu;
    }
    t->reclaimable_mu[k] += isnan(p->reclaimable_mu) ? 0 : p->reclaimable_mu;
}

static int cmp_district(const void *x, const void *y)
{
    return strcmp(((const ls_diff_district *)x)->district, ((const ls_diff_district *)y)->district);
}

static int build_districts(ls_context *ctx, const side *s[2], ls_diff *d)
{
    size_t cap = 0;
    for (int k = 0; k < 2; k++)
        for (size_t i = 0; i < s[k]->data->nparcels; i++) {
            const ls__rparcel *p = &s[k]->data->parcels[i];
            ls_diff_district *t = district_of(d, p->district ? p->district : "", &cap);
            if (!t)
                return ls__error_set(ctx, LS_ENOMEM, "out of memory");
            district_add(t, k, p);
        }
    qsort(d->districts, d->ndistricts, sizeof(*d->districts), cmp_district);
    ls_diff_district total;
    memset(&total, 0, sizeof(total));
    for (size_t i = 0; i < d->ndistricts; i++)
        for (int k = 0; k < 2; k++) {
            const ls_diff_district *t = &d->districts[i];
            total.parcel_count[k] += t->parcel_count[k];
            total.listed_count[k] += t->listed_count[k];
            total.idle_mu[k] += t->idle_mu[k];
            total.relocatable_mu[k] += t->relocatable_mu[k];
            total.low_efficiency_mu[k] += t->low_efficiency_mu[k];
            total.listed_mu[k] += t->listed_mu[k];
            total.reclaimable_mu[k] += t->reclaimable_mu[k];
        }
    ls_diff_district *t = district_of(d, "合计", &cap);
    if (!t)
        return ls__error_set(ctx, LS_ENOMEM, "out of memory");
    char *name = t->district;
    *t = total;
    t->district = name;
    return LS_OK;
}

int ls_diff_compute(ls_context *ctx, const char *gpkg_a, const char *gpkg_b, ls_diff **out)
{
    int error = LS_OK;
    side a, b;
    memset(&a, 0, sizeof(a));
    memset(&b, 0, sizeof(b));
    ls_diff *d = calloc(1, sizeof(*d));
    if (!d)
        return ls__error_set(ctx, LS_ENOMEM, "out of memory");
    ls__error_clear(ctx);
    GDALAllRegister();
    if ((error = side_load(ctx, gpkg_a, &a)) != LS_OK ||
        (error = side_load(ctx, gpkg_b, &b)) != LS_OK)
        goto cleanup;
    const side *s[2] = {&a, &b};
    for (int k = 0; k < 2; k++) {
        const char *n = ls__report_info(s[k]->data, "name");
        const char *r = ls__report_info(s[k]->data, "reference_date");
        d->name[k] = ls__strdup(n ? n : "");
        d->reference_date[k] = ls__strdup(r ? r : "");
        d->path[k] = ls__strdup(k ? gpkg_b : gpkg_a);
        if (!d->name[k] || !d->reference_date[k] || !d->path[k]) {
            error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
            goto cleanup;
        }
    }
    if (rules_changes(&a, &b, d) != LS_OK || input_changes(&a, &b, d) != LS_OK ||
        correction_changes(&a, &b, d) != LS_OK) {
        error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
        goto cleanup;
    }
    int ref_changed = strcmp(d->reference_date[0], d->reference_date[1]) != 0;
    d->parcels = calloc(a.data->nparcels + b.data->nparcels + 1, sizeof(ls_diff_parcel));
    if (!d->parcels) {
        error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
        goto cleanup;
    }
    /* merge walk over both runs' parcels in id order; a repeated id counts once */
    size_t i = 0, j = 0, na = a.data->nparcels, nb = b.data->nparcels;
    const char *last = NULL;
    while (error == LS_OK && (i < na || j < nb)) {
        const char *ida = i < na ? a.data->parcels[a.order[i]].parcel_id : NULL;
        const char *idb = j < nb ? b.data->parcels[b.order[j]].parcel_id : NULL;
        int c = !ida ? 1 : !idb ? -1 : strcmp(ida ? ida : "", idb ? idb : "");
        const char *id = c <= 0 ? ida : idb;
        int repeat = last && id && strcmp(last, id) == 0;
        if (!repeat)
            error = add_parcel(ctx, d, &a, &b, c <= 0 ? &a.order[i] : NULL,
                               c >= 0 ? &b.order[j] : NULL, ref_changed);
        last = id;
        if (c <= 0)
            i++;
        if (c >= 0)
            j++;
    }
    if (error != LS_OK)
        goto cleanup;
    qsort(d->parcels, d->nparcels, sizeof(*d->parcels), cmp_diff_parcel);
    error = build_districts(ctx, s, d);

cleanup:
    side_free(&a);
    side_free(&b);
    if (error != LS_OK) {
        ls_diff_free(d);
        return error;
    }
    *out = d;
    return LS_OK;
}

static void free_list(char **l, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(l[i]);
    free(l);
}

void ls_diff_free(ls_diff *d)
{
    if (!d)
        return;
    for (int k = 0; k < 2; k++) {
        free(d->name[k]);
        free(d->reference_date[k]);
        free(d->path[k]);
    }
    free_list(d->rules_changes, d->nrules);
    free_list(d->input_changes, d->ninputs);
    free_list(d->correction_changes, d->ncorrections);
    for (size_t i = 0; i < d->nparcels; i++) {
        ls_diff_parcel *p = &d->parcels[i];
        free(p->parcel_id);
        free(p->district);
        free(p->change);
        free(p->what);
        free(p->old_status);
        free(p->new_status);
        free(p->old_action);
        free(p->new_action);
        free(p->old_reasons);
        free(p->new_reasons);
        free(p->cause);
        free(p->cause_detail);
    }
    free(d->parcels);
    for (size_t i = 0; i < d->ndistricts; i++)
        free(d->districts[i].district);
    free(d->districts);
    free(d);
}

/* ---- outputs -------------------------------------------------------------------------- */

static void csv_site(ls__buf *b, int id, int last)
{
    if (id > 0)
        ls__buf_addf(b, "%d", id);
    ls__buf_add(b, last ? "\r\n" : ",");
}

static void diff_csv(const ls_diff *d, ls__buf *b)
{
    ls__buf_add(b, "parcel_id,district,change,what,old_status,new_status,old_action,new_action,"
                   "old_reasons,new_reasons,old_reclaimable_mu,new_reclaimable_mu,old_site_id,"
                   "new_site_id,cause,cause_detail\r\n");
    for (size_t i = 0; i < d->nparcels; i++) {
        const ls_diff_parcel *p = &d->parcels[i];
        ls__csv_text(b, p->parcel_id, 0);
        ls__csv_text(b, p->district, 0);
        ls__csv_text(b, p->change, 0);
        ls__csv_text(b, p->what, 0);
        ls__csv_text(b, p->old_status, 0);
        ls__csv_text(b, p->new_status, 0);
        ls__csv_text(b, p->old_action, 0);
        ls__csv_text(b, p->new_action, 0);
        ls__csv_text(b, p->old_reasons, 0);
        ls__csv_text(b, p->new_reasons, 0);
        ls__csv_num(b, p->old_reclaimable_mu, 2, 0);
        ls__csv_num(b, p->new_reclaimable_mu, 2, 0);
        csv_site(b, p->old_site_id, 0);
        csv_site(b, p->new_site_id, 0);
        ls__csv_text(b, p->cause, 0);
        ls__csv_text(b, p->cause_detail, 1);
    }
}

static void html_cell(ls__buf *b, const char *s)
{
    ls__buf_add(b, "<td>");
    ls__html_esc(b, s ? s : "—");
    ls__buf_add(b, "</td>");
}

static void html_mu(ls__buf *b, double before, double after)
{
    ls__buf_addf(b, "<td class=n>%.2f</td><td class=n>%.2f</td><td class=n>%+.2f</td>", before,
                 after, fabs(after - before) < 0.005 ? 0.0 : after - before);
}

static void html_list(ls__buf *b, const char *title, char **items, size_t n)
{
    ls__buf_add(b, "<h2>");
    ls__html_esc(b, title);
    ls__buf_add(b, "</h2>");
    if (n == 0) {
        ls__buf_add(b, "<p>无 (none)</p>\n");
        return;
    }
    ls__buf_add(b, "<ul>");
    for (size_t i = 0; i < n; i++) {
        ls__buf_add(b, "<li>");
        ls__html_esc(b, items[i]);
        ls__buf_add(b, "</li>");
    }
    ls__buf_add(b, "</ul>\n");
}

static void diff_html(const ls_diff *d, ls__buf *b)
{
    ls__buf_add(b, "<!DOCTYPE html>\n<html lang=zh-CN><head><meta charset=utf-8>"
                   "<title>landscan diff</title><style>"
                   "body{font-family:sans-serif;font-size:12px;margin:16px}"
                   "table{border-collapse:collapse;margin:6px 0 14px}"
                   "td,th{border:1px solid #999;padding:2px 5px;vertical-align:top}"
                   "th{background:#eee}td.n{text-align:right}h1{font-size:18px}h2{font-size:14px}"
                   "@page{size:A4 landscape;margin:12mm}@media print{body{margin:0}}"
                   "</style></head><body>\n<h1>两次评价对比 (landscan diff)</h1>\n<table>");
    static const char *const label[2] = {"A (before)", "B (after)"};
    for (int k = 0; k < 2; k++) {
        ls__buf_addf(b, "<tr><th>%s</th>", label[k]);
        html_cell(b, d->name[k]);
        html_cell(b, d->reference_date[k]);
        html_cell(b, d->path[k]);
        ls__buf_add(b, "</tr>");
    }
    ls__buf_add(b, "</table>\n");
    html_list(b, "规则变化 (rules changed)", d->rules_changes, d->nrules);
    html_list(b, "输入数据变化 (input data changed)", d->input_changes, d->ninputs);
    html_list(b, "更正 (corrections: + new in B, − withdrawn)", d->correction_changes,
              d->ncorrections);
    ls__buf_addf(b,
                 "<h2>地块 (parcels)</h2><p>%zu changed, %zu added, %zu removed, %zu "
                 "unchanged</p>\n",
                 d->nchanged, d->nadded, d->nremoved, d->nunchanged);
    ls__buf_add(b, "<h2>分区县汇总 (per district, mu)</h2><table><tr><th rowspan=2>区县</th>"
                   "<th colspan=3>列入清单 listed</th><th colspan=3>疑似闲置 idle</th>"
                   "<th colspan=3>可腾退 relocatable</th><th colspan=3>低效 low efficiency</th>"
                   "<th colspan=3>可盘活 reclaimable</th></tr><tr>");
    for (int c = 0; c < 5; c++)
        ls__buf_add(b, "<th>A</th><th>B</th><th>Δ</th>");
    ls__buf_add(b, "</tr>\n");
    for (size_t i = 0; i < d->ndistricts; i++) {
        const ls_diff_district *t = &d->districts[i];
        ls__buf_add(b, "<tr>");
        html_cell(b, *t->district ? t->district : "(none)");
        html_mu(b, t->listed_mu[0], t->listed_mu[1]);
        html_mu(b, t->idle_mu[0], t->idle_mu[1]);
        html_mu(b, t->relocatable_mu[0], t->relocatable_mu[1]);
        html_mu(b, t->low_efficiency_mu[0], t->low_efficiency_mu[1]);
        html_mu(b, t->reclaimable_mu[0], t->reclaimable_mu[1]);
        ls__buf_add(b, "</tr>\n");
    }
    ls__buf_add(b, "</table>\n");
    static const char *const kinds[3] = {"changed", "added", "removed"};
    static const char *const titles[3] = {"变化的地块 (changed)", "新增地块 (added)",
                                          "删除地块 (removed)"};
    for (int k = 0; k < 3; k++) {
        ls__buf_add(b, "<h2>");
        ls__html_esc(b, titles[k]);
        ls__buf_add(b, "</h2><table><tr><th>地块</th><th>区县</th><th>变化</th><th>状态</th>"
                       "<th>处置</th><th>原因</th><th>可盘活(亩)</th><th>连片</th>"
                       "<th>缘由 (cause)</th></tr>\n");
        for (size_t i = 0; i < d->nparcels; i++) {
            const ls_diff_parcel *p = &d->parcels[i];
            if (strcmp(p->change, kinds[k]) != 0)
                continue;
            char st[160], ac[160], rm[64], si[64];
            snprintf(st, sizeof(st), "%s → %s", p->old_status ? p->old_status : "—",
                     p->new_status ? p->new_status : "—");
            snprintf(ac, sizeof(ac), "%s → %s", p->old_action ? p->old_action : "—",
                     p->new_action ? p->new_action : "—");
            snprintf(rm, sizeof(rm), "%.2f → %.2f",
                     isnan(p->old_reclaimable_mu) ? 0.0 : p->old_reclaimable_mu,
                     isnan(p->new_reclaimable_mu) ? 0.0 : p->new_reclaimable_mu);
            snprintf(si, sizeof(si), "%d → %d", p->old_site_id, p->new_site_id);
            ls__buf_add(b, "<tr>");
            html_cell(b, p->parcel_id);
            html_cell(b, p->district);
            html_cell(b, p->what);
            html_cell(b, st);
            html_cell(b, ac);
            ls__buf_add(b, "<td>");
            ls__html_esc(b, p->old_reasons ? p->old_reasons : "—");
            ls__buf_add(b, "<br>→ ");
            ls__html_esc(b, p->new_reasons ? p->new_reasons : "—");
            ls__buf_add(b, "</td>");
            html_cell(b, rm);
            html_cell(b, si);
            html_cell(b, *p->cause_detail ? p->cause_detail : "—");
            ls__buf_add(b, "</tr>\n");
        }
        ls__buf_add(b, "</table>\n");
    }
    ls__buf_add(b, "</body></html>\n");
}

int ls_diff_write(ls_context *ctx, const ls_diff *d, const char *dir, int force)
{
    int error = LS_OK;
    static const char *const names[2] = {"diff.csv", "diff.html"};
    ls__stage stage = {NULL, NULL, 0};
    ls__buf b[2] = {{0}, {0}};
    for (int k = 0; k < 2 && error == LS_OK && !force; k++) {
        char *path = ls__path_join(dir, names[k]);
        if (!path)
            error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
        else if (access(path, F_OK) == 0)
            error = ls__error_set(ctx, LS_EEXIST, "%s: exists; use --force to overwrite", path);
        free(path);
    }
    if (error == LS_OK)
        error = ls__stage_begin(ctx, dir, &stage);
    if (error == LS_OK) {
        diff_csv(d, &b[0]);
        diff_html(d, &b[1]);
    }
    for (int k = 0; k < 2 && error == LS_OK; k++) {
        char *tmp = ls__path_join(stage.tmp, names[k]);
        error = tmp ? ls__buf_write_file(ctx, &b[k], tmp, k == 0)
                    : ls__error_set(ctx, LS_ENOMEM, "out of memory");
        free(tmp);
    }
    if (error == LS_OK)
        error = ls__stage_commit(ctx, &stage);
    ls__stage_end(&stage, error != LS_OK);
    for (int k = 0; k < 2; k++)
        ls__buf_free(&b[k]);
    return error;
}
