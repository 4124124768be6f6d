//! Form format v1: the 自评表 as typed (docs/form-format.md).
//!
//! Every value a person types is kept as [`Text`], exactly as typed, so that nothing is lost when it
//! does not parse; reading numbers is the engine's job and yields findings, not load errors.

use std::borrow::Cow;

use schemars::JsonSchema;

use crate::read::number::MoneyUnit;
use crate::row_ids::RowIds;

pub const FORM_VERSION: u32 = 1;

/// A cell as typed: a JSON string, or a JSON number read by its shortest decimal form.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Text(pub String);

impl Text {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Self {
        Text(s.to_string())
    }
}

impl JsonSchema for Text {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("Text")
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A value as typed: a string such as \"9,022.41\", \"96.1%\", \"≥90%\", \"1.35亿元\", or a JSON number.",
            "type": ["string", "number"]
        })
    }
}

#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Debug, Default, PartialEq, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(title = "jixiao form v1", description = "部门整体支出绩效自评表, as typed")]
pub struct Form {
    /// Format version; must be 1.
    #[schemars(range(min = 1, max = 1))]
    pub version: u32,
    /// A built-in template id (`gd-dept-overall`, `mof-project`) whose tree, weights and rules apply.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<String>,
    #[serde(default)]
    pub unit: UnitInfo,
    /// Overall goals and their completion (年度整体绩效目标, 完成情况).
    #[serde(default, skip_serializing_if = "Goals::is_empty")]
    pub goals: Goals,
    /// 元, 万元 (default) or 亿元: the unit of every amount typed without its own unit.
    #[serde(default)]
    pub money_unit: MoneyUnit,
    #[serde(default)]
    pub budget: Budget,
    #[serde(default)]
    pub indicators: Vec<Node>,
    #[serde(default, skip_serializing_if = "Claimed::is_empty")]
    pub claimed: Claimed,
    /// 自评表说明: the narrative text as typed or pasted, checked against itself and the table.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub narrative: Option<String>,
}

#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Debug, Default, PartialEq, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UnitInfo {
    /// 单位名称
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// 年度: the evaluated year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<Text>,
    /// 填报人
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preparer: Option<String>,
    /// 联系电话
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// 填报日期
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Debug, Default, PartialEq, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Goals {
    /// 年度整体绩效目标
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// 整体绩效目标完成情况
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completion: Option<String>,
    /// 未能完成原因
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl Goals {
    pub fn is_empty(&self) -> bool {
        self.target.is_none() && self.completion.is_none() && self.reason.is_none()
    }
}

/// 年度部门整体支出规模.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Debug, Default, PartialEq, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Budget {
    #[serde(default)]
    pub total: Column,
    #[serde(default)]
    pub by_source: Sources,
    #[serde(default)]
    pub by_nature: Natures,
    /// 执行率 as the form states it (`96.1%` or `0.961`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stated_rate: Option<Text>,
    /// 未完成原因 of the budget execution.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// 全年预算数 and 全年执行数 of one row.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Debug, Default, PartialEq, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Column {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub planned: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub executed: Option<Text>,
}

/// 按资金来源.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Debug, Default, PartialEq, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Sources {
    /// 一般公共预算财政拨款
    #[serde(default)]
    pub general_public: Column,
    /// 政府性基金预算财政拨款
    #[serde(default)]
    pub government_fund: Column,
    /// 国有资本经营预算财政拨款
    #[serde(default)]
    pub state_capital: Column,
    /// 其他资金
    #[serde(default)]
    pub other: Column,
}

/// 按支出性质.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Debug, Default, PartialEq, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Natures {
    /// 基本支出
    #[serde(default)]
    pub basic: Column,
    /// 项目支出
    #[serde(default)]
    pub project: Column,
}

/// A row of the 绩效指标表: a parent (with `children`) or a leaf (with values).
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Debug, Default, PartialEq, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Node {
    /// Unique in the form (and, with a template, the template's id for its own rows); at most 100
    /// characters once trimmed.
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// 分值. A parent without one weighs the sum of its children.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub children: Option<Vec<Node>>,
    /// How the leaf is scored; without it the comparator of the target decides.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<Rule>,
    /// 目标值 (`≥90%`, `≤50万元`, `按时完成`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<Text>,
    /// 实际完成值.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual: Option<Text>,
    /// A qualitative level (优/良/中/差, 达成/部分达成/未达成) for `levels` rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<Text>,
    /// 得分 as the filler claims it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<Text>,
    /// 未完成原因.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl Node {
    pub fn is_parent(&self) -> bool {
        self.children.as_ref().is_some_and(|c| !c.is_empty())
    }

    /// Leaf-only fields present on this row, by name.
    pub fn leaf_fields(&self) -> Vec<&'static str> {
        let mut found = Vec::new();
        if self.rule.is_some() {
            found.push("rule");
        }
        if self.target.is_some() {
            found.push("target");
        }
        if self.actual.is_some() {
            found.push("actual");
        }
        if self.level.is_some() {
            found.push("level");
        }
        if self.score.is_some() {
            found.push("score");
        }
        if self.reason.is_some() {
            found.push("reason");
        }
        found
    }
}

#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum RuleKind {
    /// 正向: `w × min(a/t, 1)`.
    Proportional,
    /// 反向: `a ≤ t → w`, else `w × t/a`.
    Inverse,
    /// `a = t → w`, else proportional by closeness (or 0 with `otherwise: "zero"`).
    Equal,
    /// 每低 `per` 扣 `deduct` 分, floor 0.
    PerPoint,
    /// Table lookup in `bands`.
    Bands,
    /// 定性: level → fraction of the weight.
    Levels,
    /// 是/否: full or nothing.
    Boolean,
    /// 扣分制: weight minus the listed `items`, floor 0.
    Deductions,
    /// 预算执行率 from the budget table: `w × min(rate, 1)`, full from `fullFrom`.
    BudgetExecution,
    /// The reviewer's own score, checked against 0..w.
    Manual,
}

impl RuleKind {
    /// Every kind with its JSON name, in the order the docs list them.
    pub const NAMES: [(&'static str, RuleKind); 10] = [
        ("proportional", RuleKind::Proportional),
        ("inverse", RuleKind::Inverse),
        ("equal", RuleKind::Equal),
        ("perPoint", RuleKind::PerPoint),
        ("bands", RuleKind::Bands),
        ("levels", RuleKind::Levels),
        ("boolean", RuleKind::Boolean),
        ("deductions", RuleKind::Deductions),
        ("budgetExecution", RuleKind::BudgetExecution),
        ("manual", RuleKind::Manual),
    ];

    pub fn as_str(self) -> &'static str {
        Self::NAMES
            .iter()
            .find(|(_, k)| *k == self)
            .map_or("", |(name, _)| name)
    }
}

/// `equal` when the actual misses the target.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum EqualOtherwise {
    #[default]
    Proportional,
    Zero,
}

impl EqualOtherwise {
    pub const NAMES: [(&'static str, EqualOtherwise); 2] = [
        ("proportional", EqualOtherwise::Proportional),
        ("zero", EqualOtherwise::Zero),
    ];
}

/// A scoring rule. Which parameters are allowed depends on `kind` (docs/form-format.md).
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Debug, PartialEq, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Rule {
    pub kind: RuleKind,
    /// `equal`: what a miss scores.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub otherwise: Option<EqualOtherwise>,
    /// `perPoint`: the size of one step of shortfall (`1` for 每低1个百分点).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per: Option<Text>,
    /// `perPoint`: points taken per step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deduct: Option<Text>,
    /// `bands`: checked in order, the first that holds gives the score.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bands: Option<Vec<Band>>,
    /// `bands`: the score when no band holds (default 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub otherwise_score: Option<Text>,
    /// `levels`: level word → fraction of the weight (default 优 1, 良 0.8, 中 0.6, 差 0).
    // In the form's order (given back so); a word listed twice has its last fraction, in its
    // first place. The schema is the JSON object's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "serde", serde(with = "levels_as_object"))]
    #[schemars(with = "Option<std::collections::BTreeMap<String, Text>>")]
    pub levels: Option<Vec<(String, Text)>>,
    /// `deductions`: the faults found, each with the points it costs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<Vec<DeductionItem>>,
    /// `budgetExecution`: the rate from which the full weight is given (e.g. `95%`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub full_from: Option<Text>,
}

impl Rule {
    pub fn of(kind: RuleKind) -> Rule {
        Rule {
            kind,
            otherwise: None,
            per: None,
            deduct: None,
            bands: None,
            otherwise_score: None,
            levels: None,
            items: None,
            full_from: None,
        }
    }

    /// Parameters present, by JSON name.
    pub fn parameters(&self) -> Vec<&'static str> {
        let mut found = Vec::new();
        if self.otherwise.is_some() {
            found.push("otherwise");
        }
        if self.per.is_some() {
            found.push("per");
        }
        if self.deduct.is_some() {
            found.push("deduct");
        }
        if self.bands.is_some() {
            found.push("bands");
        }
        if self.otherwise_score.is_some() {
            found.push("otherwiseScore");
        }
        if self.levels.is_some() {
            found.push("levels");
        }
        if self.items.is_some() {
            found.push("items");
        }
        if self.full_from.is_some() {
            found.push("fullFrom");
        }
        found
    }
}

/// A levels table as a JSON object reads it: a word listed twice keeps its first place and its
/// last fraction. Found through an index, not a scan of the list per word: a form may hold a
/// million.
pub fn merge_repeated_levels(mut levels: Vec<(String, Text)>) -> Vec<(String, Text)> {
    let word_at = &|i: usize| levels.get(i).map_or("", |(word, _)| word.as_str());
    let words = RowIds::new(0..levels.len(), word_at);
    let firsts: Vec<usize> = (0..levels.len())
        .map(|i| words.get(word_at(i), word_at).unwrap_or(i))
        .collect();
    for (later, &first) in firsts.iter().enumerate().filter(|(i, first)| i != *first) {
        let fraction = levels
            .get_mut(later)
            .map(|(_, f)| std::mem::take(f))
            .unwrap_or_default();
        if let Some((_, f)) = levels.get_mut(first) {
            *f = fraction;
        }
    }
    let mut row = 0;
    levels.retain(|_| {
        let keep = firsts.get(row) == Some(&row);
        row += 1;
        keep
    });
    levels
}

/// One row of a `bands` table: holds when `from ≤ actual ≤ upTo` (either bound may be absent).
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Debug, PartialEq, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Band {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub up_to: Option<Text>,
    pub score: Text,
}

#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Debug, PartialEq, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DeductionItem {
    /// What was wrong (扣分事项).
    pub fault: String,
    pub points: Text,
}

/// What the unit claims for the whole form.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Debug, Default, PartialEq, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Claimed {
    /// 自评得分
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<Text>,
    /// 评价等级
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grade: Option<String>,
}

impl Claimed {
    pub fn is_empty(&self) -> bool {
        self.score.is_none() && self.grade.is_none()
    }
}

/// With the `serde` feature: a cell as typed is a JSON string either way (a number is read by its
/// digits, as the engine's own reader keeps them), and a levels table is a JSON object.
#[cfg(feature = "serde")]
mod serde_impls {
    use std::fmt;

    use serde::de::{self, MapAccess, Visitor};
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::Text;

    impl Serialize for Text {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.serialize_str(&self.0)
        }
    }

    /// serde_json with `arbitrary_precision` hands a number over as a map of this one key to the
    /// number's text, so its digits are kept exactly.
    const NUMBER_TOKEN: &str = "$serde_json::private::Number";

    struct TextVisitor;

    impl<'de> Visitor<'de> for TextVisitor {
        type Value = Text;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string or a number")
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
            Ok(Text(v.to_string()))
        }

        fn visit_string<E: de::Error>(self, v: String) -> Result<Text, E> {
            Ok(Text(v))
        }

        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Text, E> {
            Ok(Text(v.to_string()))
        }

        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Text, E> {
            Ok(Text(v.to_string()))
        }

        fn visit_i128<E: de::Error>(self, v: i128) -> Result<Text, E> {
            Ok(Text(v.to_string()))
        }

        fn visit_u128<E: de::Error>(self, v: u128) -> Result<Text, E> {
            Ok(Text(v.to_string()))
        }

        /// A format that hands over binary floats: the shortest decimal that reads back as the same
        /// float, which is what JavaScript's `JSON.stringify` writes for a number.
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Text, E> {
            if v.is_finite() {
                Ok(Text(v.to_string()))
            } else {
                Err(E::invalid_value(de::Unexpected::Float(v), &self))
            }
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Text, A::Error> {
            match map.next_key::<String>()? {
                Some(key) if key == NUMBER_TOKEN => Ok(Text(map.next_value::<String>()?)),
                _ => Err(de::Error::invalid_type(de::Unexpected::Map, &self)),
            }
        }
    }

    impl<'de> Deserialize<'de> for Text {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Text, D::Error> {
            deserializer.deserialize_any(TextVisitor)
        }
    }
}

/// The `levels` of a rule as a JSON object, in the form's order.
#[cfg(feature = "serde")]
mod levels_as_object {
    use std::fmt;

    use serde::de::{MapAccess, Visitor};
    use serde::ser::SerializeMap;
    use serde::{Deserializer, Serializer};

    use super::{merge_repeated_levels, Text};

    pub fn serialize<S: Serializer>(levels: &Option<Vec<(String, Text)>>, serializer: S) -> Result<S::Ok, S::Error> {
        let levels = levels.as_deref().unwrap_or_default();
        let mut map = serializer.serialize_map(Some(levels.len()))?;
        for (word, fraction) in levels {
            map.serialize_entry(word, fraction)?;
        }
        map.end()
    }

    struct LevelsVisitor;

    impl<'de> Visitor<'de> for LevelsVisitor {
        type Value = Option<Vec<(String, Text)>>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an object of level words and fractions, or null")
        }

        fn visit_unit<E>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_none<E>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
            deserializer.deserialize_map(LevelsVisitor)
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut levels = Vec::new();
            while let Some(entry) = map.next_entry::<String, Text>()? {
                levels.push(entry);
            }
            Ok(Some(merge_repeated_levels(levels)))
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Vec<(String, Text)>>, D::Error> {
        deserializer.deserialize_option(LevelsVisitor)
    }
}
