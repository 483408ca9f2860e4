//! Named validators: the second look a regex candidate gets before it becomes
//! an entity. Detection rules refer to them by [`Validator::name`].
//!
//! A pattern can say "twelve digits"; only a checksum, a numbering plan or a
//! registry list can say "an Aadhaar number". Each validator answers that for
//! the text exactly as it was matched (spaces, hyphens, dots, parentheses and
//! a leading `+` included), so rules stay loose and precision lives here.
//!
//! # Untrusted input
//!
//! Candidates are arbitrary user text, so every check is total: no indexing,
//! no `unwrap`, no arithmetic that can overflow. The lints below enforce the
//! first two for this module. Digits are gathered into fixed stack buffers,
//! so no check allocates; the embedded TLD and UPI handle lists are split into
//! a sorted table once, on first use.

#![deny(
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "validators run on untrusted text and must never panic"
)]

use std::cmp::Ordering;
use std::net::Ipv6Addr;
use std::sync::OnceLock;

/// A named check applied to a regex candidate before it becomes an entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Validator {
    /// Aadhaar: 12 digits, first 2-9, Verhoeff checksum.
    Verhoeff,
    /// Payment cards: Luhn checksum plus a real issuer prefix and length.
    Luhn,
    /// Indian PAN `AAAAA9999A` with a known holder-type letter.
    PanHolder,
    /// US Social Security number with SSA's area/group/serial rules.
    Ssn,
    /// Indian mobile or (with a trunk `0` or `+91`) landline number.
    PhoneIndia,
    /// North American Numbering Plan number.
    PhoneUs,
    /// International `+` number with an assigned country calling code.
    PhoneE164,
    /// Indian bank branch code `AAAA0XXXXXX`.
    Ifsc,
    /// E-mail address whose top-level domain exists in the root zone.
    EmailTld,
    /// UPI ID whose handle belongs to a known payment service provider.
    UpiHandle,
    /// Dotted-quad IPv4 address.
    Ipv4,
    /// IPv6 address, optionally with an embedded IPv4 tail.
    Ipv6,
    /// Contains at least one ASCII digit: an order id or an IPv6 address
    /// is never all letters (`order delivered`, `::`).
    HasDigit,
    /// Bank account number: 9-18 digits in all (separators ignored), not
    /// one digit repeated (`000000000` is a placeholder).
    BankAccount,
}

// === impl Validator ===

impl Validator {
    /// Every validator, in declaration order.
    pub const ALL: [Validator; 14] = [
        Validator::Verhoeff,
        Validator::Luhn,
        Validator::PanHolder,
        Validator::Ssn,
        Validator::PhoneIndia,
        Validator::PhoneUs,
        Validator::PhoneE164,
        Validator::Ifsc,
        Validator::EmailTld,
        Validator::UpiHandle,
        Validator::Ipv4,
        Validator::Ipv6,
        Validator::HasDigit,
        Validator::BankAccount,
    ];

    /// The name rules use to refer to this validator.
    pub const fn name(self) -> &'static str {
        match self {
            Validator::Verhoeff => "verhoeff",
            Validator::Luhn => "luhn",
            Validator::PanHolder => "pan_holder",
            Validator::Ssn => "ssn",
            Validator::PhoneIndia => "phone_india",
            Validator::PhoneUs => "phone_us",
            Validator::PhoneE164 => "phone_e164",
            Validator::Ifsc => "ifsc",
            Validator::EmailTld => "email_tld",
            Validator::UpiHandle => "upi_handle",
            Validator::Ipv4 => "ipv4",
            Validator::Ipv6 => "ipv6",
            Validator::HasDigit => "has_digit",
            Validator::BankAccount => "bank_account",
        }
    }

    /// Looks a validator up by its exact name; rule loading turns `None`
    /// into an error naming the rule.
    pub fn from_name(name: &str) -> Option<Validator> {
        Validator::ALL.into_iter().find(|v| v.name() == name)
    }

    /// True when this validator refuses every value without an ASCII
    /// digit (the scanner then looks for such rules only near digits).
    /// Conservative: false unless that is plain from the check.
    pub fn needs_digit(self) -> bool {
        matches!(self, Validator::HasDigit | Validator::BankAccount)
    }

    /// A lower bound on the ASCII digits of every value this validator
    /// accepts (0 when there is none to speak of). The scanner refuses a
    /// match with fewer digits before it looks for the capture inside it:
    /// the value is part of the match, so it has no more digits than that.
    /// Conservative, like [`Validator::needs_digit`].
    pub fn min_digits(self) -> usize {
        match self {
            // `aadhaar`: exactly 12; `bank_account`: 9 to 18.
            Validator::Verhoeff => 12,
            Validator::BankAccount => 9,
            Validator::HasDigit => 1,
            _ => 0,
        }
    }

    /// True when this validator refuses every candidate `head@suffix`
    /// whatever `head` holds, as long as it holds no `@`: the scanner then
    /// skips the other matches that end with that `@` and `suffix`. Exact
    /// where true; false unless plain from the check.
    pub fn refuses_suffix(self, suffix: &str) -> bool {
        // The candidate is trimmed (`check`): its end is the suffix's.
        let s = suffix.trim_end();
        match self {
            Validator::EmailTld => !(email_tld_ok(s) && domain_ok(s)),
            Validator::UpiHandle => !contains_ignore_case(upi_handles(), s),
            _ => false,
        }
    }

    /// True when `candidate` (the matched text as written) is a plausible
    /// value of this kind. Surrounding whitespace is ignored.
    pub fn check(self, candidate: &str) -> bool {
        let c = trim(candidate);
        match self {
            Validator::Verhoeff => aadhaar(c),
            Validator::Luhn => card(c),
            Validator::PanHolder => pan(c),
            Validator::Ssn => ssn(c),
            Validator::PhoneIndia => phone_india(c),
            Validator::PhoneUs => phone_us(c),
            Validator::PhoneE164 => phone_e164(c),
            Validator::Ifsc => ifsc(c),
            Validator::EmailTld => email(c),
            Validator::UpiHandle => upi(c),
            Validator::Ipv4 => ipv4(c),
            Validator::Ipv6 => ipv6(c),
            Validator::HasDigit => c.bytes().any(|b| b.is_ascii_digit()),
            Validator::BankAccount => bank_account(c),
        }
    }
}

/// `c.trim()`, without the Unicode search when `c` starts and ends with
/// an ASCII byte that is not white space (almost every candidate: the
/// patterns rarely let a match start or end with a space). The ASCII
/// bytes `str::trim` removes are exactly these.
fn trim(c: &str) -> &str {
    let kept =
        |b: Option<&u8>| b.is_some_and(|&b| b.is_ascii() && !matches!(b, b'\t'..=b'\r' | b' '));
    let bytes = c.as_bytes();
    if kept(bytes.first()) && kept(bytes.last()) {
        c
    } else {
        c.trim()
    }
}

/// `c` split at its first `@`. (A byte loop: the candidates are short, and
/// a char search costs more to set up than to run on them.)
fn split_at_sign(c: &str) -> Option<(&str, &str)> {
    let at = c.bytes().position(|b| b == b'@')?;
    Some((c.get(..at)?, c.get(at + 1..)?))
}

/// 9-18 digits separated at most by single spaces or hyphens, not one digit
/// repeated.
fn bank_account(c: &str) -> bool {
    // One pass: this runs on every digit group the bank-account rule
    // offers, most of which fail.
    let mut count = 0usize;
    let mut first = None;
    let mut varied = false;
    let mut after_sep = false;
    for b in c.bytes() {
        if b.is_ascii_digit() {
            count += 1;
            varied |= first.is_some_and(|f| f != b);
            first.get_or_insert(b);
            after_sep = false;
        } else if b == b' ' || b == b'-' {
            if after_sep {
                return false;
            }
            after_sep = true;
        } else {
            return false;
        }
    }
    (9..=18).contains(&count) && varied
}

// === digit helpers ===

/// The digits of a candidate, gathered on the stack. `N` is the most a valid
/// value can have, so running out of room already means "not this kind".
struct Digits<const N: usize> {
    buf: [u8; N],
    len: usize,
}

impl<const N: usize> Digits<N> {
    const fn new() -> Self {
        Digits {
            buf: [0; N],
            len: 0,
        }
    }

    /// Appends a digit value; `None` when the buffer is full.
    fn push(&mut self, digit: u8) -> Option<()> {
        *self.buf.get_mut(self.len)? = digit;
        self.len += 1;
        Some(())
    }

    /// Gathers the digits of `s`, skipping bytes `is_sep` allows. Any other
    /// byte rejects the candidate: `1234x5678` is not a number with a typo,
    /// it is not a number.
    fn gather(s: &str, is_sep: impl Fn(u8) -> bool) -> Option<Self> {
        let mut out = Self::new();
        for b in s.bytes() {
            if b.is_ascii_digit() {
                out.push(b - b'0')?;
            } else if !is_sep(b) {
                return None;
            }
        }
        Some(out)
    }

    fn as_slice(&self) -> &[u8] {
        self.buf.get(..self.len).unwrap_or_default()
    }
}

/// Spaces and hyphens: how people group ID and card numbers.
fn space_or_hyphen(b: u8) -> bool {
    b == b' ' || b == b'-'
}

/// Placeholder values (`0000 0000 0000`, `9999999999`) pass some checksums
/// but are never real.
fn all_same(ds: &[u8]) -> bool {
    match ds.split_first() {
        Some((first, rest)) => rest.iter().all(|d| d == first),
        None => true,
    }
}

/// The number spelled by digit values; saturates instead of overflowing, and
/// callers only ask for a few digits.
fn value(ds: &[u8]) -> u32 {
    ds.iter().fold(0u32, |acc, &d| {
        acc.saturating_mul(10).saturating_add(u32::from(d))
    })
}

/// The number formed by the first `width` digits, if there are that many.
fn leading(ds: &[u8], width: usize) -> Option<u32> {
    ds.get(..width).map(value)
}

/// The value of a run of ASCII digits; `None` if empty or not all digits.
fn ascii_number(bytes: &[u8]) -> Option<u32> {
    if bytes.is_empty() || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(bytes.iter().fold(0u32, |acc, &b| {
        acc.saturating_mul(10).saturating_add(u32::from(b - b'0'))
    }))
}

// === Aadhaar (Verhoeff) ===

/// Verhoeff's multiplication table of the dihedral group D5.
const VERHOEFF_D: [[u8; 10]; 10] = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
    [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
    [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
    [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
    [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
    [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
    [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
    [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
    [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];

/// Verhoeff's position-dependent permutations; row `i % 8` applies to the
/// `i`-th digit from the right, which is what catches transpositions.
const VERHOEFF_P: [[u8; 10]; 8] = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
    [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
    [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
    [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
    [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
    [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
    [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];

/// True when the digits (check digit last) carry a valid Verhoeff checksum.
fn verhoeff_valid(ds: &[u8]) -> bool {
    let mut c = 0u8;
    for (i, &d) in ds.iter().rev().enumerate() {
        let permuted = VERHOEFF_P
            .get(i % 8)
            .and_then(|row| row.get(usize::from(d)));
        let next = permuted.and_then(|&p| {
            VERHOEFF_D
                .get(usize::from(c))
                .and_then(|row| row.get(usize::from(p)))
        });
        match next {
            Some(&n) => c = n,
            None => return false,
        }
    }
    c == 0
}

/// UIDAI never issues Aadhaar numbers starting 0 or 1.
fn aadhaar(c: &str) -> bool {
    let Some(ds) = Digits::<12>::gather(c, space_or_hyphen) else {
        return false;
    };
    let ds = ds.as_slice();
    ds.len() == 12 && matches!(ds.first(), Some(2..=9)) && !all_same(ds) && verhoeff_valid(ds)
}

// === payment cards (Luhn) ===

/// True when the digits (check digit last) pass the Luhn mod-10 check.
fn luhn_valid(ds: &[u8]) -> bool {
    let sum: u32 = ds
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            let d = u32::from(d);
            match (i % 2 == 1, d * 2) {
                (false, _) => d,
                (true, doubled) if doubled > 9 => doubled - 9,
                (true, doubled) => doubled,
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// An issuer range: cards whose first `width` digits lie in `lo..=hi` and
/// whose length has its bit set in `lengths`. One in ten random digit strings
/// passes Luhn; requiring a real scheme prefix and length is what keeps order
/// numbers and phone numbers from being redacted as cards.
struct Iin {
    width: usize,
    lo: u32,
    hi: u32,
    lengths: u32,
}

/// The bitmask of card lengths `min..=max`.
const fn lengths(min: u32, max: u32) -> u32 {
    let mut mask = 0;
    let mut n = min;
    while n <= max {
        mask |= 1 << n;
        n += 1;
    }
    mask
}

const fn iin(width: usize, lo: u32, hi: u32, lengths: u32) -> Iin {
    Iin {
        width,
        lo,
        hi,
        lengths,
    }
}

/// Issuer prefixes and lengths of the schemes seen in India and the US.
/// Ranges overlap (Discover 65 contains RuPay 6521-6522); a number only has
/// to fit one of them.
const IINS: &[Iin] = &[
    // Visa
    iin(1, 4, 4, lengths(13, 13) | lengths(16, 16) | lengths(19, 19)),
    // Mastercard
    iin(2, 51, 55, lengths(16, 16)),
    iin(4, 2221, 2720, lengths(16, 16)),
    // American Express
    iin(2, 34, 34, lengths(15, 15)),
    iin(2, 37, 37, lengths(15, 15)),
    // Discover
    iin(4, 6011, 6011, lengths(16, 19)),
    iin(3, 644, 649, lengths(16, 19)),
    iin(2, 65, 65, lengths(16, 19)),
    // RuPay
    iin(2, 60, 60, lengths(16, 16)),
    iin(4, 6521, 6522, lengths(16, 16)),
    iin(2, 81, 82, lengths(16, 16)),
    iin(3, 508, 508, lengths(16, 16)),
    // JCB
    iin(4, 3528, 3589, lengths(16, 19)),
    // Diners Club
    iin(2, 36, 36, lengths(14, 19)),
    iin(2, 38, 38, lengths(14, 19)),
    iin(3, 300, 305, lengths(14, 19)),
    // Maestro
    iin(2, 50, 50, lengths(12, 19)),
    iin(2, 56, 58, lengths(12, 19)),
    iin(4, 6304, 6304, lengths(12, 19)),
    iin(4, 6759, 6759, lengths(12, 19)),
    iin(3, 676, 676, lengths(12, 19)),
];

/// True when some scheme issues cards with this prefix at this length.
fn known_iin(ds: &[u8]) -> bool {
    let Some(len_bit) = u32::try_from(ds.len())
        .ok()
        .and_then(|n| 1u32.checked_shl(n))
    else {
        return false;
    };
    IINS.iter().any(|r| {
        r.lengths & len_bit != 0 && leading(ds, r.width).is_some_and(|p| (r.lo..=r.hi).contains(&p))
    })
}

fn card(c: &str) -> bool {
    let Some(ds) = Digits::<19>::gather(c, space_or_hyphen) else {
        return false;
    };
    let ds = ds.as_slice();
    (13..=19).contains(&ds.len()) && !all_same(ds) && luhn_valid(ds) && known_iin(ds)
}

// === PAN ===

/// The 4th letter of a PAN is the holder type (Person, Company, HUF, Firm,
/// AOP, Trust, BOI, Local authority, artificial Juridical person,
/// Government); any other letter is not an issued PAN. Lower case is
/// accepted because PANs are compared case-insensitively (see
/// `EntityType::normalize`).
fn pan(c: &str) -> bool {
    let [l1, l2, l3, holder, l5, n1, n2, n3, n4, check] = c.as_bytes() else {
        return false;
    };
    [l1, l2, l3, holder, l5, check]
        .iter()
        .all(|b| b.is_ascii_alphabetic())
        && [n1, n2, n3, n4].iter().all(|b| b.is_ascii_digit())
        && matches!(
            holder.to_ascii_uppercase(),
            b'A' | b'B' | b'C' | b'F' | b'G' | b'H' | b'L' | b'J' | b'P' | b'T'
        )
}

// === SSN ===

/// Numbers SSA voided after they were printed on sample cards or used in
/// advertising; they appear in text far more often than as anyone's SSN.
const SSN_PUBLICIZED: [(u32, u32, u32); 3] = [(78, 5, 1120), (219, 9, 9999), (123, 45, 6789)];

/// SSA never assigns area 000, 666 or 900-999, group 00 or serial 0000.
/// Mixed separators (`123-45 6789`) are rejected as not written by a person.
fn ssn(c: &str) -> bool {
    let (area, group, serial) = match c.as_bytes() {
        [a1, a2, a3, s1, g1, g2, s2, r1, r2, r3, r4] if s1 == s2 && space_or_hyphen(*s1) => {
            ([*a1, *a2, *a3], [*g1, *g2], [*r1, *r2, *r3, *r4])
        }
        [a1, a2, a3, g1, g2, r1, r2, r3, r4] => ([*a1, *a2, *a3], [*g1, *g2], [*r1, *r2, *r3, *r4]),
        _ => return false,
    };
    let (Some(area), Some(group), Some(serial)) = (
        ascii_number(&area),
        ascii_number(&group),
        ascii_number(&serial),
    ) else {
        return false;
    };
    (1..=899).contains(&area)
        && area != 666
        && (1..=99).contains(&group)
        && (1..=9999).contains(&serial)
        && !SSN_PUBLICIZED.contains(&(area, group, serial))
}

// === phones ===

/// A phone candidate's digits, and whether a `+` introduced them.
struct PhoneDigits {
    digits: Digits<15>,
    plus: bool,
}

/// Gathers a phone number's digits. `+` counts only before the first digit:
/// anywhere else it is arithmetic, not a country prefix. E.164 caps numbers
/// at 15 digits, so a longer run is rejected by running out of room.
fn phone_digits(c: &str) -> Option<PhoneDigits> {
    let mut out = PhoneDigits {
        digits: Digits::new(),
        plus: false,
    };
    for b in c.bytes() {
        match b {
            b'0'..=b'9' => out.digits.push(b - b'0')?,
            b'+' if !out.plus && out.digits.len == 0 => out.plus = true,
            b'-' | b'.' | b'(' | b')' | b' ' => {}
            _ => return None,
        }
    }
    Some(out)
}

/// Indian numbers are 10 digits after the trunk `0` or the `+91` / `0091`
/// country prefix. Mobiles start 6-9. A number starting 1-5 is a landline
/// (STD code + subscriber), and only counts when the text shows the trunk
/// `0` or the country prefix: a bare `2345678901` is more likely an order
/// number than a phone. A bare `91` prefix is too ambiguous to vouch for a
/// landline, so it admits mobiles only.
fn phone_india(c: &str) -> bool {
    let Some(p) = phone_digits(c) else {
        return false;
    };
    let ds = p.digits.as_slice();
    let (national, dialled_as_indian) = if p.plus {
        match ds {
            [9, 1, rest @ ..] => (rest, true),
            _ => return false,
        }
    } else {
        match ds {
            [0, 0, 9, 1, rest @ ..] if ds.len() == 14 => (rest, true),
            [9, 1, rest @ ..] if ds.len() == 12 => (rest, false),
            [0, rest @ ..] if ds.len() == 11 => (rest, true),
            _ if ds.len() == 10 => (ds, false),
            _ => return false,
        }
    };
    national.len() == 10
        && !all_same(national)
        && match national.first() {
            Some(6..=9) => true,
            Some(1..=5) => dialled_as_indian,
            _ => false,
        }
}

/// NANP area codes and exchanges start 2-9 (0 and 1 are dialling prefixes)
/// and N11 codes (211, 311, ..., 911) are service codes, not numbers.
fn nanp_code_ok(first: u8, second: u8, third: u8) -> bool {
    (2..=9).contains(&first) && !(second == 1 && third == 1)
}

/// NANP: optional `+1` / `1`, then NPA-NXX-XXXX. The 555 exchange is
/// accepted: fictional numbers are still written as contact details.
fn phone_us(c: &str) -> bool {
    let Some(p) = phone_digits(c) else {
        return false;
    };
    let ds = p.digits.as_slice();
    let national = match ds {
        [1, rest @ ..] if ds.len() == 11 => rest,
        _ if ds.len() == 10 && !p.plus => ds,
        _ => return false,
    };
    let [a1, a2, a3, x1, x2, x3, _, _, _, _] = *national else {
        return false;
    };
    nanp_code_ok(a1, a2, a3) && nanp_code_ok(x1, x2, x3)
}

/// ITU-T E.164 country calling codes in service, sorted for binary search.
/// Taken from libphonenumber's metadata (PyPI `phonenumbers` 9.0.43), which
/// tracks ITU assignments and omits spare and reserved codes. The codes form
/// a prefix-free set, which is what makes longest-prefix matching sound.
const COUNTRY_CODES: [u16; 215] = [
    1, 7, 20, 27, 30, 31, 32, 33, 34, 36, 39, 40, 41, 43, 44, 45, 46, 47, 48, 49, 51, 52, 53, 54,
    55, 56, 57, 58, 60, 61, 62, 63, 64, 65, 66, 81, 82, 84, 86, 90, 91, 92, 93, 94, 95, 98, 211,
    212, 213, 216, 218, 220, 221, 222, 223, 224, 225, 226, 227, 228, 229, 230, 231, 232, 233, 234,
    235, 236, 237, 238, 239, 240, 241, 242, 243, 244, 245, 246, 247, 248, 249, 250, 251, 252, 253,
    254, 255, 256, 257, 258, 260, 261, 262, 263, 264, 265, 266, 267, 268, 269, 290, 291, 297, 298,
    299, 350, 351, 352, 353, 354, 355, 356, 357, 358, 359, 370, 371, 372, 373, 374, 375, 376, 377,
    378, 380, 381, 382, 383, 385, 386, 387, 389, 420, 421, 423, 500, 501, 502, 503, 504, 505, 506,
    507, 508, 509, 590, 591, 592, 593, 594, 595, 596, 597, 598, 599, 670, 672, 673, 674, 675, 676,
    677, 678, 679, 680, 681, 682, 683, 685, 686, 687, 688, 689, 690, 691, 692, 800, 808, 850, 852,
    853, 855, 856, 870, 878, 880, 881, 882, 883, 886, 888, 960, 961, 962, 963, 964, 965, 966, 967,
    968, 970, 971, 972, 973, 974, 975, 976, 977, 979, 992, 993, 994, 995, 996, 998,
];

/// The length of the assigned country code `ds` starts with, if any.
fn country_code_len(ds: &[u8]) -> Option<usize> {
    [3, 2, 1].into_iter().find(|&width| {
        leading(ds, width)
            .and_then(|cc| u16::try_from(cc).ok())
            .is_some_and(|cc| COUNTRY_CODES.binary_search(&cc).is_ok())
    })
}

/// `+`, an assigned country code, and 8-15 digits in all with at least six
/// after the code. India and NANP get their full national rules, since those
/// are the numbers veil sees most and the ones it can check properly.
fn phone_e164(c: &str) -> bool {
    if !c.starts_with('+') {
        return false;
    }
    let Some(p) = phone_digits(c) else {
        return false;
    };
    let ds = p.digits.as_slice();
    if !(8..=15).contains(&ds.len()) {
        return false;
    }
    let Some(cc_len) = country_code_len(ds) else {
        return false;
    };
    if ds.len().saturating_sub(cc_len) < 6 {
        return false;
    }
    match leading(ds, cc_len) {
        Some(91) => phone_india(c),
        Some(1) => phone_us(c),
        _ => true,
    }
}

// === IFSC ===

/// Bank code, a reserved `0`, then the branch code. RBI publishes IFSCs in
/// upper case only, and lower-case lookalikes are usually identifiers in code.
fn ifsc(c: &str) -> bool {
    let [b1, b2, b3, b4, zero, branch @ ..] = c.as_bytes() else {
        return false;
    };
    [b1, b2, b3, b4].iter().all(|b| b.is_ascii_uppercase())
        && *zero == b'0'
        && branch.len() == 6
        && branch
            .iter()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

// === embedded lists ===

/// Root-zone TLDs; see the file header for provenance.
const TLDS_TXT: &str = include_str!("../rules/lists/tlds.txt");

/// NPCI PSP handles; see the file header for provenance.
const UPI_HANDLES_TXT: &str = include_str!("../rules/lists/upi_handles.txt");

/// Splits an embedded list into a sorted table once, so lookups are a binary
/// search with no allocation. Sorting here (rather than trusting the file)
/// keeps a hand edit out of order from silently breaking lookups.
fn sorted_list(
    cell: &'static OnceLock<Box<[&'static str]>>,
    text: &'static str,
) -> &'static [&'static str] {
    cell.get_or_init(|| {
        let mut entries: Vec<&'static str> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect();
        entries.sort_unstable();
        entries.dedup();
        entries.into_boxed_slice()
    })
}

fn tlds() -> &'static [&'static str] {
    static CELL: OnceLock<Box<[&'static str]>> = OnceLock::new();
    sorted_list(&CELL, TLDS_TXT)
}

fn upi_handles() -> &'static [&'static str] {
    static CELL: OnceLock<Box<[&'static str]>> = OnceLock::new();
    sorted_list(&CELL, UPI_HANDLES_TXT)
}

/// Case-insensitive membership in a lowercase list, without lowercasing
/// `key` into a new string.
fn contains_ignore_case(list: &[&str], key: &str) -> bool {
    list.binary_search_by(|entry| cmp_to_lowercase(entry, key))
        .is_ok()
}

/// Orders a lowercase `entry` against `key` as if `key` were lowercased.
fn cmp_to_lowercase(entry: &str, key: &str) -> Ordering {
    entry
        .bytes()
        .cmp(key.bytes().map(|b| b.to_ascii_lowercase()))
}

// === e-mail ===

/// Characters RFC 5322 allows unquoted in a local part. Quoted local parts
/// are legal but so rare in real text that accepting them would mostly
/// admit noise.
fn local_char_ok(ch: char) -> bool {
    if ch.is_ascii() {
        ch.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~-.".contains(ch)
    } else {
        // RFC 6531 lets addresses use non-ASCII letters; spaces and
        // punctuation outside ASCII are still not part of an address.
        ch.is_alphanumeric()
    }
}

fn local_part_ok(local: &str) -> bool {
    (1..=64).contains(&local.len())
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local.chars().all(local_char_ok)
}

/// An LDH label (RFC 1035/5890): letters, digits, inner hyphens, 1-63 bytes.
fn label_ok(label: &str) -> bool {
    (1..=63).contains(&label.len())
        && !label.starts_with('-')
        && !label.ends_with('-')
        && label
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

fn domain_ok(domain: &str) -> bool {
    let mut labels = 0usize;
    for label in domain.split('.') {
        if !label_ok(label) {
            return false;
        }
        labels += 1;
    }
    domain.len() <= 253 && labels >= 2
}

/// A syntactically valid address under a TLD that exists. The TLD check is
/// what separates `priya@example.com` from `file@2x.png` and `user@host.local`.
///
/// The TLD is checked first: a binary search over the last label rejects
/// most non-addresses (`@gmail`, `@host.zz`) before the walk over every
/// character of the local part and domain.
fn email(c: &str) -> bool {
    let Some((local, domain)) = split_at_sign(c) else {
        return false;
    };
    email_tld_ok(domain) && local_part_ok(local) && domain_ok(domain)
}

/// Whether the last label of `domain` is a top-level domain.
fn email_tld_ok(domain: &str) -> bool {
    domain
        .rsplit('.')
        .next()
        .is_some_and(|tld| contains_ignore_case(tlds(), tld))
}

// === UPI ===

/// `name@handle` with a handle some PSP actually issues: the handle is what
/// tells a UPI ID from a social-media mention or `user@localhost`.
fn upi(c: &str) -> bool {
    let Some((name, handle)) = split_at_sign(c) else {
        return false;
    };
    (2..=256).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
        && contains_ignore_case(upi_handles(), handle)
}

// === IP addresses ===

/// A decimal octet without leading zeros: `010` is octal to some parsers
/// and decimal to others, so it is rejected rather than guessed.
fn octet_ok(part: &str) -> bool {
    let b = part.as_bytes();
    b.len() <= 3
        && !(b.len() > 1 && b.first() == Some(&b'0'))
        && ascii_number(b).is_some_and(|n| n <= 255)
}

/// `0.0.0.0` is accepted: it is still an address when it appears in logs.
fn ipv4(c: &str) -> bool {
    let mut parts = 0usize;
    for part in c.split('.') {
        parts += 1;
        if parts > 4 || !octet_ok(part) {
            return false;
        }
    }
    parts == 4
}

/// Delegates to the standard parser, which also takes an IPv4 tail
/// (`::ffff:192.0.2.1`) and rejects zone IDs and brackets. Every IPv6 text
/// form has at least two colons, so counting them first turns away times
/// and ratios (`12:30`) before a full parse.
fn ipv6(c: &str) -> bool {
    c.bytes().filter(|&b| b == b':').count() >= 2 && c.parse::<Ipv6Addr>().is_ok()
}

#[cfg(test)]
#[allow(
    clippy::indexing_slicing,
    clippy::unwrap_used,
    reason = "tests index and unwrap known-good fixtures"
)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// `min_digits` is a lower bound: a value with fewer digits is refused,
    /// whatever surrounds them. The cases are the accepted shapes with
    /// digits dropped one by one, and separators in every position.
    #[test]
    fn fewer_digits_than_min_digits_are_refused() {
        let accepted = [
            (Validator::Verhoeff, "2345 6789 0124"),
            (Validator::BankAccount, "5010 0234 5678 90"),
            (Validator::HasDigit, "OD1"),
        ];
        for (v, value) in accepted {
            let need = v.min_digits();
            assert!(need > 0 && v.check(value), "{}: {value:?}", v.name());
            // Keep the first `k < need` digits and every other byte.
            for k in 0..need {
                let mut kept = 0;
                let fewer: String = value
                    .chars()
                    .filter(|c| {
                        let digit = c.is_ascii_digit();
                        kept += usize::from(digit);
                        !digit || kept <= k
                    })
                    .collect();
                assert!(!v.check(&fewer), "{} accepts {fewer:?}", v.name());
            }
        }
        assert!(
            Validator::ALL
                .iter()
                .all(|v| v.min_digits() == 0 || v.needs_digit() || *v == Validator::Verhoeff)
        );
    }

    proptest! {
        /// The fast paths of `trim` and `split_at_sign` answer as `str` does.
        #[test]
        fn fast_trim_and_split_match_std(s in "[ \t\n\u{b}\u{c}\r\u{1c}\u{85}\u{a0}a@.1é]{0,12}") {
            prop_assert_eq!(trim(&s), s.trim());
            prop_assert_eq!(split_at_sign(&s), s.split_once('@'));
        }

        /// Any text with fewer digits than `min_digits` is refused.
        #[test]
        fn min_digits_bounds_every_accepted_value(s in "[0-9 \\-a-zA-Z.+()@/]{0,40}") {
            for v in Validator::ALL {
                let digits = s.bytes().filter(u8::is_ascii_digit).count();
                if digits < v.min_digits() {
                    prop_assert!(!v.check(&s), "{} accepts {:?}", v.name(), s);
                }
            }
        }
    }

    fn yes(v: Validator, cases: &[&str]) {
        for c in cases {
            assert!(v.check(c), "{} should accept {c:?}", v.name());
        }
    }

    fn no(v: Validator, cases: &[&str]) {
        for c in cases {
            assert!(!v.check(c), "{} should reject {c:?}", v.name());
        }
    }

    #[test]
    fn names_round_trip() {
        for v in Validator::ALL {
            assert_eq!(Validator::from_name(v.name()), Some(v));
        }
        assert_eq!(Validator::from_name("Luhn"), None);
        assert_eq!(Validator::from_name("pan"), None);
        assert_eq!(Validator::from_name(""), None);
    }

    #[test]
    fn bank_account_one_pass_agrees_with_the_definition() {
        // The definition, as it was written before the one-pass version.
        let reference = |c: &str| {
            let is_sep = |b: u8| b == b' ' || b == b'-';
            let well_separated = c.bytes().all(|b| b.is_ascii_digit() || is_sep(b))
                && !c
                    .bytes()
                    .zip(c.bytes().skip(1))
                    .any(|(a, b)| is_sep(a) && is_sep(b));
            let mut digits = c.bytes().filter(u8::is_ascii_digit);
            let first = digits.next();
            let count = c.bytes().filter(u8::is_ascii_digit).count();
            well_separated && (9..=18).contains(&count) && digits.any(|d| Some(d) != first)
        };
        let alphabet = [b'1', b'2', b' ', b'-', b'x'];
        let mut checked = 0;
        // Every string of up to 6 bytes, then digit-heavy ones of 8-20
        // bytes from a fixed-seed generator (where the 9..=18 bound bites).
        for len in 0..=6u32 {
            for n in 0..alphabet.len().pow(len) {
                let mut k = n;
                let s: String = (0..len)
                    .map(|_| {
                        let c = alphabet[k % alphabet.len()];
                        k /= alphabet.len();
                        char::from(c)
                    })
                    .collect();
                assert_eq!(bank_account(&s), reference(&s), "{s:?}");
                checked += 1;
            }
        }
        let mut seed = 0x5eed_u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize
        };
        for _ in 0..20_000 {
            let len = 8 + next() % 13;
            let s: String = (0..len)
                .map(|_| {
                    let r = next() % 16;
                    char::from(if r < 12 {
                        alphabet[r % 2]
                    } else {
                        alphabet[2 + r % 3]
                    })
                })
                .collect();
            assert_eq!(bank_account(&s), reference(&s), "{s:?}");
            checked += 1;
        }
        assert!(checked > 10_000, "{checked}");
    }

    #[test]
    fn bank_account_counts_digits_across_groups() {
        yes(
            Validator::BankAccount,
            &[
                "123456789",
                "4110 6562 468",
                "5494-6962-93",
                "012345678901234567",
            ],
        );
        no(
            Validator::BankAccount,
            &[
                "12345678",
                "0123456789012345678",
                "000000000",
                "4110  6562 468",
                "4110/6562/468",
            ],
        );
    }

    #[test]
    fn verhoeff_accepts_valid_aadhaar() {
        yes(
            Validator::Verhoeff,
            &[
                "234567890124",
                "2345 6789 0124",
                "2345-6789-0124",
                " 498765432102 ",
                "987654321012",
            ],
        );
    }

    #[test]
    fn verhoeff_rejects_boundaries() {
        no(
            Validator::Verhoeff,
            &[
                "234567890123",   // wrong check digit
                "234567890142",   // last two digits transposed
                "123456789010",   // Verhoeff-valid but starts with 1
                "333333333333",   // Verhoeff-valid but all one digit
                "23456789012",    // 11 digits
                "2345678901240",  // 13 digits
                "2345.6789.0124", // dots are not Aadhaar grouping
                "2345 6789 012a",
                "",
            ],
        );
    }

    #[test]
    fn luhn_accepts_every_scheme() {
        yes(
            Validator::Luhn,
            &[
                "4111 1111 1111 1111", // Visa 16
                "4526018159087",       // Visa 13
                "4301661318609139096", // Visa 19
                "5555-5555-5555-4444", // Mastercard 5x
                "2221960308246283",    // Mastercard 2221
                "2720194821993512",    // Mastercard 2720
                "3782 822463 10005",   // Amex
                "6011111111111117",    // Discover
                "6011819093786579752", // Discover 19
                "6444323194875743",    // Discover 644
                "65911862527601896",   // Discover 65, 17 digits
                "6055597971147109",    // RuPay 60
                "6521497465075294",    // RuPay 6521
                "5081703423667120",    // RuPay 508
                "8176842684656321",    // RuPay 81
                "8212233079244020",    // RuPay 82
                "3530111333300000",    // JCB
                "3589866661760313727", // JCB 19
                "30569309025904",      // Diners 305, 14
                "36159010928150",      // Diners 36
                "3890139624595711773", // Diners 38, 19
                "5085253888537",       // Maestro 50, 13
                "579336338750047435",  // Maestro 57, 18
                "6304957551313738",    // Maestro 6304
                "6759537990751163725", // Maestro 6759
                "676651676122206",     // Maestro 676
            ],
        );
    }

    #[test]
    fn luhn_rejects_boundaries() {
        no(
            Validator::Luhn,
            &[
                "4111111111111112",     // checksum
                "429729975288207",      // Visa prefix, 15 digits
                "510182633043483",      // Mastercard prefix, 15 digits
                "3439548620579865",     // Amex prefix, 16 digits
                "27208282880729022",    // Mastercard 2-series, 17 digits
                "2721227918058887",     // just past Mastercard 2720
                "3527718033401873",     // just before JCB 3528
                "30680175989832",       // Diners 306 is unassigned
                "1478878384837266",     // no scheme starts with 1
                "9167513613412529",     // no scheme starts with 9
                "8888 8888 8888 8888",  // Luhn-valid, all one digit
                "0000000000000",        // Luhn-valid, all zeros
                "411111111111",         // 12 digits
                "41111111111111111111", // 20 digits
                "4111.1111.1111.1111",  // dots are not card grouping
                "",
            ],
        );
    }

    #[test]
    fn pan_accepts_holder_types() {
        yes(
            Validator::PanHolder,
            &[
                "ABCPE1234F",
                "AAACR5055K",
                "BNZAA2318J",
                " abcpe1234f ",
                "AAATT1234Z",
            ],
        );
    }

    #[test]
    fn pan_rejects_boundaries() {
        no(
            Validator::PanHolder,
            &[
                "ABCDE1234F",  // D is not a holder type
                "ABCXE1234F",  // nor X
                "ABCPE12345",  // digit where the check letter goes
                "ABCP51234F",  // digit in the name part
                "ABCPE1234",   // too short
                "ABCPE1234FG", // too long
                "ABC PE1234F",
                "ÅBCPE1234F",
                "",
            ],
        );
    }

    #[test]
    fn ssn_accepts_formats() {
        yes(
            Validator::Ssn,
            &[
                "536-22-1234",
                "536 22 1234",
                "536221234",
                "001-01-0001",
                "899-99-9999",
            ],
        );
    }

    #[test]
    fn ssn_rejects_boundaries() {
        no(
            Validator::Ssn,
            &[
                "000-12-3456", // area 000
                "666-12-3456", // area 666
                "900-12-3456", // area 9xx
                "536-00-1234", // group 00
                "536-22-0000", // serial 0000
                "078-05-1120", // Woolworth wallet card
                "219-09-9999", // SSA pamphlet
                "123-45-6789", // the example everyone uses
                "536-22 1234", // mixed separators
                "536.22.1234",
                "53622123",
                "5362212345",
                "",
            ],
        );
    }

    #[test]
    fn phone_india_accepts_mobiles_and_landlines() {
        yes(
            Validator::PhoneIndia,
            &[
                "98765 43210",
                "9876543210",
                "+91 98765 43210",
                "+91-98765-43210",
                "919876543210",
                "0091 98765 43210",
                "09876543210",
                "(+91) 6123456789",
                "080-2345-6789", // Bengaluru landline with trunk 0
                "011 2345 6789", // Delhi landline
                "+91 11 2345 6789",
                "0091 22 2345 6789",
                "7000.123.456",
            ],
        );
    }

    #[test]
    fn phone_india_rejects_boundaries() {
        no(
            Validator::PhoneIndia,
            &[
                "2345678901",      // bare landline-looking number
                "91 11 2345 6789", // bare 91 does not vouch for a landline
                "5876543210",      // bare, starts 5
                "9999999999",      // all one digit
                "+91 99999 99999",
                "0000000000",
                "+1 98765 43210", // other country
                "+91 98765 4321", // 9 national digits
                "98765 432101",   // 11 digits, no trunk 0
                "0 01234 56789",  // national number starting 0
                "98765+43210",    // + inside the number
                "98765/43210",
                "",
            ],
        );
    }

    #[test]
    fn phone_us_accepts_nanp() {
        yes(
            Validator::PhoneUs,
            &[
                "(415) 555-0132",
                "415-555-0132",
                "415.555.0132",
                "+1 415 555 0132",
                "1-800-234-5678",
                "+1 (212) 736-5000",
            ],
        );
    }

    #[test]
    fn phone_us_rejects_boundaries() {
        no(
            Validator::PhoneUs,
            &[
                "(115) 555-0132",  // area code starts 1
                "(015) 555-0132",  // area code starts 0
                "(911) 555-0132",  // N11 area code
                "(415) 155-0132",  // exchange starts 1
                "(415) 411-0132",  // N11 exchange
                "+2 415 555 0132", // other country
                "+4155550132",     // + without the 1
                "2 415 555 0132",  // 11 digits not starting 1
                "415-555-013",
                "",
            ],
        );
    }

    #[test]
    fn phone_e164_accepts_international() {
        yes(
            Validator::PhoneE164,
            &[
                "+44 20 7946 0958",
                "+49 30 901820",
                "+971 50 123 4567",
                "+65 6123 4567",
                "+91 98765 43210",
                "+1 415 555 0132",
                "+7 912 345 67 89",
                "+880 1712 345678",
                "+86 139 1234 5678",
                "+91 80 2345 6789", // landline: +91 vouches for it
            ],
        );
    }

    #[test]
    fn phone_e164_rejects_boundaries() {
        no(
            Validator::PhoneE164,
            &[
                "44 20 7946 0958",       // no +
                "(+44) 20 7946 0958",    // + not leading
                "+44 1234",              // under 8 digits
                "+44 20 7946 0958 1234", // over 15 digits
                "+999 1234 5678",        // 999 is reserved
                "+0 1234 5678",
                "+42 9123 4567",   // 42 and 429 are spare; 420, 421 and 423 are not
                "+423 12345",      // under 6 digits after the code
                "+91 99999 99999", // India rules apply to +91
                "+91 01234 56789",
                "+1 911 555 0132", // NANP rules apply to +1
                "+44 20 7946 0958x",
                "",
            ],
        );
    }

    #[test]
    fn ifsc_accepts_branch_codes() {
        yes(
            Validator::Ifsc,
            &["SBIN0001234", "HDFC0000001", "ICIC0ABC123", "UTIB0SBIBAN"],
        );
    }

    #[test]
    fn ifsc_rejects_boundaries() {
        no(
            Validator::Ifsc,
            &[
                "SBIN1001234", // 5th char must be 0
                "SBI00001234", // digit in bank code
                "sbin0001234", // lower case
                "SBIN0abc123",
                "SBIN000123",   // too short
                "SBIN00012345", // too long
                "SBIN0-01234",
                "",
            ],
        );
    }

    #[test]
    fn email_accepts_real_tlds() {
        yes(
            Validator::EmailTld,
            &[
                "priya@example.com",
                "Priya.Sharma+news@Mail.Example.CO.IN",
                "a@b.io",
                "ops_team@sub-domain.example.technology",
                "user@xn--p1ai.xn--p1ai",
                "राज@example.in",
                "o'brien@example.ie",
            ],
        );
    }

    #[test]
    fn email_rejects_boundaries() {
        no(
            Validator::EmailTld,
            &[
                "user@host.local",    // not a root-zone TLD
                "file@2x.png",        // png is not a TLD
                "user@example.onion", // special-use, not root zone
                "user@localhost",     // one label
                "@example.com",       // empty local part
                ".user@example.com",  // leading dot
                "user.@example.com",  // trailing dot
                "us..er@example.com", // double dot
                "user name@example.com",
                "user@-example.com", // label starts with hyphen
                "user@example-.com", // label ends with hyphen
                "user@example..com", // empty label
                "user@example.com.", // trailing dot
                "user@exa_mple.com",
                "user@@example.com",
                "userexample.com",
                "",
            ],
        );
        let long_local = format!("{}@example.com", "a".repeat(65));
        assert!(!Validator::EmailTld.check(&long_local));
        let ok_local = format!("{}@example.com", "a".repeat(64));
        assert!(Validator::EmailTld.check(&ok_local));
        let long_label = format!("user@{}.com", "a".repeat(64));
        assert!(!Validator::EmailTld.check(&long_label));
    }

    #[test]
    fn upi_accepts_known_handles() {
        yes(
            Validator::UpiHandle,
            &[
                "priya.sharma@okaxis",
                "9876543210@ybl",
                "rahul_k-99@paytm",
                "ab@upi",
                "Shop.Owner@OKHDFCBANK",
                "someone@wahdfcbank",
            ],
        );
        let longest = format!("{}@ybl", "a".repeat(256));
        assert!(Validator::UpiHandle.check(&longest));
    }

    #[test]
    fn upi_rejects_boundaries() {
        no(
            Validator::UpiHandle,
            &[
                "priya@gmail",      // not a PSP handle
                "priya@okaxis.com", // an e-mail domain, not a handle
                "a@ybl",            // name too short
                "priya sharma@ybl",
                "priya+1@ybl",
                "@ybl",
                "priya@",
                "priya@@ybl",
                "priya",
                "",
            ],
        );
        let too_long = format!("{}@ybl", "a".repeat(257));
        assert!(!Validator::UpiHandle.check(&too_long));
    }

    #[test]
    fn ipv4_accepts_dotted_quads() {
        yes(
            Validator::Ipv4,
            &[
                "192.168.1.10",
                "10.0.0.1",
                "255.255.255.255",
                "0.0.0.0",
                "8.8.8.8",
            ],
        );
    }

    #[test]
    fn ipv4_rejects_boundaries() {
        no(
            Validator::Ipv4,
            &[
                "256.1.1.1",
                "192.168.01.1", // leading zero
                "192.168.1",
                "192.168.1.1.1",
                "192.168..1",
                "192.168.1.",
                "1.2.3.-4",
                "1.2.3.4a",
                "1234.1.1.1",
                "",
            ],
        );
    }

    #[test]
    fn ipv6_accepts_std_forms() {
        yes(
            Validator::Ipv6,
            &[
                "2001:db8::1",
                "2001:0db8:85a3:0000:0000:8a2e:0370:7334",
                "fe80::1ff:fe23:4567:890a",
                "::1",
                "::",
                "::ffff:192.0.2.128",
                "64:ff9b::192.0.2.33",
            ],
        );
    }

    #[test]
    fn ipv6_rejects_boundaries() {
        no(
            Validator::Ipv6,
            &[
                "12:30", // a time, one colon
                "2001:db8:::1",
                "2001:db8::1::2",
                "2001:db8::g",
                "[2001:db8::1]",
                "fe80::1%eth0",
                "1:2:3:4:5:6:7:8:9",
                "::ffff:192.0.2.256",
                "",
            ],
        );
    }

    #[test]
    fn embedded_lists_are_clean() {
        for (name, text) in [("tlds", TLDS_TXT), ("upi_handles", UPI_HANDLES_TXT)] {
            let entries: Vec<&str> = text
                .lines()
                .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
                .collect();
            assert!(!entries.is_empty(), "{name} is empty");
            for e in &entries {
                assert!(
                    e.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                    "{name}: {e:?} is not a lowercase ASCII label"
                );
            }
            let mut sorted = entries.clone();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(entries, sorted, "{name} must be sorted and unique");
        }
        assert!(tlds().len() > 1000);
        for t in ["com", "in", "io", "uk", "xn--h2brj9c", "technology"] {
            assert!(contains_ignore_case(tlds(), t), "{t}");
        }
        assert!(contains_ignore_case(tlds(), "COM"));
    }

    #[test]
    fn country_codes_are_sorted_and_prefix_free() {
        assert!(COUNTRY_CODES.windows(2).all(|w| w[0] < w[1]));
        for &a in &COUNTRY_CODES {
            for &b in &COUNTRY_CODES {
                let (a, b) = (a.to_string(), b.to_string());
                assert!(a == b || !b.starts_with(&a), "{a} is a prefix of {b}");
            }
        }
    }

    /// A Verhoeff-valid Aadhaar-shaped number with the given 11-digit body.
    fn with_verhoeff_check(body: &[u8]) -> Vec<u8> {
        (0..10)
            .map(|d| {
                let mut v = body.to_vec();
                v.push(d);
                v
            })
            .find(|v| verhoeff_valid(v))
            .unwrap()
    }

    /// A Luhn-valid number with the given body (all but the check digit).
    fn with_luhn_check(body: &[u8]) -> Vec<u8> {
        (0..10)
            .map(|d| {
                let mut v = body.to_vec();
                v.push(d);
                v
            })
            .find(|v| luhn_valid(v))
            .unwrap()
    }

    fn spell(ds: &[u8]) -> String {
        ds.iter().map(|d| char::from(b'0' + d)).collect()
    }

    /// A real scheme prefix and length: Visa 16 and Mastercard 16 cover the
    /// common case; the body is filled with arbitrary digits.
    fn card_body() -> impl Strategy<Value = Vec<u8>> {
        (
            prop_oneof![Just(vec![4u8]), Just(vec![5u8, 3]), Just(vec![6u8, 0])],
            proptest::collection::vec(0u8..10, 14),
        )
            .prop_map(|(prefix, fill)| {
                let mut body = prefix;
                body.extend(fill);
                body.truncate(15);
                body
            })
    }

    #[test]
    fn suffixes_are_refused_for_what_follows_the_at() {
        for (v, suffix, refused) in [
            (Validator::EmailTld, "host.zz", true),
            (Validator::EmailTld, "gmail..com", true),
            (Validator::EmailTld, "gmail.com", false),
            (Validator::EmailTld, "gmail.com ", false),
            (Validator::UpiHandle, "okaxisx", true),
            (Validator::UpiHandle, "OKAXIS", false),
            (Validator::Luhn, "anything", false),
        ] {
            assert_eq!(v.refuses_suffix(suffix), refused, "{v:?} {suffix:?}");
        }
    }

    proptest! {
        /// A suffix refused is refused after any head without `@`.
        #[test]
        fn a_refused_suffix_is_refused_after_any_head(
            head in "[ a-zA-Z0-9._%+\\-é]{0,12}",
            suffix in "(okaxis|ybl|paytm|gmail|com|in|zz|png|co|[a-zA-Z0-9-]{0,6}|[.@ ]){0,5}",
        ) {
            for v in [Validator::EmailTld, Validator::UpiHandle] {
                if v.refuses_suffix(&suffix) {
                    prop_assert!(!v.check(&format!("{head}@{suffix}")), "{v:?} {head:?}@{suffix:?}");
                }
            }
        }

        #[test]
        fn check_never_panics_on_any_text(s in any::<String>()) {
            for v in Validator::ALL {
                let _ = v.check(&s);
            }
        }

        #[test]
        fn check_never_panics_on_number_like_text(s in "[0-9 +().@:a-zA-Z-]{0,40}") {
            for v in Validator::ALL {
                let _ = v.check(&s);
            }
        }

        #[test]
        fn verhoeff_catches_one_changed_digit(
            first in 2u8..10,
            rest in proptest::collection::vec(0u8..10, 10),
            pos in 0usize..12,
            delta in 1u8..10,
        ) {
            let mut body = vec![first];
            body.extend(rest);
            let good = with_verhoeff_check(&body);
            prop_assume!(!all_same(&good));
            prop_assert!(Validator::Verhoeff.check(&spell(&good)));
            let mut bad = good.clone();
            bad[pos] = (bad[pos] + delta) % 10;
            prop_assert!(!Validator::Verhoeff.check(&spell(&bad)));
        }

        #[test]
        fn verhoeff_catches_adjacent_transpositions(
            first in 2u8..10,
            rest in proptest::collection::vec(0u8..10, 10),
            pos in 0usize..11,
        ) {
            let mut body = vec![first];
            body.extend(rest);
            let good = with_verhoeff_check(&body);
            prop_assume!(good[pos] != good[pos + 1]);
            let mut bad = good.clone();
            bad.swap(pos, pos + 1);
            prop_assert!(!Validator::Verhoeff.check(&spell(&bad)));
        }

        #[test]
        fn luhn_catches_one_changed_digit(
            body in card_body(),
            pos in 0usize..16,
            delta in 1u8..10,
        ) {
            let good = with_luhn_check(&body);
            prop_assume!(!all_same(&good));
            prop_assert!(Validator::Luhn.check(&spell(&good)));
            let mut bad = good.clone();
            bad[pos] = (bad[pos] + delta) % 10;
            prop_assert!(!Validator::Luhn.check(&spell(&bad)));
        }

        #[test]
        fn grouping_does_not_change_digit_checks(
            body in card_body(),
            gap in 1usize..15,
        ) {
            let card = spell(&with_luhn_check(&body));
            let (head, tail) = card.split_at(gap);
            prop_assert_eq!(
                Validator::Luhn.check(&card),
                Validator::Luhn.check(&format!("{head} {tail}"))
            );
            prop_assert_eq!(
                Validator::Luhn.check(&card),
                Validator::Luhn.check(&format!("{head}-{tail}"))
            );
        }
    }
}
