/*
 * masks.c — exclusion masks (RUN.yaml `inputs.masks`): land that can never be reclaimed
 * (水域, 生态保护红线, 永久基本农田 …).
 *
 * Reading: every mask file is opened read-only with OGR (its layer, else the first), each
 * polygon transformed to the working CRS (traditional GIS axis order, as every input), cleaned
 * like every polygon layer (ls__geos_clean_polygon: MakeValid, polygonal parts only), and
 * the features of one mask unioned into one geometry (ds->masks[i]). The union of all masks
 * (ds->mask_union) is what parcels and sites are measured against, so land under two masks
 * counts once.
 *
 * Measures: masked_m2 = area(parcel ∩ mask union) (0 without masks); after classification
 * reclaimable_mu is multiplied by (1 − masked_m2 / area_m2), i.e. computed on the unmasked
 * part (domain.md §6 × product.md "masked area is never reclaimable"); a site's polygon
 * becomes its union minus the masks and its area_mu the area of that polygon (on the run's
 * area basis); a site whose unmasked area falls below site_min_mu is dropped and the others
 * renumbered in their order. Not done here: the per-area masked_mu (aggregate.c) and
 * writing the `masks` layer (write_gpkg.c).
 */
#include <cpl_error.h>
#include <gdal.h>
#include <math.h>
#include <ogr_srs_api.h>
#include <stdlib.h>
#include <string.h>

#include "encoding.h"
#include "gdal_errors.h"
#include "geodesic_area.h"
#include "geos_bridge.h"
#include "hash.h"
#include "masks.h"

void ls__masks_free(ls__dataset *ds)
{
    for (size_t i = 0; i < ds->nmasks; i++) {
        free(ds->masks[i].name);
        free(ds->masks[i].path);
        free(ds->masks[i].sha256);
        if (ds->masks[i].geom)
            GEOSGeom_destroy_r(ds->geos, ds->masks[i].geom);
    }
    free(ds->masks);
    ds->masks = NULL;
    ds->nmasks = 0;
    if (ds->mask_prepared)
        GEOSPreparedGeom_destroy_r(ds->geos, ds->mask_prepared);
    ds->mask_prepared = NULL;
    if (ds->mask_union)
        GEOSGeom_destroy_r(ds->geos, ds->mask_union);
    ds->mask_union = NULL;
}

/* The features of one mask file as one valid polygonal geometry in the working CRS. */
static int read_one(ls_context *ctx, ls__dataset *ds, const ls_mask_input *in,
                    OGRSpatialReferenceH working, GEOSGeometry **out)
{
    int error = LS_OK;
    GDALDatasetH g = ls__encoding_open_raw(in->path, NULL); /* never SHAPE_RESTORE_SHX */
    OGRCoordinateTransformationH ct = NULL;
    GEOSGeometry **parts = NULL;
    size_t nparts = 0, cap = 0;
    if (!g)
        return ls__error_set(ctx, LS_ENOTFOUND, "%s: cannot open the mask %s (run file line %d)",
                             in->path, in->name, in->line);
    OGRLayerH l = in->layer ? GDALDatasetGetLayerByName(g, in->layer) : GDALDatasetGetLayer(g, 0);
    if (!l) {
        error = ls__error_set(ctx, LS_ENOTFOUND, "%s: no layer %s", in->path,
                              in->layer ? in->layer : "(none)");
        goto cleanup;
    }
    OGRSpatialReferenceH src = OGR_L_GetSpatialRef(l);
    if (!src) {
        error = ls__error_set(ctx, LS_ECRS, "%s: the mask %s has no CRS", in->path, in->name);
        goto cleanup;
    }
    OGRSpatialReferenceH s2 = OSRClone(src);
    OSRSetAxisMappingStrategy(s2, OAMS_TRADITIONAL_GIS_ORDER);
    ct = OCTNewCoordinateTransformation(s2, working);
    OSRDestroySpatialReference(s2);
    if (!ct) {
        error = ls__error_set(ctx, LS_ECRS, "%s: cannot transform the mask %s to the working CRS",
                              in->path, in->name);
        goto cleanup;
    }
    OGR_L_ResetReading(l);
    OGRFeatureH f;
    ls__gdal_capture gcap;
    long prev_fid = -1;
    ls__gdal_capture_begin(&gcap); /* a truncated mask file is an error, not fewer polygons */
    while (error == LS_OK &&
           (error = ls__gdal_next_feature(ctx, &gcap, l, in->path, prev_fid, &f)) == LS_OK && f) {
        prev_fid = (long)OGR_F_GetFID(f);
        OGRGeometryH og = OGR_F_GetGeometryRef(f);
        GEOSGeometry *gg = NULL;
        if (og && OGR_G_Transform(og, ct) == OGRERR_NONE)
            gg = ls__geos_from_ogr(ds->geos, og);
        const char *reason = NULL;
        if (gg) {
            ls__geom_outcome o = ls__geos_clean_polygon(ds->geos, &gg, &reason);
            if (o == LS_GEOM_REPAIRED && ls__dq_add(&ds->dq, in->name, "", "invalid mask polygon",
                                                    "repaired with MakeValid") != LS_OK)
                error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
        } else if (og && ls__dq_add(&ds->dq, in->name, "",
                                    "mask geometry unreadable or not "
                                    "transformable",
                                    "skipped") != LS_OK) {
            error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
        }
        if (gg) {
            if (nparts == cap) {
                size_t c = cap ? cap * 2 : 16;
                GEOSGeometry **np = realloc(parts, c * sizeof(*np));
                if (!np) {
                    GEOSGeom_destroy_r(ds->geos, gg);
                    error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
                } else {
                    parts = np;
                    cap = c;
                }
            }
            if (error == LS_OK)
                parts[nparts++] = gg;
        }
        OGR_F_Destroy(f);
    }
    ls__gdal_capture_end(&gcap);
    if (error != LS_OK)
        goto cleanup;
    GEOSGeometry *coll =
        GEOSGeom_createCollection_r(ds->geos, GEOS_GEOMETRYCOLLECTION, parts, (unsigned)nparts);
    if (!coll) {
        error = ls__error_set(ctx, LS_EGEOM, "%s: cannot collect the mask polygons", in->path);
        goto cleanup;
    }
    free(parts); /* owned by the collection now */
    parts = NULL;
    nparts = 0;
    *out = GEOSUnaryUnion_r(ds->geos, coll);
    GEOSGeom_destroy_r(ds->geos, coll);
    if (!*out)
        error =
            ls__error_set(ctx, LS_EGEOM, "%s: the union of the mask %s failed", in->path, in->name);

cleanup:
    for (size_t i = 0; i < nparts; i++)
        GEOSGeom_destroy_r(ds->geos, parts[i]);
    free(parts);
    if (ct)
        OCTDestroyCoordinateTransformation(ct);
    GDALClose(g);
    return error;
}

int ls__masks_read(ls_context *ctx, const ls_config *cfg, ls__dataset *ds)
{
    if (cfg->nmasks == 0)
        return LS_OK;
    int error = LS_OK;
    OGRSpatialReferenceH working = OSRNewSpatialReference(NULL);
    GEOSGeometry **all = NULL;
    if (!working || OSRSetFromUserInput(working, ds->crs_wkt) != OGRERR_NONE) {
        if (working)
            OSRDestroySpatialReference(working);
        return ls__error_set(ctx, LS_ECRS, "masks: the working CRS is not usable");
    }
    OSRSetAxisMappingStrategy(working, OAMS_TRADITIONAL_GIS_ORDER);
    ds->masks = calloc(cfg->nmasks, sizeof(ls__mask));
    all = calloc(cfg->nmasks, sizeof(GEOSGeometry *));
    if (!ds->masks || !all) {
        error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
        goto cleanup;
    }
    for (size_t i = 0; i < cfg->nmasks && error == LS_OK; i++) {
        ls__mask *m = &ds->masks[ds->nmasks++];
        m->name = ls__strdup(cfg->masks[i].name);
        m->path = ls__strdup(cfg->masks[i].path);
        m->sha256 = ls__hash_file(cfg->masks[i].path);
        if (!m->name || !m->path)
            error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
        else
            error = read_one(ctx, ds, &cfg->masks[i], working, &m->geom);
        if (error == LS_OK) {
            GEOSArea_r(ds->geos, m->geom, &m->area_m2);
            all[i] = GEOSGeom_clone_r(ds->geos, m->geom);
            if (!all[i])
                error = ls__error_set(ctx, LS_EGEOM, "masks: cannot copy a mask");
        }
    }
    if (error != LS_OK)
        goto cleanup;
    GEOSGeometry *coll =
        GEOSGeom_createCollection_r(ds->geos, GEOS_GEOMETRYCOLLECTION, all, (unsigned)cfg->nmasks);
    if (!coll) {
        error = ls__error_set(ctx, LS_EGEOM, "masks: cannot collect the masks");
        goto cleanup;
    }
    free(all);
    all = NULL;
    ds->mask_union = GEOSUnaryUnion_r(ds->geos, coll);
    GEOSGeom_destroy_r(ds->geos, coll);
    if (!ds->mask_union || !(ds->mask_prepared = GEOSPrepare_r(ds->geos, ds->mask_union)))
        error = ls__error_set(ctx, LS_EGEOM, "masks: the union of the masks failed");

cleanup:
    if (all) {
        for (size_t i = 0; i < cfg->nmasks; i++)
            if (all[i])
                GEOSGeom_destroy_r(ds->geos, all[i]);
        free(all);
    }
    OSRDestroySpatialReference(working);
    return error;
}

int ls__masks_measure(ls_context *ctx, ls__dataset *ds)
{
    for (size_t i = 0; i < ds->nparcels; i++) {
        ls__parcel *p = &ds->parcels[i];
        p->masked_m2 = 0;
        if (!ds->mask_prepared ||
            GEOSPreparedIntersects_r(ds->geos, ds->mask_prepared, p->geom) != 1)
            continue;
        double a = GEOSPreparedContainsProperly_r(ds->geos, ds->mask_prepared, p->geom) == 1
                       ? p->area_m2
                       : ls__geos_overlap_area(ds->geos, p->geom, ds->mask_union);
        if (a < 0)
            return ls__error_set(ctx, LS_EGEOM, "masks: overlap with parcel %s failed",
                                 p->parcel_id ? p->parcel_id : "?");
        p->masked_m2 = a > p->area_m2 ? p->area_m2 : a;
    }
    return LS_OK;
}

void ls__masks_reclaimable(ls__dataset *ds)
{
    for (size_t i = 0; i < ds->nparcels; i++) {
        ls__parcel *p = &ds->parcels[i];
        if (p->masked_m2 > 0 && p->area_m2 > 0)
            p->reclaimable_mu *= fmax(0.0, 1.0 - p->masked_m2 / p->area_m2);
    }
}

int ls__masks_sites(ls_context *ctx, ls__dataset *ds, const ls_rules *rules)
{
    if (!ds->mask_union || ds->nsites == 0)
        return LS_OK;
    size_t kept = 0;
    for (size_t k = 0; k < ds->nsites; k++) {
        ls__site *s = &ds->sites[k];
        GEOSGeometry *d = GEOSDifference_r(ds->geos, s->geom, ds->mask_union);
        if (!d)
            return ls__error_set(ctx, LS_EGEOM, "masks: site %d minus the masks failed",
                                 s->site_id);
        GEOSGeom_destroy_r(ds->geos, s->geom);
        s->geom = d;
        s->area_mu = LS_M2_TO_MU(ls__geod_basis_area(ds, d));
        int keep = isnan(rules->site_min_mu) || s->area_mu >= rules->site_min_mu;
        for (size_t i = 0; i < s->nparcels; i++)
            ds->parcels[s->parcels[i]].site_id = keep ? (int)(kept + 1) : 0;
        if (!keep) {
            GEOSGeom_destroy_r(ds->geos, s->geom);
            free(s->parcels);
            continue;
        }
        s->site_id = (int)(kept + 1);
        ds->sites[kept++] = *s;
    }
    ds->nsites = kept;
    return LS_OK;
}
