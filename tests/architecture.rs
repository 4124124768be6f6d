//! The source tree is the pipeline: each stage (`read` → `model` → `score` → `report`) uses only
//! the shared modules and the stages before it, the shared modules use only each other, and no
//! files of the library import each other in a circle (a child that imported a sibling through its
//! parent's re-export would close one).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Shared by every stage.
const SHARED: &[&str] = &["decimal", "finding", "messages", "row_ids"];
/// The stages in pipeline order; anything else at the top is the edge (entry points).
const STAGES: &[&str] = &["read", "model", "score", "narrative", "report"];

fn rank(module: &str) -> usize {
    let top = module.split("::").next().unwrap_or("");
    if SHARED.contains(&top) {
        0
    } else if let Some(i) = STAGES.iter().position(|s| *s == top) {
        i + 1
    } else {
        STAGES.len() + 1
    }
}

/// Every library source file (not the CLI) by module path: `read::json`, `read` for
/// `read/mod.rs`, `` for `lib.rs`.
fn modules() -> BTreeMap<String, PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                if path.file_name().unwrap() != "bin" {
                    walk(&path, out);
                }
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    walk(&root, &mut files);
    files
        .into_iter()
        .map(|file| {
            let relative = file.strip_prefix(&root).unwrap().with_extension("");
            let mut parts: Vec<String> = relative.iter().map(|p| p.to_string_lossy().into_owned()).collect();
            if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
                parts.pop();
            }
            (parts.join("::"), file)
        })
        .collect()
}

/// The modules a file refers to: `crate::a::b…` anywhere in its code before its unit tests, and a
/// parent's `child::…`, each resolved to the longest module path that is a file.
fn imports(module: &str, file: &Path, known: &BTreeMap<String, PathBuf>) -> BTreeSet<String> {
    let text = std::fs::read_to_string(file).unwrap();
    let code = text.split("#[cfg(test)]").next().unwrap_or("");
    let mut found = BTreeSet::new();
    let resolve = |path: &str, found: &mut BTreeSet<String>| {
        let segments: Vec<&str> = path.split("::").collect();
        for len in (1..=segments.len()).rev() {
            let candidate = segments[..len].join("::");
            if known.contains_key(&candidate) {
                found.insert(candidate);
                return;
            }
        }
    };
    // comments out, lines joined: a `use` group may span lines
    let code: Vec<&str> = code.lines().map(str::trim).filter(|l| !l.starts_with("//")).collect();
    let code = code.join(" ");
    for (at, _) in code.match_indices("crate::") {
        {
            let rest = &code[at + "crate::".len()..];
            let path: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            let path = path.trim_end_matches(':');
            // `crate::read::{a, b::C}`: each item of the group
            let after = &rest[path.len()..];
            if let Some(group) = after.strip_prefix("::{") {
                let group = group.split('}').next().unwrap_or("");
                for item in group.split(',').map(str::trim).filter(|i| !i.is_empty()) {
                    // a nested group (`number::{self, Reading}`) is its module
                    let item = item.split("::{").next().unwrap_or(item);
                    let item = item.split(" as ").next().unwrap_or(item);
                    let item = if item == "self" {
                        String::new()
                    } else {
                        format!("::{item}")
                    };
                    resolve(&format!("{path}{item}"), &mut found);
                }
            } else {
                resolve(path, &mut found);
            }
        }
    }
    // a parent's own children, named by a relative path (`decode::form`, `pub use change::Change`)
    let prefix = if module.is_empty() {
        String::new()
    } else {
        format!("{module}::")
    };
    for child in known
        .keys()
        .filter_map(|k| k.strip_prefix(&prefix))
        .filter(|c| !c.contains("::"))
    {
        let token = format!("{child}::");
        let named = code.match_indices(&token).any(|(at, _)| {
            let before = code[..at].chars().next_back();
            !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':')
        });
        if !child.is_empty() && named {
            found.insert(format!("{prefix}{child}"));
        }
    }
    found.remove(module);
    // the crate root only declares and re-exports; every module may name items it defines there
    found.remove("");
    found
}

#[test]
fn stages_use_only_earlier_stages_and_shared_modules() {
    let known = modules();
    let mut wrong = Vec::new();
    for (module, file) in &known {
        for target in imports(module, file, &known) {
            if rank(&target) > rank(module) {
                wrong.push(format!("{module} uses {target}"));
            }
        }
    }
    assert!(wrong.is_empty(), "imports against the pipeline:\n{}", wrong.join("\n"));
    // the check sees what it is meant to: the report uses the scoring stage
    let report = &known["report"];
    assert!(imports("report", report, &known).iter().any(|m| m.starts_with("score")));
}

#[test]
fn no_files_import_each_other_in_a_circle() {
    let known = modules();
    let graph: BTreeMap<String, BTreeSet<String>> = known
        .iter()
        .map(|(module, file)| (module.clone(), imports(module, file, &known)))
        .collect();
    // depth-first search for a back edge, reporting the circle it closes
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(node.to_string(), 1);
        stack.push(node.to_string());
        for next in &graph[node] {
            match state.get(next.as_str()).copied().unwrap_or(0) {
                1 => {
                    let from = stack.iter().position(|m| m == next).unwrap();
                    let mut circle = stack[from..].to_vec();
                    circle.push(next.clone());
                    return Some(circle);
                }
                0 => {
                    if let Some(circle) = visit(next, graph, state, stack) {
                        return Some(circle);
                    }
                }
                _ => {}
            }
        }
        stack.pop();
        state.insert(node.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for module in graph.keys() {
        if !state.contains_key(module) {
            let circle = visit(module, &graph, &mut state, &mut Vec::new());
            assert!(circle.is_none(), "a circle: {}", circle.unwrap_or_default().join(" → "));
        }
    }
    assert!(graph.len() > 20, "{} modules found", graph.len());
}
