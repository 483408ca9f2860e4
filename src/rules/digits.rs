//! Where ASCII digits can sit in a pattern's matches, read off its HIR.
//!
//! Nearly every pattern rule (phones, cards, ids, amounts, PIN codes) only
//! ever accepts text with a digit in it, and a match reaches only so far
//! before its first digit, after its last, and between two. With those
//! three bounds the scanner runs the regex only around the digits of a
//! text instead of over all of it (see `redact::scan`); the bounds are
//! computed here, over-approximated, so no match is ever missed.

use regex_syntax::hir::{Class, Hir, HirKind};

/// Bounds over every match of a pattern that holds a digit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DigitReach {
    /// Most bytes before the first digit.
    pub before: usize,
    /// Most bytes after the last digit.
    pub after: usize,
    /// Most bytes between two consecutive digits.
    pub gap: usize,
}

impl DigitReach {
    /// The larger bound of each kind.
    pub fn max(self, other: DigitReach) -> DigitReach {
        DigitReach {
            before: self.before.max(other.before),
            after: self.after.max(other.after),
            gap: self.gap.max(other.gap),
        }
    }
}

/// What is known about a pattern's matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Digits {
    /// The longest match without a digit, if there can be one.
    pub free: Option<usize>,
    /// Bounds over the matches with a digit, if there can be one.
    pub with: Option<DigitReach>,
}

/// [`Digits`] of `hir`, or `None` when a repetition is unbounded (rules
/// never are: each pattern has a length bound).
pub fn digits(hir: &Hir) -> Option<Digits> {
    Some(match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => EMPTY,
        HirKind::Literal(lit) => lit.0.iter().fold(EMPTY, |acc, &b| {
            concat(acc, byte_class(b.is_ascii_digit(), !b.is_ascii_digit(), 1))
        }),
        HirKind::Class(Class::Bytes(c)) => {
            let has = |pred: fn(u8) -> bool| c.iter().any(|r| (r.start()..=r.end()).any(pred));
            byte_class(has(|b| b.is_ascii_digit()), has(|b| !b.is_ascii_digit()), 1)
        }
        HirKind::Class(Class::Unicode(c)) => {
            // A char of the class is one to four bytes, a digit only when it
            // is an ASCII digit.
            let digit = c.iter().any(|r| r.start() <= '9' && r.end() >= '0');
            let other = c.iter().any(|r| r.start() < '0' || r.end() > '9');
            let widest = c.iter().map(|r| r.end().len_utf8()).max().unwrap_or(1);
            byte_class(digit, other, widest)
        }
        HirKind::Repetition(rep) => {
            let max = rep.max?;
            let sub = digits(&rep.sub)?;
            let mut power = EMPTY;
            let mut acc = None;
            for k in 0..=max {
                if k >= rep.min {
                    acc = Some(acc.map_or(power, |a| union(a, power)));
                }
                if k < max {
                    power = concat(power, sub);
                }
            }
            acc.unwrap_or(EMPTY)
        }
        HirKind::Capture(cap) => digits(&cap.sub)?,
        HirKind::Concat(subs) => {
            let mut acc = EMPTY;
            for s in subs {
                acc = concat(acc, digits(s)?);
            }
            acc
        }
        HirKind::Alternation(subs) => {
            let mut acc: Option<Digits> = None;
            for s in subs {
                let d = digits(s)?;
                acc = Some(acc.map_or(d, |a| union(a, d)));
            }
            acc.unwrap_or(NEVER)
        }
    })
}

/// The empty match.
const EMPTY: Digits = Digits {
    free: Some(0),
    with: None,
};

/// No match at all.
const NEVER: Digits = Digits {
    free: None,
    with: None,
};

/// One item of `width` bytes at most that can be a digit and/or not.
fn byte_class(digit: bool, other: bool, width: usize) -> Digits {
    Digits {
        free: other.then_some(width),
        with: digit.then_some(DigitReach::default()),
    }
}

fn union(a: Digits, b: Digits) -> Digits {
    Digits {
        free: max_opt(a.free, b.free),
        with: match (a.with, b.with) {
            (Some(x), Some(y)) => Some(x.max(y)),
            (x, y) => x.or(y),
        },
    }
}

/// `a` followed by `b`: where the digits of the whole can be, by which part
/// holds them.
fn concat(a: Digits, b: Digits) -> Digits {
    let mut with: Option<DigitReach> = None;
    let mut add = |r: DigitReach| with = Some(with.map_or(r, |w| w.max(r)));
    if let (Some(x), Some(y)) = (a.with, b.with) {
        add(DigitReach {
            before: x.before,
            after: y.after,
            gap: x.gap.max(y.gap).max(x.after + y.before),
        });
    }
    if let (Some(x), Some(free)) = (a.with, b.free) {
        add(DigitReach {
            after: x.after + free,
            ..x
        });
    }
    if let (Some(free), Some(y)) = (a.free, b.with) {
        add(DigitReach {
            before: free + y.before,
            ..y
        });
    }
    Digits {
        free: a.free.zip(b.free).map(|(x, y)| x + y),
        with,
    }
}

fn max_opt(a: Option<usize>, b: Option<usize>) -> Option<usize> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.max(y)),
        (x, y) => x.or(y),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex_automata::util::syntax;

    fn of(pattern: &str) -> Digits {
        let config = syntax::Config::new()
            .unicode(false)
            .utf8(false)
            .ignore_whitespace(true);
        digits(&syntax::parse_with(pattern, &config).expect("parses")).expect("bounded")
    }

    #[test]
    fn bounds_follow_the_pattern_shape() {
        let d = of(r"(?i: order | ref ) \s{1,2} [A-Z0-9]{2,5} \b");
        assert_eq!(d.free, Some(12));
        assert_eq!(
            d.with,
            Some(DigitReach {
                before: 5 + 2 + 4,
                after: 4,
                gap: 3,
            })
        );
        let phone = of(r"\+ 91 [\ \-]? [6-9][0-9]{4} [\ \-]? [0-9]{5}");
        assert_eq!(phone.free, None);
        assert_eq!(
            phone.with,
            Some(DigitReach {
                before: 1,
                after: 0,
                gap: 1,
            })
        );
        assert_eq!(of("[a-z]{1,3}").with, None);
    }

    #[test]
    fn unbounded_repetition_has_no_bounds() {
        let config = syntax::Config::new();
        let hir = syntax::parse_with("a[0-9]+", &config).expect("parses");
        assert_eq!(digits(&hir), None);
    }
}
