/*
 * coords.c — GCJ-02 / BD-09 ↔ WGS84 conversions (research-domain.md §7.2).
 *
 * The forward GCJ-02 offset uses the published Krasovsky constants (a = 6378245.0,
 * ee = 0.00669342162296594323); the inverse iterates the forward transform until the
 * residual is below 1e-10° (a few iterations, millimetre level). BD-09 adds Baidu's
 * rotation on top of GCJ-02. Outside mainland China's bounding box the offset is zero.
 */
#include <math.h>

#include "coords.h"

static const double krasovsky_a = 6378245.0;
static const double krasovsky_ee = 0.00669342162296594323;
static const double pi = 3.14159265358979324;

static int outside_china(double lon, double lat)
{
    return lon < 72.004 || lon > 137.8347 || lat < 0.8293 || lat > 55.8271;
}

static double offset_lat(double x, double y)
{
    double r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * sqrt(fabs(x));
    r += (20.0 * sin(6.0 * x * pi) + 20.0 * sin(2.0 * x * pi)) * 2.0 / 3.0;
    r += (20.0 * sin(y * pi) + 40.0 * sin(y / 3.0 * pi)) * 2.0 / 3.0;
    r += (160.0 * sin(y / 12.0 * pi) + 320.0 * sin(y * pi / 30.0)) * 2.0 / 3.0;
    return r;
}

static double offset_lon(double x, double y)
{
    double r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * sqrt(fabs(x));
    r += (20.0 * sin(6.0 * x * pi) + 20.0 * sin(2.0 * x * pi)) * 2.0 / 3.0;
    r += (20.0 * sin(x * pi) + 40.0 * sin(x / 3.0 * pi)) * 2.0 / 3.0;
    r += (150.0 * sin(x / 12.0 * pi) + 300.0 * sin(x / 30.0 * pi)) * 2.0 / 3.0;
    return r;
}

void ls__wgs84_to_gcj02(double lon, double lat, double *out_lon, double *out_lat)
{
    if (outside_china(lon, lat)) {
        *out_lon = lon;
        *out_lat = lat;
        return;
    }
    double dlat = offset_lat(lon - 105.0, lat - 35.0);
    double dlon = offset_lon(lon - 105.0, lat - 35.0);
    double radlat = lat / 180.0 * pi;
    double magic = sin(radlat);
    magic = 1 - krasovsky_ee * magic * magic;
    double sqrtmagic = sqrt(magic);
    dlat = (dlat * 180.0) / ((krasovsky_a * (1 - krasovsky_ee)) / (magic * sqrtmagic) * pi);
    dlon = (dlon * 180.0) / (krasovsky_a / sqrtmagic * cos(radlat) * pi);
    *out_lon = lon + dlon;
    *out_lat = lat + dlat;
}

void ls__gcj02_to_wgs84(double lon, double lat, double *out_lon, double *out_lat)
{
    if (outside_china(lon, lat)) {
        *out_lon = lon;
        *out_lat = lat;
        return;
    }
    double wlon = lon, wlat = lat;
    for (int i = 0; i < 30; i++) {
        double glon, glat;
        ls__wgs84_to_gcj02(wlon, wlat, &glon, &glat);
        double elon = glon - lon, elat = glat - lat;
        wlon -= elon;
        wlat -= elat;
        if (fabs(elon) < 1e-10 && fabs(elat) < 1e-10)
            break;
    }
    *out_lon = wlon;
    *out_lat = wlat;
}

void ls__bd09_to_gcj02(double lon, double lat, double *out_lon, double *out_lat)
{
    const double x_pi = pi * 3000.0 / 180.0;
    double x = lon - 0.0065, y = lat - 0.006;
    double z = sqrt(x * x + y * y) - 0.00002 * sin(y * x_pi);
    double theta = atan2(y, x) - 0.000003 * cos(x * x_pi);
    *out_lon = z * cos(theta);
    *out_lat = z * sin(theta);
}

void ls__bd09_to_wgs84(double lon, double lat, double *out_lon, double *out_lat)
{
    double glon, glat;
    ls__bd09_to_gcj02(lon, lat, &glon, &glat);
    ls__gcj02_to_wgs84(glon, glat, out_lon, out_lat);
}
