/*
 * read.h — the read stage: every input layer opened read-only with OGR, fields mapped to
 * canonical names, geometries transformed to the working CRS and cleaned, into the dataset.
 */
#ifndef LANDSCAN_READ_H
#define LANDSCAN_READ_H
#include "model.h"

/* Read all inputs of cfg into ds (ds zeroed by the caller). Creates ds->geos. */
int ls__read_inputs(ls_context *ctx, const ls_config *cfg, ls__dataset *ds);

/* Normalise a control-line tier value ("一级", "1", "2", "过渡", ...) to "1", "2",
 * "transition" or the trimmed input. Caller frees. */
char *ls__read_normalise_tier(const char *value);

/* A guess of the CRS of projected or geographic coordinates from an easting/longitude
 * sample, as one line of text ("3° Gauss-Krüger CM 120°E without zone prefix, EPSG:4549?").
 * Caller frees. */
char *ls__read_guess_crs(double x, double y);

#endif
