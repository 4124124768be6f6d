//! Every sentence the engine can say, in zh-CN and en, in one table.
//!
//! A [`Msg`] has a stable code (never renamed once shipped) and a template per language whose
//! `{name}` slots are filled from the finding's values, so the numbers in the sentence are exactly
//! the numbers in `values`.

#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, schemars::JsonSchema)]
pub enum Lang {
    #[default]
    #[serde(rename = "zh-CN")]
    ZhCn,
    #[serde(rename = "en")]
    En,
}

impl Lang {
    /// Accepts `zh-CN`, `zh`, `zh-Hans`, `en`, `en-US`…; anything else is `None`.
    pub fn parse(tag: &str) -> Option<Lang> {
        let lower = tag.trim().to_ascii_lowercase();
        if lower == "zh" || lower.starts_with("zh-") || lower.starts_with("zh_") {
            Some(Lang::ZhCn)
        } else if lower == "en" || lower.starts_with("en-") || lower.starts_with("en_") {
            Some(Lang::En)
        } else {
            None
        }
    }

    pub fn tag(self) -> &'static str {
        match self {
            Lang::ZhCn => "zh-CN",
            Lang::En => "en",
        }
    }
}

macro_rules! messages {
    ($( $variant:ident = $code:literal { zh: $zh:literal, en: $en:literal } )*) => {
        /// A sentence the engine can say.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Msg { $( $variant, )* }

        impl Msg {
            pub const ALL: &'static [Msg] = &[ $( Msg::$variant, )* ];

            /// The stable code (`budget.natureSumMismatch`).
            pub fn code(self) -> &'static str {
                match self { $( Msg::$variant => $code, )* }
            }

            pub fn template(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $( (Msg::$variant, Lang::ZhCn) => $zh, (Msg::$variant, Lang::En) => $en, )*
                }
            }
        }
    };
}

messages! {
    // Cells that cannot be read
    UnreadableNumber = "input.unreadableNumber" {
        zh: "无法识别为数字：「{text}」",
        en: "Not a number: \"{text}\"" }
    AmbiguousNumber = "input.ambiguousNumber" {
        zh: "数字写法有歧义：「{text}」（逗号或空格可能是小数点），请写成 1,234.56 或 1234.56",
        en: "Ambiguous number \"{text}\" (a comma or space could be a decimal mark); write 1,234.56 or 1234.56" }
    NumberTooLarge = "input.numberTooLarge" {
        zh: "数字过大，无法精确计算：「{text}」",
        en: "Number too large to compute exactly: \"{text}\"" }
    NumberTooPrecise = "input.numberTooPrecise" {
        zh: "小数位数过多，无法精确计算：「{text}」",
        en: "Too many decimal places to compute exactly: \"{text}\"" }
    WrongUnit = "input.wrongUnit" {
        zh: "「{text}」的单位「{unit}」不适用于此栏",
        en: "The unit \"{unit}\" of \"{text}\" does not belong in this field" }
    YearUnreadable = "unit.yearUnreadable" {
        zh: "年度「{text}」不是有效年份",
        en: "Year \"{text}\" is not a valid year" }

    // Budget table
    MissingAmount = "budget.missingAmount" {
        zh: "未填写{field}",
        en: "{fieldEn} is not filled in" }
    NegativeAmount = "budget.negativeAmount" {
        zh: "金额不能为负数：{value}",
        en: "An amount cannot be negative: {value}" }
    TooManyDecimals = "budget.tooManyDecimals" {
        zh: "金额「{text}」有 {decimals} 位小数，以{unit}为单位通常只保留 2 位",
        en: "Amount \"{text}\" has {decimals} decimals; amounts in {unit} normally have 2" }
    SourceSumRounding = "budget.sourceSumRounding" {
        zh: "{column}：按资金来源合计 {sum}，与总额 {total} 相差 {difference}，属四舍五入误差",
        en: "{columnEn}: sources add up to {sum}, {difference} off the total {total}: rounding" }
    SourceSumMismatch = "budget.sourceSumMismatch" {
        zh: "{column}：按资金来源合计 {sum}，与总额 {total} 不符，相差 {difference}",
        en: "{columnEn}: sources add up to {sum}, not the total {total} (off by {difference})" }
    NatureSumRounding = "budget.natureSumRounding" {
        zh: "{column}：基本支出与项目支出合计 {sum}，与总额 {total} 相差 {difference}，属四舍五入误差",
        en: "{columnEn}: basic and project spending add up to {sum}, {difference} off the total {total}: rounding" }
    NatureSumMismatch = "budget.natureSumMismatch" {
        zh: "{column}：基本支出与项目支出合计 {sum}，与总额 {total} 不符，相差 {difference}",
        en: "{columnEn}: basic and project spending add up to {sum}, not the total {total} (off by {difference})" }
    ZeroTotal = "budget.zeroTotal" {
        zh: "{column}总额为 0，但明细合计 {sum}",
        en: "{columnEn}: the total is 0 while its rows add up to {sum}" }
    RateUndefined = "budget.rateUndefined" {
        zh: "全年预算数为 0 而执行数为 {executed}，无法计算执行率",
        en: "The budget is 0 while {executed} was spent: the execution rate is undefined" }
    StatedRateMismatch = "budget.statedRateMismatch" {
        zh: "填报的执行率 {stated} 与计算值 {rate} 不符（{executed} ÷ {planned}）",
        en: "The stated execution rate {stated} does not match the computed {rate} ({executed} / {planned})" }
    StatedRateImprecise = "budget.statedRateImprecise" {
        zh: "填报的执行率 {stated} 未按四舍五入取值，应为 {expected}（计算值 {rate}）",
        en: "The stated execution rate {stated} is not rounded half up; it should read {expected} (computed {rate})" }
    OverExecuted = "budget.overExecuted" {
        zh: "执行数 {executed} 超过预算数 {planned}，执行率 {rate}",
        en: "Spending {executed} exceeds the budget {planned}: execution rate {rate}" }
    LowExecutionNoReason = "budget.lowExecutionNoReason" {
        zh: "执行率 {rate} 低于 {threshold}，请填写未完成原因",
        en: "Execution rate {rate} is below {threshold}: give the reason" }

    // Indicator table
    MissingWeight = "indicators.missingWeight" {
        zh: "指标「{name}」未填写分值",
        en: "Indicator \"{nameEn}\" has no weight" }
    NegativeWeight = "indicators.negativeWeight" {
        zh: "指标「{name}」的分值不能为负数：{weight}",
        en: "Indicator \"{nameEn}\" has a negative weight: {weight}" }
    WeightTotalMismatch = "indicators.weightTotalMismatch" {
        zh: "各指标分值合计 {sum}，应为 {expected}",
        en: "The indicator weights add up to {sum}, not {expected}" }
    ParentWeightMismatch = "indicators.parentWeightMismatch" {
        zh: "指标「{name}」分值 {weight} 与下级指标分值合计 {sum} 不符，{gap}",
        en: "Indicator \"{nameEn}\" weighs {weight} but its children add up to {sum}: {gapEn}" }
    TemplateWeightChanged = "indicators.templateWeightChanged" {
        zh: "指标「{name}」的分值 {weight} 与模板规定的 {templateWeight} 不符，按模板计分",
        en: "Indicator \"{nameEn}\" weighs {weight} but the template sets {templateWeight}; the template's weight is used" }
    ScoreOutOfRange = "indicators.scoreOutOfRange" {
        zh: "指标「{name}」得分 {claimed} 超出 0 至 {weight} 的范围",
        en: "Indicator \"{nameEn}\" scores {claimed}, outside 0 to {weight}" }
    ScoreDiffers = "indicators.scoreDiffers" {
        zh: "指标「{name}」自评得分 {claimed}，按评分规则应为 {computed}",
        en: "Indicator \"{nameEn}\" claims {claimed}; its rule gives {computed}" }
    ScoreRounded = "indicators.scoreRounded" {
        zh: "指标「{name}」自评得分 {claimed} 取了整数，按评分规则应为 {computed}",
        en: "Indicator \"{nameEn}\" claims {claimed}, rounded to a whole point; its rule gives {computed}" }
    FullScoreForMissedTarget = "indicators.fullScoreForMissedTarget" {
        zh: "指标「{name}」未达到目标 {target}（实际 {actual}）却得满分 {claimed}，按评分规则应为 {computed}",
        en: "Indicator \"{nameEn}\" missed its target {target} (actual {actual}) but claims full marks {claimed}; its rule gives {computed}" }
    MissingReason = "indicators.missingReason" {
        zh: "指标「{name}」得分 {score} 低于分值 {weight}，请填写未完成原因",
        en: "Indicator \"{nameEn}\" scores {score} of {weight}: give the reason" }
    UnitMismatch = "indicators.unitMismatch" {
        zh: "指标「{name}」目标值单位「{targetUnit}」与实际值单位「{actualUnit}」不一致",
        en: "Indicator \"{nameEn}\": the target is in \"{targetUnit}\" but the actual in \"{actualUnit}\"" }
    UnreadableTarget = "indicators.unreadableTarget" {
        zh: "指标「{name}」的目标值「{text}」无法识别",
        en: "Indicator \"{nameEn}\": the target \"{text}\" cannot be read" }
    UnreadableActual = "indicators.unreadableActual" {
        zh: "指标「{name}」的实际完成值「{text}」无法识别",
        en: "Indicator \"{nameEn}\": the actual value \"{text}\" cannot be read" }
    UnreadableYesNo = "indicators.unreadableYesNo" {
        zh: "指标「{name}」的实际完成值「{text}」无法判断是否完成：完成请填写“是”“完成”或与目标值相同的文字，未完成请填写“否”“未完成”",
        en: "Indicator \"{nameEn}\": the actual value \"{text}\" does not say whether it was done: write 是 or 完成 (or the target's own words) when done, 否 or 未完成 when not" }
    UnknownLevel = "indicators.unknownLevel" {
        zh: "指标「{name}」的等级「{text}」不在评分标准中（可用：{levels}）",
        en: "Indicator \"{nameEn}\": the level \"{text}\" is not in the scale ({levels})" }
    NotFilled = "indicators.notFilled" {
        zh: "指标「{name}」未填写实际完成值",
        en: "Indicator \"{nameEn}\" has no actual value" }
    LevelNotChosen = "indicators.levelNotChosen" {
        zh: "指标「{name}」未选择等级",
        en: "Indicator \"{nameEn}\": no level chosen" }
    ScoreNotFilled = "indicators.scoreNotFilled" {
        zh: "指标「{name}」未填写得分",
        en: "Indicator \"{nameEn}\" has no score" }
    MissingActual = "indicators.missingActual" {
        zh: "指标「{name}」有目标值但未填写实际完成值，自评得分 {claimed} 无法核对",
        en: "Indicator \"{nameEn}\" has a target but no actual value; its claimed {claimed} cannot be checked" }
    MissingTarget = "indicators.missingTarget" {
        zh: "指标「{name}」按{rule}计分，但未填写目标值",
        en: "Indicator \"{nameEn}\" has no target, which its rule ({ruleEn}) needs" }
    PercentOver100 = "indicators.percentOver100" {
        zh: "指标「{name}」的实际值 {actual} 超过 100%",
        en: "Indicator \"{nameEn}\": the actual value {actual} is over 100%" }
    BudgetRateMismatch = "indicators.budgetRateMismatch" {
        zh: "指标「{name}」填报 {actual}，与预算表计算的执行率 {rate} 不符",
        en: "Indicator \"{nameEn}\" states {actual}; the budget table gives {rate}" }
    ActualRestatesTarget = "indicators.actualRestatesTarget" {
        zh: "指标「{name}」的实际完成值「{actual}」只重述了目标，缺少实际数值；按达成计分",
        en: "Indicator \"{nameEn}\": the actual \"{actual}\" restates the target without a value; scored as met" }

    // Total and grade
    ClaimedTotalMismatch = "score.claimedTotalMismatch" {
        zh: "自评得分 {claimed} 与各指标得分合计 {sum} 不符",
        en: "The claimed total {claimed} is not the sum of the indicator scores, {sum}" }
    ClaimedGradeMismatch = "score.claimedGradeMismatch" {
        zh: "得分 {score} 对应等级为「{expected}」，填报为「{claimed}」",
        en: "A score of {score} grades \"{expected}\" ({expectedEn}), not \"{claimed}\"" }
    UnknownGrade = "score.unknownGrade" {
        zh: "评价等级「{claimed}」不是有效等级（{grades}）",
        en: "\"{claimed}\" is not a grade ({grades})" }

    // The 说明 (narrative text) against itself and against the table
    NarrativeBudgetRateMismatch = "narrative.budgetRateMismatch" {
        zh: "说明所写{rate} {stated} 与计算值 {computed} 不符（执行数 {numerator} ÷ 预算数 {denominator}）",
        en: "The narrative states {rateEn} of {stated}; {numerator} / {denominator} is {computed}" }
    NarrativeBudgetRateImprecise = "narrative.budgetRateImprecise" {
        zh: "说明所写{rate} {stated} 未按四舍五入取值，应为 {expected}（执行数 {numerator} ÷ 预算数 {denominator} = {computed}）",
        en: "The narrative states {rateEn} of {stated}, not rounded half up: {expected} ({numerator} / {denominator} = {computed})" }
    NarrativeRateMismatch = "narrative.rateMismatch" {
        zh: "说明所写 {stated} 与 {numerator} ÷ {denominator} = {computed} 不符",
        en: "The narrative states {stated}; {numerator} / {denominator} is {computed}" }
    NarrativeRateImprecise = "narrative.rateImprecise" {
        zh: "说明所写 {stated} 未按四舍五入取值，应为 {expected}（{numerator} ÷ {denominator} = {computed}）",
        en: "The narrative states {stated}, not rounded half up: {expected} ({numerator} / {denominator} = {computed})" }
    NarrativePartsSumMismatch = "narrative.partsSumMismatch" {
        zh: "说明所列各项合计 {sum} {unit}，与总额 {total} {unit} 不符，相差 {difference} {unit}",
        en: "The parts in the narrative add up to {sum} {unit}, not the total {total} {unit} (off by {difference} {unit})" }
    NarrativePartsShortOfTotal = "narrative.partsShortOfTotal" {
        zh: "说明所列各项合计 {sum} {unit}，比总额 {total} {unit} 少 {difference} {unit}：如只列举了部分，可忽略；如应为全部，请核对各项数字",
        en: "The parts listed in the narrative add up to {sum} {unit}, {difference} {unit} short of the total {total} {unit}: if the list names only some parts, this is expected; if it should be complete, check each figure" }
    NarrativePartsSumRounding = "narrative.partsSumRounding" {
        zh: "说明所列各项合计 {sum} {unit}，与总额 {total} {unit} 相差 {difference} {unit}，属四舍五入误差",
        en: "The parts in the narrative add up to {sum} {unit}, {difference} {unit} off the total {total} {unit}: rounding" }
    NarrativeGradeMismatch = "narrative.gradeMismatch" {
        zh: "说明所写得分 {score} 分对应等级为「{expected}」，文中写「{stated}」",
        en: "The narrative's score of {score} grades \"{expected}\" ({expectedEn}), not \"{stated}\"" }
    NarrativeDiffersFromTable = "narrative.differsFromTable" {
        zh: "说明所写{field} {stated} 与自评表的 {table} 不符",
        en: "The narrative states {fieldEn} {stated}; the table has {table}" }
    NarrativeUnreadableNumber = "narrative.unreadableNumber" {
        zh: "说明中的数字无法精确识别：「{text}」",
        en: "A number in the narrative cannot be read exactly: \"{text}\"" }
    NarrativeEmpty = "narrative.empty" {
        zh: "说明没有文字，未作核对（扫描件、图片中的文字无法读取）",
        en: "The narrative has no text; nothing was checked (text in scans or pictures is not read)" }

    // How a leaf's score came out
    ExplainProportionalFull = "explain.proportionalFull" {
        zh: "正向指标：实际 {actual} 达到目标 {target}，得满分 {score}",
        en: "Higher is better: actual {actual} meets target {target}, full {score}" }
    ExplainProportional = "explain.proportional" {
        zh: "正向指标：{weight} × 实际 {actual} ÷ 目标 {target} = {score}",
        en: "Higher is better: {weight} × actual {actual} / target {target} = {score}" }
    ExplainZeroTarget = "explain.zeroTarget" {
        zh: "目标为 0，得满分 {score}",
        en: "The target is 0: full {score}" }
    ExplainInverseFull = "explain.inverseFull" {
        zh: "反向指标：实际 {actual} 未超过目标 {target}，得满分 {score}",
        en: "Lower is better: actual {actual} within target {target}, full {score}" }
    ExplainInverse = "explain.inverse" {
        zh: "反向指标：{weight} × 目标 {target} ÷ 实际 {actual} = {score}",
        en: "Lower is better: {weight} × target {target} / actual {actual} = {score}" }
    ExplainEqualFull = "explain.equalFull" {
        zh: "实际 {actual} 等于目标 {target}，得满分 {score}",
        en: "Actual {actual} equals target {target}, full {score}" }
    ExplainEqualCloseness = "explain.equalCloseness" {
        zh: "实际 {actual} 不等于目标 {target}，按接近程度 {weight} × {ratio} = {score}",
        en: "Actual {actual} is not target {target}: by closeness {weight} × {ratio} = {score}" }
    ExplainEqualZero = "explain.equalZero" {
        zh: "实际 {actual} 不等于目标 {target}，得 0 分",
        en: "Actual {actual} is not target {target}: 0" }
    ExplainPerPointFull = "explain.perPointFull" {
        zh: "实际 {actual} 达到目标 {target}，得满分 {score}",
        en: "Actual {actual} meets target {target}, full {score}" }
    ExplainPerPoint = "explain.perPoint" {
        zh: "实际 {actual} 与目标 {target} 差 {gap}，每差 {per} 扣 {deduct} 分：{weight} − {deducted} = {score}（扣完为止）",
        en: "Actual {actual} is {gap} short of target {target}, {deduct} off per {per}: {weight} − {deducted} = {score} (floor 0)" }
    ExplainBand = "explain.band" {
        zh: "实际 {actual} 落在「{band}」，得 {score} 分",
        en: "Actual {actual} falls in \"{band}\": {score}" }
    ExplainNoBand = "explain.noBand" {
        zh: "实际 {actual} 不在任何区间，得 {score} 分",
        en: "Actual {actual} is in no band: {score}" }
    ExplainLevel = "explain.level" {
        zh: "等级「{level}」折合 {fraction}：{weight} × {fraction} = {score}",
        en: "Level \"{level}\" counts {fraction}: {weight} × {fraction} = {score}" }
    ExplainMet = "explain.met" {
        zh: "「{actual}」视为完成，得满分 {score}",
        en: "\"{actual}\" counts as done: full {score}" }
    ExplainNotMet = "explain.notMet" {
        zh: "「{actual}」视为未完成，得 0 分",
        en: "\"{actual}\" counts as not done: 0" }
    ExplainDeductions = "explain.deductions" {
        zh: "扣分 {count} 项共 {deducted} 分：{weight} − {deducted} = {score}（扣完为止）",
        en: "{count} deductions of {deducted} in all: {weight} − {deducted} = {score} (floor 0)" }
    ExplainBudgetFull = "explain.budgetFull" {
        zh: "预算执行率 {rate} 达到 {fullFrom}，得满分 {score}",
        en: "Budget execution rate {rate} reaches {fullFrom}: full {score}" }
    ExplainBudget = "explain.budget" {
        zh: "预算执行率 {rate}：{weight} × {rate} = {score}",
        en: "Budget execution rate {rate}: {weight} × {rate} = {score}" }
    ExplainManual = "explain.manual" {
        zh: "采用自评得分 {score}（人工评分，范围 0 至 {weight}）",
        en: "The claimed score {score} stands (manual, 0 to {weight})" }
    ExplainRestated = "explain.restated" {
        zh: "实际值「{actual}」重述了目标，按达成计满分 {score}",
        en: "The actual \"{actual}\" restates the target: counted as met, full {score}" }
    ExplainNotFilled = "explain.notFilled" {
        zh: "未填写，暂计 0 分",
        en: "Not filled in: 0 for now" }
    ExplainUnreadable = "explain.unreadable" {
        zh: "无法按规则计算，暂计 0 分",
        en: "Cannot be scored by its rule: 0 for now" }
    ExplainClaimedStands = "explain.claimedStands" {
        zh: "无法按规则计算，采用自评得分 {score}",
        en: "Cannot be scored by its rule: the claimed {score} stands" }

    // Calling the API wrongly (thrown, never a finding)
    ApiUnknownPath = "api.unknownPath" {
        zh: "「{path}」不是表单中的栏目",
        en: "\"{path}\" names no field of the form" }
    ApiUnknownRow = "api.unknownRow" {
        zh: "「{path}」中的指标 id 不存在",
        en: "\"{path}\" names no indicator row" }
    ApiNotALeaf = "api.notALeaf" {
        zh: "「{path}」是含下级指标的行，只能修改名称和分值",
        en: "\"{path}\" is a parent row: only its name and weight can be set" }
    ApiBadMoneyUnit = "api.badMoneyUnit" {
        zh: "金额单位「{path}」应为 元、万元 或 亿元",
        en: "Money unit \"{path}\" must be 元, 万元 or 亿元" }
    ApiInvalidForm = "api.invalidForm" {
        zh: "表单必须是可转为 JSON 的对象：{detail}",
        en: "The form must be an object that converts to JSON: {detail}" }
    ApiInvalidOptions = "api.invalidOptions" {
        zh: "选项无效：{detail}",
        en: "Invalid options: {detail}" }
    ApiInvalidArgument = "api.invalidArgument" {
        zh: "参数 {name} 应为字符串，收到 {detail}",
        en: "The argument {name} must be a string, not {detail}" }
    ApiTextTooLong = "api.textTooLong" {
        zh: "单元格内容过长（{size} 字节，上限 {limit}）",
        en: "Cell text too long ({size} bytes, limit {limit})" }
    ApiInvalidText = "api.invalidText" {
        zh: "单元格内容应为字符串或数字，收到 {detail}",
        en: "A cell takes a string or a number, not {detail}" }
    ApiNotOpen = "api.notOpen" {
        zh: "不能在「{path}」下添加指标：只能加在模板留给单位自设的部分或自设的分组下",
        en: "No rows can be added under \"{path}\": only under a part the template leaves open, or a group of the unit's own" }
    ApiFixedByTemplate = "api.fixedByTemplate" {
        zh: "「{path}」是模板规定的指标，不能删除、移动或改变评分规则",
        en: "\"{path}\" is a row of the template: it cannot be removed or moved, nor its rule changed" }
    ApiBadRule = "api.badRule" {
        zh: "评分规则「{rule}」不能在此选择（可选：{rules}，或留空按目标值判断）",
        en: "The rule \"{rule}\" cannot be chosen here ({rules}, or empty to follow the target)" }
    ApiMoveIntoItself = "api.moveIntoItself" {
        zh: "不能把「{path}」移到它自己或它的下级指标之下",
        en: "\"{path}\" cannot be moved under itself or one of its own rows" }
    ApiTooManyRows = "api.tooManyRows" {
        zh: "指标已达上限 {limit} 个，不能再添加",
        en: "The form already has the most rows it can hold ({limit})" }
    ApiTooDeep = "api.tooDeep" {
        zh: "指标层级不能超过 {limit} 级",
        en: "Indicators cannot nest deeper than {limit} levels" }
    ApiFreed = "api.freed" {
        zh: "这个 Evaluator 已经释放（free），不能再使用",
        en: "This Evaluator has been freed and cannot be used" }
    ApiNotAnEvaluator = "api.notAnEvaluator" {
        zh: "Evaluator 的方法只能在 new Evaluator() 创建的对象上调用",
        en: "Evaluator methods work only on objects made by new Evaluator()" }
    ApiNarrativeTooLong = "api.narrativeTooLong" {
        zh: "说明文字过长（{size} 字节，上限 {limit}）",
        en: "The narrative is too long ({size} bytes, limit {limit})" }
    ApiFormTooLarge = "api.formTooLarge" {
        zh: "表单将有 {size} 字节，超过上限 {limit}：无法再保存和读取",
        en: "The form would be {size} bytes, past the limit of {limit}: it could not be saved and read again" }
    ApiUnknownTemplate = "api.unknownTemplate" {
        zh: "未知模板「{template}」",
        en: "Unknown template \"{template}\"" }

    // Errors that stop a form from being read at all
    FormSyntax = "form.syntax" {
        zh: "JSON 格式错误：{detail}",
        en: "Malformed JSON: {detailEn}" }
    FormInvalid = "form.invalid" {
        zh: "字段类型或名称不对：{detail}",
        en: "Wrong field or type: {detailEn}" }
    FormVersion = "form.version" {
        zh: "不支持的表单格式版本 {version}，应为 1",
        en: "Unsupported form version {version}; expected 1" }
    FormTooLarge = "form.tooLarge" {
        zh: "表单过大（{size} 字节，上限 {limit}）",
        en: "Form too large ({size} bytes, limit {limit})" }
    FormUnknownTemplate = "form.unknownTemplate" {
        zh: "未知模板「{template}」（可用：{templates}）",
        en: "Unknown template \"{template}\" (available: {templates})" }
    FormBrokenTemplate = "form.brokenTemplate" {
        zh: "内置模板「{template}」损坏：{detail}",
        en: "Built-in template \"{template}\" is broken: {detail}" }
    FormRuleParameter = "form.ruleParameter" {
        zh: "评分规则 {kind} 不使用参数「{parameter}」",
        en: "Rule {kind} takes no parameter \"{parameter}\"" }
    FormRuleMissingParameter = "form.ruleMissingParameter" {
        zh: "评分规则 {kind} 缺少参数「{parameter}」",
        en: "Rule {kind} needs the parameter \"{parameter}\"" }
    FormRuleValue = "form.ruleValue" {
        zh: "评分规则参数「{text}」不是有效数字",
        en: "Rule parameter \"{text}\" is not a valid number" }
    FormEmptyId = "form.emptyId" {
        zh: "指标缺少 id",
        en: "An indicator has an empty id" }
    FormIdTooLong = "form.idTooLong" {
        zh: "指标 id 超过 {limit} 个字符",
        en: "An indicator id is longer than {limit} characters" }
    FormDuplicateId = "form.duplicateId" {
        zh: "指标 id「{id}」重复（首次出现在 {first}）",
        en: "Indicator id \"{id}\" is used twice (first at {first})" }
    FormTooDeep = "form.tooDeep" {
        zh: "指标层级超过 {limit} 级",
        en: "Indicators nest deeper than {limit} levels" }
    FormTooManyNodes = "form.tooManyNodes" {
        zh: "指标超过 {limit} 个",
        en: "More than {limit} indicators" }
    FormParentWithValues = "form.parentWithValues" {
        zh: "含下级指标的「{id}」不能填写 {fields}",
        en: "\"{id}\" has children, so it cannot have {fields}" }
    FormUnknownNode = "form.unknownNode" {
        zh: "模板 {template} 中没有指标「{id}」，且它不在模板允许自设指标的位置下",
        en: "Template {template} has no indicator \"{id}\", and it is not under a part open for the unit's own indicators" }
    FormTemplateStructure = "form.templateStructure" {
        zh: "模板指标「{id}」属于「{parent}」，不能放在「{placed}」之下",
        en: "The template row \"{id}\" belongs under \"{parent}\", not under \"{placed}\"" }
}

/// Fills `{name}` slots from `values`; a slot with no value is left as written, never a panic.
pub fn render<V: AsRef<str>>(template: &str, values: &[(&str, V)]) -> String {
    // the braces are ASCII, so a byte search finds them (no byte of a CJK character is one),
    // without `str::find`'s setup, which costs more than searching a short template
    let find = |s: &str, brace: u8| s.bytes().position(|b| b == brace);
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = find(rest, b'{') {
        out.push_str(rest.get(..open).unwrap_or(""));
        let after = rest.get(open + 1..).unwrap_or("");
        match find(after, b'}') {
            Some(close) => {
                let key = after.get(..close).unwrap_or("");
                match values.iter().find(|(k, _)| *k == key) {
                    Some((_, v)) => out.push_str(v.as_ref()),
                    None => {
                        out.push('{');
                        out.push_str(key);
                        out.push('}');
                    }
                }
                rest = after.get(close + 1..).unwrap_or("");
            }
            None => {
                out.push_str(rest.get(open..).unwrap_or(""));
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

pub fn say<V: AsRef<str>>(msg: Msg, lang: Lang, values: &[(&str, V)]) -> String {
    render(msg.template(lang), values)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_unique_and_well_formed() {
        let mut seen = HashSet::new();
        for m in Msg::ALL {
            assert!(seen.insert(m.code()), "duplicate code {}", m.code());
            let (area, fact) = m.code().split_once('.').unwrap_or(("", ""));
            assert!(!area.is_empty() && fact.chars().next().is_some_and(|c| c.is_ascii_lowercase()));
        }
    }

    #[test]
    fn both_languages_use_the_same_slots() {
        fn slots(t: &str) -> Vec<String> {
            let mut v: Vec<String> = t
                .split('{')
                .skip(1)
                .filter_map(|s| s.split_once('}').map(|(k, _)| k.trim_end_matches("En").to_string()))
                .collect();
            v.sort();
            v.dedup();
            v
        }
        for m in Msg::ALL {
            assert_eq!(
                slots(m.template(Lang::ZhCn)),
                slots(m.template(Lang::En)),
                "{}",
                m.code()
            );
        }
    }

    #[test]
    fn render_fills_and_keeps_unknown_slots() {
        let v = [("a", "1".to_string())];
        assert_eq!(render("x{a}y{b}z{", &v), "x1y{b}z{");
    }
}
