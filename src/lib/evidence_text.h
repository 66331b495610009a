/*
 * evidence_text.h — snprintf-identical text for the check evidence without printf
 * (evidence_text.c says which conversions are done here).
 */
#ifndef LANDSCAN_EVIDENCE_TEXT_H
#define LANDSCAN_EVIDENCE_TEXT_H

#include <stdarg.h>
#include <stddef.h>

#include "internal.h"

/* snprintf(out + strlen(out), len - strlen(out), fmt, ...): appends. */
void ls__text_cat(char *out, size_t len, const char *fmt, ...) LS__PRINTF(3, 4);
/* The va_list form of ls__text_cat. */
void ls__text_vcat(char *out, size_t len, const char *fmt, va_list ap);
/* snprintf(out, len, fmt, ...): replaces. */
void ls__text_put(char *out, size_t len, const char *fmt, ...) LS__PRINTF(3, 4);

#endif
