//! The token grammar (DESIGN §2): `{{type:n}}` on the way out, and the
//! lenient forms LLMs produce (`{{ Phone:1 }}`) on the way back.
//!
//! The redactor and the detokenizer share [`parse_lenient`] and
//! [`find_lenient`]: whatever the detokenizer would treat as a token, the
//! redactor tokenizes when it appears in input, which is what makes
//! `detokenize(redact(x)) == x` hold for every input.

use std::fmt;
use std::ops::Range;

use crate::entity::EntityType;

/// A token: an entity type and its number within a scope (1, 2, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Token {
    /// The entity type named in the token.
    pub ty: EntityType,
    /// The per-type sequence number in its scope.
    pub n: u32,
}

/// Most spaces accepted in each gap of a lenient token (`{{ phone : 1 }}`).
const MAX_GAP: usize = 2;
/// Most digits in a token number (keeps `n` within `u32`).
const MAX_DIGITS: usize = 9;
/// Longest entity type name (`bank_account`).
const MAX_TYPE_LEN: usize = 12;

/// Upper bound on the byte length of anything [`parse_lenient`] accepts.
/// A streaming detokenizer never needs to hold back more than this.
pub const MAX_TOKEN_LEN: usize =
    2 + MAX_GAP + MAX_TYPE_LEN + MAX_GAP + 1 + MAX_GAP + MAX_DIGITS + MAX_GAP + 2;

impl Token {
    /// Appends the canonical form (`{{type:n}}`, as [`Display`](fmt::Display)
    /// writes it) to `out`, without the formatting machinery or a temporary
    /// `String`: the proxy writes one per tokenized entity.
    pub fn push_to(self, out: &mut String) {
        let mut digits = [0u8; 10];
        let mut at = digits.len();
        let mut n = self.n;
        loop {
            at -= 1;
            digits[at] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        out.push_str("{{");
        out.push_str(self.ty.as_str());
        out.push(':');
        // ASCII digits, pushed as chars: no UTF-8 validation of the slice.
        for &d in &digits[at..] {
            out.push(char::from(d));
        }
        out.push_str("}}");
    }

    /// Byte length of the canonical form.
    pub fn text_len(self) -> usize {
        let mut digits = 1;
        let mut n = self.n;
        while n >= 10 {
            n /= 10;
            digits += 1;
        }
        2 + self.ty.as_str().len() + 1 + digits + 2
    }
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{{{{{}:{}}}}}", self.ty.as_str(), self.n)
    }
}

/// Where a parse of a possible token stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scan {
    /// A complete token of this many bytes starts the input.
    Token(Token, usize),
    /// The input ends while still a prefix of some token: more bytes may
    /// complete it.
    NeedMore,
    /// The input does not start with a token.
    No,
}

/// Parses a lenient token at the start of `s`.
///
/// Accepts `{{` gap TYPE gap `:` gap DIGITS gap `}}`, where a gap is at most
/// two spaces, TYPE is an entity type name in any ASCII case and DIGITS is 1
/// to 9 ASCII digits.
pub fn scan_prefix(s: &[u8]) -> Scan {
    let mut p = Parser { s, i: 0 };
    match p.token() {
        Ok(t) => Scan::Token(t, p.i),
        Err(Stop::Eof) => Scan::NeedMore,
        Err(Stop::Mismatch) => Scan::No,
    }
}

/// Parses `s` as exactly one lenient token.
pub fn parse_lenient(s: &str) -> Option<Token> {
    match scan_prefix(s.as_bytes()) {
        Scan::Token(t, len) if len == s.len() => Some(t),
        _ => None,
    }
}

/// Every lenient token in `text`, left to right, non-overlapping.
pub fn find_lenient(text: &str) -> impl Iterator<Item = (Range<usize>, Token)> + '_ {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        while let Some(off) = find_open(&bytes[at..]) {
            let start = at + off;
            if let Scan::Token(t, len) = scan_prefix(&bytes[start..]) {
                at = start + len;
                return Some((start..start + len, t));
            }
            at = start + 1;
        }
        at = bytes.len();
        None
    })
}

/// Offset of the next `{{` in `s`.
fn find_open(s: &[u8]) -> Option<usize> {
    // memchr for `{`, then check the next byte: every redacted string is
    // searched, and `{` is rare in chat text.
    let mut at = 0;
    while let Some(off) = memchr::memchr(b'{', &s[at..]) {
        let i = at + off;
        if s.get(i + 1) == Some(&b'{') {
            return Some(i);
        }
        at = i + 1;
    }
    None
}

/// Every type's bit in a [`Parser::type_name`] mask.
const ALL_TYPES: u32 = u32::MAX >> (32 - EntityType::ALL.len());

/// Slots of [`TYPES_WITH_BYTE_AT`]'s rows, one per value of a byte's low
/// five bits.
const NAME_SLOTS: usize = 32;

/// The slot of a type-name byte (`[a-zA-Z_]`) in a [`TYPES_WITH_BYTE_AT`]
/// row: its low five bits, the same for both cases of a letter (1 to 26)
/// and 31 for `_`.
const fn name_slot(b: u8) -> usize {
    (b & 0x1f) as usize
}

/// `TYPES_WITH_BYTE_AT[k][name_slot(b)]`: the mask of types whose name has
/// byte `b` (any ASCII case) at offset `k`.
static TYPES_WITH_BYTE_AT: [[u32; NAME_SLOTS]; MAX_TYPE_LEN] = types_with_byte_at();

/// Builds [`TYPES_WITH_BYTE_AT`].
const fn types_with_byte_at() -> [[u32; NAME_SLOTS]; MAX_TYPE_LEN] {
    const _: () = assert!(EntityType::ALL.len() <= 32);
    let mut table = [[0; NAME_SLOTS]; MAX_TYPE_LEN];
    let mut t = 0;
    while t < EntityType::ALL.len() {
        let name = EntityType::ALL[t].as_str().as_bytes();
        // A longer name would not fit the table (nor MAX_TOKEN_LEN).
        assert!(name.len() <= MAX_TYPE_LEN);
        let mut k = 0;
        while k < name.len() {
            table[k][name_slot(name[k])] |= 1 << t;
            k += 1;
        }
        t += 1;
    }
    table
}

enum Stop {
    Eof,
    Mismatch,
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn token(&mut self) -> Result<Token, Stop> {
        self.lit(b'{')?;
        self.lit(b'{')?;
        self.gap()?;
        let ty = self.type_name()?;
        self.after_type(ty)
    }

    /// The rest of a token after its type name: `: n }}`, with gaps.
    fn after_type(&mut self, ty: EntityType) -> Result<Token, Stop> {
        self.gap()?;
        self.lit(b':')?;
        self.gap()?;
        let n = self.number()?;
        self.gap()?;
        self.lit(b'}')?;
        self.lit(b'}')?;
        Ok(Token { ty, n })
    }

    fn peek(&self) -> Result<u8, Stop> {
        self.s.get(self.i).copied().ok_or(Stop::Eof)
    }

    fn lit(&mut self, b: u8) -> Result<(), Stop> {
        if self.peek()? == b {
            self.i += 1;
            Ok(())
        } else {
            Err(Stop::Mismatch)
        }
    }

    fn gap(&mut self) -> Result<(), Stop> {
        let mut n = 0;
        while self.peek()? == b' ' {
            n += 1;
            if n > MAX_GAP {
                return Err(Stop::Mismatch);
            }
            self.i += 1;
        }
        Ok(())
    }

    fn type_name(&mut self) -> Result<EntityType, Stop> {
        // `viable` has bit `t` set while `EntityType::ALL[t]` starts with
        // the name read so far (any ASCII case): one table load per byte,
        // where comparing the whole prefix again per byte cost quadratic
        // time on every `{{bank_account` in the input, and comparing one
        // byte per type and byte still cost ~14 steps a byte.
        let mut viable = ALL_TYPES;
        let start = self.i;
        while let b @ (b'a'..=b'z' | b'A'..=b'Z' | b'_') = self.peek()? {
            let k = self.i - start;
            self.i += 1;
            viable &= TYPES_WITH_BYTE_AT.get(k).map_or(0, |row| row[name_slot(b)]);
            // Stop as soon as no type name starts this way, so a streaming
            // caller holds back only bytes that can still become a token.
            if viable == 0 {
                return Err(Stop::Mismatch);
            }
        }
        // The name is complete: a viable type of exactly its length.
        let len = self.i - start;
        EntityType::ALL
            .iter()
            .enumerate()
            .find(|&(t, ty)| viable & (1 << t) != 0 && ty.as_str().len() == len)
            .map(|(_, &ty)| ty)
            .ok_or(Stop::Mismatch)
    }

    fn number(&mut self) -> Result<u32, Stop> {
        let start = self.i;
        let mut n: u32 = 0;
        while let d @ b'0'..=b'9' = self.peek()? {
            if self.i - start == MAX_DIGITS {
                return Err(Stop::Mismatch);
            }
            n = n * 10 + u32::from(d - b'0');
            self.i += 1;
        }
        if self.i == start {
            return Err(Stop::Mismatch);
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tok(ty: EntityType, n: u32) -> Token {
        Token { ty, n }
    }

    #[test]
    fn push_to_and_text_len_match_display() {
        for ty in EntityType::ALL {
            for n in [0, 1, 9, 10, 99, 100, 12_345, u32::MAX] {
                let t = tok(ty, n);
                let mut out = String::from("x");
                t.push_to(&mut out);
                assert_eq!(out, format!("x{t}"));
                assert_eq!(t.text_len(), t.to_string().len(), "{t}");
            }
        }
    }

    #[test]
    fn canonical_form_round_trips() {
        for ty in EntityType::ALL {
            let t = tok(ty, 42);
            assert_eq!(parse_lenient(&t.to_string()), Some(t));
        }
        assert_eq!(
            tok(EntityType::BankAccount, 7).to_string(),
            "{{bank_account:7}}"
        );
    }

    #[test]
    fn accepts_what_llms_write() {
        assert_eq!(
            parse_lenient("{{ Phone:1 }}"),
            Some(tok(EntityType::Phone, 1))
        );
        assert_eq!(
            parse_lenient("{{EMAIL : 12}}"),
            Some(tok(EntityType::Email, 12))
        );
        assert_eq!(
            parse_lenient("{{  name:3  }}"),
            Some(tok(EntityType::Name, 3))
        );
    }

    #[test]
    fn rejects_near_misses() {
        for s in [
            "{phone:1}",
            "{{phone:}}",
            "{{phone 1}}",
            "{{passport:1}}",
            "{{   phone:1}}",
            "{{phone:1234567890}}",
            "{{phone:1}",
            "{{phone:-1}}",
            "{{phone:1}}x",
        ] {
            assert_eq!(parse_lenient(s), None, "{s}");
        }
    }

    #[test]
    fn prefix_scan_distinguishes_incomplete_from_impossible() {
        assert_eq!(scan_prefix(b"{{ pho"), Scan::NeedMore);
        assert_eq!(scan_prefix(b"{"), Scan::NeedMore);
        assert_eq!(scan_prefix(b"{{phone:12"), Scan::NeedMore);
        assert_eq!(scan_prefix(b"{{phonex"), Scan::No);
        assert_eq!(scan_prefix(b"{x"), Scan::No);
        assert!(matches!(scan_prefix(b"{{ip:3}} tail"), Scan::Token(_, 8)));
    }

    #[test]
    fn finds_tokens_among_braces() {
        let text = "a {{{phone:1}} b {{ Email:2 }}{{x}}";
        let found: Vec<_> = find_lenient(text).collect();
        assert_eq!(found.len(), 2);
        assert_eq!(&text[found[0].0.clone()], "{{phone:1}}");
        assert_eq!(&text[found[1].0.clone()], "{{ Email:2 }}");
    }

    /// The parser as it was before type names were matched with a mask of
    /// viable types: every prefix compared again per byte.
    fn reference_scan(s: &[u8]) -> Scan {
        fn token(s: &[u8], i: &mut usize) -> Result<Token, Stop> {
            let peek = |i: usize| s.get(i).copied().ok_or(Stop::Eof);
            let lit = |i: &mut usize, b: u8| -> Result<(), Stop> {
                if peek(*i)? == b {
                    *i += 1;
                    Ok(())
                } else {
                    Err(Stop::Mismatch)
                }
            };
            let gap = |i: &mut usize| -> Result<(), Stop> {
                let mut n = 0;
                while peek(*i)? == b' ' {
                    n += 1;
                    if n > MAX_GAP {
                        return Err(Stop::Mismatch);
                    }
                    *i += 1;
                }
                Ok(())
            };
            lit(i, b'{')?;
            lit(i, b'{')?;
            gap(i)?;
            let start = *i;
            while matches!(peek(*i)?, b'a'..=b'z' | b'A'..=b'Z' | b'_') {
                *i += 1;
                let so_far = &s[start..*i];
                let viable = EntityType::ALL.iter().any(|t| {
                    t.as_str().len() >= so_far.len()
                        && t.as_str().as_bytes()[..so_far.len()].eq_ignore_ascii_case(so_far)
                });
                if !viable {
                    return Err(Stop::Mismatch);
                }
            }
            let name = std::str::from_utf8(&s[start..*i]).map_err(|_| Stop::Mismatch)?;
            let ty = EntityType::parse_ignore_case(name).ok_or(Stop::Mismatch)?;
            let mut p = Parser { s, i: *i };
            let token = p.after_type(ty)?;
            *i = p.i;
            Ok(token)
        }
        let mut i = 0;
        match token(s, &mut i) {
            Ok(t) => Scan::Token(t, i),
            Err(Stop::Eof) => Scan::NeedMore,
            Err(Stop::Mismatch) => Scan::No,
        }
    }

    #[test]
    fn type_names_parse_as_the_prefix_comparison_did() {
        let mut inputs: Vec<String> = Vec::new();
        for ty in EntityType::ALL {
            let name = ty.as_str();
            for cut in 0..=name.len() {
                for tail in ["", ":1}}", "x:1}}", "_:1}}", " : 7 }}", "1"] {
                    inputs.push(format!("{{{{{}{tail}", &name[..cut]));
                    inputs.push(format!("{{{{ {}{tail}", name[..cut].to_ascii_uppercase()));
                }
            }
        }
        inputs.extend(
            [
                "{{",
                "{{_",
                "{{bank_accountx:1}}",
                "{{Bank_Account:12}}",
                "{{ip_:1}}",
            ]
            .map(String::from),
        );
        for s in &inputs {
            assert_eq!(
                scan_prefix(s.as_bytes()),
                reference_scan(s.as_bytes()),
                "{s:?}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn scan_prefix_matches_the_reference(s in r"\{\{ {0,3}[a-zA-Z_ ]{0,14}(:[ 0-9]{0,5}(\}\}?)?)?") {
            proptest::prop_assert_eq!(scan_prefix(s.as_bytes()), reference_scan(s.as_bytes()));
        }
    }

    #[test]
    fn longest_token_fits_the_bound() {
        let longest = "{{  bank_account  :  123456789  }}";
        assert!(parse_lenient(longest).is_some());
        assert_eq!(longest.len(), MAX_TOKEN_LEN);
    }
}
