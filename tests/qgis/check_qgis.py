#!/usr/bin/python3
"""check_qgis.py — landscan's outputs as QGIS 3.22 sees them (ctest label `qgis`).

Generates the demo data (scripts/make_demo.py), runs `landscan run`, then in headless QGIS
(QT_QPA_PLATFORM=offscreen, Debian's /usr/bin/python3 with python3-qgis):

  GeoPackage  every landscan layer is valid (the demo's 批而未供 `unsupplied` too, with features,
              hatched and labelled), in the run's CRS; its default style is the one
              landscan wrote to layer_styles ("Loaded from Provider", name <table>_default);
              parcels are categorized on `status` with a category for every status present;
              every field of every layer and table has a Chinese alias; labels resolve to an
              installed CJK font; blocks have the second (graduated) style.
  project     the output folder is moved elsewhere first; landscan.qgs opens, title = run
              name, project CRS valid, every layer valid with the right CRS and relative
              source, ids longer than 10 characters, renderers and aliases embedded, layer
              order (control lines on top, parcels over blocks over districts), one print
              layout per district; the map and one layout are rendered to PNG (and the layout
              to PDF) without error and the map is not blank.

Skips (exit 77) when the qgis module is not importable, unless LANDSCAN_REQUIRE_QGIS is set
(CI sets it). --keep DIR keeps the rendered PNG/PDF there for looking at them.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

SKIP = 77
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if not os.environ.get("XDG_RUNTIME_DIR"):
    rt = os.path.join(tempfile.gettempdir(), "runtime-%d" % os.getuid())
    os.makedirs(rt, mode=0o700, exist_ok=True)
    os.environ["XDG_RUNTIME_DIR"] = rt

try:
    from qgis.core import (QgsApplication, QgsCoordinateReferenceSystem, QgsLayoutExporter,
                           QgsMapRendererParallelJob, QgsMapSettings, QgsProject,
                           QgsRectangle, QgsVectorLayer)
    from qgis.PyQt.QtCore import QSize
    from qgis.PyQt.QtGui import QColor, QFontDatabase
except ImportError as e:  # pragma: no cover - depends on the machine
    if os.environ.get("LANDSCAN_REQUIRE_QGIS"):
        print("FAIL: LANDSCAN_REQUIRE_QGIS is set but QGIS python is not importable: %s" % e)
        sys.exit(1)
    print("SKIP: QGIS python (python3-qgis) is not importable with %s: %s" % (sys.executable, e))
    sys.exit(SKIP)

MAP_LAYERS = ["control_lines", "sites", "unsupplied", "resolved", "parcels", "blocks", "towns",
              "districts"]
TABLES = ["enterprises", "rule_checks", "rule_check_texts", "data_quality", "run_info"]
STATUSES = {"idle", "relocatable", "low_efficiency", "efficient", "non_industrial"}
CJK_FONTS = {"Microsoft YaHei", "WenQuanYi Micro Hei", "Noto Sans CJK SC", "Source Han Sans SC",
             "SimHei"}

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)
    return cond


def run_landscan(args, work):
    demo = os.path.join(work, "demo")
    subprocess.run(["/usr/bin/python3", os.path.join(args.source_dir, "scripts", "make_demo.py"),
                    demo], check=True, stdout=subprocess.DEVNULL)
    out = os.path.join(work, "out")
    r = subprocess.run([args.landscan, "run", os.path.join(demo, "RUN.yaml"), "-o", out,
                        "--quiet", "--force"], capture_output=True, text=True)
    if r.returncode != 0:
        print(r.stdout, r.stderr)
        sys.exit("landscan run failed with exit code %d" % r.returncode)
    return out


def gpkg_tables(gpkg):
    import sqlite3
    con = sqlite3.connect(gpkg)
    try:
        rows = con.execute("SELECT table_name, data_type FROM gpkg_contents").fetchall()
        info = dict(con.execute("SELECT key, value FROM run_info").fetchall())
        styles = con.execute("SELECT f_table_name, styleName, useAsDefault, f_table_catalog,"
                             " f_table_schema, f_geometry_column FROM layer_styles").fetchall()
    finally:
        con.close()
    return dict(rows), info, styles


def check_aliases(layer, where):
    missing = [f.name() for i, f in enumerate(layer.fields()) if not layer.attributeAlias(i)]
    check(not missing, "%s: fields without alias: %s" % (where, ", ".join(missing)))


def check_parcels_renderer(layer, where):
    r = layer.renderer()
    if not check(r is not None and r.type() == "categorizedSymbol",
                 "%s: parcels renderer is %s, not categorized" % (where, r and r.type())):
        return
    check(r.classAttribute() == "status", "%s: categorized on %s" % (where, r.classAttribute()))
    values = {str(c.value()) for c in r.categories()}
    idx = layer.fields().indexOf("status")
    present = {str(v) for v in layer.uniqueValues(idx)}
    check(present <= STATUSES, "%s: unexpected statuses %s" % (where, present - STATUSES))
    check(present <= values, "%s: statuses without a category: %s" % (where, present - values))
    labels = {str(c.value()): c.label() for c in r.categories()}
    check(labels.get("idle") == "疑似闲置", "%s: idle label is %r" % (where, labels.get("idle")))


def check_geopackage(out, crs):
    gpkg = os.path.join(out, "landscan.gpkg")
    contents, info, styles = gpkg_tables(gpkg)
    check(contents.get("layer_styles") == "attributes", "layer_styles not in gpkg_contents")
    for t, name, default, cat, schema, geom in styles:
        check(cat == "" and schema == "", "%s: catalog/schema not ''" % t)
        check(geom == ("geom" if contents.get(t) == "features" else ""),
              "%s: f_geometry_column %r" % (t, geom))
    import sqlite3
    import xml.etree.ElementTree as ET
    con = sqlite3.connect(gpkg)
    for name, qml in con.execute("SELECT styleName, styleQML FROM layer_styles"):
        try:
            ET.fromstring(qml)
        except ET.ParseError as e:
            check(False, "style %s: QML not well-formed: %s" % (name, e))
    con.close()
    defaults = {t for t, n, d, *_ in styles if d == 1 and n == t + "_default"}
    present = [t for t in MAP_LAYERS + TABLES if t in contents]
    for t in present:
        check(t in defaults, "%s: no default style in layer_styles" % t)
        layer = QgsVectorLayer("%s|layername=%s" % (gpkg, t), t, "ogr")
        if not check(layer.isValid(), "%s: layer not valid" % t):
            continue
        msg, ok = layer.loadDefaultStyle()
        check(ok and msg == "Loaded from Provider",
              "%s: default style not from layer_styles (%s, %s)" % (t, msg, ok))
        n, ids, names, descs, err = layer.listStylesInDatabase()
        check(t + "_default" in names[:n],  # this table's styles come first
              "%s: styles in database %s (%s)" % (t, names[:n], err))
        check_aliases(layer, "gpkg " + t)
        if contents[t] == "features":
            check(layer.crs() == crs, "%s: CRS %s != %s" % (t, layer.crs().authid(), crs.authid()))
        if t == "parcels":
            check_parcels_renderer(layer, "gpkg")
        if t == "blocks":
            check("blocks_reclaimable_mu" in names, "blocks: no graduated style in database")
            i = names.index("blocks_reclaimable_mu") if "blocks_reclaimable_mu" in names else -1
            if i >= 0:
                qml, err = layer.getStyleFromDatabase(ids[i])
                check("graduatedSymbol" in qml, "blocks: second style is not graduated")
        if t in ("blocks", "districts", "towns"):
            check(layer.labelsEnabled(), "%s: labels not enabled" % t)
            fam = layer.labeling().settings().format().font().family()
            check(fam in CJK_FONTS, "%s: label font %r is not a CJK font" % (t, fam))
        if t == "unsupplied":  # 批而未供 (the demo has approval batches)
            check(layer.featureCount() > 0, "unsupplied: no feature in the demo")
            check(layer.labelsEnabled(), "unsupplied: labels not enabled")
            sl = layer.renderer().symbol().symbolLayer(0) if layer.renderer() else None
            check(sl is not None and sl.brushStyle() != 0, "unsupplied: not a hatched fill")
        if t == "control_lines":
            r = layer.renderer()
            check(r.type() == "categorizedSymbol" and r.classAttribute() == "tier",
                  "control_lines: not categorized on tier")
            for c in r.categories():
                sl = c.symbol().symbolLayer(0)
                check(sl.brushStyle() == 0 and sl.strokeStyle() != 1,
                      "control_lines %r: not an unfilled dashed outline" % c.value())
    return info


def render_map(project, extent, path):
    root = project.layerTreeRoot()
    layers = [l for l in root.layerOrder() if l.isSpatial()]
    ms = QgsMapSettings()
    ms.setLayers(layers)
    ms.setDestinationCrs(project.crs())
    ms.setOutputSize(QSize(1600, 1200))
    ms.setBackgroundColor(QColor(255, 255, 255))
    ms.setExtent(extent)
    job = QgsMapRendererParallelJob(ms)
    job.start()
    job.waitForFinished()
    img = job.renderedImage()
    check(not job.errors(), "map render errors: %s" % [e.message for e in job.errors()])
    check(img.save(path), "cannot save %s" % path)
    # not blank: some red (idle) and some green (efficient) pixels
    red = green = 0
    for y in range(0, img.height(), 8):
        for x in range(0, img.width(), 8):
            c = QColor(img.pixel(x, y))
            if c.red() > 200 and c.green() < 60 and c.blue() < 60:
                red += 1
            elif c.green() > 140 and c.red() < 80 and c.blue() < 120:
                green += 1
    check(red > 0 and green > 0, "map render has no idle/efficient colours (%d, %d)" % (red, green))


def check_project(out, moved, crs, info, keep):
    shutil.move(out, moved)  # relative sources: the project must survive the move
    qgs = os.path.join(moved, "landscan.qgs")
    project = QgsProject.instance()
    check(project.read(qgs), "project does not open after moving the folder")
    check(project.title() == info.get("name"), "title %r != run name" % project.title())
    check(project.crs().isValid() and project.crs() == crs,
          "project CRS %s" % project.crs().authid())
    layers = project.mapLayers()
    check(len(layers) >= 5, "project has %d layers" % len(layers))
    for lid, layer in layers.items():
        t = layer.source().split("layername=")[-1]
        check(len(lid) > 10, "layer id %r too short" % lid)
        check(layer.isValid(), "project layer %s not valid" % t)
        check(os.path.realpath(layer.source().split("|")[0]) ==
              os.path.realpath(os.path.join(moved, "landscan.gpkg")),
              "project layer %s source %s" % (t, layer.source()))
        check_aliases(layer, "project " + t)
        if layer.isSpatial():
            check(layer.crs() == crs, "project layer %s CRS %s" % (t, layer.crs().authid()))
            check(layer.renderer() is not None and layer.renderer().type() != "singleSymbol"
                  or t not in ("parcels", "control_lines"), "project %s: renderer lost" % t)
        if t == "parcels":
            check_parcels_renderer(layer, "project")
        if t in ("blocks", "districts"):
            check(layer.labelsEnabled(), "project %s: labels not enabled" % t)
    with open(qgs, encoding="utf-8") as f:
        text = f.read()
    import xml.etree.ElementTree as ET
    try:
        ET.fromstring(text)
    except ET.ParseError as e:
        check(False, "landscan.qgs is not well-formed XML: %s" % e)
    check("./landscan.gpkg|layername=" in text, "project sources are not relative")
    order = [l.source().split("layername=")[-1] for l in project.layerTreeRoot().layerOrder()]
    pos = {t: i for i, t in enumerate(order)}
    check(pos.get("control_lines", 99) == 0, "control lines not on top: %s" % order)
    check("unsupplied" in pos, "project has no unsupplied layer: %s" % order)
    check(pos.get("parcels", 99) < pos.get("blocks", -1) < pos.get("districts", -1),
          "order parcels > blocks > districts broken: %s" % order)

    # the map, on the project's view
    ext = project.viewSettings().defaultViewExtent()
    parcels = [l for l in layers.values() if l.source().endswith("layername=parcels")][0]
    check(ext.intersects(parcels.extent()) and ext.contains(parcels.extent().center()),
          "project view %s is not on the data %s" % (ext.toString(), parcels.extent().toString()))
    render_map(project, ext, os.path.join(keep, "map.png"))

    # print layouts: one per district, export one to PNG and PDF
    layouts = project.layoutManager().printLayouts()
    import sqlite3
    con = sqlite3.connect(os.path.join(moved, "landscan.gpkg"))
    districts = {r[0] for r in con.execute(
        "SELECT DISTINCT district FROM parcels WHERE district IS NOT NULL")}
    con.close()
    names = {l.name() for l in layouts}
    check(districts <= names, "layouts %s miss districts %s" % (names, districts - names))
    if layouts:
        lay = layouts[0]
        items = {type(i).__name__ for i in lay.items()}
        for want in ("QgsLayoutItemMap", "QgsLayoutItemLegend", "QgsLayoutItemScaleBar",
                     "QgsLayoutItemPicture", "QgsLayoutItemLabel"):
            check(want in items, "layout %s has no %s" % (lay.name(), want))
        page = lay.pageCollection().page(0)
        check(abs(page.pageSize().width() - 420) < 0.5 and abs(page.pageSize().height() - 297) < 0.5,
              "layout page is not A3 landscape: %.1f x %.1f" % (page.pageSize().width(),
                                                                 page.pageSize().height()))
        labels = [i.text() for i in lay.items() if type(i).__name__ == "QgsLayoutItemLabel"]
        check(any(lay.name() in s and info.get("reference_date", "?") in s for s in labels),
              "layout title lacks district / reference date: %s" % labels)
        exp = QgsLayoutExporter(lay)
        s = QgsLayoutExporter.ImageExportSettings()
        s.dpi = 72
        r = exp.exportToImage(os.path.join(keep, "layout.png"), s)
        check(r == QgsLayoutExporter.Success, "layout PNG export failed: %s" % r)
        p = QgsLayoutExporter.PdfExportSettings()
        r = exp.exportToPdf(os.path.join(keep, "layout.pdf"), p)
        check(r == QgsLayoutExporter.Success, "layout PDF export failed: %s" % r)
    project.clear()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--landscan", required=True)
    ap.add_argument("--source-dir", required=True)
    ap.add_argument("--keep", help="folder for the rendered PNG / PDF")
    args = ap.parse_args()

    app = QgsApplication([], False)
    app.initQgis()
    fams = set(QFontDatabase().families())
    check(fams & CJK_FONTS, "no CJK font installed (fonts-wqy-microhei): labels would be tofu")
    work = tempfile.mkdtemp(prefix="landscan-qgis-")
    try:
        keep = args.keep or work
        os.makedirs(keep, exist_ok=True)
        out = run_landscan(args, work)
        crs = QgsCoordinateReferenceSystem("EPSG:4549")
        info = check_geopackage(out, crs)
        check(info.get("crs") == "EPSG:4549", "run CRS %s" % info.get("crs"))
        check_project(out, os.path.join(work, "moved-elsewhere"), crs, info, keep)
    finally:
        app.exitQgis()
        shutil.rmtree(work, ignore_errors=True)
    if failures:
        print("%d check(s) failed" % len(failures))
        return 1
    print("ok: GeoPackage styles, aliases, project, map and layout render")
    return 0


if __name__ == "__main__":
    sys.exit(main())
