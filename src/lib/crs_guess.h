/*
 * crs_guess.h — a CRS proposed from coordinates and a layer's own CRS, only where it fits
 * (CGCS2000 Gauss-Krüger zone and central meridian checked against the eastings, the
 * extent in China, the datum CGCS2000 or WGS 84); else no code and the reason (issue 13 §3).
 * Used for the messages of read.c and for `landscan init`.
 */
#ifndef LANDSCAN_CRS_GUESS_H
#define LANDSCAN_CRS_GUESS_H

#include <ogr_api.h>

#include "internal.h"

/* A layer without CRS, from its extent: one line saying what the coordinates look like,
 * with the proposal (caller frees; NULL on allocation failure). *epsg (may be NULL) gets
 * the proposed code (4490 for degrees in China, a CGCS2000 Gauss-Krüger code for
 * zone-prefixed eastings that fit their zone), 0 when none fits. */
char *ls__crs_guess(double minx, double miny, double maxx, double maxy, int *epsg);

/* The working CRS for parcels whose own CRS is `srs` (named `name`) with this extent:
 * *epsg = -1 when the layer's CRS is projected in metres (it is the default), a CGCS2000
 * 3° Gauss-Krüger CM code for CGCS2000/WGS 84 degrees inside one zone in China, 0 when no
 * CRS can be proposed. Returns the sentence saying why (caller frees). */
char *ls__crs_working_guess(OGRSpatialReferenceH srs, const char *name, double minx, double miny,
                            double maxx, double maxy, int *epsg);

#endif
