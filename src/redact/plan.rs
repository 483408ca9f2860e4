//! From entities to output: apply the policy, collect the values that need
//! tokens (so the caller can assign them in one batch), then render.

use crate::entity::{Entity, EntityType};
use crate::policy::{Action, Policy};
use crate::token::{self, Token};

/// Why a text cannot be redacted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RedactError {
    /// The policy blocks requests holding this type. The message names the
    /// type only, never the value.
    #[error("request blocked by policy: it contains a {0} entity")]
    Blocked(EntityType),
}

impl RedactError {
    /// A payload-free kind for metrics (`veil_errors_total{kind}`).
    pub fn kind(&self) -> &'static str {
        match self {
            RedactError::Blocked(_) => "policy_block",
        }
    }
}

/// A value that needs a token.
#[derive(Debug, Clone, Copy)]
pub struct Value<'t> {
    /// Its type.
    pub ty: EntityType,
    /// The text as written.
    pub original: &'t str,
    /// True for token-shaped text found in the input (`{{phone:1}}`): it is
    /// keyed by its exact spelling, not normalized, so it comes back as
    /// written.
    pub literal: bool,
}

impl Value<'_> {
    /// The key that decides token identity: the normalized value, or the
    /// exact text for a literal.
    pub fn key(&self) -> String {
        let mut key = String::new();
        self.key_into(&mut key);
        key
    }

    /// [`Value::key`], appended to `out`.
    pub fn key_into(&self, out: &mut String) {
        if self.literal {
            out.push_str("\u{0}literal:");
            out.push_str(self.original);
        } else {
            self.ty.normalize_into(self.original, out);
        }
    }
}

/// Entities with their actions, ready to render once tokens are known.
#[derive(Debug)]
pub struct Plan<'t> {
    text: &'t str,
    items: Vec<(Entity, Action)>,
}

impl<'t> Plan<'t> {
    /// Applies `policy` to `entities` (sorted, non-overlapping spans of
    /// `text`). Token-shaped input is always tokenized, whatever the policy
    /// says about its type: that is what keeps redact → detokenize exact.
    pub fn new(
        text: &'t str,
        entities: &[Entity],
        policy: &Policy,
    ) -> Result<Plan<'t>, RedactError> {
        let items = Vec::with_capacity(entities.len());
        Plan::with_items(text, entities.iter().copied(), policy, items)
    }

    /// [`Plan::new`] in `items`, emptied first: a caller that plans many
    /// texts keeps one vector ([`Plan::into_items`]) rather than
    /// allocating one per text.
    pub(super) fn with_items(
        text: &'t str,
        entities: impl Iterator<Item = Entity>,
        policy: &Policy,
        mut items: Vec<(Entity, Action)>,
    ) -> Result<Plan<'t>, RedactError> {
        items.clear();
        items.reserve(entities.size_hint().0);
        for e in entities {
            let action = if is_literal(text, &e) {
                Action::Tokenize
            } else {
                policy.action(e.ty)
            };
            if action == Action::Block {
                return Err(RedactError::Blocked(e.ty));
            }
            items.push((e, action));
        }
        Ok(Plan { text, items })
    }

    /// The plan's vector of items, for the next [`Plan::with_items`].
    pub(super) fn into_items(self) -> Vec<(Entity, Action)> {
        self.items
    }

    /// The values to tokenize, in text order.
    pub fn values(&self) -> Vec<Value<'t>> {
        let mut values = Vec::new();
        self.values_into(&mut values);
        values
    }

    /// [`Plan::values`], appended to `values`.
    pub(super) fn values_into(&self, values: &mut Vec<Value<'t>>) {
        // Room for every item: most are tokenized, and growing the vector
        // step by step copies it again each time.
        values.reserve(self.items.len());
        values.extend(
            self.items
                .iter()
                .filter(|(_, a)| *a == Action::Tokenize)
                .map(|(e, _)| Value {
                    ty: e.ty,
                    original: &self.text[e.start..e.end],
                    literal: is_literal(self.text, e),
                }),
        );
    }

    /// The entities and their actions.
    pub fn items(&self) -> &[(Entity, Action)] {
        &self.items
    }

    /// Writes the redacted text; `tokens` are the tokens of `values()`, in
    /// the same order.
    pub fn render(&self, tokens: &[Token], out: &mut String) {
        let mut at = 0;
        let mut next_token = tokens.iter();
        for (e, action) in &self.items {
            out.push_str(&self.text[at..e.start]);
            let value = &self.text[e.start..e.end];
            match action {
                Action::Tokenize => match next_token.next() {
                    Some(t) => t.push_to(out),
                    // Fewer tokens than values is a caller bug; failing
                    // closed means never writing the raw value.
                    None => out.push_str(&mask(e.ty, value)),
                },
                Action::Mask => out.push_str(&mask(e.ty, value)),
                Action::Drop => {}
                Action::Allow | Action::Block => out.push_str(value),
            }
            at = e.end;
        }
        out.push_str(&self.text[at..]);
    }
}

fn is_literal(text: &str, e: &Entity) -> bool {
    // Every token starts with `{`: most entities need no parse.
    text.as_bytes().get(e.start) == Some(&b'{')
        && token::parse_lenient(&text[e.start..e.end]).is_some()
}

/// Asterisks for letters and digits; number types keep their last four
/// digits, which is what support staff need to confirm "the card ending
/// 1111" without seeing the rest.
pub fn mask(ty: EntityType, value: &str) -> String {
    let keep_last = match ty {
        EntityType::Phone
        | EntityType::Card
        | EntityType::Aadhaar
        | EntityType::BankAccount
        | EntityType::Ssn => 4,
        _ => 0,
    };
    let total = value.chars().filter(|c| c.is_alphanumeric()).count();
    let mut seen = 0;
    value
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                seen += 1;
                if seen + keep_last > total { c } else { '*' }
            } else {
                c
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masking_keeps_separators_and_last_four_of_numbers() {
        assert_eq!(
            mask(EntityType::Card, "4111 1111 1111 1111"),
            "**** **** **** 1111"
        );
        assert_eq!(mask(EntityType::Email, "ab@c.in"), "**@*.**");
    }
}
