/*
 * gdal_errors.c — collecting GDAL's error reports while an input is read, so that a
 * truncated or corrupt file stops the run with the file, layer and first bad feature
 * instead of being read as features without geometry (gdal_errors.h, issue 13 §1).
 *
 * A read that fails part way in OGR's shapefile driver reports CE_Failure ("Error in
 * fread() reading object of size … at offset … from .shp file") and still returns the
 * feature, with a NULL geometry; the DBF reader does the same for a record it cannot read.
 * Only failures count: GDAL's warnings (a recoded character, a restored index) are not
 * errors. The collector is reset before each read, so a failure of some later step on the
 * feature (a coordinate transformation) is not mistaken for a read error.
 */
#include <cpl_error.h>
#include <ogr_api.h>
#include <stdio.h>
#include <string.h>

#include "gdal_errors.h"
#include "source.h"

static void CPL_STDCALL collect(CPLErr cls, CPLErrorNum num, const char *msg)
{
    (void)num;
    ls__gdal_capture *c = CPLGetErrorHandlerUserData();
    if (c && (cls == CE_Failure || cls == CE_Fatal) && !c->failed) {
        c->failed = 1;
        snprintf(c->first, sizeof(c->first), "%s", msg ? msg : "");
        for (char *p = c->first; *p; p++)
            if (*p == '\n' || *p == '\r' || *p == '\t')
                *p = ' ';
        ls__source_redact(c->first, sizeof(c->first));
    }
}

void ls__gdal_capture_reset(ls__gdal_capture *c)
{
    c->failed = 0;
    c->first[0] = '\0';
    CPLErrorReset();
}

void ls__gdal_capture_begin(ls__gdal_capture *c)
{
    ls__gdal_capture_reset(c);
    CPLPushErrorHandlerEx(collect, c);
}

void ls__gdal_capture_end(ls__gdal_capture *c)
{
    (void)c;
    CPLPopErrorHandler();
}

int ls__gdal_next_feature(ls_context *ctx, ls__gdal_capture *c, OGRLayerH layer,
                          const char *display, long prev_fid, OGRFeatureH *f)
{
    ls__gdal_capture_reset(c);
    *f = OGR_L_GetNextFeature(layer);
    if (!c->failed)
        return LS_OK;
    long fid = *f ? (long)OGR_F_GetFID(*f) : prev_fid + 1;
    if (*f)
        OGR_F_Destroy(*f);
    *f = NULL;
    return ls__error_set(ctx, LS_EIO,
                         "%s: layer '%s': reading feature %ld failed (%s); the file is truncated "
                         "or corrupt: get a complete copy from its source",
                         display, OGR_L_GetName(layer), fid, c->first[0] ? c->first : "?");
}
