/*
 * check.c — the data-quality measures of `landscan check` that the read stage does not
 * keep: how many values of each mapped field are missing or do not parse, and how well
 * the enterprise records join to parcels.
 *
 * Field counts re-read the inputs with OGR (read-only, the same layer and encoding
 * override as read.c) rather than the dataset, because read.c fills defaults for some
 * absent values (FID<n> ids, tier 1, "(未命名)") and skips features with unusable geometry.
 * A value is missing when NULL or blank; invalid when a number, date or yes/no field holds
 * text that values.c does not accept (the run treats both as missing).
 *
 * The join is the run's own (join.c, as measure.c uses it) — the record's parcel_id names a
 * parcel, else the parcels' own enterprise_id names the record, else the record's point
 * lies in a parcel — but only counts: the dataset is not modified, no data_quality rows are
 * added. Overlay areas are not needed for this.
 *
 * Compliance inputs (ls__check_flags): buildings counted by `use` class (building_use.c, the
 * classes CHK_ADMIN reads) and parcels carrying 标准地 commitments, with and without the
 * agreed_finish_date the review needs.
 */
#include <gdal.h>
#include <math.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <stdlib.h>
#include <string.h>

#include "building_use.h"
#include "check.h"
#include "encoding.h"
#include "join.h"
#include "source.h"

typedef enum { KIND_TEXT, KIND_NUMBER, KIND_DATE, KIND_BOOL } field_kind;

static field_kind kind_of(const char *canonical)
{
    static const char *const dates[] = {"grant_date",
                                        "agreed_start_date",
                                        "agreed_finish_date",
                                        "halted_since",
                                        "land_tax_arrears_since",
                                        "founded",
                                        "approval_date",
                                        NULL};
    static const char *const bools[] = {"started", "approved_unsupplied", "mortgaged", "veto",
                                        NULL};
    static const char *const numbers[] = {"floors",
                                          "floor_area_m2",
                                          "height_m",
                                          "tax_10k",
                                          "value_added_10k",
                                          "revenue_10k",
                                          "energy_tce",
                                          "employees",
                                          "rd_10k",
                                          "electricity_10k_kwh",
                                          "land_tax_arrears_years",
                                          "committed_tax_per_mu",
                                          "committed_va_per_mu",
                                          "committed_far",
                                          "committed_investment_per_mu",
                                          "committed_energy_per_va",
                                          "investment_10k",
                                          "x",
                                          "y",
                                          NULL};
    for (int i = 0; dates[i]; i++)
        if (strcmp(canonical, dates[i]) == 0)
            return KIND_DATE;
    for (int i = 0; bools[i]; i++)
        if (strcmp(canonical, bools[i]) == 0)
            return KIND_BOOL;
    for (int i = 0; numbers[i]; i++)
        if (strcmp(canonical, numbers[i]) == 0)
            return KIND_NUMBER;
    return KIND_TEXT;
}

/* Count missing and invalid values of one field over the whole layer. */
static void count_field(OGRLayerH layer, int idx, field_kind kind, ls_field_summary *fs)
{
    OGRFeatureH f;
    OGR_L_ResetReading(layer);
    while ((f = OGR_L_GetNextFeature(layer)) != NULL) {
        if (!OGR_F_IsFieldSetAndNotNull(f, idx)) {
            fs->missing++;
            OGR_F_Destroy(f);
            continue;
        }
        OGRFieldType t = OGR_Fld_GetType(OGR_F_GetFieldDefnRef(f, idx));
        char *s = ls__trim(ls__strdup(OGR_F_GetFieldAsString(f, idx)));
        double v;
        int days, b;
        if (!s || !*s)
            fs->missing++;
        else if ((kind == KIND_NUMBER && t != OFTReal && t != OFTInteger && t != OFTInteger64 &&
                  ls__number_parse(s, &v) != 0) ||
                 (kind == KIND_DATE && ls__date_parse(s, &days) != 0) ||
                 (kind == KIND_BOOL && ls__bool_parse(s, &b) != 0))
            fs->invalid++;
        free(s);
        OGR_F_Destroy(f);
    }
}

static int add_field(ls_layer_summary *l, const char *canonical, const char *source)
{
    ls_field_summary *fs = &l->fields[l->nfields];
    memset(fs, 0, sizeof(*fs));
    fs->canonical = ls__strdup(canonical);
    fs->source = ls__strdup(source);
    l->nfields++;
    return fs->canonical && fs->source ? LS_OK : LS_ENOMEM;
}

/* The fields of one input layer. */
static int check_layer(ls_context *ctx, const ls_input *in, const char *role, ls_layer_summary *l)
{
    int error = LS_OK;
    ls__input_source src;
    memset(&src, 0, sizeof(src));
    l->fields = calloc(in->nfields + 2, sizeof(*l->fields));
    if (!l->fields)
        return ls__error_set(ctx, LS_ENOMEM, "out of memory");
    for (size_t i = 0; i < in->nfields && error == LS_OK; i++)
        error = add_field(l, in->fields[i].canonical, in->fields[i].source);
    if (error == LS_OK && in->x && in->y) {
        error = add_field(l, "x", in->x);
        if (error == LS_OK)
            error = add_field(l, "y", in->y);
    }
    if (error != LS_OK) {
        error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
        goto cleanup;
    }
    /* opened exactly as read.c opens it (same encoding decision, layer or sql:), without a
     * second warning; read.c opened it a moment ago, so a failure means it changed under us */
    if ((error = ls__source_open(ctx, in, role, NULL, LS__SOURCE_QUIET, &src)) != LS_OK)
        goto cleanup;
    OGRLayerH layer = src.layer;
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    for (size_t i = 0; i < l->nfields; i++) {
        ls_field_summary *fs = &l->fields[i];
        int idx = OGR_FD_GetFieldIndex(defn, fs->source);
        if (idx < 0) {
            error = ls__error_set(ctx, LS_EIO, "%s: field '%s' disappeared", in->path, fs->source);
            goto cleanup;
        }
        count_field(layer, idx, kind_of(fs->canonical), fs);
        if (ls_context_interrupted(ctx)) {
            error = ls__error_set(ctx, LS_EINTERRUPTED, "interrupted");
            goto cleanup;
        }
    }
cleanup:
    ls__source_close(&src);
    return error;
}

int ls__check_fields(ls_context *ctx, const ls_config *cfg, ls_run_summary *sum)
{
    int error = LS_OK;
    CPLPushErrorHandler(CPLQuietErrorHandler);
    for (size_t i = 0; i < sum->nlayers && error == LS_OK; i++) {
        ls_layer_summary *l = &sum->layers[i];
        for (int r = 0; r < LS_INPUT_COUNT; r++) {
            if (cfg->inputs[r].present &&
                strcmp(l->role, ls_input_role_name((ls_input_role)r)) == 0) {
                ls__progress(ctx, "check fields", (double)i / (double)sum->nlayers);
                error = check_layer(ctx, &cfg->inputs[r], l->role, l);
                break;
            }
        }
    }
    CPLPopErrorHandler();
    return error;
}

int ls__check_join(ls_context *ctx, const ls__dataset *ds, ls_run_summary *sum)
{
    int error = LS_OK;
    ls__join *join = NULL;
    unsigned char *hit = NULL;
    if (ds->nenterprises == 0)
        return LS_OK;
    if (!(hit = calloc(ds->nparcels ? ds->nparcels : 1, 1)))
        return ls__error_set(ctx, LS_ENOMEM, "out of memory");
    if ((error = ls__join_new(ctx, ds, &join)) != LS_OK)
        goto cleanup;
    for (size_t e = 0; e < ds->nenterprises && error == LS_OK; e++) {
        size_t *parcels = NULL, n = 0;
        ls__join_how how;
        sum->enterprise_records++;
        error = ls__join_record(join, &ds->enterprises[e], &parcels, &n, &how);
        for (size_t k = 0; k < n; k++)
            hit[parcels[k]] = 1;
        free(parcels);
        if (how == LS_JOIN_PARCEL_ID)
            sum->joined_by_parcel_id++;
        else if (how == LS_JOIN_ENTERPRISE_ID)
            sum->joined_by_enterprise_id++;
        else if (how == LS_JOIN_LOCATION)
            sum->joined_by_location++;
        else
            sum->unjoined++;
    }
    for (size_t i = 0; error == LS_OK && i < ds->nparcels; i++)
        sum->parcels_with_enterprise += hit[i];
cleanup:
    ls__join_free(join);
    free(hit);
    return error;
}

void ls__check_flags(const ls__dataset *ds, ls_run_summary *sum)
{
    memset(sum->buildings_by_use, 0, sizeof(sum->buildings_by_use));
    for (size_t i = 0; ds->has_building_use && i < ds->nbuildings; i++) {
        int c = (int)ds->buildings[i].use_class; /* LS_USE_NONE = 0 is counted last */
        sum->buildings_by_use[c == LS_USE_NONE ? 6 : c - 1]++;
    }
    for (size_t i = 0; i < ds->nparcels; i++) {
        const ls__parcel *p = &ds->parcels[i];
        int any = 0;
        for (int c = 0; c < LS_COMMIT_COUNT; c++)
            any |= !isnan(p->committed[c]);
        sum->parcels_with_commitment += any;
        sum->commitments_with_finish_date += any && p->agreed_finish_date != LS_NO_DATE;
    }
}
