//! JSON tree → form or template, field by field: unknown fields, wrong JSON types and missing
//! required fields are load errors (`form.invalid`) with the path and position of the culprit.
//!
//! The wording of the details follows serde's (`unknown field `x`, expected `a` or `b``), which
//! the engine used before it read JSON itself.

use std::cell::Cell;

use crate::finding::{clip, clip_to};
use crate::messages::Msg;
use crate::read::error::{too_many_nodes, FormError, MAX_DEPTH, MAX_NODES};
use crate::read::form::{
    merge_repeated_levels, Band, Budget, Claimed, Column, DeductionItem, EqualOtherwise, Form, Goals, Natures, Node,
    Rule, RuleKind, Sources, Text, UnitInfo,
};
use crate::read::json::{self, Kind, Member, SyntaxError, Value};
use crate::read::json_path::JsonPath;
use crate::read::number::MoneyUnit;
use crate::read::template::{GradeBandSpec, Template, TemplateNode};

/// Reads a form document.
pub fn form(text: &str) -> Result<Form, FormError> {
    let value = json::parse(text).map_err(syntax)?;
    Doc::new(text).form(&value, &JsonPath::TOP)
}

/// Reads a template file; `Err` is a message for a defect in a shipped file.
pub fn template(text: &str) -> Result<Template, String> {
    let value = json::parse(text).map_err(syntax).map_err(describe)?;
    Doc::new(text).template(&value, &JsonPath::TOP).map_err(describe)
}

fn describe(e: FormError) -> String {
    let detail = e.values.iter().find(|(k, _)| *k == "detail").map(|(_, v)| v.as_str());
    [
        detail.unwrap_or(e.msg.code()),
        " at ",
        &e.path,
        " (line ",
        &e.line.unwrap_or(0).to_string(),
        ", column ",
        &e.column.unwrap_or(0).to_string(),
        ")",
    ]
    .concat()
}

fn syntax(e: SyntaxError) -> FormError {
    // nesting too deep to read is, in a form, indicators nested too deep: say so at the first row
    // that is deeper than allowed
    let mut children = super::find_text(&e.path, ".children[", 0);
    for _ in 1..MAX_DEPTH {
        children = children.and_then(|at| super::find_text(&e.path, ".children[", at + 1));
    }
    let too_deep_at = children.map(|at| e.path.get(..at).unwrap_or(&e.path));
    if let (true, Some(shallower)) = (e.too_deep, too_deep_at) {
        let cut = e.path.get(shallower.len()..).unwrap_or("");
        let end = cut.find(']').map_or(cut.len(), |i| i + 1);
        return FormError {
            msg: Msg::FormTooDeep,
            path: [shallower, cut.get(..end).unwrap_or("")].concat(),
            line: None,
            column: None,
            values: vec![("limit", MAX_DEPTH.to_string())],
        };
    }
    FormError {
        msg: Msg::FormSyntax,
        // paths are positions, long only when nested deep or naming a huge key
        path: clip_to(&e.path, 199),
        line: Some(e.line),
        // a document refused at its first byte has consumed nothing: point at that byte
        column: Some(e.column.max(1)),
        values: vec![
            ("detail", syntax_zh(e.detail).to_string()),
            ("detailEn", e.detail.to_string()),
        ],
    }
}

/// The JSON reader's words for what broke the grammar, in Chinese.
fn syntax_zh(detail: &str) -> &'static str {
    const ZH: [(&str, &str); 17] = [
        ("EOF while parsing a string", "字符串没有结束（缺少右引号）"),
        ("EOF while parsing a value", "文本在一个值之前就结束了"),
        ("EOF while parsing an object", "对象没有结束（缺少 }）"),
        ("EOF while parsing a list", "数组没有结束（缺少 ]）"),
        (
            "control character (\\u0000-\\u001F) found while parsing a string",
            "字符串中有控制字符（须写成 \\n、\\t 等转义）",
        ),
        ("expected `:`", "此处应为冒号 :"),
        ("expected `,` or `]`", "此处应为逗号 , 或 ]"),
        ("expected `,` or `}`", "此处应为逗号 , 或 }"),
        ("expected ident", "此处应为 true、false 或 null"),
        (
            "expected value",
            "此处应为一个值（对象、数组、字符串、数字、true、false 或 null）",
        ),
        ("invalid escape", "反斜杠转义写法不对"),
        ("invalid number", "数字写法不对"),
        ("key must be a string", "对象的键必须是带双引号的字符串"),
        ("recursion limit exceeded", "嵌套层数过多"),
        ("trailing characters", "JSON 结束后还有多余的字符"),
        ("trailing comma", "最后一项之后多了逗号"),
        ("the text is empty", "内容为空"),
    ];
    ZH.iter()
        .find(|(en, _)| *en == detail)
        .map_or("JSON 格式错误", |(_, zh)| zh)
}

/// serde's way of listing what was expected.
fn one_of(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| ["`", n, "`"].concat()).collect();
    match quoted.as_slice() {
        [] => "there are no fields".to_string(),
        [one] => ["expected ", one].concat(),
        [a, b] => ["expected ", a, " or ", b].concat(),
        more => ["expected one of ", &more.join(", ")].concat(),
    }
}

/// What was found, in serde's words.
fn found(v: &Value<'_>) -> String {
    match &v.kind {
        Kind::Null => "null".to_string(),
        Kind::Bool(b) => ["boolean `", if *b { "true" } else { "false" }, "`"].concat(),
        Kind::Number(n) if n.contains(['.', 'e', 'E']) => ["floating point `", &clip(n), "`"].concat(),
        Kind::Number(n) => ["integer `", &clip(n), "`"].concat(),
        Kind::String(s) => ["string \"", &clip(s), "\""].concat(),
        Kind::Array(_) => "sequence".to_string(),
        Kind::Object(_) => "map".to_string(),
    }
}

/// What was found, in Chinese.
fn found_zh(v: &Value<'_>) -> &'static str {
    match &v.kind {
        Kind::Null => "空值 null",
        Kind::Bool(_) => "布尔值",
        Kind::Number(_) => "数字",
        Kind::String(_) => "字符串",
        Kind::Array(_) => "数组",
        Kind::Object(_) => "对象",
    }
}

/// `null` as `None`, anything else read by `read`.
fn nullable<'v, 'a, T>(
    v: &'v Value<'a>,
    read: impl FnOnce(&'v Value<'a>) -> Result<T, FormError>,
) -> Result<Option<T>, FormError> {
    match v.kind {
        Kind::Null => Ok(None),
        _ => read(v).map(Some),
    }
}

struct Doc<'t> {
    text: &'t str,
    /// Rows read so far. Loading refuses a form of more than `MAX_NODES` rows too, but counting
    /// here stops before the rows past the limit are built; with the room `list` reserves capped
    /// to match, a 16 MB form of a million tiny rows is refused at a peak of 162 MiB, not 496.
    rows: Cell<usize>,
}

impl<'t> Doc<'t> {
    fn new(text: &'t str) -> Self {
        Doc {
            text,
            rows: Cell::new(0),
        }
    }

    /// A `form.invalid` error about the byte at `index` (counted into the column, as for syntax).
    /// `detail` in serde's English words, `zh` in Chinese.
    fn invalid(&self, [detail, zh]: [String; 2], path: String, index: usize) -> FormError {
        let (line, column) = json::position(self.text, (index + 1).min(self.text.len()));
        FormError {
            msg: Msg::FormInvalid,
            path: clip_to(&path, 199),
            line: Some(line),
            column: Some(column.max(1)),
            values: vec![("detail", clip(&zh)), ("detailEn", clip(&detail))],
        }
    }

    fn wrong_type(&self, v: &Value<'_>, [expected, zh]: [&str; 2], at: &JsonPath<'_>) -> FormError {
        self.invalid(
            [
                ["invalid type: ", &found(v), ", expected ", expected].concat(),
                ["应为", zh, "，却是", found_zh(v)].concat(),
            ],
            at.render(),
            v.start,
        )
    }

    fn missing(&self, object: &Value<'_>, name: &str, at: &JsonPath<'_>) -> FormError {
        // serde_json noticed at the closing brace
        self.invalid(
            [
                ["missing field `", name, "`"].concat(),
                ["缺少字段「", name, "」"].concat(),
            ],
            at.render(),
            object.end.saturating_sub(1),
        )
    }

    /// Walks an object's members in document order, refusing unknown and repeated fields.
    fn fields<'v, 'a: 'v>(
        &self,
        object: &'v Value<'a>,
        at: &JsonPath<'_>,
        names: &'static [&'static str],
        // dyn: one copy of this loop serves every object of the format (it is most of the code)
        field: &mut dyn FnMut(&'static str, &'v Value<'a>, &JsonPath<'_>) -> Result<(), FormError>,
    ) -> Result<(), FormError> {
        let members = self.object(object, at)?;
        let mut seen = 0u64;
        for Member { key, key_start, value } in members {
            let Some(i) = names.iter().position(|n| n == key) else {
                return Err(self.invalid(
                    [
                        ["unknown field `", &clip(key), "`, ", &one_of(names)].concat(),
                        ["没有「", &clip(key), "」这个字段，可用：", &names.join("、")].concat(),
                    ],
                    at.field(key),
                    *key_start,
                ));
            };
            if seen & (1 << i) != 0 {
                let detail = [
                    ["duplicate field `", key, "`"].concat(),
                    ["字段「", key, "」重复"].concat(),
                ];
                return Err(self.invalid(detail, at.field(key), *key_start));
            }
            seen |= 1 << i;
            let name = names.get(i).copied().unwrap_or_default();
            field(name, value, &at.key(name))?;
        }
        Ok(())
    }

    fn object<'v, 'a>(&self, v: &'v Value<'a>, at: &JsonPath<'_>) -> Result<&'v [Member<'a>], FormError> {
        match &v.kind {
            Kind::Object(members) => Ok(members),
            _ => Err(self.wrong_type(v, ["an object", "对象"], at)),
        }
    }

    /// An array of objects, each read by `item`.
    fn list<T>(
        &self,
        v: &Value<'_>,
        at: &JsonPath<'_>,
        mut item: impl FnMut(&Value<'_>, &JsonPath<'_>) -> Result<T, FormError>,
    ) -> Result<Vec<T>, FormError> {
        let Kind::Array(values) = &v.kind else {
            return Err(self.wrong_type(v, ["an array of objects", "对象数组"], at));
        };
        // no room reserved past the row limit: reading a list of a million rows stops there
        // (`node`), and reserving for all of them first cost 392 MB
        let mut out = Vec::with_capacity(values.len().min(MAX_NODES + 1));
        for (i, value) in values.iter().enumerate() {
            out.push(item(value, &at.index(i))?);
        }
        Ok(out)
    }

    fn optional_list<T>(
        &self,
        v: &Value<'_>,
        at: &JsonPath<'_>,
        item: impl FnMut(&Value<'_>, &JsonPath<'_>) -> Result<T, FormError>,
    ) -> Result<Option<Vec<T>>, FormError> {
        nullable(v, |v| self.list(v, at, item))
    }

    fn text(&self, v: &Value<'_>, at: &JsonPath<'_>) -> Result<Text, FormError> {
        match &v.kind {
            Kind::String(s) => Ok(Text(s.to_string())),
            Kind::Number(n) => Ok(Text((*n).to_string())),
            _ => Err(self.wrong_type(v, ["a string or a number", "字符串或数字"], at)),
        }
    }

    fn optional_text(&self, v: &Value<'_>, at: &JsonPath<'_>) -> Result<Option<Text>, FormError> {
        nullable(v, |v| self.text(v, at))
    }

    fn string(&self, v: &Value<'_>, at: &JsonPath<'_>) -> Result<String, FormError> {
        match &v.kind {
            Kind::String(s) => Ok(s.to_string()),
            _ => Err(self.wrong_type(v, ["a string", "字符串"], at)),
        }
    }

    fn optional_string(&self, v: &Value<'_>, at: &JsonPath<'_>) -> Result<Option<String>, FormError> {
        nullable(v, |v| self.string(v, at))
    }

    /// One of a fixed set of words.
    fn word<T: Copy>(&self, v: &Value<'_>, at: &JsonPath<'_>, words: &[(&'static str, T)]) -> Result<T, FormError> {
        let Kind::String(s) = &v.kind else {
            return Err(self.wrong_type(v, ["a string", "字符串"], at));
        };
        match words.iter().find(|(w, _)| *w == s.as_ref()) {
            Some((_, value)) => Ok(*value),
            None => {
                let names: Vec<&str> = words.iter().map(|(w, _)| *w).collect();
                Err(self.invalid(
                    [
                        ["unknown variant `", &clip(s), "`, ", &one_of(&names)].concat(),
                        ["「", &clip(s), "」不是可选的值，可用：", &names.join("、")].concat(),
                    ],
                    at.render(),
                    v.start,
                ))
            }
        }
    }

    fn version(&self, v: &Value<'_>, at: &JsonPath<'_>) -> Result<u32, FormError> {
        match &v.kind {
            Kind::Number(n) if !n.contains(['.', 'e', 'E']) => n.parse::<u32>().map_err(|_| {
                self.invalid(
                    [
                        ["invalid value: integer `", &clip(n), "`, expected u32"].concat(),
                        ["整数 ", &clip(n), " 超出范围"].concat(),
                    ],
                    at.render(),
                    v.start,
                )
            }),
            _ => Err(self.wrong_type(v, ["u32", "整数"], at)),
        }
    }

    fn form(&self, v: &Value<'_>, at: &JsonPath<'_>) -> Result<Form, FormError> {
        const NAMES: &[&str] = &[
            "version",
            "template",
            "unit",
            "goals",
            "moneyUnit",
            "budget",
            "indicators",
            "claimed",
            "narrative",
        ];
        let mut form = Form::default();
        let mut version = None;
        self.fields(v, at, NAMES, &mut |name, v, at| {
            match name {
                "version" => version = Some(self.version(v, at)?),
                "template" => form.template = self.optional_string(v, at)?,
                "unit" => form.unit = self.unit(v, at)?,
                "goals" => form.goals = self.goals(v, at)?,
                "moneyUnit" => form.money_unit = self.word(v, at, &MoneyUnit::LABELS)?,
                "budget" => form.budget = self.budget(v, at)?,
                "indicators" => form.indicators = self.list(v, at, |v, at| self.node(v, at))?,
                "claimed" => form.claimed = self.claimed(v, at)?,
                // a 说明 of spaces only is none, as a workbook's blank rows are
                _ => form.narrative = self.optional_string(v, at)?.filter(|t| !t.trim().is_empty()),
            }
            Ok(())
        })?;
        form.version = version.ok_or_else(|| self.missing(v, "version", at))?;
        Ok(form)
    }

    fn unit(&self, v: &Value<'_>, at: &JsonPath<'_>) -> Result<UnitInfo, FormError> {
        let mut unit = UnitInfo::default();
        self.fields(
            v,
            at,
            &["name", "year", "preparer", "phone", "date"],
            &mut |name, v, at| {
                match name {
                    "name" => unit.name = self.optional_string(v, at)?,
                    "year" => unit.year = self.optional_text(v, at)?,
                    "preparer" => unit.preparer = self.optional_string(v, at)?,
                    "phone" => unit.phone = self.optional_string(v, at)?,
                    _ => unit.date = self.optional_string(v, at)?,
                }
                Ok(())
            },
        )?;
        Ok(unit)
    }

    fn goals(&self, v: &Value<'_>, at: &JsonPath<'_>) -> Result<Goals, FormError> {
        let mut goals = Goals::default();
        self.fields(v, at, &["target", "completion", "reason"], &mut |name, v, at| {
            let slot = match name {
                "target" => &mut goals.target,
                "completion" => &mut goals.completion,
                _ => &mut goals.reason,
            };
            *slot = self.optional_string(v, at)?;
            Ok(())
        })?;
        Ok(goals)
    }

    fn budget(&self, v: &Value<'_>, at: &JsonPath<'_>) -> Result<Budget, FormError> {
        let mut budget = Budget::default();
        const NAMES: &[&str] = &["total", "bySource", "byNature", "statedRate", "reason"];
        self.fields(v, at, NAMES, &mut |name, v, at| {
            match name {
                "total" => budget.total = self.column(v, at)?,
                "bySource" => budget.by_source = self.sources(v, at)?,
                "byNature" => budget.by_nature = self.natures(v, at)?,
                "statedRate" => budget.stated_rate = self.optional_text(v, at)?,
                _ => budget.reason = self.optional_string(v, at)?,
            }
            Ok(())
        })?;
        Ok(budget)
    }

    fn column(&self, v: &Value<'_>, at: &JsonPath<'_>) -> Result<Column, FormError> {
        let mut column = Column::default();
        self.fields(v, at, &["planned", "executed"], &mut |name, v, at| {
            let slot = match name {
                "planned" => &mut column.planned,
                _ => &mut column.executed,
            };
            *slot = self.optional_text(v, at)?;
            Ok(())
        })?;
        Ok(column)
    }

    fn sources(&self, v: &Value<'_>, at: &JsonPath<'_>) -> Result<Sources, FormError> {
        let mut sources = Sources::default();
        const NAMES: &[&str] = &["generalPublic", "governmentFund", "stateCapital", "other"];
        self.fields(v, at, NAMES, &mut |name, v, at| {
            let slot = match name {
                "generalPublic" => &mut sources.general_public,
                "governmentFund" => &mut sources.government_fund,
                "stateCapital" => &mut sources.state_capital,
                _ => &mut sources.other,
            };
            *slot = self.column(v, at)?;
            Ok(())
        })?;
        Ok(sources)
    }

    fn natures(&self, v: &Value<'_>, at: &JsonPath<'_>) -> Result<Natures, FormError> {
        let mut natures = Natures::default();
        self.fields(v, at, &["basic", "project"], &mut |name, v, at| {
            let slot = match name {
                "basic" => &mut natures.basic,
                _ => &mut natures.project,
            };
            *slot = self.column(v, at)?;
            Ok(())
        })?;
        Ok(natures)
    }

    fn node(&self, v: &Value<'_>, at: &JsonPath<'_>) -> Result<Node, FormError> {
        const NAMES: &[&str] = &[
            "id", "name", "weight", "children", "rule", "target", "actual", "level", "score", "reason",
        ];
        self.rows.set(self.rows.get() + 1);
        if self.rows.get() > MAX_NODES {
            return Err(too_many_nodes(at));
        }
        let mut node = Node::default();
        let mut id = None;
        self.fields(v, at, NAMES, &mut |name, v, at| {
            match name {
                "id" => id = Some(self.string(v, at)?),
                "name" => node.name = self.optional_string(v, at)?,
                "weight" => node.weight = self.optional_text(v, at)?,
                "children" => node.children = self.optional_list(v, at, |v, at| self.node(v, at))?,
                "rule" => node.rule = nullable(v, |v| self.rule(v, at))?,
                "target" => node.target = self.optional_text(v, at)?,
                "actual" => node.actual = self.optional_text(v, at)?,
                "level" => node.level = self.optional_text(v, at)?,
                "score" => node.score = self.optional_text(v, at)?,
                _ => node.reason = self.optional_string(v, at)?,
            }
            Ok(())
        })?;
        node.id = id.ok_or_else(|| self.missing(v, "id", at))?;
        Ok(node)
    }

    fn rule(&self, v: &Value<'_>, at: &JsonPath<'_>) -> Result<Rule, FormError> {
        const NAMES: &[&str] = &[
            "kind",
            "otherwise",
            "per",
            "deduct",
            "bands",
            "otherwiseScore",
            "levels",
            "items",
            "fullFrom",
        ];
        let mut rule = Rule::of(RuleKind::Manual);
        let mut kind = None;
        self.fields(v, at, NAMES, &mut |name, v, at| {
            match name {
                "kind" => kind = Some(self.word(v, at, &RuleKind::NAMES)?),
                "otherwise" => rule.otherwise = nullable(v, |v| self.word(v, at, &EqualOtherwise::NAMES))?,
                "per" => rule.per = self.optional_text(v, at)?,
                "deduct" => rule.deduct = self.optional_text(v, at)?,
                "bands" => rule.bands = self.optional_list(v, at, |v, at| self.band(v, at))?,
                "otherwiseScore" => rule.otherwise_score = self.optional_text(v, at)?,
                "levels" => rule.levels = nullable(v, |v| self.levels(v, at))?,
                "items" => rule.items = self.optional_list(v, at, |v, at| self.deduction(v, at))?,
                _ => rule.full_from = self.optional_text(v, at)?,
            }
            Ok(())
        })?;
        rule.kind = kind.ok_or_else(|| self.missing(v, "kind", at))?;
        Ok(rule)
    }

    fn levels(&self, v: &Value<'_>, at: &JsonPath<'_>) -> Result<Vec<(String, Text)>, FormError> {
        let mut levels = Vec::new();
        for member in self.object(v, at)? {
            let text = self.text(&member.value, &at.key(&member.key))?;
            levels.push((member.key.to_string(), text));
        }
        Ok(merge_repeated_levels(levels))
    }

    fn band(&self, v: &Value<'_>, at: &JsonPath<'_>) -> Result<Band, FormError> {
        let (mut from, mut up_to, mut score) = (None, None, None);
        self.fields(v, at, &["from", "upTo", "score"], &mut |name, v, at| {
            match name {
                "from" => from = self.optional_text(v, at)?,
                "upTo" => up_to = self.optional_text(v, at)?,
                _ => score = Some(self.text(v, at)?),
            }
            Ok(())
        })?;
        Ok(Band {
            from,
            up_to,
            score: score.ok_or_else(|| self.missing(v, "score", at))?,
        })
    }

    fn deduction(&self, v: &Value<'_>, at: &JsonPath<'_>) -> Result<DeductionItem, FormError> {
        let (mut fault, mut points) = (None, None);
        self.fields(v, at, &["fault", "points"], &mut |name, v, at| {
            match name {
                "fault" => fault = Some(self.string(v, at)?),
                _ => points = Some(self.text(v, at)?),
            }
            Ok(())
        })?;
        Ok(DeductionItem {
            fault: fault.ok_or_else(|| self.missing(v, "fault", at))?,
            points: points.ok_or_else(|| self.missing(v, "points", at))?,
        })
    }

    fn claimed(&self, v: &Value<'_>, at: &JsonPath<'_>) -> Result<Claimed, FormError> {
        let mut claimed = Claimed::default();
        self.fields(v, at, &["score", "grade"], &mut |name, v, at| {
            match name {
                "score" => claimed.score = self.optional_text(v, at)?,
                _ => claimed.grade = self.optional_string(v, at)?,
            }
            Ok(())
        })?;
        Ok(claimed)
    }

    fn template(&self, v: &Value<'_>, at: &JsonPath<'_>) -> Result<Template, FormError> {
        const NAMES: &[&str] = &[
            "id",
            "name",
            "nameEn",
            "description",
            "totalWeight",
            "grades",
            "indicators",
        ];
        let (mut id, mut name, mut name_en, mut description) = (None, None, None, None);
        let (mut total_weight, mut grades, mut indicators) = (None, None, None);
        self.fields(v, at, NAMES, &mut |field, v, at| {
            match field {
                "id" => id = Some(self.string(v, at)?),
                "name" => name = Some(self.string(v, at)?),
                "nameEn" => name_en = Some(self.string(v, at)?),
                "description" => description = self.optional_string(v, at)?,
                "totalWeight" => total_weight = Some(self.text(v, at)?),
                "grades" => grades = self.optional_list(v, at, |v, at| self.grade_band(v, at))?,
                _ => indicators = Some(self.list(v, at, |v, at| self.template_node(v, at))?),
            }
            Ok(())
        })?;
        Ok(Template {
            id: id.ok_or_else(|| self.missing(v, "id", at))?,
            name: name.ok_or_else(|| self.missing(v, "name", at))?,
            name_en: name_en.ok_or_else(|| self.missing(v, "nameEn", at))?,
            description,
            total_weight: total_weight.ok_or_else(|| self.missing(v, "totalWeight", at))?,
            grades,
            indicators: indicators.ok_or_else(|| self.missing(v, "indicators", at))?,
        })
    }

    fn grade_band(&self, v: &Value<'_>, at: &JsonPath<'_>) -> Result<GradeBandSpec, FormError> {
        let (mut min, mut grade, mut grade_en) = (None, None, None);
        self.fields(v, at, &["min", "grade", "gradeEn"], &mut |name, v, at| {
            match name {
                "min" => min = self.optional_text(v, at)?,
                "grade" => grade = Some(self.string(v, at)?),
                _ => grade_en = Some(self.string(v, at)?),
            }
            Ok(())
        })?;
        Ok(GradeBandSpec {
            min,
            grade: grade.ok_or_else(|| self.missing(v, "grade", at))?,
            grade_en: grade_en.ok_or_else(|| self.missing(v, "gradeEn", at))?,
        })
    }

    fn template_node(&self, v: &Value<'_>, at: &JsonPath<'_>) -> Result<TemplateNode, FormError> {
        const NAMES: &[&str] = &["id", "name", "nameEn", "weight", "open", "rule", "target", "children"];
        let (mut id, mut name) = (None, None);
        let mut node = TemplateNode {
            id: String::new(),
            name: String::new(),
            name_en: None,
            weight: None,
            open: false,
            rule: None,
            target: None,
            children: Vec::new(),
        };
        self.fields(v, at, NAMES, &mut |field, v, at| {
            match field {
                "id" => id = Some(self.string(v, at)?),
                "name" => name = Some(self.string(v, at)?),
                "nameEn" => node.name_en = self.optional_string(v, at)?,
                "weight" => node.weight = self.optional_text(v, at)?,
                "open" => {
                    node.open = match v.kind {
                        Kind::Bool(b) => b,
                        _ => return Err(self.wrong_type(v, ["a boolean", "布尔值 true 或 false"], at)),
                    }
                }
                "rule" => node.rule = nullable(v, |v| self.rule(v, at))?,
                "target" => node.target = self.optional_text(v, at)?,
                _ => node.children = self.list(v, at, |v, at| self.template_node(v, at))?,
            }
            Ok(())
        })?;
        node.id = id.ok_or_else(|| self.missing(v, "id", at))?;
        node.name = name.ok_or_else(|| self.missing(v, "name", at))?;
        Ok(node)
    }
}
