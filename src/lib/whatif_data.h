/*
 * whatif_data.h — what whatif.c hands to whatif_write.c: the combinations' rows, and
 * per parcel its id, district and status / action under every combination.
 */
#ifndef LANDSCAN_WHATIF_INTERNAL_H
#define LANDSCAN_WHATIF_INTERNAL_H

#include "landscan/whatif.h"
#include "model.h"

typedef struct ls__whatif_data {
    const ls_whatif_result *res;
    const char *run_name, *reference_date, *rules_name;
    size_t nparcels;
    const char *const *parcel_id; /* per parcel, borrowed */
    const char *const *district;  /* per parcel ("" none), borrowed */
    const unsigned char *status;  /* nparcels × nrows, row-major by parcel */
    const unsigned char *action;
    const unsigned char *flips; /* per parcel: 1 when status or action differs */
} ls__whatif_data;

/* Write whatif.csv, whatif_parcels.csv and whatif.html into the folder dir (as given; the
 * caller renames them into place). */
int ls__whatif_write(ls_context *ctx, const ls__whatif_data *d, const char *dir);

#endif
