//! Detection quality on two labeled corpora. Computes precision and recall
//! per type over every line of every file, prints the table, and fails below
//! the floors. A detection counts only with the exact labeled span and type.
//!
//! - `tests/corpus`: written without reading the rules, but the rules were
//!   then tuned while looking at its misses, so it is the development set.
//!   It must meet the floors the product promises.
//! - `tests/corpus_holdout`: written blind by a separate session (different
//!   templates and value lists) and never used for tuning. It measures how
//!   detection generalizes; its floors are set below the measured values
//!   (see README), as a regression guard.
//!
//! `VEIL_CORPUS_MISSES=1` prints every false positive and false negative.

use std::collections::BTreeMap;
use std::sync::Arc;

use veil::entity::EntityType;
use veil::policy::Policy;
use veil::redact::Redactor;
use veil::rules::RuleSet;

#[derive(Debug, serde::Deserialize)]
struct Line {
    text: String,
    entities: Vec<Label>,
}

#[derive(Debug, serde::Deserialize)]
struct Label {
    #[serde(rename = "type")]
    ty: String,
    start: usize,
    end: usize,
}

#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Counts {
    fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

/// The promised floors (issue #2): checksum/format types, then types that
/// need context, then names and addresses.
fn floor(ty: EntityType) -> f64 {
    use EntityType::*;
    match ty {
        Aadhaar | Pan | Ssn | Ifsc | Card | Email | Upi | Ip => 0.97,
        Phone | Money | OrderId | BankAccount => 0.95,
        Name | Address => 0.90,
    }
}

/// Regression floors for the held-out corpus: about 0.03 below what was
/// measured when it was added (2026-11-23; README has the table). Below the
/// promised floors for name, address, order_id and ssn: that gap is the
/// honest generalization error, reported rather than tuned away.
fn holdout_floor(ty: EntityType) -> f64 {
    use EntityType::*;
    match ty {
        Name => 0.76,
        Address => 0.86,
        OrderId => 0.88,
        Ssn => 0.90,
        BankAccount => 0.91,
        Phone => 0.93,
        Card => 0.94,
        Aadhaar | Pan | Ifsc | Email | Upi | Ip | Money => 0.97,
    }
}

fn corpus_lines(subdir: &str) -> Vec<Line> {
    let dir = format!("{}/tests/{subdir}", env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no corpus files in {dir}");
    files
        .iter()
        .flat_map(|p| {
            std::fs::read_to_string(p)
                .expect("corpus file readable")
                .lines()
                .map(|l| serde_json::from_str::<Line>(l).expect("corpus line is valid"))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Char offset → byte offset.
fn byte_at(text: &str, char_idx: usize) -> usize {
    text.char_indices()
        .nth(char_idx)
        .map_or(text.len(), |(b, _)| b)
}

/// Scores the corpus in `tests/<subdir>`, prints the table, and fails when
/// a type is below `floor(type)`.
fn assert_floors(subdir: &str, floor: impl Fn(EntityType) -> f64) {
    let redactor = Redactor::new(
        Arc::new(RuleSet::embedded().expect("rules")),
        Policy::default(),
    );
    let mut scratch = redactor.scratch();
    let mut counts: BTreeMap<EntityType, Counts> = EntityType::ALL
        .iter()
        .map(|t| (*t, Counts::default()))
        .collect();
    let mut misses: BTreeMap<EntityType, Vec<String>> = BTreeMap::new();
    let lines = corpus_lines(subdir);
    for line in &lines {
        let expected: Vec<(EntityType, usize, usize)> = line
            .entities
            .iter()
            .map(|l| {
                let ty: EntityType = l.ty.parse().expect("corpus type is known");
                (ty, byte_at(&line.text, l.start), byte_at(&line.text, l.end))
            })
            .collect();
        // Token-shaped input (`Hi {{name:1}}`) is tokenized by contract so
        // that detokenize(redact(x)) == x; it is not a detection to score.
        let found: Vec<_> = redactor
            .scan(&mut scratch, &line.text)
            .into_iter()
            .filter(|e| veil::token::parse_lenient(&line.text[e.start..e.end]).is_none())
            .collect();
        for e in &found {
            let c = counts.get_mut(&e.ty).expect("all types");
            if expected.contains(&(e.ty, e.start, e.end)) {
                c.tp += 1;
            } else {
                c.fp += 1;
                misses.entry(e.ty).or_default().push(format!(
                    "FP {:?} in {:?}",
                    &line.text[e.start..e.end],
                    line.text
                ));
            }
        }
        for &(ty, s, e) in &expected {
            if !found
                .iter()
                .any(|f| f.ty == ty && f.start == s && f.end == e)
            {
                counts.get_mut(&ty).expect("all types").fn_ += 1;
                misses.entry(ty).or_default().push(format!(
                    "FN {:?} in {:?}",
                    &line.text[s..e],
                    line.text
                ));
            }
        }
    }

    let mut table = format!(
        "\ntests/{subdir}: {} lines\n{:<13} {:>6} {:>6} {:>6} {:>9} {:>7} {:>6}\n",
        lines.len(),
        "type",
        "tp",
        "fp",
        "fn",
        "precision",
        "recall",
        "floor"
    );
    let mut below = Vec::new();
    for (ty, c) in &counts {
        let (p, r) = (c.precision(), c.recall());
        table.push_str(&format!(
            "{:<13} {:>6} {:>6} {:>6} {:>9.3} {:>7.3} {:>6.2}\n",
            ty.as_str(),
            c.tp,
            c.fp,
            c.fn_,
            p,
            r,
            floor(*ty)
        ));
        if p < floor(*ty) || r < floor(*ty) {
            below.push(*ty);
        }
    }
    println!("{table}");
    if std::env::var_os("VEIL_CORPUS_MISSES").is_some() {
        for (ty, m) in &misses {
            for line in m {
                println!("{ty}: {line}");
            }
        }
    }
    assert!(below.is_empty(), "below the floor: {below:?}{table}");
}

#[test]
fn development_corpus_meets_the_promised_floors() {
    assert_floors("corpus", floor);
}

#[test]
fn holdout_corpus_stays_above_its_regression_floors() {
    assert_floors("corpus_holdout", holdout_floor);
}
