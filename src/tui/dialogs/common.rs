//! What the dialogs share: the [`Step`] a dialog's key handler returns, and the checks that decide
//! whether the selected member may be changed at all.
//!
//! What is offered is decided from the profile's [`Capabilities`] and the member's access, never
//! from the provider's name.

use crate::model::{Capabilities, Member, MemberKind, Support};
use crate::tui::msg::Work;
use crate::tui::state::{Model, WorkspaceRef};
use crate::tui::text;

/// What a dialog did with a key: the work it asks for, and whether it closes.
#[derive(Debug, Default)]
pub(crate) struct Step {
    /// Commands and effects to run.
    pub(crate) work: Work,
    /// The dialog is done.
    pub(crate) close: bool,
}

impl Step {
    /// The dialog stays open and asks for nothing.
    pub(crate) fn stay() -> Step {
        Step::default()
    }

    /// The dialog stays open and asks for `work`.
    pub(crate) fn stay_with(work: impl Into<Work>) -> Step {
        Step {
            work: work.into(),
            close: false,
        }
    }

    /// The dialog closes.
    pub(crate) fn close() -> Step {
        Step {
            work: Work::none(),
            close: true,
        }
    }
}

/// Lines a page moves in a dialog that fills the screen (help, person view).
pub(crate) fn scroll_page(model: &Model) -> usize {
    model.size().1.saturating_sub(6).max(1) as usize
}

/// The open workspace with its profile's capabilities, or an explanation toast and `None`.
pub(crate) fn open_target(model: &mut Model) -> Option<(WorkspaceRef, Capabilities)> {
    let found = model
        .open_target()
        .and_then(|t| Some((model.caps(t.profile)?.clone(), t)));
    match found {
        Some((caps, target)) => Some((target, caps)),
        None => {
            model.info(text::OPEN_WORKSPACE_FIRST.to_string());
            None
        }
    }
}

/// The selected member with its sanitized label, if it can be changed; otherwise explains why not
/// (read-only profile, nothing selected, a group, inherited access, unsupported by the provider)
/// and returns `None`.
pub(crate) fn changeable_member(
    model: &mut Model,
    support: impl Fn(&Capabilities) -> &Support,
    action: &str,
) -> Option<(WorkspaceRef, Member, String)> {
    let (target, caps) = open_target(model)?;
    if model.refuse_readonly(target.profile) {
        return None;
    }
    let Some(row) = model.selected_member() else {
        let loaded = model
            .open_workspace()
            .is_some_and(|(_, w)| w.members.loaded);
        model.info(
            if loaded {
                text::SELECT_MEMBER_FIRST
            } else {
                text::WAIT_FOR_MEMBERS
            }
            .to_string(),
        );
        return None;
    };
    let (member, label) = (row.member(), row.label().into_owned());
    if member.kind == MemberKind::Group {
        model.info(text::group_refusal(&label));
        return None;
    }
    if let Some(via) = member.access.via() {
        let via = crate::sanitize::sanitize_line(via).into_owned();
        model.info(text::inherited_refusal(&label, &via));
        return None;
    }
    if let Support::Unsupported(why) = support(&caps) {
        model.info(text::unsupported(action, why));
        return None;
    }
    Some((target, member, label))
}
