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
        match self {
            EntityType::Phone => normalize_phone(value),
            EntityType::Aadhaar | EntityType::Ssn | EntityType::Card | EntityType::BankAccount => {
                value.chars().filter(char::is_ascii_digit).collect()
            }
            EntityType::Email | EntityType::Upi | EntityType::Ip => value.trim().to_lowercase(),
            EntityType::Pan | EntityType::Ifsc | EntityType::OrderId => value.trim().to_uppercase(),
            EntityType::Name | EntityType::Money | EntityType::Address => {
                // The words joined by single spaces, built in one buffer.
                let mut out = String::with_capacity(value.len());
                for word in value.split_whitespace() {
                    if !out.is_empty() {
                        out.push(' ');
                    }
                    out.push_str(word);
                }
                out
            }
        }
    }
}

/// Phones normalize to their digits in E.164 form where the country is
/// evident: 10-digit Indian mobiles (first digit 6-9) get `91`, a trunk `0`
/// before a 10-digit number is dropped, and `+` is implied.
fn normalize_phone(value: &str) -> String {
    let digits = || value.chars().filter(char::is_ascii_digit);
    let explicit_country = value.trim_start().starts_with('+');
    let count = digits().count();
    let first = digits().next();
    let mut out = String::with_capacity(count + 2);
    match (explicit_country, count, first) {
        (false, 11, Some('0')) => {
            out.push_str("91");
            out.extend(digits().skip(1));
        }
        (false, 10, Some('6'..='9')) => {
            out.push_str("91");
            out.extend(digits());
        }
        _ => out.extend(digits()),
    }
    out
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
