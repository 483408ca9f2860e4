//! The rules compiled into the binary, so `veil` needs no files at runtime.

use super::SourceFile;

macro_rules! embed {
    ($($name:literal),* $(,)?) => {
        [$(($name, include_str!(concat!("../../rules/", $name)))),*]
    };
}

const FILES: [(&str, &str); 24] = embed!(
    "patterns/aadhaar.toml",
    "patterns/address.toml",
    "patterns/bank_account.toml",
    "patterns/card.toml",
    "patterns/email.toml",
    "patterns/ifsc.toml",
    "patterns/ip.toml",
    "patterns/money.toml",
    "patterns/order_id.toml",
    "patterns/pan.toml",
    "patterns/phone.toml",
    "patterns/ssn.toml",
    "patterns/upi.toml",
    "names.toml",
    "address.toml",
    "gazetteers/first_names.txt",
    "gazetteers/surnames.txt",
    "gazetteers/ambiguous_names.txt",
    "gazetteers/indian_cities.txt",
    "gazetteers/indian_states.txt",
    "gazetteers/us_states.txt",
    "gazetteers/us_state_codes.txt",
    "gazetteers/us_cities.txt",
    "gazetteers/street_words.txt",
);

/// The embedded rule files.
pub fn files() -> Vec<SourceFile> {
    FILES
        .iter()
        .map(|(name, text)| SourceFile {
            name: (*name).to_owned(),
            text: (*text).to_owned(),
        })
        .collect()
}
