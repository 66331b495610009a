/*
 * report_html.c — one district's printable report page: a single self-contained HTML file
 * (no scripts, no network, no external files: the styles are inline and the map is an
 * inline SVG), which prints from a browser as a document to sign (print CSS below).
 *
 * Contents, one numbered section each (the `sections` table): title, reference date and
 * rules; key figures (industrial mu, suspected idle / relocatable / low-efficiency mu,
 * reclaimable mu, FAR uplift, sites; with a ledger also the year-on-year 新增列入 / 销号 /
 * 净变化 mu, which the town and block tables then carry too); the map; the actions with
 * their seed-004 project category (a column of its own); the per-town and per-block tables
 * with a 合计 row; the parcels with the most reclaimable land; the main thresholds; the
 * compliance flags and 批而未供 batches (report_html_flags.c); the signature / approval box. A
 * district without industrial parcels still gets the page, saying so. Labels are codes.c's.
 *
 * Printing (A4). Page 1 is portrait with the title, the key figures and the map; the wide
 * tables (actions, towns, blocks, top parcels) print on landscape pages (CSS named page
 * `wide`), with headers repeated on every page and header words, ids and names that never
 * wrap, so no column is narrower than its header word; the rules and the approval box close
 * on a portrait page. Every page's margin carries the title, the reference date, the run's
 * name and "第 i 页 / 共 N 页" (@page margin boxes). tests/report/test_report_print.py prints
 * the demo with headless Chromium and checks this.
 *
 * The map. Parcel rings (working CRS, metres) are projected into the SVG viewBox by one
 * uniform scale with y flipped (north up: the working CRS is a projected grid, so grid north
 * is drawn as north). Each parcel is exactly one <path class="parcel st-<status>"> (holes
 * via fill-rule evenodd), drawn in parcel-id order; coordinates are rounded to 0.1 viewBox
 * unit and a vertex closer than 0.4 units to the previous kept one is dropped (never below
 * three vertices per ring) — a simplification invisible at print size that keeps the file
 * small. A district of more than LS_MAP_DETAIL_MAX parcels (a province's district, where
 * most parcels are smaller than a printed millimetre) is drawn dissolved by status instead:
 * the frame is cut into cells of MAP_CELL viewBox units (≈ 0.4 mm printed), a cell takes the
 * status of the parcel covering its centre (a parcel covering no centre claims the cell of its
 * bounding box's centre), and each status is one <path class="parcel st-<status>"> made of
 * the horizontal runs of its cells; a note under the map says so. The page then stays a few MB
 * and renders in seconds whatever the number of parcels. District and town outlines,
 * consolidation sites, a legend, a scale bar with a round length and a north arrow complete
 * it.
 *
 * The page is also well-formed XML (every element closed, only the &amp; &lt; &gt; &quot;
 * entities), so tests can parse it with an XML parser. Same report → byte-identical file.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_html_flags.h"
#include "report_write.h"
#include "textout.h"

/* more parcels than this in one report: the map is dissolved by status (see above) */
#define LS_MAP_DETAIL_MAX 5000
/* more blocks than this in one report: the page lists those with the most reclaimable land
 * (report_html_groups.c); the workbook's 汇总 sheet and blocks.csv keep every block */
#define LS_HTML_BLOCKS_MAX 500
#define MAP_CELL 2.0

static const char *const status_css[LS_STATUS_COUNT] = {"idle", "relocatable", "low_efficiency",
                                                        "efficient", "non_industrial"};

static void esc(ls__buf *b, const char *s)
{
    ls__html_esc(b, s);
}

/* A number with `dec` decimals, or "—" for NAN. */
void ls__html_num(ls__buf *b, double v, int dec)
{
    if (isnan(v))
        ls__buf_add(b, "—");
    else
        ls__buf_addf(b, "%.*f", dec, v == 0 ? 0.0 : v);
}

void ls__html_td_num(ls__buf *b, double v, int dec)
{
    ls__buf_add(b, "<td class=\"n\">");
    ls__html_num(b, v, dec);
    ls__buf_add(b, "</td>");
}

static void td_text(ls__buf *b, const char *s)
{
    ls__buf_add(b, "<td>");
    esc(b, s);
    ls__buf_add(b, "</td>");
}

static void td_cls(ls__buf *b, const char *cls, const char *s)
{
    ls__buf_addf(b, "<td class=\"%s\">", cls);
    esc(b, s);
    ls__buf_add(b, "</td>");
}

/* ---- the map -------------------------------------------------------------------------- */

typedef struct proj {
    double minx, maxy, s, pad;
    ls__rrings *rr; /* the rings of the geometry being drawn (report_data.c) */
} proj;

static double px(const proj *p, double x)
{
    return (x - p->minx) * p->s + p->pad;
}

static double py(const proj *p, double y)
{
    return (p->maxy - y) * p->s + p->pad;
}

static void path_d(ls__buf *b, const proj *pj, const ls__rgeom *g)
{
    const ls__rrings *rr = pj->rr;
    if (ls__rgeom_rings(pj->rr, g) != LS_OK) {
        b->failed = 1;
        return;
    }
    size_t off = 0;
    for (size_t r = 0; r < rr->nrings; r++) {
        size_t n = rr->ring_len[r];
        const double *xy = rr->xy + 2 * off;
        off += n;
        if (n > 1 && xy[0] == xy[2 * (n - 1)] && xy[1] == xy[2 * (n - 1) + 1])
            n--; /* closing point: Z closes the ring */
        double lx = 0, ly = 0;
        size_t kept = 0;
        for (size_t i = 0; i < n; i++) {
            double x = round(px(pj, xy[2 * i]) * 10) / 10;
            double y = round(py(pj, xy[2 * i + 1]) * 10) / 10;
            size_t left = n - i; /* points still to come, this one included */
            if (kept > 0 && fabs(x - lx) < 0.4 && fabs(y - ly) < 0.4 && kept + left > 3)
                continue;
            ls__buf_addf(b, "%s%.1f %.1f", kept == 0 ? (r ? " M" : "M") : " L", x, y);
            lx = x;
            ly = y;
            kept++;
        }
        if (kept)
            ls__buf_add(b, " Z");
    }
}

/* A round length (1, 2 or 5 × 10^k metres) close to a fifth of the map width. */
static double scale_length(double width_m)
{
    double target = width_m / 5;
    if (target <= 0)
        return 1;
    double p = pow(10, floor(log10(target)));
    double best = p;
    const double steps[] = {1, 2, 5, 10};
    for (int i = 0; i < 4; i++)
        if (steps[i] * p <= target)
            best = steps[i] * p;
    return best;
}

static void extend(double *bb, const ls__rgeom *g)
{
    if (g->nrings == 0)
        return;
    bb[0] = fmin(bb[0], g->minx);
    bb[1] = fmin(bb[1], g->miny);
    bb[2] = fmax(bb[2], g->maxx);
    bb[3] = fmax(bb[3], g->maxy);
}

/* Is (x, y) inside the rings rr (even-odd over every ring)? Coordinates in viewBox units. */
static int inside_rings(const proj *pj, const ls__rrings *rr, double x, double y)
{
    int in = 0;
    size_t off = 0;
    for (size_t r = 0; r < rr->nrings; r++) {
        size_t n = rr->ring_len[r];
        const double *xy = rr->xy + 2 * off;
        off += n;
        for (size_t i = 0, j = n ? n - 1 : 0; i < n; j = i++) {
            double xi = px(pj, xy[2 * i]), yi = py(pj, xy[2 * i + 1]);
            double xj = px(pj, xy[2 * j]), yj = py(pj, xy[2 * j + 1]);
            if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi)
                in = !in;
        }
    }
    return in;
}

/* The parcels as status cells (see the top of the file): one path per status. */
static int parcels_dissolved(ls__buf *b, const proj *pj, const ls__report *rep, double W, double H)
{
    size_t nx = (size_t)ceil(W / MAP_CELL), ny = (size_t)ceil(H / MAP_CELL);
    unsigned char *cell = calloc(nx * ny, 1); /* 0 empty, else status + 1 */
    if (!cell)
        return LS_ENOMEM;
    for (size_t i = 0; i < rep->nparcels; i++) {
        const ls__rparcel *p = rep->parcels[i];
        const ls__rgeom *g = &p->geom;
        if (g->nrings == 0)
            continue;
        double x0 = px(pj, g->minx), x1 = px(pj, g->maxx);
        double y0 = py(pj, g->maxy), y1 = py(pj, g->miny);
        /* the cells whose centre (k + 0.5) × MAP_CELL lies in the bounding box */
        long i0 = (long)ceil(x0 / MAP_CELL - 0.5), i1 = (long)floor(x1 / MAP_CELL - 0.5);
        long j0 = (long)ceil(y0 / MAP_CELL - 0.5), j1 = (long)floor(y1 / MAP_CELL - 0.5);
        int claimed = 0;
        if (i0 <= i1 && j0 <= j1 && ls__rgeom_rings(pj->rr, g) != LS_OK) {
            free(cell);
            return LS_ENOMEM;
        }
        for (long j = j0 < 0 ? 0 : j0; j <= j1 && j < (long)ny; j++)
            for (long k = i0 < 0 ? 0 : i0; k <= i1 && k < (long)nx; k++)
                if (inside_rings(pj, pj->rr, (k + 0.5) * MAP_CELL, (j + 0.5) * MAP_CELL)) {
                    cell[(size_t)j * nx + (size_t)k] = (unsigned char)(p->status + 1);
                    claimed = 1;
                }
        long k = (long)floor((x0 + x1) / 2 / MAP_CELL), j = (long)floor((y0 + y1) / 2 / MAP_CELL);
        if (!claimed && k >= 0 && j >= 0 && k < (long)nx && j < (long)ny &&
            cell[(size_t)j * nx + (size_t)k] == 0)
            cell[(size_t)j * nx + (size_t)k] = (unsigned char)(p->status + 1);
    }
    for (int st = 0; st < LS_STATUS_COUNT; st++) {
        int any = 0;
        for (size_t j = 0; j < ny; j++) {
            for (size_t k = 0; k < nx;) {
                if (cell[j * nx + k] != st + 1) {
                    k++;
                    continue;
                }
                size_t k0 = k;
                while (k < nx && cell[j * nx + k] == st + 1)
                    k++;
                if (!any)
                    ls__buf_addf(b, "<path class=\"parcel dissolved st-%s\" d=\"", status_css[st]);
                any = 1;
                ls__buf_addf(b, "M%g %gh%gv%gh%gz", k0 * MAP_CELL, j * MAP_CELL,
                             (k - k0) * MAP_CELL, MAP_CELL, -((double)(k - k0) * MAP_CELL));
            }
        }
        if (any)
            ls__buf_addf(b, "\"><title>%s</title></path>\n", ls__status_label((ls__status)st));
    }
    free(cell);
    return b->failed ? LS_ENOMEM : LS_OK;
}

static void map_svg(ls__buf *b, const ls__report *rep, ls__rrings *rr)
{
    int dissolved = 0;
    /* the map frames the parcels (the district outline when there are none); a locator
     * inset shows the whole district with the mapped extent */
    double bb[4] = {HUGE_VAL, HUGE_VAL, -HUGE_VAL, -HUGE_VAL};
    for (size_t i = 0; i < rep->nparcels; i++)
        extend(bb, &rep->parcels[i]->geom);
    for (size_t i = 0; i < rep->nunsupplied; i++)
        extend(bb, &rep->unsupplied[i]->geom);
    if (!(bb[2] > bb[0]) && rep->outline)
        extend(bb, &rep->outline->geom);
    const double W = 1000, pad = 20, legend_h = 80;
    if (!(bb[2] > bb[0]) || !(bb[3] > bb[1])) {
        ls__buf_add(b, "<p class=\"empty\">本区没有可绘制的地块。</p>\n");
        return;
    }
    double dx = bb[2] - bb[0], dy = bb[3] - bb[1];
    double s = (W - 2 * pad) / dx;
    if (dy * s > 1.25 * W - 2 * pad) /* tall districts: limit the height to fit A4 */
        s = (1.25 * W - 2 * pad) / dy;
    double H = dy * s + 2 * pad;
    if (H < 0.45 * W) { /* flat extents: keep the map at a readable height */
        double extra = (0.45 * W - H) / s / 2;
        bb[1] -= extra;
        bb[3] += extra;
        dy = bb[3] - bb[1];
        H = 0.45 * W;
    }
    /* centre the extent horizontally when the height limited the scale */
    double used_w = dx * s + 2 * pad;
    double shift = used_w < W ? (W - used_w) / 2 / s : 0;
    proj pj = {bb[0] - shift, bb[3], s, pad, rr};
    ls__buf_addf(
        b,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"map\" viewBox=\"0 0 %.0f %.0f\" "
        "role=\"img\" aria-label=\"",
        W, H + legend_h);
    esc(b, rep->title);
    ls__buf_add(b, "地块分类图\">\n");
    ls__buf_addf(b,
                 "<defs><clipPath id=\"frame\"><rect x=\"0\" y=\"0\" width=\"%.0f\" "
                 "height=\"%.0f\"/></clipPath><pattern id=\"mask-hatch\" "
                 "patternUnits=\"userSpaceOnUse\" width=\"8\" height=\"8\" "
                 "patternTransform=\"rotate(45)\"><rect width=\"8\" height=\"8\" "
                 "fill=\"#1f78b4\" fill-opacity=\"0.12\"/><line x1=\"0\" y1=\"0\" x2=\"0\" "
                 "y2=\"8\" stroke=\"#1f78b4\" stroke-width=\"2\"/></pattern>"
                 "<pattern id=\"unsupplied-hatch\" patternUnits=\"userSpaceOnUse\" width=\"6\" "
                 "height=\"6\"><rect width=\"6\" height=\"6\" fill=\"#e6a000\" "
                 "fill-opacity=\"0.25\"/><path d=\"M0 3H6M3 0V6\" stroke=\"#c87800\" "
                 "stroke-width=\"1\"/></pattern></defs>\n",
                 W, H);
    ls__buf_addf(b, "<rect x=\"0\" y=\"0\" width=\"%.0f\" height=\"%.0f\" class=\"frame\"/>\n", W,
                 H);
    ls__buf_add(b, "<g clip-path=\"url(#frame)\">\n");
    /* outlines: district, then its towns */
    if (rep->outline && rep->outline->geom.nrings) {
        ls__buf_add(b, "<path class=\"district\" d=\"");
        path_d(b, &pj, &rep->outline->geom);
        ls__buf_add(b, "\"/>\n");
    }
    const ls__rdata *d = rep->data;
    for (size_t i = 0; i < d->ntowns; i++) {
        const ls__rarea *t = &d->towns[i];
        if (rep->district && (!t->district || strcmp(t->district, rep->district) != 0))
            continue;
        ls__buf_add(b, "<path class=\"town\" d=\"");
        path_d(b, &pj, &t->geom);
        ls__buf_add(b, "\"/>\n");
    }
    /* parcels: one path each, or dissolved by status for a large district */
    ls__buf_add(b, "<g class=\"parcels\">\n");
    if (rep->nparcels > LS_MAP_DETAIL_MAX && parcels_dissolved(b, &pj, rep, W, H) == LS_OK) {
        ls__buf_add(b, "</g>\n");
        dissolved = 1;
    }
    for (size_t i = 0; !dissolved && i < rep->nparcels; i++) {
        const ls__rparcel *p = rep->parcels[i];
        ls__buf_addf(b, "<path class=\"parcel st-%s\" data-id=\"", status_css[p->status]);
        esc(b, p->parcel_id);
        ls__buf_add(b, "\" d=\"");
        path_d(b, &pj, &p->geom);
        ls__buf_add(b, "\"><title>");
        esc(b, p->parcel_id);
        ls__buf_addf(b, " %s %.2f亩</title></path>\n", ls__status_label(p->status), p->area_mu);
    }
    if (!dissolved)
        ls__buf_add(b, "</g>\n");
    /* exclusion masks over the parcels: the land that is never reclaimable (hatched) */
    size_t nmasks = 0;
    for (size_t i = 0; i < d->nmasks; i++) {
        const ls__rgeom *g = &d->masks[i].geom;
        if (!g->nrings || g->minx > bb[2] || g->maxx < bb[0] || g->miny > bb[3] || g->maxy < bb[1])
            continue;
        nmasks++;
        ls__buf_add(b, "<path class=\"mask\" d=\"");
        path_d(b, &pj, g);
        ls__buf_add(b, "\"><title>");
        esc(b, d->masks[i].name ? d->masks[i].name : "");
        ls__buf_add(b, " 扣除区域(不可盘活)</title></path>\n");
    }
    /* 批而未供: approval batches minus the parcels (amber cross-hatch) */
    for (size_t i = 0; i < rep->nunsupplied; i++) {
        ls__buf_add(b, "<path class=\"unsupplied\" d=\"");
        path_d(b, &pj, &rep->unsupplied[i]->geom);
        ls__buf_add(b, "\"><title>");
        esc(b, rep->unsupplied[i]->approval_id);
        ls__buf_addf(b, " 批而未供 %.2f亩</title></path>\n", rep->unsupplied[i]->area_mu);
    }
    for (size_t i = 0; i < rep->nsites; i++) {
        ls__buf_add(b, "<path class=\"site\" d=\"");
        path_d(b, &pj, &rep->sites[i]->geom);
        ls__buf_add(b, "\"/>\n");
    }
    for (size_t i = 0; i < d->ntowns; i++) {
        const ls__rarea *t = &d->towns[i];
        if (rep->district && (!t->district || strcmp(t->district, rep->district) != 0))
            continue;
        if (!t->name || !t->geom.nrings)
            continue;
        ls__buf_addf(b, "<text class=\"label\" x=\"%.1f\" y=\"%.1f\">", px(&pj, t->geom.label_x),
                     py(&pj, t->geom.label_y));
        esc(b, t->name);
        ls__buf_add(b, "</text>\n");
    }
    ls__buf_add(b, "</g>\n");
    /* locator inset, top left: the district with the mapped extent */
    if (rep->outline && rep->outline->geom.nrings) {
        const ls__rgeom *og = &rep->outline->geom;
        double odx = og->maxx - og->minx, ody = og->maxy - og->miny;
        double box = 150, is = odx > 0 && ody > 0 ? box / fmax(odx, ody) : 0;
        if (is > 0) {
            proj ip = {og->minx, og->maxy, is, 8, rr};
            ls__buf_addf(b,
                         "<g class=\"inset\"><rect x=\"0\" y=\"0\" width=\"%.1f\" "
                         "height=\"%.1f\"/><path class=\"district\" d=\"",
                         odx * is + 16, ody * is + 16);
            path_d(b, &ip, og);
            /* the ground extent visible in the frame */
            double gx0 = pj.minx - pad / s, gx1 = pj.minx + (W - pad) / s;
            double gy1 = pj.maxy + pad / s, gy0 = pj.maxy - (H - pad) / s;
            double x0 = px(&ip, fmax(gx0, og->minx)), x1 = px(&ip, fmin(gx1, og->maxx));
            double y0 = py(&ip, fmin(gy1, og->maxy)), y1 = py(&ip, fmax(gy0, og->miny));
            ls__buf_addf(b,
                         "\"/><rect class=\"extent\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                         "height=\"%.1f\"/></g>\n",
                         x0, y0, fmax(1, x1 - x0), fmax(1, y1 - y0));
        }
    }
    /* north arrow, top right */
    double nx = W - 45, ny = 20;
    ls__buf_addf(
        b,
        "<g class=\"north\"><rect x=\"%.1f\" y=\"%.1f\" width=\"36\" height=\"76\" rx=\"4\"/>"
        "<path d=\"M%.1f %.1f L%.1f %.1f L%.1f %.1f L%.1f %.1f Z\"/>"
        "<text x=\"%.1f\" y=\"%.1f\">北</text><text class=\"small\" x=\"%.1f\" "
        "y=\"%.1f\">N</text></g>\n",
        nx - 18, ny - 8, nx, ny + 10, nx + 12, ny + 50, nx, ny + 42, nx - 12, ny + 50, nx, ny + 68,
        nx, ny + 4);
    /* legend band */
    double ly = H + 14;
    ls__buf_addf(b, "<g class=\"legend\" transform=\"translate(20 %.1f)\">\n", ly);
    for (int s2 = 0; s2 < LS_STATUS_COUNT; s2++) {
        double x = (s2 % 3) * 190, y = (s2 / 3) * 26;
        ls__buf_addf(b,
                     "<rect x=\"%.0f\" y=\"%.0f\" width=\"22\" height=\"14\" class=\"st-%s\"/>"
                     "<text x=\"%.0f\" y=\"%.0f\">%s</text>\n",
                     x, y, status_css[s2], x + 30, y + 12, ls__status_label((ls__status)s2));
    }
    ls__buf_add(b, "<rect x=\"380\" y=\"26\" width=\"22\" height=\"14\" class=\"site\"/>"
                   "<text x=\"410\" y=\"38\">连片开发地块</text>\n");
    if (nmasks)
        ls__buf_add(b, "<rect x=\"0\" y=\"52\" width=\"22\" height=\"14\" class=\"mask\"/>"
                       "<text x=\"30\" y=\"64\">扣除区域(不可盘活)</text>\n");
    if (rep->nunsupplied)
        ls__buf_add(b, "<rect x=\"190\" y=\"52\" width=\"22\" height=\"14\" class=\"unsupplied\"/>"
                       "<text x=\"220\" y=\"64\">批而未供</text>\n");
    ls__buf_add(b, "</g>\n");
    /* scale bar, bottom right of the legend band */
    double len_m = scale_length(dx);
    double len_px = len_m * s;
    double sx = W - 30 - len_px, sy = H + 30;
    ls__buf_addf(b,
                 "<g class=\"scalebar\"><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"8\" "
                 "class=\"sb0\"/><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"8\" "
                 "class=\"sb1\"/>",
                 sx, sy, len_px / 2, sx + len_px / 2, sy, len_px / 2);
    int km = len_m >= 1000;
    ls__buf_addf(b,
                 "<text x=\"%.1f\" y=\"%.1f\">0</text><text x=\"%.1f\" y=\"%.1f\" "
                 "class=\"end\">%g %s</text></g>\n",
                 sx, sy + 26, sx + len_px, sy + 26, km ? len_m / 1000 : len_m, km ? "千米" : "米");
    ls__buf_add(b, "</svg>\n");
    if (dissolved)
        ls__buf_addf(b,
                     "<p class=\"meta\">本区共 %zu 宗地块,图中按状态合并显示(每格约 %.0f 米);"
                     "逐宗地块见工作簿和 GeoPackage。</p>\n",
                     rep->nparcels, MAP_CELL / s);
}

/* ---- tables --------------------------------------------------------------------------- */

static int cmp_reclaim(const void *a, const void *b)
{
    const ls__rparcel *p = *(const ls__rparcel *const *)a;
    const ls__rparcel *q = *(const ls__rparcel *const *)b;
    if (p->reclaimable_mu != q->reclaimable_mu)
        return p->reclaimable_mu > q->reclaimable_mu ? -1 : 1;
    return strcmp(p->parcel_id, q->parcel_id);
}

static int table_top(ls__buf *b, const ls__report *rep, size_t top)
{
    const ls__rparcel **list = calloc(rep->nparcels + 1, sizeof(*list));
    if (!list)
        return LS_ENOMEM;
    size_t n = 0;
    for (size_t i = 0; i < rep->nparcels; i++)
        if (rep->parcels[i]->reclaimable_mu > 0)
            list[n++] = rep->parcels[i];
    qsort(list, n, sizeof(*list), cmp_reclaim);
    if (n == 0) {
        ls__buf_add(b, "<p class=\"empty\">本区无可盘活地块。</p>\n");
        free(list);
        return LS_OK;
    }
    ls__buf_add(b, "<table class=\"top\"><thead><tr><th>序号</th><th>地块编号</th><th>区块</th>"
                   "<th>权利人</th><th>状态</th><th>处置方式</th><th>项目类别</th>"
                   "<th>面积<br/>(亩)</th><th>可盘活<br/>(亩)</th><th>主要原因</th></tr></thead>"
                   "<tbody>\n");
    int error = LS_OK;
    for (size_t i = 0; i < n && i < top && error == LS_OK; i++) {
        const ls__rparcel *p = list[i];
        char *why = ls__report_reasons_zh(p->reasons, 0);
        if (!why) {
            error = LS_ENOMEM;
            break;
        }
        ls__buf_addf(b, "<tr><td class=\"n\">%zu</td>", i + 1);
        td_cls(b, "id", p->parcel_id);
        td_cls(b, "k", p->block_name ? p->block_name : p->block_id);
        td_text(b, p->owner);
        td_cls(b, "s", ls__status_label(p->status));
        td_cls(b, "s", ls__action_label(p->action));
        td_cls(b, "s", ls__action_category(p->action));
        ls__html_td_num(b, p->area_mu, 2);
        ls__html_td_num(b, p->reclaimable_mu, 2);
        ls__buf_add(b, "<td class=\"why\">");
        esc(b, why);
        ls__buf_add(b, "</td></tr>\n");
        free(why);
    }
    ls__buf_add(b, "</tbody></table>\n");
    if (n > top)
        ls__buf_addf(b,
                     "<p class=\"note\">共 %zu 宗可盘活地块,此处列出面积最大的 %zu 宗;"
                     "完整清单见同名 Excel 工作簿。</p>\n",
                     n, top);
    free(list);
    return error;
}

static const char *const key_rules[] = {
    "tax_per_mu_min",      "va_per_mu_min",     "far_min",
    "far_target",          "coverage_min",      "inside_share_min",
    "unstarted_years",     "halted_years",      "arrears_years",
    "site_min_mu",         "low_classes",       "energy_per_va_max",
    "no_new_land_classes", "targets_base_year", NULL};

static int table_rules(ls__buf *b, const ls__report *rep)
{
    char **rows = NULL;
    size_t n = 0;
    if (ls__report_rules_rows(rep->data, &rows, &n) != LS_OK)
        return LS_ENOMEM;
    ls__buf_add(b, "<table class=\"rules\"><thead><tr><th>评价参数</th><th>取值</th></tr></thead>"
                   "<tbody>\n");
    for (size_t k = 0; key_rules[k]; k++)
        for (size_t i = 0; i < n; i++)
            if (strcmp(rows[3 * i + 1], key_rules[k]) == 0) {
                ls__buf_add(b, "<tr>");
                td_text(b, *rows[3 * i] ? rows[3 * i] : rows[3 * i + 1]);
                td_text(b, rows[3 * i + 2]);
                ls__buf_add(b, "</tr>\n");
            }
    ls__buf_add(b, "</tbody></table>\n");
    ls__report_rows_free(rows, n);
    return LS_OK;
}

/* ---- the page ------------------------------------------------------------------------- */

/* Screen and print. Printed (A4), the page is a document to sign: page 1 (portrait) holds the
 * title, the key figures and the map; the action, town, block and top-parcel tables follow
 * on landscape pages (named page `wide`), the rules and the signature box on a portrait one.
 * Table headers repeat on every page; a header word or a key cell (town, block id and name,
 * parcel id, labels) never wraps, so no column is narrower than its header word; the margin
 * carries the run's title and reference date (css_margins(), per report) and the page
 * number. */
static const char *css =
    "@page { size: A4 portrait; margin: 15mm 12mm 14mm 12mm; }\n"
    "@page wide { size: A4 landscape; margin: 13mm 12mm 12mm 12mm; }\n"
    "html { background: #fff; }\n"
    "body { font-family: \"Noto Sans CJK SC\", \"Source Han Sans SC\", \"WenQuanYi Micro Hei\", "
    "\"Microsoft YaHei\", \"PingFang SC\", \"SimHei\", sans-serif; color: #222; margin: 0 auto; "
    "max-width: 186mm; padding: 8mm 0; font-size: 10pt; line-height: 1.45; }\n"
    "h1 { font-size: 18pt; margin: 0 0 2mm 0; }\n"
    "h2 { font-size: 12.5pt; margin: 6mm 0 2mm 0; border-bottom: 1.5px solid #333; "
    "padding-bottom: 1mm; break-after: avoid; page-break-after: avoid; }\n"
    ".meta { color: #444; margin: 0 0 1mm 0; }\n"
    ".meta span { margin-right: 6mm; }\n"
    ".en { color: #888; font-size: 8.5pt; font-weight: normal; }\n"
    ".notice { border: 1.5px solid #c00; color: #a00; padding: 3mm; margin: 4mm 0; "
    "font-weight: bold; }\n"
    ".kpis { display: grid; grid-template-columns: repeat(4, 1fr); gap: 2mm; margin: 3mm 0; }\n"
    ".kpi { border: 1px solid #bbb; border-radius: 2mm; padding: 2mm 3mm; break-inside: avoid; }\n"
    ".kpi .v { font-size: 15pt; font-weight: bold; }\n"
    ".kpi .u { font-size: 8.5pt; color: #555; margin-left: 1mm; }\n"
    ".kpi .k { font-size: 9pt; color: #444; }\n"
    ".kpi.idle { border-left: 3mm solid #e31a1c; } .kpi.relocatable { border-left: 3mm solid "
    "#6a3d9a; }\n"
    ".kpi.low_efficiency { border-left: 3mm solid #ff7f00; } .kpi.reclaim { border-left: 3mm "
    "solid #1f78b4; }\n"
    "figure { margin: 3mm 0; break-inside: avoid; page-break-inside: avoid; }\n"
    "figcaption { font-size: 9pt; color: #444; text-align: center; }\n"
    "svg.map { width: 100%; height: auto; max-height: 235mm; display: block; }\n"
    "svg .frame { fill: #fbfbf8; stroke: #999; stroke-width: 1; }\n"
    "svg .district { fill: #f3f1ea; stroke: #555; stroke-width: 1.6; fill-rule: evenodd; }\n"
    "svg .town { fill: none; stroke: #8a8a8a; stroke-width: 0.8; stroke-dasharray: 6 3; }\n"
    "svg .parcel { stroke: #3a3a3a; stroke-width: 0.3; fill-rule: evenodd; }\n"
    "svg .parcel.dissolved { stroke: none; }\n"
    "svg .site { fill: none; stroke: #111; stroke-width: 1.8; stroke-dasharray: 5 2.5; }\n"
    "svg .mask { fill: url(#mask-hatch); stroke: #1f78b4; stroke-width: 1; fill-rule: evenodd; }\n"
    "svg .unsupplied { fill: url(#unsupplied-hatch); stroke: #c87800; stroke-width: 1.2; "
    "fill-rule: evenodd; }\n"
    "svg .label { font-size: 15px; fill: #333; text-anchor: middle; paint-order: stroke; "
    "stroke: #fff; stroke-width: 3px; }\n"
    "svg text { font-size: 14px; fill: #222; }\n"
    "svg .inset rect { fill: #fff; stroke: #888; stroke-width: 1; }\n"
    "svg .inset .district { stroke-width: 1; }\n"
    "svg .inset rect.extent { fill: none; stroke: #e31a1c; stroke-width: 1.5; }\n"
    "svg .north rect { fill: #fff; fill-opacity: 0.85; stroke: #888; stroke-width: 0.8; }\n"
    "svg .north path { fill: #222; } svg .north text { text-anchor: middle; font-size: 15px; "
    "font-weight: bold; }\n"
    "svg .north .small { font-size: 10px; font-weight: normal; }\n"
    "svg .scalebar .sb0 { fill: #222; stroke: #222; } svg .scalebar .sb1 { fill: #fff; stroke: "
    "#222; }\n"
    "svg .scalebar .end { text-anchor: end; }\n"
    ".st-idle { fill: #e31a1c; } .st-relocatable { fill: #6a3d9a; } .st-low_efficiency { fill: "
    "#ff7f00; }\n"
    ".st-efficient { fill: #33a02c; } .st-non_industrial { fill: #d9d9d9; }\n";

/* Tables, the signature box and the footer. */
static const char *css_tables =
    "table { border-collapse: collapse; width: 100%; margin: 2mm 0; font-size: 8.8pt; }\n"
    "th, td { border: 1px solid #999; padding: 0.8mm 1.2mm; vertical-align: top; }\n"
    "th { background: #e8eef6; font-weight: bold; text-align: center; white-space: nowrap; }\n"
    "td.n { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }\n"
    "td.k, td.s, td.id { white-space: nowrap; }\n"
    "td.why { font-size: 8pt; }\n"
    "td.s { font-size: 8.2pt; }\n"
    "td.id { font-size: 7.8pt; }\n"
    "tr.total td { font-weight: bold; background: #f2f2f2; }\n"
    "thead { display: table-header-group; }\n"
    "tr { break-inside: avoid; page-break-inside: avoid; }\n"
    "table.rules, table.act { width: 70%; }\n"
    ".wide { overflow-x: auto; }\n"
    ".empty, .note { color: #555; font-size: 9pt; }\n"
    ".sign { margin-top: 8mm; border: 1.5px solid #333; padding: 3mm 5mm; break-inside: avoid; "
    "page-break-inside: avoid; }\n"
    ".sign h3 { font-size: 11pt; margin: 0 0 2mm 0; }\n"
    ".sign .opinion { border: 1px solid #999; height: 22mm; margin: 2mm 0 4mm 0; padding: 1mm "
    "2mm; color: #666; font-size: 9pt; }\n"
    ".sign .row { display: flex; justify-content: space-between; margin: 6mm 0; }\n"
    ".sign .f { flex: 1; margin-right: 6mm; white-space: nowrap; }\n"
    ".sign .line { display: inline-block; min-width: 34mm; border-bottom: 1px solid #222; "
    "height: 5mm; vertical-align: bottom; }\n"
    "footer { margin-top: 6mm; font-size: 8pt; color: #666; border-top: 1px solid #ccc; "
    "padding-top: 2mm; word-break: break-all; }\n";

/* Print only (A4 pages, see above). */
static const char *css_print =
    "@media print {\n"
    "  body { padding: 0; max-width: none; font-size: 9.5pt; }\n"
    "  header h1 { font-size: 16pt; }\n"
    "  h2 { margin: 3.5mm 0 1.5mm 0; font-size: 11.5pt; }\n"
    "  .kpis { grid-template-columns: repeat(6, 1fr); gap: 1.5mm; margin: 2mm 0; }\n"
    "  .kpi { padding: 1mm 2.5mm; }\n"
    "  .kpi .v { font-size: 12.5pt; }\n"
    "  .kpi .k { font-size: 8.5pt; }\n"
    "  svg.map { max-height: 150mm; }\n"
    "  figure { margin: 1mm 0; }\n"
    "  .wide { page: wide; overflow: visible; }\n"
    "  .wide table { font-size: 8pt; }\n"
    "  .wide td.why { font-size: 7.6pt; }\n"
    "}\n";

/* s as the body of a CSS string: quotes, backslashes, markup characters and controls as
 * hex escapes (the page is also well-formed XML, so no '<' or '&' in the style sheet). */
static void css_string(ls__buf *b, const char *s)
{
    for (const unsigned char *c = (const unsigned char *)(s ? s : ""); *c; c++) {
        if (*c == '"' || *c == '\\' || *c == '<' || *c == '>' || *c == '&' || *c < 0x20)
            ls__buf_addf(b, "\\%x ", (unsigned)*c);
        else
            ls__buf_addn(b, (const char *)c, 1);
    }
}

/* The margin of every printed page: title left, reference date right, page number below. */
static void css_margins(ls__buf *b, const ls__report *rep)
{
    ls__buf_add(b, "@page {\n  @top-left { content: \"");
    css_string(b, rep->title);
    ls__buf_add(b, " 工业用地调查评价报告\"; font-size: 8pt; color: #555; }\n"
                   "  @top-right { content: \"评价基准日 ");
    css_string(b, rep->reference_date);
    ls__buf_add(b, "\"; font-size: 8pt; color: #555; }\n"
                   "  @bottom-center { content: \"第 \" counter(page) \" 页 / 共 \" "
                   "counter(pages) \" 页\"; font-size: 8pt; color: #555; }\n"
                   "  @bottom-right { content: \"");
    css_string(b, rep->run_name);
    ls__buf_add(b, "\"; font-size: 7pt; color: #888; }\n}\n");
}

static void kpi(ls__buf *b, const char *cls, const char *label, double v, int dec, const char *unit,
                const char *extra)
{
    ls__buf_addf(b, "<div class=\"kpi %s\"><div class=\"k\">%s</div><div><span class=\"v\">", cls,
                 label);
    ls__html_num(b, v, dec);
    ls__buf_addf(b, "</span><span class=\"u\">%s</span></div>", unit);
    if (extra)
        ls__buf_addf(b, "<div class=\"k\">%s</div>", extra);
    ls__buf_add(b, "</div>\n");
}

/* ---- sections --------------------------------------------------------------------------- */

static int sec_kpis(ls__buf *b, const ls__report *rep)
{
    const ls__totals *t = &rep->total;
    ls__buf_add(b, "<div class=\"kpis\">\n");
    char extra[128];
    snprintf(extra, sizeof(extra), "%d 宗工业地块", t->industrial_count);
    kpi(b, "", "工业用地", t->industrial_mu, 2, "亩", extra);
    snprintf(extra, sizeof(extra), "%d 宗", t->status_count[LS_STATUS_IDLE]);
    kpi(b, "idle", ls__status_label(LS_STATUS_IDLE), t->status_mu[LS_STATUS_IDLE], 2, "亩", extra);
    snprintf(extra, sizeof(extra), "%d 宗", t->status_count[LS_STATUS_LOW_EFFICIENCY]);
    kpi(b, "low_efficiency", ls__status_label(LS_STATUS_LOW_EFFICIENCY),
        t->status_mu[LS_STATUS_LOW_EFFICIENCY], 2, "亩", extra);
    snprintf(extra, sizeof(extra), "%d 宗,位于控制线外", t->status_count[LS_STATUS_RELOCATABLE]);
    kpi(b, "relocatable", ls__status_label(LS_STATUS_RELOCATABLE),
        t->status_mu[LS_STATUS_RELOCATABLE], 2, "亩", extra);
    kpi(b, "reclaim", "可盘活", t->reclaimable_mu, 2, "亩", NULL);
    kpi(b, "", "提容潜力", t->far_uplift_m2 / 10000, 2, "万平方米", NULL);
    kpi(b, "", "容积率(面积加权)", t->industrial_count ? t->far : NAN, 2, "", NULL);
    double site_mu = 0;
    for (size_t i = 0; i < rep->nsites; i++)
        site_mu += rep->sites[i]->area_mu;
    snprintf(extra, sizeof(extra), "%zu 处连片开发地块", rep->nsites);
    kpi(b, "", "连片开发", site_mu, 2, "亩", extra);
    if (rep->data->has_unsupplied) {
        snprintf(extra, sizeof(extra), "%zu 个批次", rep->nunsupplied);
        kpi(b, "", "批而未供", t->unsupplied_mu, 2, "亩", extra);
    }
    if (rep->data->has_ledger) {
        int nnew = 0, nremoved = 0;
        for (size_t i = 0; i < rep->nparcels; i++)
            nnew += rep->parcels[i]->change && strcmp(rep->parcels[i]->change, "new") == 0;
        for (size_t i = 0; i < rep->nresolved; i++)
            nremoved += rep->resolved[i]->removed;
        snprintf(extra, sizeof(extra), "%d 宗", nnew);
        kpi(b, "ledger", "新增列入", t->new_listed_mu, 2, "亩", extra);
        snprintf(extra, sizeof(extra), "%zu 宗(其中已灭失 %d 宗)", rep->nresolved, nremoved);
        kpi(b, "ledger", "销号", t->resolved_mu, 2, "亩", extra);
        kpi(b, "ledger", "清单净变化", t->net_listed_mu, 2, "亩", "新增列入 − 销号");
    }
    ls__buf_add(b, "</div>\n");
    ls__buf_add(b, "<p class=\"meta\"><span>亩均税收:");
    ls__html_num(b, t->tax_per_mu, 2);
    ls__buf_add(b, " 万元/亩</span><span>亩均增加值:");
    ls__html_num(b, t->value_added_per_mu, 2);
    ls__buf_add(b, " 万元/亩</span><span>控制线内工业用地:");
    ls__html_num(b, t->inside_control_mu, 2);
    ls__buf_add(b, " 亩</span></p>\n");
    return LS_OK;
}

static int sec_map(ls__buf *b, const ls__report *rep)
{
    ls__buf_add(b, "<figure>\n");
    ls__rrings rr = {rep->data->geos, 0, NULL, NULL, NULL, 0, NULL, 0};
    map_svg(b, rep, &rr);
    ls__rrings_free(&rr);
    ls__buf_add(b, "<figcaption>");
    esc(b, rep->title);
    ls__buf_addf(b,
                 " 工业用地分类(共 %zu 宗地块;按状态着色,虚线框为连片开发地块)</figcaption>\n"
                 "</figure>\n",
                 rep->nparcels);
    return LS_OK;
}

static int sec_actions(ls__buf *b, const ls__report *rep)
{
    const ls__totals *t = &rep->total;
    ls__buf_add(b, "<table class=\"sum act\"><thead><tr><th>处置方式</th><th>项目类别</th>"
                   "<th>地块数</th><th>面积(亩)</th></tr></thead><tbody>\n");
    for (int a = 0; a < LS_ACTION_COUNT; a++) {
        if (a == LS_ACTION_NONE)
            continue;
        ls__buf_add(b, "<tr>");
        td_cls(b, "s", ls__action_label((ls__action)a));
        td_cls(b, "s", ls__action_category((ls__action)a));
        ls__html_td_num(b, t->action_count[a], 0);
        ls__html_td_num(b, t->action_mu[a], 2);
        ls__buf_add(b, "</tr>\n");
    }
    ls__buf_add(b, "</tbody></table>\n");
    return LS_OK;
}

static int sec_towns(ls__buf *b, const ls__report *rep)
{
    return ls__html_groups(b, "镇街", NULL, rep->towns, rep->ntowns, &rep->total,
                           rep->data->has_ledger, rep->ntowns);
}

static int sec_blocks(ls__buf *b, const ls__report *rep)
{
    return ls__html_groups(b, "区块编号", "区块名称", rep->blocks, rep->nblocks, &rep->total,
                           rep->data->has_ledger, LS_HTML_BLOCKS_MAX);
}

static int sec_top(ls__buf *b, const ls__report *rep)
{
    return table_top(b, rep, 20);
}

static int sec_restricted(ls__buf *b, const ls__report *rep)
{
    return ls__report_html_restricted(b, rep, 10);
}

static int sec_rules(ls__buf *b, const ls__report *rep)
{
    if (table_rules(b, rep) != LS_OK)
        return LS_ENOMEM;
    ls__buf_add(
        b, "<p class=\"note\">疑似闲置为依据数据的初步判断,须经实地核查后依《闲置土地处置办法》"
           "认定;可盘活面积不重复计算。</p>\n");
    return LS_OK;
}

/* The sections of the page, in order, numbered 一、二、… as they come. `wide` sections print
 * on landscape pages (consecutive ones share them). A new section is one function and one
 * row here. */
typedef struct section {
    const char *zh, *en;
    int wide;
    int (*write)(ls__buf *b, const ls__report *rep);
} section;

static const section sections[] = {
    {"主要指标", "Key figures", 0, sec_kpis},
    {"地块分类图", "Map", 0, sec_map},
    {"目标完成情况", "Targets", 1, ls__report_html_targets},
    {"处置分类", "Actions", 1, sec_actions},
    {"按镇街汇总", "By town", 1, sec_towns},
    {"按工业区块汇总", "By block", 1, sec_blocks},
    {"可盘活面积最大的地块", "Top parcels by reclaimable mu", 1, sec_top},
    {"限制新增用地企业", "Firms barred from new land", 1, sec_restricted},
    {"合规提示", "Compliance flags", 1, ls__report_html_flags},
    {"批而未供土地", "Approved, not supplied", 1, ls__report_html_unsupplied},
    {"主要评价标准", "Rules", 0, sec_rules},
};

static const char *const numerals[] = {"一", "二", "三",   "四",   "五",   "六",   "七",  "八",
                                       "九", "十", "十一", "十二", "十三", "十四", "十五"};

/* The approval box that closes the document. */
static void sign_box(ls__buf *b)
{
    ls__buf_add(b, "<section class=\"sign\">\n<h3>审核签批</h3>\n"
                   "<div class=\"opinion\">审核意见:</div>\n"
                   "<div class=\"row\"><div class=\"f\">编制单位(盖章):<span class=\"line\">"
                   "</span></div><div class=\"f\">编制人:<span class=\"line\"></span></div></div>\n"
                   "<div class=\"row\"><div class=\"f\">审核人:<span class=\"line\"></span></div>"
                   "<div class=\"f\">负责人(签字):<span class=\"line\"></span></div></div>\n"
                   "<div class=\"row\"><div class=\"f\">日期:<span class=\"line\"></span></div>"
                   "<div class=\"f\"></div></div>\n</section>\n");
}

static int page(ls__buf *b, const ls__report *rep)
{
    const ls__totals *t = &rep->total;
    ls__buf_add(b, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\"/>\n"
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
                   "<meta name=\"generator\" content=\"landscan ");
    esc(b, rep->version);
    ls__buf_add(b, "\"/>\n<link rel=\"icon\" href=\"data:,\"/>\n<title>");
    esc(b, rep->title);
    ls__buf_add(b, " 工业用地调查评价报告</title>\n<style>\n");
    ls__buf_add(b, css);
    ls__buf_add(b, css_tables);
    ls__buf_add(b, ls__report_html_campaign_css);
    ls__buf_add(b, css_print);
    css_margins(b, rep);
    ls__buf_add(b, "</style>\n</head>\n<body>\n<header>\n<h1>");
    esc(b, rep->title);
    ls__buf_add(b,
                " 工业用地调查评价报告 <span class=\"en\">Industrial land evaluation</span></h1>\n"
                "<p class=\"meta\"><span>评价名称:");
    esc(b, rep->run_name);
    ls__buf_add(b, "</span><span>评价基准日:");
    esc(b, rep->reference_date);
    ls__buf_add(b, "</span></p>\n<p class=\"meta\"><span>评价规则:");
    esc(b, rep->rules);
    if (rep->rules_chain && rep->rules && strcmp(rep->rules_chain, rep->rules) != 0) {
        ls__buf_add(b, "(");
        esc(b, rep->rules_chain);
        ls__buf_add(b, ")");
    }
    ls__buf_add(b, "</span><span>坐标系:");
    esc(b, rep->crs);
    ls__buf_add(b, "</span></p>\n</header>\n");

    if (t->industrial_count == 0) {
        ls__buf_add(b, "<p class=\"notice\" id=\"no-industrial\">");
        esc(b, rep->title);
        if (t->parcel_count == 0)
            ls__buf_add(b, "无工业用地地块:没有地块落在本区范围内。</p>\n");
        else
            ls__buf_addf(b,
                         "无工业用地地块:本区 %d 宗地块均非工业用地,不涉及闲置、低效和腾退。"
                         "</p>\n",
                         t->parcel_count);
    }
    if (ls__report_info(rep->data, "note_control_lines"))
        ls__buf_add(b, "<p class=\"note\">本次评价未提供工业控制线,不认定可腾退地块。</p>\n");

    const size_t nsec = sizeof(sections) / sizeof(sections[0]);
    for (size_t i = 0; i < nsec; i++) {
        const section *sc = &sections[i];
        ls__buf_addf(b, "<section%s>\n<h2>%s、%s <span class=\"en\">%s</span></h2>\n",
                     sc->wide ? " class=\"wide\"" : "", numerals[i], sc->zh, sc->en);
        if (sc->write(b, rep) != LS_OK)
            return LS_ENOMEM;
        ls__buf_add(b, "</section>\n");
    }
    sign_box(b);
    ls__buf_add(b, "<footer>本报告由 landscan ");
    esc(b, rep->version);
    ls__buf_add(b, " 根据评价结果自动生成。运行文件 SHA-256:");
    esc(b, ls__report_info(rep->data, "run_file_sha256"));
    ls__buf_add(b, "</footer>\n</body>\n</html>\n");
    return LS_OK;
}

int ls__report_write_html(ls_context *ctx, const ls__report *rep, const char *path)
{
    ls__buf b = {0};
    int error = page(&b, rep);
    char *text = ls__buf_take(&b);
    if (error != LS_OK || !text) {
        free(text);
        return ls__error_set(ctx, LS_ENOMEM, "out of memory");
    }
    FILE *f = fopen(path, "wb");
    if (!f) {
        free(text);
        return ls__error_set(ctx, LS_EIO, "%s: cannot create", path);
    }
    size_t len = strlen(text);
    int bad = fwrite(text, 1, len, f) != len;
    bad |= fclose(f) != 0;
    free(text);
    if (bad)
        return ls__error_set(ctx, LS_EIO, "%s: write failed", path);
    return LS_OK;
}
