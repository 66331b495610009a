/*
 * coords.h — Chinese web-map coordinate offsets: GCJ-02 ("Mars") and BD-09 back to WGS84,
 * for enterprise points geocoded on Amap / Tencent / Baidu (research-domain.md §7.2).
 * Longitude/latitude in degrees. Points outside China are returned unchanged.
 */
#ifndef LANDSCAN_COORDS_H
#define LANDSCAN_COORDS_H

void ls__wgs84_to_gcj02(double lon, double lat, double *out_lon, double *out_lat);
void ls__gcj02_to_wgs84(double lon, double lat, double *out_lon, double *out_lat);
void ls__bd09_to_gcj02(double lon, double lat, double *out_lon, double *out_lat);
void ls__bd09_to_wgs84(double lon, double lat, double *out_lon, double *out_lat);

#endif
