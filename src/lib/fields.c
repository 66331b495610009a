/*
 * fields.c — the Chinese field aliases and layer titles of landscan's output tables.
 *
 * Two tables: captions that depend on the table (the `name` of a block is 区块名称, of a
 * district 区县; `action` of a parcel is 处置方式, of a data-quality row 处理), looked up
 * first, then captions that mean the same in every table. The per-status and per-action
 * totals of blocks / districts / towns (idle_mu 疑似闲置(亩), …) come from codes.c, as in
 * write_gpkg.c.
 * Ledger fields (change, first_listed, …) are listed too so they are captioned when present.
 */
#include <stddef.h>
#include <string.h>

#include "codes.h"
#include "fields.h"

typedef struct table_alias {
    const char *table, *field, *alias;
} table_alias;

typedef struct field_alias {
    const char *field, *alias;
} field_alias;

static const table_alias by_table[] = {
    {"masks", "name", "扣除区域"},
    {"masks", "path", "来源文件"},
    {"corrections", "line", "行号"},
    {"corrections", "target", "对象"},
    {"corrections", "id", "编号"},
    {"corrections", "field", "字段"},
    {"corrections", "old_value", "原值"},
    {"corrections", "new_value", "更正值"},
    {"corrections", "reason", "理由"},
    {"corrections", "document", "依据文件"},
    {"corrections", "date", "日期"},
    {"corrections", "parcel_ids", "涉及地块"},
    {"blocks", "name", "区块名称"},
    {"districts", "name", "区县"},
    {"towns", "district", "区县"},
    {"blocks", "far", "容积率(面积加权)"},
    {"districts", "far", "容积率(面积加权)"},
    {"towns", "far", "容积率(面积加权)"},
    {"enterprises", "name", "企业名称"},
    {"enterprises", "status", "经营状态"},
    {"enterprises", "enterprise_id", "统一社会信用代码"},
    {"data_quality", "action", "处理"},
    {"control_lines", "name", "名称"},
    {"rule_checks", "value", "输入值"},
    {"targets", "year", "目标年份"},
    {"targets", "indicator", "指标"},
    {"targets", "target", "目标值"},
    {"targets", "achieved", "完成值"},
    {"targets", "share", "完成率"},
    {"rule_checks", "checks", "规则检查(代码、结果、说明要素编号、输入值)"},
};

static const field_alias common[] = {
    {"fid", "要素编号"},
    /* parcels */
    {"parcel_id", "地块编号"},
    {"block_id", "区块编号"},
    {"block_name", "区块名称"},
    {"district", "区县"},
    {"town", "镇街"},
    {"landuse", "土地用途"},
    {"industrial", "工业用地"},
    {"area_m2", "面积(平方米)"},
    {"area_mu", "面积(亩)"},
    {"inside_control_m2", "控制线内面积(平方米)"},
    {"control_share", "控制线内比例"},
    {"control_tier", "控制线级别"},
    {"transition_m2", "过渡区面积(平方米)"},
    {"transition_share", "过渡区比例"},
    {"footprint_m2", "建筑基底面积(平方米)"},
    {"floor_area_m2", "建筑面积(平方米)"},
    {"far", "容积率"},
    {"coverage", "建筑系数"},
    {"far_floor", "容积率下限"},
    {"industry_code", "行业代码"},
    {"enterprise_ids", "企业代码"},
    {"enterprise_count", "企业数"},
    {"tax_10k", "税收(万元)"},
    {"value_added_10k", "增加值(万元)"},
    {"tax_per_mu", "亩均税收(万元/亩)"},
    {"value_added_per_mu", "亩均增加值(万元/亩)"},
    {"energy_per_va", "单位增加值能耗(吨标煤/万元)"},
    {"eval_score", "综合评价得分"},
    {"eval_class", "评价类别"},
    {"status", "状态"},
    {"action", "处置方式"},
    {"reasons", "原因"},
    {"reclaimable_mu", "可盘活亩数"},
    {"far_uplift_m2", "提容潜力(平方米)"},
    {"site_id", "连片地块编号"},
    {"owner", "权利人"},
    {"building_count", "建筑数"},
    {"area_ellipsoidal_m2", "椭球面积(平方米)"},
    {"masked_m2", "扣除区域面积(平方米)"},
    {"masked_mu", "扣除区域(亩)"},
    {"corrected", "已更正"},
    {"no_data", "缺数据的检查"},
    {"flags", "合规提示"},
    /* 批而未供 (unsupplied) */
    {"approval_id", "批次编号"},
    {"approval_date", "批准日期"},
    {"age_years", "批准年限(年)"},
    {"unsupplied_mu", "批而未供(亩)"},
    /* ledger (year-on-year) */
    {"change", "清单变化"},
    {"first_listed", "首次列入日期"},
    {"listed_runs", "列入次数"},
    {"lists", "所属清单"},
    {"matched_from", "原地块编号"},
    {"match", "图斑对应方式"},
    {"old_status", "原状态"},
    {"new_status", "现状态"},
    {"old_reclaimable_mu", "原可盘活亩数"},
    {"old_area_mu", "销号面积(亩)"},
    {"new_listed_mu", "新增列入(亩)"},
    {"net_listed_mu", "清单净变化(亩)"},
    {"resolved_mu", "销号(亩)"},
    /* totals of blocks, districts, towns */
    {"parcel_count", "地块数"},
    {"industrial_count", "工业地块数"},
    {"industrial_mu", "工业用地(亩)"},
    {"inside_control_mu", "控制线内工业用地(亩)"},
    {"site_count", "连片地块数"},
    {"site_mu", "连片地块(亩)"},
    /* sites */
    {"parcel_ids", "地块编号"},
    /* control lines */
    {"source_fid", "原要素号"},
    {"tier", "控制线级别"},
    /* data quality, run info */
    {"layer", "图层"},
    {"feature", "要素"},
    {"problem", "问题"},
    {"key", "项目"},
    /* rule checks (explain.c) */
    {"seq", "序号"},
    {"code", "规则代码"},
    {"comparison", "比较"},
    {"threshold", "阈值"},
    {"outcome", "结果"},
    {"note", "说明"},
    {"value", "值"},
    /* enterprises */
    {"name", "名称"},
    {"role", "用地关系"},
    {"scale", "规模"},
    {"land_mu", "用地(亩)"},
    {"revenue_10k", "营业收入(万元)"},
    {"energy_tce", "能耗(吨标煤)"},
    {"employees", "从业人数"},
    {"va_per_mu", "亩均增加值(万元/亩)"},
    {"va_per_energy", "单位能耗增加值(万元/吨标煤)"},
    {"labour_productivity", "全员劳动生产率(万元/人)"},
    {"rd_share", "研发经费占比"},
    {"tax_per_electricity", "单位电耗税收(万元/万千瓦时)"},
    {"eval_note", "评价说明"},
    {"supply_restricted", "限制新增用地"},
};

static const field_alias titles[] = {
    {"parcels", "宗地评价"},         {"blocks", "工业区块"},
    {"districts", "区县"},           {"towns", "镇街"},
    {"sites", "连片开发地块"},       {"control_lines", "工业控制线"},
    {"resolved", "已销号地块"},      {"enterprises", "企业亩均效益评价"},
    {"rule_checks", "规则检查明细"}, {"data_quality", "数据质量"},
    {"run_info", "运行信息"},        {"rule_check_texts", "规则检查说明"},
    {"corrections", "更正记录"},     {"masks", "扣除区域(不可盘活)"},
    {"targets", "目标完成情况"},     {"unsupplied", "批而未供土地"},
};

const char *ls__field_alias(const char *table, const char *field)
{
    if (!table || !field)
        return NULL;
    for (size_t i = 0; i < sizeof(by_table) / sizeof(by_table[0]); i++)
        if (strcmp(by_table[i].table, table) == 0 && strcmp(by_table[i].field, field) == 0)
            return by_table[i].alias;
    for (size_t i = 0; i < sizeof(common) / sizeof(common[0]); i++)
        if (strcmp(common[i].field, field) == 0)
            return common[i].alias;
    for (int s = 0; s < LS_STATUS_COUNT + LS_ACTION_COUNT; s++) {
        const ls__total_field *t = s < LS_STATUS_COUNT
                                       ? ls__status_totals((ls__status)s)
                                       : ls__action_totals((ls__action)(s - LS_STATUS_COUNT));
        if (strcmp(t->count_name, field) == 0)
            return t->count_zh;
        if (strcmp(t->mu_name, field) == 0)
            return t->mu_zh;
    }
    return NULL;
}

const char *ls__layer_title(const char *table)
{
    if (!table)
        return NULL;
    for (size_t i = 0; i < sizeof(titles) / sizeof(titles[0]); i++)
        if (strcmp(titles[i].field, table) == 0)
            return titles[i].alias;
    return NULL;
}
