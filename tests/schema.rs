//! The committed JSON Schema is generated from the Rust types; this fails when they drift.
// Native only: the wasm build is tested by tests/web.rs.
#![cfg(not(target_arch = "wasm32"))]

mod common;

#[test]
fn committed_schema_matches_the_types() {
    let generated = jixiao::schema::form_schema() + "\n";
    let committed = common::read("schema/form-v1.schema.json");
    assert!(
        generated == committed,
        "schema/form-v1.schema.json is stale: run `make schema` and commit it"
    );
}

#[test]
fn schema_forbids_unknown_fields_everywhere() {
    let schema: serde_json::Value = serde_json::from_str(&common::read("schema/form-v1.schema.json")).unwrap();
    let defs = schema["$defs"].as_object().unwrap();
    for (name, def) in defs {
        if def["type"] == "object" {
            assert_eq!(def["additionalProperties"], false, "{name} allows unknown fields");
        }
    }
    assert_eq!(schema["additionalProperties"], false);
}
