/*
 * explain_supply.c — the supply screening part of `landscan explain` (domain.md §10): the
 * firms on the parcel that get no new land (enterprises.supply_restricted, classes in
 * no_new_land_classes, seed 004 "限制、禁止综合评价C、D类企业新增用地"), read from the
 * GeoPackage's enterprises table by their parcel_ids. Nothing is printed for a parcel
 * without such a firm, or for a GeoPackage written before supply_restricted existed.
 */
#include <gdal.h>
#include <ogr_api.h>
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "textout.h"

static char *field_copy(OGRFeatureH f, OGRFeatureDefnH d, const char *name)
{
    int ix = OGR_FD_GetFieldIndex(d, name);
    return ls__strdup(ix >= 0 && OGR_F_IsFieldSetAndNotNull(f, ix) ? OGR_F_GetFieldAsString(f, ix)
                                                                   : "");
}

void ls__explain_supply(ls__buf *b, GDALDatasetH gds, const char *parcel_id)
{
    OGRLayerH l = GDALDatasetGetLayerByName(gds, "enterprises");
    if (!l || OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(l), "supply_restricted") < 0)
        return;
    OGR_L_ResetReading(l);
    OGRFeatureH f;
    int first = 1;
    while ((f = OGR_L_GetNextFeature(l)) != NULL) {
        OGRFeatureDefnH d = OGR_F_GetDefnRef(f);
        int rx = OGR_FD_GetFieldIndex(d, "supply_restricted");
        if (OGR_F_IsFieldSetAndNotNull(f, rx) && OGR_F_GetFieldAsInteger(f, rx) == 1) {
            /* copies: GetFieldAsString reuses one buffer */
            char *pids = field_copy(f, d, "parcel_ids"), *id = field_copy(f, d, "enterprise_id"),
                 *name = field_copy(f, d, "name"), *cls = field_copy(f, d, "eval_class");
            if (pids && id && name && cls && ls__list_has(pids, parcel_id)) {
                if (first)
                    ls__buf_add(b, "\n供地限制 / supply screening (no_new_land_classes):\n");
                first = 0;
                ls__buf_addf(b, "  限制新增用地 no new land: %s %s, 评价类别 class %s\n", id,
                             *name ? name : "-", *cls ? cls : "-");
            }
            free(pids);
            free(id);
            free(name);
            free(cls);
        }
        OGR_F_Destroy(f);
    }
}
