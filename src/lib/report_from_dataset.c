/*
 * report_from_dataset.c — ls__report_from_dataset(): the report model of a run built from its
 * in-memory dataset, so that `landscan run` writes its reports without reading its GeoPackage
 * back (report_read.c stays for `landscan report` on an existing GeoPackage).
 *
 * Equivalence. Each field is what write_gpkg.c stores and report_read.c reads back: the same
 * NULL / "" / 0 choices (reasons and flags "" when none, enterprise_ids NULL when none,
 * site_id 0 when none, area sums 0 when NULL, a ledger's change by name), the same names
 * (a town's `district` is its area's name, a block's label its name), NaN as NULL, and -0
 * as 0 (SQLite stores an integral REAL as an integer). tests/test_report_memory.c runs the
 * e2e run files both ways and compares the report files byte for byte (xlsx part by part).
 *
 * Borrowing. The items point at the dataset's strings and GEOS geometries; only what the
 * GeoPackage composes (the parcel id lists of sites and enterprises, a parcel's distinct
 * enterprise ids, ISO approval dates) is composed into the model's string store
 * (report_data.c). The bounding boxes and the areas' label points are computed here with the
 * model's own GEOS handle: nothing here uses ds->geos, so this runs on the report thread
 * while the main thread writes the GeoPackage with it.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geos_bridge.h"
#include "report_from_dataset.h"
#include "targets.h"
#include "write_gpkg.h"

/* A REAL as read back: NaN stays NaN (NULL), -0 becomes 0. */
static double num(double v)
{
    return v == 0 ? 0.0 : v;
}

/* A REAL the reader turns to 0 when NULL. */
static double num0(double v)
{
    return isnan(v) ? 0.0 : num(v);
}

/* Bounding box (and label point, for areas) of a borrowed geometry: the rings as the
 * GeoPackage would hold them. */
static int geom_borrow(ls__rdata *d, ls__rrings *rr, const GEOSGeometry *g, int with_label,
                       ls__rgeom *out)
{
    memset(out, 0, sizeof(*out));
    out->minx = out->miny = HUGE_VAL;
    out->maxx = out->maxy = -HUGE_VAL;
    if (!g)
        return LS_OK;
    out->src = g;
    if (ls__rgeom_rings(rr, out) != LS_OK)
        return LS_ENOMEM;
    out->nrings = rr->nrings;
    size_t npts = 0;
    for (size_t r = 0; r < rr->nrings; r++)
        npts += rr->ring_len[r];
    out->npts = npts;
    ls__rgeom_extend(out, rr->xy, npts);
    if (!with_label || npts == 0)
        return LS_OK;
    /* on a copy through WKB (as OGR computes it on what it read): GEOS may cache an
     * envelope inside the geometry it works on, and the main thread reads ds's meanwhile */
    GEOSGeometry *copy = NULL, *pos = NULL;
    GEOSWKBWriter *w = GEOSWKBWriter_create_r(d->geos);
    GEOSWKBReader *rd = GEOSWKBReader_create_r(d->geos);
    size_t len = 0;
    unsigned char *wkb = w && rd ? GEOSWKBWriter_write_r(d->geos, w, g, &len) : NULL;
    if (wkb)
        copy = GEOSWKBReader_read_r(d->geos, rd, wkb, len);
    if (copy)
        pos = GEOSPointOnSurface_r(d->geos, copy);
    double x, y;
    if (pos && GEOSisEmpty_r(d->geos, pos) == 0 && GEOSGeomGetX_r(d->geos, pos, &x) == 1 &&
        GEOSGeomGetY_r(d->geos, pos, &y) == 1) {
        out->label_x = x;
        out->label_y = y;
    } else {
        out->label_x = (out->minx + out->maxx) / 2;
        out->label_y = (out->miny + out->maxy) / 2;
    }
    if (pos)
        GEOSGeom_destroy_r(d->geos, pos);
    if (copy)
        GEOSGeom_destroy_r(d->geos, copy);
    if (wkb)
        GEOSFree_r(d->geos, wkb);
    if (w)
        GEOSWKBWriter_destroy_r(d->geos, w);
    if (rd)
        GEOSWKBReader_destroy_r(d->geos, rd);
    return LS_OK;
}

/* "a;b;c" of the parcels' ids, into the store (NULL when none or out of memory: *oom). */
static const char *id_list(ls__rdata *d, const ls__dataset *ds, const size_t *ix, size_t n,
                           ls__buf *b, int *oom)
{
    if (n == 0)
        return NULL;
    if (n == 1 && ds->parcels[ix[0]].parcel_id)
        return ds->parcels[ix[0]].parcel_id;
    b->len = 0;
    for (size_t k = 0; k < n; k++) {
        const char *id = ds->parcels[ix[k]].parcel_id;
        if (k)
            ls__buf_addn(b, ";", 1);
        ls__buf_add(b, id ? id : "(null)");
    }
    const char *s = b->failed ? NULL : ls__rstr(d, b->data ? b->data : "", b->len);
    if (!s)
        *oom = 1;
    return s;
}

/* The parcel's distinct enterprise ids (write_gpkg.c's ls__parcel_enterprise_ids). */
static const char *ent_ids(ls__rdata *d, const ls__dataset *ds, const ls__parcel *p, int *count,
                           int *oom)
{
    *count = 0;
    if (p->nent == 0)
        return NULL;
    if (p->nent == 1) {
        *count = 1;
        const char *id = ds->enterprises[p->ents[0]].enterprise_id;
        return id && *id ? id : NULL;
    }
    char *ids = ls__parcel_enterprise_ids(ds, p, count);
    const char *s = ids && *ids ? ls__rstr(d, ids, (size_t)-1) : NULL;
    if (!ids || (*ids && !s))
        *oom = 1;
    free(ids);
    return s;
}

static const char *fid_id(ls__rdata *d, size_t i)
{
    char id[32];
    snprintf(id, sizeof(id), "#%zu", i + 1); /* the GeoPackage's fid */
    return ls__rstr(d, id, (size_t)-1);
}

static int parcels(ls__rdata *d, const ls__dataset *ds, ls__rrings *rr)
{
    int oom = 0;
    for (size_t i = 0; i < ds->nparcels && !oom; i++) {
        const ls__parcel *p = &ds->parcels[i];
        ls__rparcel *r = &d->parcels[i];
        d->nparcels = i + 1;
        r->parcel_id = p->parcel_id ? p->parcel_id : fid_id(d, i);
        r->block_id = p->block_id;
        r->block_name = p->block_name;
        r->district = p->district;
        r->town = p->town;
        r->owner = p->owner;
        r->landuse = p->landuse;
        r->eval_class = p->eval_class;
        r->reasons = p->reasons ? p->reasons : "";
        r->enterprise_ids = ent_ids(d, ds, p, &r->enterprise_count, &oom);
        r->flags = p->flags ? p->flags : "";
        if (ds->has_ledger) {
            r->change = ls__change_name(p->change);
            r->first_listed = p->first_listed;
            r->lists = p->lists ? p->lists : "";
            r->listed_runs = p->listed_runs;
        }
        r->status = p->status;
        r->action = p->action;
        r->industrial = p->industrial;
        r->site_id = p->site_id > 0 ? p->site_id : 0;
        r->area_m2 = num0(p->area_m2);
        r->area_mu = num0(p->area_mu);
        r->inside_control_m2 = num0(p->inside_control_m2);
        r->control_share = num(p->control_share);
        r->floor_area_m2 = num0(p->floor_area_m2);
        r->far = num(p->far);
        r->coverage = num(p->coverage);
        r->tax_10k = num(p->tax_10k);
        r->value_added_10k = num(p->value_added_10k);
        r->tax_per_mu = num(p->tax_per_mu);
        r->value_added_per_mu = num(p->value_added_per_mu);
        r->eval_score = num(p->eval_score);
        r->reclaimable_mu = num0(p->reclaimable_mu);
        r->far_uplift_m2 = num0(p->far_uplift_m2);
        r->masked_m2 = num0(p->masked_m2);
        if (!r->parcel_id || geom_borrow(d, rr, p->geom, 0, &r->geom) != LS_OK)
            oom = 1;
    }
    return oom ? LS_ENOMEM : LS_OK;
}

static int sites(ls__rdata *d, const ls__dataset *ds, ls__rrings *rr, ls__buf *b)
{
    int oom = 0;
    for (size_t i = 0; i < ds->nsites && !oom; i++) {
        const ls__site *s = &ds->sites[i];
        ls__rsite *r = &d->sites[i];
        d->nsites = i + 1;
        r->site_id = s->site_id;
        r->parcel_count = (int)s->nparcels;
        r->area_mu = num0(s->area_mu);
        r->parcel_ids = s->nparcels ? id_list(d, ds, s->parcels, s->nparcels, b, &oom) : "";
        r->block_id = s->block_id;
        r->district = s->district;
        if (geom_borrow(d, rr, s->geom, 0, &r->geom) != LS_OK)
            oom = 1;
    }
    return oom ? LS_ENOMEM : LS_OK;
}

static int ents(ls__rdata *d, const ls__dataset *ds, ls__buf *b)
{
    int oom = 0;
    for (size_t i = 0; i < ds->nenterprises && !oom; i++) {
        const ls__enterprise *e = &ds->enterprises[i];
        ls__rent *r = &d->ents[i];
        d->nents = i + 1;
        r->enterprise_id = e->enterprise_id;
        r->name = e->name;
        r->parcel_ids = id_list(d, ds, e->parcels, e->nparcels, b, &oom);
        r->role = e->role;
        r->scale = e->scale;
        r->status = e->status;
        r->eval_class = e->class_final;
        r->eval_note = e->eval_note;
        r->parcel_count = (int)e->nparcels;
        r->supply_restricted = e->supply_restricted;
        r->land_mu = num0(e->land_mu);
        r->tax_10k = num(e->tax_10k);
        r->value_added_10k = num(e->value_added_10k);
        r->tax_per_mu = num(e->tax_per_mu);
        r->va_per_mu = num(e->va_per_mu);
        r->va_per_energy = num(e->va_per_energy);
        r->labour_productivity = num(e->labour_productivity);
        r->rd_share = num(e->rd_share);
        r->tax_per_electricity = num(e->tax_per_electricity);
        r->eval_score = num(e->eval_score);
    }
    return oom ? LS_ENOMEM : LS_OK;
}

/* Districts, towns and blocks with their stored totals; masks by name. kind: 0 districts,
 * 1 towns, 2 blocks, 3 masks. */
static int areas(ls__rdata *d, const ls__dataset *ds, ls__rrings *rr, int kind)
{
    static const int with_totals[4] = {1, 1, 1, 0};
    size_t n = kind == 0   ? ds->ndistricts
               : kind == 1 ? ds->ntowns
               : kind == 2 ? ds->nblocks
                           : ds->nmasks;
    const ls__totals *totals = kind == 0   ? ds->district_totals
                               : kind == 1 ? ds->town_totals
                               : kind == 2 ? ds->block_totals
                                           : NULL;
    ls__rarea *out = kind == 0   ? d->districts
                     : kind == 1 ? d->towns
                     : kind == 2 ? d->blocks
                                 : d->masks;
    size_t *nout = kind == 0   ? &d->ndistricts
                   : kind == 1 ? &d->ntowns
                   : kind == 2 ? &d->nblocks
                               : &d->nmasks;
    for (size_t i = 0; i < n; i++) {
        ls__rarea *a = &out[i];
        const GEOSGeometry *g;
        *nout = i + 1;
        if (kind == 3) {
            a->name = ds->masks[i].name;
            g = ds->masks[i].geom;
        } else {
            const ls__area *s = kind == 0   ? &ds->districts[i]
                                : kind == 1 ? &ds->towns[i]
                                            : &ds->blocks[i];
            g = s->geom;
            if (kind == 0) {
                a->name = s->name ? s->name : ""; /* districts without a name: "" */
            } else if (kind == 1) {
                a->name = s->town;
                a->district = s->name;
            } else {
                a->name = s->id;
                a->label = s->name;
            }
        }
        a->stored_industrial_mu = a->stored_reclaimable_mu = NAN;
        a->stored_new_listed_mu = a->stored_resolved_mu = a->stored_net_listed_mu = NAN;
        if (with_totals[kind] && totals) {
            a->stored_industrial_mu = num(totals[i].industrial_mu);
            a->stored_reclaimable_mu = num(totals[i].reclaimable_mu);
            if (ds->has_ledger) {
                a->stored_new_listed_mu = num(totals[i].new_listed_mu);
                a->stored_resolved_mu = num(totals[i].resolved_mu);
                a->stored_net_listed_mu = num(totals[i].net_listed_mu);
            }
        }
        if (geom_borrow(d, rr, g, 1, &a->geom) != LS_OK)
            return LS_ENOMEM;
    }
    return LS_OK;
}

static int resolved(ls__rdata *d, const ls__dataset *ds)
{
    for (size_t i = 0; i < ds->nresolved; i++) {
        const ls__resolved *s = &ds->resolved[i];
        ls__rres *r = &d->resolved[i];
        d->nresolved = i + 1;
        r->parcel_id = s->parcel_id ? s->parcel_id : fid_id(d, i);
        r->old_status = s->old_status;
        r->new_status = s->new_status;
        r->old_reclaimable_mu = num0(s->old_reclaimable_mu);
        r->old_area_mu = num0(s->old_area_mu);
        if (s->block_ix >= 0 && (size_t)s->block_ix < ds->nblocks)
            r->block_id = ds->blocks[s->block_ix].id;
        if (s->district_ix >= 0 && (size_t)s->district_ix < ds->ndistricts)
            r->district = ds->districts[s->district_ix].name;
        if (s->town_ix >= 0 && (size_t)s->town_ix < ds->ntowns)
            r->town = ds->towns[s->town_ix].town;
        r->removed = r->new_status && strcmp(r->new_status, "removed") == 0;
        if (!r->parcel_id)
            return LS_ENOMEM;
    }
    return ls__report_join_resolved(d);
}

static void targets(ls__rdata *d, const ls__dataset *ds)
{
    for (size_t i = 0; i < ds->ntargets; i++) {
        const ls__target_row *s = &ds->targets[i];
        ls__rtarget *t = &d->targets[i];
        t->district = s->district ? s->district : "";
        t->indicator = ls__target((ls__target_id)s->indicator)->name;
        t->note = s->note;
        t->year = s->year;
        t->target = num(s->target);
        t->achieved = isnan(s->achieved) ? NAN : num(s->achieved);
        t->share = isnan(s->achieved) ? NAN : num(s->share);
    }
    d->ntargets = ds->ntargets;
}

static int unsupplied(ls__rdata *d, const ls__dataset *ds, ls__rrings *rr)
{
    for (size_t i = 0; i < ds->nunsupplied; i++) {
        const ls__unsupplied *s = &ds->unsupplied[i];
        ls__runsup *u = &d->unsupplied[i];
        d->nunsupplied = i + 1;
        u->approval_id = s->approval_id;
        if (s->approval_date != LS_NO_DATE) {
            int y, m, dd;
            char date[16];
            ls__date_to_ymd(s->approval_date, &y, &m, &dd);
            snprintf(date, sizeof(date), "%04d-%02d-%02d", y, m, dd);
            if (!(u->approval_date = ls__rstr(d, date, (size_t)-1)))
                return LS_ENOMEM;
        }
        u->area_mu = num0(s->area_mu);
        u->age_years = s->age_years >= 0 ? s->age_years : -1;
        if (s->block_ix >= 0)
            u->block_id = ds->blocks[s->block_ix].id;
        if (s->district_ix >= 0)
            u->district = ds->districts[s->district_ix].name;
        if (geom_borrow(d, rr, s->geom, 0, &u->geom) != LS_OK)
            return LS_ENOMEM;
    }
    return LS_OK;
}

int ls__report_from_dataset(ls_context *ctx, const ls__dataset *ds, const ls__kv *info,
                            ls__rdata **out)
{
    ls__rdata *d = calloc(1, sizeof(*d));
    if (!d)
        return ls__error_set(ctx, LS_ENOMEM, "out of memory");
    d->borrowed = 1;
    d->geos = ls__geos_new(ctx);
    int rc = d->geos ? LS_OK : LS_ENOMEM;
    for (size_t i = 0; rc == LS_OK && i < info->n; i++)
        rc = ls__kv_add(&d->info, info->keys[i], info->values[i]);
    d->has_ledger = ds->has_ledger;
    d->resolved_has_place = ds->has_ledger; /* written with district since it exists */
    d->has_targets = 1;                     /* table targets: always (maybe empty) */
    d->has_unsupplied = ds->layers[LS_INPUT_APPROVALS].present;
    size_t ntowns = ds->has_towns ? ds->ntowns : 0;
    size_t nunsup = d->has_unsupplied ? ds->nunsupplied : 0;
    size_t nres = ds->has_ledger ? ds->nresolved : 0;
    if (rc == LS_OK && (!(d->parcels = calloc(ds->nparcels + 1, sizeof(*d->parcels))) ||
                        !(d->sites = calloc(ds->nsites + 1, sizeof(*d->sites))) ||
                        !(d->ents = calloc(ds->nenterprises + 1, sizeof(*d->ents))) ||
                        !(d->dq = calloc(ds->dq.n + 1, sizeof(*d->dq))) ||
                        !(d->districts = calloc(ds->ndistricts + 1, sizeof(*d->districts))) ||
                        !(d->towns = calloc(ntowns + 1, sizeof(*d->towns))) ||
                        !(d->blocks = calloc(ds->nblocks + 1, sizeof(*d->blocks))) ||
                        !(d->masks = calloc(ds->nmasks + 1, sizeof(*d->masks))) ||
                        !(d->resolved = calloc(nres + 1, sizeof(*d->resolved))) ||
                        !(d->targets = calloc(ds->ntargets + 1, sizeof(*d->targets))) ||
                        !(d->unsupplied = calloc(nunsup + 1, sizeof(*d->unsupplied)))))
        rc = LS_ENOMEM;
    ls__rrings rr = {d->geos, 0, NULL, NULL, NULL, 0, NULL, 0};
    ls__buf b = {0};
    if (rc == LS_OK)
        rc = parcels(d, ds, &rr);
    if (rc == LS_OK && ls_context_interrupted(ctx))
        rc = LS_EINTERRUPTED;
    if (rc == LS_OK)
        rc = sites(d, ds, &rr, &b);
    if (rc == LS_OK)
        rc = ents(d, ds, &b);
    for (size_t i = 0; rc == LS_OK && i < ds->dq.n; i++) {
        const ls__dq_row *q = &ds->dq.rows[i];
        d->dq[i] = (ls__rdq){q->layer, q->feature, q->problem, q->action};
        d->ndq = i + 1;
    }
    if (rc == LS_OK)
        rc = areas(d, ds, &rr, 0);
    if (rc == LS_OK && ds->has_towns)
        rc = areas(d, ds, &rr, 1);
    if (rc == LS_OK)
        rc = areas(d, ds, &rr, 2);
    if (rc == LS_OK)
        rc = areas(d, ds, &rr, 3);
    if (rc == LS_OK && ds->has_ledger)
        rc = resolved(d, ds);
    if (rc == LS_OK)
        targets(d, ds);
    if (rc == LS_OK && d->has_unsupplied)
        rc = unsupplied(d, ds, &rr);
    ls__rrings_free(&rr);
    ls__buf_free(&b);
    if (rc != LS_OK) {
        ls__report_data_free(d);
        return rc == LS_EINTERRUPTED ? ls__error_set(ctx, rc, "interrupted")
                                     : ls__error_set(ctx, LS_ENOMEM, "out of memory");
    }
    *out = d;
    return LS_OK;
}
