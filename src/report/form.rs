//! The form and the templates written back as JSON (`Evaluator.form()`, `jixiao template`), keys
//! in the order the types declare them, members left out where the format leaves them out.

use crate::read::form::{
    Band, Budget, Claimed, Column, DeductionItem, EqualOtherwise, Form, Goals, Natures, Node, Rule, RuleKind, Sources,
    Text, UnitInfo,
};
use crate::read::number::MoneyUnit;
use crate::read::template::{GradeBandSpec, Template, TemplateNode};
use crate::report::json::{ObjectWriter, ToJson};

impl ToJson for MoneyUnit {
    fn write_json(&self, out: &mut String) {
        self.label().write_json(out);
    }
}

impl ToJson for Text {
    fn write_json(&self, out: &mut String) {
        self.0.write_json(out);
    }
}

impl ToJson for Form {
    fn write_json(&self, out: &mut String) {
        let mut object = ObjectWriter::new(out);
        object
            .field("version", &self.version)
            .optional("template", &self.template)
            .field("unit", &self.unit);
        if !self.goals.is_empty() {
            object.field("goals", &self.goals);
        }
        object
            .field("moneyUnit", &self.money_unit)
            .field("budget", &self.budget)
            .field("indicators", &self.indicators);
        if !self.claimed.is_empty() {
            object.field("claimed", &self.claimed);
        }
        object.optional("narrative", &self.narrative).end();
    }
}

impl ToJson for UnitInfo {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .optional("name", &self.name)
            .optional("year", &self.year)
            .optional("preparer", &self.preparer)
            .optional("phone", &self.phone)
            .optional("date", &self.date)
            .end();
    }
}

impl ToJson for Goals {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .optional("target", &self.target)
            .optional("completion", &self.completion)
            .optional("reason", &self.reason)
            .end();
    }
}

impl ToJson for Budget {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .field("total", &self.total)
            .field("bySource", &self.by_source)
            .field("byNature", &self.by_nature)
            .optional("statedRate", &self.stated_rate)
            .optional("reason", &self.reason)
            .end();
    }
}

impl ToJson for Column {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .optional("planned", &self.planned)
            .optional("executed", &self.executed)
            .end();
    }
}

impl ToJson for Sources {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .field("generalPublic", &self.general_public)
            .field("governmentFund", &self.government_fund)
            .field("stateCapital", &self.state_capital)
            .field("other", &self.other)
            .end();
    }
}

impl ToJson for Natures {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .field("basic", &self.basic)
            .field("project", &self.project)
            .end();
    }
}

impl ToJson for Node {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .field("id", &self.id)
            .optional("name", &self.name)
            .optional("weight", &self.weight)
            .optional("children", &self.children)
            .optional("rule", &self.rule)
            .optional("target", &self.target)
            .optional("actual", &self.actual)
            .optional("level", &self.level)
            .optional("score", &self.score)
            .optional("reason", &self.reason)
            .end();
    }
}

impl ToJson for RuleKind {
    fn write_json(&self, out: &mut String) {
        self.as_str().write_json(out);
    }
}

impl ToJson for EqualOtherwise {
    fn write_json(&self, out: &mut String) {
        let word = Self::NAMES.iter().find(|(_, o)| o == self).map_or("", |(w, _)| w);
        word.write_json(out);
    }
}

impl ToJson for Rule {
    fn write_json(&self, out: &mut String) {
        let mut object = ObjectWriter::new(out);
        object
            .field("kind", &self.kind)
            .optional("otherwise", &self.otherwise)
            .optional("per", &self.per)
            .optional("deduct", &self.deduct)
            .optional("bands", &self.bands)
            .optional("otherwiseScore", &self.otherwise_score);
        if let Some(levels) = &self.levels {
            object.field("levels", &Levels(levels));
        }
        object
            .optional("items", &self.items)
            .optional("fullFrom", &self.full_from)
            .end();
    }
}

struct Levels<'l>(&'l [(String, Text)]);

impl ToJson for Levels<'_> {
    fn write_json(&self, out: &mut String) {
        let mut object = ObjectWriter::new(out);
        for (word, fraction) in self.0 {
            object.entry(word, fraction);
        }
        object.end();
    }
}

impl ToJson for Band {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .optional("from", &self.from)
            .optional("upTo", &self.up_to)
            .field("score", &self.score)
            .end();
    }
}

impl ToJson for DeductionItem {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .field("fault", &self.fault)
            .field("points", &self.points)
            .end();
    }
}

impl ToJson for Claimed {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .optional("score", &self.score)
            .optional("grade", &self.grade)
            .end();
    }
}

impl ToJson for Template {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .field("id", &self.id)
            .field("name", &self.name)
            .field("nameEn", &self.name_en)
            .optional("description", &self.description)
            .field("totalWeight", &self.total_weight)
            .optional("grades", &self.grades)
            .field("indicators", &self.indicators)
            .end();
    }
}

impl ToJson for GradeBandSpec {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .optional("min", &self.min)
            .field("grade", &self.grade)
            .field("gradeEn", &self.grade_en)
            .end();
    }
}

impl ToJson for TemplateNode {
    fn write_json(&self, out: &mut String) {
        let mut object = ObjectWriter::new(out);
        object
            .field("id", &self.id)
            .field("name", &self.name)
            .optional("nameEn", &self.name_en)
            .optional("weight", &self.weight);
        if self.open {
            object.field("open", &true);
        }
        object.optional("rule", &self.rule).optional("target", &self.target);
        if !self.children.is_empty() {
            object.field("children", &self.children);
        }
        object.end();
    }
}
