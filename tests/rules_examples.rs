//! Every example and counterexample written in `rules/` holds for the
//! embedded rule set.

use std::sync::Arc;

use veil::check::check_examples;
use veil::policy::Policy;
use veil::redact::Redactor;
use veil::rules::RuleSet;

#[test]
fn every_rule_example_and_counterexample_holds() {
    let rules = Arc::new(RuleSet::embedded().expect("embedded rules compile"));
    let redactor = Redactor::new(rules.clone(), Policy::default());
    let failures = check_examples(&rules, &redactor);
    let report: Vec<String> = failures.iter().map(ToString::to_string).collect();
    assert!(
        failures.is_empty(),
        "{} of {} examples failed:\n{}",
        failures.len(),
        rules.examples.len(),
        report.join("\n")
    );
}
