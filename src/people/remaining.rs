//! Access a person keeps after roster removed what it can: inherited access (an organisation role,
//! a group), which roster never changes, and direct grants it left in place (the last owner, a
//! removal that failed), each with where to remove it.

use crate::model::{Member, ProviderKind, Workspace};
use crate::sanitize::sanitize_line;

/// One piece of access that remains.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Remaining {
    /// The profile.
    pub profile: String,
    /// Its provider.
    pub provider: ProviderKind,
    /// The workspace.
    pub workspace: Workspace,
    /// The role it gives (as the provider names it).
    pub role: String,
    /// Why it remains.
    pub kind: Kept,
    /// Where and how to remove it, in words (sanitized).
    pub where_to_remove: String,
}

/// Why access remains.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kept {
    /// Inherited: `via` says from where (`organisation admin`, `group: Auditors`).
    Inherited {
        /// The source, as the provider's listing names it.
        via: String,
    },
    /// A direct grant roster did not remove; `why` says why (sanitized).
    Direct {
        /// For example `the last owner of the workspace`.
        why: String,
    },
}

impl Kept {
    /// `inherited` or `direct`.
    pub fn access(&self) -> &'static str {
        match self {
            Kept::Inherited { .. } => "inherited",
            Kept::Direct { .. } => "direct",
        }
    }

    /// Where it comes from, or why it was left.
    pub fn source(&self) -> &str {
        match self {
            Kept::Inherited { via } => via,
            Kept::Direct { why } => why,
        }
    }
}

impl Remaining {
    /// Inherited access seen in a listing row.
    pub fn inherited(
        profile: &str,
        provider: ProviderKind,
        workspace: &Workspace,
        row: &Member,
    ) -> Remaining {
        let via = row.access.via().unwrap_or("elsewhere").to_string();
        Remaining {
            profile: profile.to_string(),
            provider,
            workspace: workspace.clone(),
            role: row.role.name.clone(),
            where_to_remove: where_to_remove(provider, &via),
            kind: Kept::Inherited { via },
        }
    }

    /// A direct grant left in place, with why and what to do.
    pub fn direct(
        profile: &str,
        provider: ProviderKind,
        workspace: &Workspace,
        row: &Member,
        why: &str,
        what_to_do: String,
    ) -> Remaining {
        Remaining {
            profile: profile.to_string(),
            provider,
            workspace: workspace.clone(),
            role: row.role.name.clone(),
            kind: Kept::Direct {
                why: why.to_string(),
            },
            where_to_remove: what_to_do,
        }
    }
}

/// Where inherited access from `via` is removed. Providers name the source of inherited rows as
/// `group: NAME` or `organisation ROLE`; anything else is pointed back to where it is granted.
pub fn where_to_remove(provider: ProviderKind, via: &str) -> String {
    let console = provider.display_name();
    let via = sanitize_line(via.trim());
    if let Some(group) = via.strip_prefix("group:") {
        format!(
            "remove them from the group \"{}\" in {console}'s admin console, or remove that \
             group from the workspace",
            group.trim()
        )
    } else if via.starts_with("organisation") {
        format!(
            "change their organisation role ({via}) in {console}'s organisation settings; \
             roster does not change organisation roles"
        )
    } else {
        format!("it comes from {via}: change it where it is granted, in {console}'s console")
    }
}

/// Where the same inherited access as `via` is given to someone else (for copying access).
pub fn where_to_give(provider: ProviderKind, via: &str) -> String {
    let console = provider.display_name();
    let via = sanitize_line(via.trim());
    if let Some(group) = via.strip_prefix("group:") {
        format!(
            "add them to the group \"{}\" in {console}'s admin console",
            group.trim()
        )
    } else if via.starts_with("organisation") {
        format!(
            "give them the organisation role ({via}) in {console}'s organisation settings; \
             roster does not change organisation roles"
        )
    } else {
        format!("grant it where {via} is granted, in {console}'s console")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_source_says_where_to_remove_it() {
        let group = where_to_remove(ProviderKind::Paradigm, "group: Auditors");
        assert!(
            group.contains("group \"Auditors\" in LightOn Paradigm's admin console"),
            "{group}"
        );
        let org = where_to_remove(ProviderKind::Transactionlink, "organisation admin");
        assert!(
            org.contains("(organisation admin) in TransactionLink's organisation settings"),
            "{org}"
        );
        let other = where_to_remove(ProviderKind::Askui, "a team\u{1b}[2J");
        assert!(!other.contains('\u{1b}'), "sanitized: {other}");
    }
}
