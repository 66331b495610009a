/*
 * crs_guess.c — proposing a CRS from a layer's coordinates and its own CRS, only where the
 * proposal can be checked (issue 13 §3). A wrong proposal is worse than none: EPSG:4518
 * computed for Finland or a New York State Plane in feet for Hawaii gave areas 24 % to 12 ×
 * wrong. So a CGCS2000 Gauss-Krüger code is proposed only when
 *  - the eastings carry a zone prefix of a Chinese zone (3°: 25–45, CM = 3 × zone; 6°:
 *    13–23, CM = 6 × zone − 3), the same prefix at both ends of the extent, the rest of the
 *    easting within the zone around the false easting 500 000 (3°: ±250 km, 6°: ±350 km),
 *    and the extent's centre, taken back to degrees with PROJ, lies in China (73–136°E,
 *    3–54°N) within the zone (|λ − CM| ≤ 2° for 3°, ≤ 3.5° for 6°); or
 *  - the layer is in degrees of CGCS2000 or WGS 84 (they differ by centimetres) and its
 *    extent lies in China inside one 3° zone (both ends within 2° of the CM): the CM
 *    variant without prefix, EPSG:4534 + (zone − 25).
 * Everything else gets no code and a sentence saying why (outside China, another datum, no
 * zone prefix so no CM, feet, spanning zones …).
 */
#include <math.h>
#include <ogr_srs_api.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crs_guess.h"

#define CHINA_LON_MIN 73.0
#define CHINA_LON_MAX 136.0
#define CHINA_LAT_MIN 3.0
#define CHINA_LAT_MAX 54.0

static int in_china(double lon, double lat)
{
    return lon >= CHINA_LON_MIN && lon <= CHINA_LON_MAX && lat >= CHINA_LAT_MIN &&
           lat <= CHINA_LAT_MAX;
}

/* (x, y) of `epsg` in degrees of CGCS2000; 0 on success. */
static int to_degrees(int epsg, double x, double y, double *lon, double *lat)
{
    OGRSpatialReferenceH from = OSRNewSpatialReference(NULL);
    OGRSpatialReferenceH to = OSRNewSpatialReference(NULL);
    OGRCoordinateTransformationH ct = NULL;
    int rc = -1;
    if (from && to && OSRImportFromEPSG(from, epsg) == OGRERR_NONE &&
        OSRImportFromEPSG(to, 4490) == OGRERR_NONE) {
        OSRSetAxisMappingStrategy(from, OAMS_TRADITIONAL_GIS_ORDER);
        OSRSetAxisMappingStrategy(to, OAMS_TRADITIONAL_GIS_ORDER);
        ct = OCTNewCoordinateTransformation(from, to);
        if (ct && OCTTransform(ct, 1, &x, &y, NULL)) {
            *lon = x;
            *lat = y;
            rc = 0;
        }
    }
    if (ct)
        OCTDestroyCoordinateTransformation(ct);
    if (from)
        OSRDestroySpatialReference(from);
    if (to)
        OSRDestroySpatialReference(to);
    return rc;
}

/* Zone-prefixed Gauss-Krüger eastings. */
static char *guess_prefixed(double minx, double miny, double maxx, double maxy, int *epsg)
{
    int zone = (int)(minx / 1000000.0);
    int three = zone >= 25 && zone <= 45, six = zone >= 13 && zone <= 23;
    if (!three && !six)
        return ls__sprintf("easting %.0f has the prefix %d, which is no Chinese Gauss-Krüger zone "
                           "(6°: 13–23, 3°: 25–45): no CRS can be proposed",
                           minx, zone);
    if ((int)(maxx / 1000000.0) != zone)
        return ls__sprintf("eastings %.0f to %.0f carry two zone prefixes (%d and %d): one "
                           "layer in two zones, no CRS can be proposed",
                           minx, maxx, zone, (int)(maxx / 1000000.0));
    double half = three ? 250000.0 : 350000.0;
    double rmin = minx - zone * 1000000.0, rmax = maxx - zone * 1000000.0;
    int cm = three ? zone * 3 : zone * 6 - 3;
    int code = three ? 4513 + (zone - 25) : 4491 + (zone - 13);
    const char *kind = three ? "3°" : "6°";
    if (rmin < 500000.0 - half || rmax > 500000.0 + half)
        return ls__sprintf("easting %.0f has the zone prefix %d, but %.0f m is %.0f km from the "
                           "false easting 500000 — outside any %s zone: not Gauss-Krüger zone "
                           "%d, no CRS can be proposed",
                           fabs(rmin - 500000.0) > fabs(rmax - 500000.0) ? minx : maxx, zone,
                           fabs(rmin - 500000.0) > fabs(rmax - 500000.0) ? rmin : rmax,
                           fmax(fabs(rmin - 500000.0), fabs(rmax - 500000.0)) / 1000.0, kind, zone);
    double lon = 0, lat = 0;
    if (to_degrees(code, (minx + maxx) / 2, (miny + maxy) / 2, &lon, &lat) != 0 ||
        !in_china(lon, lat) || fabs(lon - cm) > (three ? 2.0 : 3.5))
        return ls__sprintf("easting %.0f has the zone prefix %d, but in EPSG:%d the layer's "
                           "centre would be at %.2f°E %.2f°N, outside China: no CRS can be "
                           "proposed",
                           minx, zone, code, lon, lat);
    *epsg = code;
    return ls__sprintf("easting %.0f has zone prefix %d: %s Gauss-Krüger zone %d, CM %d°E, "
                       "EPSG:%d (CGCS2000 / %s Gauss-Kruger zone %d; centre %.2f°E %.2f°N)",
                       minx, zone, kind, zone, cm, code, three ? "3-degree" : "6-degree", zone, lon,
                       lat);
}

char *ls__crs_guess(double minx, double miny, double maxx, double maxy, int *epsg)
{
    int code = 0;
    char *text;
    if (fabs(minx) <= 180.0 && fabs(maxx) <= 180.0 && fabs(miny) <= 90.0 && fabs(maxy) <= 90.0) {
        if (in_china(minx, miny) && in_china(maxx, maxy)) {
            code = 4490;
            text = ls__sprintf("coordinates look like degrees (longitude %.4f, latitude %.4f): "
                               "EPSG:4490 (CGCS2000) or EPSG:4326",
                               minx, miny);
        } else {
            text = ls__sprintf("coordinates look like degrees (longitude %.4f, latitude %.4f), "
                               "outside China: the datum is unknown (EPSG:4326, WGS 84, for GPS "
                               "or OpenStreetMap data)",
                               minx, miny);
        }
    } else if (minx >= 13000000.0 && minx < 46000000.0) {
        text = guess_prefixed(minx, miny, maxx, maxy, &code);
    } else if (minx > 100000.0 && maxx < 900000.0 && miny > 0 && maxy < 6000000.0) {
        text = ls__sprintf("easting %.0f looks like Gauss-Krüger without zone prefix (false "
                           "easting 500000): the CM is unknown — e.g. EPSG:4549 for 3° CM 120°E",
                           minx);
    } else {
        text = ls__sprintf("coordinates (%.1f, %.1f) match no common Chinese CRS", minx, miny);
    }
    if (epsg)
        *epsg = text ? code : 0;
    return text;
}

/* EPSG code of the layer's geographic datum (4490, 4326 …), 0 when unknown. */
static int geographic_code(OGRSpatialReferenceH srs)
{
    const char *code = OSRGetAuthorityCode(srs, "GEOGCS");
    if (!code) {
        OGRSpatialReferenceH g = OSRCloneGeogCS(srs);
        int c = 0;
        if (g && OSRAutoIdentifyEPSG(g) == OGRERR_NONE && OSRGetAuthorityCode(g, NULL))
            c = atoi(OSRGetAuthorityCode(g, NULL));
        if (g)
            OSRDestroySpatialReference(g);
        return c;
    }
    return atoi(code);
}

char *ls__crs_working_guess(OGRSpatialReferenceH srs, const char *name, double minx, double miny,
                            double maxx, double maxy, int *epsg)
{
    *epsg = 0;
    if (OSRIsProjected(srs)) {
        char *unit = NULL;
        double to_m = OSRGetLinearUnits(srs, &unit);
        if (to_m != 1.0)
            return ls__sprintf("the parcels' CRS %s is in %s, not metres (areas would not be m²): "
                               "set crs: to a projected CRS in metres for the area",
                               name, unit && *unit ? unit : "?");
        *epsg = -1; /* the layer's own CRS will do */
        return ls__sprintf("the parcels' CRS %s is projected and in metres: the default", name);
    }
    if (!OSRIsGeographic(srs))
        return ls__sprintf("the parcels' CRS %s is neither projected nor geographic: set crs: to a "
                           "projected CRS in metres",
                           name);
    int datum = geographic_code(srs);
    double mid = (minx + maxx) / 2;
    if (!in_china(minx, miny) || !in_china(maxx, maxy))
        return ls__sprintf("the parcels are in degrees (%s) at %.2f°E %.2f°N, outside China's "
                           "CGCS2000 Gauss-Krüger zones (73–136°E, 3–54°N): set crs: to a "
                           "projected CRS in metres for that area (a national grid or the UTM "
                           "zone)",
                           name, mid, (miny + maxy) / 2);
    if (datum != 4490 && datum != 4326)
        return ls__sprintf("the parcels are in degrees of %s, not CGCS2000 or WGS 84: set crs: to "
                           "the Gauss-Krüger CRS of that datum",
                           name);
    int zone = (int)floor(mid / 3.0 + 0.5);
    zone = zone < 25 ? 25 : zone > 45 ? 45 : zone;
    if (fabs(minx - zone * 3) > 2.0 || fabs(maxx - zone * 3) > 2.0)
        return ls__sprintf("the parcels (%s) span %.2f–%.2f°E, more than one 3° Gauss-Krüger "
                           "zone: set crs: to the zone of the district (CM %d°E: EPSG:%d)",
                           name, minx, maxx, zone * 3, 4534 + (zone - 25));
    *epsg = 4534 + (zone - 25);
    return ls__sprintf("the parcels are in degrees (%s), %.2f–%.2f°E: CGCS2000 3° Gauss-Krüger "
                       "CM %d°E",
                       name, minx, maxx, zone * 3);
}
