/*
 * init_names.c — the name tables of `landscan init` (init_names.h): which field names mean
 * which canonical field, per role, in order of preference (the first one a layer has wins),
 * and the name hints of each role: ZDDM/TDYT/QLR … as Chinese cadastral (宗地) databases name
 * them, DLBM/DLMC as 三调 layers do, `levels` / `building:levels` as OpenStreetMap exports do.
 */
#include "init_names.h"

static const field_names parcel_names[] = {
    {"parcel_id",
     {"ZDDM", "宗地代码", "宗地号", "宗地编号", "DJH", "地籍号", "ZDH", "PARCEL_ID", "OSM_WAY_ID"}},
    {"landuse",
     {"TDYT", "土地用途", "DLBM", "地类编码", "DLMC", "地类名称", "用途", "YT", "LANDUSE"}},
    {"owner", {"QLR", "权利人", "使用权人", "土地使用者", "QLRMC", "OWNER"}},
    {"enterprise_id", {"TYSHXYDM", "统一社会信用代码", "XYDM", "信用代码", "SHXYDM", "USCC"}},
    {"industry_code", {"HYDM", "行业代码", "行业分类", "HYLB", "INDUSTRY"}},
    {"grant_date", {"CRRQ", "出让日期", "供地日期", "GDRQ"}},
    {"agreed_start_date", {"YDKGRQ", "约定开工日期", "KGRQ", "开工日期"}},
    {"agreed_finish_date", {"YDJGRQ", "约定竣工日期", "JGRQ", "竣工日期"}},
    {"started", {"SFKG", "是否开工"}},
    {"approved_unsupplied", {"PWGY", "批而未供", "SFPWGY"}},
    {"committed_tax_per_mu", {"CNMJSS", "承诺亩均税收", "YDMJSS", "约定亩均税收"}},
    {"committed_va_per_mu", {"CNMJZJZ", "承诺亩均增加值", "约定亩均增加值"}},
    {"committed_far", {"CNRJL", "承诺容积率", "约定容积率", "YDRJL"}},
    {"committed_investment_per_mu", {"CNTZQD", "承诺投资强度", "约定投资强度", "TZQD"}},
    {"committed_energy_per_va", {"CNNH", "承诺单位能耗", "约定单位能耗"}},
    {"investment_10k", {"GDZCTZ", "固定资产投资", "实际投资", "TZE"}},
    {NULL, {NULL}}};
static const field_names control_names[] = {
    {"tier", {"JB", "级别", "控制线级别", "KZXJB", "TIER", "DJ", "等级"}}, {NULL, {NULL}}};
static const field_names block_names[] = {
    {"block_id", {"QKBH", "区块编号", "QKDM", "区块代码", "QKID", "BLOCK_ID"}},
    {"name", {"QKMC", "区块名称", "MC", "名称", "NAME"}},
    {NULL, {NULL}}};
static const field_names district_names[] = {
    {"name", {"XZQMC", "区县", "区县名称", "行政区名称", "XZQ", "QXMC", "NAME"}},
    {"town", {"XZMC", "镇街", "镇街名称", "乡镇", "乡镇名称", "JDMC", "街道", "TOWN"}},
    {NULL, {NULL}}};
static const field_names building_names[] = {
    {"floors",
     {"CS", "层数", "JZCS", "ZCS", "FLOORS", "LEVELS", "BUILDING:LEVELS", "BUILDING_LEVELS",
      "BUILDING_L"}}, /* OpenStreetMap building:levels, as ogr2ogr / shapefile exports name it */
    {"floor_area_m2", {"JZMJ", "建筑面积", "ZJZMJ", "总建筑面积"}},
    {"height_m", {"GD", "高度", "JZGD", "HEIGHT"}},
    {"use", {"YT", "用途", "JZYT", "FWYT", "房屋用途", "建筑用途", "USE"}},
    {NULL, {NULL}}};
static const field_names approval_names[] = {
    {"approval_id", {"PCBH", "批次编号", "PCMC", "批次名称", "PZWH", "批准文号"}},
    {"approval_date", {"PZRQ", "批准日期", "PFRQ", "批复日期"}},
    {NULL, {NULL}}};
static const field_names enterprise_names[] = {
    {"enterprise_id", {"TYSHXYDM", "统一社会信用代码", "XYDM", "信用代码", "SHXYDM", "USCC"}},
    {"name", {"QYMC", "企业名称", "DWMC", "单位名称", "名称", "MC", "NAME"}},
    {"parcel_id", {"ZDDM", "宗地代码", "宗地号", "宗地编号", "DJH", "地籍号", "ZDH"}},
    {"role", {"LX", "类型", "角色", "SYLX"}},
    {"scale", {"GM", "规模", "SFGS", "是否规上"}},
    {"tax_10k", {"SS", "税收", "纳税", "税收总额", "实缴税金", "NSZE"}},
    {"value_added_10k", {"ZJZ", "增加值", "工业增加值", "GYZJZ"}},
    {"revenue_10k", {"YYSR", "营业收入", "主营业务收入", "ZYYWSR"}},
    {"energy_tce", {"NH", "能耗", "综合能耗", "ZHNH"}},
    {"employees", {"RS", "从业人数", "职工人数", "CYRS"}},
    {"rd_10k", {"YF", "研发", "研发经费", "YFJF"}},
    {"electricity_10k_kwh", {"YD", "用电", "用电量", "YDL"}},
    {"status", {"ZT", "状态", "生产状态", "SCZT"}},
    {"halted_since", {"TCRQ", "停产日期"}},
    {"land_tax_arrears_years", {"QS", "欠税", "欠税年数"}},
    {"land_tax_arrears_since", {"QSRQ", "欠税日期", "欠税起始日期"}},
    {"mortgaged", {"DY", "抵押", "SFDY", "是否抵押"}},
    {"eval_class", {"PJ", "评价", "评价等级", "亩均评价", "PJDJ"}},
    {"founded", {"CLRQ", "成立日期"}},
    {"veto", {"FJ", "否决", "一票否决"}},
    {NULL, {NULL}}};
const field_names ls__init_xy_names[] = {{"x", {"LON", "LNG", "经度", "JD", "X", "XZB", "X坐标"}},
                                         {"y", {"LAT", "纬度", "WD", "Y", "YZB", "Y坐标"}},
                                         {NULL, {NULL}}};

const field_names *const ls__init_role_names[LS_INPUT_COUNT] = {
    parcel_names,   control_names,    block_names,   district_names,
    building_names, enterprise_names, approval_names};

/* File and layer name hints per role: ASCII hints match a whole token (or a token that
 * continues with digits), hints of 5+ letters and Chinese hints match anywhere. */
const char *const ls__init_role_hints[LS_INPUT_COUNT][10] = {
    {"zd", "zdxx", "宗地", "地籍", "parcel", "cadastr", NULL},
    {"kzx", "gykzx", "控制线", "control", NULL},
    {"qk", "gyqk", "区块", "block", NULL},
    {"xzq", "xzjx", "行政区", "镇街", "乡镇", "街道", "district", "towns", NULL},
    {"jzw", "fw", "建筑", "房屋", "building", NULL},
    {"qy", "qyxx", "企业", "亩均", "enterprise", "company", "firm", NULL},
    {"pc", "pwgy", "批次", "批而未供", "approval", NULL}};
