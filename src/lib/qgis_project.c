/*
 * qgis_project.c — writes DIR/landscan.qgs, a QGIS 3.22 project over DIR/landscan.gpkg.
 *
 * What the project holds, and why (docs/qgis.md §3, each point tested on QGIS 3.22):
 *   - sources `./landscan.gpkg|layername=<table>` with <Paths><Absolute>false: the output
 *     folder can be moved or copied as a whole;
 *   - the project CRS and every layer's CRS as WKT2 <wkt> (an <authid> alone is ignored),
 *     ProjectionsEnabled = 1 (else <projectCrs> is not read);
 *   - layer ids "landscan_<table>_layer" (QGIS silently replaces ids of 10 characters or
 *     fewer, which orphans the layer tree entry);
 *   - the renderer, labels and aliases of styles.c embedded in each <maplayer> (a project
 *     layer does not pick up the GeoPackage's default style);
 *   - layer tree = render order: control lines, sites, parcels, blocks, towns, districts,
 *     then a group with the attribute tables;
 *   - the map view on the data, and one A3 landscape print layout per district: map,
 *     legend, scale bar, north arrow, title with the district name and reference date.
 * The XML is built by hand with an escaping helper (ls__xml_escape); UUIDs are derived from
 * positions so two runs on the same data write the same project.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fields.h"
#include "qgis_project.h"

/* A3 landscape, millimetres */
#define PAGE_W 420.0
#define PAGE_H 297.0
#define MAP_X 10.0
#define MAP_Y 28.0
#define MAP_W 310.0
#define MAP_H 252.0

static void esc(ls__buf *b, const char *s)
{
    ls__xml_escape(b, s);
}

static void layer_id(char *out, size_t n, const char *table)
{
    snprintf(out, n, "landscan_%s_layer", table);
}

static void source(ls__buf *b, const ls__project *p, const char *table)
{
    ls__buf_add(b, "./");
    esc(b, p->gpkg_name);
    ls__buf_add(b, "|layername=");
    esc(b, table);
}

static const char *title_of(const ls__style_layer *l)
{
    const char *t = ls__layer_title(l->table);
    return t ? t : l->table;
}

static void srs(ls__buf *b, const char *indent, const char *wkt)
{
    ls__buf_addf(b, "%s<spatialrefsys nativeFormat=\"Wkt\">\n%s <wkt>", indent, indent);
    esc(b, wkt);
    ls__buf_addf(b, "</wkt>\n%s</spatialrefsys>\n", indent);
}

static void tree_layer(ls__buf *b, const ls__project *p, const ls__style_layer *l,
                       const char *indent, int checked)
{
    char id[128];
    layer_id(id, sizeof(id), l->table);
    ls__buf_addf(b, "%s<layer-tree-layer id=\"", indent);
    esc(b, id);
    ls__buf_add(b, "\" name=\"");
    esc(b, title_of(l));
    ls__buf_add(b, "\" source=\"");
    source(b, p, l->table);
    ls__buf_addf(b,
                 "\" providerKey=\"ogr\" checked=\"Qt::%s\" expanded=\"%d\" legend_exp=\"\">\n"
                 "%s <customproperties><Option/></customproperties>\n"
                 "%s</layer-tree-layer>\n",
                 checked ? "Checked" : "Unchecked", l->geom_column ? 1 : 0, indent, indent);
}

static void layer_tree(ls__buf *b, const ls__project *p)
{
    ls__buf_add(b, " <layer-tree-group>\n  <customproperties><Option/></customproperties>\n");
    int tables = 0;
    for (size_t i = 0; i < p->nlayers; i++) {
        if (p->layers[i].geom_column)
            tree_layer(b, p, &p->layers[i], "  ", 1);
        else
            tables++;
    }
    if (tables) {
        ls__buf_add(b, "  <layer-tree-group name=\"数据表\" checked=\"Qt::Checked\" "
                       "expanded=\"0\">\n   <customproperties><Option/></customproperties>\n");
        for (size_t i = 0; i < p->nlayers; i++)
            if (!p->layers[i].geom_column)
                tree_layer(b, p, &p->layers[i], "   ", 1);
        ls__buf_add(b, "  </layer-tree-group>\n");
    }
    ls__buf_add(b, "  <custom-order enabled=\"0\"/>\n </layer-tree-group>\n");
}

static void extent_elems(ls__buf *b, const char *indent, const ls__extent *e)
{
    ls__buf_addf(b,
                 "%s<xmin>%.3f</xmin>\n%s<ymin>%.3f</ymin>\n%s<xmax>%.3f</xmax>\n"
                 "%s<ymax>%.3f</ymax>\n",
                 indent, e->xmin, indent, e->ymin, indent, e->xmax, indent, e->ymax);
}

static void map_canvas(ls__buf *b, const ls__project *p)
{
    ls__buf_add(b, " <mapcanvas name=\"theMapCanvas\" annotationsVisible=\"1\">\n"
                   "  <units>meters</units>\n  <extent>\n");
    extent_elems(b, "   ", &p->extent);
    ls__buf_add(b, "  </extent>\n  <rotation>0</rotation>\n  <destinationsrs>\n");
    srs(b, "   ", p->crs_wkt);
    ls__buf_add(b, "  </destinationsrs>\n  <rendermaptile>0</rendermaptile>\n </mapcanvas>\n");
    ls__buf_addf(b,
                 " <ProjectViewSettings UseProjectScales=\"0\" rotation=\"0\">\n  <Scales/>\n"
                 "  <DefaultViewExtent xmin=\"%.3f\" ymin=\"%.3f\" xmax=\"%.3f\" ymax=\"%.3f\">\n",
                 p->extent.xmin, p->extent.ymin, p->extent.xmax, p->extent.ymax);
    srs(b, "   ", p->crs_wkt);
    ls__buf_add(b, "  </DefaultViewExtent>\n </ProjectViewSettings>\n");
}

static int map_layer(ls__buf *b, const ls__project *p, const ls__style_layer *l)
{
    ls__buf body = {0};
    int labels = 0;
    int rc = ls__style_body(&body, l, LS_STYLE_DEFAULT, &labels);
    if (rc != LS_OK || body.failed) {
        ls__buf_free(&body);
        return rc != LS_OK ? rc : LS_ENOMEM;
    }
    char id[128];
    layer_id(id, sizeof(id), l->table);
    if (l->geom_column)
        ls__buf_addf(b,
                     "  <maplayer type=\"vector\" geometry=\"Polygon\" wkbType=\"MultiPolygon\" "
                     "labelsEnabled=\"%d\" readOnly=\"0\" autoRefreshEnabled=\"0\">\n",
                     labels);
    else
        ls__buf_add(b, "  <maplayer type=\"vector\" geometry=\"No geometry\" "
                       "wkbType=\"NoGeometry\" labelsEnabled=\"0\" readOnly=\"0\">\n");
    ls__buf_add(b, "   <id>");
    esc(b, id);
    ls__buf_add(b, "</id>\n   <datasource>");
    source(b, p, l->table);
    ls__buf_add(b, "</datasource>\n   <layername>");
    esc(b, title_of(l));
    ls__buf_add(b, "</layername>\n");
    if (l->geom_column) {
        ls__buf_add(b, "   <srs>\n");
        srs(b, "    ", p->crs_wkt);
        ls__buf_add(b, "   </srs>\n");
    }
    ls__buf_add(b, "   <provider encoding=\"UTF-8\">ogr</provider>\n");
    if (body.data)
        ls__buf_add(b, body.data);
    ls__buf_add(b, "  </maplayer>\n");
    ls__buf_free(&body);
    return LS_OK;
}

/* ---- print layouts ---------------------------------------------------------------------- */

static void uuid(char *out, size_t n, size_t layout, int item)
{
    snprintf(out, n, "{6c616e64-%04x-4000-8000-%012x}", (unsigned)(layout & 0xffff),
             (unsigned)item);
}

/* Opening of a layout item with the attributes every item has; extra is raw attributes. */
static void item_open(ls__buf *b, int type, const char *id, const char *item_uuid, double x,
                      double y, double w, double h, int z, int frame, int background)
{
    ls__buf_addf(b, "   <LayoutItem type=\"%d\" uuid=\"%s\" templateUuid=\"%s\" id=\"", type,
                 item_uuid, item_uuid);
    esc(b, id);
    ls__buf_addf(b,
                 "\" position=\"%.2f,%.2f,mm\" positionOnPage=\"%.2f,%.2f,mm\" "
                 "size=\"%.2f,%.2f,mm\" zValue=\"%d\" visibility=\"1\" frame=\"%s\" "
                 "background=\"%s\" positionLock=\"false\" itemRotation=\"0\" blendMode=\"0\" "
                 "opacity=\"1\" excludeFromExports=\"0\" referencePoint=\"0\" groupUuid=\"\" "
                 "outlineWidthM=\"0.3,mm\" frameJoinStyle=\"miter\"",
                 x, y, x, y, w, h, z, frame ? "true" : "false", background ? "true" : "false");
}

static void item_common_children(ls__buf *b)
{
    ls__buf_add(b, "    <FrameColor red=\"0\" green=\"0\" blue=\"0\" alpha=\"255\"/>\n"
                   "    <BackgroundColor red=\"255\" green=\"255\" blue=\"255\" alpha=\"255\"/>\n"
                   "    <LayoutObject>\n     <dataDefinedProperties>\n      <Option type=\"Map\">\n"
                   "       <Option type=\"QString\" value=\"\" name=\"name\"/>\n"
                   "       <Option name=\"properties\"/>\n"
                   "       <Option type=\"QString\" value=\"collection\" name=\"type\"/>\n"
                   "      </Option>\n     </dataDefinedProperties>\n"
                   "     <customproperties><Option/></customproperties>\n    </LayoutObject>\n");
}

/* QFont description (family,size,…,weight,…): Qt falls back to a CJK font by itself when
 * the family is missing (Windows font linking, fontconfig on Linux). */
static void font_desc(ls__buf *b, double pt, int bold)
{
    ls__buf_addf(b, "%s,%.0f,-1,5,%d,0,0,0,0,0", LS_STYLE_FONT, pt, bold ? 75 : 50);
}

static void label_item(ls__buf *b, size_t li, int item, const char *id, const char *text, double x,
                       double y, double w, double h, double pt, int bold)
{
    char u[64];
    uuid(u, sizeof(u), li, item);
    item_open(b, 65641, id, u, x, y, w, h, 10 + item, 0, 0);
    ls__buf_add(b, " labelText=\"");
    esc(b, text);
    ls__buf_add(b, "\" htmlState=\"0\" marginX=\"1\" marginY=\"1\" halign=\"1\" valign=\"128\">\n");
    item_common_children(b);
    ls__buf_add(b, "    <LabelFont style=\"\" description=\"");
    font_desc(b, pt, bold);
    ls__buf_add(b, "\"/>\n    <FontColor red=\"0\" green=\"0\" blue=\"0\" alpha=\"255\"/>\n"
                   "   </LayoutItem>\n");
}

/* The map extent for a frame of w × h mm around e (5 % margin, frame aspect kept). */
static ls__extent fit_extent(ls__extent e, double w, double h)
{
    double cx = (e.xmin + e.xmax) / 2, cy = (e.ymin + e.ymax) / 2;
    double ew = (e.xmax - e.xmin) * 1.05, eh = (e.ymax - e.ymin) * 1.05;
    if (ew <= 0)
        ew = 100;
    if (eh <= 0)
        eh = 100;
    if (ew / eh < w / h)
        ew = eh * w / h;
    else
        eh = ew * h / w;
    ls__extent r = {cx - ew / 2, cy - eh / 2, cx + ew / 2, cy + eh / 2};
    return r;
}

/* The 1, 2 or 5 × 10^k metres nearest above m. */
static double nice_length(double m)
{
    if (!(m > 0))
        return 1;
    double p = pow(10, floor(log10(m)));
    double f = m / p;
    return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
}

static void text_style(ls__buf *b, double pt)
{
    ls__buf_addf(b,
                 "    <text-style fontFamily=\"%s\" namedStyle=\"\" fontSize=\"%.0f\" "
                 "fontSizeUnit=\"Point\" fontWeight=\"50\" fontItalic=\"0\" fontUnderline=\"0\" "
                 "fontStrikeout=\"0\" fontKerning=\"1\" fontLetterSpacing=\"0\" "
                 "fontWordSpacing=\"0\" textColor=\"0,0,0,255\" textOpacity=\"1\" "
                 "blendMode=\"0\" capitalization=\"0\" allowHtml=\"0\" multilineHeight=\"1\" "
                 "textOrientation=\"horizontal\" previewBkgrdColor=\"255,255,255,255\">\n"
                 "     <families>\n",
                 LS_STYLE_FONT, pt);
    for (size_t i = 0; ls__style_font_families[i]; i++)
        ls__buf_addf(b, "      <family name=\"%s\"/>\n", ls__style_font_families[i]);
    ls__buf_add(b, "     </families>\n    </text-style>\n");
}

static void layout(ls__buf *b, const ls__project *p, size_t li)
{
    const ls__project_layout *lay = &p->layouts[li];
    char map_uuid[64], u[64];
    uuid(map_uuid, sizeof(map_uuid), li, 1);
    ls__buf_add(b, "  <Layout name=\"");
    esc(b, lay->district);
    ls__buf_add(b, "\" units=\"mm\" printResolution=\"300\" worldFileMap=\"\">\n"
                   "   <Snapper snapToItems=\"1\" tolerance=\"5\" snapToGuides=\"1\" "
                   "snapToGrid=\"0\"/>\n"
                   "   <Grid offsetX=\"0\" resolution=\"10\" resUnits=\"mm\" offsetY=\"0\" "
                   "offsetUnits=\"mm\"/>\n   <PageCollection>\n");
    uuid(u, sizeof(u), li, 0);
    item_open(b, 65638, "", u, 0, 0, PAGE_W, PAGE_H, 0, 0, 1);
    ls__buf_add(b, ">\n");
    item_common_children(b);
    ls__buf_add(b, "   </LayoutItem>\n   <GuideCollection visible=\"1\"/>\n"
                   "   </PageCollection>\n");

    /* map */
    ls__extent e = fit_extent(lay->extent, MAP_W, MAP_H);
    item_open(b, 65639, "地图", map_uuid, MAP_X, MAP_Y, MAP_W, MAP_H, 1, 1, 1);
    ls__buf_add(b, " keepLayerSet=\"false\" drawCanvasItems=\"true\" mapRotation=\"0\" "
                   "mapFlags=\"0\" labelMargin=\"0,mm\" followPreset=\"false\" "
                   "followPresetName=\"\" isTemporal=\"0\">\n");
    item_common_children(b);
    ls__buf_addf(b,
                 "    <Extent xmin=\"%.3f\" ymin=\"%.3f\" xmax=\"%.3f\" ymax=\"%.3f\"/>\n"
                 "    <LayerSet/>\n"
                 "    <AtlasMap atlasDriven=\"0\" scalingMode=\"2\" margin=\"0.1\"/>\n"
                 "   </LayoutItem>\n",
                 e.xmin, e.ymin, e.xmax, e.ymax);

    /* title, subtitle, footer */
    ls__buf t = {0};
    ls__buf_add(&t, lay->district);
    ls__buf_add(&t, " 工业用地分类图");
    if (p->reference_date && *p->reference_date) {
        ls__buf_add(&t, "（基准日 ");
        ls__buf_add(&t, p->reference_date);
        ls__buf_add(&t, "）");
    }
    label_item(b, li, 2, "标题", t.data ? t.data : "", MAP_X, 8, PAGE_W - 2 * MAP_X, 12, 22, 1);
    ls__buf_free(&t);
    label_item(b, li, 3, "副标题", p->title ? p->title : "", MAP_X, 19, MAP_W, 8, 12, 0);
    ls__buf_add(&t, "坐标系：");
    ls__buf_add(&t, p->crs_name ? p->crs_name : "");
    ls__buf_add(&t, "　　疑似闲置为初步判定，须经实地核查认定。　　制图：landscan");
    label_item(b, li, 4, "注记", t.data ? t.data : "", MAP_X, MAP_Y + MAP_H + 2, MAP_W, 7, 9, 0);
    ls__buf_free(&t);

    /* legend: map layers only */
    double lx = MAP_X + MAP_W + 6, lw = PAGE_W - lx - 10;
    uuid(u, sizeof(u), li, 5);
    item_open(b, 65642, "图例", u, lx, MAP_Y, lw, 180, 5, 0, 1);
    ls__buf_addf(b,
                 " title=\"图例\" map_uuid=\"%s\" resizeToContents=\"1\" columnCount=\"1\" "
                 "columnSpace=\"2\" equalColumnWidth=\"0\" splitLayer=\"0\" "
                 "symbolWidth=\"7\" symbolHeight=\"4\" boxSpace=\"2\" lineSpacing=\"1\" "
                 "titleAlignment=\"1\" symbolAlignment=\"1\" fontColor=\"#000000\" "
                 "wrapChar=\"\" rasterBorder=\"1\" rasterBorderWidth=\"0\" "
                 "rasterBorderColor=\"0,0,0,255\" legendFilterByAtlas=\"0\" "
                 "wmsLegendWidth=\"50\" wmsLegendHeight=\"25\" minSymbolSize=\"0\" "
                 "maxSymbolSize=\"0\">\n",
                 map_uuid);
    item_common_children(b);
    static const struct {
        const char *name;
        double pt;
        int bold;
        const char *margin;
    } styles[] = {{"title", 16, 1, "marginBottom=\"3.5\""},
                  {"group", 12, 1, "marginTop=\"3\""},
                  {"subgroup", 11, 1, "marginTop=\"3\""},
                  {"symbol", 10, 0, "marginTop=\"2.5\""},
                  {"symbolLabel", 10, 0, "marginTop=\"2\" marginLeft=\"2\""}};
    ls__buf_add(b, "    <styles>\n");
    for (size_t i = 0; i < sizeof(styles) / sizeof(styles[0]); i++) {
        ls__buf_addf(b,
                     "     <style name=\"%s\" indent=\"0\" alignment=\"1\" %s>\n"
                     "      <styleFont style=\"\" description=\"",
                     styles[i].name, styles[i].margin);
        font_desc(b, styles[i].pt, styles[i].bold);
        ls__buf_add(b, "\"/>\n     </style>\n");
    }
    ls__buf_add(b, "    </styles>\n    <layer-tree-group>\n"
                   "     <customproperties><Option/></customproperties>\n");
    for (size_t i = 0; i < p->nlayers; i++)
        if (p->layers[i].geom_column)
            tree_layer(b, p, &p->layers[i], "     ", 1);
    ls__buf_add(b, "    </layer-tree-group>\n   </LayoutItem>\n");

    /* north arrow (follows the map's grid north) */
    uuid(u, sizeof(u), li, 6);
    item_open(b, 65640, "指北针", u, PAGE_W - 10 - 16, 222, 16, 24, 6, 0, 0);
    ls__buf_addf(b,
                 " file=\":/images/north_arrows/layout_default_north_arrow.svg\" mode=\"0\" "
                 "resizeMode=\"0\" anchorPoint=\"0\" northMode=\"0\" northOffset=\"0\" "
                 "pictureRotation=\"0\" mapUuid=\"%s\" svgFillColor=\"0,0,0,255\" "
                 "svgBorderColor=\"255,255,255,255\" svgBorderWidth=\"0.2\" "
                 "pictureWidth=\"16\" pictureHeight=\"24\">\n",
                 map_uuid);
    item_common_children(b);
    ls__buf_add(b, "   </LayoutItem>\n");

    /* scale bar: two segments of a round length near 20 mm, in km from 1 km up */
    double seg_m = nice_length((e.xmax - e.xmin) / MAP_W * 20.0);
    int km = seg_m >= 1000;
    uuid(u, sizeof(u), li, 7);
    item_open(b, 65646, "比例尺", u, lx, 262, 60, 14, 7, 0, 0);
    ls__buf_addf(b,
                 " style=\"Single Box\" mapUuid=\"%s\" unitType=\"%s\" unitLabel=\"%s\" "
                 "numSegments=\"2\" numSegmentsLeft=\"0\" numSubdivisions=\"1\" "
                 "subdivisionsHeight=\"1.5\" numUnitsPerSegment=\"%g\" "
                 "numMapUnitsPerScaleBarUnit=\"1\" segmentSizeMode=\"0\" "
                 "minBarWidth=\"30\" maxBarWidth=\"60\" segmentMillimeters=\"0\" "
                 "height=\"3\" labelBarSpace=\"3\" boxContentSpace=\"1\" alignment=\"0\" "
                 "labelVerticalPlacement=\"0\" labelHorizontalPlacement=\"0\" "
                 "outlineWidth=\"0.3\" lineJoinStyle=\"miter\" lineCapStyle=\"square\">\n",
                 map_uuid, km ? "km" : "meters", km ? "公里" : "米", km ? seg_m / 1000 : seg_m);
    item_common_children(b);
    text_style(b, 10);
    ls__buf_add(b, "    <strokeColor red=\"0\" green=\"0\" blue=\"0\" alpha=\"255\"/>\n"
                   "    <fillColor red=\"0\" green=\"0\" blue=\"0\" alpha=\"255\"/>\n"
                   "    <fillColor2 red=\"255\" green=\"255\" blue=\"255\" alpha=\"255\"/>\n"
                   "   </LayoutItem>\n");
    ls__buf_add(b, "  </Layout>\n");
}

char *ls__qgis_project_xml(const ls__project *p)
{
    ls__buf b = {0};
    ls__buf_add(&b, "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
                    "<qgis version=\"3.22.16-Białowieża\" projectname=\"");
    esc(&b, p->title);
    ls__buf_add(&b, "\">\n <homePath path=\"\"/>\n <title>");
    esc(&b, p->title);
    ls__buf_add(&b, "</title>\n <autotransaction active=\"0\"/>\n"
                    " <evaluateDefaultValues active=\"0\"/>\n <projectCrs>\n");
    srs(&b, "  ", p->crs_wkt);
    ls__buf_add(&b, " </projectCrs>\n");
    layer_tree(&b, p);
    map_canvas(&b, p);
    ls__buf_add(&b, " <projectlayers>\n");
    for (size_t i = 0; i < p->nlayers; i++) {
        if (map_layer(&b, p, &p->layers[i]) != LS_OK) {
            ls__buf_free(&b);
            return NULL;
        }
    }
    ls__buf_add(&b, " </projectlayers>\n <layerorder>\n");
    for (size_t i = 0; i < p->nlayers; i++) {
        char id[128];
        layer_id(id, sizeof(id), p->layers[i].table);
        ls__buf_add(&b, "  <layer id=\"");
        esc(&b, id);
        ls__buf_add(&b, "\"/>\n");
    }
    ls__buf_add(&b, " </layerorder>\n <properties>\n"
                    "  <Paths>\n   <Absolute type=\"bool\">false</Absolute>\n  </Paths>\n"
                    "  <SpatialRefSys>\n"
                    "   <ProjectionsEnabled type=\"int\">1</ProjectionsEnabled>\n"
                    "  </SpatialRefSys>\n"
                    "  <Measure>\n   <Ellipsoid type=\"QString\">NONE</Ellipsoid>\n"
                    "  </Measure>\n"
                    "  <Measurement>\n"
                    "   <DistanceUnits type=\"QString\">meters</DistanceUnits>\n"
                    "   <AreaUnits type=\"QString\">m2</AreaUnits>\n  </Measurement>\n"
                    " </properties>\n <Layouts>\n");
    for (size_t i = 0; i < p->nlayouts; i++)
        layout(&b, p, i);
    ls__buf_add(&b, " </Layouts>\n</qgis>\n");
    return ls__buf_take(&b);
}

/* ---- from the dataset ------------------------------------------------------------------- */

static void extent_add(GEOSContextHandle_t h, const GEOSGeometry *g, ls__extent *e, int *have)
{
    double x0, y0, x1, y1;
    if (!g || GEOSisEmpty_r(h, g) != 0)
        return;
    if (!GEOSGeom_getXMin_r(h, g, &x0) || !GEOSGeom_getYMin_r(h, g, &y0) ||
        !GEOSGeom_getXMax_r(h, g, &x1) || !GEOSGeom_getYMax_r(h, g, &y1))
        return;
    if (!*have) {
        e->xmin = x0, e->ymin = y0, e->xmax = x1, e->ymax = y1;
        *have = 1;
        return;
    }
    e->xmin = fmin(e->xmin, x0), e->ymin = fmin(e->ymin, y0);
    e->xmax = fmax(e->xmax, x1), e->ymax = fmax(e->ymax, y1);
}

static ls__extent padded(ls__extent e)
{
    double dx = (e.xmax - e.xmin) * 0.03 + 1, dy = (e.ymax - e.ymin) * 0.03 + 1;
    ls__extent r = {e.xmin - dx, e.ymin - dy, e.xmax + dx, e.ymax + dy};
    return r;
}

int ls__qgis_project_write(ls_context *ctx, const ls__dataset *ds, const char *title,
                           const char *reference_date, const char *gpkg_path, const char *qgs_path)
{
    int error = LS_OK;
    ls__style_layer *layers = NULL;
    size_t nlayers = 0;
    ls__project_layout *layouts = NULL;
    int *used = NULL;
    char *xml = NULL;
    FILE *f = NULL;
    const char *gpkg_name = strrchr(gpkg_path, '/');
    gpkg_name = gpkg_name ? gpkg_name + 1 : gpkg_path;

    if ((error = ls__style_layers_load(ctx, gpkg_path, &layers, &nlayers)) != LS_OK)
        goto cleanup;

    /* the view: the parcels, else whatever area layer there is */
    ls__extent all = {0, 0, 1, 1};
    int have = 0;
    for (size_t i = 0; i < ds->nparcels; i++)
        extent_add(ds->geos, ds->parcels[i].geom, &all, &have);
    for (size_t i = 0; !have && i < ds->ndistricts; i++)
        extent_add(ds->geos, ds->districts[i].geom, &all, &have);
    for (size_t i = 0; !have && i < ds->nblocks; i++)
        extent_add(ds->geos, ds->blocks[i].geom, &all, &have);

    /* one layout per district with parcels (all districts of a --district run have none
     * but the chosen one); without districts one layout over everything */
    layouts = calloc(ds->ndistricts + 1, sizeof(*layouts));
    used = calloc(ds->ndistricts + 1, sizeof(int));
    if (!layouts || !used) {
        error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
        goto cleanup;
    }
    for (size_t i = 0; i < ds->nparcels; i++) {
        long d = ds->parcels[i].district_ix;
        if (d >= 0 && (size_t)d < ds->ndistricts)
            used[d] = 1;
    }
    size_t nlayouts = 0;
    for (size_t i = 0; i < ds->ndistricts; i++) {
        int h = 0;
        ls__extent e = {0, 0, 1, 1};
        extent_add(ds->geos, ds->districts[i].geom, &e, &h);
        if (!used[i] || !h || !ds->districts[i].name)
            continue;
        layouts[nlayouts].district = ds->districts[i].name;
        layouts[nlayouts].extent = e;
        nlayouts++;
    }
    if (nlayouts == 0) {
        layouts[0].district = title && *title ? title : "landscan";
        layouts[0].extent = all;
        nlayouts = 1;
    }

    ls__project p = {
        .title = title ? title : "landscan",
        .reference_date = reference_date,
        .crs_wkt = ds->crs_wkt,
        .crs_name = ds->crs_name,
        .gpkg_name = gpkg_name,
        .layers = layers,
        .nlayers = nlayers,
        .extent = padded(all),
        .layouts = layouts,
        .nlayouts = nlayouts,
    };
    xml = ls__qgis_project_xml(&p);
    if (!xml) {
        error = ls__error_set(ctx, LS_ENOMEM, "%s: out of memory building the project", qgs_path);
        goto cleanup;
    }
    f = fopen(qgs_path, "wb");
    if (!f) {
        error = ls__error_set(ctx, LS_EIO, "%s: cannot create the QGIS project", qgs_path);
        goto cleanup;
    }
    size_t len = strlen(xml);
    if (fwrite(xml, 1, len, f) != len) {
        error = ls__error_set(ctx, LS_EIO, "%s: cannot write the QGIS project", qgs_path);
        goto cleanup;
    }
    if (fclose(f) != 0) {
        f = NULL;
        error = ls__error_set(ctx, LS_EIO, "%s: cannot write the QGIS project", qgs_path);
        goto cleanup;
    }
    f = NULL;
cleanup:
    if (f)
        fclose(f);
    free(xml);
    free(layouts);
    free(used);
    ls__style_layers_free(layers, nlayers);
    return error;
}
