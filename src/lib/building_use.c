/*
 * building_use.c — the planners' building uses mapped onto the canonical classes of
 * building_use.h (domain.md §10: buildings `use` ∈ admin / living, mapped from the user's
 * values such as 办公 / 宿舍 / 食堂).
 *
 * The table follows 《工业项目建设用地控制指标》 (2008): 行政办公及生活服务设施 are offices and the
 * services for staff (宿舍, 食堂, 浴室 …); the housing it forbids on industrial land (成套住宅,
 * 专家楼, 宾馆, 招待所, 培训中心) counts as living too, so it can only raise the share. 综合楼 (a
 * mixed office block) is admin; 研发 / 实验 buildings are production. A value the table does
 * not know is reported once per value in data_quality and not counted as admin — the share
 * is then a lower bound, and explain says how much footprint had no known use.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "building_use.h"

typedef struct use_value {
    const char *value;
    ls__use_class cls;
} use_value;

static const use_value table[] = {
    /* canonical names and English */
    {"admin", LS_USE_ADMIN},
    {"office", LS_USE_ADMIN},
    {"living", LS_USE_LIVING},
    {"dormitory", LS_USE_LIVING},
    {"canteen", LS_USE_LIVING},
    {"production", LS_USE_PRODUCTION},
    {"factory", LS_USE_PRODUCTION},
    {"workshop", LS_USE_PRODUCTION},
    {"storage", LS_USE_STORAGE},
    {"warehouse", LS_USE_STORAGE},
    {"other", LS_USE_OTHER},
    /* 行政办公 */
    {"办公", LS_USE_ADMIN},
    {"办公楼", LS_USE_ADMIN},
    {"办公用房", LS_USE_ADMIN},
    {"行政办公", LS_USE_ADMIN},
    {"行政楼", LS_USE_ADMIN},
    {"综合楼", LS_USE_ADMIN},
    {"综合办公楼", LS_USE_ADMIN},
    {"管理用房", LS_USE_ADMIN},
    {"商务办公", LS_USE_ADMIN},
    /* 生活服务 */
    {"宿舍", LS_USE_LIVING},
    {"职工宿舍", LS_USE_LIVING},
    {"员工宿舍", LS_USE_LIVING},
    {"倒班房", LS_USE_LIVING},
    {"倒班宿舍", LS_USE_LIVING},
    {"宿舍型保障性租赁住房", LS_USE_LIVING},
    {"食堂", LS_USE_LIVING},
    {"职工食堂", LS_USE_LIVING},
    {"餐厅", LS_USE_LIVING},
    {"浴室", LS_USE_LIVING},
    {"生活用房", LS_USE_LIVING},
    {"生活服务", LS_USE_LIVING},
    {"生活服务设施", LS_USE_LIVING},
    {"住宅", LS_USE_LIVING},
    {"成套住宅", LS_USE_LIVING},
    {"专家楼", LS_USE_LIVING},
    {"宾馆", LS_USE_LIVING},
    {"招待所", LS_USE_LIVING},
    {"培训中心", LS_USE_LIVING},
    /* 生产 */
    {"厂房", LS_USE_PRODUCTION},
    {"工业厂房", LS_USE_PRODUCTION},
    {"标准厂房", LS_USE_PRODUCTION},
    {"车间", LS_USE_PRODUCTION},
    {"生产", LS_USE_PRODUCTION},
    {"生产用房", LS_USE_PRODUCTION},
    {"工业", LS_USE_PRODUCTION},
    {"研发", LS_USE_PRODUCTION},
    {"研发楼", LS_USE_PRODUCTION},
    {"实验楼", LS_USE_PRODUCTION},
    /* 仓储 */
    {"仓库", LS_USE_STORAGE},
    {"仓储", LS_USE_STORAGE},
    {"库房", LS_USE_STORAGE},
    {"堆场", LS_USE_STORAGE},
    {"物流", LS_USE_STORAGE},
    /* 附属 */
    {"门卫", LS_USE_OTHER},
    {"门卫室", LS_USE_OTHER},
    {"传达室", LS_USE_OTHER},
    {"配电房", LS_USE_OTHER},
    {"变电所", LS_USE_OTHER},
    {"泵房", LS_USE_OTHER},
    {"锅炉房", LS_USE_OTHER},
    {"设备用房", LS_USE_OTHER},
    {"辅助用房", LS_USE_OTHER},
    {"附属用房", LS_USE_OTHER},
    {"车库", LS_USE_OTHER},
    {"其他", LS_USE_OTHER},
    {"其它", LS_USE_OTHER},
};

ls__use_class ls__use_classify(const char *value)
{
    if (!value || !*value)
        return LS_USE_NONE;
    for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
        if (strcasecmp(table[i].value, value) == 0)
            return table[i].cls;
    return LS_USE_UNKNOWN;
}

const char *ls__use_name(ls__use_class c)
{
    static const char *const names[] = {"",        "admin", "living", "production",
                                        "storage", "other", "unknown"};
    return (unsigned)c < sizeof(names) / sizeof(names[0]) ? names[c] : "";
}

int ls__use_counts_as_admin(ls__use_class c)
{
    return c == LS_USE_ADMIN || c == LS_USE_LIVING;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int ls__use_classify_buildings(ls_context *ctx, ls__dataset *ds)
{
    const char **unknown = ds->nbuildings ? malloc(ds->nbuildings * sizeof(*unknown)) : NULL;
    size_t n = 0;
    if (ds->nbuildings && !unknown)
        return ls__error_set(ctx, LS_ENOMEM, "out of memory");
    for (size_t i = 0; i < ds->nbuildings; i++) {
        ls__building *b = &ds->buildings[i];
        b->use_class = ls__use_classify(b->use);
        if (b->use_class == LS_USE_UNKNOWN)
            unknown[n++] = b->use;
    }
    if (n)
        qsort(unknown, n, sizeof(*unknown), cmp_str);
    int error = LS_OK;
    for (size_t i = 0; i < n && error == LS_OK;) {
        size_t j = i;
        while (j < n && strcmp(unknown[j], unknown[i]) == 0)
            j++;
        char *problem = ls__sprintf("unknown building use '%s' (%zu building%s)", unknown[i], j - i,
                                    j - i == 1 ? "" : "s");
        if (!problem || ls__dq_add(&ds->dq, "buildings", "(all)", problem,
                                   "not counted as administrative or living (CHK_ADMIN)") != LS_OK)
            error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
        free(problem);
        i = j;
    }
    free(unknown);
    return error;
}
