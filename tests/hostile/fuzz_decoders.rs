//! Fuzz harnesses (issue 9): every provider's answer decoders and error-envelope decoders, the
//! config parser and the membership-file parser, fed arbitrary bytes, mutated real answers and
//! JSON built from the providers' own field names. The check: no panic, and decoding holds at most
//! 4 × its input (plus 64 KiB) at its peak, counted by the allocator.
//!
//! Each property runs for about a second or two in `cargo test` (its own case count, tens of
//! thousands for the cheap ones); `PROPTEST_CASES=1000000 cargo test --test hostile fuzz_` runs
//! them all longer (README, "Developing roster").

use crate::alloc_count::measure;
use proptest::prelude::*;
use roster::config::Config;
use roster::membership::{Format, MembershipFile};
use roster::providers::fuzz_decoders as decoders;
use roster::providers::fuzzing::Decoder;
use std::path::Path;

/// What any decode may hold beyond 4 × its input: the splitter's and serde's small buffers.
const SLACK: usize = 64 * 1024;

/// `cases` cases, unless `PROPTEST_CASES` says how many (to run longer by hand).
fn config(cases: u32) -> ProptestConfig {
    let default = ProptestConfig::default();
    if std::env::var_os("PROPTEST_CASES").is_some() {
        default
    } else {
        ProptestConfig { cases, ..default }
    }
}

/// Runs `decoder` on `bytes` cut into `chunk`-byte pieces; fails on a panic (proptest reports it
/// with the input) or on a peak over the bound.
fn check(decoder: &Decoder, bytes: &[u8], chunk: usize) -> Result<(), TestCaseError> {
    let (_, usage) = measure(|| (decoder.decode)(bytes, chunk));
    prop_assert!(
        usage.peak <= 4 * bytes.len() + SLACK,
        "{}: {} bytes in held {} bytes at the peak",
        decoder.name,
        bytes.len(),
        usage.peak
    );
    Ok(())
}

fn check_all(bytes: &[u8], chunk: usize) -> Result<(), TestCaseError> {
    for d in decoders() {
        check(&d, bytes, chunk)?;
    }
    Ok(())
}

/// Field names of every provider's answers: generated objects hit real struct fields.
const KEYS: &[&str] = &[
    "data",
    "users",
    "groups",
    "results",
    "content",
    "next",
    "id",
    "userId",
    "user_id",
    "workspaceId",
    "workspace_id",
    "workspace",
    "user",
    "email",
    "user_email",
    "name",
    "user_name",
    "permission",
    "role",
    "privileges",
    "key",
    "detail",
    "errors",
    "loc",
    "msg",
    "fingerprint",
    "message",
    "error",
    "fields",
    "totalPages",
    "number",
    "first_name",
    "last_name",
    "profile",
    "firstName",
    "lastName",
    "type",
    "code",
];

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 @._\\-]{0,12}",
        "[\\x00-\\x7f\u{80}-\u{7ff}\u{2028}\u{202e}\u{feff}]{0,8}",
        // Over the 1 KB and 256 B limits.
        (1000usize..1100).prop_map(|n| "x".repeat(n)),
        (250usize..300).prop_map(|n| "7".repeat(n)),
    ]
}

fn json() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value;
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        text().prop_map(Value::String),
    ];
    leaf.prop_recursive(5, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(KEYS), inner), 0..6).prop_map(|kv| {
                Value::Object(kv.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
            }),
        ]
    })
}

/// A change to a real answer.
#[derive(Debug, Clone)]
enum Mutation {
    Cut(usize),
    Flip(usize, u8),
    Insert(usize, &'static str),
    Repeat(usize, usize),
}

const SNIPPETS: &[&str] = &[
    "\"",
    "\\",
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "null",
    "1e999",
    "-0",
    "\"x\"",
    "[[[[[[",
    "\"\\u0000\"",
    "\"\\ud800\"",
    "{\"a\":0},",
    "\u{0}",
    "\u{202e}",
    "99999999999999999999999",
];

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::Cut),
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Flip(i, b)),
        (any::<usize>(), prop::sample::select(SNIPPETS)).prop_map(|(i, s)| Mutation::Insert(i, s)),
        (any::<usize>(), 1usize..40).prop_map(|(i, n)| Mutation::Repeat(i, n)),
    ]
}

fn mutate(sample: &str, mutations: &[Mutation]) -> Vec<u8> {
    let mut bytes = sample.as_bytes().to_vec();
    for m in mutations {
        let at = |i: usize, len: usize| if len == 0 { 0 } else { i % (len + 1) };
        match *m {
            Mutation::Cut(i) => bytes.truncate(at(i, bytes.len())),
            Mutation::Flip(i, b) if !bytes.is_empty() => {
                let i = i % bytes.len();
                bytes[i] = b;
            }
            Mutation::Flip(..) => {}
            Mutation::Insert(i, s) => {
                let i = at(i, bytes.len());
                bytes.splice(i..i, s.bytes());
            }
            Mutation::Repeat(i, n) => {
                // Repeats a stretch of the answer: items, fields and brackets multiply.
                let i = at(i, bytes.len());
                let end = (i + 24).min(bytes.len());
                let part = bytes[i..end].repeat(n);
                bytes.splice(i..i, part);
            }
        }
    }
    bytes
}

proptest! {
    #![proptest_config(config(40_000))]

    #[test]
    fn fuzz_decoders_with_arbitrary_bytes(
        bytes in prop::collection::vec(any::<u8>(), 0..600),
        chunk in 1usize..80,
    ) {
        check_all(&bytes, chunk)?;
    }

    #[test]
    fn fuzz_decoders_with_mutated_real_answers(
        which in any::<prop::sample::Index>(),
        mutations in prop::collection::vec(mutation(), 1..6),
        chunk in 1usize..80,
    ) {
        let all = decoders();
        let decoder = &all[which.index(all.len())];
        let bytes = mutate(decoder.sample, &mutations);
        check(decoder, &bytes, chunk)?;
    }

}

proptest! {
    #![proptest_config(config(8_000))]

    #[test]
    fn fuzz_decoders_with_json_of_the_providers_fields(
        value in json(),
        wrap in prop::option::of(prop::sample::select(KEYS)),
        chunk in 1usize..80,
    ) {
        let value = match wrap {
            Some(key) => serde_json::json!({ key: value }),
            None => value,
        };
        let bytes = serde_json::to_vec(&value).expect("serializes");
        check_all(&bytes, chunk)?;
    }

}

proptest! {
    #![proptest_config(config(40_000))]

    #[test]
    fn fuzz_the_config_parser(
        text in prop_oneof![
            any::<String>(),
            prop::collection::vec(
                prop_oneof![
                    Just("[profiles.a]\n".to_string()),
                    Just("provider = \"paradigm\"\n".to_string()),
                    Just("token_command = \"echo x\"\n".to_string()),
                    Just("max_concurrency = 99999999999999999999\n".to_string()),
                    Just("timeout_secs = -1\n".to_string()),
                    Just("[[profiles]]\n".to_string()),
                    Just("base_url = \"http://[::1\"\n".to_string()),
                    "[a-z_]{1,10} = \"[^\"\\\\]{0,10}\"\n",
                    "[\\[\\]{}=\"'\\n a-z.]{0,20}",
                ],
                0..12,
            )
            .prop_map(|parts| parts.concat()),
        ],
    ) {
        let (_, usage) = measure(|| Config::parse(&text, Path::new("fuzz.toml")));
        // TOML keeps a document model of what it parsed; the bound is generous, but finite.
        prop_assert!(
            usage.peak <= 32 * text.len() + SLACK,
            "{} bytes of config held {} bytes at the peak",
            text.len(),
            usage.peak
        );
    }

    #[test]
    fn fuzz_the_membership_file_parser(
        text in prop_oneof![
            any::<String>(),
            prop::collection::vec(
                prop_oneof![
                    Just("[acme.\"Design\"]\n".to_string()),
                    Just("\"ada@example.com\" = \"owner\"\n".to_string()),
                    Just("profile,workspace,user,role\n".to_string()),
                    Just("acme,Design,ada@example.com,owner\n".to_string()),
                    Just("acme,\"De,\"\"sign\",\"a\nb\",x\n".to_string()),
                    Just("=cmd|' /C calc'!A0,x,y,z\n".to_string()),
                    "[a-z@.,\"= \\n\\[\\]]{0,24}",
                ],
                0..16,
            )
            .prop_map(|parts| parts.concat()),
        ],
        csv in any::<bool>(),
    ) {
        let format = if csv { Format::Csv } else { Format::Toml };
        let (_, usage) = measure(|| MembershipFile::parse("fuzz", &text, format));
        prop_assert!(
            usage.peak <= 32 * text.len() + SLACK,
            "{} bytes of membership file held {} bytes at the peak",
            text.len(),
            usage.peak
        );
    }
}

#[test]
fn every_provider_has_decoders_and_their_samples_decode() {
    let all = decoders();
    for provider in ["askui", "dreadnode", "paradigm", "transactionlink"] {
        assert!(
            all.iter().any(|d| d.name.starts_with(provider)),
            "{provider} has no decoder"
        );
    }
    for d in &all {
        for chunk in [1, 7, 4096] {
            let kept = (d.decode)(d.sample.as_bytes(), chunk)
                .unwrap_or_else(|e| panic!("{}: its sample does not decode: {e}", d.name));
            assert!(kept >= 1, "{}: its sample decodes to nothing", d.name);
        }
    }
}
