//! Form format v1: the 自评表 as typed (docs/form-format.md).
//!
//! Every value a person types is kept as [`Text`], exactly as typed, so that nothing is lost when it
//! does not parse; reading numbers is the engine's job and yields findings, not load errors.

use std::borrow::Cow;
use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::number::MoneyUnit;

pub const FORM_VERSION: u32 = 1;

/// Serde's derived structs also accept a JSON array of their field values (`"unit": ["名称",
/// "2024"]`). No form is written that way, so every object of the format must be a JSON object,
/// and an array where one belongs is a type error with its path.
pub mod object {
    use std::fmt;
    use std::marker::PhantomData;

    use serde::de::value::MapAccessDeserializer;
    use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

    pub fn required<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<T, D::Error> {
        d.deserialize_map(ObjectVisitor(PhantomData))
    }

    pub fn optional<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<T>, D::Error> {
        d.deserialize_option(OptionalObject(PhantomData))
    }

    pub fn list<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
        d.deserialize_seq(ListVisitor(PhantomData))
    }

    pub fn optional_list<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<Vec<T>>, D::Error> {
        d.deserialize_option(OptionalList(PhantomData))
    }

    /// One element of an array of objects.
    struct Element<T>(T);

    impl<'de, T: Deserialize<'de>> Deserialize<'de> for Element<T> {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            required(d).map(Element)
        }
    }

    struct ObjectVisitor<T>(PhantomData<T>);

    impl<'de, T: Deserialize<'de>> Visitor<'de> for ObjectVisitor<T> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an object")
        }

        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            T::deserialize(MapAccessDeserializer::new(map))
        }
    }

    struct ListVisitor<T>(PhantomData<T>);

    impl<'de, T: Deserialize<'de>> Visitor<'de> for ListVisitor<T> {
        type Value = Vec<T>;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an array of objects")
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
            let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
            while let Some(Element(item)) = seq.next_element::<Element<T>>()? {
                items.push(item);
            }
            Ok(items)
        }
    }

    /// `null` is `None`; anything else must be an object.
    struct OptionalObject<T>(PhantomData<T>);

    impl<'de, T: Deserialize<'de>> Visitor<'de> for OptionalObject<T> {
        type Value = Option<T>;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an object or null")
        }

        fn visit_none<E>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_unit<E>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            required(d).map(Some)
        }
    }

    /// `null` is `None`; anything else must be an array of objects.
    struct OptionalList<T>(PhantomData<T>);

    impl<'de, T: Deserialize<'de>> Visitor<'de> for OptionalList<T> {
        type Value = Option<Vec<T>>;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an array of objects or null")
        }

        fn visit_none<E>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_unit<E>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            list(d).map(Some)
        }
    }
}

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

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // serde_json's arbitrary_precision keeps a number's own digits, so `0.1` stays "0.1" and
        // `1e40` reaches the number reader as "1e40" instead of a rounded binary float.
        match serde_json::Value::deserialize(deserializer)? {
            serde_json::Value::String(s) => Ok(Text(s)),
            serde_json::Value::Number(n) => Ok(Text(n.to_string())),
            other => Err(serde::de::Error::invalid_type(
                unexpected(&other),
                &"a string or a number",
            )),
        }
    }
}

fn unexpected(v: &serde_json::Value) -> serde::de::Unexpected<'_> {
    use serde::de::Unexpected;
    match v {
        serde_json::Value::Null => Unexpected::Unit,
        serde_json::Value::Bool(b) => Unexpected::Bool(*b),
        serde_json::Value::Array(_) => Unexpected::Seq,
        serde_json::Value::Object(_) => Unexpected::Map,
        serde_json::Value::String(s) => Unexpected::Str(s),
        serde_json::Value::Number(_) => Unexpected::Other("number"),
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
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

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(title = "jixiao form v1", description = "部门整体支出绩效自评表, as typed")]
pub struct Form {
    /// Format version; must be 1.
    #[schemars(range(min = 1, max = 1))]
    pub version: u32,
    /// A built-in template id (`gd-dept-overall`, `mof-project`) whose tree, weights and rules apply.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<String>,
    #[serde(deserialize_with = "object::required", default)]
    pub unit: UnitInfo,
    /// Overall goals and their completion (年度整体绩效目标, 完成情况).
    #[serde(
        deserialize_with = "object::required",
        default,
        skip_serializing_if = "Goals::is_empty"
    )]
    pub goals: Goals,
    /// 元, 万元 (default) or 亿元: the unit of every amount typed without its own unit.
    #[serde(default)]
    pub money_unit: MoneyUnit,
    #[serde(deserialize_with = "object::required", default)]
    pub budget: Budget,
    #[serde(deserialize_with = "object::list", default)]
    pub indicators: Vec<Node>,
    #[serde(
        deserialize_with = "object::required",
        default,
        skip_serializing_if = "Claimed::is_empty"
    )]
    pub claimed: Claimed,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
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

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
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
    fn is_empty(&self) -> bool {
        self.target.is_none() && self.completion.is_none() && self.reason.is_none()
    }
}

/// 年度部门整体支出规模.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Budget {
    #[serde(deserialize_with = "object::required", default)]
    pub total: Column,
    #[serde(deserialize_with = "object::required", default)]
    pub by_source: Sources,
    #[serde(deserialize_with = "object::required", default)]
    pub by_nature: Natures,
    /// 执行率 as the form states it (`96.1%` or `0.961`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stated_rate: Option<Text>,
    /// 未完成原因 of the budget execution.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// 全年预算数 and 全年执行数 of one row.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Column {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub planned: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub executed: Option<Text>,
}

/// 按资金来源.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Sources {
    /// 一般公共预算财政拨款
    #[serde(deserialize_with = "object::required", default)]
    pub general_public: Column,
    /// 政府性基金预算财政拨款
    #[serde(deserialize_with = "object::required", default)]
    pub government_fund: Column,
    /// 国有资本经营预算财政拨款
    #[serde(deserialize_with = "object::required", default)]
    pub state_capital: Column,
    /// 其他资金
    #[serde(deserialize_with = "object::required", default)]
    pub other: Column,
}

/// 按支出性质.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Natures {
    /// 基本支出
    #[serde(deserialize_with = "object::required", default)]
    pub basic: Column,
    /// 项目支出
    #[serde(deserialize_with = "object::required", default)]
    pub project: Column,
}

/// A row of the 绩效指标表: a parent (with `children`) or a leaf (with values).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Node {
    /// Unique in the form (and, with a template, the template's id for its own rows).
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// 分值. A parent without one weighs the sum of its children.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<Text>,
    #[serde(
        deserialize_with = "object::optional_list",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub children: Option<Vec<Node>>,
    /// How the leaf is scored; without it the comparator of the target decides.
    #[serde(
        deserialize_with = "object::optional",
        default,
        skip_serializing_if = "Option::is_none"
    )]
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

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
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
    pub fn as_str(self) -> &'static str {
        match self {
            RuleKind::Proportional => "proportional",
            RuleKind::Inverse => "inverse",
            RuleKind::Equal => "equal",
            RuleKind::PerPoint => "perPoint",
            RuleKind::Bands => "bands",
            RuleKind::Levels => "levels",
            RuleKind::Boolean => "boolean",
            RuleKind::Deductions => "deductions",
            RuleKind::BudgetExecution => "budgetExecution",
            RuleKind::Manual => "manual",
        }
    }
}

/// `equal` when the actual misses the target.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum EqualOtherwise {
    #[default]
    Proportional,
    Zero,
}

/// A scoring rule. Which parameters are allowed depends on `kind` (docs/form-format.md).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
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
    #[serde(
        deserialize_with = "object::optional_list",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub bands: Option<Vec<Band>>,
    /// `bands`: the score when no band holds (default 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub otherwise_score: Option<Text>,
    /// `levels`: level word → fraction of the weight (default 优 1, 良 0.8, 中 0.6, 差 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub levels: Option<BTreeMap<String, Text>>,
    /// `deductions`: the faults found, each with the points it costs.
    #[serde(
        deserialize_with = "object::optional_list",
        default,
        skip_serializing_if = "Option::is_none"
    )]
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

/// One row of a `bands` table: holds when `from ≤ actual ≤ upTo` (either bound may be absent).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Band {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub up_to: Option<Text>,
    pub score: Text,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DeductionItem {
    /// What was wrong (扣分事项).
    pub fault: String,
    pub points: Text,
}

/// What the unit claims for the whole form.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
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
    fn is_empty(&self) -> bool {
        self.score.is_none() && self.grade.is_none()
    }
}

/// The whole document: a form, which must be a JSON object.
pub struct FormDocument(pub Form);

impl<'de> Deserialize<'de> for FormDocument {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        object::required(d).map(FormDocument)
    }
}
