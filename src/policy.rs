//! What happens to each entity type: the per-tenant policy (DESIGN §2).

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use crate::entity::{EntityType, UnknownEntityType};

/// The action for one entity type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Replace with a reversible `{{type:n}}` token (the default).
    Tokenize,
    /// Replace with asterisks, keeping the last four characters of numbers
    /// (`******3210`); not reversible.
    Mask,
    /// Remove the value entirely; not reversible.
    Drop,
    /// Leave the value as it is.
    Allow,
    /// Refuse the whole request.
    Block,
}

impl Action {
    /// The config name of the action.
    pub const fn as_str(self) -> &'static str {
        match self {
            Action::Tokenize => "tokenize",
            Action::Mask => "mask",
            Action::Drop => "drop",
            Action::Allow => "allow",
            Action::Block => "block",
        }
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Action {
    type Err = PolicyError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        [
            Action::Tokenize,
            Action::Mask,
            Action::Drop,
            Action::Allow,
            Action::Block,
        ]
        .into_iter()
        .find(|a| a.as_str() == s)
        .ok_or_else(|| PolicyError::UnknownAction(s.to_owned()))
    }
}

/// A policy entry that names an unknown type or action.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PolicyError {
    /// The type is not in the DESIGN §2 table.
    #[error(transparent)]
    UnknownType(#[from] UnknownEntityType),
    /// The action is not one of tokenize, mask, drop, allow, block.
    #[error("unknown action `{0}` (known: tokenize, mask, drop, allow, block)")]
    UnknownAction(String),
}

/// An action per entity type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    actions: [Action; EntityType::ALL.len()],
}

impl Default for Policy {
    /// Tokenize everything.
    fn default() -> Self {
        Policy {
            actions: [Action::Tokenize; EntityType::ALL.len()],
        }
    }
}

impl Policy {
    /// The action for a type.
    pub fn action(&self, ty: EntityType) -> Action {
        self.actions[ty.index()]
    }

    /// Sets the action for a type.
    pub fn set(&mut self, ty: EntityType, action: Action) {
        self.actions[ty.index()] = action;
    }

    /// Builds a policy from `type = "action"` pairs (config files); every
    /// type not named keeps `tokenize`. Unknown names are errors.
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Policy, PolicyError> {
        let mut policy = Policy::default();
        for (ty, action) in pairs {
            policy.set(ty.parse()?, action.parse()?);
        }
        Ok(policy)
    }

    /// The policy as `type → action` names, for display.
    pub fn to_map(&self) -> BTreeMap<&'static str, &'static str> {
        EntityType::ALL
            .into_iter()
            .map(|t| (t.as_str(), self.action(t).as_str()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_set_actions_and_unknown_names_fail() {
        let p = Policy::from_pairs([("phone", "mask"), ("ip", "allow")]).unwrap();
        assert_eq!(p.action(EntityType::Phone), Action::Mask);
        assert_eq!(p.action(EntityType::Ip), Action::Allow);
        assert_eq!(p.action(EntityType::Email), Action::Tokenize);
        let err = Policy::from_pairs([("passport", "mask")]).unwrap_err();
        assert!(err.to_string().contains("unknown entity type `passport`"));
        let err = Policy::from_pairs([("phone", "hide")]).unwrap_err();
        assert!(err.to_string().contains("unknown action `hide`"));
    }
}
