//! Loading keeps the form as typed, and the built-in templates are sound.
// Native only: the wasm build is tested by tests/web.rs.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use jixiao::read::{built_in_template, template};
use jixiao::{load, parse_form, Lang};

#[test]
fn loading_gives_back_the_form_as_typed() {
    for (stem, json) in common::samples() {
        let form = parse_form(&json).unwrap();
        let model = load(form.clone()).unwrap();
        assert_eq!(model.to_form(), form, "{stem}");
    }
}

#[test]
fn unparsable_text_is_kept_not_dropped() {
    let json = r#"{"version":1,"budget":{"total":{"planned":"九千","executed":"8 670,53"}},
        "indicators":[{"id":"a","name":"x","weight":"abc","target":"≥?","actual":"很多","children":[]}]}"#;
    let form = parse_form(json).unwrap();
    let model = load(form.clone()).unwrap();
    assert_eq!(model.to_form(), form);
    let back = common::json_value(&model.to_form());
    assert_eq!(back["budget"]["total"]["executed"], "8 670,53");
    assert_eq!(back["indicators"][0]["weight"], "abc");
    assert_eq!(back["indicators"][0]["children"], serde_json::json!([]));
}

#[test]
fn every_template_loads_and_only_its_open_parts_wait_for_rows() {
    let ids: Vec<&str> = template::ids().collect();
    assert_eq!(ids, ["gd-dept-overall", "mof-project"]);
    let open_parts = [
        (
            "gd-dept-overall",
            vec!["indicators.1.1.weight", "indicators.1.2.weight"],
        ),
        ("mof-project", vec!["indicators.1.weight", "indicators.2.weight"]),
    ];
    for (id, expected) in open_parts {
        let t = built_in_template(id).unwrap().unwrap();
        assert_eq!(t.id, id);
        let report = common::report(&format!(r#"{{"version":1,"template":"{id}"}}"#), Lang::ZhCn);
        let waiting: Vec<&str> = report
            .issues
            .iter()
            .filter(|i| i.code == "indicators.parentWeightMismatch")
            .map(|i| i.path.as_str())
            .collect();
        assert_eq!(waiting, expected, "{id}");
        assert_eq!(report.score, "0.00");
    }
}

#[test]
fn template_weights_are_data() {
    // a district using 60/40 changes numbers in the template file, not code: here, in a copy
    let mut t = built_in_template("gd-dept-overall").unwrap().unwrap().clone();
    t.indicators[0].weight = Some("60".into());
    t.indicators[1].weight = Some("40".into());
    assert_eq!(t.indicators[0].name, "履职效能");
}

fn weight(n: &template::TemplateNode) -> rust_decimal::Decimal {
    n.weight
        .as_ref()
        .map(|w| w.as_str().parse().unwrap())
        .unwrap_or_default()
}

#[test]
fn template_leaves_sum_to_the_total_weight() {
    fn leaves(nodes: &[template::TemplateNode]) -> rust_decimal::Decimal {
        nodes
            .iter()
            .map(|n| {
                if n.children.is_empty() {
                    weight(n)
                } else {
                    leaves(&n.children)
                }
            })
            .sum()
    }
    fn parents_match(nodes: &[template::TemplateNode]) {
        for n in nodes {
            if !n.children.is_empty() {
                if let Some(w) = &n.weight {
                    let stated: rust_decimal::Decimal = w.as_str().parse().unwrap();
                    if n.children.iter().all(|c| c.weight.is_some()) {
                        assert_eq!(stated, leaves(&n.children), "{}", n.id);
                    }
                }
                parents_match(&n.children);
            }
        }
    }
    for id in template::ids() {
        let t = built_in_template(id).unwrap().unwrap();
        parents_match(&t.indicators);
        // open parts weigh what their stated weight says once the unit fills them
        let stated: rust_decimal::Decimal = t.indicators.iter().map(weight).sum();
        assert_eq!(stated.to_string(), t.total_weight.as_str(), "{id}");
    }
}

/// Loading trusts a template's ids to be unique (a form's row with a template row's id merges
/// into it), so the templates are held to it here.
#[test]
fn every_template_row_has_its_own_id() {
    fn collect<'t>(rows: &'t [template::TemplateNode], ids: &mut Vec<&'t str>) {
        for row in rows {
            ids.push(row.id.trim());
            collect(&row.children, ids);
        }
    }
    for id in template::ids() {
        let t = built_in_template(id).unwrap().unwrap();
        let mut ids = Vec::new();
        collect(&t.indicators, &mut ids);
        let count = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), count, "{id} repeats an id");
        assert!(count > 10, "{id} has {count} rows");
    }
}
