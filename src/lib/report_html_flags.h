/*
 * report_html_flags.h — the HTML report's sections on compliance flags and 批而未供 land
 * (report_html_flags.c), used by report_html.c's section table.
 */
#ifndef LANDSCAN_REPORT_HTML_FLAGS_H
#define LANDSCAN_REPORT_HTML_FLAGS_H

#include "report_model.h"

/* 合规提示: the district's flagged parcels (LS_OK / LS_ENOMEM). */
int ls__report_html_flags(ls__buf *b, const ls__report *rep);
/* 批而未供土地: the district's unsupplied batches with a 合计 row. */
int ls__report_html_unsupplied(ls__buf *b, const ls__report *rep);
#endif
