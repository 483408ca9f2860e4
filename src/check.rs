//! Runs every rule's examples and counterexamples through the full engine
//! (`veil check`, and a test). An example passes when each marked span is
//! found exactly, as the rule's type; a counterexample passes when no entity
//! of the rule's type is found.

use std::fmt;

use crate::entity::Entity;
use crate::redact::Redactor;
use crate::rules::RuleSet;

/// One example that did not behave as written.
#[derive(Debug, Clone)]
pub struct ExampleFailure {
    /// File and rule of the example.
    pub origin: String,
    /// The example text (rule files hold made-up data, never real PII).
    pub text: String,
    /// What was expected.
    pub expected: String,
    /// What the engine found, as `type[start..end]="text"`.
    pub found: String,
}

impl fmt::Display for ExampleFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {:?}\n    expected {}\n    found    {}",
            self.origin, self.text, self.expected, self.found
        )
    }
}

/// Checks all examples of `rules` with a redactor over them.
pub fn check_examples(rules: &RuleSet, redactor: &Redactor) -> Vec<ExampleFailure> {
    let mut scratch = redactor.scratch();
    let mut failures = Vec::new();
    for ex in &rules.examples {
        let found = redactor.scan(&mut scratch, &ex.text);
        let of_type: Vec<&Entity> = found.iter().filter(|e| e.ty == ex.ty).collect();
        let ok = if ex.counter {
            of_type.is_empty()
        } else {
            ex.expected
                .iter()
                .all(|r| of_type.iter().any(|e| e.start == r.start && e.end == r.end))
        };
        if !ok {
            let show = |e: &Entity| {
                format!(
                    "{}[{}..{}]={:?}",
                    e.ty,
                    e.start,
                    e.end,
                    &ex.text[e.start..e.end]
                )
            };
            failures.push(ExampleFailure {
                origin: format!("{} `{}`", ex.file, ex.rule),
                text: ex.text.clone(),
                expected: if ex.counter {
                    format!("no {}", ex.ty)
                } else {
                    ex.expected
                        .iter()
                        .map(|r| {
                            format!(
                                "{}[{}..{}]={:?}",
                                ex.ty,
                                r.start,
                                r.end,
                                &ex.text[r.clone()]
                            )
                        })
                        .collect::<Vec<_>>()
                        .join(", ")
                },
                found: found.iter().map(show).collect::<Vec<_>>().join(", "),
            });
        }
    }
    failures
}
