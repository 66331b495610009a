/*
 * model.c — lifetime of the in-memory dataset (model.h): data-quality rows and freeing
 * every parcel, area, building, enterprise and site with their geometries.
 */
#include <stdlib.h>
#include <string.h>

#include "corrections.h"
#include "geodesic_area.h"
#include "masks.h"
#include "model.h"
#include "rule_checks.h"
#include "sites.h"
#include "targets.h"
#include "unsupplied.h"

int ls__dq_add(ls__dq *dq, const char *layer, const char *feature, const char *problem,
               const char *action)
{
    if (dq->n == dq->cap) {
        size_t cap = dq->cap ? dq->cap * 2 : 64;
        ls__dq_row *rows = realloc(dq->rows, cap * sizeof(*rows));
        if (!rows)
            return LS_ENOMEM;
        dq->rows = rows;
        dq->cap = cap;
    }
    ls__dq_row *r = &dq->rows[dq->n];
    r->layer = ls__strdup(layer ? layer : "");
    r->feature = ls__strdup(feature ? feature : "");
    r->problem = ls__strdup(problem ? problem : "");
    r->action = ls__strdup(action ? action : "");
    if (!r->layer || !r->feature || !r->problem || !r->action) {
        free(r->layer);
        free(r->feature);
        free(r->problem);
        free(r->action);
        return LS_ENOMEM;
    }
    dq->n++;
    return LS_OK;
}

int ls__dq_move(ls__dq *dst, ls__dq *src)
{
    if (dst->n + src->n > dst->cap) {
        size_t cap = dst->cap ? dst->cap : 64;
        while (cap < dst->n + src->n)
            cap *= 2;
        ls__dq_row *rows = realloc(dst->rows, cap * sizeof(*rows));
        if (!rows)
            return LS_ENOMEM;
        dst->rows = rows;
        dst->cap = cap;
    }
    if (src->n)
        memcpy(dst->rows + dst->n, src->rows, src->n * sizeof(*src->rows));
    dst->n += src->n;
    free(src->rows);
    memset(src, 0, sizeof(*src));
    return LS_OK;
}

void ls__dq_free(ls__dq *dq)
{
    for (size_t i = 0; i < dq->n; i++) {
        free(dq->rows[i].layer);
        free(dq->rows[i].feature);
        free(dq->rows[i].problem);
        free(dq->rows[i].action);
    }
    free(dq->rows);
    memset(dq, 0, sizeof(*dq));
}

static void free_areas(GEOSContextHandle_t geos, ls__area *a, size_t n)
{
    for (size_t i = 0; a && i < n; i++) {
        free(a[i].id);
        free(a[i].name);
        free(a[i].town);
        free(a[i].tier);
        if (a[i].geom)
            GEOSGeom_destroy_r(geos, a[i].geom);
    }
    free(a);
}

void ls__dataset_clear_results(ls__dataset *ds, size_t dq_keep)
{
    ls__sites_free(ds);
    for (size_t i = 0; i < ds->nparcels; i++)
        ds->parcels[i].site_id = 0;
    free(ds->block_totals);
    free(ds->district_totals);
    free(ds->town_totals);
    ds->block_totals = ds->district_totals = ds->town_totals = NULL;
    for (size_t i = dq_keep; i < ds->dq.n; i++) {
        free(ds->dq.rows[i].layer);
        free(ds->dq.rows[i].feature);
        free(ds->dq.rows[i].problem);
        free(ds->dq.rows[i].action);
    }
    if (dq_keep < ds->dq.n)
        ds->dq.n = dq_keep;
}

void ls__parcel_facts_free(ls__parcel *p)
{
    for (size_t k = 0; p->facts && k < p->nent; k++)
        free(p->facts[k].status);
    free(p->facts);
    p->facts = NULL;
}

void ls__enterprise_free(ls__enterprise *e)
{
    free(e->enterprise_id);
    free(e->name);
    free(e->parcel_id);
    free(e->role);
    free(e->scale);
    free(e->status);
    free(e->eval_class);
    free(e->parcels);
    free(e->class_final);
    free(e->eval_note);
}

void ls__dataset_free(ls__dataset *ds)
{
    if (!ds)
        return;
    ls__dataset_clear_results(ds, ds->dq.n); /* sites and totals first: they use parcels */
    ls__check_texts_free(ds->check_texts);
    ds->check_texts = NULL;
    GEOSContextHandle_t g = ds->geos;
    for (size_t i = 0; i < ds->nparcels; i++) {
        ls__parcel *p = &ds->parcels[i];
        free(p->parcel_id);
        free(p->landuse);
        free(p->owner);
        free(p->enterprise_id);
        free(p->industry_code);
        ls__parcel_facts_free(p);
        free(p->ents);
        free(p->reasons);
        free(p->no_data);
        free(p->flags);
        free(p->lists);
        free(p->first_listed);
        free(p->matched_from);
        free(p->checks);
        if (p->geom)
            GEOSGeom_destroy_r(g, p->geom);
    }
    free(ds->parcels);
    free_areas(g, ds->controls, ds->ncontrols);
    free_areas(g, ds->blocks, ds->nblocks);
    free_areas(g, ds->district_polys, ds->ndistrict_polys);
    free_areas(g, ds->districts, ds->ndistricts);
    free_areas(g, ds->towns, ds->ntowns);
    ls__unsupplied_free(ds);
    free_areas(g, ds->approvals, ds->napprovals);
    for (size_t i = 0; i < ds->nbuildings; i++) {
        if (ds->buildings[i].geom)
            GEOSGeom_destroy_r(g, ds->buildings[i].geom);
        free(ds->buildings[i].building_id);
        free(ds->buildings[i].use);
    }
    free(ds->buildings);
    for (size_t i = 0; i < ds->nenterprises; i++)
        ls__enterprise_free(&ds->enterprises[i]);
    free(ds->enterprises);
    for (size_t i = 0; i < ds->nresolved; i++) {
        free(ds->resolved[i].parcel_id);
        free(ds->resolved[i].old_status);
        free(ds->resolved[i].new_status);
        if (ds->resolved[i].geom)
            GEOSGeom_destroy_r(g, ds->resolved[i].geom);
    }
    free(ds->resolved);
    ls__series_free(ds->series);
    free(ds->series);
    ls__targets_free(ds->targets, ds->ntargets);
    for (size_t i = 0; i < LS_INPUT_COUNT; i++) {
        free(ds->layers[i].path);
        free(ds->layers[i].crs);
        free(ds->layers[i].encoding);
        free(ds->layers[i].sha256);
    }
    ls__dq_free(&ds->dq);
    ls__geod_free(ds->geod);
    ls__corrections_free(ds);
    ls__masks_free(ds);
    free(ds->crs_wkt);
    free(ds->crs_name);
    if (g)
        GEOS_finish_r(g);
    memset(ds, 0, sizeof(*ds));
}
