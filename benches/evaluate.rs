//! `cargo bench --bench evaluate`: median time to parse, score and check forms of 10 to 10,000
//! leaves, from JSON text to report (the `Report` value, and its JSON text), and to edit their tree
//! (a row added and removed). Prints medians and the ratio to the goal of 0.5 µs per leaf, and the
//! floor under that goal: the form's text parsed and its finished report written, nothing else.
//! It asserts nothing, because time on a shared machine is not a test. Measured with the allocator
//! the CLI ships (mimalloc), as a reviewer's run gets it.

use std::hint::black_box;
use std::time::{Duration, Instant};

use jixiao::read::json;
use jixiao::report::json::to_json;
use jixiao::{evaluate_json, Evaluator, Options, RowKind};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const GOAL_NS_PER_LEAF: f64 = 500.0;
const SAMPLES: usize = 21;
const SAMPLE_TARGET: Duration = Duration::from_millis(20);

/// A form of `leaves` leaves (10 per parent) that exercises every implied rule and most checks.
fn form(leaves: usize) -> String {
    let weight = rust_decimal::Decimal::ONE_HUNDRED / rust_decimal::Decimal::from(leaves as u64);
    let cells = [
        (r#""target":"≥90%","actual":"85.5%""#, "reason", "受疫情影响"),
        (r#""target":"≤50万元","actual":"48万元""#, "score", ""),
        (r#""target":"=100%","actual":"100%""#, "score", ""),
        (r#""target":"按时完成","actual":"按时完成""#, "score", ""),
        (r#""rule":{"kind":"levels"},"level":"良""#, "reason", "部分完成"),
    ];
    let mut parents = Vec::new();
    for p in 0..leaves.div_ceil(10) {
        let mut children = Vec::new();
        for c in 0..10.min(leaves - p * 10) {
            let (values, extra_key, extra) = cells[(p * 10 + c) % cells.len()];
            let extra = if extra.is_empty() {
                String::new()
            } else {
                format!(r#","{extra_key}":"{extra}""#)
            };
            children.push(format!(
                r#"{{"id":"{p}.{c}","name":"指标{p}.{c}","weight":"{weight}",{values}{extra}}}"#
            ));
        }
        parents.push(format!(
            r#"{{"id":"{p}","name":"一级{p}","children":[{}]}}"#,
            children.join(",")
        ));
    }
    format!(
        r#"{{"version":1,"unit":{{"name":"基准单位","year":"2024"}},
        "budget":{{"total":{{"planned":"9,022.41","executed":"8,670.53"}},
        "bySource":{{"generalPublic":{{"executed":"7,110.54"}},"governmentFund":{{"executed":"1,559.98"}}}},
        "byNature":{{"basic":{{"executed":"3,042.3"}},"project":{{"executed":"5,670.53"}}}},"statedRate":"96.1%"}},
        "indicators":[{}],"claimed":{{"score":"90","grade":"优"}}}}"#,
        parents.join(",")
    )
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

/// Median nanoseconds of one call of `run`, over SAMPLES samples of calibrated size.
fn median_ns(mut run: impl FnMut()) -> f64 {
    let start = Instant::now();
    let mut runs = 0u32;
    while start.elapsed() < SAMPLE_TARGET / 4 || runs == 0 {
        run();
        runs += 1;
    }
    let per_sample = (runs * 4).max(1);
    let samples: Vec<f64> = (0..SAMPLES)
        .map(|_| {
            let t = Instant::now();
            for _ in 0..per_sample {
                run();
            }
            t.elapsed().as_nanos() as f64 / per_sample as f64
        })
        .collect();
    median(samples)
}

/// The floor under the figure above: the form's JSON text parsed into the engine's JSON tree,
/// and its report, already made, written as JSON text. No evaluation with this reader and this
/// writer does less; what the goal leaves above it is all that building the model, scoring,
/// checking and making the report's rows and messages may take.
fn floor_table(options: &Options) {
    println!("the floor: the JSON text parsed, and the finished report written, nothing else");
    println!(
        "{:>8} {:>12} {:>16} {:>12} {:>12} {:>16} {:>14}",
        "leaves", "parse", "serde_json parse", "write", "floor/leaf", "jixiao/leaf", "goal ÷ floor"
    );
    for leaves in [100usize, 10_000] {
        let text = form(leaves);
        let Ok(report) = evaluate_json(&text, options) else {
            continue;
        };
        let parse = median_ns(|| {
            black_box(json::parse(black_box(&text)).ok());
        });
        let write = median_ns(|| {
            black_box(to_json(black_box(&report)));
        });
        let peer = median_ns(|| {
            black_box(serde_json::from_str::<serde_json::Value>(black_box(&text)).ok());
        });
        let full = median_ns(|| {
            black_box(evaluate_json(black_box(&text), options).ok().map(|r| to_json(&r)));
        });
        let floor_per_leaf = (parse + write) / leaves as f64;
        println!(
            "{leaves:>8} {:>9.1} µs {:>13.1} µs {:>9.1} µs {floor_per_leaf:>9.0} ns {:>13.0} ns {:>13.2}×",
            parse / 1000.0,
            peer / 1000.0,
            write / 1000.0,
            full / leaves as f64,
            GOAL_NS_PER_LEAF / floor_per_leaf
        );
    }
    println!("a goal ÷ floor below 1 means the goal leaves less than the floor itself");
    println!("serde_json parse: the same text into serde_json's Value, as this crate builds it (arbitrary precision, keys in order)");
}

fn main() {
    let options = Options::default();
    println!("jixiao evaluate: JSON text → report (parse + score + checks), median of {SAMPLES} samples, mimalloc");
    println!(
        "{:>8} {:>10} {:>14} {:>12} {:>14} {:>14} {:>12} {:>14}",
        "leaves", "bytes", "→ Report", "ns/leaf", "goal ratio", "→ JSON text", "ns/leaf", "goal ratio"
    );
    for leaves in [10usize, 100, 1_000, 10_000] {
        let json = form(leaves);
        let report = evaluate_json(&json, &options).expect("benchmark form loads");
        assert_eq!(report.leaves.len(), leaves);
        if std::env::var_os("BENCH_SHOW_ISSUES").is_some() {
            let mut codes: Vec<&str> = report.issues.iter().map(|i| i.code).collect();
            codes.sort();
            codes.dedup();
            eprintln!("{leaves} leaves: {} issues {codes:?}", report.issues.len());
        }
        let m = median_ns(|| {
            black_box(evaluate_json(black_box(&json), &options).ok());
        });
        let text = median_ns(|| {
            black_box(evaluate_json(black_box(&json), &options).ok().map(|r| to_json(&r)));
        });
        let (per_leaf, text_per_leaf) = (m / leaves as f64, text / leaves as f64);
        println!(
            "{leaves:>8} {:>10} {:>11.1} µs {per_leaf:>12.0} {:>13.2}× {:>11.1} µs {text_per_leaf:>12.0} {:>13.2}×",
            json.len(),
            m / 1000.0,
            GOAL_NS_PER_LEAF / per_leaf,
            text / 1000.0,
            GOAL_NS_PER_LEAF / text_per_leaf
        );
    }
    println!("goal: ≤ {GOAL_NS_PER_LEAF} ns per leaf; a goal ratio > 1 means faster than that");
    println!();
    floor_table(&options);
    println!();
    println!("jixiao Evaluator: a keystroke (set), and a row added under the middle group and removed");
    println!("{:>8} {:>14} {:>16}", "leaves", "keystroke", "add + remove");
    for leaves in [10usize, 100, 1_000, 10_000] {
        let mut e = Evaluator::from_json(&form(leaves), &options).expect("benchmark form loads");
        let group = (leaves.div_ceil(10) / 2).to_string();
        let path = format!("indicators.{group}.0.actual");
        let mut flip = false;
        let keystroke = median_ns(|| {
            flip = !flip;
            black_box(e.set(&path, if flip { "40%" } else { "85.5%" }).ok());
        });
        let edit = median_ns(|| {
            let id = e
                .add_row(Some(&group), None, RowKind::Leaf)
                .map(|(id, c)| (id, c.to_change()));
            if let Ok((id, _)) = black_box(id) {
                black_box(e.remove_row(&id).ok().map(|c| c.to_change()));
            }
        });
        println!("{leaves:>8} {:>11.1} µs {:>13.1} µs", keystroke / 1000.0, edit / 1000.0);
    }
}
