/*
 * styles.c — QGIS styles (QML) of landscan's output layers, written into the GeoPackage's
 * `layer_styles` table so that QGIS (and anyone dragging landscan.gpkg into it) sees a
 * coloured, labelled map with Chinese field captions.
 *
 * Styles, per table:
 *   parcels        categorized on `status`: 疑似闲置 red, 可腾退 purple, 低效 orange, 高效
 *                  green, 非工业 light grey (idle is "suspected idle", domain.md §4)
 *   control_lines  categorized on `tier`: no fill, dashed outline (tier 1 dash, tier 2 dash-dot,
 *                  transition dot, anything else grey dash)
 *   blocks, towns, districts  outline only, labelled with the name
 *   blocks (second style, not default)  graduated on reclaimable_mu, quantile classes
 *   sites          hatched fill with a solid outline
 *   unsupplied     批而未供: amber cross-hatch, labelled with approval_id
 *   resolved       (ledger) dotted outline
 *   tables         aliases only
 * Every style carries an <aliases> element for every column: the captions write_gpkg.c
 * stored in gpkg_data_columns, else fields.c's (older outputs, tables without); labels use
 * LS_STYLE_FONT with QGIS's <families> fallbacks (CJK fonts on Windows and Linux).
 *
 * The QML is the minimal form documented in docs/qgis.md §2 (QGIS 3.22 loads it exactly
 * like its own 12 KB output). The `layer_styles` table is created with the DDL QGIS 3.22
 * uses, registered in gpkg_contents as 'attributes', rows with catalog/schema '' (never
 * NULL), the real geometry column ('' for attribute tables) and useAsDefault = 1 for the
 * default style. The GeoPackage is edited with the SQLite API after OGR closed it.
 * This file does not decide what goes into the GeoPackage; write_gpkg.c does.
 */
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fields.h"
#include "styles.h"

const char *const ls__style_font_families[] = {
    LS_STYLE_FONT, "WenQuanYi Micro Hei", "Noto Sans CJK SC", "Source Han Sans SC", "SimHei", NULL};

void ls__xml_escape(ls__buf *b, const char *s)
{
    if (!s)
        return;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '&':
            ls__buf_add(b, "&amp;");
            break;
        case '<':
            ls__buf_add(b, "&lt;");
            break;
        case '>':
            ls__buf_add(b, "&gt;");
            break;
        case '"':
            ls__buf_add(b, "&quot;");
            break;
        case '\'':
            ls__buf_add(b, "&apos;");
            break;
        case '\n':
            ls__buf_add(b, "&#10;");
            break;
        case '\r':
            ls__buf_add(b, "&#13;");
            break;
        case '\t':
            ls__buf_add(b, "&#9;");
            break;
        default:
            if (*p >= 0x20)
                ls__buf_addn(b, (const char *)p, 1);
            break;
        }
    }
}

/* ---- symbols ---------------------------------------------------------------------------- */

typedef struct fill_def {
    const char *color;         /* "R,G,B,A" */
    const char *style;         /* solid | no | b_diagonal | … */
    const char *outline_color; /* "R,G,B,A" */
    const char *outline_style; /* solid | dash | dot | dash dot | no */
    const char *outline_width; /* mm */
} fill_def;

static void option(ls__buf *b, const char *name, const char *value)
{
    ls__buf_add(b, "     <Option type=\"QString\" name=\"");
    ls__xml_escape(b, name);
    ls__buf_add(b, "\" value=\"");
    ls__xml_escape(b, value);
    ls__buf_add(b, "\"/>\n");
}

static void fill_symbol(ls__buf *b, int name, const fill_def *f)
{
    ls__buf_addf(b,
                 "   <symbol type=\"fill\" name=\"%d\" alpha=\"1\" clip_to_extent=\"1\" "
                 "force_rhr=\"0\">\n"
                 "    <layer class=\"SimpleFill\" enabled=\"1\" locked=\"0\" pass=\"0\">\n"
                 "     <Option type=\"Map\">\n",
                 name);
    option(b, "color", f->color);
    option(b, "style", f->style);
    option(b, "outline_color", f->outline_color);
    option(b, "outline_style", f->outline_style);
    option(b, "outline_width", f->outline_width);
    option(b, "outline_width_unit", "MM");
    option(b, "joinstyle", "miter");
    ls__buf_add(b, "     </Option>\n    </layer>\n   </symbol>\n");
}

/* ---- renderers -------------------------------------------------------------------------- */

typedef struct category_def {
    const char *value, *label;
    fill_def fill;
} category_def;

/* The fill of each status, indexed by ls__status; the legend lists the statuses in
 * precedence order (domain.md §4) with their names and labels from codes.c. */
static const fill_def status_fills[LS_STATUS_COUNT] = {
    {"227,26,28,255", "solid", "90,90,90,255", "solid", "0.1"},
    {"136,65,157,255", "solid", "90,90,90,255", "solid", "0.1"},
    {"253,141,60,255", "solid", "90,90,90,255", "solid", "0.1"},
    {"49,163,84,255", "solid", "90,90,90,255", "solid", "0.1"},
    {"217,217,217,255", "solid", "150,150,150,255", "solid", "0.1"},
};

/* An empty value is QGIS's "all other values" category. */
static const category_def tier_categories[] = {
    {"1", "一级工业控制线", {"0,0,0,0", "no", "165,0,38,255", "dash", "0.8"}},
    {"2", "二级工业控制线", {"0,0,0,0", "no", "33,102,172,255", "dash dot", "0.6"}},
    {"transition", "过渡区", {"0,0,0,0", "no", "118,42,131,255", "dot", "0.6"}},
    {"", "其他控制线", {"0,0,0,0", "no", "110,110,110,255", "dash", "0.5"}},
};

static void categorized(ls__buf *b, const char *attr, const category_def *cats, size_t n)
{
    ls__buf_add(b, " <renderer-v2 type=\"categorizedSymbol\" attr=\"");
    ls__xml_escape(b, attr);
    ls__buf_add(b, "\" symbollevels=\"0\" forceraster=\"0\" enableorderby=\"0\">\n"
                   "  <categories>\n");
    for (size_t i = 0; i < n; i++) {
        ls__buf_add(b, "   <category value=\"");
        ls__xml_escape(b, cats[i].value);
        ls__buf_add(b, "\" label=\"");
        ls__xml_escape(b, cats[i].label);
        ls__buf_addf(b, "\" symbol=\"%zu\" render=\"true\"/>\n", i);
    }
    ls__buf_add(b, "  </categories>\n  <symbols>\n");
    for (size_t i = 0; i < n; i++)
        fill_symbol(b, (int)i, &cats[i].fill);
    ls__buf_add(b, "  </symbols>\n </renderer-v2>\n");
}

static void single(ls__buf *b, const fill_def *f)
{
    ls__buf_add(b, " <renderer-v2 type=\"singleSymbol\" symbollevels=\"0\" forceraster=\"0\" "
                   "enableorderby=\"0\">\n  <symbols>\n");
    fill_symbol(b, 0, f);
    ls__buf_add(b, "  </symbols>\n </renderer-v2>\n");
}

/* "12.5" or "12" (deterministic, no locale). */
static void number(char *out, size_t n, double v)
{
    if (fabs(v - round(v)) < 1e-9)
        snprintf(out, n, "%.0f", v);
    else
        snprintf(out, n, "%.1f", v);
}

static void graduated(ls__buf *b, const ls__style_layer *l)
{
    static const char *const ramp[] = {"255,255,178,255", "254,217,118,255", "254,178,76,255",
                                       "253,141,60,255",  "240,59,32,255",   "189,0,38,255"};
    size_t n = l->nclasses;
    ls__buf_add(b, " <renderer-v2 type=\"graduatedSymbol\" attr=\"reclaimable_mu\" "
                   "graduatedMethod=\"GraduatedColor\" symbollevels=\"0\" forceraster=\"0\" "
                   "enableorderby=\"0\">\n  <ranges>\n");
    for (size_t i = 0; i < n; i++) {
        char lo[32], hi[32];
        number(lo, sizeof(lo), l->bounds[i]);
        number(hi, sizeof(hi), l->bounds[i + 1]);
        ls__buf_addf(b,
                     "   <range lower=\"%.6f\" upper=\"%.6f\" label=\"%s – %s 亩\" "
                     "symbol=\"%zu\" render=\"true\"/>\n",
                     l->bounds[i], l->bounds[i + 1], lo, hi, i);
    }
    ls__buf_add(b, "  </ranges>\n  <symbols>\n");
    for (size_t i = 0; i < n; i++) {
        /* spread the classes over the ramp: first and last colour always used */
        size_t k = n > 1 ? i * 5 / (n - 1) : 5;
        fill_def f = {ramp[k], "solid", "60,60,60,255", "solid", "0.3"};
        fill_symbol(b, (int)i, &f);
    }
    ls__buf_add(b, "  </symbols>\n  <mode name=\"quantile\"/>\n </renderer-v2>\n");
}

/* ---- labels ----------------------------------------------------------------------------- */

static void labeling(ls__buf *b, const char *field, double size_pt, int bold, const char *color)
{
    ls__buf_add(b, " <labeling type=\"simple\">\n  <settings calloutType=\"simple\">\n"
                   "   <text-style fieldName=\"");
    ls__xml_escape(b, field);
    ls__buf_addf(b,
                 "\" isExpression=\"0\" fontFamily=\"%s\" namedStyle=\"\" fontSize=\"%.1f\" "
                 "fontSizeUnit=\"Point\" fontWeight=\"%d\" fontItalic=\"0\" fontUnderline=\"0\" "
                 "fontStrikeout=\"0\" fontKerning=\"1\" fontLetterSpacing=\"0\" "
                 "fontWordSpacing=\"0\" textColor=\"%s\" textOpacity=\"1\" blendMode=\"0\" "
                 "capitalization=\"0\" allowHtml=\"0\" multilineHeight=\"1\" "
                 "textOrientation=\"horizontal\" previewBkgrdColor=\"255,255,255,255\">\n"
                 "    <families>\n",
                 LS_STYLE_FONT, size_pt, bold ? 75 : 50, color);
    for (size_t i = 0; ls__style_font_families[i]; i++)
        ls__buf_addf(b, "     <family name=\"%s\"/>\n", ls__style_font_families[i]);
    ls__buf_add(b, "    </families>\n"
                   "    <text-buffer bufferDraw=\"1\" bufferSize=\"0.8\" bufferSizeUnits=\"MM\" "
                   "bufferColor=\"255,255,255,255\" bufferOpacity=\"0.85\" bufferNoFill=\"1\" "
                   "bufferJoinStyle=\"128\" bufferBlendMode=\"0\"/>\n"
                   "   </text-style>\n"
                   "   <text-format wrapChar=\"\" autoWrapLength=\"0\" multilineAlign=\"3\" "
                   "addDirectionSymbol=\"0\" formatNumbers=\"0\" decimals=\"3\" plussign=\"0\"/>\n"
                   "   <placement placement=\"1\" polygonPlacementFlags=\"2\" "
                   "centroidWhole=\"1\" centroidInside=\"1\" fitInPolygonOnly=\"0\" dist=\"0\" "
                   "distUnits=\"MM\" priority=\"5\" overrunDistance=\"0\" "
                   "overrunDistanceUnit=\"MM\"/>\n"
                   "   <rendering drawLabels=\"1\" obstacle=\"1\" obstacleType=\"1\" "
                   "obstacleFactor=\"1\" displayAll=\"0\" upsidedownLabels=\"0\" "
                   "labelPerPart=\"0\" mergeLines=\"0\" minFeatureSize=\"0\" "
                   "limitNumLabels=\"0\" maxNumLabels=\"2000\" scaleVisibility=\"0\" "
                   "fontLimitPixelSize=\"0\" zIndex=\"0\"/>\n"
                   "  </settings>\n </labeling>\n");
}

static void aliases(ls__buf *b, const ls__style_layer *l)
{
    ls__buf_add(b, " <aliases>\n");
    for (size_t i = 0; i < l->nfields; i++) {
        const char *alias = l->aliases && l->aliases[i] && *l->aliases[i]
                                ? l->aliases[i]
                                : ls__field_alias(l->table, l->fields[i]);
        ls__buf_add(b, "  <alias field=\"");
        ls__xml_escape(b, l->fields[i]);
        ls__buf_addf(b, "\" index=\"%zu\" name=\"", i);
        ls__xml_escape(b, alias ? alias : "");
        ls__buf_add(b, "\"/>\n");
    }
    ls__buf_add(b, " </aliases>\n");
}

int ls__style_body(ls__buf *b, const ls__style_layer *l, ls__style_kind kind, int *labels_enabled)
{
    const char *t = l->table;
    int labels = 0;
    if (kind == LS_STYLE_BLOCKS_RECLAIMABLE) {
        if (strcmp(t, "blocks") != 0 || l->nclasses < 1 || l->nclasses > LS_STYLE_MAX_CLASSES)
            return LS_EINVAL;
        graduated(b, l);
        labeling(b, "name", 9, 0, "40,40,40,255");
        labels = 1;
    } else if (!l->geom_column) {
        /* attribute table: captions only */
    } else if (strcmp(t, "parcels") == 0) {
        category_def cats[LS_STATUS_COUNT];
        for (int i = 0; i < LS_STATUS_COUNT; i++) {
            cats[i].value = ls__status_name((ls__status)i);
            cats[i].label = ls__status_label((ls__status)i);
            cats[i].fill = status_fills[i];
        }
        categorized(b, "status", cats, LS_STATUS_COUNT);
    } else if (strcmp(t, "control_lines") == 0) {
        categorized(b, "tier", tier_categories,
                    sizeof(tier_categories) / sizeof(tier_categories[0]));
    } else if (strcmp(t, "blocks") == 0) {
        fill_def f = {"0,0,0,0", "no", "31,120,180,255", "solid", "0.5"};
        single(b, &f);
        labeling(b, "name", 9, 0, "31,80,140,255");
        labels = 1;
    } else if (strcmp(t, "towns") == 0) {
        fill_def f = {"0,0,0,0", "no", "80,80,80,255", "dash", "0.6"};
        single(b, &f);
        labeling(b, "town", 11, 0, "60,60,60,255");
        labels = 1;
    } else if (strcmp(t, "districts") == 0) {
        fill_def f = {"0,0,0,0", "no", "20,20,20,255", "solid", "1.0"};
        single(b, &f);
        labeling(b, "name", 14, 1, "20,20,20,255");
        labels = 1;
    } else if (strcmp(t, "sites") == 0) {
        fill_def f = {"128,0,38,255", "b_diagonal", "128,0,38,255", "solid", "0.7"};
        single(b, &f);
    } else if (strcmp(t, "masks") == 0) { /* exclusion masks: never reclaimable */
        fill_def f = {"0,112,192,255", "f_diagonal", "0,112,192,255", "solid", "0.5"};
        single(b, &f);
        labeling(b, "name", 9, 0, "0,80,150,255");
        labels = 1;
    } else if (strcmp(t, "unsupplied") == 0) { /* 批而未供: amber cross-hatch, batch id */
        fill_def f = {"230,160,0,255", "cross", "200,120,0,255", "solid", "0.6"};
        single(b, &f);
        labeling(b, "approval_id", 8, 0, "150,90,0,255");
        labels = 1;
    } else if (strcmp(t, "resolved") == 0) {
        fill_def f = {"0,0,0,0", "no", "0,150,136,255", "dot", "0.6"};
        single(b, &f);
    } else {
        fill_def f = {"0,0,0,0", "no", "60,60,60,255", "solid", "0.3"};
        single(b, &f);
    }
    aliases(b, l);
    if (labels_enabled)
        *labels_enabled = labels;
    return LS_OK;
}

char *ls__style_qml(const ls__style_layer *l, ls__style_kind kind)
{
    ls__buf body = {0}, b = {0};
    int labels = 0;
    if (ls__style_body(&body, l, kind, &labels) != LS_OK) {
        ls__buf_free(&body);
        return NULL;
    }
    ls__buf_add(&b, "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n");
    ls__buf_addf(&b,
                 "<qgis version=\"3.22.16\" styleCategories=\"Symbology|Labeling|Fields\" "
                 "labelsEnabled=\"%d\">\n",
                 labels);
    if (body.data)
        ls__buf_add(&b, body.data);
    ls__buf_add(&b, "</qgis>\n");
    int failed = body.failed;
    ls__buf_free(&body);
    if (failed) {
        ls__buf_free(&b);
        return NULL;
    }
    return ls__buf_take(&b);
}

/* ---- graduated classes ------------------------------------------------------------------ */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Round a class bound to 2 significant digits (12345 → 12000, 3.26 → 3.3). */
static double nice(double v)
{
    if (v <= 0)
        return 0;
    double p = pow(10, floor(log10(v)) - 1);
    return round(v / p) * p;
}

void ls__style_blocks_classes(const ls__dataset *ds, ls__style_layer *l)
{
    size_t n = ds ? ds->nblocks : 0;
    double *v = n ? malloc(n * sizeof(double)) : NULL;
    size_t m = 0;
    for (size_t i = 0; v && i < n; i++)
        if (ds->block_totals && isfinite(ds->block_totals[i].reclaimable_mu))
            v[m++] = ds->block_totals[i].reclaimable_mu;
    double max = 0;
    if (m) {
        qsort(v, m, sizeof(double), cmp_double);
        max = v[m - 1];
    }
    const size_t want = 5;
    l->nclasses = 0;
    l->bounds[0] = 0;
    if (max <= 0) {
        l->bounds[1] = 1;
        l->nclasses = 1;
    } else {
        for (size_t k = 1; k < want; k++) {
            double q = nice(v[(m - 1) * k / want]);
            if (q > l->bounds[l->nclasses] && q < max)
                l->bounds[++l->nclasses] = q;
        }
        /* the top bound is the maximum itself, rounded up so it stays included */
        l->bounds[++l->nclasses] = ceil(max * 10) / 10;
    }
    free(v);
}

/* ---- GeoPackage ------------------------------------------------------------------------- */

/* landscan's output tables, map layers from top to bottom, then tables. */
static const char *const output_tables[] = {
    "control_lines", "sites",    "masks",       "unsupplied",  "resolved",    "parcels",
    "blocks",        "towns",    "districts",   "enterprises", "rule_checks", "rule_check_texts",
    "data_quality",  "run_info", "corrections", "targets"};

void ls__style_layers_free(ls__style_layer *layers, size_t n)
{
    if (!layers)
        return;
    for (size_t i = 0; i < n; i++) {
        free(layers[i].table);
        free(layers[i].geom_column);
        for (size_t k = 0; k < layers[i].nfields; k++) {
            free(layers[i].fields[k]);
            if (layers[i].aliases)
                free(layers[i].aliases[k]);
        }
        free(layers[i].fields);
        free(layers[i].aliases);
    }
    free(layers);
}

static int sql_error(ls_context *ctx, sqlite3 *db, const char *path, const char *what)
{
    return ls__error_set(ctx, LS_EIO, "%s: %s (%s)", path, what,
                         db ? sqlite3_errmsg(db) : "cannot open");
}

/* Fill one layer from the open GeoPackage; *found is 0 when the table is not there. */
static int load_layer(ls_context *ctx, sqlite3 *db, const char *path, const char *table,
                      ls__style_layer *l, int *found)
{
    int error = LS_OK;
    sqlite3_stmt *st = NULL;
    char *sql = NULL;
    *found = 0;
    memset(l, 0, sizeof(*l));
    if (sqlite3_prepare_v2(db, "SELECT 1 FROM gpkg_contents WHERE table_name = ?", -1, &st, NULL) !=
        SQLITE_OK) {
        error = sql_error(ctx, db, path, "not a GeoPackage");
        goto cleanup;
    }
    sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_ROW)
        goto cleanup;
    sqlite3_finalize(st);
    st = NULL;
    *found = 1;
    l->table = ls__strdup(table);
    if (!l->table) {
        error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
        goto cleanup;
    }
    if (sqlite3_prepare_v2(db, "SELECT column_name FROM gpkg_geometry_columns WHERE table_name = ?",
                           -1, &st, NULL) != SQLITE_OK) {
        error = sql_error(ctx, db, path, "cannot read gpkg_geometry_columns");
        goto cleanup;
    }
    sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW) {
        l->geom_column = ls__strdup((const char *)sqlite3_column_text(st, 0));
        if (!l->geom_column) {
            error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
            goto cleanup;
        }
    }
    sqlite3_finalize(st);
    st = NULL;
    sql = sqlite3_mprintf("PRAGMA table_info(\"%w\")", table);
    if (!sql || sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        error = sql_error(ctx, db, path, "cannot read the columns");
        goto cleanup;
    }
    size_t cap = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(st, 1);
        if (!name || (l->geom_column && strcmp(name, l->geom_column) == 0))
            continue;
        if (l->nfields == cap) {
            cap = cap ? cap * 2 : 32;
            char **f = realloc(l->fields, cap * sizeof(char *));
            if (!f) {
                error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
                goto cleanup;
            }
            l->fields = f;
        }
        if (!(l->fields[l->nfields] = ls__strdup(name))) {
            error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
            goto cleanup;
        }
        l->nfields++;
    }
    sqlite3_finalize(st);
    st = NULL;
    /* the captions write_gpkg.c stored (GeoPackage schema extension), when there */
    if (l->nfields && sqlite3_prepare_v2(db,
                                         "SELECT column_name, name FROM gpkg_data_columns"
                                         " WHERE table_name = ?",
                                         -1, &st, NULL) == SQLITE_OK) {
        if (!(l->aliases = calloc(l->nfields, sizeof(char *)))) {
            error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
            goto cleanup;
        }
        sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
        while (sqlite3_step(st) == SQLITE_ROW) {
            const char *col = (const char *)sqlite3_column_text(st, 0);
            const char *name = (const char *)sqlite3_column_text(st, 1);
            for (size_t k = 0; col && name && k < l->nfields; k++)
                if (strcmp(l->fields[k], col) == 0 && !l->aliases[k] &&
                    !(l->aliases[k] = ls__strdup(name))) {
                    error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
                    goto cleanup;
                }
        }
    }
cleanup:
    sqlite3_finalize(st);
    sqlite3_free(sql);
    return error;
}

int ls__style_layers_load(ls_context *ctx, const char *gpkg_path, ls__style_layer **out, size_t *n)
{
    int error = LS_OK;
    sqlite3 *db = NULL;
    const size_t max = sizeof(output_tables) / sizeof(output_tables[0]);
    ls__style_layer *layers = calloc(max, sizeof(*layers));
    size_t count = 0;
    if (!layers) {
        error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
        goto cleanup;
    }
    if (sqlite3_open_v2(gpkg_path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        error = sql_error(ctx, db, gpkg_path, "cannot open the GeoPackage");
        goto cleanup;
    }
    for (size_t i = 0; i < max && error == LS_OK; i++) {
        int found = 0;
        error = load_layer(ctx, db, gpkg_path, output_tables[i], &layers[count], &found);
        if (found)
            count++;
    }
cleanup:
    sqlite3_close(db);
    if (error != LS_OK) {
        ls__style_layers_free(layers, max); /* unused entries are zeroed */
        return error;
    }
    *out = layers;
    *n = count;
    return LS_OK;
}

static const char layer_styles_ddl[] =
    "CREATE TABLE IF NOT EXISTS \"layer_styles\" ("
    " \"id\" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,"
    " \"f_table_catalog\" TEXT(256), \"f_table_schema\" TEXT(256), \"f_table_name\" TEXT(256),"
    " \"f_geometry_column\" TEXT(256), \"styleName\" TEXT(30), \"styleQML\" TEXT,"
    " \"styleSLD\" TEXT, \"useAsDefault\" BOOLEAN, \"description\" TEXT, \"owner\" TEXT(30),"
    " \"ui\" TEXT(30),"
    " \"update_time\" DATETIME DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')));"
    "INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier, description,"
    " last_change) VALUES ('layer_styles', 'attributes', 'layer_styles', 'QGIS 图层样式',"
    " strftime('%Y-%m-%dT%H:%M:%fZ','now'));";

static int insert_style(ls_context *ctx, sqlite3 *db, sqlite3_stmt *st, const char *path,
                        const ls__style_layer *l, ls__style_kind kind, const char *name,
                        const char *description, int is_default)
{
    char *qml = ls__style_qml(l, kind);
    if (!qml)
        return ls__error_set(ctx, LS_ENOMEM, "%s: cannot build the style of %s", path, l->table);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    sqlite3_bind_text(st, 1, l->table, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, l->geom_column ? l->geom_column : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, qml, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 5, is_default);
    sqlite3_bind_text(st, 6, description, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    free(qml);
    if (rc != SQLITE_DONE)
        return sql_error(ctx, db, path, "cannot write layer_styles");
    return LS_OK;
}

int ls__styles_write(ls_context *ctx, const ls__dataset *ds, const char *gpkg_path)
{
    int error = LS_OK;
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    ls__style_layer *layers = NULL;
    size_t n = 0;
    int in_tx = 0;
    if ((error = ls__style_layers_load(ctx, gpkg_path, &layers, &n)) != LS_OK)
        goto cleanup;
    if (sqlite3_open_v2(gpkg_path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
        error = sql_error(ctx, db, gpkg_path, "cannot open the GeoPackage");
        goto cleanup;
    }
    if (sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
        error = sql_error(ctx, db, gpkg_path, "cannot start a transaction");
        goto cleanup;
    }
    in_tx = 1;
    if (sqlite3_exec(db, layer_styles_ddl, NULL, NULL, NULL) != SQLITE_OK) {
        error = sql_error(ctx, db, gpkg_path, "cannot create layer_styles");
        goto cleanup;
    }
    if (sqlite3_prepare_v2(db,
                           "INSERT INTO layer_styles (f_table_catalog, f_table_schema,"
                           " f_table_name, f_geometry_column, styleName, styleQML, styleSLD,"
                           " useAsDefault, description, owner, ui)"
                           " VALUES ('', '', ?1, ?2, ?3, ?4, '', ?5, ?6, '', NULL)",
                           -1, &st, NULL) != SQLITE_OK) {
        error = sql_error(ctx, db, gpkg_path, "cannot write layer_styles");
        goto cleanup;
    }
    for (size_t i = 0; i < n && error == LS_OK; i++) {
        ls__style_layer *l = &layers[i];
        const char *title = ls__layer_title(l->table);
        char name[64], desc[256];
        if (strcmp(l->table, "blocks") == 0) {
            /* the second style first, so the default is also the newest row */
            ls__style_blocks_classes(ds, l);
            error = insert_style(ctx, db, st, gpkg_path, l, LS_STYLE_BLOCKS_RECLAIMABLE,
                                 "blocks_reclaimable_mu", "工业区块 可盘活亩数分级 (landscan)", 0);
        }
        snprintf(name, sizeof(name), "%s_default", l->table);
        snprintf(desc, sizeof(desc), "%s (landscan)", title ? title : l->table);
        if (error == LS_OK)
            error = insert_style(ctx, db, st, gpkg_path, l, LS_STYLE_DEFAULT, name, desc, 1);
    }
    if (error == LS_OK) {
        if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
            error = sql_error(ctx, db, gpkg_path, "cannot commit layer_styles");
        else
            in_tx = 0;
    }
cleanup:
    sqlite3_finalize(st);
    if (in_tx)
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close(db);
    ls__style_layers_free(layers, n);
    return error;
}
