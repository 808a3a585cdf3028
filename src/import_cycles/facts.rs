//! What one source file says about itself, read with syn: the paths it imports or writes in code,
//! the items and child modules each of its modules defines, and the names their code mentions.

use std::collections::{BTreeSet, HashMap};
use syn::visit::Visit;

/// A module's path from the crate root (`["tui", "state"]`); empty for `lib.rs`.
pub(super) type ModPath = Vec<String>;

/// One `use` as written, flattened out of its braces.
#[derive(Debug, Clone)]
pub(super) struct Use {
    /// The module the `use` sits in (an inline module counts).
    pub(super) scope: ModPath,
    /// The path as written (`["super", "keys", "Action"]`).
    pub(super) path: Vec<String>,
    /// The name it binds in `scope` (`None` for a glob).
    pub(super) bound: Option<String>,
    /// `pub`, `pub(crate)`, …: a re-export.
    pub(super) public: bool,
}

/// What one file says about its imports, definitions and module declarations.
#[derive(Debug, Default)]
pub(super) struct Facts {
    pub(super) scope: ModPath,
    pub(super) uses: Vec<Use>,
    /// Paths written in code (not in `use`), with the module they appear in.
    pub(super) paths: Vec<(ModPath, Vec<String>)>,
    /// Inline modules (`mod tests { … }`), as full module paths.
    pub(super) inline: Vec<ModPath>,
    /// Child modules each module declares, inline or in their own file.
    pub(super) children: HashMap<ModPath, BTreeSet<String>>,
    /// Item names each module defines.
    pub(super) defined: HashMap<ModPath, BTreeSet<String>>,
    /// Names each module's code mentions (first segment of every path, every macro identifier).
    pub(super) mentioned: HashMap<ModPath, BTreeSet<String>>,
}

impl Facts {
    fn define(&mut self, name: &syn::Ident) {
        self.defined
            .entry(self.scope.clone())
            .or_default()
            .insert(name.to_string());
    }

    fn mention(&mut self, name: String) {
        self.mentioned
            .entry(self.scope.clone())
            .or_default()
            .insert(name);
    }

    fn record_path(&mut self, segments: Vec<String>) {
        if let Some(first) = segments.first() {
            self.mention(first.clone());
        }
        self.paths.push((self.scope.clone(), segments));
    }

    /// Paths inside a macro's arguments (`format!("{}", crate::x::y)`): syn leaves them as tokens.
    fn scan_tokens(&mut self, tokens: proc_macro2::TokenStream) {
        use proc_macro2::{Spacing, TokenTree};
        let trees: Vec<TokenTree> = tokens.into_iter().collect();
        let mut i = 0;
        while i < trees.len() {
            match &trees[i] {
                TokenTree::Group(g) => {
                    self.scan_tokens(g.stream());
                    i += 1;
                }
                TokenTree::Ident(first) => {
                    let mut segments = vec![first.to_string()];
                    let mut j = i + 1;
                    // `::` arrives as two `:` puncts, the first joint.
                    while let (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b)), Some(next)) =
                        (trees.get(j), trees.get(j + 1), trees.get(j + 2))
                    {
                        if a.as_char() != ':' || a.spacing() != Spacing::Joint || b.as_char() != ':'
                        {
                            break;
                        }
                        let TokenTree::Ident(ident) = next else { break };
                        segments.push(ident.to_string());
                        j += 3;
                    }
                    self.record_path(segments);
                    i = j;
                }
                TokenTree::Punct(_) | TokenTree::Literal(_) => i += 1,
            }
        }
    }
}

impl<'ast> Visit<'ast> for Facts {
    fn visit_item(&mut self, item: &'ast syn::Item) {
        use syn::Item;
        let name = match item {
            Item::Const(i) => Some(&i.ident),
            Item::Enum(i) => Some(&i.ident),
            Item::Fn(i) => Some(&i.sig.ident),
            Item::Macro(i) => i.ident.as_ref(),
            Item::Static(i) => Some(&i.ident),
            Item::Struct(i) => Some(&i.ident),
            Item::Trait(i) => Some(&i.ident),
            Item::TraitAlias(i) => Some(&i.ident),
            Item::Type(i) => Some(&i.ident),
            Item::Union(i) => Some(&i.ident),
            _ => None,
        };
        if let Some(name) = name {
            self.define(name);
        }
        syn::visit::visit_item(self, item);
    }

    fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
        let name = m.ident.to_string();
        self.children
            .entry(self.scope.clone())
            .or_default()
            .insert(name.clone());
        if let Some((_, items)) = &m.content {
            self.scope.push(name);
            self.inline.push(self.scope.clone());
            for item in items {
                self.visit_item(item);
            }
            self.scope.pop();
        }
    }

    fn visit_item_use(&mut self, u: &'ast syn::ItemUse) {
        let public = !matches!(u.vis, syn::Visibility::Inherited);
        let mut flat = Vec::new();
        flatten(&u.tree, Vec::new(), &mut flat);
        for (path, bound) in flat {
            self.uses.push(Use {
                scope: self.scope.clone(),
                path,
                bound,
                public,
            });
        }
    }

    fn visit_path(&mut self, p: &'ast syn::Path) {
        self.record_path(p.segments.iter().map(|s| s.ident.to_string()).collect());
        syn::visit::visit_path(self, p);
    }

    // `pub(super)` and `pub(in crate::x)` say who may see an item; they import nothing.
    fn visit_visibility(&mut self, _: &'ast syn::Visibility) {}

    fn visit_macro(&mut self, m: &'ast syn::Macro) {
        self.visit_path(&m.path);
        self.scan_tokens(m.tokens.clone());
    }
}

/// The paths of a use tree, each with the name it binds (`None` for a glob).
fn flatten(tree: &syn::UseTree, prefix: Vec<String>, out: &mut Vec<(Vec<String>, Option<String>)>) {
    use syn::UseTree;
    let joined = |name: &syn::Ident| {
        let mut p = prefix.clone();
        if name != "self" {
            p.push(name.to_string());
        }
        p
    };
    match tree {
        UseTree::Path(p) => flatten(&p.tree, joined(&p.ident), out),
        UseTree::Name(n) => {
            let path = joined(&n.ident);
            let bound = path.last().cloned();
            out.push((path, bound));
        }
        UseTree::Rename(r) => out.push((joined(&r.ident), Some(r.rename.to_string()))),
        UseTree::Glob(_) => out.push((prefix, None)),
        UseTree::Group(g) => {
            for t in &g.items {
                flatten(t, prefix.clone(), out);
            }
        }
    }
}
