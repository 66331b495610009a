/*
 * crs.c — coordinate reference system helpers for the read stage and its messages: a CRS
 * from the run file's `crs:` / `assume_crs:` text (axis order always easting, northing), the
 * short name recorded per layer and for the run, and the working CRS as WKT2 and EPSG code.
 * A CRS guessed from coordinates is in crs_guess.c, the GCJ-02 / BD-09 offsets in coords.c.
 */
#include <stdlib.h>
#include <string.h>

#include <cpl_conv.h>
#include <ogr_srs_api.h>

#include "crs.h"
#include "internal.h"

OGRSpatialReferenceH ls__crs_from_text(const char *text)
{
    OGRSpatialReferenceH s = OSRNewSpatialReference(NULL);
    if (!s)
        return NULL;
    if (OSRSetFromUserInput(s, text) != OGRERR_NONE) {
        OSRDestroySpatialReference(s);
        return NULL;
    }
    OSRSetAxisMappingStrategy(s, OAMS_TRADITIONAL_GIS_ORDER);
    return s;
}

char *ls__crs_name(OGRSpatialReferenceH s)
{
    const char *auth = OSRGetAuthorityName(s, NULL);
    const char *code = OSRGetAuthorityCode(s, NULL);
    if (auth && code)
        return ls__sprintf("%s:%s", auth, code);
    const char *name = OSRGetName(s);
    return ls__strdup(name ? name : "unnamed CRS");
}

char *ls__crs_wkt(OGRSpatialReferenceH s)
{
    const char *opts[] = {"FORMAT=WKT2_2019", NULL};
    char *wkt = NULL, *out = NULL;
    if (OSRExportToWktEx(s, &wkt, opts) == OGRERR_NONE && wkt)
        out = ls__strdup(wkt);
    CPLFree(wkt);
    return out;
}

int ls__crs_epsg(OGRSpatialReferenceH s)
{
    const char *auth = OSRGetAuthorityName(s, NULL);
    const char *code = OSRGetAuthorityCode(s, NULL);
    if (auth && code && strcmp(auth, "EPSG") == 0)
        return atoi(code);
    return 0;
}
