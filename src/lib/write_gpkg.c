/*
 * write_gpkg.c — writes DIR/landscan.gpkg with OGR's GPKG driver.
 *
 * Layer and field names are the output contract of product.md (extend, never rename).
 * Measures with nothing to measure are 0; figures that cannot exist without enterprise
 * data (tax, per-mu, score, class) are NULL; a parcel outside every site has NULL site_id.
 * Every field carries a Chinese alias (OGR alternative name → gpkg_data_columns) so QGIS
 * shows Chinese captions. Each layer is written inside one transaction; the parcels and the
 * enterprises (the long layers) reuse one feature for every row. The caller writes
 * to a temporary path and renames it into place; this file never touches the inputs.
 *
 * With a ledger (ds->has_ledger): parcels get change, first_listed, listed_runs, lists,
 * match, matched_from; blocks / districts / towns get new_listed_mu, resolved_mu,
 * net_listed_mu; layer `resolved` lists the parcels that left a list (ledger_match.c), with the
 * block_id, district and town where each counts in those totals (for a parcel that no longer
 * exists: where it was in the previous run), so reports can attribute removed parcels. These
 * fields are set by name, after the contract's fields.
 *
 * With approvals (inputs.approvals): layer `unsupplied` (批而未供, unsupplied.c), NULL
 * approval_date / age_years when unknown. Every run: parcels.flags ("" none) and
 * unsupplied_mu on blocks / districts / towns (0 where there is none).
 */
#include <gdal.h>
#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <math.h>
#include <ogr_srs_api.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geos_bridge.h"
#include "gpkg_aliases.h"
#include "targets.h"
#include "write_gpkg.h"

typedef struct fdef {
    const char *name;
    OGRFieldType type;
    const char *alias;
} fdef;

/* parcels: the contract's fields, in the contract's order, then extensions */
enum {
    P_PARCEL_ID,
    P_BLOCK_ID,
    P_BLOCK_NAME,
    P_DISTRICT,
    P_TOWN,
    P_LANDUSE,
    P_INDUSTRIAL,
    P_AREA_M2,
    P_AREA_MU,
    P_INSIDE,
    P_SHARE,
    P_TIER,
    P_FOOTPRINT,
    P_FLOOR,
    P_FAR,
    P_COVERAGE,
    P_FAR_FLOOR,
    P_INDUSTRY,
    P_ENT_IDS,
    P_ENT_COUNT,
    P_TAX,
    P_VA,
    P_TAX_MU,
    P_VA_MU,
    P_ENERGY,
    P_SCORE,
    P_CLASS,
    P_STATUS,
    P_ACTION,
    P_REASONS,
    P_RECLAIM,
    P_UPLIFT,
    P_SITE,
    P_OWNER,
    P_BUILDINGS,
    P_AREA_ELL,
    P_CORRECTED,
    P_MASKED,
    P_TRANS_M2,
    P_TRANS_SHARE,
    P_FLAGS,
    P_COUNT
};
static const fdef parcel_defs[P_COUNT] = {
    {"parcel_id", OFTString, "地块编号"},
    {"block_id", OFTString, "区块编号"},
    {"block_name", OFTString, "区块名称"},
    {"district", OFTString, "区县"},
    {"town", OFTString, "镇街"},
    {"landuse", OFTString, "土地用途"},
    {"industrial", OFTInteger, "工业用地"},
    {"area_m2", OFTReal, "面积(平方米)"},
    {"area_mu", OFTReal, "面积(亩)"},
    {"inside_control_m2", OFTReal, "控制线内面积(平方米)"},
    {"control_share", OFTReal, "控制线内比例"},
    {"control_tier", OFTString, "控制线级别"},
    {"footprint_m2", OFTReal, "建筑基底面积(平方米)"},
    {"floor_area_m2", OFTReal, "建筑面积(平方米)"},
    {"far", OFTReal, "容积率"},
    {"coverage", OFTReal, "建筑系数"},
    {"far_floor", OFTReal, "容积率下限"},
    {"industry_code", OFTString, "行业代码"},
    {"enterprise_ids", OFTString, "企业代码"},
    {"enterprise_count", OFTInteger, "企业数"},
    {"tax_10k", OFTReal, "税收(万元)"},
    {"value_added_10k", OFTReal, "增加值(万元)"},
    {"tax_per_mu", OFTReal, "亩均税收(万元/亩)"},
    {"value_added_per_mu", OFTReal, "亩均增加值(万元/亩)"},
    {"energy_per_va", OFTReal, "单位增加值能耗(吨标煤/万元)"},
    {"eval_score", OFTReal, "综合评价得分"},
    {"eval_class", OFTString, "评价类别"},
    {"status", OFTString, "状态"},
    {"action", OFTString, "处置方式"},
    {"reasons", OFTString, "原因"},
    {"reclaimable_mu", OFTReal, "可盘活亩数"},
    {"far_uplift_m2", OFTReal, "提容潜力(平方米)"},
    {"site_id", OFTInteger, "连片地块编号"},
    {"owner", OFTString, "权利人"},
    {"building_count", OFTInteger, "建筑数"},
    {"area_ellipsoidal_m2", OFTReal, "椭球面积(平方米)"},
    {"corrected", OFTInteger, "已更正"},
    {"masked_m2", OFTReal, "扣除区域面积(平方米)"},
    {"transition_m2", OFTReal, "过渡区面积(平方米)"},
    {"transition_share", OFTReal, "过渡区比例"},
    {"flags", OFTString, "合规提示"},
};

static int make_fields(ls_context *ctx, OGRLayerH layer, const fdef *defs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        OGRFieldDefnH fd = OGR_Fld_Create(defs[i].name, defs[i].type);
        if (defs[i].alias)
            OGR_Fld_SetAlternativeName(fd, defs[i].alias);
        OGRErr err = OGR_L_CreateField(layer, fd, TRUE);
        OGR_Fld_Destroy(fd);
        if (err != OGRERR_NONE)
            return ls__error_set(ctx, LS_EIO, "GeoPackage: cannot create field %s on %s (%s)",
                                 defs[i].name, OGR_L_GetName(layer), CPLGetLastErrorMsg());
    }
    return LS_OK;
}

static void set_real(OGRFeatureH f, int i, double v)
{
    if (isnan(v))
        OGR_F_SetFieldNull(f, i);
    else
        OGR_F_SetFieldDouble(f, i, v);
}

static void set_text(OGRFeatureH f, int i, const char *s)
{
    if (s)
        OGR_F_SetFieldString(f, i, s);
    else
        OGR_F_SetFieldNull(f, i);
}

static OGRLayerH make_layer(ls_context *ctx, GDALDatasetH gds, const char *name,
                            OGRSpatialReferenceH srs, OGRwkbGeometryType type, const char *desc)
{
    char **opts = NULL;
    opts = CSLSetNameValue(opts, "FID", "fid");
    if (type != wkbNone) {
        opts = CSLSetNameValue(opts, "GEOMETRY_NAME", "geom");
        opts = CSLSetNameValue(opts, "SPATIAL_INDEX", "YES");
    }
    if (desc)
        opts = CSLSetNameValue(opts, "DESCRIPTION", desc);
    OGRLayerH l = GDALDatasetCreateLayer(gds, name, type == wkbNone ? NULL : srs, type, opts);
    CSLDestroy(opts);
    if (!l)
        ls__error_set(ctx, LS_EIO, "GeoPackage: cannot create layer %s (%s)", name,
                      CPLGetLastErrorMsg());
    return l;
}

static int put(ls_context *ctx, OGRLayerH l, OGRFeatureH f)
{
    if (OGR_L_CreateFeature(l, f) != OGRERR_NONE)
        return ls__error_set(ctx, LS_EIO, "GeoPackage: cannot write a feature of %s (%s)",
                             OGR_L_GetName(l), CPLGetLastErrorMsg());
    return LS_OK;
}

static int set_geom(ls_context *ctx, const ls__dataset *ds, OGRFeatureH f, const GEOSGeometry *g)
{
    OGRGeometryH og = ls__geos_to_ogr_multipolygon(ds->geos, g);
    if (!og)
        return ls__error_set(ctx, LS_EGEOM, "GeoPackage: geometry conversion failed");
    OGR_F_SetGeometryDirectly(f, og);
    return LS_OK;
}

int ls__parcel_enterprise_ids_into(const ls__dataset *ds, const ls__parcel *p, ls__buf *b)
{
    int count = 0;
    b->len = 0;
    for (size_t k = 0; k < p->nent; k++) {
        const char *id = ds->enterprises[p->ents[k]].enterprise_id;
        int seen = 0;
        for (size_t j = 0; j < k && !seen; j++)
            seen = strcmp(ds->enterprises[p->ents[j]].enterprise_id, id) == 0;
        if (seen)
            continue;
        if (b->len)
            ls__buf_addn(b, ";", 1);
        ls__buf_add(b, id);
        count++;
    }
    ls__buf_addn(b, "", 0); /* "" rather than no buffer when the parcel has no firm */
    return count;
}

char *ls__parcel_enterprise_ids(const ls__dataset *ds, const ls__parcel *p, int *count)
{
    ls__buf b = {0};
    *count = ls__parcel_enterprise_ids_into(ds, p, &b);
    return ls__buf_take(&b);
}

/* ---- ledger fields (only when the run uses a ledger) ---------------------------------- */

static const fdef parcel_ledger_defs[] = {
    {"change", OFTString, "清单变化"},       {"first_listed", OFTString, "首次列入日期"},
    {"listed_runs", OFTInteger, "列入次数"}, {"lists", OFTString, "所属清单"},
    {"match", OFTString, "图斑对应方式"},    {"matched_from", OFTString, "原地块编号"},
};
static const fdef total_ledger_defs[] = {
    {"new_listed_mu", OFTReal, "新增列入(亩)"},
    {"resolved_mu", OFTReal, "销号(亩)"},
    {"net_listed_mu", OFTReal, "清单净变化(亩)"},
};
#define NDEFS(a) (sizeof(a) / sizeof((a)[0]))

/* ix: the indexes of parcel_ledger_defs' fields in the layer, looked up once */
static void set_parcel_ledger(OGRFeatureH f, const int *ix, const ls__parcel *p)
{
    OGR_F_SetFieldString(f, ix[0], ls__change_name(p->change));
    set_text(f, ix[1], p->first_listed);
    OGR_F_SetFieldInteger(f, ix[2], p->listed_runs);
    set_text(f, ix[3], p->lists ? p->lists : "");
    set_text(f, ix[4], p->match);
    set_text(f, ix[5], p->matched_from);
}

/* The feature for the next row of a layer: one per layer, reused (every field is set or set
 * to NULL for each row; the FID GDAL gave the previous row is cleared). */
static void next_row(OGRFeatureH f)
{
    OGR_F_SetFID(f, OGRNullFID);
}

static void set_total_ledger(OGRFeatureH f, OGRFeatureDefnH defn, const ls__totals *t)
{
    OGR_F_SetFieldDouble(f, OGR_FD_GetFieldIndex(defn, "new_listed_mu"), t->new_listed_mu);
    OGR_F_SetFieldDouble(f, OGR_FD_GetFieldIndex(defn, "resolved_mu"), t->resolved_mu);
    OGR_F_SetFieldDouble(f, OGR_FD_GetFieldIndex(defn, "net_listed_mu"), t->net_listed_mu);
}

static int write_parcels(ls_context *ctx, const ls__dataset *ds, GDALDatasetH gds,
                         OGRSpatialReferenceH srs)
{
    OGRLayerH l = make_layer(ctx, gds, "parcels", srs, wkbMultiPolygon, "宗地评价结果");
    if (!l)
        return LS_EIO;
    int error = make_fields(ctx, l, parcel_defs, P_COUNT);
    if (error == LS_OK && ds->has_ledger)
        error = make_fields(ctx, l, parcel_ledger_defs, NDEFS(parcel_ledger_defs));
    if (error != LS_OK)
        return error;
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(l);
    int ledger_ix[NDEFS(parcel_ledger_defs)];
    for (size_t k = 0; k < NDEFS(parcel_ledger_defs); k++)
        ledger_ix[k] = OGR_FD_GetFieldIndex(defn, parcel_ledger_defs[k].name);
    OGRFeatureH f = OGR_F_Create(defn);
    if (!f)
        return ls__error_set(ctx, LS_ENOMEM, "out of memory");
    for (size_t i = 0; i < ds->nparcels && error == LS_OK; i++) {
        const ls__parcel *p = &ds->parcels[i];
        if ((i & 4095) == 0)
            ls__progress(ctx, "write GeoPackage", 0.7 * (double)i / (double)ds->nparcels);
        next_row(f);
        int nids = 0;
        char *ids = ls__parcel_enterprise_ids(ds, p, &nids);
        set_text(f, P_PARCEL_ID, p->parcel_id);
        set_text(f, P_BLOCK_ID, p->block_id);
        set_text(f, P_BLOCK_NAME, p->block_name);
        set_text(f, P_DISTRICT, p->district);
        set_text(f, P_TOWN, p->town);
        set_text(f, P_LANDUSE, p->landuse);
        OGR_F_SetFieldInteger(f, P_INDUSTRIAL, p->industrial);
        OGR_F_SetFieldDouble(f, P_AREA_M2, p->area_m2);
        OGR_F_SetFieldDouble(f, P_AREA_MU, p->area_mu);
        OGR_F_SetFieldDouble(f, P_INSIDE, p->inside_control_m2);
        OGR_F_SetFieldDouble(f, P_SHARE, p->control_share);
        set_text(f, P_TIER, p->control_tier);
        OGR_F_SetFieldDouble(f, P_FOOTPRINT, p->footprint_m2);
        set_real(f, P_FLOOR, p->floor_area_m2);
        set_real(f, P_FAR, p->far);
        OGR_F_SetFieldDouble(f, P_COVERAGE, p->coverage);
        set_real(f, P_FAR_FLOOR, p->far_floor);
        set_text(f, P_INDUSTRY, p->industry_code);
        set_text(f, P_ENT_IDS, ids && *ids ? ids : NULL);
        OGR_F_SetFieldInteger(f, P_ENT_COUNT, nids);
        set_real(f, P_TAX, p->tax_10k);
        set_real(f, P_VA, p->value_added_10k);
        set_real(f, P_TAX_MU, p->tax_per_mu);
        set_real(f, P_VA_MU, p->value_added_per_mu);
        set_real(f, P_ENERGY, p->energy_per_va);
        set_real(f, P_SCORE, p->eval_score);
        set_text(f, P_CLASS, p->eval_class);
        set_text(f, P_STATUS, ls__status_name(p->status));
        set_text(f, P_ACTION, ls__action_name(p->action));
        set_text(f, P_REASONS, p->reasons ? p->reasons : "");
        set_real(f, P_RECLAIM, p->reclaimable_mu);
        set_real(f, P_UPLIFT, p->far_uplift_m2);
        if (p->site_id > 0)
            OGR_F_SetFieldInteger(f, P_SITE, p->site_id);
        else
            OGR_F_SetFieldNull(f, P_SITE);
        set_text(f, P_OWNER, p->owner);
        OGR_F_SetFieldInteger(f, P_BUILDINGS, p->building_count);
        set_real(f, P_AREA_ELL, p->area_ellipsoidal_m2);
        OGR_F_SetFieldInteger(f, P_CORRECTED, p->corrected);
        OGR_F_SetFieldDouble(f, P_MASKED, p->masked_m2);
        OGR_F_SetFieldDouble(f, P_TRANS_M2, p->transition_m2);
        OGR_F_SetFieldDouble(f, P_TRANS_SHARE, p->transition_share);
        set_text(f, P_FLAGS, p->flags ? p->flags : "");
        if (ds->has_ledger)
            set_parcel_ledger(f, ledger_ix, p);
        free(ids);
        error = set_geom(ctx, ds, f, p->geom);
        if (error == LS_OK)
            error = put(ctx, l, f);
        if (error == LS_OK && ls_context_interrupted(ctx))
            error = ls__error_set(ctx, LS_EINTERRUPTED, "interrupted");
    }
    OGR_F_Destroy(f);
    return error;
}

/* Totals fields shared by blocks, districts and towns; first index after the key fields. */
static int make_total_fields(ls_context *ctx, OGRLayerH l)
{
    static const fdef head[] = {
        {"parcel_count", OFTInteger, "地块数"},
        {"industrial_count", OFTInteger, "工业地块数"},
        {"industrial_mu", OFTReal, "工业用地(亩)"},
    };
    int error = make_fields(ctx, l, head, 3);
    for (int s = 0; s < LS_STATUS_COUNT && error == LS_OK; s++) {
        const ls__total_field *t = ls__status_totals((ls__status)s);
        fdef d[2] = {{t->count_name, OFTInteger, t->count_zh}, {t->mu_name, OFTReal, t->mu_zh}};
        error = make_fields(ctx, l, d, 2);
    }
    for (int a = 0; a < LS_ACTION_COUNT && error == LS_OK; a++) {
        const ls__total_field *t = ls__action_totals((ls__action)a);
        fdef d[2] = {{t->count_name, OFTInteger, t->count_zh}, {t->mu_name, OFTReal, t->mu_zh}};
        error = make_fields(ctx, l, d, 2);
    }
    static const fdef tail[] = {
        {"reclaimable_mu", OFTReal, "可盘活亩数"},
        {"far", OFTReal, "容积率(面积加权)"},
        {"tax_per_mu", OFTReal, "亩均税收(万元/亩)"},
        {"value_added_per_mu", OFTReal, "亩均增加值(万元/亩)"},
        {"far_uplift_m2", OFTReal, "提容潜力(平方米)"},
        {"inside_control_mu", OFTReal, "控制线内工业用地(亩)"},
        {"site_count", OFTInteger, "连片地块数"},
        {"site_mu", OFTReal, "连片地块(亩)"},
        {"masked_mu", OFTReal, "扣除区域(亩)"},
        {"unsupplied_mu", OFTReal, "批而未供(亩)"},
    };
    if (error == LS_OK)
        error = make_fields(ctx, l, tail, sizeof(tail) / sizeof(tail[0]));
    return error;
}

static void set_totals(OGRFeatureH f, int i, const ls__totals *t)
{
    OGR_F_SetFieldInteger(f, i++, t->parcel_count);
    OGR_F_SetFieldInteger(f, i++, t->industrial_count);
    OGR_F_SetFieldDouble(f, i++, t->industrial_mu);
    for (int s = 0; s < LS_STATUS_COUNT; s++) {
        OGR_F_SetFieldInteger(f, i++, t->status_count[s]);
        OGR_F_SetFieldDouble(f, i++, t->status_mu[s]);
    }
    for (int a = 0; a < LS_ACTION_COUNT; a++) {
        OGR_F_SetFieldInteger(f, i++, t->action_count[a]);
        OGR_F_SetFieldDouble(f, i++, t->action_mu[a]);
    }
    OGR_F_SetFieldDouble(f, i++, t->reclaimable_mu);
    OGR_F_SetFieldDouble(f, i++, t->far);
    set_real(f, i++, t->tax_per_mu);
    set_real(f, i++, t->value_added_per_mu);
    OGR_F_SetFieldDouble(f, i++, t->far_uplift_m2);
    OGR_F_SetFieldDouble(f, i++, t->inside_control_mu);
    OGR_F_SetFieldInteger(f, i++, t->site_count);
    OGR_F_SetFieldDouble(f, i++, t->site_mu);
    OGR_F_SetFieldDouble(f, i++, t->masked_mu);
    OGR_F_SetFieldDouble(f, i++, t->unsupplied_mu);
}

/* kind: 0 blocks, 1 districts, 2 towns */
static int write_areas(ls_context *ctx, const ls__dataset *ds, GDALDatasetH gds,
                       OGRSpatialReferenceH srs, int kind)
{
    static const char *const names[] = {"blocks", "districts", "towns"};
    static const char *const descs[] = {"工业区块汇总", "区县汇总", "镇街汇总"};
    const ls__area *areas = kind == 0 ? ds->blocks : kind == 1 ? ds->districts : ds->towns;
    size_t n = kind == 0 ? ds->nblocks : kind == 1 ? ds->ndistricts : ds->ntowns;
    const ls__totals *totals = kind == 0   ? ds->block_totals
                               : kind == 1 ? ds->district_totals
                                           : ds->town_totals;
    OGRLayerH l = make_layer(ctx, gds, names[kind], srs, wkbMultiPolygon, descs[kind]);
    if (!l)
        return LS_EIO;
    static const fdef block_keys[] = {{"block_id", OFTString, "区块编号"},
                                      {"name", OFTString, "区块名称"}};
    static const fdef district_keys[] = {{"name", OFTString, "区县"}};
    static const fdef town_keys[] = {{"district", OFTString, "区县"}, {"town", OFTString, "镇街"}};
    const fdef *keys = kind == 0 ? block_keys : kind == 1 ? district_keys : town_keys;
    int nkeys = kind == 1 ? 1 : 2;
    int error = make_fields(ctx, l, keys, (size_t)nkeys);
    if (error == LS_OK)
        error = make_total_fields(ctx, l);
    if (error == LS_OK && ds->has_ledger)
        error = make_fields(ctx, l, total_ledger_defs, NDEFS(total_ledger_defs));
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(l);
    for (size_t i = 0; i < n && error == LS_OK; i++) {
        OGRFeatureH f = OGR_F_Create(defn);
        if (kind == 0) {
            set_text(f, 0, areas[i].id);
            set_text(f, 1, areas[i].name);
        } else if (kind == 1) {
            set_text(f, 0, areas[i].name);
        } else {
            set_text(f, 0, areas[i].name);
            set_text(f, 1, areas[i].town);
        }
        set_totals(f, nkeys, &totals[i]);
        if (ds->has_ledger)
            set_total_ledger(f, defn, &totals[i]);
        error = set_geom(ctx, ds, f, areas[i].geom);
        if (error == LS_OK)
            error = put(ctx, l, f);
        OGR_F_Destroy(f);
    }
    return error;
}

static int write_sites(ls_context *ctx, const ls__dataset *ds, GDALDatasetH gds,
                       OGRSpatialReferenceH srs)
{
    static const fdef defs[] = {
        {"site_id", OFTInteger, "连片地块编号"}, {"area_mu", OFTReal, "面积(亩)"},
        {"parcel_count", OFTInteger, "地块数"},  {"parcel_ids", OFTString, "地块编号"},
        {"block_id", OFTString, "区块编号"},     {"district", OFTString, "区县"},
    };
    OGRLayerH l = make_layer(ctx, gds, "sites", srs, wkbMultiPolygon, "连片开发地块");
    if (!l)
        return LS_EIO;
    int error = make_fields(ctx, l, defs, sizeof(defs) / sizeof(defs[0]));
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(l);
    for (size_t i = 0; i < ds->nsites && error == LS_OK; i++) {
        const ls__site *s = &ds->sites[i];
        ls__buf ids = {0};
        for (size_t k = 0; k < s->nparcels; k++)
            ls__buf_addf(&ids, "%s%s", k ? ";" : "", ds->parcels[s->parcels[k]].parcel_id);
        char *idtext = ls__buf_take(&ids);
        OGRFeatureH f = OGR_F_Create(defn);
        OGR_F_SetFieldInteger(f, 0, s->site_id);
        OGR_F_SetFieldDouble(f, 1, s->area_mu);
        OGR_F_SetFieldInteger(f, 2, (int)s->nparcels);
        set_text(f, 3, idtext);
        set_text(f, 4, s->block_id);
        set_text(f, 5, s->district);
        free(idtext);
        error = set_geom(ctx, ds, f, s->geom);
        if (error == LS_OK)
            error = put(ctx, l, f);
        OGR_F_Destroy(f);
    }
    return error;
}

static int write_controls(ls_context *ctx, const ls__dataset *ds, GDALDatasetH gds,
                          OGRSpatialReferenceH srs)
{
    static const fdef defs[] = {
        {"source_fid", OFTInteger, "原要素号"},
        {"tier", OFTString, "控制线级别"},
        {"area_m2", OFTReal, "面积(平方米)"},
    };
    OGRLayerH l = make_layer(ctx, gds, "control_lines", srs, wkbMultiPolygon, "工业控制线");
    if (!l)
        return LS_EIO;
    int error = make_fields(ctx, l, defs, 3);
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(l);
    for (size_t i = 0; i < ds->ncontrols && error == LS_OK; i++) {
        OGRFeatureH f = OGR_F_Create(defn);
        OGR_F_SetFieldInteger(f, 0, (int)ds->controls[i].fid);
        set_text(f, 1, ds->controls[i].tier);
        OGR_F_SetFieldDouble(f, 2, ds->controls[i].area_m2);
        error = set_geom(ctx, ds, f, ds->controls[i].geom);
        if (error == LS_OK)
            error = put(ctx, l, f);
        OGR_F_Destroy(f);
    }
    return error;
}

static int write_dq(ls_context *ctx, const ls__dataset *ds, GDALDatasetH gds)
{
    static const fdef defs[] = {
        {"layer", OFTString, "图层"},
        {"feature", OFTString, "要素"},
        {"problem", OFTString, "问题"},
        {"action", OFTString, "处理"},
    };
    OGRLayerH l = make_layer(ctx, gds, "data_quality", NULL, wkbNone, "数据质量");
    if (!l)
        return LS_EIO;
    int error = make_fields(ctx, l, defs, 4);
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(l);
    for (size_t i = 0; i < ds->dq.n && error == LS_OK; i++) {
        OGRFeatureH f = OGR_F_Create(defn);
        set_text(f, 0, ds->dq.rows[i].layer);
        set_text(f, 1, ds->dq.rows[i].feature);
        set_text(f, 2, ds->dq.rows[i].problem);
        set_text(f, 3, ds->dq.rows[i].action);
        error = put(ctx, l, f);
        OGR_F_Destroy(f);
    }
    return error;
}

static int write_run_info(ls_context *ctx, const ls__kv *kv, GDALDatasetH gds)
{
    static const fdef defs[] = {{"key", OFTString, "项目"}, {"value", OFTString, "值"}};
    OGRLayerH l = make_layer(ctx, gds, "run_info", NULL, wkbNone, "运行信息");
    if (!l)
        return LS_EIO;
    int error = make_fields(ctx, l, defs, 2);
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(l);
    for (size_t i = 0; i < kv->n && error == LS_OK; i++) {
        OGRFeatureH f = OGR_F_Create(defn);
        set_text(f, 0, kv->keys[i]);
        set_text(f, 1, kv->values[i]);
        error = put(ctx, l, f);
        OGR_F_Destroy(f);
    }
    return error;
}

/* Layer `masks` (only with inputs.masks): one feature per mask, its polygons unioned. */
static int write_masks(ls_context *ctx, const ls__dataset *ds, GDALDatasetH gds,
                       OGRSpatialReferenceH srs)
{
    static const fdef defs[] = {{"name", OFTString, "扣除区域"},
                                {"path", OFTString, "来源文件"},
                                {"area_m2", OFTReal, "面积(平方米)"}};
    OGRLayerH l = make_layer(ctx, gds, "masks", srs, wkbMultiPolygon, "扣除区域(不可盘活)");
    if (!l)
        return LS_EIO;
    int error = make_fields(ctx, l, defs, NDEFS(defs));
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(l);
    for (size_t i = 0; i < ds->nmasks && error == LS_OK; i++) {
        OGRFeatureH f = OGR_F_Create(defn);
        set_text(f, 0, ds->masks[i].name);
        set_text(f, 1, ds->masks[i].path);
        OGR_F_SetFieldDouble(f, 2, ds->masks[i].area_m2);
        error = set_geom(ctx, ds, f, ds->masks[i].geom);
        if (error == LS_OK)
            error = put(ctx, l, f);
        OGR_F_Destroy(f);
    }
    return error;
}

/* Layer `unsupplied` (批而未供, only with inputs.approvals; unsupplied.c). */
static int write_unsupplied(ls_context *ctx, const ls__dataset *ds, GDALDatasetH gds,
                            OGRSpatialReferenceH srs)
{
    static const fdef defs[] = {
        {"approval_id", OFTString, "批次编号"},    {"approval_date", OFTString, "批准日期"},
        {"area_m2", OFTReal, "面积(平方米)"},      {"area_mu", OFTReal, "面积(亩)"},
        {"age_years", OFTInteger, "批准年限(年)"}, {"block_id", OFTString, "区块编号"},
        {"district", OFTString, "区县"},
    };
    OGRLayerH l = make_layer(ctx, gds, "unsupplied", srs, wkbMultiPolygon, "批而未供土地");
    if (!l)
        return LS_EIO;
    int error = make_fields(ctx, l, defs, NDEFS(defs));
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(l);
    for (size_t i = 0; i < ds->nunsupplied && error == LS_OK; i++) {
        const ls__unsupplied *u = &ds->unsupplied[i];
        OGRFeatureH f = OGR_F_Create(defn);
        set_text(f, 0, u->approval_id);
        if (u->approval_date != LS_NO_DATE) {
            int y, m, d;
            char date[16];
            ls__date_to_ymd(u->approval_date, &y, &m, &d);
            snprintf(date, sizeof(date), "%04d-%02d-%02d", y, m, d);
            set_text(f, 1, date);
        }
        OGR_F_SetFieldDouble(f, 2, u->area_m2);
        OGR_F_SetFieldDouble(f, 3, u->area_mu);
        if (u->age_years >= 0)
            OGR_F_SetFieldInteger(f, 4, u->age_years);
        if (u->block_ix >= 0)
            set_text(f, 5, ds->blocks[u->block_ix].id);
        if (u->district_ix >= 0)
            set_text(f, 6, ds->districts[u->district_ix].name);
        error = set_geom(ctx, ds, f, u->geom);
        if (error == LS_OK)
            error = put(ctx, l, f);
        OGR_F_Destroy(f);
    }
    return error;
}

/* Table `corrections` (only when the run file has corrections). */
static int write_corrections(ls_context *ctx, const ls__dataset *ds, GDALDatasetH gds)
{
    static const fdef defs[] = {
        {"line", OFTInteger, "行号"},     {"target", OFTString, "对象"},
        {"id", OFTString, "编号"},        {"field", OFTString, "字段"},
        {"old_value", OFTString, "原值"}, {"new_value", OFTString, "更正值"},
        {"reason", OFTString, "理由"},    {"document", OFTString, "依据文件"},
        {"date", OFTString, "日期"},      {"parcel_ids", OFTString, "涉及地块"},
    };
    OGRLayerH l = make_layer(ctx, gds, "corrections", NULL, wkbNone, "更正记录");
    if (!l)
        return LS_EIO;
    int error = make_fields(ctx, l, defs, NDEFS(defs));
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(l);
    for (size_t i = 0; i < ds->ncorrections && error == LS_OK; i++) {
        const ls__correction *c = &ds->corrections[i];
        OGRFeatureH f = OGR_F_Create(defn);
        OGR_F_SetFieldInteger(f, 0, c->line);
        const char *v[9] = {c->target, c->id,       c->field, c->old_value, c->new_value,
                            c->reason, c->document, c->date,  c->parcel_ids};
        for (int k = 0; k < 9; k++)
            set_text(f, k + 1, v[k] ? v[k] : "");
        error = put(ctx, l, f);
        OGR_F_Destroy(f);
    }
    return error;
}

/* Table `targets` (always; empty without targets): targets.c's rows, NULL achieved / share
 * where the figure cannot be measured. */
static int write_targets(ls_context *ctx, const ls__dataset *ds, GDALDatasetH gds)
{
    static const fdef defs[] = {
        {"district", OFTString, "区县"},  {"year", OFTInteger, "目标年份"},
        {"indicator", OFTString, "指标"}, {"target", OFTReal, "目标值"},
        {"achieved", OFTReal, "完成值"},  {"share", OFTReal, "完成率"},
        {"note", OFTString, "说明"},
    };
    OGRLayerH l = make_layer(ctx, gds, "targets", NULL, wkbNone, "目标完成情况");
    if (!l)
        return LS_EIO;
    int error = make_fields(ctx, l, defs, NDEFS(defs));
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(l);
    for (size_t i = 0; i < ds->ntargets && error == LS_OK; i++) {
        const ls__target_row *r = &ds->targets[i];
        OGRFeatureH f = OGR_F_Create(defn);
        set_text(f, 0, r->district);
        OGR_F_SetFieldInteger(f, 1, r->year);
        set_text(f, 2, ls__target((ls__target_id)r->indicator)->name);
        OGR_F_SetFieldDouble(f, 3, r->target);
        if (!isnan(r->achieved)) {
            OGR_F_SetFieldDouble(f, 4, r->achieved);
            OGR_F_SetFieldDouble(f, 5, r->share);
        }
        if (r->note)
            set_text(f, 6, r->note);
        error = put(ctx, l, f);
        OGR_F_Destroy(f);
    }
    return error;
}

static int write_enterprises(ls_context *ctx, const ls__dataset *ds, GDALDatasetH gds)
{
    static const fdef defs[] = {
        {"enterprise_id", OFTString, "统一社会信用代码"},
        {"name", OFTString, "企业名称"},
        {"parcel_ids", OFTString, "地块编号"},
        {"parcel_count", OFTInteger, "地块数"},
        {"role", OFTString, "用地关系"},
        {"scale", OFTString, "规模"},
        {"status", OFTString, "经营状态"},
        {"land_mu", OFTReal, "用地(亩)"},
        {"tax_10k", OFTReal, "税收(万元)"},
        {"value_added_10k", OFTReal, "增加值(万元)"},
        {"revenue_10k", OFTReal, "营业收入(万元)"},
        {"energy_tce", OFTReal, "能耗(吨标煤)"},
        {"employees", OFTReal, "从业人数"},
        {"tax_per_mu", OFTReal, "亩均税收(万元/亩)"},
        {"va_per_mu", OFTReal, "亩均增加值(万元/亩)"},
        {"va_per_energy", OFTReal, "单位能耗增加值(万元/吨标煤)"},
        {"labour_productivity", OFTReal, "全员劳动生产率(万元/人)"},
        {"rd_share", OFTReal, "研发经费占比"},
        {"tax_per_electricity", OFTReal, "单位电耗税收(万元/万千瓦时)"},
        {"eval_score", OFTReal, "综合评价得分"},
        {"eval_class", OFTString, "评价类别"},
        {"eval_note", OFTString, "评价说明"},
        {"supply_restricted", OFTInteger, "限制新增用地"},
    };
    OGRLayerH l = make_layer(ctx, gds, "enterprises", NULL, wkbNone, "企业亩均效益评价");
    if (!l)
        return LS_EIO;
    int error = make_fields(ctx, l, defs, sizeof(defs) / sizeof(defs[0]));
    OGRFeatureH f = error == LS_OK ? OGR_F_Create(OGR_L_GetLayerDefn(l)) : NULL;
    if (error == LS_OK && !f)
        error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
    ls__buf ids = {0};
    for (size_t i = 0; i < ds->nenterprises && error == LS_OK; i++) {
        const ls__enterprise *e = &ds->enterprises[i];
        ids.len = 0;
        if (ids.data)
            ids.data[0] = '\0';
        for (size_t k = 0; k < e->nparcels; k++) {
            if (k)
                ls__buf_addn(&ids, ";", 1);
            ls__buf_add(&ids, ds->parcels[e->parcels[k]].parcel_id);
        }
        if (ids.failed) {
            error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
            break;
        }
        const char *idtext = ids.data;
        next_row(f);
        int c = 0;
        set_text(f, c++, e->enterprise_id);
        set_text(f, c++, e->name);
        set_text(f, c++, idtext && *idtext ? idtext : NULL);
        OGR_F_SetFieldInteger(f, c++, (int)e->nparcels);
        set_text(f, c++, e->role);
        set_text(f, c++, e->scale);
        set_text(f, c++, e->status);
        OGR_F_SetFieldDouble(f, c++, e->land_mu);
        set_real(f, c++, e->tax_10k);
        set_real(f, c++, e->value_added_10k);
        set_real(f, c++, e->revenue_10k);
        set_real(f, c++, e->energy_tce);
        set_real(f, c++, e->employees);
        set_real(f, c++, e->tax_per_mu);
        set_real(f, c++, e->va_per_mu);
        set_real(f, c++, e->va_per_energy);
        set_real(f, c++, e->labour_productivity);
        set_real(f, c++, e->rd_share);
        set_real(f, c++, e->tax_per_electricity);
        set_real(f, c++, e->eval_score);
        set_text(f, c++, e->class_final);
        set_text(f, c++, e->eval_note);
        OGR_F_SetFieldInteger(f, c++, e->supply_restricted);
        error = put(ctx, l, f);
    }
    ls__buf_free(&ids);
    if (f)
        OGR_F_Destroy(f);
    return error;
}

/* Layer `resolved` (ledger): parcels that left a list since the previous run. */
static int write_resolved(ls_context *ctx, const ls__dataset *ds, GDALDatasetH gds,
                          OGRSpatialReferenceH srs)
{
    static const fdef defs[] = {
        {"parcel_id", OFTString, "地块编号"},
        {"old_status", OFTString, "原状态"},
        {"new_status", OFTString, "现状态"},
        {"old_reclaimable_mu", OFTReal, "原可盘活亩数"},
        {"old_area_mu", OFTReal, "销号面积(亩)"},
        /* where it counts in the totals (ledger_match.c): the current parcel's area, or the
         * previous run's for a removed parcel; NULL when none */
        {"block_id", OFTString, "区块编号"},
        {"district", OFTString, "区县"},
        {"town", OFTString, "镇街"},
    };
    OGRLayerH l = make_layer(ctx, gds, "resolved", srs, wkbMultiPolygon, "销号清单");
    if (!l)
        return LS_EIO;
    int error = make_fields(ctx, l, defs, NDEFS(defs));
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(l);
    for (size_t i = 0; i < ds->nresolved && error == LS_OK; i++) {
        const ls__resolved *r = &ds->resolved[i];
        OGRFeatureH f = OGR_F_Create(defn);
        set_text(f, 0, r->parcel_id);
        set_text(f, 1, r->old_status);
        set_text(f, 2, r->new_status);
        OGR_F_SetFieldDouble(f, 3, r->old_reclaimable_mu);
        OGR_F_SetFieldDouble(f, 4, r->old_area_mu);
        if (r->block_ix >= 0 && (size_t)r->block_ix < ds->nblocks)
            set_text(f, 5, ds->blocks[r->block_ix].id);
        if (r->district_ix >= 0 && (size_t)r->district_ix < ds->ndistricts)
            set_text(f, 6, ds->districts[r->district_ix].name);
        if (r->town_ix >= 0 && (size_t)r->town_ix < ds->ntowns)
            set_text(f, 7, ds->towns[r->town_ix].town);
        if (r->geom)
            error = set_geom(ctx, ds, f, r->geom);
        if (error == LS_OK)
            error = put(ctx, l, f);
        OGR_F_Destroy(f);
    }
    return error;
}

/* Chinese aliases into gpkg_data_columns (gpkg_aliases.c: GDAL 3.6 keeps OGR alternative
 * names only in memory), for every field of every layer with an alternative name. */
static int write_aliases(ls_context *ctx, GDALDatasetH gds, const char *path)
{
    int error = LS_OK;
    ls__buf sql = {0};
    ls__gpkg_aliases_setup(&sql);
    for (int li = 0; li < GDALDatasetGetLayerCount(gds); li++) {
        OGRLayerH l = GDALDatasetGetLayer(gds, li);
        OGRFeatureDefnH defn = OGR_L_GetLayerDefn(l);
        for (int fi = 0; fi < OGR_FD_GetFieldCount(defn); fi++) {
            OGRFieldDefnH fd = OGR_FD_GetFieldDefn(defn, fi);
            const char *alias = OGR_Fld_GetAlternativeNameRef(fd);
            if (alias && *alias)
                ls__gpkg_alias_insert(&sql, OGR_L_GetName(l), OGR_Fld_GetNameRef(fd), alias);
        }
    }
    char *text = ls__buf_take(&sql);
    if (!text)
        return ls__error_set(ctx, LS_ENOMEM, "out of memory");
    /* one statement at a time: ExecuteSQL runs a single statement */
    char *save = NULL;
    if (GDALDatasetStartTransaction(gds, FALSE) != OGRERR_NONE)
        error = ls__error_set(ctx, LS_EIO, "%s: cannot start a transaction", path);
    for (char *stmt = strtok_r(text, ";", &save); stmt && error == LS_OK;
         stmt = strtok_r(NULL, ";", &save)) {
        CPLErrorReset();
        OGRLayerH res = GDALDatasetExecuteSQL(gds, stmt, NULL, NULL);
        if (res)
            GDALDatasetReleaseResultSet(gds, res);
        if (CPLGetLastErrorType() >= CE_Failure)
            error = ls__error_set(ctx, LS_EIO, "%s: field aliases: %s", path, CPLGetLastErrorMsg());
    }
    if (error == LS_OK && GDALDatasetCommitTransaction(gds) != OGRERR_NONE)
        error = ls__error_set(ctx, LS_EIO, "%s: cannot commit the field aliases", path);
    free(text);
    return error;
}

int ls__write_gpkg_create(ls_context *ctx, const char *path)
{
    GDALDriverH drv = GDALGetDriverByName("GPKG");
    if (!drv)
        return ls__error_set(ctx, LS_EDEP, "GDAL has no GPKG driver");
    CPLPushErrorHandler(CPLQuietErrorHandler);
    CPLSetThreadLocalConfigOption("OGR_SQLITE_SYNCHRONOUS", "OFF");
    CPLSetThreadLocalConfigOption("OGR_SQLITE_JOURNAL", "OFF");
    GDALDatasetH gds = GDALCreate(drv, path, 0, 0, 0, GDT_Unknown, NULL);
    int error = gds ? LS_OK
                    : ls__error_set(ctx, LS_EIO, "%s: cannot create the GeoPackage (%s)", path,
                                    CPLGetLastErrorMsg());
    if (gds)
        GDALClose(gds);
    CPLSetThreadLocalConfigOption("OGR_SQLITE_SYNCHRONOUS", NULL);
    CPLSetThreadLocalConfigOption("OGR_SQLITE_JOURNAL", NULL);
    CPLPopErrorHandler();
    return error;
}

int ls__write_gpkg(ls_context *ctx, const ls__dataset *ds, const ls__kv *run_info, const char *path)
{
    int error = LS_OK;
    GDALDatasetH gds = NULL;
    OGRSpatialReferenceH srs = NULL;
    GDALDriverH drv = GDALGetDriverByName("GPKG");
    if (!drv)
        return ls__error_set(ctx, LS_EDEP, "GDAL has no GPKG driver");
    CPLPushErrorHandler(CPLQuietErrorHandler);
    /* the file is the run's temporary GeoPackage, removed on failure: no journal needed */
    CPLSetThreadLocalConfigOption("OGR_SQLITE_SYNCHRONOUS", "OFF");
    CPLSetThreadLocalConfigOption("OGR_SQLITE_JOURNAL", "OFF");
    srs = OSRNewSpatialReference(NULL);
    if (!srs || OSRSetFromUserInput(srs, ds->crs_wkt) != OGRERR_NONE) {
        error = ls__error_set(ctx, LS_ECRS, "GeoPackage: the working CRS cannot be written");
        goto cleanup;
    }
    OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
    static const char *const gpkg_only[] = {"GPKG", NULL};
    gds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_UPDATE, gpkg_only, NULL, NULL);
    if (!gds) {
        error = ls__error_set(ctx, LS_EIO, "%s: cannot open the GeoPackage (%s)", path,
                              CPLGetLastErrorMsg());
        goto cleanup;
    }
    struct {
        const char *what;
        int kind;
    } steps[] = {{"parcels", 0},     {"blocks", 1},        {"districts", 2},    {"towns", 3},
                 {"sites", 4},       {"control_lines", 5}, {"data_quality", 6}, {"run_info", 7},
                 {"enterprises", 8}, {"resolved", 9},      {"corrections", 10}, {"masks", 11},
                 {"targets", 12},    {"unsupplied", 13}};
    for (size_t s = 0; s < sizeof(steps) / sizeof(steps[0]) && error == LS_OK; s++) {
        int kind = steps[s].kind;
        if (kind == 3 && !ds->has_towns)
            continue;
        if (kind == 5 && !ds->layers[LS_INPUT_CONTROL_LINES].present)
            continue;
        if (kind == 9 && !ds->has_ledger)
            continue;
        if (kind == 10 && ds->ncorrections == 0)
            continue;
        if (kind == 11 && ds->nmasks == 0)
            continue;
        if (kind == 13 && !ds->layers[LS_INPUT_APPROVALS].present)
            continue;
        /* the parcels are most of the work: 0–70 %, the other layers the rest */
        ls__progress(ctx, "write GeoPackage", s == 0 ? 0.0 : 0.7 + 0.3 * (double)s / 13.0);
        if (GDALDatasetStartTransaction(gds, FALSE) != OGRERR_NONE) {
            error = ls__error_set(ctx, LS_EIO, "%s: cannot start a transaction", path);
            break;
        }
        switch (kind) {
        case 0:
            error = write_parcels(ctx, ds, gds, srs);
            break;
        case 1:
        case 2:
        case 3:
            error = write_areas(ctx, ds, gds, srs, kind - 1);
            break;
        case 4:
            error = write_sites(ctx, ds, gds, srs);
            break;
        case 5:
            error = write_controls(ctx, ds, gds, srs);
            break;
        case 6:
            error = write_dq(ctx, ds, gds);
            break;
        case 7:
            error = write_run_info(ctx, run_info, gds);
            break;
        case 9:
            error = write_resolved(ctx, ds, gds, srs);
            break;
        case 10:
            error = write_corrections(ctx, ds, gds);
            break;
        case 11:
            error = write_masks(ctx, ds, gds, srs);
            break;
        case 12:
            error = write_targets(ctx, ds, gds);
            break;
        case 13:
            error = write_unsupplied(ctx, ds, gds, srs);
            break;
        default:
            error = write_enterprises(ctx, ds, gds);
            break;
        }
        if (error == LS_OK) {
            if (GDALDatasetCommitTransaction(gds) != OGRERR_NONE)
                error = ls__error_set(ctx, LS_EIO, "%s: cannot commit %s (%s)", path, steps[s].what,
                                      CPLGetLastErrorMsg());
        } else {
            GDALDatasetRollbackTransaction(gds);
        }
    }
    if (error == LS_OK)
        error = write_aliases(ctx, gds, path);
cleanup:
    if (gds)
        GDALClose(gds);
    CPLSetThreadLocalConfigOption("OGR_SQLITE_SYNCHRONOUS", NULL);
    CPLSetThreadLocalConfigOption("OGR_SQLITE_JOURNAL", NULL);
    CPLPopErrorHandler();
    if (srs)
        OSRDestroySpatialReference(srs);
    return error;
}
