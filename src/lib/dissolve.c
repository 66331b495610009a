/*
 * dissolve.c — districts and towns from the district polygons: polygons with the same
 * district `name` (or the same name and `town`) are united (GEOS unary union) and cleaned
 * into one area each, sorted by name then town, with its area in m². The read stage calls
 * it once for districts and, when `town` is mapped, once for towns.
 */
#include <stdlib.h>
#include <string.h>

#include <geos_c.h>

#include "dissolve.h"
#include "geos_bridge.h"

static int cmp_area_name(const void *a, const void *b)
{
    const ls__area *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    if (c == 0)
        c = strcmp(x->town ? x->town : "", y->town ? y->town : "");
    return c;
}

/* Dissolve district polygons by name (with_town = 0) or by (name, town). */
int ls__dissolve_areas(ls_context *ctx, ls__dataset *ds, int with_town, ls__area **out,
                       size_t *nout)
{
    GEOSContextHandle_t g = ds->geos;
    size_t n = ds->ndistrict_polys;
    ls__area *sorted = calloc(n ? n : 1, sizeof(*sorted));
    ls__area *res = calloc(n ? n : 1, sizeof(*res));
    size_t nres = 0;
    int error = LS_OK;
    if (!sorted || !res) {
        error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
        goto cleanup;
    }
    for (size_t i = 0; i < n; i++) {
        sorted[i] = ds->district_polys[i];
        if (!with_town)
            sorted[i].town = NULL;
    }
    qsort(sorted, n, sizeof(*sorted), cmp_area_name);
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && cmp_area_name(&sorted[i], &sorted[j]) == 0)
            j++;
        GEOSGeometry *merged = NULL;
        if (j - i == 1) {
            merged = GEOSGeom_clone_r(g, sorted[i].geom);
        } else {
            GEOSGeometry **parts = malloc((j - i) * sizeof(*parts));
            if (!parts) {
                error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
                goto cleanup;
            }
            for (size_t k = i; k < j; k++)
                parts[k - i] = GEOSGeom_clone_r(g, sorted[k].geom);
            GEOSGeometry *coll =
                GEOSGeom_createCollection_r(g, GEOS_GEOMETRYCOLLECTION, parts, (unsigned)(j - i));
            free(parts);
            merged = coll ? GEOSUnaryUnion_r(g, coll) : NULL;
            if (coll)
                GEOSGeom_destroy_r(g, coll);
        }
        const char *why;
        if (!merged || ls__geos_clean_polygon(g, &merged, &why) > LS_GEOM_REPAIRED) {
            error =
                ls__error_set(ctx, LS_EGEOM, "districts: could not dissolve '%s'", sorted[i].name);
            goto cleanup;
        }
        ls__area *a = &res[nres++];
        a->geom = merged;
        a->name = ls__strdup(sorted[i].name);
        a->town = with_town ? ls__strdup(sorted[i].town) : NULL;
        a->id = ls__strdup(with_town ? sorted[i].town : sorted[i].name);
        a->fid = (long)nres;
        GEOSArea_r(g, merged, &a->area_m2);
        i = j;
    }
cleanup:
    free(sorted);
    if (error != LS_OK) {
        for (size_t i = 0; i < nres; i++) {
            GEOSGeom_destroy_r(g, res[i].geom);
            free(res[i].name);
            free(res[i].town);
            free(res[i].id);
        }
        free(res);
        return error;
    }
    *out = res;
    *nout = nres;
    return LS_OK;
}
