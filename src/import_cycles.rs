//! The check that no two files of `src/` import each other, directly or around a circle (issue 14).
//!
//! A circle means neither file can be read, changed or tested without the other; it is how a
//! layered design quietly stops being one. The test reads every `src/**/*.rs` of the library (the
//! binary's `main.rs` is its own crate), collects what each file imports (`use crate::…`,
//! `use super::…`, `use self::…`, a child module's path, and the same paths written inline in code
//! or in macro arguments), resolves each path to the file that defines the name, and fails naming
//! every circle it finds.
//!
//! Resolution follows the language: `foo.rs` or `foo/mod.rs` holds module `foo`; `super` inside an
//! inline `mod tests { … }` is the file itself; declaring a child module (`mod child;`) is not an
//! import. A `pub use` re-export is followed to where the name is defined, so a parent `mod.rs` that
//! only declares and re-exports its children stands between no one; it depends on a re-exported
//! name only if its own code uses that name.

mod facts;

use facts::{Facts, ModPath};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use syn::visit::Visit;

/// A circle, file by file, each with the import that leads to the next (the first file repeated
/// at the end, with no import).
type Circle = Vec<(PathBuf, String)>;

/// One file depending on another, with the path that says so (for the failure message).
type Edges = BTreeMap<PathBuf, BTreeMap<PathBuf, String>>;

/// Every file of the library under `src` and what it imports from which other file.
pub(crate) struct Graph {
    edges: Edges,
}

impl Graph {
    /// Reads and resolves every `.rs` file under `src` (a crate's `src/` with a `lib.rs`).
    pub(crate) fn read(src: &Path) -> Result<Graph, String> {
        let mut files = Vec::new();
        collect_files(src, src, &mut files)?;
        let mut modules: BTreeMap<ModPath, PathBuf> = BTreeMap::new();
        let mut facts: Vec<(PathBuf, Facts)> = Vec::new();
        for (rel, module) in files {
            let text = std::fs::read_to_string(src.join(&rel))
                .map_err(|e| format!("{}: {e}", rel.display()))?;
            let parsed = syn::parse_file(&text).map_err(|e| format!("{}: {e}", rel.display()))?;
            let mut f = Facts {
                scope: module.clone(),
                ..Facts::default()
            };
            f.visit_file(&parsed);
            modules.insert(module, rel.clone());
            for inline in &f.inline {
                modules.insert(inline.clone(), rel.clone());
            }
            facts.push((rel, f));
        }
        let world = World::new(modules, &facts);
        let mut edges = Edges::new();
        for (file, f) in &facts {
            let mut add = |to: PathBuf, why: String| {
                if &to != file {
                    edges
                        .entry(file.clone())
                        .or_default()
                        .entry(to)
                        .or_insert(why);
                }
            };
            for u in &f.uses {
                let Some(abs) = world.absolute(&u.scope, &u.path) else {
                    continue;
                };
                // A re-export is followed by whoever imports it; it ties this file to its source
                // only when this file's own code uses the name.
                let used_here = match &u.bound {
                    Some(name) => world
                        .mentioned
                        .get(&u.scope)
                        .is_some_and(|names| names.contains(name)),
                    None => true,
                };
                if u.public && !used_here {
                    continue;
                }
                if let Some(to) = world.file_of(&abs, 0) {
                    add(to, format!("use {}", u.path.join("::")));
                }
            }
            for (scope, path) in &f.paths {
                // One segment names something already in scope (imported by a `use`, counted
                // above) or local: a variable called like a child module is no import of it.
                if path.len() < 2 {
                    continue;
                }
                let Some(abs) = world.absolute(scope, path) else {
                    continue;
                };
                if let Some(to) = world.file_of(&abs, 0) {
                    add(to, path.join("::"));
                }
            }
        }
        Ok(Graph { edges })
    }

    /// Every import circle, each as the files around it (the first file repeated at the end) and
    /// the import that makes each step.
    pub(crate) fn cycles(&self) -> Vec<Circle> {
        self.knots().into_iter().map(|(cycle, _)| cycle).collect()
    }

    /// Each group of files tied together by circles: one circle through it, and all its files.
    fn knots(&self) -> Vec<(Circle, Vec<PathBuf>)> {
        let mut out = Vec::new();
        for scc in self.strongly_connected() {
            if scc.len() < 2 {
                continue;
            }
            let start = scc[0].clone();
            if let Some(cycle) = self.path_back(&start, &scc.iter().cloned().collect()) {
                out.push((cycle, scc));
            }
        }
        out
    }

    /// The shortest way from `start` back to itself inside `within`, step by step.
    fn path_back(&self, start: &PathBuf, within: &BTreeSet<PathBuf>) -> Option<Circle> {
        let mut came_from: BTreeMap<PathBuf, (PathBuf, String)> = BTreeMap::new();
        let mut queue = std::collections::VecDeque::from([start.clone()]);
        while let Some(at) = queue.pop_front() {
            for (next, why) in self.edges.get(&at).into_iter().flatten() {
                if !within.contains(next) || came_from.contains_key(next) {
                    continue;
                }
                came_from.insert(next.clone(), (at.clone(), why.clone()));
                if next == start {
                    let mut steps = vec![(start.clone(), String::new())];
                    let mut cur = start.clone();
                    loop {
                        let (prev, why) = came_from[&cur].clone();
                        steps.push((prev.clone(), why));
                        if &prev == start {
                            break;
                        }
                        cur = prev;
                    }
                    steps.reverse();
                    // steps: (file, import that leads to the next file); the last is `start` again.
                    return Some(steps);
                }
                queue.push_back(next.clone());
            }
        }
        None
    }

    /// Tarjan's strongly connected components of the file graph.
    fn strongly_connected(&self) -> Vec<Vec<PathBuf>> {
        struct State<'a> {
            edges: &'a Edges,
            index: BTreeMap<&'a PathBuf, usize>,
            low: BTreeMap<&'a PathBuf, usize>,
            stack: Vec<&'a PathBuf>,
            on_stack: BTreeSet<&'a PathBuf>,
            next: usize,
            out: Vec<Vec<PathBuf>>,
        }
        fn visit<'a>(s: &mut State<'a>, v: &'a PathBuf) {
            s.index.insert(v, s.next);
            s.low.insert(v, s.next);
            s.next += 1;
            s.stack.push(v);
            s.on_stack.insert(v);
            for w in s.edges.get(v).into_iter().flat_map(|m| m.keys()) {
                if !s.index.contains_key(w) {
                    visit(s, w);
                    let lw = s.low[w];
                    let lv = s.low.get_mut(v).expect("visited");
                    *lv = (*lv).min(lw);
                } else if s.on_stack.contains(w) {
                    let iw = s.index[w];
                    let lv = s.low.get_mut(v).expect("visited");
                    *lv = (*lv).min(iw);
                }
            }
            if s.low[v] == s.index[v] {
                let mut component = Vec::new();
                while let Some(w) = s.stack.pop() {
                    s.on_stack.remove(w);
                    component.push(w.clone());
                    if w == v {
                        break;
                    }
                }
                component.sort();
                s.out.push(component);
            }
        }
        let mut s = State {
            edges: &self.edges,
            index: BTreeMap::new(),
            low: BTreeMap::new(),
            stack: Vec::new(),
            on_stack: BTreeSet::new(),
            next: 0,
            out: Vec::new(),
        };
        let nodes: Vec<&PathBuf> = self.edges.keys().collect();
        for v in nodes {
            if !s.index.contains_key(v) {
                visit(&mut s, v);
            }
        }
        s.out
    }

    /// The circles, written for a person: one line per circle.
    pub(crate) fn report(&self) -> String {
        self.knots()
            .iter()
            .map(|(steps, files)| {
                let mut line = String::from("import circle: ");
                for (i, (file, why)) in steps.iter().enumerate() {
                    line.push_str(&file.display().to_string());
                    if i + 1 < steps.len() {
                        line.push_str(&format!(" ({why}) → "));
                    }
                }
                if files.len() + 1 > steps.len() {
                    // More files are tied in than this one circle shows: name them all.
                    let all: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
                    line.push_str(&format!(
                        "\n  the same knot ties {} files: {}",
                        files.len(),
                        all.join(", ")
                    ));
                }
                line
            })
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// The `.rs` files under `dir` with their module paths, `main.rs` (the binary's crate) left out.
fn collect_files(src: &Path, dir: &Path, out: &mut Vec<(PathBuf, ModPath)>) -> Result<(), String> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect_files(src, &path, out)?;
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = path
            .strip_prefix(src)
            .map_err(|e| e.to_string())?
            .to_path_buf();
        let mut module: ModPath = rel
            .with_extension("")
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        match module.last().map(String::as_str) {
            Some("main") if module.len() == 1 => continue,
            Some("lib") if module.len() == 1 => module.clear(),
            Some("mod") => {
                module.pop();
            }
            _ => {}
        }
        out.push((rel, module));
    }
    Ok(())
}

/// Everything known about the crate's modules, for resolving paths.
struct World {
    modules: BTreeMap<ModPath, PathBuf>,
    children: HashMap<ModPath, BTreeSet<String>>,
    defined: HashMap<ModPath, BTreeSet<String>>,
    mentioned: HashMap<ModPath, BTreeSet<String>>,
    /// Names each module binds by `use`, as written, with the scope they were written in.
    bindings: HashMap<ModPath, HashMap<String, Vec<String>>>,
    /// `pub use` re-exports: (module, name) → the path as written.
    reexports: HashMap<(ModPath, String), Vec<String>>,
    /// `pub use …::*` re-exports of each module, as written.
    glob_reexports: HashMap<ModPath, Vec<Vec<String>>>,
}

impl World {
    fn new(modules: BTreeMap<ModPath, PathBuf>, facts: &[(PathBuf, Facts)]) -> World {
        let mut w = World {
            modules,
            children: HashMap::new(),
            defined: HashMap::new(),
            mentioned: HashMap::new(),
            bindings: HashMap::new(),
            reexports: HashMap::new(),
            glob_reexports: HashMap::new(),
        };
        for (_, f) in facts {
            for (k, v) in &f.children {
                w.children
                    .entry(k.clone())
                    .or_default()
                    .extend(v.iter().cloned());
            }
            for (k, v) in &f.defined {
                w.defined
                    .entry(k.clone())
                    .or_default()
                    .extend(v.iter().cloned());
            }
            for (k, v) in &f.mentioned {
                w.mentioned
                    .entry(k.clone())
                    .or_default()
                    .extend(v.iter().cloned());
            }
            for u in &f.uses {
                match (&u.bound, u.public) {
                    (Some(name), public) => {
                        w.bindings
                            .entry(u.scope.clone())
                            .or_default()
                            .insert(name.clone(), u.path.clone());
                        if public {
                            w.reexports
                                .insert((u.scope.clone(), name.clone()), u.path.clone());
                        }
                    }
                    (None, true) => w
                        .glob_reexports
                        .entry(u.scope.clone())
                        .or_default()
                        .push(u.path.clone()),
                    (None, false) => {}
                }
            }
        }
        w
    }

    /// `path`, written in module `scope`, as a path from the crate root; `None` for a path into
    /// another crate (or a local name that is no module).
    fn absolute(&self, scope: &ModPath, path: &[String]) -> Option<ModPath> {
        self.absolute_at(scope, path, 0)
    }

    fn absolute_at(&self, scope: &ModPath, path: &[String], depth: usize) -> Option<ModPath> {
        let first = path.first()?;
        match first.as_str() {
            "crate" => Some(path[1..].to_vec()),
            "self" => Some([scope.as_slice(), &path[1..]].concat()),
            "super" => {
                let ups = path.iter().take_while(|s| *s == "super").count();
                let base = scope.get(..scope.len().checked_sub(ups)?)?;
                Some([base, &path[ups..]].concat())
            }
            name if self.children.get(scope).is_some_and(|c| c.contains(name)) => {
                Some([scope.as_slice(), path].concat())
            }
            name if depth < 8 => {
                // A name an earlier `use` brought into this module (`use super::keys;` then
                // `keys::Action`), unless that is the path itself.
                let bound = self.bindings.get(scope)?.get(name)?;
                if bound.len() == 1 && bound[0] == *name {
                    return None;
                }
                let base = self.absolute_at(scope, bound, depth + 1)?;
                Some([base.as_slice(), &path[1..]].concat())
            }
            _ => None,
        }
    }

    /// The file that defines what `abs` names, following re-exports.
    fn file_of(&self, abs: &[String], depth: usize) -> Option<PathBuf> {
        let k = (0..=abs.len())
            .rev()
            .find(|k| self.modules.contains_key(&abs[..*k]))?;
        let module = abs[..k].to_vec();
        let file = self.modules[&module].clone();
        let Some(name) = abs.get(k) else {
            return Some(file);
        };
        if depth >= 8 || self.defined.get(&module).is_some_and(|d| d.contains(name)) {
            return Some(file);
        }
        if let Some(written) = self.reexports.get(&(module.clone(), name.clone()))
            && let Some(target) = self.absolute_at(&module, written, 0)
        {
            let rest = &abs[k + 1..];
            return self
                .file_of(&[target.as_slice(), rest].concat(), depth + 1)
                .or(Some(file));
        }
        for written in self.glob_reexports.get(&module).into_iter().flatten() {
            let Some(target) = self.absolute_at(&module, written, 0) else {
                continue;
            };
            let through = [target.as_slice(), &abs[k..]].concat();
            if let Some(found) = self.file_of(&through, depth + 1)
                && found != file
                && self.defines(&through)
            {
                return Some(found);
            }
        }
        Some(file)
    }

    /// Whether the module part of `abs` defines or re-exports its next name.
    fn defines(&self, abs: &[String]) -> bool {
        let Some(k) = (0..abs.len())
            .rev()
            .find(|k| self.modules.contains_key(&abs[..*k]))
        else {
            return false;
        };
        let module = abs[..k].to_vec();
        let name = &abs[k];
        self.defined.get(&module).is_some_and(|d| d.contains(name))
            || self.reexports.contains_key(&(module, name.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes `files` (path, text) under a fresh directory and reads its graph.
    fn graph_of(files: &[(&str, &str)]) -> Graph {
        let dir = tempfile::tempdir().expect("temp dir");
        for (path, text) in files {
            let p = dir.path().join(path);
            std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
            std::fs::write(&p, text).expect("write");
        }
        Graph::read(dir.path()).expect("readable tree")
    }

    #[test]
    fn no_import_circle_in_src() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let graph = Graph::read(&src).expect("src parses");
        let report = graph.report();
        assert!(report.is_empty(), "\n{report}\n");
    }

    #[test]
    fn two_files_importing_each_other_are_a_circle_named_file_by_file() {
        let graph = graph_of(&[
            ("lib.rs", "pub mod a;\npub mod b;\npub mod c;\n"),
            ("a.rs", "use crate::b::Bee;\npub struct Ay(Bee);\n"),
            (
                "b.rs",
                "pub struct Bee;\npub fn f() -> crate::a::Ay { todo!() }\n",
            ),
            ("c.rs", "use crate::a::Ay;\n"),
        ]);
        let report = graph.report();
        assert_eq!(graph.cycles().len(), 1, "{report}");
        assert!(
            report.contains("a.rs (use crate::b::Bee) → b.rs (crate::a::Ay) → a.rs"),
            "{report}"
        );
        assert!(!report.contains("c.rs"), "{report}");
    }

    #[test]
    fn a_circle_through_three_files_and_super_paths_is_found() {
        let graph = graph_of(&[
            ("lib.rs", "mod tui;\n"),
            ("tui/mod.rs", "mod update;\nmod actions;\nmod outcome;\n"),
            (
                "tui/update.rs",
                "use super::actions::open;\npub fn load() {}\n",
            ),
            (
                "tui/actions.rs",
                "pub fn open() { super::outcome::apply() }\n",
            ),
            (
                "tui/outcome.rs",
                "pub fn apply() { format!(\"{:?}\", super::update::load()); }\n",
            ),
        ]);
        let report = graph.report();
        assert_eq!(graph.cycles().len(), 1, "{report}");
        for file in ["update.rs", "actions.rs", "outcome.rs"] {
            assert!(report.contains(file), "{file} in {report}");
        }
    }

    #[test]
    fn a_parent_that_calls_a_child_which_uses_the_parent_is_a_circle() {
        let graph = graph_of(&[
            ("lib.rs", "mod view;\n"),
            (
                "view/mod.rs",
                "mod header;\npub fn draw() { header::draw() }\npub fn truncate() {}\n",
            ),
            (
                "view/header.rs",
                "use super::truncate;\npub fn draw() { truncate() }\n",
            ),
        ]);
        assert_eq!(graph.cycles().len(), 1, "{}", graph.report());
    }

    #[test]
    fn declaring_and_re_exporting_children_is_no_import() {
        let graph = graph_of(&[
            ("lib.rs", "pub mod state;\npub mod dialogs;\n"),
            // The parent only declares and re-exports: children reach each other through it.
            (
                "state/mod.rs",
                "mod app;\nmod model;\npub use app::App;\npub use model::{Model, Toast};\n",
            ),
            (
                "state/app.rs",
                "use crate::dialogs::Dialog;\nuse super::Model;\npub struct App(Model, Dialog);\n",
            ),
            ("state/model.rs", "pub struct Model;\npub struct Toast;\n"),
            ("dialogs/mod.rs", "mod confirm;\npub use confirm::*;\n"),
            (
                "dialogs/confirm.rs",
                "use crate::state::Model;\npub struct Dialog;\nimpl Dialog { fn f(_: &Model) {} }\n",
            ),
        ]);
        assert!(graph.cycles().is_empty(), "{}", graph.report());
        let app = PathBuf::from("state/app.rs");
        let to: Vec<_> = graph.edges[&app].keys().cloned().collect();
        assert_eq!(
            to,
            [
                PathBuf::from("dialogs/confirm.rs"),
                PathBuf::from("state/model.rs")
            ],
            "re-exports are followed to the defining file"
        );
    }

    #[test]
    fn a_parent_calling_its_children_is_no_circle_when_they_only_name_it_in_visibility() {
        let graph = graph_of(&[
            ("lib.rs", "mod view;\nmod widgets;\n"),
            (
                "view/mod.rs",
                "mod header;\npub fn draw() { header::draw() }\n",
            ),
            (
                "view/header.rs",
                "use crate::widgets::truncate;\npub(super) fn draw() { truncate() }\npub(in crate::view) fn f() {}\n",
            ),
            ("widgets.rs", "pub(crate) fn truncate() {}\n"),
        ]);
        assert!(graph.cycles().is_empty(), "{}", graph.report());
        let to: Vec<_> = graph.edges[&PathBuf::from("view/mod.rs")]
            .keys()
            .cloned()
            .collect();
        assert_eq!(
            to,
            [PathBuf::from("view/header.rs")],
            "calling a child is an import"
        );
    }

    #[test]
    fn a_variable_named_like_a_child_module_is_no_import() {
        let graph = graph_of(&[
            ("lib.rs", "mod http;\n"),
            (
                "http/mod.rs",
                "mod answer;\npub struct Answer { pub body: u8 }\npub fn get(answer: Answer) -> u8 { answer.body }\n",
            ),
            (
                "http/answer.rs",
                "use super::Answer;\npub fn f(_: Answer) {}\n",
            ),
        ]);
        assert!(graph.cycles().is_empty(), "{}", graph.report());
    }

    #[test]
    fn an_inline_test_module_importing_super_is_its_own_file() {
        let graph = graph_of(&[
            ("lib.rs", "mod a;\nmod b;\n"),
            (
                "a.rs",
                "use crate::b::f;\npub fn g() { f() }\n#[cfg(test)]\nmod tests { use super::*; }\n",
            ),
            ("b.rs", "pub fn f() {}\n"),
        ]);
        assert!(graph.cycles().is_empty(), "{}", graph.report());
    }

    #[test]
    fn a_re_export_the_parent_uses_itself_is_an_import() {
        let graph = graph_of(&[
            ("lib.rs", "mod keys;\n"),
            (
                "keys/mod.rs",
                "mod bindings;\npub use bindings::BINDINGS;\npub struct Binding;\npub fn all() -> &'static [Binding] { BINDINGS }\n",
            ),
            (
                "keys/bindings.rs",
                "use super::Binding;\npub const BINDINGS: &[Binding] = &[];\n",
            ),
        ]);
        assert_eq!(graph.cycles().len(), 1, "{}", graph.report());
    }
}
