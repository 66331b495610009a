/*
 * qgis_project.h — DIR/landscan.qgs: a QGIS 3.22 project over landscan.gpkg with relative
 * sources, the working CRS as WKT2, the styles of styles.c embedded per layer and one A3
 * print layout per district (docs/qgis.md §3).
 */
#ifndef LANDSCAN_QGIS_PROJECT_H
#define LANDSCAN_QGIS_PROJECT_H

#include "model.h"
#include "styles.h"

typedef struct ls__extent {
    double xmin, ymin, xmax, ymax;
} ls__extent;

/* One print layout: a district and the extent of its map. */
typedef struct ls__project_layout {
    const char *district;
    ls__extent extent;
} ls__project_layout;

/* Everything the project XML is built from (all borrowed). */
typedef struct ls__project {
    const char *title;             /* the run name */
    const char *reference_date;    /* ISO date, shown in the layout titles */
    const char *crs_wkt;           /* working CRS, WKT2 */
    const char *crs_name;          /* "EPSG:4549" or a name, for the layout footer */
    const char *gpkg_name;         /* file name of the GeoPackage beside the project */
    const ls__style_layer *layers; /* map layers top first, then tables (styles.c order) */
    size_t nlayers;
    ls__extent extent; /* initial map view */
    const ls__project_layout *layouts;
    size_t nlayouts;
} ls__project;

/* The project XML (caller frees), NULL when memory ran out. */
char *ls__qgis_project_xml(const ls__project *p);

/* Write qgs_path for the GeoPackage gpkg_path (already complete, in the same folder). */
int ls__qgis_project_write(ls_context *ctx, const ls__dataset *ds, const char *title,
                           const char *reference_date, const char *gpkg_path, const char *qgs_path);

#endif
