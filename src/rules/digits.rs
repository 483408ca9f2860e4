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
    reach(hir, Anchor::Digit)
}

/// The bytes whose positions bound where a group's matches can be: the
/// group is searched only near them (see `redact::scan`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// ASCII digits.
    Digit,
    /// One byte (an ASCII byte: the first of a group's required literal).
    Byte(u8),
}

impl Anchor {
    /// Whether `b` is an anchor byte.
    pub fn is(self, b: u8) -> bool {
        match self {
            Anchor::Digit => b.is_ascii_digit(),
            Anchor::Byte(x) => b == x,
        }
    }
}

/// [`digits`] for any [`Anchor`]: the same bounds, with the anchor's bytes
/// in the place of digits (`Digits::free` is then the longest match
/// without an anchor byte).
pub fn reach(hir: &Hir, anchor: Anchor) -> Option<Digits> {
    Some(match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => EMPTY,
        HirKind::Literal(lit) => lit.0.iter().fold(EMPTY, |acc, &b| {
            concat(acc, byte_class(anchor.is(b), !anchor.is(b), 1))
        }),
        HirKind::Class(Class::Bytes(c)) => {
            let has = |pred: &dyn Fn(u8) -> bool| c.iter().any(|r| (r.start()..=r.end()).any(pred));
            byte_class(has(&|b| anchor.is(b)), has(&|b| !anchor.is(b)), 1)
        }
        HirKind::Class(Class::Unicode(c)) => {
            // A char of the class is one to four bytes, an anchor only when
            // it is an ASCII anchor byte.
            let (lo, hi) = match anchor {
                Anchor::Digit => ('0', '9'),
                Anchor::Byte(b) => (char::from(b), char::from(b)),
            };
            let hit = c.iter().any(|r| r.start() <= hi && r.end() >= lo);
            let other = c.iter().any(|r| r.start() < lo || r.end() > hi);
            let widest = c.iter().map(|r| r.end().len_utf8()).max().unwrap_or(1);
            byte_class(hit, other, widest)
        }
        HirKind::Repetition(rep) => {
            let max = rep.max?;
            let sub = reach(&rep.sub, anchor)?;
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
        HirKind::Capture(cap) => reach(&cap.sub, anchor)?,
        HirKind::Concat(subs) => {
            let mut acc = EMPTY;
            for s in subs {
                acc = concat(acc, reach(s, anchor)?);
            }
            acc
        }
        HirKind::Alternation(subs) => {
            let mut acc: Option<Digits> = None;
            for s in subs {
                let d = reach(s, anchor)?;
                acc = Some(acc.map_or(d, |a| union(a, d)));
            }
            acc.unwrap_or(NEVER)
        }
    })
}

/// Fewest ASCII digits any match of `hir` holds: 0 when some match can hold
/// none. A lower bound, like the validators' (`Validator::min_digits`): an
/// item counts as a digit only when every byte it can match is one.
pub fn min_digits(hir: &Hir) -> usize {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => 0,
        HirKind::Literal(lit) => lit.0.iter().filter(|b| b.is_ascii_digit()).count(),
        HirKind::Class(Class::Bytes(c)) => {
            let all = c.iter().all(|r| r.start() >= b'0' && r.end() <= b'9');
            usize::from(all && c.iter().next().is_some())
        }
        HirKind::Class(Class::Unicode(c)) => {
            let all = c.iter().all(|r| r.start() >= '0' && r.end() <= '9');
            usize::from(all && c.iter().next().is_some())
        }
        HirKind::Repetition(rep) => {
            let min = usize::try_from(rep.min).unwrap_or(usize::MAX);
            min.saturating_mul(min_digits(&rep.sub))
        }
        HirKind::Capture(cap) => min_digits(&cap.sub),
        HirKind::Concat(subs) => subs.iter().map(min_digits).fold(0, usize::saturating_add),
        HirKind::Alternation(subs) => subs.iter().map(min_digits).min().unwrap_or(0),
    }
}

/// When every match of `hir` holds a byte other than an ASCII digit: the
/// most digits a match can start with, before its first other byte.
/// `None` when some match may be digits only (or a repetition is
/// unbounded). A text that has more digits than that from some position
/// on has no match starting there.
pub fn lead_digits(hir: &Hir) -> Option<usize> {
    let lead = lead(hir)?;
    if lead.all.is_some() { None } else { lead.mixed }
}

/// The digits at the start of a pattern's matches.
#[derive(Debug, Clone, Copy)]
struct Lead {
    /// The longest match that is digits only, if there is one.
    all: Option<usize>,
    /// The most digits before the first other byte, over the matches that
    /// hold one, if there is one.
    mixed: Option<usize>,
}

impl Lead {
    /// One item that can be a digit and/or another byte.
    fn byte(digit: bool, other: bool) -> Lead {
        Lead {
            all: digit.then_some(1),
            mixed: other.then_some(0),
        }
    }

    /// `self` followed by `next`.
    fn then(self, next: Lead) -> Lead {
        Lead {
            all: self.all.zip(next.all).map(|(a, b)| a + b),
            mixed: max_opt(self.mixed, self.all.zip(next.mixed).map(|(a, b)| a + b)),
        }
    }

    /// `self` or `other`.
    fn or(self, other: Lead) -> Lead {
        Lead {
            all: max_opt(self.all, other.all),
            mixed: max_opt(self.mixed, other.mixed),
        }
    }
}

/// [`Lead`] of `hir`; `None` when a repetition is unbounded.
fn lead(hir: &Hir) -> Option<Lead> {
    const EMPTY: Lead = Lead {
        all: Some(0),
        mixed: None,
    };
    Some(match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => EMPTY,
        HirKind::Literal(lit) => lit.0.iter().fold(EMPTY, |acc, b| {
            acc.then(Lead::byte(b.is_ascii_digit(), !b.is_ascii_digit()))
        }),
        HirKind::Class(_) => {
            let (mut digit, mut other) = (false, false);
            for_each_byte_range(hir, &mut |lo, hi| {
                digit |= lo <= b'9' && hi >= b'0';
                other |= lo < b'0' || hi > b'9';
            });
            Lead::byte(digit, other)
        }
        HirKind::Repetition(rep) => {
            let max = rep.max?;
            let sub = lead(&rep.sub)?;
            let mut power = EMPTY;
            let mut acc: Option<Lead> = None;
            for k in 0..=max {
                if k >= rep.min {
                    acc = Some(acc.map_or(power, |a| a.or(power)));
                }
                if k < max {
                    power = power.then(sub);
                }
            }
            acc.unwrap_or(EMPTY)
        }
        HirKind::Capture(cap) => lead(&cap.sub)?,
        HirKind::Concat(subs) => {
            let mut acc = EMPTY;
            for s in subs {
                acc = acc.then(lead(s)?);
            }
            acc
        }
        HirKind::Alternation(subs) => {
            let mut acc = Lead {
                all: None,
                mixed: None,
            };
            for s in subs {
                acc = acc.or(lead(s)?);
            }
            acc
        }
    })
}

/// A set of bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ByteSet([u64; 4]);

impl ByteSet {
    /// Every byte.
    #[cfg(test)]
    pub const ALL: ByteSet = ByteSet([u64::MAX; 4]);

    /// Whether `b` is in the set.
    pub fn contains(&self, b: u8) -> bool {
        self.0[usize::from(b / 64)] & (1 << (b % 64)) != 0
    }

    /// Adds `lo..=hi`.
    pub(crate) fn insert_range(&mut self, lo: u8, hi: u8) {
        for b in lo..=hi {
            self.0[usize::from(b / 64)] |= 1 << (b % 64);
        }
    }

    /// The bytes of either set.
    pub fn union(self, other: ByteSet) -> ByteSet {
        let mut out = self;
        for (o, x) in out.0.iter_mut().zip(other.0) {
            *o |= x;
        }
        out
    }
}

/// Every byte other than an ASCII digit that a match of `hir` can hold
/// (a superset: every byte any of its literals and classes can match).
/// The bytes between two digits of a match are among them.
pub fn other_bytes(hir: &Hir) -> ByteSet {
    let mut set = ByteSet::default();
    add_other_bytes(hir, &mut set);
    set
}

fn add_other_bytes(hir: &Hir, set: &mut ByteSet) {
    for_each_byte_range(hir, &mut |lo: u8, hi: u8| {
        // Split around the digits.
        if lo < b'0' {
            set.insert_range(lo, hi.min(b'0' - 1));
        }
        if hi > b'9' {
            set.insert_range(lo.max(b'9' + 1), hi);
        }
    });
}

/// Every byte a match of `hir` can hold (a superset, like [`other_bytes`],
/// digits included).
pub fn all_bytes(hir: &Hir) -> ByteSet {
    let mut set = ByteSet::default();
    for_each_byte_range(hir, &mut |lo, hi| set.insert_range(lo, hi));
    set
}

/// Calls `add` with ranges covering every byte of every literal and class
/// of `hir`.
fn for_each_byte_range(hir: &Hir, add: &mut impl FnMut(u8, u8)) {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => {}
        HirKind::Literal(lit) => lit.0.iter().for_each(|&b| add(b, b)),
        HirKind::Class(Class::Bytes(c)) => c.iter().for_each(|r| add(r.start(), r.end())),
        HirKind::Class(Class::Unicode(c)) => {
            // A non-ASCII char is several bytes of its own: count them all.
            for r in c.iter() {
                let ascii_end = u8::try_from(u32::from(r.end()).min(0x7f)).unwrap_or(0x7f);
                if let Ok(lo) = u8::try_from(u32::from(r.start()))
                    && lo <= 0x7f
                {
                    add(lo, ascii_end);
                }
                if u32::from(r.end()) > 0x7f {
                    add(0x80, 0xff);
                }
            }
        }
        HirKind::Repetition(rep) => for_each_byte_range(&rep.sub, add),
        HirKind::Capture(cap) => for_each_byte_range(&cap.sub, add),
        HirKind::Concat(subs) | HirKind::Alternation(subs) => {
            subs.iter().for_each(|s| for_each_byte_range(s, add));
        }
    }
}

/// Every byte a match of `hir` can start with (a superset: look-arounds
/// are passed over, and a non-ASCII char may start with any byte from
/// 0x80 on).
pub fn first_bytes(hir: &Hir) -> ByteSet {
    let mut set = ByteSet::default();
    add_first_bytes(hir, &mut set);
    set
}

/// Adds the bytes a match of `hir` can start with to `set`; returns
/// whether `hir` can match the empty string (then what follows it can
/// start a match too).
fn add_first_bytes(hir: &Hir, set: &mut ByteSet) -> bool {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => true,
        HirKind::Literal(lit) => match lit.0.first() {
            Some(&b) => {
                set.insert_range(b, b);
                false
            }
            None => true,
        },
        HirKind::Class(_) => {
            for_each_byte_range(hir, &mut |lo, hi| set.insert_range(lo, hi));
            false
        }
        HirKind::Repetition(rep) => add_first_bytes(&rep.sub, set) || rep.min == 0,
        HirKind::Capture(cap) => add_first_bytes(&cap.sub, set),
        HirKind::Concat(subs) => subs.iter().all(|s| add_first_bytes(s, set)),
        HirKind::Alternation(subs) => {
            // Every branch adds its bytes: no short-circuit.
            let mut empty = false;
            for s in subs {
                empty |= add_first_bytes(s, set);
            }
            empty
        }
    }
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

    fn hir(pattern: &str) -> Hir {
        let config = syntax::Config::new()
            .unicode(false)
            .utf8(false)
            .ignore_whitespace(true);
        syntax::parse_with(pattern, &config).expect("parses")
    }

    #[test]
    fn min_digits_counts_the_digits_every_match_holds() {
        let cases = [
            (r"\b [0-9]{2,18} (?: [\ \-] [0-9]{2,8} ){0,4} \b", 2),
            (r"\b [0-9]{4} [\ \-]? [0-9]{4} [\ \-]? [0-9]{4} \b", 12),
            (r"(?: \+ | \b 00 ) 91 [0-9]{3}", 5),
            (r"(?: ab | 1 ) [0-9]", 1),
            (r"[0-9a] [0-9]{0,3}", 0),
            (r"(?i: ref ) \s [A-Z0-9]{2,5}", 0),
            (r"(?P<v> [0-9]{3} ) - 7", 4),
        ];
        for (pattern, want) in cases {
            assert_eq!(min_digits(&hir(pattern)), want, "{pattern}");
        }
    }

    #[test]
    fn lead_digits_bound_the_digits_before_another_byte() {
        let cases = [
            (r"\b [0-9]{1,3} \. [0-9]{1,3} \. [0-9]{1,3} \b", Some(3)),
            (r"(?: [0-9A-Fa-f]{1,4} : | : ) [0-9]{0,4}", Some(4)),
            (r"[0-9]{2} (?: - [0-9]{2} )?", None),
            (r"(?: ab | 12 ) [0-9]{1,2} x", Some(4)),
            (r"[0-9]+ x", None),
        ];
        for (pattern, want) in cases {
            assert_eq!(lead_digits(&hir(pattern)), want, "{pattern}");
        }
    }

    #[test]
    fn other_bytes_are_the_non_digits_of_the_pattern() {
        let set = other_bytes(&hir(r"\b [0-9]{3} [\ \-] [0-9]{2} (?i: x ) \b"));
        let held: Vec<u8> = (0..=255u8).filter(|&b| set.contains(b)).collect();
        assert_eq!(held, b" -Xx");
        let wide = other_bytes(&hir(r"[^0-9] 1"));
        assert!((0..=255u8).all(|b| wide.contains(b) != b.is_ascii_digit()));
        assert_eq!(ByteSet::default().union(wide), wide);
        assert!(ByteSet::ALL.contains(b'7'));
    }

    /// Any string a pattern matches holds at least `min_digits` digits, no
    /// byte outside `other_bytes` but digits, and another byte after at
    /// most `lead_digits` digits.
    #[test]
    fn bounds_hold_for_matches_of_the_embedded_rules() {
        use regex_automata::meta::Regex;
        let rules = crate::rules::RuleSet::embedded().expect("rules");
        let mut checked = 0;
        for rule in rules.rules() {
            let pattern = rule_pattern(&rule.id);
            let h = hir(&pattern);
            let (min, other, lead) = (min_digits(&h), other_bytes(&h), lead_digits(&h));
            let re = Regex::builder()
                .syntax(
                    syntax::Config::new()
                        .unicode(false)
                        .utf8(false)
                        .ignore_whitespace(true),
                )
                .build(&pattern)
                .expect("builds");
            for ex in &rules.examples {
                for m in re.find_iter(ex.text.as_bytes()) {
                    let bytes = &ex.text.as_bytes()[m.range()];
                    let digits = bytes.iter().filter(|b| b.is_ascii_digit()).count();
                    assert!(digits >= min, "{}: {:?}", rule.id, ex.text);
                    if let Some(lead) = lead {
                        let leading = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
                        assert!(
                            leading <= lead && leading < bytes.len(),
                            "{}: {:?}",
                            rule.id,
                            ex.text
                        );
                    }
                    assert!(
                        bytes
                            .iter()
                            .all(|&b| b.is_ascii_digit() || other.contains(b)),
                        "{}: {:?}",
                        rule.id,
                        ex.text
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked > 100, "only {checked} matches checked");
    }

    /// The pattern text of an embedded rule.
    fn rule_pattern(id: &str) -> String {
        #[derive(serde::Deserialize)]
        struct File {
            rule: Vec<Rule>,
        }
        #[derive(serde::Deserialize)]
        struct Rule {
            id: String,
            pattern: String,
        }
        super::super::embedded::files()
            .iter()
            .filter(|f| f.name.starts_with("patterns/"))
            .flat_map(|f| toml::from_str::<File>(&f.text).expect("toml").rule)
            .find(|r| r.id == id)
            .map(|r| r.pattern)
            .expect("the rule is embedded")
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
