/*
 * gdal_errors.h — GDAL's own error reports (CPLError) while an input is read. OGR does not
 * fail a feature read: a .shp cut off in the middle of a record, or a .dbf record that
 * cannot be read, comes back as a feature with no geometry or empty fields, and the only
 * trace is a CE_Failure message. Every feature loop over an input reads through
 * ls__gdal_next_feature(), which turns such a message into an error naming the file, the
 * layer and the first bad feature (issue 13 §1). Warnings are not errors.
 */
#ifndef LANDSCAN_GDAL_ERRORS_H
#define LANDSCAN_GDAL_ERRORS_H

#include <gdal.h>

#include "internal.h"

/* The first failure GDAL reported since the last reset (per thread: GDAL's error handler
 * stack is thread-local). */
typedef struct ls__gdal_capture {
    int failed;
    char first[512];
} ls__gdal_capture;

/* Push a handler collecting into c (which is reset); every _begin needs its _end on the
 * same thread. Messages are kept, never printed. */
void ls__gdal_capture_begin(ls__gdal_capture *c);
void ls__gdal_capture_end(ls__gdal_capture *c);
/* Forget what was collected (and GDAL's last error). */
void ls__gdal_capture_reset(ls__gdal_capture *c);

/* The next feature of `layer` into *f (NULL at the end), with GDAL's errors of that read
 * checked: a failure is LS_EIO with "<display>: layer '<name>': reading feature <fid> failed
 * (<GDAL's message>); the file is truncated or corrupt …" (the FID of the feature returned,
 * else the one after `prev_fid`, -1 before the first). The feature is destroyed then and *f
 * is NULL. The capture must have been begun by the caller. */
int ls__gdal_next_feature(ls_context *ctx, ls__gdal_capture *c, OGRLayerH layer,
                          const char *display, long prev_fid, OGRFeatureH *f);

#endif
