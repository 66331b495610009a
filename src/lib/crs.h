/*
 * crs.h — coordinate reference system helpers around OGR's spatial references (crs.c):
 * a CRS from user text, its short name, its WKT2 and EPSG code.
 */
#ifndef LANDSCAN_CRS_H
#define LANDSCAN_CRS_H

#include <ogr_srs_api.h>

/* A CRS from user text ("EPSG:4549", WKT, PROJ string) with easting/northing axis order;
 * NULL when PROJ does not know it. Free with OSRDestroySpatialReference(). */
OGRSpatialReferenceH ls__crs_from_text(const char *text);

/* "AUTH:CODE" when the CRS has an authority, else its name ("unnamed CRS"). Caller frees. */
char *ls__crs_name(OGRSpatialReferenceH s);

/* The CRS as WKT2_2019; NULL when it cannot be exported. Caller frees. */
char *ls__crs_wkt(OGRSpatialReferenceH s);

/* The EPSG code of the CRS, 0 when its authority is not EPSG. */
int ls__crs_epsg(OGRSpatialReferenceH s);

#endif
