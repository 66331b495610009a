/*
 * report_read.c — ls__report_read(): a finished run's GeoPackage into the report model
 * (ls__rdata, report_model.h).
 *
 * The GeoPackage is opened read-only with OGR; fields are looked up by name, so a
 * GeoPackage of an older run without some field still reads (the value is NULL). Layers
 * parcels and run_info are required; towns, blocks, districts, sites, enterprises and
 * data_quality are optional; `resolved` is read when the parcels carry the ledger's fields,
 * sorted by parcel id and joined to the current parcels. Strings are copied into the model's
 * store (report_data.c); geometries are kept as plain rings (no GEOS) for the SVG map, with a
 * label point for the area layers only (the map labels towns). The file is closed before
 * returning: nothing here keeps OGR handles, so the model can be used on another thread.
 * `landscan run` does not read its GeoPackage back: it builds the same model from memory
 * (report_from_dataset.c).
 *
 * It does not filter, count or format: one district's view is report_model.c's.
 */
#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal.h>
#include <math.h>
#include <ogr_api.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "report_read.h"

static int ring_add(ls__rgeom *g, OGRGeometryH ring, size_t *cap_r, size_t *cap_p)
{
    int np = OGR_G_GetPointCount(ring);
    if (np <= 0)
        return LS_OK;
    if (g->nrings == *cap_r) {
        size_t c = *cap_r ? *cap_r * 2 : 4;
        size_t *r = realloc(g->ring_len, c * sizeof(*r));
        if (!r)
            return LS_ENOMEM;
        g->ring_len = r;
        *cap_r = c;
    }
    if (g->npts + (size_t)np > *cap_p) {
        size_t c = *cap_p ? *cap_p : 16;
        while (c < g->npts + (size_t)np)
            c *= 2;
        double *xy = realloc(g->xy, c * 2 * sizeof(*xy));
        if (!xy)
            return LS_ENOMEM;
        g->xy = xy;
        *cap_p = c;
    }
    for (int i = 0; i < np; i++) {
        g->xy[2 * (g->npts + (size_t)i)] = OGR_G_GetX(ring, i);
        g->xy[2 * (g->npts + (size_t)i) + 1] = OGR_G_GetY(ring, i);
    }
    ls__rgeom_extend(g, g->xy + 2 * g->npts, (size_t)np);
    g->ring_len[g->nrings++] = (size_t)np;
    g->npts += (size_t)np;
    return LS_OK;
}

static int geom_collect(ls__rgeom *g, OGRGeometryH h, size_t *cap_r, size_t *cap_p)
{
    OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(h));
    int rc = LS_OK;
    if (t == wkbPolygon) {
        for (int i = 0; i < OGR_G_GetGeometryCount(h) && rc == LS_OK; i++)
            rc = ring_add(g, OGR_G_GetGeometryRef(h, i), cap_r, cap_p);
    } else if (t == wkbMultiPolygon || t == wkbGeometryCollection) {
        for (int i = 0; i < OGR_G_GetGeometryCount(h) && rc == LS_OK; i++)
            rc = geom_collect(g, OGR_G_GetGeometryRef(h, i), cap_r, cap_p);
    }
    return rc;
}

/* Rings and bounding box; the label point only for areas (with_label). */
static int geom_read(OGRFeatureH f, ls__rgeom *g, int with_label)
{
    memset(g, 0, sizeof(*g));
    g->minx = g->miny = HUGE_VAL;
    g->maxx = g->maxy = -HUGE_VAL;
    OGRGeometryH h = OGR_F_GetGeometryRef(f);
    if (!h || OGR_G_IsEmpty(h))
        return LS_OK;
    size_t cap_r = 0, cap_p = 0;
    int rc = geom_collect(g, h, &cap_r, &cap_p);
    if (rc != LS_OK || !with_label)
        return rc;
    OGRGeometryH pos = OGR_G_PointOnSurface(h);
    if (pos && !OGR_G_IsEmpty(pos)) {
        g->label_x = OGR_G_GetX(pos, 0);
        g->label_y = OGR_G_GetY(pos, 0);
    } else {
        g->label_x = (g->minx + g->maxx) / 2;
        g->label_y = (g->miny + g->maxy) / 2;
    }
    if (pos)
        OGR_G_DestroyGeometry(pos);
    return LS_OK;
}

/* Field indexes by name, found once per layer: OGR_F_GetFieldIndex compares the name with
 * every field's case-insensitively on each call (about a tenth of `landscan report` at 10^5
 * parcels). Keyed by the name's address (the callers pass literals, in the same order for
 * every feature, hence the cursor); reset by read_layer() for each layer. Per thread. */
#define FC_MAX 64
static _Thread_local struct {
    OGRFeatureDefnH defn;
    int n, next;
    const char *name[FC_MAX];
    int idx[FC_MAX];
} fc;

static void fidx_reset(void)
{
    fc.defn = NULL;
    fc.n = fc.next = 0;
}

/* Field access by name: NULL / NAN / 0 when the field is absent or NULL. */
static int fidx(OGRFeatureH f, const char *name)
{
    OGRFeatureDefnH defn = OGR_F_GetDefnRef(f);
    if (defn != fc.defn) {
        fidx_reset();
        fc.defn = defn;
    }
    if (fc.next < fc.n && fc.name[fc.next] == name)
        return fc.idx[fc.next++];
    for (int k = 0; k < fc.n; k++)
        if (fc.name[k] == name) {
            fc.next = k + 1;
            return fc.idx[k];
        }
    int ix = OGR_FD_GetFieldIndex(defn, name);
    if (fc.n < FC_MAX) {
        fc.name[fc.n] = name;
        fc.idx[fc.n++] = ix;
        fc.next = fc.n;
    }
    return ix;
}

/* A string field, copied into the model's store. */
static const char *get_str(ls__rdata *d, OGRFeatureH f, const char *name, int *oom)
{
    int i = fidx(f, name);
    if (i < 0 || !OGR_F_IsFieldSetAndNotNull(f, i))
        return NULL;
    const char *s = ls__rstr(d, OGR_F_GetFieldAsString(f, i), (size_t)-1);
    if (!s)
        *oom = 1;
    return s;
}

/* "#<fid>" for a feature without id, in the store. */
static const char *fid_id(ls__rdata *d, OGRFeatureH f)
{
    char id[32];
    snprintf(id, sizeof(id), "#%lld", (long long)OGR_F_GetFID(f));
    return ls__rstr(d, id, (size_t)-1);
}

static double get_num(OGRFeatureH f, const char *name)
{
    int i = fidx(f, name);
    if (i < 0 || !OGR_F_IsFieldSetAndNotNull(f, i))
        return NAN;
    return OGR_F_GetFieldAsDouble(f, i);
}

static int get_int(OGRFeatureH f, const char *name)
{
    int i = fidx(f, name);
    if (i < 0 || !OGR_F_IsFieldSetAndNotNull(f, i))
        return 0;
    return OGR_F_GetFieldAsInteger(f, i);
}

static double zero_if_nan(double v)
{
    return isnan(v) ? 0.0 : v;
}

/* Unknown names read as non-industrial / none (a GeoPackage edited by hand). */
static ls__status status_of(const char *s)
{
    int v = ls__status_from_name(s);
    return v >= 0 ? (ls__status)v : LS_STATUS_NON_INDUSTRIAL;
}

static ls__action action_of(const char *s)
{
    int v = ls__action_from_name(s);
    return v >= 0 ? (ls__action)v : LS_ACTION_NONE;
}

static int read_parcel(ls__rdata *d, OGRFeatureH f, void *item)
{
    ls__rparcel *p = item;
    int oom = 0;
    memset(p, 0, sizeof(*p));
    p->parcel_id = get_str(d, f, "parcel_id", &oom);
    p->block_id = get_str(d, f, "block_id", &oom);
    p->block_name = get_str(d, f, "block_name", &oom);
    p->district = get_str(d, f, "district", &oom);
    p->town = get_str(d, f, "town", &oom);
    p->owner = get_str(d, f, "owner", &oom);
    p->landuse = get_str(d, f, "landuse", &oom);
    p->eval_class = get_str(d, f, "eval_class", &oom);
    p->reasons = get_str(d, f, "reasons", &oom);
    p->enterprise_ids = get_str(d, f, "enterprise_ids", &oom);
    p->flags = get_str(d, f, "flags", &oom);
    p->change = get_str(d, f, "change", &oom);
    p->first_listed = get_str(d, f, "first_listed", &oom);
    p->lists = get_str(d, f, "lists", &oom);
    p->listed_runs = get_int(f, "listed_runs");
    p->status = status_of(get_str(d, f, "status", &oom));
    p->action = action_of(get_str(d, f, "action", &oom));
    p->industrial = get_int(f, "industrial");
    p->enterprise_count = get_int(f, "enterprise_count");
    p->site_id = get_int(f, "site_id");
    p->area_m2 = zero_if_nan(get_num(f, "area_m2"));
    p->area_mu = zero_if_nan(get_num(f, "area_mu"));
    p->inside_control_m2 = zero_if_nan(get_num(f, "inside_control_m2"));
    p->control_share = get_num(f, "control_share");
    p->floor_area_m2 = zero_if_nan(get_num(f, "floor_area_m2"));
    p->far = get_num(f, "far");
    p->coverage = get_num(f, "coverage");
    p->tax_10k = get_num(f, "tax_10k");
    p->value_added_10k = get_num(f, "value_added_10k");
    p->tax_per_mu = get_num(f, "tax_per_mu");
    p->value_added_per_mu = get_num(f, "value_added_per_mu");
    p->eval_score = get_num(f, "eval_score");
    p->reclaimable_mu = zero_if_nan(get_num(f, "reclaimable_mu"));
    p->far_uplift_m2 = zero_if_nan(get_num(f, "far_uplift_m2"));
    p->masked_m2 = zero_if_nan(get_num(f, "masked_m2"));
    if (!p->parcel_id && !oom)
        p->parcel_id = fid_id(d, f);
    if (oom || !p->parcel_id)
        return LS_ENOMEM;
    return geom_read(f, &p->geom, 0);
}

static int read_site(ls__rdata *d, OGRFeatureH f, void *item)
{
    ls__rsite *s = item;
    int oom = 0;
    memset(s, 0, sizeof(*s));
    s->site_id = get_int(f, "site_id");
    s->parcel_count = get_int(f, "parcel_count");
    s->area_mu = zero_if_nan(get_num(f, "area_mu"));
    s->parcel_ids = get_str(d, f, "parcel_ids", &oom);
    s->block_id = get_str(d, f, "block_id", &oom);
    s->district = get_str(d, f, "district", &oom);
    return oom ? LS_ENOMEM : geom_read(f, &s->geom, 0);
}

static int read_ent(ls__rdata *d, OGRFeatureH f, void *item)
{
    ls__rent *e = item;
    int oom = 0;
    memset(e, 0, sizeof(*e));
    e->enterprise_id = get_str(d, f, "enterprise_id", &oom);
    e->name = get_str(d, f, "name", &oom);
    e->parcel_ids = get_str(d, f, "parcel_ids", &oom);
    e->role = get_str(d, f, "role", &oom);
    e->scale = get_str(d, f, "scale", &oom);
    e->status = get_str(d, f, "status", &oom);
    e->eval_class = get_str(d, f, "eval_class", &oom);
    e->eval_note = get_str(d, f, "eval_note", &oom);
    e->parcel_count = get_int(f, "parcel_count");
    e->supply_restricted = get_int(f, "supply_restricted");
    e->land_mu = zero_if_nan(get_num(f, "land_mu"));
    e->tax_10k = get_num(f, "tax_10k");
    e->value_added_10k = get_num(f, "value_added_10k");
    e->tax_per_mu = get_num(f, "tax_per_mu");
    e->va_per_mu = get_num(f, "va_per_mu");
    e->va_per_energy = get_num(f, "va_per_energy");
    e->labour_productivity = get_num(f, "labour_productivity");
    e->rd_share = get_num(f, "rd_share");
    e->tax_per_electricity = get_num(f, "tax_per_electricity");
    e->eval_score = get_num(f, "eval_score");
    return oom ? LS_ENOMEM : LS_OK;
}

static int read_target(ls__rdata *d, OGRFeatureH f, void *item)
{
    ls__rtarget *t = item;
    int oom = 0;
    memset(t, 0, sizeof(*t));
    t->district = get_str(d, f, "district", &oom);
    t->indicator = get_str(d, f, "indicator", &oom);
    t->note = get_str(d, f, "note", &oom);
    t->year = get_int(f, "year");
    t->target = get_num(f, "target");
    t->achieved = get_num(f, "achieved");
    t->share = get_num(f, "share");
    if (!t->district)
        t->district = "";
    return oom ? LS_ENOMEM : LS_OK;
}

static int read_res(ls__rdata *d, OGRFeatureH f, void *item)
{
    ls__rres *r = item;
    int oom = 0;
    memset(r, 0, sizeof(*r));
    r->parcel_id = get_str(d, f, "parcel_id", &oom);
    r->old_status = get_str(d, f, "old_status", &oom);
    r->new_status = get_str(d, f, "new_status", &oom);
    r->block_id = get_str(d, f, "block_id", &oom);
    r->district = get_str(d, f, "district", &oom);
    r->town = get_str(d, f, "town", &oom);
    r->old_reclaimable_mu = zero_if_nan(get_num(f, "old_reclaimable_mu"));
    r->old_area_mu = zero_if_nan(get_num(f, "old_area_mu"));
    r->removed = r->new_status && strcmp(r->new_status, "removed") == 0;
    if (!r->parcel_id && !oom)
        r->parcel_id = fid_id(d, f);
    return oom || !r->parcel_id ? LS_ENOMEM : LS_OK;
}

static int read_dq(ls__rdata *d, OGRFeatureH f, void *item)
{
    ls__rdq *q = item;
    int oom = 0;
    q->layer = get_str(d, f, "layer", &oom);
    q->feature = get_str(d, f, "feature", &oom);
    q->problem = get_str(d, f, "problem", &oom);
    q->action = get_str(d, f, "action", &oom);
    return oom ? LS_ENOMEM : LS_OK;
}

/* kind: 0 districts, 1 towns, 2 blocks, 3 exclusion masks */
static int read_area(ls__rdata *d, OGRFeatureH f, ls__rarea *a, int kind)
{
    int oom = 0;
    memset(a, 0, sizeof(*a));
    if (kind == 0) {
        a->name = get_str(d, f, "name", &oom);
    } else if (kind == 1) {
        a->name = get_str(d, f, "town", &oom);
        a->district = get_str(d, f, "district", &oom);
    } else if (kind == 2) {
        a->name = get_str(d, f, "block_id", &oom);
        a->label = get_str(d, f, "name", &oom);
    } else {
        a->name = get_str(d, f, "name", &oom);
    }
    a->stored_industrial_mu = get_num(f, "industrial_mu");
    a->stored_reclaimable_mu = get_num(f, "reclaimable_mu");
    a->stored_new_listed_mu = get_num(f, "new_listed_mu");
    a->stored_resolved_mu = get_num(f, "resolved_mu");
    a->stored_net_listed_mu = get_num(f, "net_listed_mu");
    return oom ? LS_ENOMEM : geom_read(f, &a->geom, 1);
}

static int rd_district(ls__rdata *d, OGRFeatureH f, void *a)
{
    return read_area(d, f, a, 0);
}
static int rd_town(ls__rdata *d, OGRFeatureH f, void *a)
{
    return read_area(d, f, a, 1);
}
static int rd_block(ls__rdata *d, OGRFeatureH f, void *a)
{
    return read_area(d, f, a, 2);
}
static int rd_mask(ls__rdata *d, OGRFeatureH f, void *a)
{
    return read_area(d, f, a, 3);
}

static int read_unsup(ls__rdata *d, OGRFeatureH f, void *item)
{
    ls__runsup *u = item;
    int oom = 0;
    memset(u, 0, sizeof(*u));
    u->approval_id = get_str(d, f, "approval_id", &oom);
    u->approval_date = get_str(d, f, "approval_date", &oom);
    u->block_id = get_str(d, f, "block_id", &oom);
    u->district = get_str(d, f, "district", &oom);
    u->area_mu = zero_if_nan(get_num(f, "area_mu"));
    int ix = fidx(f, "age_years");
    u->age_years =
        ix >= 0 && OGR_F_IsFieldSetAndNotNull(f, ix) ? OGR_F_GetFieldAsInteger(f, ix) : -1;
    return oom ? LS_ENOMEM : geom_read(f, &u->geom, 0);
}

/* The layers read into ls__rdata, in reading order (run_info is read apart: key → value).
 * A new layer of the run shown in the reports is one row here, one array in ls__rdata, and
 * its place in take_layers() and ls__report_data_free() (report_data.c). */
enum {
    L_PARCELS,
    L_SITES,
    L_ENTS,
    L_DQ,
    L_DISTRICTS,
    L_TOWNS,
    L_BLOCKS,
    L_RESOLVED,
    L_MASKS,
    L_TARGETS,
    L_UNSUPPLIED,
    L_COUNT
};

typedef struct layer_spec {
    const char *name;
    int required;    /* missing: LS_ENOTFOUND (not a landscan run) */
    int ledger_only; /* read only when the parcels carry the ledger's fields */
    size_t size;
    int (*read)(ls__rdata *d, OGRFeatureH f, void *item);
} layer_spec;

static const layer_spec layers[L_COUNT] = {
    [L_PARCELS] = {"parcels", 1, 0, sizeof(ls__rparcel), read_parcel},
    [L_SITES] = {"sites", 0, 0, sizeof(ls__rsite), read_site},
    [L_ENTS] = {"enterprises", 0, 0, sizeof(ls__rent), read_ent},
    [L_DQ] = {"data_quality", 0, 0, sizeof(ls__rdq), read_dq},
    [L_DISTRICTS] = {"districts", 0, 0, sizeof(ls__rarea), rd_district},
    [L_TOWNS] = {"towns", 0, 0, sizeof(ls__rarea), rd_town},
    [L_BLOCKS] = {"blocks", 0, 0, sizeof(ls__rarea), rd_block},
    [L_RESOLVED] = {"resolved", 0, 1, sizeof(ls__rres), read_res},
    [L_MASKS] = {"masks", 0, 0, sizeof(ls__rarea), rd_mask},
    [L_TARGETS] = {"targets", 0, 0, sizeof(ls__rtarget), read_target},
    [L_UNSUPPLIED] = {"unsupplied", 0, 0, sizeof(ls__runsup), read_unsup},
};

/* Hand the arrays read by read_layer() to d (also the partial ones of a failed read:
 * ls__report_data_free() accepts partially read items). */
static void take_layers(ls__rdata *d, void *const *items, const size_t *n)
{
    d->parcels = items[L_PARCELS];
    d->nparcels = n[L_PARCELS];
    d->sites = items[L_SITES];
    d->nsites = n[L_SITES];
    d->ents = items[L_ENTS];
    d->nents = n[L_ENTS];
    d->dq = items[L_DQ];
    d->ndq = n[L_DQ];
    d->districts = items[L_DISTRICTS];
    d->ndistricts = n[L_DISTRICTS];
    d->towns = items[L_TOWNS];
    d->ntowns = n[L_TOWNS];
    d->blocks = items[L_BLOCKS];
    d->nblocks = n[L_BLOCKS];
    d->resolved = items[L_RESOLVED];
    d->nresolved = n[L_RESOLVED];
    d->masks = items[L_MASKS];
    d->nmasks = n[L_MASKS];
    d->targets = items[L_TARGETS];
    d->ntargets = n[L_TARGETS];
    d->unsupplied = items[L_UNSUPPLIED];
    d->nunsupplied = n[L_UNSUPPLIED];
}

/* Read every feature of a layer into a freshly allocated array of spec->size-byte items. */
static int read_layer(ls_context *ctx, ls__rdata *d, GDALDatasetH gds, const char *path,
                      const layer_spec *spec, void **items, size_t *n)
{
    *items = NULL;
    *n = 0;
    size_t size = spec->size;
    OGRLayerH l = GDALDatasetGetLayerByName(gds, spec->name);
    if (!l) {
        if (spec->required)
            return ls__error_set(ctx, LS_ENOTFOUND, "%s: layer %s missing (not a landscan run?)",
                                 path, spec->name);
        return LS_OK;
    }
    GIntBig count = OGR_L_GetFeatureCount(l, TRUE);
    if (count < 0)
        count = 0;
    char *arr = calloc((size_t)count + 1, size);
    if (!arr)
        return ls__error_set(ctx, LS_ENOMEM, "out of memory");
    *items = arr;
    OGR_L_ResetReading(l);
    fidx_reset();
    OGRFeatureH f;
    int rc = LS_OK;
    while (rc == LS_OK && *n < (size_t)count && (f = OGR_L_GetNextFeature(l)) != NULL) {
        if ((*n & 1023) == 0 && ls_context_interrupted(ctx)) {
            OGR_F_Destroy(f);
            return ls__error_set(ctx, LS_EINTERRUPTED, "interrupted");
        }
        rc = spec->read(d, f, arr + *n * size);
        (*n)++; /* counted even on failure: ls__report_data_free() accepts partial items */
        OGR_F_Destroy(f);
    }
    if (rc == LS_ENOMEM)
        return ls__error_set(ctx, LS_ENOMEM, "out of memory");
    return rc;
}

static int layer_has_field(GDALDatasetH gds, const char *layer, const char *field)
{
    OGRLayerH l = GDALDatasetGetLayerByName(gds, layer);
    return l && OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(l), field) >= 0;
}

int ls__report_read(ls_context *ctx, const char *gpkg_path, ls__rdata **out)
{
    int error = LS_OK;
    GDALDatasetH gds = NULL;
    ls__rdata *d = calloc(1, sizeof(*d));
    if (!d)
        return ls__error_set(ctx, LS_ENOMEM, "out of memory");
    struct stat st;
    if (stat(gpkg_path, &st) != 0) {
        error = ls__error_set(ctx, LS_ENOTFOUND, "%s: no such GeoPackage", gpkg_path);
        goto cleanup;
    }
    GDALAllRegister();
    CPLPushErrorHandler(CPLQuietErrorHandler);
    const char *drivers[] = {"GPKG", NULL};
    gds = GDALOpenEx(gpkg_path, GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, NULL, NULL);
    CPLPopErrorHandler();
    if (!gds) {
        error = ls__error_set(ctx, LS_EINVAL, "%s: not a GeoPackage (%s)", gpkg_path,
                              CPLGetLastErrorMsg());
        goto cleanup;
    }
    d->has_ledger = layer_has_field(gds, "parcels", "change");
    d->resolved_has_place = d->has_ledger && layer_has_field(gds, "resolved", "district");
    d->has_targets = GDALDatasetGetLayerByName(gds, "targets") != NULL;
    d->has_unsupplied = GDALDatasetGetLayerByName(gds, "unsupplied") != NULL;
    void *items[L_COUNT] = {NULL};
    size_t n[L_COUNT] = {0};
    for (int k = 0; k < L_COUNT && error == LS_OK; k++)
        if (!layers[k].ledger_only || d->has_ledger)
            error = read_layer(ctx, d, gds, gpkg_path, &layers[k], &items[k], &n[k]);
    take_layers(d, items, n);
    if (error == LS_OK && d->has_ledger && ls__report_join_resolved(d) != LS_OK)
        error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
    if (error != LS_OK)
        goto cleanup;
    OGRLayerH info = GDALDatasetGetLayerByName(gds, "run_info");
    if (!info) {
        error = ls__error_set(ctx, LS_ENOTFOUND, "%s: layer run_info missing (not a landscan run?)",
                              gpkg_path);
        goto cleanup;
    }
    OGR_L_ResetReading(info);
    fidx_reset();
    OGRFeatureH f;
    while (error == LS_OK && (f = OGR_L_GetNextFeature(info)) != NULL) {
        int ki = fidx(f, "key"), vi = fidx(f, "value");
        const char *k =
            ki >= 0 && OGR_F_IsFieldSetAndNotNull(f, ki) ? OGR_F_GetFieldAsString(f, ki) : NULL;
        const char *v =
            vi >= 0 && OGR_F_IsFieldSetAndNotNull(f, vi) ? OGR_F_GetFieldAsString(f, vi) : NULL;
        if (k && ls__kv_add(&d->info, k, v) != LS_OK)
            error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
        OGR_F_Destroy(f);
    }
    /* districts without a name cannot be reported */
    for (size_t i = 0; i < d->ndistricts && error == LS_OK; i++)
        if (!d->districts[i].name)
            d->districts[i].name = "";
cleanup:
    if (gds)
        GDALClose(gds);
    if (error != LS_OK) {
        ls__report_data_free(d);
        return error;
    }
    *out = d;
    return LS_OK;
}
