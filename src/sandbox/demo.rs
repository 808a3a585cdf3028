//! The demo dataset shipped with roster (`assets/demo-dataset.json`): what `roster demo` and a bare
//! `roster sandbox` serve.
//!
//! The committed JSON file is the source of truth and may be edited by hand. [`build_demo_dataset`]
//! is how it was first made; to start over from the generator run
//! `cargo test --lib sandbox::demo -- --ignored regenerate_demo_dataset` (this overwrites hand edits).

use super::generate::{Layout, generate_layout};
use super::store::Dataset;

/// The embedded demo dataset file.
const DEMO_JSON: &str = include_str!("../../assets/demo-dataset.json");

/// Seed the demo dataset was generated with.
pub const DEMO_SEED: u64 = 20_260_101;

/// The demo dataset (parsed from the file embedded at build time).
pub fn demo_dataset() -> Dataset {
    // The file is part of the build, not user input; a test checks it parses, so a failure here
    // is a packaging bug worth a loud message.
    serde_json::from_str(DEMO_JSON)
        .unwrap_or_else(|e| panic!("assets/demo-dataset.json is not a valid dataset: {e}"))
}

/// The demo as the generator makes it: a handful of workspaces per provider with pleasant names,
/// 10 to 60 members each, and fixed readable tokens.
pub fn build_demo_dataset() -> Dataset {
    fn list(items: &[(&str, usize)]) -> Vec<(String, usize)> {
        items.iter().map(|(n, m)| (n.to_string(), *m)).collect()
    }
    let layout = Layout {
        askui: list(&[
            ("Platform", 24),
            ("Mobile QA", 38),
            ("Checkout Flows", 12),
            ("Design Systems", 17),
            ("Release Train", 10),
        ]),
        dreadnode: list(&[
            ("Red Team", 18),
            ("Model Evaluation", 32),
            ("Research", 45),
            ("CTF Training", 12),
        ]),
        paradigm: list(&[
            ("Company Knowledge", 60),
            ("Legal", 14),
            ("Finance Ops", 22),
            ("Customer Success", 30),
            ("Data Science", 26),
            ("People Ops", 11),
        ]),
        transactionlink: list(&[
            ("Onboarding EU", 28),
            ("Onboarding US", 24),
            ("Compliance Review", 15),
            ("Fraud Ops", 19),
            ("Partner Banks", 10),
        ]),
        paradigm_groups: ["Legal team", "Finance", "Engineering", "Support"]
            .map(String::from)
            .to_vec(),
        tokens: Some(
            [
                "askui-demo-token",
                "dn-demo-key",
                "paradigm-demo-key",
                "tot_demo_0123456789abcdef",
            ]
            .map(String::from),
        ),
        dreadnode_org: "acme".to_string(),
    };
    generate_layout(&layout, DEMO_SEED)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rewrites assets/demo-dataset.json from the generator (overwrites hand edits).
    #[test]
    #[ignore = "rewrites assets/demo-dataset.json; run by hand"]
    fn regenerate_demo_dataset() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/demo-dataset.json");
        let json = serde_json::to_string_pretty(&build_demo_dataset()).unwrap();
        std::fs::write(path, json + "\n").unwrap();
    }
}
