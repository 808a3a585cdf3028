//! Where each region goes for a terminal size. Shared by drawing and by `update()` (which needs the
//! page height for PgUp/PgDn and scrolling), so both agree without drawing having to mutate state.

use ratatui::layout::Rect;

/// Narrowest terminal roster draws its screen in; below it, a notice.
pub const MIN_WIDTH: u16 = 60;
/// Shortest terminal roster draws its screen in; below it, a notice.
pub const MIN_HEIGHT: u16 = 15;

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

/// The regions for a screen of `area`. Never panics; regions may be empty on tiny screens.
pub fn areas(area: Rect, has_banner: bool) -> Areas {
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
    let tree_w = tree_width(area.width);
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

/// Rows visible inside the left pane.
pub fn tree_page(size: (u16, u16), has_banner: bool) -> usize {
    let a = areas(Rect::new(0, 0, size.0, size.1), has_banner);
    a.tree.height.saturating_sub(2).max(1) as usize
}

/// Table rows visible inside the right pane (borders and the column header excluded).
pub fn members_page(size: (u16, u16), has_banner: bool) -> usize {
    let a = areas(Rect::new(0, 0, size.0, size.1), has_banner);
    a.members.height.saturating_sub(3).max(1) as usize
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
