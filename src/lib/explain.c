/*
 * explain.c — `landscan explain`: the bilingual reading of one parcel's classification.
 *
 * ls_explain() needs nothing but the run's GeoPackage: it never reads inputs or recomputes.
 * It takes the parcel's facts from `parcels`, its checks from `rule_checks` /
 * `rule_check_texts` (rule_checks.c, which also writes them) and the rules name, chain and
 * reference date from `run_info`, and lays them out in Chinese and English. A file without
 * `parcels` and `run_info` is not a landscan GeoPackage (LS_EINVAL); one without the check
 * tables was written by an older landscan (LS_EINVAL, asking for a new run).
 * Status "idle" is always shown as 疑似闲置 (suspected idle) with the reminder that legal
 * designation needs an on-site investigation (domain.md §4).
 */
#include <cpl_error.h>
#include <cpl_string.h>
#include <errno.h>
#include <gdal.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "explain.h"
#include "rule_checks.h"
#include "textout.h"
#include "landscan/explain.h"

/* ---- labels ---- */

typedef struct label {
    const char *key, *zh, *en;
} label;

static const label outcome_labels[] = {
    {"fired", "触发", "fired"},
    {"not_fired", "未触发", "not fired"},
    {"no_data", "缺数据", "no data"},
    {"off", "未启用", "off"},
    {"not_applicable", "不适用", "not applicable"},
};

static const label *find_label(const label *labels, size_t n, const char *key)
{
    for (size_t i = 0; key && i < n; i++)
        if (strcmp(labels[i].key, key) == 0)
            return &labels[i];
    return NULL;
}

#define FIND(table, key) find_label(table, sizeof(table) / sizeof(table[0]), key)

/* ---- reading ---- */

/* A string field of f, or NULL when absent, unset or NULL. Borrowed from f. */
static const char *fstr(OGRFeatureH f, const char *name)
{
    int i = OGR_F_GetFieldIndex(f, name);
    if (i < 0 || !OGR_F_IsFieldSetAndNotNull(f, i))
        return NULL;
    return OGR_F_GetFieldAsString(f, i);
}

/* A numeric field of f, NAN when absent or NULL. */
static double fnum(OGRFeatureH f, const char *name)
{
    int i = OGR_F_GetFieldIndex(f, name);
    if (i < 0 || !OGR_F_IsFieldSetAndNotNull(f, i))
        return NAN;
    return OGR_F_GetFieldAsDouble(f, i);
}

/* parcel_id = '<id>' with quotes doubled; caller frees. */
static char *id_filter(const char *parcel_id)
{
    ls__buf b = {0};
    ls__buf_add(&b, "parcel_id = '");
    for (const char *c = parcel_id; *c; c++) {
        if (*c == '\'')
            ls__buf_add(&b, "'");
        ls__buf_addn(&b, c, 1);
    }
    ls__buf_add(&b, "'");
    return ls__buf_take(&b);
}

typedef struct run_facts {
    char *name, *reference_date, *rules, *rules_chain, *version;
} run_facts;

static void run_facts_free(run_facts *r)
{
    free(r->name);
    free(r->reference_date);
    free(r->rules);
    free(r->rules_chain);
    free(r->version);
}

static int read_run_info(ls_context *ctx, OGRLayerH l, run_facts *r)
{
    struct {
        const char *key;
        char **dst;
    } keys[] = {{"name", &r->name},
                {"reference_date", &r->reference_date},
                {"rules", &r->rules},
                {"rules_chain", &r->rules_chain},
                {"version", &r->version}};
    OGR_L_ResetReading(l);
    OGRFeatureH f;
    while ((f = OGR_L_GetNextFeature(l)) != NULL) {
        const char *k = fstr(f, "key"), *v = fstr(f, "value");
        for (size_t i = 0; k && v && i < sizeof(keys) / sizeof(keys[0]); i++) {
            if (strcmp(k, keys[i].key) == 0 && !*keys[i].dst) {
                *keys[i].dst = ls__strdup(v);
                if (!*keys[i].dst) {
                    OGR_F_Destroy(f);
                    return ls__error_set(ctx, LS_ENOMEM, "explain: out of memory");
                }
            }
        }
        OGR_F_Destroy(f);
    }
    return LS_OK;
}

/* "12.34" with the given decimals, or "-" when NAN, into buf. */
static const char *num(char *buf, size_t len, double v, int decimals)
{
    if (isnan(v))
        snprintf(buf, len, "-");
    else
        snprintf(buf, len, "%.*f", decimals, v);
    return buf;
}

static const char *text_or_dash(const char *s)
{
    return s && *s ? s : "-";
}

/* The explanation text of one parcel (feature of `parcels`) and its checks. */
static void format_text(ls__buf *b, const char *gpkg_path, OGRFeatureH f, const run_facts *run,
                        const ls__check_row *rows, size_t nrows)
{
    char a[64], c[64], d[64];
    const char *id = fstr(f, "parcel_id");
    ls__buf_addf(b, "地块 Parcel %s — landscan explain\n", text_or_dash(id));
    ls__buf_addf(b, "成果文件 File: %s\n", gpkg_path);
    ls__buf_addf(b, "评价 Run: %s; 基准日 reference date: %s; landscan %s\n",
                 text_or_dash(run->name), text_or_dash(run->reference_date),
                 text_or_dash(run->version));
    ls__buf_addf(b, "规则 Rules: %s (继承链 chain: %s)\n", text_or_dash(run->rules),
                 text_or_dash(run->rules_chain));

    ls__buf_add(b, "\n地块信息 Parcel facts\n");
    ls__buf_addf(b, "  区块 Block: %s %s\n", text_or_dash(fstr(f, "block_id")),
                 fstr(f, "block_name") ? fstr(f, "block_name") : "");
    ls__buf_addf(b, "  区县 / 镇街 District / town: %s / %s\n", text_or_dash(fstr(f, "district")),
                 text_or_dash(fstr(f, "town")));
    double industrial = fnum(f, "industrial");
    ls__buf_addf(b, "  土地用途 Land use: %s (%s)\n", text_or_dash(fstr(f, "landuse")),
                 industrial == 1.0 ? "工业用地 industrial" : "非工业 not industrial");
    ls__buf_addf(b, "  面积 Area: %s m² = %s 亩 mu\n", num(a, sizeof(a), fnum(f, "area_m2"), 2),
                 num(c, sizeof(c), fnum(f, "area_mu"), 2));
    ls__buf_addf(b, "  控制线内 Inside control lines: %s m², 比例 share %s, 级别 tier %s\n",
                 num(a, sizeof(a), fnum(f, "inside_control_m2"), 2),
                 num(c, sizeof(c), fnum(f, "control_share"), 2),
                 text_or_dash(fstr(f, "control_tier")));
    ls__buf_addf(b, "  容积率 FAR: %s (下限 floor %s, 行业代码 industry code %s)\n",
                 num(a, sizeof(a), fnum(f, "far"), 2), num(c, sizeof(c), fnum(f, "far_floor"), 2),
                 text_or_dash(fstr(f, "industry_code")));
    ls__buf_addf(
        b, "  建筑面积 Floor area: %s m²; 建筑基底 footprint: %s m²; 建筑系数 coverage: %s\n",
        num(a, sizeof(a), fnum(f, "floor_area_m2"), 2),
        num(c, sizeof(c), fnum(f, "footprint_m2"), 2), num(d, sizeof(d), fnum(f, "coverage"), 2));
    ls__buf_addf(b, "  企业 Enterprises: %s (%s)\n",
                 num(a, sizeof(a), fnum(f, "enterprise_count"), 0),
                 text_or_dash(fstr(f, "enterprise_ids")));
    ls__buf_addf(b, "  税收 Tax: %s 万元; 增加值 value added: %s 万元\n",
                 num(a, sizeof(a), fnum(f, "tax_10k"), 2),
                 num(c, sizeof(c), fnum(f, "value_added_10k"), 2));
    ls__buf_addf(b,
                 "  亩均税收 Tax per mu: %s 万元/亩; 亩均增加值 value added per mu: %s 万元/亩\n",
                 num(a, sizeof(a), fnum(f, "tax_per_mu"), 2),
                 num(c, sizeof(c), fnum(f, "value_added_per_mu"), 2));
    ls__buf_addf(b, "  单位增加值能耗 Energy per value added: %s tce/万元\n",
                 num(a, sizeof(a), fnum(f, "energy_per_va"), 2));
    ls__buf_addf(b, "  评价类别 Evaluation class: %s (得分 score %s)\n",
                 text_or_dash(fstr(f, "eval_class")), num(a, sizeof(a), fnum(f, "eval_score"), 2));

    ls__buf_addf(b, "\n规则检查 Rule checks (%zu)\n", nrows);
    for (size_t i = 0; i < nrows; i++) {
        const ls__check_row *r = &rows[i];
        const ls__code_info *cl = ls__code_find(r->code, (size_t)-1);
        const label *ol = FIND(outcome_labels, r->outcome);
        ls__buf_addf(b, "  %2d. %s %s / %s: %s %s\n", r->seq, r->code, cl ? cl->zh : "",
                     cl ? cl->en : r->code, ol ? ol->zh : "", ol ? ol->en : r->outcome);
        if (*r->value || *r->threshold)
            ls__buf_addf(b, "      输入值 value: %s | 比较 comparison: %s | 阈值 threshold: %s\n",
                         text_or_dash(r->value), text_or_dash(r->comparison),
                         text_or_dash(r->threshold));
        if (*r->note)
            ls__buf_addf(b, "      说明 note: %s\n", r->note);
    }
    if (nrows == 0)
        ls__buf_add(b, "  (无记录 no checks recorded)\n");

    const char *status = fstr(f, "status"), *action = fstr(f, "action");
    int si = ls__status_from_name(status), ai = ls__action_from_name(action);
    ls__buf_add(b, "\n结果 Result\n");
    ls__buf_addf(b, "  状态 Status: %s %s (%s)\n", ls__status_label((ls__status)si),
                 ls__status_label_en((ls__status)si), text_or_dash(status));
    if (status && strcmp(status, "idle") == 0)
        ls__buf_add(
            b,
            "    注意：此为疑似闲置土地，闲置土地的认定须经现场调查核实（《闲置土地处置办法》）。\n"
            "    Note: suspected idle only; legal designation as idle land requires an "
            "on-site investigation (Measures on the Disposal of Idle Land, Order 53).\n");
    ls__buf_addf(b, "  处置方式 Action: %s %s (%s)\n", ls__action_label((ls__action)ai),
                 ls__action_label_en((ls__action)ai), text_or_dash(action));
    if (*ls__action_category((ls__action)ai))
        ls__buf_addf(b, "  项目类别 Project category (慈政办发〔2021〕31号): %s\n",
                     ls__action_category((ls__action)ai));
    ls__buf_addf(b, "  可盘活亩数 Reclaimable mu: %s\n",
                 num(a, sizeof(a), fnum(f, "reclaimable_mu"), 2));
    ls__buf_addf(b, "  提容潜力 FAR uplift: %s m²\n",
                 num(a, sizeof(a), fnum(f, "far_uplift_m2"), 2));
    ls__buf_addf(b, "  原因 Reasons: %s\n", text_or_dash(fstr(f, "reasons")));
    if (OGR_F_GetFieldIndex(f, "flags") >= 0)
        ls__buf_addf(b, "  合规提示 Compliance flags (不影响状态, never change the status): %s\n",
                     text_or_dash(fstr(f, "flags")));
    double site = fnum(f, "site_id");
    if (!isnan(site))
        ls__buf_addf(b, "  连片地块 Consolidation site: %.0f\n", site);
}

/* The corrections (table `corrections`, when present) that touched the parcel:
 * "corrected: …" lines with the document. */
static void append_corrections(ls__buf *b, GDALDatasetH gds, const char *parcel_id)
{
    OGRLayerH l = GDALDatasetGetLayerByName(gds, "corrections");
    if (!l)
        return;
    OGR_L_ResetReading(l);
    OGRFeatureH f;
    int first = 1;
    while ((f = OGR_L_GetNextFeature(l)) != NULL) {
        OGRFeatureDefnH d = OGR_F_GetDefnRef(f);
        char *v[10]; /* copies: GetFieldAsString reuses one buffer for numbers */
        static const char *const names[10] = {"line",      "target",    "id",     "field",
                                              "old_value", "new_value", "reason", "document",
                                              "date",      "parcel_ids"};
        for (int i = 0; i < 10; i++) {
            int ix = OGR_FD_GetFieldIndex(d, names[i]);
            v[i] = ls__strdup(
                ix >= 0 && OGR_F_IsFieldSetAndNotNull(f, ix) ? OGR_F_GetFieldAsString(f, ix) : "");
        }
        int ok = 1;
        for (int i = 0; i < 10; i++)
            ok &= v[i] != NULL;
        if (ok && ls__list_has(v[9], parcel_id)) {
            if (first)
                ls__buf_add(b, "\n更正 / corrections:\n");
            first = 0;
            ls__buf_addf(b,
                         "  corrected: %s %s %s: %s -> %s (已更正; document %s; reason %s; "
                         "date %s; corrections line %s)\n",
                         v[1], v[2], v[3], *v[4] ? v[4] : "(empty)", *v[5] ? v[5] : "(empty)",
                         *v[7] ? v[7] : "-", *v[6] ? v[6] : "-", *v[8] ? v[8] : "-", v[0]);
        }
        for (int i = 0; i < 10; i++)
            free(v[i]);
        OGR_F_Destroy(f);
    }
}

int ls_explain(ls_context *ctx, const char *gpkg_path, const char *parcel_id, char **out_text)
{
    int error = LS_OK;
    GDALDatasetH gds = NULL;
    OGRFeatureH f = NULL;
    OGRLayerH parcels = NULL;
    char *filter = NULL;
    ls__check_row *rows = NULL;
    size_t nrows = 0;
    run_facts run = {0};
    ls__buf b = {0};
    char *text = NULL;
    struct stat st;

    ls__error_clear(ctx);
    CPLPushErrorHandler(CPLQuietErrorHandler);
    if (!gpkg_path || !parcel_id || !out_text) {
        error =
            ls__error_set(ctx, LS_EINVAL, "explain: a GeoPackage path and a parcel id are needed");
        goto cleanup;
    }
    if (stat(gpkg_path, &st) != 0) {
        error =
            ls__error_set(ctx, LS_ENOTFOUND, "%s: cannot open (%s)", gpkg_path, strerror(errno));
        goto cleanup;
    }
    GDALAllRegister();
    gds = GDALOpenEx(gpkg_path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    if (!gds) {
        error = ls__error_set(ctx, LS_EINVAL,
                              "%s: not a landscan GeoPackage (cannot be opened as "
                              "a vector dataset)",
                              gpkg_path);
        goto cleanup;
    }
    parcels = GDALDatasetGetLayerByName(gds, "parcels");
    OGRLayerH info = GDALDatasetGetLayerByName(gds, "run_info");
    if (!parcels || !info) {
        error = ls__error_set(ctx, LS_EINVAL, "%s: not a landscan GeoPackage (no %s layer)",
                              gpkg_path, !parcels ? "parcels" : "run_info");
        goto cleanup;
    }
    if (!GDALDatasetGetLayerByName(gds, "rule_checks") ||
        !GDALDatasetGetLayerByName(gds, "rule_check_texts")) {
        error = ls__error_set(ctx, LS_EINVAL,
                              "%s: no rule_checks / rule_check_texts tables (written by an older "
                              "landscan); run landscan again",
                              gpkg_path);
        goto cleanup;
    }
    if (!(filter = id_filter(parcel_id))) {
        error = ls__error_set(ctx, LS_ENOMEM, "explain: out of memory");
        goto cleanup;
    }
    if (OGR_L_SetAttributeFilter(parcels, filter) != OGRERR_NONE) {
        error = ls__error_set(ctx, LS_EINVAL, "%s: cannot search parcels by parcel_id (%s)",
                              gpkg_path, CPLGetLastErrorMsg());
        goto cleanup;
    }
    OGR_L_ResetReading(parcels);
    f = OGR_L_GetNextFeature(parcels);
    if (!f) {
        error = ls__error_set(ctx, LS_ENOTFOUND, "%s: no parcel with parcel_id '%s'", gpkg_path,
                              parcel_id);
        goto cleanup;
    }
    if ((error = read_run_info(ctx, info, &run)) != LS_OK ||
        (error = ls__rule_checks_read(ctx, gpkg_path, parcel_id, &rows, &nrows)) != LS_OK)
        goto cleanup;
    format_text(&b, gpkg_path, f, &run, rows, nrows);
    append_corrections(&b, gds, parcel_id);
    ls__explain_supply(&b, gds, parcel_id);
    if (!(text = ls__buf_take(&b))) {
        error = ls__error_set(ctx, LS_ENOMEM, "explain: out of memory");
        goto cleanup;
    }
    *out_text = text;

cleanup:
    if (f)
        OGR_F_Destroy(f);
    if (parcels)
        OGR_L_SetAttributeFilter(parcels, NULL);
    if (gds)
        GDALClose(gds);
    CPLPopErrorHandler();
    free(filter);
    ls__rule_checks_free(rows, nrows);
    run_facts_free(&run);
    ls__buf_free(&b);
    return error;
}
