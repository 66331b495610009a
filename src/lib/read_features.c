/*
 * read_features.c — the feature loops of the read stage (read.c opens the inputs and runs
 * these, one input per thread): parcels, area layers (control lines, blocks, districts,
 * approvals) and buildings, each feature's polygon made valid (MakeValid, recorded) or skipped
 * with its reason tallied (empty, not finite, not a polygon), fields read through the
 * reader's field map (read_layer.h). Each loop fills only its own arrays and data_quality
 * list, and checks the interrupt flag.
 */
#include <gdal.h>
#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <math.h>
#include <ogr_srs_api.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include "crs.h"
#include "crs_guess.h"
#include "dissolve.h"
#include "encoding.h"
#include "flags.h"
#include "gdal_errors.h"
#include "geos_bridge.h"
#include "id_index.h"
#include "read.h"
#include "read_layer.h"
#include "source.h"

/* Tally of skipped features per reason and geometry type ("not a polygon (TIN)"). */
static void count_skip(ls__reader *r, const char *reason, OGRGeometryH og)
{
    char why[112];
    if (og)
        snprintf(why, sizeof(why), "%s (%s)", reason,
                 OGRGeometryTypeToName(wkbFlatten(OGR_G_GetGeometryType(og))));
    else
        snprintf(why, sizeof(why), "%s", reason);
    for (int i = 0; i < r->nskips; i++)
        if (strcmp(r->skips[i].why, why) == 0) {
            r->skips[i].n++;
            return;
        }
    int max = (int)(sizeof(r->skips) / sizeof(r->skips[0]));
    if (r->nskips == max) {
        r->skipped_other++;
        return;
    }
    snprintf(r->skips[r->nskips].why, sizeof(r->skips[0].why), "%s", why);
    r->skips[r->nskips++].n = 1;
}

/* "no usable parcel polygons" with the counts and causes: how many features were read and
 * why each kind was skipped. */
static int no_usable_parcels(ls__reader *r)
{
    ls__buf b = {0};
    long read = r->ds->layers[r->role].features;
    for (int i = 0; i < r->nskips; i++)
        ls__buf_addf(&b, "%s%ld %s", i ? ", " : "", r->skips[i].n, r->skips[i].why);
    if (r->skipped_other)
        ls__buf_addf(&b, ", %ld for other reasons", r->skipped_other);
    char *why = ls__buf_take(&b);
    int error;
    if (read == 0)
        error = ls__error_set(r->ctx, LS_EINVAL,
                              "%s: no usable parcel polygons: layer '%s' has no features%s",
                              r->in->path, OGR_L_GetName(r->layer),
                              r->in->sql ? " (the sql: query selected none)" : "");
    else
        error = ls__error_set(r->ctx, LS_EINVAL,
                              "%s: no usable parcel polygons: %ld feature%s read, all skipped — "
                              "%s; parcels must be polygons",
                              r->in->path, read, read == 1 ? "" : "s", why ? why : "?");
    free(why);
    return error;
}

/* The feature's geometry transformed and cleaned; NULL (and a data_quality row) when it
 * must be skipped. *status: 0 ok, 1 skipped, <0 error code. */
static GEOSGeometry *read_polygon(ls__reader *r, OGRFeatureH f, int *status)
{
    *status = 0;
    ls__layer_info *info = &r->ds->layers[r->role];
    OGRGeometryH og = OGR_F_GetGeometryRef(f);
    GEOSGeometry *g = NULL;
    const char *reason = "no geometry";
    ls__geom_outcome outcome = LS_GEOM_EMPTY;
    if (og) {
        if (r->ct && OGR_G_Transform(og, r->ct) != OGRERR_NONE) {
            reason = "coordinates could not be transformed to the working CRS";
            outcome = LS_GEOM_FAILED;
        } else {
            g = ls__geos_from_ogr(r->geos, og);
            if (!g) {
                reason = "geometry could not be converted";
                outcome = LS_GEOM_FAILED;
            } else {
                outcome = ls__geos_clean_polygon(r->geos, &g, &reason);
            }
        }
    }
    if (outcome == LS_GEOM_OK)
        return g;
    if (outcome == LS_GEOM_REPAIRED) {
        info->repaired++;
        *status = ls__reader_dq(r, reason, "repaired; repaired geometry used");
        return g;
    }
    info->skipped++;
    count_skip(r, reason, og);
    *status = ls__reader_dq(r, reason, "feature skipped");
    if (*status == LS_OK)
        *status = 1;
    return NULL;
}

int ls__reader_grow(void **arr, size_t *cap, size_t n, size_t size)
{
    if (n >= *cap) {
        size_t c = *cap ? *cap * 2 : 256;
        void *a = realloc(*arr, c * size);
        if (!a)
            return LS_ENOMEM;
        *arr = a;
        *cap = c;
    }
    /* only element n: zeroing the whole new capacity would touch pages never used */
    memset((char *)*arr + n * size, 0, size);
    return LS_OK;
}

static int read_parcel_features(ls__reader *r)
{
    ls__dataset *ds = r->ds;
    size_t cap = 0;
    int error = LS_OK;
    OGRFeatureH f;
    if (ls__reader_mapped(r, "started"))
        ds->parcel_fields |= LS_PF_STARTED;
    if (ls__reader_mapped(r, "agreed_start_date"))
        ds->parcel_fields |= LS_PF_AGREED_START;
    if (ls__reader_mapped(r, "approved_unsupplied"))
        ds->parcel_fields |= LS_PF_UNSUPPLIED;
    if (ls__reader_mapped(r, "industry_code"))
        ds->parcel_fields |= LS_PF_INDUSTRY;
    if (ls__reader_mapped(r, "landuse"))
        ds->parcel_fields |= LS_PF_LANDUSE;
    if (ls__reader_mapped(r, "grant_date"))
        ds->parcel_fields |= LS_PF_GRANT;
    OGR_L_ResetReading(r->layer);
    while (ls__reader_next(r, &f, &error)) {
        long fid = (long)OGR_F_GetFID(f);
        char *pid = ls__reader_text(r, f, "parcel_id");
        snprintf(r->label, sizeof(r->label), "%s", pid ? pid : "");
        if (!pid)
            snprintf(r->label, sizeof(r->label), "fid %ld", fid);
        int st;
        GEOSGeometry *g = read_polygon(r, f, &st);
        if (st < 0) {
            free(pid);
            OGR_F_Destroy(f);
            return st;
        }
        if (!g) {
            free(pid);
            OGR_F_Destroy(f);
            continue;
        }
        if ((error = ls__reader_grow((void **)&ds->parcels, &cap, ds->nparcels,
                                     sizeof(ls__parcel))) != LS_OK) {
            GEOSGeom_destroy_r(r->geos, g);
            free(pid);
            OGR_F_Destroy(f);
            return ls__error_set(r->ctx, error, "out of memory");
        }
        ls__parcel *p = &ds->parcels[ds->nparcels++];
        p->fid = fid;
        p->geom = g;
        if (!pid) {
            pid = ls__sprintf("FID%ld", fid);
            if (ls__reader_mapped(r, "parcel_id") &&
                (error = ls__reader_dq(r, "parcel id is empty", "id set to FID<n>")) != LS_OK)
                break;
        }
        p->parcel_id = pid;
        p->landuse = ls__reader_text(r, f, "landuse");
        p->owner = ls__reader_text(r, f, "owner");
        p->enterprise_id = ls__reader_text(r, f, "enterprise_id");
        p->industry_code = ls__reader_text(r, f, "industry_code");
        if ((error = ls__reader_date(r, f, "grant_date", &p->grant_date)) != LS_OK ||
            (error = ls__reader_date(r, f, "agreed_start_date", &p->agreed_start_date)) != LS_OK ||
            (error = ls__reader_date(r, f, "agreed_finish_date", &p->agreed_finish_date)) !=
                LS_OK ||
            (error = ls__reader_bool(r, f, "started", &p->started)) != LS_OK ||
            (error = ls__reader_bool(r, f, "approved_unsupplied", &p->approved_unsupplied)) !=
                LS_OK ||
            (error = ls__reader_number(r, f, "investment_10k", &p->investment_10k)) != LS_OK)
            break;
        for (int c = 0; c < LS_COMMIT_COUNT && error == LS_OK; c++)
            error = ls__reader_number(r, f, ls__commitment(c)->field, &p->committed[c]);
        if (error != LS_OK)
            break;
        p->far_floor = NAN;
        OGR_F_Destroy(f);
        f = NULL;
    }
    if (f)
        OGR_F_Destroy(f);
    return error;
}

/* Polygon layers that become ls__area arrays. */
int ls__read_areas(ls__reader *r, ls__area **out, size_t *nout)
{
    size_t cap = 0, n = 0;
    ls__area *areas = NULL;
    int error = LS_OK;
    OGRFeatureH f;
    OGR_L_ResetReading(r->layer);
    while (ls__reader_next(r, &f, &error)) {
        long fid = (long)OGR_F_GetFID(f);
        snprintf(r->label, sizeof(r->label), "fid %ld", fid);
        int st;
        GEOSGeometry *g = read_polygon(r, f, &st);
        if (st < 0) {
            error = st;
            OGR_F_Destroy(f);
            break;
        }
        if (!g) {
            OGR_F_Destroy(f);
            continue;
        }
        if (ls__reader_grow((void **)&areas, &cap, n, sizeof(ls__area)) != LS_OK) {
            GEOSGeom_destroy_r(r->geos, g);
            OGR_F_Destroy(f);
            error = ls__error_set(r->ctx, LS_ENOMEM, "out of memory");
            break;
        }
        ls__area *a = &areas[n++];
        a->fid = fid;
        a->date = LS_NO_DATE;
        a->geom = g;
        GEOSArea_r(r->geos, g, &a->area_m2);
        switch (r->role) {
        case LS_INPUT_CONTROL_LINES: {
            char *tier = ls__reader_text(r, f, "tier");
            a->tier = ls__read_normalise_tier(tier);
            if (a->tier && strcmp(a->tier, "1") && strcmp(a->tier, "2") &&
                strcmp(a->tier, "transition")) {
                char *msg = ls__sprintf("unknown control tier '%s' (expected 1, 2, 一级, 二级, "
                                        "过渡 or transition)",
                                        a->tier);
                error = msg ? ls__reader_dq(r, msg, "counted as inside the lines (tier 1/2)")
                            : LS_ENOMEM;
                free(msg);
            }
            free(tier);
            a->id = ls__sprintf("%ld", fid);
            break;
        }
        case LS_INPUT_APPROVALS: /* 批次 (unsupplied.c) */
            a->id = ls__reader_text(r, f, "approval_id");
            if (!a->id) {
                a->id = ls__sprintf("FID%ld", fid);
                if (ls__reader_mapped(r, "approval_id"))
                    error = ls__reader_dq(r, "approval id is empty", "id set to FID<n>");
            }
            if (error == LS_OK)
                error = ls__reader_date(r, f, "approval_date", &a->date);
            break;
        case LS_INPUT_BLOCKS:
            a->id = ls__reader_text(r, f, "block_id");
            a->name = ls__reader_text(r, f, "name");
            if (!a->id) {
                a->id = ls__sprintf("FID%ld", fid);
                if (ls__reader_mapped(r, "block_id"))
                    error = ls__reader_dq(r, "block id is empty", "id set to FID<n>");
            }
            break;
        default:
            a->name = ls__reader_text(r, f, "name");
            a->town = ls__reader_text(r, f, "town");
            if (!a->name) {
                a->name = ls__strdup("(未命名)");
                error = ls__reader_dq(r, "district name is empty", "named (未命名)");
            }
            break;
        }
        OGR_F_Destroy(f);
        if (error != LS_OK)
            break;
    }
    *out = areas;
    *nout = n;
    return error;
}

int ls__read_buildings(ls__reader *r)
{
    ls__dataset *ds = r->ds;
    size_t cap = 0;
    int error = LS_OK;
    OGRFeatureH f;
    OGR_L_ResetReading(r->layer);
    while (ls__reader_next(r, &f, &error)) {
        long fid = (long)OGR_F_GetFID(f);
        snprintf(r->label, sizeof(r->label), "fid %ld", fid);
        int st;
        GEOSGeometry *g = read_polygon(r, f, &st);
        if (st < 0 || !g) {
            OGR_F_Destroy(f);
            if (st < 0)
                return st;
            continue;
        }
        if (ls__reader_grow((void **)&ds->buildings, &cap, ds->nbuildings, sizeof(ls__building)) !=
            LS_OK) {
            GEOSGeom_destroy_r(r->geos, g);
            OGR_F_Destroy(f);
            return ls__error_set(r->ctx, LS_ENOMEM, "out of memory");
        }
        ls__building *b = &ds->buildings[ds->nbuildings++];
        b->fid = fid;
        b->geom = g;
        b->building_id = ls__reader_text(r, f, "building_id");
        b->use = ls__reader_text(r, f, "use");
        ds->has_building_use |= ls__reader_mapped(r, "use");
        ds->has_building_ids |= ls__reader_mapped(r, "building_id");
        GEOSArea_r(r->geos, g, &b->area_m2);
        if ((error = ls__reader_number(r, f, "floors", &b->floors)) != LS_OK ||
            (error = ls__reader_number(r, f, "floor_area_m2", &b->given_floor_m2)) != LS_OK ||
            (error = ls__reader_number(r, f, "height_m", &b->height_m)) != LS_OK) {
            OGR_F_Destroy(f);
            return error;
        }
        if (!isnan(b->floors) && b->floors < 0) {
            error = ls__reader_dq(r, "negative number of floors", "treated as missing");
            b->floors = NAN;
        }
        if (!isnan(b->given_floor_m2) && b->given_floor_m2 < 0) {
            error = ls__reader_dq(r, "negative floor area", "treated as missing");
            b->given_floor_m2 = NAN;
        }
        OGR_F_Destroy(f);
        if (error != LS_OK)
            return error;
    }
    return error;
}

int ls__read_parcels(ls__reader *r)
{
    int error = read_parcel_features(r);
    if (error == LS_OK && r->ds->nparcels == 0)
        error = no_usable_parcels(r);
    return error;
}
