//! The copy menu (`y`): the selected member's email, ID, or the CLI command that shows them, put
//! on the clipboard with OSC 52 (an [`Effect::Copy`] the runtime writes to the terminal; it works
//! over SSH and inside tmux, where no clipboard program could). A toast confirms what was copied.

use super::common::Step;
use crate::model::Member;
use crate::sanitize::sanitize_line;
use crate::tui::keys::Action;
use crate::tui::layout::centered;
use crate::tui::msg::{Effect, Work};
use crate::tui::state::{Model, Move};
use crate::tui::text;
use crate::tui::view::widgets::{dialog, line, marker, truncate_middle};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

/// What can be copied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    /// The email.
    Email,
    /// The ID.
    Id,
    /// The CLI command that shows the member.
    Command,
}

const CHOICES: [Choice; 3] = [Choice::Email, Choice::Id, Choice::Command];

/// The copy menu.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopyMenu {
    /// Sanitized label of the member.
    pub label: String,
    /// The email, if the member has one (sanitized: it goes to the terminal).
    pub email: Option<String>,
    /// The ID (sanitized).
    pub id: String,
    /// The command that shows the member.
    pub command: String,
    /// The highlighted choice.
    pub cursor: usize,
}

impl CopyMenu {
    /// `y`: the menu for the selected member, or an explanation toast and `None`.
    pub(crate) fn open(model: &mut Model) -> Option<CopyMenu> {
        let Some((prof, ws)) = model.open_workspace() else {
            model.info(text::OPEN_WORKSPACE_FIRST.to_string());
            return None;
        };
        let (profile, workspace) = (prof.name.clone(), ws.workspace.name.clone());
        let Some(row) = model.selected_member() else {
            model.info(text::SELECT_MEMBER_FIRST.to_string());
            return None;
        };
        let m = &row.member();
        Some(CopyMenu {
            label: row.label().into_owned(),
            email: m.email.as_deref().map(|e| sanitize_line(e).into_owned()),
            id: sanitize_line(&m.id).into_owned(),
            command: command(&profile, &workspace, m),
            cursor: if m.email.is_some() { 0 } else { 1 },
        })
    }

    /// A key while the menu is open; `None` for keys it leaves to everyone (quit, suspend).
    pub(crate) fn on_action(&mut self, model: &mut Model, action: Action) -> Option<Step> {
        if let Some(how) = Move::of(action) {
            let at = self.cursor.saturating_add_signed(how.as_delta());
            self.cursor = at.min(CHOICES.len() - 1);
            return Some(Step::stay());
        }
        let choice = match action {
            Action::CopyEmail => Choice::Email,
            Action::CopyId => Choice::Id,
            Action::CopyCommand => Choice::Command,
            Action::Submit => CHOICES[self.cursor.min(CHOICES.len() - 1)],
            Action::Cancel => return Some(Step::close()),
            _ => return None,
        };
        Some(self.copy(model, choice))
    }

    fn copy(&self, model: &mut Model, choice: Choice) -> Step {
        let (what, value) = match choice {
            Choice::Email => match &self.email {
                Some(e) => (text::COPY_EMAIL, e.clone()),
                None => {
                    model.info(text::COPY_NO_EMAIL.to_string());
                    return Step::stay();
                }
            },
            Choice::Id => (text::COPY_ID, self.id.clone()),
            Choice::Command => (text::COPY_COMMAND, self.command.clone()),
        };
        model.show(crate::tui::state::Toast {
            kind: crate::tui::state::ToastKind::Success,
            text: text::copied(what, &value),
        });
        Step {
            work: Work::effect(Effect::Copy(value)),
            close: true,
        }
    }

    /// Draws the menu centred in `body`.
    pub(crate) fn draw(&self, frame: &mut Frame, body: Rect, model: &Model) {
        let theme = model.theme();
        let w = body.width.saturating_sub(4).min(76);
        let inner_w = w.saturating_sub(4) as usize;
        let value_w = inner_w.saturating_sub(16);
        let rows: Vec<Line> = CHOICES
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let (key, name, value) = match c {
                    Choice::Email => (
                        "e",
                        text::COPY_EMAIL,
                        self.email.clone().unwrap_or_else(|| "—".into()),
                    ),
                    Choice::Id => ("i", text::COPY_ID, self.id.clone()),
                    Choice::Command => ("c", text::COPY_COMMAND, self.command.clone()),
                };
                let sel = i == self.cursor;
                let style = if sel { theme.selected() } else { theme.text() };
                line(vec![
                    (marker(sel).to_string(), style),
                    (format!("{key} "), theme.key()),
                    (format!("{name:<12}"), style),
                    (truncate_middle(&value, value_w), style),
                ])
            })
            .collect();
        let h = (rows.len() as u16).saturating_add(2).min(body.height);
        let area = centered(body, w, h);
        let inner = dialog(frame, area, text::copy_title(&self.label), theme);
        frame.render_widget(Paragraph::new(rows), inner);
    }
}

/// The command a script would run to see this member: the workspace's members as CSV, narrowed to
/// the member's line. Quoted for a POSIX shell.
pub fn command(profile: &str, workspace: &str, m: &Member) -> String {
    let who = m.email.as_deref().unwrap_or(&m.id);
    format!(
        "roster members -p {} {} --inherited -o csv | grep -iF -- {}",
        shell_word(profile),
        shell_word(workspace),
        shell_word(who)
    )
}

/// `s` as one shell word: bare when it is plain, otherwise in single quotes. Control characters
/// are made visible first: what is copied must never carry an escape sequence.
fn shell_word(s: &str) -> String {
    let s = sanitize_line(s);
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "@._-+/:,=".contains(c));
    if plain {
        s.into_owned()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::shell_word;

    #[test]
    fn a_hostile_name_is_one_quoted_shell_word_without_escape_codes() {
        assert_eq!(shell_word("acme"), "acme");
        assert_eq!(shell_word("grace@example.com"), "grace@example.com");
        assert_eq!(
            shell_word("Design $(rm -rf ~)'x"),
            r"'Design $(rm -rf ~)'\''x'"
        );
        assert_eq!(shell_word(""), "''");
        let shown = shell_word("a\u{1b}[2Jb;c");
        assert!(!shown.contains('\u{1b}'), "{shown:?}");
        assert!(
            shown.starts_with('\'') && shown.ends_with('\''),
            "{shown:?}"
        );
    }
}
