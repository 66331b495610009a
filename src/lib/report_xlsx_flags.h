/*
 * report_xlsx_flags.h — the workbook's sheets 合规提示 and 批而未供 (report_xlsx_flags.c).
 */
#ifndef LANDSCAN_REPORT_XLSX_FLAGS_H
#define LANDSCAN_REPORT_XLSX_FLAGS_H

#include <xlsxwriter.h>

#include "report_model.h"

/* Add the sheets to wb (批而未供 only when the run had approvals). LS_OK / LS_ENOMEM. */
int ls__report_xlsx_flags(lxw_workbook *wb, const ls__report *rep);
#endif
