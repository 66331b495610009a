/*
 * building_use.h — what a building is used for (buildings `use`, product.md extensions): the
 * planners' values (办公 / 宿舍 / 食堂 / 综合楼 / 厂房 / 仓库 …) mapped onto a few canonical
 * classes, of which admin (行政办公) and living (生活服务) count towards CHK_ADMIN (domain.md
 * §10, flags.c).
 */
#ifndef LANDSCAN_BUILDING_USE_H
#define LANDSCAN_BUILDING_USE_H
#include "model.h"

typedef enum {
    LS_USE_NONE = 0,   /* no value (field not mapped, or empty) */
    LS_USE_ADMIN,      /* 行政办公: offices */
    LS_USE_LIVING,     /* 生活服务: dormitories, canteens, housing */
    LS_USE_PRODUCTION, /* 生产: workshops, R&D */
    LS_USE_STORAGE,    /* 仓储 */
    LS_USE_OTHER,      /* known ancillary uses: gatehouse, plant rooms, garages */
    LS_USE_UNKNOWN     /* a value the table does not know (reported in data_quality) */
} ls__use_class;

/* The class of a value as given (trimmed; case-insensitive for Latin letters; a canonical
 * name — admin, living, production, storage, other — maps to itself). NULL or "" → NONE. */
ls__use_class ls__use_classify(const char *value);
/* "admin", "living", "production", "storage", "other", "unknown", "" (NONE). */
const char *ls__use_name(ls__use_class c);
/* 1 for the classes CHK_ADMIN counts (admin, living). */
int ls__use_counts_as_admin(ls__use_class c);

/* Classify every building's `use` (b->use_class) and add one data_quality row per distinct
 * unknown value (with the number of buildings carrying it), in the values' byte order. */
int ls__use_classify_buildings(ls_context *ctx, ls__dataset *ds);
#endif
