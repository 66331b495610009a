/*
 * measure.c — building floor areas, the enterprise ↔ parcel join and the per-parcel
 * measures (domain.md §1).
 *
 * Floor area: a building's `floor_area_m2` when given is taken as is; otherwise
 * area(b) × floors, floors doubled when height_m / floors > tall_storey_m (strictly).
 * A building with neither floor area nor floors has an unknown floor area (NAN, recorded in
 * data_quality): the parcels it stands on get floor_area_m2 / far NULL; their lower bounds
 * (floor_lower_m2 / far_lower) count it as one storey, for LE_FAR only (domain.md §1).
 *
 * Enterprise join (join.c), per enterprise record, first that applies:
 *  1. the record's parcel_id names a parcel → that parcel (the record's figures are that
 *     parcel's: per-parcel records are never split);
 *  2. the parcels' own enterprise_id field names the enterprise → all those parcels, the
 *     figures split by parcel area;
 *  3. its point lies in a parcel (smallest parcel id if on a shared boundary);
 *  4. otherwise it is on no parcel: a data_quality row.
 * Per parcel, sums over every enterprise on it (owner and tenants). A sum is NAN (NULL)
 * when no enterprise on the parcel carries that figure; per-mu figures follow.
 *
 * Records with the same enterprise id become one enterprise (figures summed). What a record
 * states for the one parcel it names — status, halted_since, arrears, mortgaged — belongs to
 * that parcel only (p->facts, parallel to p->ents; domain.md §1): a firm halted on P01 and
 * producing on P02 is halted on P01 only. On parcels no record names, and for the
 * enterprise itself, the facts are folded over its records. Nothing depends on the order of
 * records: they are sorted by (enterprise id, parcel id) first, and every fold is
 * commutative (status: equal → kept, one empty → the other, else partial; halted since the
 * earliest date; arrears the largest; mortgaged / veto any; name and scale: the smallest
 * non-empty text, 规上 (`above`) over `below`; given class: the worst; role owner over tenant).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "join.h"
#include "measure.h"

int ls__measure_buildings(ls_context *ctx, ls__dataset *ds, const ls_rules *rules)
{
    for (size_t i = 0; i < ds->nbuildings; i++) {
        ls__building *b = &ds->buildings[i];
        char label[32];
        snprintf(label, sizeof(label), "fid %ld", b->fid);
        if (!isnan(b->given_floor_m2)) {
            b->floor_area_m2 = b->given_floor_m2;
            continue;
        }
        double floors = b->floors;
        if (isnan(floors)) {
            b->floor_area_m2 = NAN;
            if (ls__dq_add(&ds->dq, "buildings", label,
                           "floor area unknown (neither floors nor floor area given)",
                           "parcel floor_area_m2, far and far_uplift_m2 left NULL") != LS_OK)
                return ls__error_set(ctx, LS_ENOMEM, "out of memory");
            continue;
        }
        double eff = floors;
        if (floors > 0 && !isnan(b->height_m) && !isnan(rules->tall_storey_m) &&
            b->height_m / floors > rules->tall_storey_m)
            eff = floors * 2.0;
        b->floor_area_m2 = b->area_m2 * eff;
    }
    return LS_OK;
}

static void sum_nan(double *sum, double v)
{
    if (isnan(v))
        return;
    *sum = isnan(*sum) ? v : *sum + v;
}

static void take_str(char **dst, char **src)
{
    if (!*dst && *src) {
        *dst = *src;
        *src = NULL;
    }
}

/* Keep the text that sorts first (want_max = 0) or last (1) among the non-empty ones. */
static void pick_str(char **dst, char **src, int want_max)
{
    if (!*src || !**src)
        return;
    int c = *dst && **dst ? strcmp(*src, *dst) : (want_max ? 1 : -1);
    if (want_max ? c > 0 : c < 0) {
        free(*dst);
        *dst = *src;
        *src = NULL;
    }
}

/* Commutative status fold: equal → kept, one empty → the other, different → partial. */
static int fold_status(char **dst, char **src)
{
    if (!*src || !**src)
        return LS_OK;
    if (!*dst || !**dst) {
        free(*dst);
        *dst = *src;
        *src = NULL;
        return LS_OK;
    }
    if (strcmp(*dst, *src) == 0)
        return LS_OK;
    char *partial = ls__strdup("partial");
    if (!partial)
        return LS_ENOMEM;
    free(*dst);
    *dst = partial;
    return LS_OK;
}

static void fold_dates_flags(int *halted_since, double *arrears, int *mortgaged, int b_halted,
                             double b_arrears, int b_mortgaged)
{
    if (b_halted != LS_NO_DATE && (*halted_since == LS_NO_DATE || b_halted < *halted_since))
        *halted_since = b_halted;
    if (!isnan(b_arrears) && (isnan(*arrears) || b_arrears > *arrears))
        *arrears = b_arrears;
    if (b_mortgaged > *mortgaged)
        *mortgaged = b_mortgaged;
}

/* Fold record b into a (same enterprise id): figures summed, parcels united, attributes
 * folded commutatively (see the file comment). */
static int fold(ls__enterprise *a, ls__enterprise *b)
{
    sum_nan(&a->tax_10k, b->tax_10k);
    sum_nan(&a->value_added_10k, b->value_added_10k);
    sum_nan(&a->revenue_10k, b->revenue_10k);
    sum_nan(&a->energy_tce, b->energy_tce);
    sum_nan(&a->employees, b->employees);
    sum_nan(&a->rd_10k, b->rd_10k);
    sum_nan(&a->electricity_10k_kwh, b->electricity_10k_kwh);
    pick_str(&a->name, &b->name, 0);
    if (b->scale && strcmp(b->scale, "above") == 0 && (!a->scale || strcmp(a->scale, "above"))) {
        free(a->scale);
        a->scale = b->scale;
        b->scale = NULL;
    }
    pick_str(&a->scale, &b->scale, 0);
    if (fold_status(&a->status, &b->status) != LS_OK)
        return LS_ENOMEM;
    pick_str(&a->eval_class, &b->eval_class, 1); /* the worst given class */
    if (b->role && strcmp(b->role, "owner") == 0 && (!a->role || strcmp(a->role, "owner") != 0)) {
        free(a->role);
        a->role = b->role;
        b->role = NULL;
    }
    take_str(&a->role, &b->role);
    fold_dates_flags(&a->halted_since, &a->land_tax_arrears_years, &a->mortgaged, b->halted_since,
                     b->land_tax_arrears_years, b->mortgaged);
    if (b->founded != LS_NO_DATE && (a->founded == LS_NO_DATE || b->founded < a->founded))
        a->founded = b->founded;
    if (b->land_tax_arrears_since != LS_NO_DATE &&
        (a->land_tax_arrears_since == LS_NO_DATE ||
         b->land_tax_arrears_since < a->land_tax_arrears_since))
        a->land_tax_arrears_since = b->land_tax_arrears_since;
    if (b->veto > a->veto)
        a->veto = b->veto;
    for (size_t k = 0; k < b->nparcels; k++) {
        int seen = 0;
        for (size_t j = 0; j < a->nparcels && !seen; j++)
            seen = a->parcels[j] == b->parcels[k];
        if (!seen && ls__index_append(&a->parcels, &a->nparcels, b->parcels[k]) != LS_OK)
            return LS_ENOMEM;
    }
    return LS_OK;
}

static int cmp_record(const void *x, const void *y)
{
    const ls__enterprise *a = *(ls__enterprise *const *)x, *b = *(ls__enterprise *const *)y;
    int c = strcmp(a->enterprise_id, b->enterprise_id);
    return c ? c : (a->row < b->row ? -1 : a->row > b->row);
}

/* Records in (enterprise id, parcel id, source row) order, so that nothing downstream depends
 * on the order of the input rows. */
static int cmp_record_key(const void *x, const void *y)
{
    const ls__enterprise *a = x, *b = y;
    int c = strcmp(a->enterprise_id, b->enterprise_id);
    if (c)
        return c;
    c = strcmp(a->parcel_id ? a->parcel_id : "", b->parcel_id ? b->parcel_id : "");
    return c ? c : (a->row < b->row ? -1 : a->row > b->row);
}

/* A record that names one parcel: its facts belong to that parcel. */
typedef struct record_facts {
    char *id_copy;
    size_t parcel;
    ls__ent_facts f;
} record_facts;

static void facts_fold(ls__ent_facts *a, ls__ent_facts *b, int *error)
{
    if (fold_status(&a->status, &b->status) != LS_OK)
        *error = LS_ENOMEM;
    fold_dates_flags(&a->halted_since, &a->land_tax_arrears_years, &a->mortgaged, b->halted_since,
                     b->land_tax_arrears_years, b->mortgaged);
    if (b->land_tax_arrears_since != LS_NO_DATE &&
        (a->land_tax_arrears_since == LS_NO_DATE ||
         b->land_tax_arrears_since < a->land_tax_arrears_since))
        a->land_tax_arrears_since = b->land_tax_arrears_since;
}

static int facts_of(const ls__enterprise *e, ls__ent_facts *out)
{
    *out = (ls__ent_facts){NULL, e->halted_since, e->land_tax_arrears_years,
                           e->land_tax_arrears_since, e->mortgaged};
    if (e->status && !(out->status = ls__strdup(e->status)))
        return LS_ENOMEM;
    return LS_OK;
}

/* Records that name their parcel by parcel_id (join rule 1), with their own facts. */
static int collect_record_facts(const ls__dataset *ds, record_facts **out, size_t *nout)
{
    record_facts *rf = ds->nenterprises ? calloc(ds->nenterprises, sizeof(*rf)) : NULL;
    size_t n = 0;
    if (ds->nenterprises && !rf)
        return LS_ENOMEM;
    for (size_t e = 0; e < ds->nenterprises; e++) {
        const ls__enterprise *en = &ds->enterprises[e];
        if (!en->parcel_id || en->nparcels != 1 ||
            strcmp(ds->parcels[en->parcels[0]].parcel_id, en->parcel_id) != 0)
            continue;
        rf[n].parcel = en->parcels[0];
        if (!(rf[n].id_copy = ls__strdup(en->enterprise_id)) || facts_of(en, &rf[n].f) != LS_OK) {
            free(rf[n].id_copy);
            for (size_t k = 0; k < n; k++) {
                free(rf[k].id_copy);
                free(rf[k].f.status);
            }
            free(rf);
            return LS_ENOMEM;
        }
        n++;
    }
    *out = rf;
    *nout = n;
    return LS_OK;
}

/* p->facts for every parcel: the enterprise's folded facts, replaced by what its own records
 * state for that parcel. Enterprises are sorted by id (merge_records keeps record order). */
static int assign_facts(ls__dataset *ds, record_facts *rf, size_t nrf)
{
    int error = LS_OK;
    for (size_t i = 0; i < ds->nparcels && !error; i++) {
        ls__parcel *p = &ds->parcels[i];
        ls__parcel_facts_free(p);
        if (!p->nent)
            continue;
        if (!(p->facts = calloc(p->nent, sizeof(*p->facts))))
            return LS_ENOMEM;
        for (size_t k = 0; k < p->nent && !error; k++)
            error = facts_of(&ds->enterprises[p->ents[k]], &p->facts[k]);
    }
    /* override with the records' own facts (several records of one firm on one parcel fold) */
    for (size_t r = 0; r < nrf && !error; r++) {
        ls__parcel *p = &ds->parcels[rf[r].parcel];
        size_t lo = 0, hi = ds->nenterprises;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (strcmp(ds->enterprises[mid].enterprise_id, rf[r].id_copy) < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (size_t k = 0; k < p->nent; k++) {
            if (p->ents[k] != lo)
                continue;
            int first = r == 0 || rf[r - 1].parcel != rf[r].parcel ||
                        strcmp(rf[r - 1].id_copy, rf[r].id_copy) != 0;
            if (first) {
                free(p->facts[k].status);
                p->facts[k] = rf[r].f;
                rf[r].f.status = NULL;
            } else {
                facts_fold(&p->facts[k], &rf[r].f, &error);
            }
        }
    }
    return error;
}

/* Records with the same enterprise id (one per parcel, as planners often deliver them)
 * become one enterprise, kept in the order of its first record. */
static int merge_records(ls_context *ctx, ls__dataset *ds)
{
    size_t n = ds->nenterprises;
    ls__enterprise **order = malloc(n * sizeof(*order));
    unsigned char *head = calloc(n, 1);
    int error = LS_OK;
    if (!order || !head) {
        error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
        goto cleanup;
    }
    for (size_t i = 0; i < n; i++)
        order[i] = &ds->enterprises[i];
    qsort(order, n, sizeof(*order), cmp_record);
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && strcmp(order[j]->enterprise_id, order[i]->enterprise_id) == 0) {
            if (fold(order[i], order[j]) != LS_OK) {
                error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
                goto cleanup;
            }
            ls__enterprise_free(order[j]);
            memset(order[j], 0, sizeof(*order[j]));
            j++;
        }
        head[order[i] - ds->enterprises] = 1;
        i = j;
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (head[i])
            ds->enterprises[k++] = ds->enterprises[i];
    ds->nenterprises = k;
cleanup:
    free(order);
    free(head);
    return error;
}

static void add_share(double *sum, double value, double share)
{
    if (isnan(value))
        return;
    if (isnan(*sum))
        *sum = 0.0;
    *sum += value * share;
}

int ls__measure_parcels(ls_context *ctx, ls__dataset *ds)
{
    int error = LS_OK;
    ls__join *join = NULL;
    record_facts *rfacts = NULL;
    size_t nrfacts = 0;

    for (size_t i = 0; i < ds->nparcels; i++) {
        ls__parcel *p = &ds->parcels[i];
        p->far = isnan(p->floor_area_m2) ? NAN
                 : p->area_m2 > 0        ? p->floor_area_m2 / p->area_m2
                                         : 0.0;
        p->far_lower = p->area_m2 > 0 ? p->floor_lower_m2 / p->area_m2 : 0.0;
        p->coverage = p->area_m2 > 0 ? p->footprint_m2 / p->area_m2 : 0.0;
        p->tax_10k = p->value_added_10k = p->revenue_10k = p->energy_tce = NAN;
        p->tax_per_mu = p->value_added_per_mu = p->energy_per_va = NAN;
        p->eval_score = NAN;
    }
    if (ds->nenterprises == 0)
        return LS_OK;
    qsort(ds->enterprises, ds->nenterprises, sizeof(*ds->enterprises), cmp_record_key);

    if ((error = ls__join_new(ctx, ds, &join)) != LS_OK)
        goto cleanup;
    for (size_t e = 0; e < ds->nenterprises && error == LS_OK; e++) {
        ls__enterprise *en = &ds->enterprises[e];
        ls__join_how how;
        if ((error = ls__join_record(join, en, &en->parcels, &en->nparcels, &how)) != LS_OK)
            break;
        if (en->parcel_id && how != LS_JOIN_PARCEL_ID) {
            char *msg = ls__sprintf("parcel id %s not found among parcels", en->parcel_id);
            if (!msg || ls__dq_add(&ds->dq, "enterprises", en->enterprise_id, msg,
                                   en->has_point ? "joined by location instead"
                                                 : "enterprise on no parcel") != LS_OK)
                error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
            free(msg);
        }
        if (error != LS_OK || how != LS_JOIN_NONE)
            continue;
        if (en->has_point) {
            if (ls__dq_add(&ds->dq, "enterprises", en->enterprise_id, "point lies on no parcel",
                           "enterprise on no parcel") != LS_OK)
                error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
        } else if (!en->parcel_id) {
            if (ls__dq_add(&ds->dq, "enterprises", en->enterprise_id,
                           "no parcel id and no location", "enterprise on no parcel") != LS_OK)
                error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
        }
    }
    if (error != LS_OK)
        goto cleanup;

    /* sums per parcel, record by record */
    for (size_t e = 0; e < ds->nenterprises; e++) {
        ls__enterprise *en = &ds->enterprises[e];
        double total = 0.0;
        for (size_t k = 0; k < en->nparcels; k++)
            total += ds->parcels[en->parcels[k]].area_m2;
        for (size_t k = 0; k < en->nparcels; k++) {
            ls__parcel *p = &ds->parcels[en->parcels[k]];
            double share =
                en->nparcels == 1 || !(total > 0) ? 1.0 / (double)en->nparcels : p->area_m2 / total;
            add_share(&p->tax_10k, en->tax_10k, share);
            add_share(&p->value_added_10k, en->value_added_10k, share);
            add_share(&p->revenue_10k, en->revenue_10k, share);
            add_share(&p->energy_tce, en->energy_tce, share);
        }
    }
    /* what each record says about the parcel it names, then one enterprise per id from here
     * on (per-parcel records merged), then its land and its facts per parcel */
    if (collect_record_facts(ds, &rfacts, &nrfacts) != LS_OK) {
        error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
        goto cleanup;
    }
    if ((error = merge_records(ctx, ds)) != LS_OK)
        goto cleanup;
    for (size_t e = 0; e < ds->nenterprises; e++) {
        ls__enterprise *en = &ds->enterprises[e];
        double total = 0.0;
        for (size_t k = 0; k < en->nparcels; k++) {
            ls__parcel *p = &ds->parcels[en->parcels[k]];
            total += p->area_m2;
            if (ls__index_append(&p->ents, &p->nent, e) != LS_OK) {
                error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
                goto cleanup;
            }
        }
        en->land_mu = LS_M2_TO_MU(total);
    }
    if (assign_facts(ds, rfacts, nrfacts) != LS_OK) {
        error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
        goto cleanup;
    }
    for (size_t i = 0; i < ds->nparcels; i++) {
        ls__parcel *p = &ds->parcels[i];
        if (p->area_mu > 0) {
            if (!isnan(p->tax_10k))
                p->tax_per_mu = p->tax_10k / p->area_mu;
            if (!isnan(p->value_added_10k))
                p->value_added_per_mu = p->value_added_10k / p->area_mu;
        }
        if (!isnan(p->energy_tce) && !isnan(p->value_added_10k) && p->value_added_10k > 0)
            p->energy_per_va = p->energy_tce / p->value_added_10k;
    }
cleanup:
    for (size_t r = 0; r < nrfacts; r++) {
        free(rfacts[r].id_copy);
        free(rfacts[r].f.status);
    }
    free(rfacts);
    ls__join_free(join);
    return error;
}
