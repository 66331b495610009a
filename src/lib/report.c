/*
 * report.c — ls_report_write(): per-district reports rebuilt from a finished run's
 * GeoPackage, and the report model the writers share (report.h).
 *
 * Reading. The GeoPackage is opened read-only with OGR; fields are looked up by name, so a
 * GeoPackage of an older run without some field still reads (the value is NULL). Layers
 * parcels and run_info are required; towns, blocks, districts, sites, enterprises and
 * data_quality are optional. Geometries are kept as plain rings (no GEOS) for the SVG map.
 *
 * Building one district's view. Its parcels are those whose `district` equals the name
 * (all parcels when the run has no districts). Per-town and per-block rows are recomputed
 * from those parcels with aggregate.c's definitions (each parcel counted once, FAR = Σ floor
 * area / Σ area over industrial parcels, per-mu figures = Σ figure / Σ mu over industrial
 * parcels carrying the figure); parcels without a town / block form an unassigned row, so
 * rows always add up to the district total. Enterprises belong to the district when one of
 * their parcels does; data-quality rows when their feature is one of its parcels or
 * enterprises, or when they concern the whole run (feature "(all)" or another layer).
 *
 * Ledger. With the ledger's fields (report.h), the `resolved` layer is read too and joined
 * to the parcels by parcel_id; a district's view gets its resolved rows and the per-town /
 * per-block rows their new / resolved / net listed mu, recomputed like aggregate.c does.
 *
 * Writing. Reports go to <output_dir>/reports/<stem>.<ext>; each file is written under a
 * temporary name and renamed when complete, so an interrupted call leaves no half file.
 * Nothing here prints; a mismatch between the recomputed and the stored district totals is
 * a warning notice (it means the GeoPackage was edited by hand).
 */
#include <cpl_conv.h>
#include <cpl_error.h>
#include <errno.h>
#include <gdal.h>
#include <math.h>
#include <ogr_api.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "report.h"

/* ---- labels ------------------------------------------------------------------------- */

const char *ls__report_status_label(ls__status s)
{
    static const char *const labels[LS_STATUS_COUNT] = {"疑似闲置", "可腾退", "低效", "高效",
                                                        "非工业"};
    return s < LS_STATUS_COUNT ? labels[s] : "";
}

const char *ls__report_action_label(ls__action a)
{
    static const char *const labels[LS_ACTION_COUNT] = {
        "收回盘活", "园区集聚/搬迁拆除", "整治淘汰/改造提升", "过渡保留", "保留", "不涉及"};
    return a < LS_ACTION_COUNT ? labels[a] : "";
}

const char *ls__report_status_name_label(const char *name)
{
    if (!name)
        return "";
    if (strcmp(name, "removed") == 0)
        return "已灭失";
    for (int i = 0; i < LS_STATUS_COUNT; i++)
        if (strcmp(name, ls__status_name((ls__status)i)) == 0)
            return ls__report_status_label((ls__status)i);
    return name;
}

const ls__status ls__report_list_status[3] = {LS_STATUS_IDLE, LS_STATUS_RELOCATABLE,
                                              LS_STATUS_LOW_EFFICIENCY};
const char *const ls__report_list_title[3] = {"闲置地块", "可腾退地块", "低效地块"};

static const struct {
    const char *code, *zh;
} reason_labels[] = {
    {"IDLE_UNSTARTED", "约定动工日起满期未动工(年)"},
    {"IDLE_STALLED", "已动工但建筑系数不足且停产(建筑系数;停产年数)"},
    {"IDLE_HALTED", "企业停产满期(年)"},
    {"IDLE_VACANT", "无企业且无建筑"},
    {"IDLE_UNSUPPLIED", "批而未供"},
    {"REL_OUTSIDE", "位于工业控制线外(控制线内比例)"},
    {"REL_RETAIN_AB50", "A/B类企业大地块过渡保留(类别;亩)"},
    {"LE_TAX", "亩均税收低于标准(万元/亩)"},
    {"LE_VA", "亩均增加值低于标准(万元/亩)"},
    {"LE_FAR", "容积率低于下限"},
    {"LE_COVERAGE", "建筑系数低于下限"},
    {"LE_CLASS", "亩均效益评价类别偏低"},
    {"LE_ENERGY", "单位增加值能耗超标(吨标煤/万元)"},
    {"LE_TAX_ARREARS", "欠缴城镇土地使用税(年)"},
    {"LE_MORTGAGED_IDLE", "闲置且已抵押"},
};

static const char *reason_label(const char *code, size_t n)
{
    for (size_t i = 0; i < sizeof(reason_labels) / sizeof(reason_labels[0]); i++)
        if (strlen(reason_labels[i].code) == n && strncmp(reason_labels[i].code, code, n) == 0)
            return reason_labels[i].zh;
    return NULL;
}

/* "LE_TAX(3.20<5.00);NO_DATA_LE_FAR" →
 * "亩均税收低于标准(万元/亩):3.20<5.00；缺少数据:容积率低于下限" */
char *ls__report_reasons_zh(const char *reasons, int with_no_data)
{
    ls__buf b = {0};
    ls__buf_add(&b, "");
    const char *s = reasons ? reasons : "";
    while (*s) {
        const char *end = strchr(s, ';');
        size_t len = end ? (size_t)(end - s) : strlen(s);
        if (len > 0) {
            const char *paren = memchr(s, '(', len);
            size_t code_len = paren ? (size_t)(paren - s) : len;
            int no_data = code_len > 8 && strncmp(s, "NO_DATA_", 8) == 0;
            const char *code = no_data ? s + 8 : s;
            size_t clen = no_data ? code_len - 8 : code_len;
            const char *zh = reason_label(code, clen);
            if (no_data && !with_no_data) {
                s += len + (end ? 1 : 0);
                continue;
            }
            if (b.len)
                ls__buf_add(&b, "；");
            if (no_data)
                ls__buf_add(&b, "缺少数据:");
            if (zh)
                ls__buf_add(&b, zh);
            else
                ls__buf_addn(&b, code, clen);
            if (paren) {
                /* the numbers, without the parentheses; ">=" printed as "≥" */
                const char *num = paren + 1;
                size_t nlen = len - code_len - 1;
                if (nlen > 0 && num[nlen - 1] == ')')
                    nlen--;
                ls__buf_add(&b, ":");
                for (size_t i = 0; i < nlen; i++) {
                    if (num[i] == '>' && i + 1 < nlen && num[i + 1] == '=') {
                        ls__buf_add(&b, "≥");
                        i++;
                    } else if (num[i] == ',') {
                        ls__buf_add(&b, ";");
                    } else {
                        ls__buf_addn(&b, num + i, 1);
                    }
                }
            }
        }
        s += len + (end ? 1 : 0);
    }
    return ls__buf_take(&b);
}

/* ---- run_info and the rules --------------------------------------------------------- */

const char *ls__report_info(const ls__rdata *data, const char *key)
{
    for (size_t i = 0; i < data->info.n; i++)
        if (strcmp(data->info.keys[i], key) == 0)
            return data->info.values[i];
    return NULL;
}

static const struct {
    const char *key, *zh;
} rule_labels[] = {
    {"name", "规则名称"},
    {"extends_chain", "规则继承"},
    {"tax_per_mu_min_by_year", "分年度亩均税收下限(万元/亩)"},
    {"industrial_codes", "工业用地地类代码"},
    {"warehouse_is_industrial", "仓储用地计为工业"},
    {"warehouse_codes", "仓储用地代码"},
    {"inside_share_min", "控制线内面积比例下限(低于则可腾退)"},
    {"retain_ab_min_mu", "A/B类企业过渡保留用地下限(亩)"},
    {"started_coverage_min", "视为未动工的建筑系数"},
    {"unstarted_years", "约定动工后未动工年限(年)"},
    {"stalled_share", "中止开发建筑系数比例"},
    {"stalled_years", "中止开发停产年限(年)"},
    {"halted_years", "停产年限(年)"},
    {"idle_vacant", "无企业无建筑视为闲置"},
    {"idle_unsupplied", "批而未供视为闲置"},
    {"arrears_years", "欠缴土地使用税年限(年)"},
    {"mortgaged_idle", "抵押闲置计为低效"},
    {"tax_per_mu_min", "亩均税收下限(万元/亩)"},
    {"va_per_mu_min", "亩均增加值下限(万元/亩)"},
    {"far_min", "容积率下限(无行业标准时)"},
    {"far_table", "分行业容积率下限表"},
    {"industry_code_standard", "行业分类标准"},
    {"far_target", "容积率提升目标"},
    {"coverage_min", "建筑系数下限"},
    {"energy_per_va_max", "单位增加值能耗上限(吨标煤/万元)"},
    {"low_classes", "低效评价类别"},
    {"tall_storey_m", "层高超过此值计两层(米)"},
    {"site_min_mu", "连片开发最小面积(亩)"},
    {"site_gap_m", "连片开发间隙(米)"},
    {"evaluation.benchmark", "评价基准"},
    {"evaluation.cap", "单项得分上限(倍)"},
    {"evaluation.classes.method", "分类方法"},
    {"targets", "目标值"},
};

static const char *rule_label(const char *key)
{
    for (size_t i = 0; i < sizeof(rule_labels) / sizeof(rule_labels[0]); i++)
        if (strcmp(rule_labels[i].key, key) == 0)
            return rule_labels[i].zh;
    if (strncmp(key, "evaluation.weights.above.", 25) == 0)
        return "规上企业指标权重";
    if (strncmp(key, "evaluation.weights.below.", 25) == 0)
        return "规下企业指标权重";
    if (strncmp(key, "evaluation.classes.", 19) == 0)
        return "评价分类参数";
    if (strncmp(key, "evaluation.scope.", 17) == 0)
        return "评价范围";
    return "";
}

/* A tiny JSON reader for the one-line rules JSON of run_info: objects are flattened to
 * dotted keys, arrays of scalars become "a, b, c", null becomes "关闭" (test off). */
typedef struct jrd {
    const char *s;
    int bad;
} jrd;

static void j_ws(jrd *j)
{
    while (*j->s == ' ' || *j->s == '\n' || *j->s == '\t' || *j->s == '\r')
        j->s++;
}

static void j_string(jrd *j, ls__buf *out)
{
    if (*j->s != '"') {
        j->bad = 1;
        return;
    }
    j->s++;
    while (*j->s && *j->s != '"') {
        if (*j->s == '\\' && j->s[1]) {
            j->s++;
            char c = *j->s == 'n' ? ' ' : *j->s == 't' ? ' ' : *j->s;
            if (*j->s == 'u') { /* not produced by rules.c for our keys; keep as is */
                ls__buf_add(out, "\\u");
                j->s++;
                continue;
            }
            ls__buf_addn(out, &c, 1);
        } else {
            ls__buf_addn(out, j->s, 1);
        }
        j->s++;
    }
    if (*j->s == '"')
        j->s++;
    else
        j->bad = 1;
}

static int add_row(char ***rows, size_t *n, size_t *cap, const char *key, const char *value)
{
    if (*n == *cap) {
        size_t c = *cap ? *cap * 2 : 32;
        char **r = realloc(*rows, c * 3 * sizeof(char *));
        if (!r)
            return LS_ENOMEM;
        *rows = r;
        *cap = c;
    }
    char **row = *rows + *n * 3;
    row[0] = ls__strdup(rule_label(key));
    row[1] = ls__strdup(key);
    row[2] = ls__strdup(value);
    (*n)++;
    return row[0] && row[1] && row[2] ? LS_OK : LS_ENOMEM;
}

static void j_value(jrd *j, const char *path, ls__buf *scalar, char ***rows, size_t *n, size_t *cap,
                    int *rc);

static void j_object(jrd *j, const char *path, char ***rows, size_t *n, size_t *cap, int *rc)
{
    j->s++; /* '{' */
    j_ws(j);
    int empty = 1;
    while (!j->bad && *j->s && *j->s != '}') {
        ls__buf key = {0};
        ls__buf_add(&key, "");
        j_string(j, &key);
        j_ws(j);
        if (*j->s != ':')
            j->bad = 1;
        else
            j->s++;
        j_ws(j);
        char *k = ls__buf_take(&key);
        char *full = k ? (*path ? ls__sprintf("%s.%s", path, k) : ls__strdup(k)) : NULL;
        if (!full) {
            *rc = LS_ENOMEM;
            j->bad = 1;
        } else {
            ls__buf sc = {0};
            j_value(j, full, &sc, rows, n, cap, rc);
            ls__buf_free(&sc);
        }
        free(full);
        free(k);
        empty = 0;
        j_ws(j);
        if (*j->s == ',') {
            j->s++;
            j_ws(j);
        }
    }
    if (*j->s == '}')
        j->s++;
    else
        j->bad = 1;
    if (empty && *path && *rc == LS_OK)
        *rc = add_row(rows, n, cap, path, "无");
}

/* Parse one value at j->s. Objects recurse into rows; scalars and arrays are added as one
 * row under `path` (when path is not empty). */
static void j_value(jrd *j, const char *path, ls__buf *scalar, char ***rows, size_t *n, size_t *cap,
                    int *rc)
{
    j_ws(j);
    if (*j->s == '{') {
        j_object(j, path, rows, n, cap, rc);
        return;
    }
    ls__buf_add(scalar, "");
    if (*j->s == '[') {
        j->s++;
        j_ws(j);
        int first = 1;
        while (!j->bad && *j->s && *j->s != ']') {
            if (!first)
                ls__buf_add(scalar, ", ");
            first = 0;
            if (*j->s == '"') {
                j_string(j, scalar);
            } else if (*j->s == '{' || *j->s == '[') {
                j->bad = 1; /* nested structures inside arrays are not used by rules */
            } else {
                const char *st = j->s;
                while (*j->s && *j->s != ',' && *j->s != ']')
                    j->s++;
                ls__buf_addn(scalar, st, (size_t)(j->s - st));
            }
            j_ws(j);
            if (*j->s == ',') {
                j->s++;
                j_ws(j);
            }
        }
        if (*j->s == ']')
            j->s++;
        else
            j->bad = 1;
        if (first)
            ls__buf_add(scalar, "无");
    } else if (*j->s == '"') {
        j_string(j, scalar);
    } else {
        const char *st = j->s;
        while (*j->s && *j->s != ',' && *j->s != '}' && *j->s != ']')
            j->s++;
        size_t len = (size_t)(j->s - st);
        while (len && st[len - 1] == ' ')
            len--;
        if (len == 4 && strncmp(st, "null", 4) == 0)
            ls__buf_add(scalar, "关闭");
        else if (len == 4 && strncmp(st, "true", 4) == 0)
            ls__buf_add(scalar, "是");
        else if (len == 5 && strncmp(st, "false", 5) == 0)
            ls__buf_add(scalar, "否");
        else
            ls__buf_addn(scalar, st, len);
    }
    if (*path && *rc == LS_OK && !j->bad)
        *rc = add_row(rows, n, cap, path, scalar->data ? scalar->data : "");
}

void ls__report_rows_free(char **rows, size_t n)
{
    for (size_t i = 0; rows && i < n * 3; i++)
        free(rows[i]);
    free(rows);
}

int ls__report_rules_rows(const ls__rdata *data, char ***rows_out, size_t *n_out)
{
    const char *json = ls__report_info(data, "rules_resolved");
    char **rows = NULL;
    size_t n = 0, cap = 0;
    int rc = LS_OK;
    if (json && *json == '{') {
        jrd j = {json, 0};
        j_object(&j, "", &rows, &n, &cap, &rc);
    }
    if (rc != LS_OK) {
        ls__report_rows_free(rows, n);
        return rc;
    }
    *rows_out = rows;
    *n_out = n;
    return LS_OK;
}

/* ---- reading the GeoPackage ---------------------------------------------------------- */

static void geom_free(ls__rgeom *g)
{
    free(g->ring_len);
    free(g->xy);
}

static int ring_add(ls__rgeom *g, OGRGeometryH ring, size_t *cap_r, size_t *cap_p)
{
    int np = OGR_G_GetPointCount(ring);
    if (np <= 0)
        return LS_OK;
    if (g->nrings == *cap_r) {
        size_t c = *cap_r ? *cap_r * 2 : 4;
        size_t *r = realloc(g->ring_len, c * sizeof(*r));
        if (!r)
            return LS_ENOMEM;
        g->ring_len = r;
        *cap_r = c;
    }
    if (g->npts + (size_t)np > *cap_p) {
        size_t c = *cap_p ? *cap_p : 16;
        while (c < g->npts + (size_t)np)
            c *= 2;
        double *xy = realloc(g->xy, c * 2 * sizeof(*xy));
        if (!xy)
            return LS_ENOMEM;
        g->xy = xy;
        *cap_p = c;
    }
    for (int i = 0; i < np; i++) {
        double x = OGR_G_GetX(ring, i), y = OGR_G_GetY(ring, i);
        g->xy[2 * (g->npts + (size_t)i)] = x;
        g->xy[2 * (g->npts + (size_t)i) + 1] = y;
        if (x < g->minx)
            g->minx = x;
        if (x > g->maxx)
            g->maxx = x;
        if (y < g->miny)
            g->miny = y;
        if (y > g->maxy)
            g->maxy = y;
    }
    g->ring_len[g->nrings++] = (size_t)np;
    g->npts += (size_t)np;
    return LS_OK;
}

static int geom_collect(ls__rgeom *g, OGRGeometryH h, size_t *cap_r, size_t *cap_p)
{
    OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(h));
    int rc = LS_OK;
    if (t == wkbPolygon) {
        for (int i = 0; i < OGR_G_GetGeometryCount(h) && rc == LS_OK; i++)
            rc = ring_add(g, OGR_G_GetGeometryRef(h, i), cap_r, cap_p);
    } else if (t == wkbMultiPolygon || t == wkbGeometryCollection) {
        for (int i = 0; i < OGR_G_GetGeometryCount(h) && rc == LS_OK; i++)
            rc = geom_collect(g, OGR_G_GetGeometryRef(h, i), cap_r, cap_p);
    }
    return rc;
}

static int geom_read(OGRFeatureH f, ls__rgeom *g)
{
    memset(g, 0, sizeof(*g));
    g->minx = g->miny = HUGE_VAL;
    g->maxx = g->maxy = -HUGE_VAL;
    OGRGeometryH h = OGR_F_GetGeometryRef(f);
    if (!h || OGR_G_IsEmpty(h))
        return LS_OK;
    size_t cap_r = 0, cap_p = 0;
    int rc = geom_collect(g, h, &cap_r, &cap_p);
    if (rc != LS_OK)
        return rc;
    OGRGeometryH pos = OGR_G_PointOnSurface(h);
    if (pos && !OGR_G_IsEmpty(pos)) {
        g->label_x = OGR_G_GetX(pos, 0);
        g->label_y = OGR_G_GetY(pos, 0);
    } else {
        g->label_x = (g->minx + g->maxx) / 2;
        g->label_y = (g->miny + g->maxy) / 2;
    }
    if (pos)
        OGR_G_DestroyGeometry(pos);
    return LS_OK;
}

/* Field access by name: NULL / NAN / 0 when the field is absent or NULL. */
static int fidx(OGRFeatureH f, const char *name)
{
    return OGR_F_GetFieldIndex(f, name);
}

static char *get_str(OGRFeatureH f, const char *name, int *oom)
{
    int i = fidx(f, name);
    if (i < 0 || !OGR_F_IsFieldSetAndNotNull(f, i))
        return NULL;
    char *s = ls__strdup(OGR_F_GetFieldAsString(f, i));
    if (!s)
        *oom = 1;
    return s;
}

static double get_num(OGRFeatureH f, const char *name)
{
    int i = fidx(f, name);
    if (i < 0 || !OGR_F_IsFieldSetAndNotNull(f, i))
        return NAN;
    return OGR_F_GetFieldAsDouble(f, i);
}

static int get_int(OGRFeatureH f, const char *name)
{
    int i = fidx(f, name);
    if (i < 0 || !OGR_F_IsFieldSetAndNotNull(f, i))
        return 0;
    return OGR_F_GetFieldAsInteger(f, i);
}

static double zero_if_nan(double v)
{
    return isnan(v) ? 0.0 : v;
}

static ls__status status_of(const char *s)
{
    for (int i = 0; s && i < LS_STATUS_COUNT; i++)
        if (strcmp(s, ls__status_name((ls__status)i)) == 0)
            return (ls__status)i;
    return LS_STATUS_NON_INDUSTRIAL;
}

static ls__action action_of(const char *s)
{
    for (int i = 0; s && i < LS_ACTION_COUNT; i++)
        if (strcmp(s, ls__action_name((ls__action)i)) == 0)
            return (ls__action)i;
    return LS_ACTION_NONE;
}

static int read_parcel(OGRFeatureH f, ls__rparcel *p)
{
    int oom = 0;
    memset(p, 0, sizeof(*p));
    p->parcel_id = get_str(f, "parcel_id", &oom);
    p->block_id = get_str(f, "block_id", &oom);
    p->block_name = get_str(f, "block_name", &oom);
    p->district = get_str(f, "district", &oom);
    p->town = get_str(f, "town", &oom);
    p->owner = get_str(f, "owner", &oom);
    p->landuse = get_str(f, "landuse", &oom);
    p->eval_class = get_str(f, "eval_class", &oom);
    p->reasons = get_str(f, "reasons", &oom);
    p->enterprise_ids = get_str(f, "enterprise_ids", &oom);
    p->change = get_str(f, "change", &oom);
    p->first_listed = get_str(f, "first_listed", &oom);
    p->lists = get_str(f, "lists", &oom);
    p->listed_runs = get_int(f, "listed_runs");
    char *status = get_str(f, "status", &oom);
    char *action = get_str(f, "action", &oom);
    p->status = status_of(status);
    p->action = action_of(action);
    free(status);
    free(action);
    p->industrial = get_int(f, "industrial");
    p->enterprise_count = get_int(f, "enterprise_count");
    p->site_id = get_int(f, "site_id");
    p->area_m2 = zero_if_nan(get_num(f, "area_m2"));
    p->area_mu = zero_if_nan(get_num(f, "area_mu"));
    p->inside_control_m2 = zero_if_nan(get_num(f, "inside_control_m2"));
    p->control_share = get_num(f, "control_share");
    p->floor_area_m2 = zero_if_nan(get_num(f, "floor_area_m2"));
    p->far = get_num(f, "far");
    p->coverage = get_num(f, "coverage");
    p->tax_10k = get_num(f, "tax_10k");
    p->value_added_10k = get_num(f, "value_added_10k");
    p->tax_per_mu = get_num(f, "tax_per_mu");
    p->value_added_per_mu = get_num(f, "value_added_per_mu");
    p->eval_score = get_num(f, "eval_score");
    p->reclaimable_mu = zero_if_nan(get_num(f, "reclaimable_mu"));
    p->far_uplift_m2 = zero_if_nan(get_num(f, "far_uplift_m2"));
    if (!p->parcel_id && !oom)
        p->parcel_id = ls__sprintf("#%lld", (long long)OGR_F_GetFID(f));
    if (oom || !p->parcel_id)
        return LS_ENOMEM;
    return geom_read(f, &p->geom);
}

static void parcel_free(ls__rparcel *p)
{
    free(p->parcel_id);
    free(p->block_id);
    free(p->block_name);
    free(p->district);
    free(p->town);
    free(p->owner);
    free(p->landuse);
    free(p->eval_class);
    free(p->reasons);
    free(p->enterprise_ids);
    free(p->change);
    free(p->first_listed);
    free(p->lists);
    geom_free(&p->geom);
}

static int read_site(OGRFeatureH f, ls__rsite *s)
{
    int oom = 0;
    memset(s, 0, sizeof(*s));
    s->site_id = get_int(f, "site_id");
    s->parcel_count = get_int(f, "parcel_count");
    s->area_mu = zero_if_nan(get_num(f, "area_mu"));
    s->parcel_ids = get_str(f, "parcel_ids", &oom);
    s->block_id = get_str(f, "block_id", &oom);
    s->district = get_str(f, "district", &oom);
    return oom ? LS_ENOMEM : geom_read(f, &s->geom);
}

static void site_free(ls__rsite *s)
{
    free(s->parcel_ids);
    free(s->block_id);
    free(s->district);
    geom_free(&s->geom);
}

static int read_ent(OGRFeatureH f, ls__rent *e)
{
    int oom = 0;
    memset(e, 0, sizeof(*e));
    e->enterprise_id = get_str(f, "enterprise_id", &oom);
    e->name = get_str(f, "name", &oom);
    e->parcel_ids = get_str(f, "parcel_ids", &oom);
    e->role = get_str(f, "role", &oom);
    e->scale = get_str(f, "scale", &oom);
    e->status = get_str(f, "status", &oom);
    e->eval_class = get_str(f, "eval_class", &oom);
    e->eval_note = get_str(f, "eval_note", &oom);
    e->parcel_count = get_int(f, "parcel_count");
    e->land_mu = zero_if_nan(get_num(f, "land_mu"));
    e->tax_10k = get_num(f, "tax_10k");
    e->value_added_10k = get_num(f, "value_added_10k");
    e->tax_per_mu = get_num(f, "tax_per_mu");
    e->va_per_mu = get_num(f, "va_per_mu");
    e->va_per_energy = get_num(f, "va_per_energy");
    e->labour_productivity = get_num(f, "labour_productivity");
    e->rd_share = get_num(f, "rd_share");
    e->tax_per_electricity = get_num(f, "tax_per_electricity");
    e->eval_score = get_num(f, "eval_score");
    return oom ? LS_ENOMEM : LS_OK;
}

static void ent_free(ls__rent *e)
{
    free(e->enterprise_id);
    free(e->name);
    free(e->parcel_ids);
    free(e->role);
    free(e->scale);
    free(e->status);
    free(e->eval_class);
    free(e->eval_note);
}

static int read_res(OGRFeatureH f, ls__rres *r)
{
    int oom = 0;
    memset(r, 0, sizeof(*r));
    r->parcel_id = get_str(f, "parcel_id", &oom);
    r->old_status = get_str(f, "old_status", &oom);
    r->new_status = get_str(f, "new_status", &oom);
    r->block_id = get_str(f, "block_id", &oom);
    r->district = get_str(f, "district", &oom);
    r->town = get_str(f, "town", &oom);
    r->old_reclaimable_mu = zero_if_nan(get_num(f, "old_reclaimable_mu"));
    r->old_area_mu = zero_if_nan(get_num(f, "old_area_mu"));
    r->removed = r->new_status && strcmp(r->new_status, "removed") == 0;
    if (!r->parcel_id && !oom)
        r->parcel_id = ls__sprintf("#%lld", (long long)OGR_F_GetFID(f));
    return oom || !r->parcel_id ? LS_ENOMEM : LS_OK;
}

static void res_free(ls__rres *r)
{
    free(r->parcel_id);
    free(r->old_status);
    free(r->new_status);
    free(r->block_id);
    free(r->district);
    free(r->town);
}

static int read_dq(OGRFeatureH f, ls__rdq *d)
{
    int oom = 0;
    d->layer = get_str(f, "layer", &oom);
    d->feature = get_str(f, "feature", &oom);
    d->problem = get_str(f, "problem", &oom);
    d->action = get_str(f, "action", &oom);
    return oom ? LS_ENOMEM : LS_OK;
}

static void dq_free(ls__rdq *d)
{
    free(d->layer);
    free(d->feature);
    free(d->problem);
    free(d->action);
}

/* kind: 0 districts, 1 towns, 2 blocks */
static int read_area(OGRFeatureH f, ls__rarea *a, int kind)
{
    int oom = 0;
    memset(a, 0, sizeof(*a));
    if (kind == 0) {
        a->name = get_str(f, "name", &oom);
    } else if (kind == 1) {
        a->name = get_str(f, "town", &oom);
        a->district = get_str(f, "district", &oom);
    } else {
        a->name = get_str(f, "block_id", &oom);
        a->label = get_str(f, "name", &oom);
    }
    a->stored_industrial_mu = get_num(f, "industrial_mu");
    a->stored_reclaimable_mu = get_num(f, "reclaimable_mu");
    a->stored_new_listed_mu = get_num(f, "new_listed_mu");
    a->stored_resolved_mu = get_num(f, "resolved_mu");
    a->stored_net_listed_mu = get_num(f, "net_listed_mu");
    return oom ? LS_ENOMEM : geom_read(f, &a->geom);
}

static void area_free(ls__rarea *a)
{
    free(a->name);
    free(a->district);
    free(a->label);
    geom_free(&a->geom);
}

void ls__report_data_free(ls__rdata *d)
{
    if (!d)
        return;
    ls__kv_free(&d->info);
    for (size_t i = 0; i < d->nparcels; i++)
        parcel_free(&d->parcels[i]);
    for (size_t i = 0; i < d->nsites; i++)
        site_free(&d->sites[i]);
    for (size_t i = 0; i < d->nents; i++)
        ent_free(&d->ents[i]);
    for (size_t i = 0; i < d->ndq; i++)
        dq_free(&d->dq[i]);
    for (size_t i = 0; i < d->ndistricts; i++)
        area_free(&d->districts[i]);
    for (size_t i = 0; i < d->ntowns; i++)
        area_free(&d->towns[i]);
    for (size_t i = 0; i < d->nblocks; i++)
        area_free(&d->blocks[i]);
    for (size_t i = 0; i < d->nresolved; i++)
        res_free(&d->resolved[i]);
    free(d->resolved);
    free(d->parcels);
    free(d->sites);
    free(d->ents);
    free(d->dq);
    free(d->districts);
    free(d->towns);
    free(d->blocks);
    free(d);
}

/* Read every feature of a layer into a freshly allocated array of `size`-byte items. */
typedef int (*read_fn)(OGRFeatureH f, void *item, int kind);

static int rd_parcel(OGRFeatureH f, void *it, int k)
{
    (void)k;
    return read_parcel(f, it);
}
static int rd_site(OGRFeatureH f, void *it, int k)
{
    (void)k;
    return read_site(f, it);
}
static int rd_ent(OGRFeatureH f, void *it, int k)
{
    (void)k;
    return read_ent(f, it);
}
static int rd_dq(OGRFeatureH f, void *it, int k)
{
    (void)k;
    return read_dq(f, it);
}
static int rd_res(OGRFeatureH f, void *it, int k)
{
    (void)k;
    return read_res(f, it);
}
static int rd_area(OGRFeatureH f, void *it, int k)
{
    return read_area(f, it, k);
}

static int read_layer(ls_context *ctx, GDALDatasetH gds, const char *path, const char *name,
                      int required, size_t size, read_fn fn, int kind, void **items, size_t *n)
{
    *items = NULL;
    *n = 0;
    OGRLayerH l = GDALDatasetGetLayerByName(gds, name);
    if (!l) {
        if (required)
            return ls__error_set(ctx, LS_ENOTFOUND, "%s: layer %s missing (not a landscan run?)",
                                 path, name);
        return LS_OK;
    }
    GIntBig count = OGR_L_GetFeatureCount(l, TRUE);
    if (count < 0)
        count = 0;
    char *arr = calloc((size_t)count + 1, size);
    if (!arr)
        return ls__error_set(ctx, LS_ENOMEM, "out of memory");
    *items = arr;
    OGR_L_ResetReading(l);
    OGRFeatureH f;
    int rc = LS_OK;
    while (rc == LS_OK && *n < (size_t)count && (f = OGR_L_GetNextFeature(l)) != NULL) {
        if ((*n & 1023) == 0 && ls_context_interrupted(ctx)) {
            OGR_F_Destroy(f);
            return ls__error_set(ctx, LS_EINTERRUPTED, "interrupted");
        }
        rc = fn(f, arr + *n * size, kind);
        (*n)++; /* counted even on failure: the free functions accept partial items */
        OGR_F_Destroy(f);
    }
    if (rc == LS_ENOMEM)
        return ls__error_set(ctx, LS_ENOMEM, "out of memory");
    return rc;
}

static int layer_has_field(GDALDatasetH gds, const char *layer, const char *field)
{
    OGRLayerH l = GDALDatasetGetLayerByName(gds, layer);
    return l && OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(l), field) >= 0;
}

static int cmp_res_id(const void *a, const void *b)
{
    return strcmp(((const ls__rres *)a)->parcel_id, ((const ls__rres *)b)->parcel_id);
}

static int cmp_parcel_id(const void *a, const void *b)
{
    return strcmp((*(const ls__rparcel *const *)a)->parcel_id,
                  (*(const ls__rparcel *const *)b)->parcel_id);
}

/* Sort the resolved rows by parcel id and point each at its current parcel, if any. */
static int join_resolved(ls__rdata *d)
{
    if (d->nresolved > 1)
        qsort(d->resolved, d->nresolved, sizeof(*d->resolved), cmp_res_id);
    const ls__rparcel **byid = calloc(d->nparcels + 1, sizeof(*byid));
    if (!byid)
        return LS_ENOMEM;
    for (size_t i = 0; i < d->nparcels; i++)
        byid[i] = &d->parcels[i];
    if (d->nparcels > 1)
        qsort(byid, d->nparcels, sizeof(*byid), cmp_parcel_id);
    for (size_t i = 0; i < d->nresolved; i++) {
        ls__rres *r = &d->resolved[i];
        if (r->removed)
            continue;
        ls__rparcel key = {0};
        key.parcel_id = r->parcel_id;
        const ls__rparcel *kp = &key;
        const ls__rparcel **hit = bsearch(&kp, byid, d->nparcels, sizeof(*byid), cmp_parcel_id);
        r->parcel = hit ? *hit : NULL;
    }
    free(byid);
    return LS_OK;
}

int ls__report_read(ls_context *ctx, const char *gpkg_path, ls__rdata **out)
{
    int error = LS_OK;
    GDALDatasetH gds = NULL;
    ls__rdata *d = calloc(1, sizeof(*d));
    if (!d)
        return ls__error_set(ctx, LS_ENOMEM, "out of memory");
    struct stat st;
    if (stat(gpkg_path, &st) != 0) {
        error = ls__error_set(ctx, LS_ENOTFOUND, "%s: no such GeoPackage", gpkg_path);
        goto cleanup;
    }
    GDALAllRegister();
    CPLPushErrorHandler(CPLQuietErrorHandler);
    const char *drivers[] = {"GPKG", NULL};
    gds = GDALOpenEx(gpkg_path, GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, NULL, NULL);
    CPLPopErrorHandler();
    if (!gds) {
        error = ls__error_set(ctx, LS_EINVAL, "%s: not a GeoPackage (%s)", gpkg_path,
                              CPLGetLastErrorMsg());
        goto cleanup;
    }
    void *items = NULL;
    error = read_layer(ctx, gds, gpkg_path, "parcels", 1, sizeof(ls__rparcel), rd_parcel, 0, &items,
                       &d->nparcels);
    d->parcels = items;
    if (error != LS_OK)
        goto cleanup;
    error = read_layer(ctx, gds, gpkg_path, "sites", 0, sizeof(ls__rsite), rd_site, 0, &items,
                       &d->nsites);
    d->sites = items;
    if (error != LS_OK)
        goto cleanup;
    error = read_layer(ctx, gds, gpkg_path, "enterprises", 0, sizeof(ls__rent), rd_ent, 0, &items,
                       &d->nents);
    d->ents = items;
    if (error != LS_OK)
        goto cleanup;
    error = read_layer(ctx, gds, gpkg_path, "data_quality", 0, sizeof(ls__rdq), rd_dq, 0, &items,
                       &d->ndq);
    d->dq = items;
    if (error != LS_OK)
        goto cleanup;
    error = read_layer(ctx, gds, gpkg_path, "districts", 0, sizeof(ls__rarea), rd_area, 0, &items,
                       &d->ndistricts);
    d->districts = items;
    if (error != LS_OK)
        goto cleanup;
    error = read_layer(ctx, gds, gpkg_path, "towns", 0, sizeof(ls__rarea), rd_area, 1, &items,
                       &d->ntowns);
    d->towns = items;
    if (error != LS_OK)
        goto cleanup;
    error = read_layer(ctx, gds, gpkg_path, "blocks", 0, sizeof(ls__rarea), rd_area, 2, &items,
                       &d->nblocks);
    d->blocks = items;
    if (error != LS_OK)
        goto cleanup;
    d->has_ledger = layer_has_field(gds, "parcels", "change");
    if (d->has_ledger) {
        d->resolved_has_place = layer_has_field(gds, "resolved", "district");
        error = read_layer(ctx, gds, gpkg_path, "resolved", 0, sizeof(ls__rres), rd_res, 0, &items,
                           &d->nresolved);
        d->resolved = items;
        if (error == LS_OK && join_resolved(d) != LS_OK)
            error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
        if (error != LS_OK)
            goto cleanup;
    }
    OGRLayerH info = GDALDatasetGetLayerByName(gds, "run_info");
    if (!info) {
        error = ls__error_set(ctx, LS_ENOTFOUND, "%s: layer run_info missing (not a landscan run?)",
                              gpkg_path);
        goto cleanup;
    }
    OGR_L_ResetReading(info);
    OGRFeatureH f;
    while (error == LS_OK && (f = OGR_L_GetNextFeature(info)) != NULL) {
        int oom = 0;
        char *k = get_str(f, "key", &oom);
        char *v = get_str(f, "value", &oom);
        if (oom || (k && ls__kv_add(&d->info, k, v) != LS_OK))
            error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
        free(k);
        free(v);
        OGR_F_Destroy(f);
    }
    /* districts without a name cannot be reported */
    for (size_t i = 0; i < d->ndistricts && error == LS_OK; i++)
        if (!d->districts[i].name)
            d->districts[i].name = ls__strdup("");
cleanup:
    if (gds)
        GDALClose(gds);
    if (error != LS_OK) {
        ls__report_data_free(d);
        return error;
    }
    *out = d;
    return LS_OK;
}

/* ---- one district's view ------------------------------------------------------------- */

static void totals_add(ls__totals *t, const ls__rparcel *p)
{
    t->parcel_count++;
    t->status_count[p->status]++;
    t->status_mu[p->status] += p->area_mu;
    t->action_count[p->action]++;
    t->action_mu[p->action] += p->area_mu;
    t->reclaimable_mu += p->reclaimable_mu;
    t->far_uplift_m2 += p->far_uplift_m2;
    if (p->change && strcmp(p->change, "new") == 0)
        t->new_listed_mu += p->area_mu;
    if (!p->industrial)
        return;
    t->industrial_count++;
    t->industrial_mu += p->area_mu;
    t->inside_control_mu += p->inside_control_m2 * 15.0 / 10000.0;
    t->floor_sum_m2 += p->floor_area_m2;
    t->area_sum_m2 += p->area_m2;
    if (!isnan(p->tax_10k)) {
        t->tax_sum += p->tax_10k;
        t->tax_mu += p->area_mu;
    }
    if (!isnan(p->value_added_10k)) {
        t->va_sum += p->value_added_10k;
        t->va_mu += p->area_mu;
    }
}

static void totals_finish(ls__totals *t)
{
    t->far = t->area_sum_m2 > 0 ? t->floor_sum_m2 / t->area_sum_m2 : 0.0;
    t->tax_per_mu = t->tax_mu > 0 ? t->tax_sum / t->tax_mu : NAN;
    t->value_added_per_mu = t->va_mu > 0 ? t->va_sum / t->va_mu : NAN;
    t->net_listed_mu = t->new_listed_mu - t->resolved_mu;
}

const char *ls__report_res_block(const ls__rres *r)
{
    return r->parcel ? r->parcel->block_id : r->block_id;
}

const char *ls__report_res_town(const ls__rres *r)
{
    return r->parcel ? r->parcel->town : r->town;
}

static const char *res_district(const ls__rres *r)
{
    return r->parcel ? r->parcel->district : r->district;
}

const char *ls__report_block_name(const ls__rdata *d, const char *block_id)
{
    for (size_t i = 0; block_id && i < d->nblocks; i++)
        if (d->blocks[i].name && strcmp(d->blocks[i].name, block_id) == 0)
            return d->blocks[i].label ? d->blocks[i].label : "";
    return "";
}

static int cmp_str_null(const char *a, const char *b)
{
    if (!a || !b)
        return a ? -1 : b ? 1 : 0; /* NULL sorts last */
    return strcmp(a, b);
}

static int cmp_parcel(const void *a, const void *b)
{
    const ls__rparcel *p = *(const ls__rparcel *const *)a;
    const ls__rparcel *q = *(const ls__rparcel *const *)b;
    int c = cmp_str_null(p->block_id, q->block_id);
    return c ? c : strcmp(p->parcel_id, q->parcel_id);
}

static int cmp_cstrp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int cmp_group(const void *a, const void *b)
{
    const ls__rgroup *g = a, *h = b;
    if (g->unassigned != h->unassigned)
        return g->unassigned - h->unassigned;
    return strcmp(g->key, h->key);
}

/* The group of key (NULL: the unassigned one) among g[0..*n), added when missing. */
/* Groups are found through a small open-addressing hash on the key (a province has
 * thousands of blocks: a linear search per parcel would be quadratic). */
typedef struct group_index {
    size_t *slot; /* group index + 1, 0 = empty */
    size_t mask;
    long unassigned; /* the group of parcels without a key, -1 none */
} group_index;

static size_t hash_key(const char *s)
{
    size_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static ls__rgroup *group_of(ls__rgroup *g, size_t *n, group_index *ix, const char *key,
                            int by_block, const char *label)
{
    size_t h = 0;
    if (!key) {
        if (ix->unassigned >= 0)
            return &g[ix->unassigned];
    } else {
        for (h = hash_key(key) & ix->mask; ix->slot[h]; h = (h + 1) & ix->mask)
            if (strcmp(g[ix->slot[h] - 1].key, key) == 0)
                return &g[ix->slot[h] - 1];
    }
    size_t k = (*n)++;
    if (key)
        ix->slot[h] = k + 1;
    else
        ix->unassigned = (long)k;
    g[k].unassigned = key == NULL;
    g[k].key = key ? key : by_block ? "(未划入区块)" : "(未划入镇街)";
    g[k].label = label ? label : "";
    return &g[k];
}

/* Group the report's parcels (and, with a ledger, its resolved rows) by town (by_block 0)
 * or block (1). */
static int build_groups(const ls__report *rep, int by_block, ls__rgroup **out, size_t *nout)
{
    size_t cap = rep->nparcels + rep->nresolved + 1;
    ls__rgroup *g = calloc(cap, sizeof(*g));
    group_index ix = {NULL, 0, -1};
    size_t slots = 16;
    while (slots < 2 * cap)
        slots *= 2;
    ix.mask = slots - 1;
    ix.slot = calloc(slots, sizeof(*ix.slot));
    if (!g || !ix.slot) {
        free(g);
        free(ix.slot);
        return LS_ENOMEM;
    }
    size_t n = 0;
    for (size_t i = 0; i < rep->nparcels; i++) {
        const ls__rparcel *p = rep->parcels[i];
        const char *key = by_block ? p->block_id : p->town;
        totals_add(&group_of(g, &n, &ix, key, by_block, by_block ? p->block_name : p->district)->t,
                   p);
    }
    for (size_t i = 0; i < rep->nresolved; i++) {
        const ls__rres *r = rep->resolved[i];
        const char *key = by_block ? ls__report_res_block(r) : ls__report_res_town(r);
        const char *label = by_block ? ls__report_block_name(rep->data, key) : res_district(r);
        group_of(g, &n, &ix, key, by_block, label)->t.resolved_mu += r->old_area_mu;
    }
    free(ix.slot);
    for (size_t k = 0; k < n; k++)
        totals_finish(&g[k].t);
    qsort(g, n, sizeof(*g), cmp_group);
    *out = g;
    *nout = n;
    return LS_OK;
}

/* 1 when id is in the ";"-separated list (exact match of one item). */
static int list_has(const char *list, const char *const *sorted_ids, size_t nids)
{
    const char *s = list;
    char item[512];
    while (s && *s) {
        const char *end = strchr(s, ';');
        size_t len = end ? (size_t)(end - s) : strlen(s);
        if (len < sizeof(item)) {
            memcpy(item, s, len);
            item[len] = '\0';
            const char *key = item;
            if (bsearch(&key, sorted_ids, nids, sizeof(char *), cmp_cstrp))
                return 1;
        }
        s += len + (end ? 1 : 0);
    }
    return 0;
}

void ls__report_clear(ls__report *rep)
{
    if (!rep)
        return;
    free(rep->parcels);
    free(rep->sites);
    free(rep->ents);
    free(rep->dq);
    free(rep->towns);
    free(rep->blocks);
    free(rep->resolved);
    free(rep->resolved_unplaced);
    memset(rep, 0, sizeof(*rep));
}

int ls__report_build(ls_context *ctx, const ls__rdata *d, const char *district, ls__report *rep)
{
    int error = LS_OK;
    const char **pids = NULL, **eids = NULL;
    memset(rep, 0, sizeof(*rep));
    rep->data = d;
    rep->district = district;
    rep->run_name = ls__report_info(d, "name");
    rep->reference_date = ls__report_info(d, "reference_date");
    rep->version = ls__report_info(d, "version");
    rep->rules = ls__report_info(d, "rules");
    rep->rules_chain = ls__report_info(d, "rules_chain");
    rep->crs = ls__report_info(d, "crs");
    rep->title = district ? district : rep->run_name ? rep->run_name : "landscan";
    rep->has_towns = d->ntowns > 0;
    for (size_t i = 0; district && i < d->ndistricts; i++)
        if (strcmp(d->districts[i].name, district) == 0)
            rep->outline = &d->districts[i];

    rep->parcels = calloc(d->nparcels + 1, sizeof(*rep->parcels));
    rep->sites = calloc(d->nsites + 1, sizeof(*rep->sites));
    rep->ents = calloc(d->nents + 1, sizeof(*rep->ents));
    rep->dq = calloc(d->ndq + 1, sizeof(*rep->dq));
    rep->resolved = calloc(d->nresolved + 1, sizeof(*rep->resolved));
    rep->resolved_unplaced = calloc(d->nresolved + 1, sizeof(*rep->resolved_unplaced));
    pids = calloc(d->nparcels + 1, sizeof(char *));
    eids = calloc(d->nents + 1, sizeof(char *));
    if (!rep->parcels || !rep->sites || !rep->ents || !rep->dq || !rep->resolved ||
        !rep->resolved_unplaced || !pids || !eids) {
        error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
        goto cleanup;
    }
    for (size_t i = 0; i < d->nparcels; i++) {
        const ls__rparcel *p = &d->parcels[i];
        if (district && (!p->district || strcmp(p->district, district) != 0))
            continue;
        pids[rep->nparcels] = p->parcel_id;
        rep->parcels[rep->nparcels++] = p;
        totals_add(&rep->total, p);
    }
    /* resolved rows: still existing parcels first, then removed ones (each by parcel id) */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < d->nresolved; i++) {
            const ls__rres *r = &d->resolved[i];
            if (r->removed != pass)
                continue;
            const char *where = res_district(r);
            if (!district || (where && strcmp(where, district) == 0)) {
                rep->resolved[rep->nresolved++] = r;
                rep->total.resolved_mu += r->old_area_mu;
            } else if (!where) {
                /* not attributed: a GeoPackage without resolved.district of a run with one
                 * district can only mean that district; otherwise it counts nowhere */
                if (r->removed && !d->resolved_has_place && d->ndistricts <= 1) {
                    rep->resolved[rep->nresolved++] = r;
                    rep->total.resolved_mu += r->old_area_mu;
                } else {
                    rep->resolved_unplaced[rep->nresolved_unplaced++] = r;
                }
            }
        }
    }
    totals_finish(&rep->total);
    qsort(rep->parcels, rep->nparcels, sizeof(*rep->parcels), cmp_parcel);
    qsort(pids, rep->nparcels, sizeof(char *), cmp_cstrp);
    for (size_t i = 0; i < d->nsites; i++)
        if (!district || (d->sites[i].district && strcmp(d->sites[i].district, district) == 0))
            rep->sites[rep->nsites++] = &d->sites[i];
    size_t neids = 0;
    for (size_t i = 0; i < d->nents; i++) {
        const ls__rent *e = &d->ents[i];
        if (!district || list_has(e->parcel_ids, pids, rep->nparcels)) {
            rep->ents[rep->nents++] = e;
            if (e->enterprise_id)
                eids[neids++] = e->enterprise_id;
        }
    }
    qsort(eids, neids, sizeof(char *), cmp_cstrp);
    for (size_t i = 0; i < d->ndq; i++) {
        const ls__rdq *q = &d->dq[i];
        int keep = !district;
        if (!keep) {
            const char *layer = q->layer ? q->layer : "";
            const char *feat = q->feature ? q->feature : "";
            if (strcmp(layer, "parcels") == 0)
                keep = strcmp(feat, "(all)") == 0 || list_has(feat, pids, rep->nparcels);
            else if (strcmp(layer, "enterprises") == 0)
                keep = strcmp(feat, "(all)") == 0 || list_has(feat, eids, neids);
            else
                keep = 1; /* other layers concern the whole run */
        }
        if (keep)
            rep->dq[rep->ndq++] = q;
    }
    if (build_groups(rep, 0, &rep->towns, &rep->ntowns) != LS_OK ||
        build_groups(rep, 1, &rep->blocks, &rep->nblocks) != LS_OK) {
        error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
        goto cleanup;
    }
    if (rep->outline && !isnan(rep->outline->stored_industrial_mu) &&
        (fabs(rep->outline->stored_industrial_mu - rep->total.industrial_mu) > 0.01 ||
         fabs(rep->outline->stored_reclaimable_mu - rep->total.reclaimable_mu) > 0.01))
        ls__notice(ctx, LS_NOTICE_WARNING,
                   "report %s: the districts layer says %.2f industrial mu / %.2f reclaimable "
                   "mu, its parcels add up to %.2f / %.2f (the report uses the parcels)",
                   district, rep->outline->stored_industrial_mu,
                   rep->outline->stored_reclaimable_mu, rep->total.industrial_mu,
                   rep->total.reclaimable_mu);
    if (rep->outline && !isnan(rep->outline->stored_new_listed_mu) &&
        (fabs(rep->outline->stored_new_listed_mu - rep->total.new_listed_mu) > 0.01 ||
         fabs(rep->outline->stored_resolved_mu - rep->total.resolved_mu) > 0.01))
        ls__notice(ctx, LS_NOTICE_WARNING,
                   "report %s: the districts layer says %.2f newly listed mu / %.2f resolved "
                   "mu, its parcels and resolved rows add up to %.2f / %.2f (the report uses "
                   "the rows)",
                   district, rep->outline->stored_new_listed_mu, rep->outline->stored_resolved_mu,
                   rep->total.new_listed_mu, rep->total.resolved_mu);
cleanup:
    free(pids);
    free(eids);
    if (error != LS_OK)
        ls__report_clear(rep);
    return error;
}

/* ---- the public entry point ----------------------------------------------------------- */

char *ls_report_file_stem(const char *district)
{
    const char *s = district && *district ? district : "未命名";
    ls__buf b = {0};
    ls__buf_add(&b, "");
    for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
        if (*c < 0x20 || *c == 0x7f || strchr("/\\:*?\"<>|", *c))
            ls__buf_add(&b, "_");
        else
            ls__buf_addn(&b, (const char *)c, 1);
    }
    char *stem = ls__buf_take(&b);
    if (stem && (strcmp(stem, ".") == 0 || strcmp(stem, "..") == 0 || stem[0] == '.')) {
        char *fixed = ls__sprintf("_%s", stem);
        free(stem);
        stem = fixed;
    }
    return stem;
}

static int mkdir_1(const char *path)
{
    return mkdir(path, 0777) == 0 || errno == EEXIST ? 0 : -1;
}

typedef struct job {
    const char *district; /* NULL = whole run */
    char *stem;
} job;

static const char *const fmt_ext[3] = {"xlsx", "html", "csv"};

static int write_one(ls_context *ctx, const ls__rdata *d, const job *jb, const char *dir,
                     int formats)
{
    ls__report rep;
    int error = ls__report_build(ctx, d, jb->district, &rep);
    if (error != LS_OK)
        return error;
    for (int k = 0; k < 3 && error == LS_OK; k++) {
        if (!(formats & (1 << k)))
            continue;
        char *final = ls__sprintf("%s/%s.%s", dir, jb->stem, fmt_ext[k]);
        char *part = ls__sprintf("%s/.%s.part.%s", dir, jb->stem, fmt_ext[k]);
        if (!final || !part) {
            error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
        } else {
            error = k == 0   ? ls__report_write_xlsx(ctx, &rep, part)
                    : k == 1 ? ls__report_write_html(ctx, &rep, part)
                             : ls__report_write_csv(ctx, &rep, part);
            if (error == LS_OK && rename(part, final) != 0)
                error = ls__error_set(ctx, LS_EIO, "%s: cannot rename into place (%s)", final,
                                      strerror(errno));
            if (error != LS_OK)
                remove(part);
        }
        free(final);
        free(part);
    }
    ls__report_clear(&rep);
    return error;
}

struct ls__report_plan {
    ls__rdata *d;
    job *jobs;
    size_t njobs;
    char *dir;
    int formats;
};

void ls__report_plan_free(ls__report_plan *plan)
{
    if (!plan)
        return;
    for (size_t i = 0; plan->jobs && i < plan->njobs; i++)
        free(plan->jobs[i].stem);
    free(plan->jobs);
    free(plan->dir);
    ls__report_data_free(plan->d);
    free(plan);
}

int ls__report_plan_make(ls_context *ctx, const char *gpkg_path, const ls_report_options *opts,
                         ls__report_plan **out)
{
    int error = LS_OK;
    ls__rdata *d = NULL;
    job *jobs = NULL;
    size_t njobs = 0;
    char *base = NULL, *dir = NULL;
    ls_report_options defaults = LS_REPORT_OPTIONS_INIT;
    if (!opts)
        opts = &defaults;
    if (!gpkg_path || opts->version != LS_REPORT_OPTIONS_VERSION ||
        (opts->formats & ~(LS_REPORT_XLSX | LS_REPORT_HTML | LS_REPORT_CSV)))
        return ls__error_set(ctx, LS_EINVAL, "report: bad options (version %d, formats %d)",
                             opts->version, opts->formats);
    int formats = opts->formats ? opts->formats : LS_REPORT_DEFAULT_FORMATS;
    if ((error = ls__report_read(ctx, gpkg_path, &d)) != LS_OK)
        goto cleanup;

    /* which reports */
    jobs = calloc(d->ndistricts + 1, sizeof(*jobs));
    if (!jobs) {
        error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
        goto cleanup;
    }
    if (d->ndistricts == 0) {
        if (opts->district) {
            error = ls__error_set(ctx, LS_EINVAL,
                                  "--district %s: %s has no districts (one report covers the run)",
                                  opts->district, gpkg_path);
            goto cleanup;
        }
        const char *name = ls__report_info(d, "name");
        jobs[njobs].district = NULL;
        jobs[njobs++].stem = ls_report_file_stem(name ? name : "landscan");
    } else {
        for (size_t i = 0; i < d->ndistricts; i++) {
            const char *name = d->districts[i].name;
            if (opts->district && strcmp(opts->district, name) != 0)
                continue;
            jobs[njobs].district = name;
            jobs[njobs].stem = ls_report_file_stem(name);
            if (!jobs[njobs].stem) {
                error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
                goto cleanup;
            }
            /* two names with the same safe form get numbered */
            for (size_t k = 0; k < njobs; k++) {
                if (strcmp(jobs[k].stem, jobs[njobs].stem) == 0) {
                    char *s = ls__sprintf("%s_%zu", jobs[njobs].stem, njobs + 1);
                    free(jobs[njobs].stem);
                    jobs[njobs].stem = s;
                    break;
                }
            }
            njobs++;
        }
        if (njobs == 0) {
            ls__buf names = {0};
            for (size_t i = 0; i < d->ndistricts; i++)
                ls__buf_addf(&names, "%s%s", i ? ", " : "", d->districts[i].name);
            char *list = ls__buf_take(&names);
            error = ls__error_set(ctx, LS_EINVAL,
                                  "--district %s: no such district in %s (districts: %s)",
                                  opts->district, gpkg_path, list ? list : "");
            free(list);
            goto cleanup;
        }
    }
    for (size_t i = 0; i < njobs; i++)
        if (!jobs[i].stem) {
            error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
            goto cleanup;
        }

    /* where */
    base = opts->output_dir ? ls__strdup(opts->output_dir) : ls__path_dir(gpkg_path);
    dir = base ? ls__path_join(base, "reports") : NULL;
    if (!dir) {
        error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
        goto cleanup;
    }
    if (mkdir_1(base) != 0 || mkdir_1(dir) != 0) {
        error = ls__error_set(ctx, LS_EIO, "%s: cannot create the reports folder (%s)", dir,
                              strerror(errno));
        goto cleanup;
    }
    for (size_t i = 0; i < njobs && !opts->force; i++) {
        for (int k = 0; k < 3; k++) {
            if (!(formats & (1 << k)))
                continue;
            char *f = ls__sprintf("%s/%s.%s", dir, jobs[i].stem, fmt_ext[k]);
            struct stat st;
            int exists = f && stat(f, &st) == 0;
            if (exists)
                error =
                    ls__error_set(ctx, LS_EEXIST, "%s: report exists; use --force to overwrite", f);
            free(f);
            if (error != LS_OK)
                goto cleanup;
        }
    }
    ls__report_plan *plan = calloc(1, sizeof(*plan));
    if (!plan) {
        error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
        goto cleanup;
    }
    *plan = (ls__report_plan){d, jobs, njobs, dir, formats};
    d = NULL;
    jobs = NULL;
    njobs = 0;
    dir = NULL;
    *out = plan;
cleanup:
    for (size_t i = 0; jobs && i < njobs; i++)
        free(jobs[i].stem);
    free(jobs);
    free(base);
    free(dir);
    ls__report_data_free(d);
    return error;
}

int ls__report_plan_run(ls_context *ctx, const ls__report_plan *plan)
{
    int error = LS_OK;
    for (size_t i = 0; i < plan->njobs && error == LS_OK; i++) {
        ls__progress(ctx, "reports", (double)i / (double)plan->njobs);
        if (ls_context_interrupted(ctx)) {
            error = ls__error_set(ctx, LS_EINTERRUPTED, "interrupted");
            break;
        }
        error = write_one(ctx, plan->d, &plan->jobs[i], plan->dir, plan->formats);
    }
    if (error == LS_OK)
        ls__progress(ctx, "reports", 1.0);
    return error;
}

int ls_report_write(ls_context *ctx, const char *gpkg_path, const ls_report_options *opts)
{
    ls__report_plan *plan = NULL;
    int error = ls__report_plan_make(ctx, gpkg_path, opts, &plan);
    if (error == LS_OK)
        error = ls__report_plan_run(ctx, plan);
    ls__report_plan_free(plan);
    return error;
}
