/*
 * report_model.c — one district's view of a finished run (ls__report_build(), report_model.h).
 *
 * Its parcels are those whose `district` equals the name (all parcels when the run has no
 * districts). Per-town and per-block rows are counted from those parcels with aggregate.c's
 * ls__totals_add_item() (each parcel counted once, FAR = Σ floor area / Σ area over
 * industrial parcels, per-mu figures = Σ figure / Σ mu over industrial parcels carrying the
 * figure); parcels without a town / block form an unassigned row, so rows always add up to
 * the district total. Enterprises belong to the district when one of their parcels does;
 * data-quality rows when their feature is one of its parcels or enterprises, or when they
 * concern the whole run (feature "(all)" or another layer). With a ledger, the district's
 * resolved rows are chosen as report_model.h says and counted into the rows' resolved mu.
 *
 * A mismatch between these totals and the districts layer's stored ones is a warning
 * notice (it means the GeoPackage was edited by hand); nothing here reads files or prints.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "aggregate.h"
#include "report_model.h"

/* What a parcel read back contributes to the totals: aggregate.c's definitions. */
static void totals_add(ls__totals *t, const ls__rparcel *p)
{
    ls__totals_item it = {.status = p->status,
                          .action = p->action,
                          .industrial = p->industrial,
                          .newly_listed = p->change && strcmp(p->change, "new") == 0,
                          .area_m2 = p->area_m2,
                          .area_mu = p->area_mu,
                          .inside_control_m2 = p->inside_control_m2,
                          .floor_area_m2 = p->floor_area_m2,
                          .reclaimable_mu = p->reclaimable_mu,
                          .far_uplift_m2 = p->far_uplift_m2,
                          .masked_m2 = p->masked_m2,
                          .tax_10k = p->tax_10k,
                          .value_added_10k = p->value_added_10k};
    ls__totals_add_item(t, &it);
}

const char *ls__report_info(const ls__rdata *data, const char *key)
{
    return ls__kv_get(&data->info, key);
}

const char *ls__report_res_block(const ls__rres *r)
{
    return r->parcel ? r->parcel->block_id : r->block_id;
}

const char *ls__report_res_town(const ls__rres *r)
{
    return r->parcel ? r->parcel->town : r->town;
}

static const char *res_district(const ls__rres *r)
{
    return r->parcel ? r->parcel->district : r->district;
}

const char *ls__report_block_name(const ls__rdata *d, const char *block_id)
{
    for (size_t i = 0; block_id && i < d->nblocks; i++)
        if (d->blocks[i].name && strcmp(d->blocks[i].name, block_id) == 0)
            return d->blocks[i].label ? d->blocks[i].label : "";
    return "";
}

static int cmp_str_null(const char *a, const char *b)
{
    if (!a || !b)
        return a ? -1 : b ? 1 : 0; /* NULL sorts last */
    return strcmp(a, b);
}

static int cmp_parcel(const void *a, const void *b)
{
    const ls__rparcel *p = *(const ls__rparcel *const *)a;
    const ls__rparcel *q = *(const ls__rparcel *const *)b;
    int c = cmp_str_null(p->block_id, q->block_id);
    return c ? c : strcmp(p->parcel_id, q->parcel_id);
}

static int cmp_cstrp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int cmp_group(const void *a, const void *b)
{
    const ls__rgroup *g = a, *h = b;
    if (g->unassigned != h->unassigned)
        return g->unassigned - h->unassigned;
    return strcmp(g->key, h->key);
}

/* The group of key (NULL: the unassigned one) among g[0..*n), added when missing. */
/* Groups are found through a small open-addressing hash on the key (a province has
 * thousands of blocks: a linear search per parcel would be quadratic). */
typedef struct group_index {
    size_t *slot; /* group index + 1, 0 = empty */
    size_t mask;
    long unassigned; /* the group of parcels without a key, -1 none */
} group_index;

static size_t hash_key(const char *s)
{
    size_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static ls__rgroup *group_of(ls__rgroup *g, size_t *n, group_index *ix, const char *key,
                            int by_block, const char *label)
{
    size_t h = 0;
    if (!key) {
        if (ix->unassigned >= 0)
            return &g[ix->unassigned];
    } else {
        for (h = hash_key(key) & ix->mask; ix->slot[h]; h = (h + 1) & ix->mask)
            if (strcmp(g[ix->slot[h] - 1].key, key) == 0)
                return &g[ix->slot[h] - 1];
    }
    size_t k = (*n)++;
    if (key)
        ix->slot[h] = k + 1;
    else
        ix->unassigned = (long)k;
    g[k].unassigned = key == NULL;
    g[k].key = key ? key : by_block ? "(未划入区块)" : "(未划入镇街)";
    g[k].label = label ? label : "";
    return &g[k];
}

/* Group the report's parcels (and, with a ledger, its resolved rows) by town (by_block 0)
 * or block (1). */
static int build_groups(const ls__report *rep, int by_block, ls__rgroup **out, size_t *nout)
{
    size_t cap = rep->nparcels + rep->nresolved + 1;
    ls__rgroup *g = calloc(cap, sizeof(*g));
    group_index ix = {NULL, 0, -1};
    size_t slots = 16;
    while (slots < 2 * cap)
        slots *= 2;
    ix.mask = slots - 1;
    ix.slot = calloc(slots, sizeof(*ix.slot));
    if (!g || !ix.slot) {
        free(g);
        free(ix.slot);
        return LS_ENOMEM;
    }
    size_t n = 0;
    for (size_t i = 0; i < rep->nparcels; i++) {
        const ls__rparcel *p = rep->parcels[i];
        const char *key = by_block ? p->block_id : p->town;
        totals_add(&group_of(g, &n, &ix, key, by_block, by_block ? p->block_name : p->district)->t,
                   p);
    }
    for (size_t i = 0; i < rep->nresolved; i++) {
        const ls__rres *r = rep->resolved[i];
        const char *key = by_block ? ls__report_res_block(r) : ls__report_res_town(r);
        const char *label = by_block ? ls__report_block_name(rep->data, key) : res_district(r);
        group_of(g, &n, &ix, key, by_block, label)->t.resolved_mu += r->old_area_mu;
    }
    free(ix.slot);
    for (size_t k = 0; k < n; k++)
        ls__totals_finish(&g[k].t);
    qsort(g, n, sizeof(*g), cmp_group);
    *out = g;
    *nout = n;
    return LS_OK;
}

/* 1 when id is in the ";"-separated list (exact match of one item). */
static int list_has(const char *list, const char *const *sorted_ids, size_t nids)
{
    const char *s = list;
    char item[512];
    while (s && *s) {
        const char *end = strchr(s, ';');
        size_t len = end ? (size_t)(end - s) : strlen(s);
        if (len < sizeof(item)) {
            memcpy(item, s, len);
            item[len] = '\0';
            const char *key = item;
            if (bsearch(&key, sorted_ids, nids, sizeof(char *), cmp_cstrp))
                return 1;
        }
        s += len + (end ? 1 : 0);
    }
    return 0;
}

void ls__report_clear(ls__report *rep)
{
    if (!rep)
        return;
    free(rep->parcels);
    free(rep->sites);
    free(rep->ents);
    free(rep->dq);
    free(rep->towns);
    free(rep->blocks);
    free(rep->resolved);
    free(rep->resolved_unplaced);
    free(rep->targets);
    free(rep->restricted);
    free(rep->flagged);
    free(rep->unsupplied);
    memset(rep, 0, sizeof(*rep));
}

int ls__report_build(ls_context *ctx, const ls__rdata *d, const char *district, ls__report *rep)
{
    int error = LS_OK;
    const char **pids = NULL, **eids = NULL;
    memset(rep, 0, sizeof(*rep));
    rep->data = d;
    rep->district = district;
    rep->run_name = ls__report_info(d, "name");
    rep->reference_date = ls__report_info(d, "reference_date");
    rep->version = ls__report_info(d, "version");
    rep->rules = ls__report_info(d, "rules");
    rep->rules_chain = ls__report_info(d, "rules_chain");
    rep->crs = ls__report_info(d, "crs");
    rep->title = district ? district : rep->run_name ? rep->run_name : "landscan";
    rep->has_towns = d->ntowns > 0;
    for (size_t i = 0; district && i < d->ndistricts; i++)
        if (strcmp(d->districts[i].name, district) == 0)
            rep->outline = &d->districts[i];

    rep->parcels = calloc(d->nparcels + 1, sizeof(*rep->parcels));
    rep->sites = calloc(d->nsites + 1, sizeof(*rep->sites));
    rep->ents = calloc(d->nents + 1, sizeof(*rep->ents));
    rep->dq = calloc(d->ndq + 1, sizeof(*rep->dq));
    rep->resolved = calloc(d->nresolved + 1, sizeof(*rep->resolved));
    rep->resolved_unplaced = calloc(d->nresolved + 1, sizeof(*rep->resolved_unplaced));
    pids = calloc(d->nparcels + 1, sizeof(char *));
    eids = calloc(d->nents + 1, sizeof(char *));
    if (!rep->parcels || !rep->sites || !rep->ents || !rep->dq || !rep->resolved ||
        !rep->resolved_unplaced || !pids || !eids) {
        error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
        goto cleanup;
    }
    for (size_t i = 0; i < d->nparcels; i++) {
        const ls__rparcel *p = &d->parcels[i];
        if (district && (!p->district || strcmp(p->district, district) != 0))
            continue;
        pids[rep->nparcels] = p->parcel_id;
        rep->parcels[rep->nparcels++] = p;
        totals_add(&rep->total, p);
    }
    /* resolved rows: still existing parcels first, then removed ones (each by parcel id) */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < d->nresolved; i++) {
            const ls__rres *r = &d->resolved[i];
            if (r->removed != pass)
                continue;
            const char *where = res_district(r);
            if (!district || (where && strcmp(where, district) == 0)) {
                rep->resolved[rep->nresolved++] = r;
                rep->total.resolved_mu += r->old_area_mu;
            } else if (!where) {
                /* not attributed: a GeoPackage without resolved.district of a run with one
                 * district can only mean that district; otherwise it counts nowhere */
                if (r->removed && !d->resolved_has_place && d->ndistricts <= 1) {
                    rep->resolved[rep->nresolved++] = r;
                    rep->total.resolved_mu += r->old_area_mu;
                } else {
                    rep->resolved_unplaced[rep->nresolved_unplaced++] = r;
                }
            }
        }
    }
    ls__totals_finish(&rep->total);
    qsort(rep->parcels, rep->nparcels, sizeof(*rep->parcels), cmp_parcel);
    qsort(pids, rep->nparcels, sizeof(char *), cmp_cstrp);
    for (size_t i = 0; i < d->nsites; i++)
        if (!district || (d->sites[i].district && strcmp(d->sites[i].district, district) == 0))
            rep->sites[rep->nsites++] = &d->sites[i];
    size_t neids = 0;
    for (size_t i = 0; i < d->nents; i++) {
        const ls__rent *e = &d->ents[i];
        if (!district || list_has(e->parcel_ids, pids, rep->nparcels)) {
            rep->ents[rep->nents++] = e;
            if (e->enterprise_id)
                eids[neids++] = e->enterprise_id;
        }
    }
    qsort(eids, neids, sizeof(char *), cmp_cstrp);
    for (size_t i = 0; i < d->ndq; i++) {
        const ls__rdq *q = &d->dq[i];
        int keep = !district;
        if (!keep) {
            const char *layer = q->layer ? q->layer : "";
            const char *feat = q->feature ? q->feature : "";
            if (strcmp(layer, "parcels") == 0)
                keep = strcmp(feat, "(all)") == 0 || list_has(feat, pids, rep->nparcels);
            else if (strcmp(layer, "enterprises") == 0)
                keep = strcmp(feat, "(all)") == 0 || list_has(feat, eids, neids);
            else
                keep = 1; /* other layers concern the whole run */
        }
        if (keep)
            rep->dq[rep->ndq++] = q;
    }
    if (build_groups(rep, 0, &rep->towns, &rep->ntowns) != LS_OK ||
        build_groups(rep, 1, &rep->blocks, &rep->nblocks) != LS_OK ||
        ls__report_build_campaign(d, rep) != LS_OK) {
        error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
        goto cleanup;
    }
    if (ls__report_build_flags(rep) != LS_OK) {
        error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
        goto cleanup;
    }
    if (rep->outline && !isnan(rep->outline->stored_industrial_mu) &&
        (fabs(rep->outline->stored_industrial_mu - rep->total.industrial_mu) > 0.01 ||
         fabs(rep->outline->stored_reclaimable_mu - rep->total.reclaimable_mu) > 0.01))
        ls__notice(ctx, LS_NOTICE_WARNING,
                   "report %s: the districts layer says %.2f industrial mu / %.2f reclaimable "
                   "mu, its parcels add up to %.2f / %.2f (the report uses the parcels)",
                   district, rep->outline->stored_industrial_mu,
                   rep->outline->stored_reclaimable_mu, rep->total.industrial_mu,
                   rep->total.reclaimable_mu);
    if (rep->outline && !isnan(rep->outline->stored_new_listed_mu) &&
        (fabs(rep->outline->stored_new_listed_mu - rep->total.new_listed_mu) > 0.01 ||
         fabs(rep->outline->stored_resolved_mu - rep->total.resolved_mu) > 0.01))
        ls__notice(ctx, LS_NOTICE_WARNING,
                   "report %s: the districts layer says %.2f newly listed mu / %.2f resolved "
                   "mu, its parcels and resolved rows add up to %.2f / %.2f (the report uses "
                   "the rows)",
                   district, rep->outline->stored_new_listed_mu, rep->outline->stored_resolved_mu,
                   rep->total.new_listed_mu, rep->total.resolved_mu);
cleanup:
    free(pids);
    free(eids);
    if (error != LS_OK)
        ls__report_clear(rep);
    return error;
}
