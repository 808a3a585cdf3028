//! Where each region goes for a terminal size. Shared by drawing and by `update()` (which needs the
//! page height for PgUp/PgDn and scrolling), so both agree without drawing having to mutate state.

use ratatui::layout::Rect;

/// Narrowest terminal roster draws its screen in; below it, a notice.
pub const MIN_WIDTH: u16 = 60;
/// Shortest terminal roster draws its screen in; below it, a notice.
pub const MIN_HEIGHT: u16 = 15;
/// Below this width the left pane hides itself while the members pane has the focus.
pub const NARROW: u16 = 100;

/// The regions of the main screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    /// Top line: profile, provider, workspace.
    pub header: Rect,
    /// The demo banner line, when there is a banner.
    pub banner: Option<Rect>,
    /// Left pane (with border).
    pub tree: Rect,
    /// Right pane (with border).
    pub members: Rect,
    /// The selected row's details.
    pub detail: Rect,
    /// Key hints.
    pub footer: Rect,
}

/// Whether `area` is too small for the main screen.
pub fn too_small(area: Rect) -> bool {
    area.width < MIN_WIDTH || area.height < MIN_HEIGHT
}

/// The regions for a screen of `area`, the left pane left out when `tree_hidden`. Never panics;
/// regions may be empty on tiny screens.
pub fn areas(area: Rect, has_banner: bool, tree_hidden: bool) -> Areas {
    let mut y = area.y;
    let take = |h: u16, y: &mut u16| {
        let bottom = area.y.saturating_add(area.height);
        let h = h.min(bottom.saturating_sub(*y));
        let r = Rect::new(area.x, *y, area.width, h);
        *y = y.saturating_add(h);
        r
    };
    let header = take(1, &mut y);
    let banner = has_banner.then(|| take(1, &mut y));
    let bottom = area.y.saturating_add(area.height);
    let footer_y = bottom.saturating_sub(1).max(y);
    let detail_y = footer_y.saturating_sub(1).max(y);
    let body_h = detail_y.saturating_sub(y);
    let body = Rect::new(area.x, y, area.width, body_h);
    let detail = Rect::new(
        area.x,
        detail_y,
        area.width,
        footer_y.saturating_sub(detail_y),
    );
    let footer = Rect::new(
        area.x,
        footer_y,
        area.width,
        bottom.saturating_sub(footer_y),
    );
    let tree_w = if tree_hidden {
        0
    } else {
        tree_width(area.width)
    };
    let tree = Rect::new(body.x, body.y, tree_w.min(body.width), body.height);
    let members = Rect::new(
        body.x.saturating_add(tree.width),
        body.y,
        body.width.saturating_sub(tree.width),
        body.height,
    );
    Areas {
        header,
        banner,
        tree,
        members,
        detail,
        footer,
    }
}

/// Width of the left pane: about a quarter of the screen, within sensible bounds.
pub fn tree_width(total: u16) -> u16 {
    (total / 4).clamp(22, 40).min(total)
}

/// Most lines a profile's error takes in the left pane: enough for a reason's words at 80 columns,
/// few enough that the profiles below it stay on a 30-line screen (the line under the panes
/// repeats it).
pub const NOTE_LINES: u8 = 5;

/// Text columns of a line under a profile in the left pane (inside the border, after the marker
/// and the indent) on a terminal `width` columns wide.
pub fn note_width(width: u16) -> usize {
    (tree_width(width) as usize).saturating_sub(2 + 4).max(1)
}

/// Lines a profile's error `why` takes in the left pane (at least 1, at most [`NOTE_LINES`]).
pub fn note_lines(why: &str, width: u16) -> u8 {
    let lines = crate::tui::wrap::wrap(why, note_width(width), NOTE_LINES as usize);
    lines.len().clamp(1, NOTE_LINES as usize) as u8
}

/// Rows visible inside the left pane.
pub fn tree_page(size: (u16, u16), has_banner: bool) -> usize {
    let a = areas(Rect::new(0, 0, size.0, size.1), has_banner, false);
    a.tree.height.saturating_sub(2).max(1) as usize
}

/// Table rows visible inside the right pane (borders and the column header excluded).
pub fn members_page(size: (u16, u16), has_banner: bool) -> usize {
    let a = areas(Rect::new(0, 0, size.0, size.1), has_banner, false);
    a.members.height.saturating_sub(3).max(1) as usize
}

/// `area` grown by one cell on each side, within `screen`: the margin a popup clears so that no
/// text of what is under it touches its border.
pub fn with_margin(area: Rect, screen: Rect) -> Rect {
    let x = area.x.saturating_sub(1).max(screen.x);
    let y = area.y.saturating_sub(1).max(screen.y);
    let right = area.right().saturating_add(1).min(screen.right());
    let bottom = area.bottom().saturating_add(1).min(screen.bottom());
    Rect::new(x, y, right.saturating_sub(x), bottom.saturating_sub(y))
}

/// A rectangle of at most `w`×`h`, centred in `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}
