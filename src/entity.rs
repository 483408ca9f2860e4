//! Entity types (DESIGN §2) and the normalization that decides when two
//! spellings of a value are "the same value" and so get the same token.

use std::fmt;
use std::str::FromStr;

/// A kind of personal data veil detects. The string form (`as_str`) is the
/// contract used in tokens (`{{phone:1}}`), config, rules and `veil scan`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityType {
    /// Person names.
    Name,
    /// Phone numbers: E.164, Indian mobile/landline, US 10-digit.
    Phone,
    /// E-mail addresses.
    Email,
    /// Indian Aadhaar numbers (Verhoeff-checked).
    Aadhaar,
    /// Indian PAN (`AAAAA9999A`).
    Pan,
    /// US Social Security numbers.
    Ssn,
    /// Indian bank branch codes (`AAAA0XXXXXX`).
    Ifsc,
    /// Bank account numbers (only with context).
    BankAccount,
    /// Amounts of money with a currency marker.
    Money,
    /// Postal addresses, possibly spanning lines.
    Address,
    /// Order, booking and ticket references.
    OrderId,
    /// Payment card numbers (Luhn-checked).
    Card,
    /// UPI virtual payment addresses.
    Upi,
    /// IPv4 and IPv6 addresses.
    Ip,
}

impl EntityType {
    /// Every entity type, in a stable order.
    pub const ALL: [EntityType; 14] = [
        EntityType::Name,
        EntityType::Phone,
        EntityType::Email,
        EntityType::Aadhaar,
        EntityType::Pan,
        EntityType::Ssn,
        EntityType::Ifsc,
        EntityType::BankAccount,
        EntityType::Money,
        EntityType::Address,
        EntityType::OrderId,
        EntityType::Card,
        EntityType::Upi,
        EntityType::Ip,
    ];

    /// The contract name used in tokens, config and CLI output.
    pub const fn as_str(self) -> &'static str {
        match self {
            EntityType::Name => "name",
            EntityType::Phone => "phone",
            EntityType::Email => "email",
            EntityType::Aadhaar => "aadhaar",
            EntityType::Pan => "pan",
            EntityType::Ssn => "ssn",
            EntityType::Ifsc => "ifsc",
            EntityType::BankAccount => "bank_account",
            EntityType::Money => "money",
            EntityType::Address => "address",
            EntityType::OrderId => "order_id",
            EntityType::Card => "card",
            EntityType::Upi => "upi",
            EntityType::Ip => "ip",
        }
    }

    /// Dense index in `0..ALL.len()`, for per-type arrays.
    pub const fn index(self) -> usize {
        self as usize
    }

    /// Parses a type name ignoring ASCII case (LLMs write `{{Phone:1}}`).
    pub fn parse_ignore_case(s: &str) -> Option<EntityType> {
        EntityType::ALL
            .into_iter()
            .find(|t| t.as_str().eq_ignore_ascii_case(s))
    }

    /// The canonical form of a detected value: two values with the same
    /// normalized form are the same datum and share a token in a scope.
    ///
    /// Digits-only types drop separators; emails, UPI IDs, PAN and IFSC
    /// compare case-insensitively; everything else collapses whitespace runs
    /// so a re-wrapped address still maps to the same token.
    pub fn normalize(self, value: &str) -> String {
        let mut out = String::with_capacity(value.len() + 2);
        self.normalize_into(value, &mut out);
        out
    }

    /// [`EntityType::normalize`], appended to `out` (a buffer a caller
    /// reuses: the scope normalizes every value it is given).
    pub fn normalize_into(self, value: &str, out: &mut String) {
        match self {
            EntityType::Phone => normalize_phone(value, out),
            EntityType::Aadhaar | EntityType::Ssn | EntityType::Card | EntityType::BankAccount => {
                push_digits(value, out);
            }
            EntityType::Email | EntityType::Upi | EntityType::Ip => {
                let v = value.trim();
                // ASCII case mapping is Unicode's on ASCII; other text goes
                // through `to_lowercase` (final sigma and the like).
                if v.is_ascii() {
                    let start = out.len();
                    out.push_str(v);
                    out[start..].make_ascii_lowercase();
                } else {
                    out.push_str(&v.to_lowercase());
                }
            }
            EntityType::Pan | EntityType::Ifsc | EntityType::OrderId => {
                let v = value.trim();
                if v.is_ascii() {
                    let start = out.len();
                    out.push_str(v);
                    out[start..].make_ascii_uppercase();
                } else {
                    out.push_str(&v.to_uppercase());
                }
            }
            EntityType::Name | EntityType::Money | EntityType::Address => {
                // The words joined by single spaces. Most values already are
                // (ASCII, single spaces, nothing around).
                let b = value.as_bytes();
                let tidy = b
                    .iter()
                    .all(|&c| c.is_ascii() && (c == b' ' || !is_ascii_space(c)))
                    && b.first().is_none_or(|&c| c != b' ')
                    && b.last().is_none_or(|&c| c != b' ')
                    && !b.windows(2).any(|p| p == b"  ");
                if tidy {
                    out.push_str(value);
                    return;
                }
                let mut first = true;
                for word in value.split_whitespace() {
                    if !first {
                        out.push(' ');
                    }
                    first = false;
                    out.push_str(word);
                }
            }
        }
    }
}

/// Phones normalize to their digits in E.164 form where the country is
/// evident: 10-digit Indian mobiles (first digit 6-9) get `91`, a trunk `0`
/// before a 10-digit number is dropped, and `+` is implied.
fn normalize_phone(value: &str, out: &mut String) {
    let explicit_country = value.trim_start().starts_with('+');
    let start = out.len();
    push_digits(value, out);
    let digits = &out[start..];
    let prefix = match (explicit_country, digits.len(), digits.as_bytes().first()) {
        (false, 11, Some(b'0')) => Some(1),
        (false, 10, Some(b'6'..=b'9')) => Some(0),
        _ => None,
    };
    if let Some(drop) = prefix {
        out.replace_range(start..start + drop, "91");
    }
}

/// Appends the ASCII digits of `value`.
fn push_digits(value: &str, out: &mut String) {
    for &b in value.as_bytes() {
        if b.is_ascii_digit() {
            out.push(char::from(b));
        }
    }
}

/// ASCII bytes `char::is_whitespace` accepts (`u8::is_ascii_whitespace`
/// leaves out vertical tab).
fn is_ascii_space(b: u8) -> bool {
    b == b' ' || (b'\t'..=b'\r').contains(&b)
}

impl fmt::Display for EntityType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error for a type name that is not in the DESIGN §2 table.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown entity type `{0}` (known: name, phone, email, aadhaar, pan, ssn, ifsc, bank_account, money, address, order_id, card, upi, ip)"
)]
pub struct UnknownEntityType(pub String);

impl FromStr for EntityType {
    type Err = UnknownEntityType;

    /// Strict parse for config and rules: exact lower-case names only.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        EntityType::ALL
            .into_iter()
            .find(|t| t.as_str() == s)
            .ok_or_else(|| UnknownEntityType(s.to_owned()))
    }
}

/// One detected entity: a type and a byte range into the scanned text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entity {
    /// What was found.
    pub ty: EntityType,
    /// Byte offset of the first byte (always on a char boundary).
    pub start: usize,
    /// Byte offset one past the last byte (always on a char boundary).
    pub end: usize,
}

impl Entity {
    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// True for an empty span (never produced by the scanner).
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The forms before the one-buffer rewrite, as the reference.
    fn reference(ty: EntityType, value: &str) -> String {
        match ty {
            EntityType::Phone => {
                let digits: String = value.chars().filter(char::is_ascii_digit).collect();
                if value.trim_start().starts_with('+') {
                    return digits;
                }
                match digits.len() {
                    11 if digits.starts_with('0') => format!("91{}", &digits[1..]),
                    10 if matches!(digits.as_bytes()[0], b'6'..=b'9') => format!("91{digits}"),
                    _ => digits,
                }
            }
            EntityType::Aadhaar | EntityType::Ssn | EntityType::Card | EntityType::BankAccount => {
                value.chars().filter(char::is_ascii_digit).collect()
            }
            EntityType::Email | EntityType::Upi | EntityType::Ip => value.trim().to_lowercase(),
            EntityType::Pan | EntityType::Ifsc | EntityType::OrderId => value.trim().to_uppercase(),
            EntityType::Name | EntityType::Money | EntityType::Address => {
                value.split_whitespace().collect::<Vec<_>>().join(" ")
            }
        }
    }

    #[test]
    fn normalize_matches_the_reference_forms() {
        let values = [
            "",
            " ",
            "Priya  Sharma",
            " Priya Sharma ",
            "Priya\tSharma",
            "Priya\u{a0}Sharma",
            "Flat 12,\nMG Road",
            "x\u{b}y",
            "+91 98765 43210",
            "098765 43210",
            "9876543210",
            "(415) 555-0132",
            "Ravi.Kumar@GMAIL.com",
            " ΣΟΦΙΑ@x.gr ",
            "abcde1234f",
            "ß-ok",
            "₹1,25,000",
            "4111 1111 1111 1111",
            "0",
            "5",
        ];
        for ty in EntityType::ALL {
            for v in values {
                assert_eq!(ty.normalize(v), reference(ty, v), "{ty} {v:?}");
            }
        }
    }

    #[test]
    fn names_round_trip_and_reject_unknown() {
        for t in EntityType::ALL {
            assert_eq!(t.as_str().parse::<EntityType>(), Ok(t));
            assert_eq!(EntityType::ALL[t.index()], t);
        }
        assert!("passport".parse::<EntityType>().is_err());
        assert!("Phone".parse::<EntityType>().is_err());
        assert_eq!(
            EntityType::parse_ignore_case("Phone"),
            Some(EntityType::Phone)
        );
        assert_eq!(
            EntityType::parse_ignore_case("BANK_ACCOUNT"),
            Some(EntityType::BankAccount)
        );
    }

    #[test]
    fn phone_spellings_of_one_number_normalize_alike() {
        let forms = [
            "+91 98765 43210",
            "98765-43210",
            "09876543210",
            "+919876543210",
        ];
        for f in forms {
            assert_eq!(EntityType::Phone.normalize(f), "919876543210", "{f}");
        }
        assert_eq!(EntityType::Phone.normalize("(415) 555-0132"), "4155550132");
    }

    #[test]
    fn case_and_spacing_do_not_split_tokens() {
        assert_eq!(
            EntityType::Email.normalize("Priya@Example.COM"),
            "priya@example.com"
        );
        assert_eq!(
            EntityType::Aadhaar.normalize("2345 6789-0123"),
            "234567890123"
        );
        assert_eq!(
            EntityType::Address.normalize("12 MG Road,\n  Bengaluru 560001"),
            "12 MG Road, Bengaluru 560001"
        );
    }
}
