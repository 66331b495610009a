/*
 * read_enterprises.c — the enterprises input of the read stage: a table (CSV/XLSX/DBF/GPKG)
 * or points, one record per enterprise with its id (ROW<fid> when empty), parcel id, role,
 * scale and status in canonical values (业主 → owner, 规上 → above, 停产 → halted, ...),
 * evaluation class A–D, figures, dates and yes/no values; ds->enterprise_fields records
 * which of them are mapped. Points come from CSV x/y columns in `coord_sys` (GCJ-02 and
 * BD-09 converted to WGS84 first, coords.c; CGCS2000 = WGS84) or from the layer geometry,
 * and end in the working CRS; a point that cannot be placed is recorded in data_quality and
 * the enterprise is not joined by location.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "coords.h"
#include "crs.h"
#include "read_layer.h"

static char *canonical_value(char *s, const char *const pairs[][2])
{
    if (!s)
        return NULL;
    for (int i = 0; pairs[i][0]; i++)
        if (strcasecmp(s, pairs[i][0]) == 0) {
            free(s);
            return ls__strdup(pairs[i][1]);
        }
    return s;
}

static const char *const role_values[][2] = {
    {"owner", "owner"}, {"业主", "owner"},    {"权利人", "owner"},
    {"自有", "owner"},  {"tenant", "tenant"}, {"租户", "tenant"},
    {"承租", "tenant"}, {"租赁", "tenant"},   {NULL, NULL}};
static const char *const scale_values[][2] = {
    {"above", "above"}, {"规上", "above"},     {"规模以上", "above"}, {"below", "below"},
    {"规下", "below"},  {"规模以下", "below"}, {NULL, NULL}};
static const char *const status_values[][2] = {{"producing", "producing"}, {"生产", "producing"},
                                               {"正常", "producing"},      {"在产", "producing"},
                                               {"halted", "halted"},       {"停产", "halted"},
                                               {"partial", "partial"},     {"半停产", "partial"},
                                               {"部分停产", "partial"},    {NULL, NULL}};

/* Enterprise point in the working CRS from CSV columns or the layer geometry. */
static int enterprise_point(ls__reader *r, OGRFeatureH f, OGRCoordinateTransformationH geo_ct,
                            ls__enterprise *e)
{
    double x = NAN, y = NAN;
    const char *sys = r->in->coord_sys;
    if (r->xcol >= 0) {
        if (!OGR_F_IsFieldSetAndNotNull(f, r->xcol) || !OGR_F_IsFieldSetAndNotNull(f, r->ycol))
            return LS_OK;
        const char *xs = OGR_F_GetFieldAsString(f, r->xcol);
        char *xcopy = ls__strdup(xs);
        const char *ys = OGR_F_GetFieldAsString(f, r->ycol);
        int bad = ls__number_parse(xcopy, &x) != 0 || ls__number_parse(ys, &y) != 0;
        free(xcopy);
        if (bad)
            return ls__reader_dq(r, "point coordinates are not numbers", "not joined by location");
    } else {
        OGRGeometryH og = OGR_F_GetGeometryRef(f);
        if (!og || OGR_G_IsEmpty(og))
            return LS_OK;
        OGRGeometryH c = OGR_G_CreateGeometry(wkbPoint);
        if (OGR_G_Centroid(og, c) == OGRERR_NONE) {
            x = OGR_G_GetX(c, 0);
            y = OGR_G_GetY(c, 0);
        }
        OGR_G_DestroyGeometry(c);
        if (!sys || strcmp(sys, "working") == 0) {
            /* geometry in the layer's CRS */
            if (r->ct && !OCTTransform(r->ct, 1, &x, &y, NULL))
                return ls__reader_dq(r, "point could not be transformed", "not joined by location");
            if (isfinite(x) && isfinite(y)) {
                e->has_point = 1;
                e->x = x;
                e->y = y;
            }
            return LS_OK;
        }
    }
    if (!isfinite(x) || !isfinite(y))
        return ls__reader_dq(r, "point coordinates are not finite", "not joined by location");
    if (sys && (strcmp(sys, "gcj02") == 0 || strcmp(sys, "bd09") == 0 ||
                strcmp(sys, "wgs84") == 0 || strcmp(sys, "cgcs2000") == 0)) {
        if (fabs(x) > 180 || fabs(y) > 90)
            return ls__reader_dq(r, "point is not in degrees although coord_sys is geographic",
                                 "not joined by location");
        if (strcmp(sys, "gcj02") == 0)
            ls__gcj02_to_wgs84(x, y, &x, &y);
        else if (strcmp(sys, "bd09") == 0)
            ls__bd09_to_wgs84(x, y, &x, &y);
        if (!geo_ct || !OCTTransform(geo_ct, 1, &x, &y, NULL))
            return ls__reader_dq(r, "point could not be transformed", "not joined by location");
    }
    e->has_point = 1;
    e->x = x;
    e->y = y;
    return LS_OK;
}

int ls__read_enterprises(ls__reader *r, OGRSpatialReferenceH working)
{
    ls__dataset *ds = r->ds;
    size_t cap = 0;
    int error = LS_OK;
    OGRFeatureH f;
    OGRCoordinateTransformationH geo_ct = NULL;
    static const struct {
        const char *name;
        int bit;
    } bits[] = {{"tax_10k", LS_EF_TAX},         {"value_added_10k", LS_EF_VA},
                {"energy_tce", LS_EF_ENERGY},   {"status", LS_EF_STATUS},
                {"halted_since", LS_EF_HALTED}, {"land_tax_arrears_years", LS_EF_ARREARS},
                {"mortgaged", LS_EF_MORTGAGED}, {"eval_class", LS_EF_CLASS},
                {"founded", LS_EF_FOUNDED},     {"veto", LS_EF_VETO},
                {"scale", LS_EF_SCALE},         {"role", LS_EF_ROLE}};
    for (size_t i = 0; i < sizeof(bits) / sizeof(bits[0]); i++)
        if (ls__reader_mapped(r, bits[i].name))
            ds->enterprise_fields |= bits[i].bit;
    if (ls__reader_mapped(r, "land_tax_arrears_since"))
        ds->enterprise_fields |= LS_EF_ARREARS;
    const char *sys = r->in->coord_sys;
    if (sys && strcmp(sys, "working") != 0) {
        OGRSpatialReferenceH geo = ls__crs_from_text("EPSG:4490");
        if (geo) {
            geo_ct = OCTNewCoordinateTransformation(geo, working);
            OSRDestroySpatialReference(geo);
        }
        if (!geo_ct)
            return ls__error_set(r->ctx, LS_ECRS, "%s: cannot transform enterprise points from %s",
                                 r->in->path, sys);
    }
    OGR_L_ResetReading(r->layer);
    while (ls__reader_next(r, &f, &error)) {
        long fid = (long)OGR_F_GetFID(f);
        if ((error = ls__reader_grow((void **)&ds->enterprises, &cap, ds->nenterprises,
                                     sizeof(ls__enterprise))) != LS_OK) {
            OGR_F_Destroy(f);
            error = ls__error_set(r->ctx, error, "out of memory");
            break;
        }
        ls__enterprise *e = &ds->enterprises[ds->nenterprises++];
        e->row = fid;
        e->enterprise_id = ls__reader_text(r, f, "enterprise_id");
        if (!e->enterprise_id)
            e->enterprise_id = ls__sprintf("ROW%ld", fid);
        snprintf(r->label, sizeof(r->label), "%s", e->enterprise_id);
        e->name = ls__reader_text(r, f, "name");
        e->parcel_id = ls__reader_text(r, f, "parcel_id");
        e->role = canonical_value(ls__reader_text(r, f, "role"), role_values);
        e->scale = canonical_value(ls__reader_text(r, f, "scale"), scale_values);
        e->status = canonical_value(ls__reader_text(r, f, "status"), status_values);
        e->eval_class = ls__reader_text(r, f, "eval_class");
        if (e->eval_class) {
            for (char *c = e->eval_class; *c; c++)
                if (*c >= 'a' && *c <= 'd')
                    *c = (char)(*c - 'a' + 'A');
            if (strlen(e->eval_class) != 1 || e->eval_class[0] < 'A' || e->eval_class[0] > 'D') {
                char *msg = ls__sprintf("eval_class '%s' is not A, B, C or D", e->eval_class);
                error = msg ? ls__reader_dq(r, msg, "treated as missing") : LS_ENOMEM;
                free(msg);
                free(e->eval_class);
                e->eval_class = NULL;
            }
        }
        e->eval_score = NAN;
        e->tax_per_mu = e->va_per_mu = e->va_per_energy = NAN;
        e->labour_productivity = e->rd_share = e->tax_per_electricity = NAN;
        if (error != LS_OK || (error = ls__reader_number(r, f, "tax_10k", &e->tax_10k)) != LS_OK ||
            (error = ls__reader_number(r, f, "value_added_10k", &e->value_added_10k)) != LS_OK ||
            (error = ls__reader_number(r, f, "revenue_10k", &e->revenue_10k)) != LS_OK ||
            (error = ls__reader_number(r, f, "energy_tce", &e->energy_tce)) != LS_OK ||
            (error = ls__reader_number(r, f, "employees", &e->employees)) != LS_OK ||
            (error = ls__reader_number(r, f, "rd_10k", &e->rd_10k)) != LS_OK ||
            (error = ls__reader_number(r, f, "electricity_10k_kwh", &e->electricity_10k_kwh)) !=
                LS_OK ||
            (error = ls__reader_number(r, f, "land_tax_arrears_years",
                                       &e->land_tax_arrears_years)) != LS_OK ||
            (error = ls__reader_date(r, f, "halted_since", &e->halted_since)) != LS_OK ||
            (error = ls__reader_date(r, f, "land_tax_arrears_since", &e->land_tax_arrears_since)) !=
                LS_OK ||
            (error = ls__reader_date(r, f, "founded", &e->founded)) != LS_OK ||
            (error = ls__reader_bool(r, f, "mortgaged", &e->mortgaged)) != LS_OK ||
            (error = ls__reader_bool(r, f, "veto", &e->veto)) != LS_OK ||
            (error = enterprise_point(r, f, geo_ct, e)) != LS_OK) {
            OGR_F_Destroy(f);
            break;
        }
        OGR_F_Destroy(f);
    }
    if (geo_ct)
        OCTDestroyCoordinateTransformation(geo_ct);
    return error;
}
