/*
 * read_layer.h (private to read.c and read_enterprises.c) — one open input layer of the
 * read stage and the field readers shared by the per-role readers: a mapped field's text,
 * number, date or yes/no value, with a data_quality row for a value that does not parse.
 */
#ifndef LANDSCAN_READ_LAYER_H
#define LANDSCAN_READ_LAYER_H

#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "gdal_errors.h"
#include "model.h"
#include "source.h"

#define MAX_FIELDS 24

/* One open input layer. */
typedef struct ls__reader {
    ls_context *ctx;
    ls__dataset *ds;
    ls_input_role role;
    const char *role_name;
    const ls_input *in;
    ls__input_source source; /* the opened input and its layer (source.h) */
    OGRLayerH layer;
    OGRCoordinateTransformationH ct;
    OGRSpatialReferenceH src;
    int idx[MAX_FIELDS];                 /* OGR field index per canonical field, -1 unmapped */
    const char *pos_key[2 * MAX_FIELDS]; /* canonical names looked up (by address) */
    int pos_val[2 * MAX_FIELDS];         /* their position in the role's fields, -1 none */
    int npos;
    int xcol, ycol;           /* enterprise point columns, -1 when absent */
    char label[96];           /* current feature label for messages */
    ls__gdal_capture cap;     /* GDAL's errors while the features are read (gdal_errors.h) */
    GEOSContextHandle_t geos; /* the reading thread's GEOS handle */
    ls__dq *dq;               /* the input's data_quality rows (appended in role order) */
    long prev_fid;            /* FID of the feature read last, -1 before the first */
    long nread, total; /* features read so far; the layer's count (0 = not asked, -1 unknown) */
    struct {
        char why[112]; /* reason a feature was skipped, with its geometry type */
        long n;
    } skips[8]; /* the first 8 distinct reasons (for "no usable parcel polygons") */
    int nskips;
    long skipped_other; /* skipped for a reason beyond the first 8 */
} ls__reader;

/* The next feature into *f, counted in the layer's features: 1 when there is one, 0 at the
 * end, on a read error or an interrupt (then *error is set: a truncated or corrupt file is
 * never read as fewer features). */
int ls__reader_next(ls__reader *r, OGRFeatureH *f, int *error);
/* One data_quality row for the current feature (r->label). */
int ls__reader_dq(ls__reader *r, const char *problem, const char *action);
/* The field readers take the canonical name as a string with static storage (a literal or a
 * table entry): its position is remembered by address. */
/* The mapped field's text value, trimmed, or NULL when unmapped, null or empty. */
char *ls__reader_text(ls__reader *r, OGRFeatureH f, const char *canonical);
/* 1 when the canonical field is mapped to a field of the layer. */
int ls__reader_mapped(const ls__reader *r, const char *canonical);
/* Number (NAN), date (LS_NO_DATE) and yes/no (-1) values; a value that does not parse is
 * recorded in data_quality and treated as missing. */
int ls__reader_number(ls__reader *r, OGRFeatureH f, const char *canonical, double *out);
int ls__reader_date(ls__reader *r, OGRFeatureH f, const char *canonical, int *out);
int ls__reader_bool(ls__reader *r, OGRFeatureH f, const char *canonical, int *out);
/* Room for element n of *arr, element n zeroed (the array doubles when full); LS_ENOMEM when
 * out of memory. */
int ls__reader_grow(void **arr, size_t *cap, size_t n, size_t size);
/* The feature loops (read_features.c): every feature of the opened reader r into its arrays
 * of r->ds (parcels, buildings) or *out (area layers). LS_OK or the error set on r->ctx;
 * parcels: LS_EINVAL when no feature gave a usable polygon (with the counts and causes). */
int ls__read_parcels(ls__reader *r);
int ls__read_areas(ls__reader *r, ls__area **out, size_t *nout);
int ls__read_buildings(ls__reader *r);

/* The enterprises layer into ds->enterprises (read_enterprises.c); points in `working`. */
int ls__read_enterprises(ls__reader *r, OGRSpatialReferenceH working);

#endif
