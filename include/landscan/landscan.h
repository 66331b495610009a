/*
 * landscan.h — umbrella header of liblandscan, the industrial-land evaluation library.
 *
 * Include this one header to use the public API: the context (errors, progress,
 * interrupt), the run file, the rules, the run itself and its reports. No GDAL, GEOS,
 * PROJ, SQLite or libxlsxwriter type appears in the public API.
 */
#ifndef LANDSCAN_H
#define LANDSCAN_H

#include "landscan/context.h"
#include "landscan/config.h"
#include "landscan/rules.h"
#include "landscan/run.h"
#include "landscan/init.h"
#include "landscan/ledger.h"
#include "landscan/explain.h"
#include "landscan/report.h"
#include "landscan/diff.h"
#include "landscan/whatif.h"
#include "landscan/publish.h"

#endif
