use super::*;
use crate::error::ErrorKind;
use std::ffi::OsString;

fn parse(text: &str) -> Result<Config> {
    Config::parse(text, Path::new("/cfg/config.toml"))
}

fn one(text: &str) -> Profile {
    let config = parse(text).expect("valid config");
    config.profiles().next().expect("one profile").clone()
}

fn env_with(vars: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<OsString> {
    move |name| {
        vars.iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| OsString::from(*v))
    }
}

fn resolve_in(
    p: &Profile,
    over: Option<&str>,
    vars: &'static [(&'static str, &'static str)],
) -> Result<(Secret, TokenSource)> {
    token::resolve(p, over, &env_with(vars))
}

fn token_file(mode: u32, content: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("token");
    std::fs::write(&path, content).expect("write token");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).expect("chmod");
    }
    (dir, path)
}

#[test]
fn defaults_fill_base_url_concurrency_and_http_settings() {
    let p = one("[profiles.a]\nprovider = \"Paradigm\"\ntoken_env = \"T\"\n");
    assert_eq!(p.kind, ProviderKind::Paradigm);
    assert_eq!(p.base_url, "https://paradigm.lighton.ai");
    assert_eq!(p.max_concurrency(), 8);
    let cfg = p.provider_config(Secret::new("x")).unwrap();
    let d = HttpSettings::default();
    assert_eq!(cfg.http.request_timeout, d.request_timeout);
    assert_eq!(cfg.http.max_requests_per_second, None);
    for kind in ProviderKind::ALL {
        assert!(default_base_url(kind).starts_with("https://"));
    }
}

#[test]
fn profile_settings_reach_the_provider_config() {
    let p = one(
        "[profiles.dn]\nprovider = \"dreadnode\"\nbase_url = \"http://127.0.0.1:9/dreadnode\"\n\
         token_env = \"T\"\norg = \"acme\"\ntimeout_secs = 7\nconnect_timeout_secs = 2\n\
         max_concurrency = 3\nmax_requests_per_second = 2.5\n",
    );
    assert_eq!(p.max_concurrency(), 3);
    let cfg = p.provider_config(Secret::new("x")).unwrap();
    assert_eq!(cfg.base_url, "http://127.0.0.1:9/dreadnode");
    assert_eq!(cfg.org.as_deref(), Some("acme"));
    assert_eq!(cfg.http.request_timeout, Duration::from_secs(7));
    assert_eq!(cfg.http.connect_timeout, Duration::from_secs(2));
    assert_eq!(cfg.http.max_requests_per_second, Some(2.5));
}

#[test]
fn unknown_key_names_the_key_and_the_profile() {
    let err = parse("[profiles.acme]\nprovider = \"askui\"\ntoken_evn = \"T\"\n").unwrap_err();
    assert_eq!(err.kind, ErrorKind::Usage);
    assert!(err.message.contains("token_evn"), "{}", err.message);
    assert!(err.message.contains("[profiles.acme]"), "{}", err.message);
    assert!(err.message.contains("line 3"), "{}", err.message);
    let top = parse("profile = 1\n").unwrap_err();
    assert!(top.message.contains("`profile`"), "{}", top.message);
}

#[test]
fn unknown_provider_lists_the_valid_ones() {
    let err = parse("[profiles.x]\nprovider = \"slack\"\ntoken_env = \"T\"\n").unwrap_err();
    assert!(
        err.message
            .contains("valid providers: askui, dreadnode, paradigm, transactionlink"),
        "{}",
        err.message
    );
    assert_eq!(err.exit_code(), 2);
}

#[test]
fn bad_values_are_refused() {
    for (snippet, word) in [
        ("tier = \"admin\"", "tier"),
        ("max_concurrency = 0", "max_concurrency"),
        ("timeout_secs = 0", "timeout_secs"),
        ("max_requests_per_second = -1.0", "max_requests_per_second"),
        ("token_env = \"\"", "token_env"),
        ("timeout_secs = \"30\"", "timeout_secs"),
    ] {
        let text = format!("[profiles.p]\nprovider = \"paradigm\"\n{snippet}\n");
        let err = parse(&text).unwrap_err();
        assert!(err.message.contains(word), "{snippet}: {}", err.message);
        assert!(
            err.message.contains("profile"),
            "{snippet}: {}",
            err.message
        );
    }
    let missing = parse("[profiles.p]\ntoken_env = \"T\"\n").unwrap_err();
    assert!(missing.message.contains("provider"), "{}", missing.message);
    assert!(parse("not toml =").is_err());
}

#[test]
fn unknown_profile_lists_configured_ones() {
    let c = parse(
        "[profiles.b]\nprovider = \"askui\"\ntoken_env = \"T\"\n\
         [profiles.a]\nprovider = \"askui\"\ntoken_env = \"T\"\n",
    )
    .unwrap();
    let err = c.profile("zzz").unwrap_err();
    assert!(
        err.message.contains("configured profiles: a, b"),
        "{}",
        err.message
    );
    assert_eq!(c.profile("a").unwrap().name, "a");
}

#[test]
fn missing_file_says_where_and_points_to_demo() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nope.toml");
    let err = Config::load(Some(&path)).unwrap_err();
    assert_eq!(err.exit_code(), 2);
    assert!(err.message.contains(&path.display().to_string()));
    assert!(err.message.contains("[profiles.acme]"));
    assert!(err.message.contains("roster demo"));
}

#[test]
fn token_env_override_wins_and_is_the_only_source_tried() {
    let p =
        one("[profiles.a]\nprovider = \"askui\"\ntoken_env = \"PROFILE_T\"\ntoken = \"inline\"\n");
    let vars = &[("PROFILE_T", "from-profile"), ("FLAG_T", "from-flag")];
    let (tok, src) = resolve_in(&p, Some("FLAG_T"), vars).unwrap();
    assert_eq!(tok.expose(), "from-flag");
    assert_eq!(src, TokenSource::Env("FLAG_T".into()));
    let err = resolve_in(&p, Some("UNSET_T"), vars).unwrap_err();
    assert!(err.message.contains("UNSET_T"), "{}", err.message);
}

#[test]
fn sources_are_tried_in_order_env_command_file_inline() {
    let (_dir, file) = token_file(0o600, "from-file\n");
    let text = format!(
        "[profiles.a]\nprovider = \"askui\"\ntoken_env = \"T\"\n\
         token_command = \"echo '  from-command  '\"\ntoken_file = {:?}\ntoken = \"inline\"\n",
        file.display().to_string()
    );
    let p = one(&text);
    let (tok, src) = resolve_in(&p, None, &[("T", " from-env\n")]).unwrap();
    assert_eq!(
        (tok.expose(), src),
        ("from-env", TokenSource::Env("T".into()))
    );
    // An unset or empty variable falls through to the command.
    let (tok, src) = resolve_in(&p, None, &[("T", "")]).unwrap();
    assert_eq!((tok.expose(), src), ("from-command", TokenSource::Command));

    let mut no_cmd = p.clone();
    no_cmd.token_command = None;
    let (tok, src) = resolve_in(&no_cmd, None, &[]).unwrap();
    assert_eq!((tok.expose(), src), ("from-file", TokenSource::File(file)));

    let mut inline_only = no_cmd.clone();
    inline_only.token_file = None;
    let (tok, src) = resolve_in(&inline_only, None, &[]).unwrap();
    assert_eq!((tok.expose(), src), ("inline", TokenSource::Inline));
    assert!(inline_only.has_inline_token());
}

#[test]
fn no_source_says_which_keys_to_set() {
    let p = one("[profiles.a]\nprovider = \"askui\"\n");
    let err = resolve_in(&p, None, &[]).unwrap_err();
    for key in ["token_env", "token_command", "token_file"] {
        assert!(err.message.contains(key), "{}", err.message);
    }
    let p = one("[profiles.a]\nprovider = \"askui\"\ntoken_env = \"ACME_T\"\n");
    let err = resolve_in(&p, None, &[]).unwrap_err();
    assert!(err.message.contains("ACME_T"), "{}", err.message);
    assert_eq!(err.exit_code(), 2);
}

#[test]
fn failing_command_shows_stderr_but_never_stdout() {
    let p = one("[profiles.a]\nprovider = \"askui\"\n\
         token_command = \"echo secret-canary; echo 'vault sealed' >&2; exit 3\"\n");
    let err = resolve_in(&p, None, &[]).unwrap_err();
    assert!(err.message.contains("vault sealed"), "{}", err.message);
    assert!(!err.message.contains("secret-canary"), "{}", err.message);
    let empty = one("[profiles.a]\nprovider = \"askui\"\ntoken_command = \"true\"\n");
    assert!(
        resolve_in(&empty, None, &[])
            .unwrap_err()
            .message
            .contains("printed nothing")
    );
}

#[cfg(unix)]
#[test]
fn token_file_readable_by_others_is_refused_with_the_fix() {
    let (_dir, file) = token_file(0o644, "file-canary");
    let text = format!(
        "[profiles.a]\nprovider = \"askui\"\ntoken_file = {:?}\n",
        file.display().to_string()
    );
    let err = resolve_in(&one(&text), None, &[]).unwrap_err();
    assert!(
        err.message
            .contains(&format!("chmod 600 {}", file.display())),
        "{}",
        err.message
    );
    assert!(!err.message.contains("file-canary"));
    assert_eq!(err.exit_code(), 2);
}

#[test]
fn debug_output_never_shows_an_inline_token() {
    let p = one("[profiles.a]\nprovider = \"askui\"\ntoken = \"inline-canary\"\n");
    assert!(!format!("{p:?}").contains("inline-canary"));
}

#[test]
fn the_example_config_parses_with_one_profile_per_provider() {
    let c = parse(include_str!("../../assets/config.example.toml")).unwrap();
    let mut kinds: Vec<ProviderKind> = c.profiles().map(|p| p.kind).collect();
    kinds.sort();
    assert_eq!(kinds, ProviderKind::ALL.to_vec());
}

/// A token-like string that must never be printed back from a config error.
const PASTED: &str = "ghp_R0sterCanary9fX2kQ";

#[test]
fn parse_errors_give_file_line_column_and_kind_but_never_content() {
    let cases: [(&str, &str); 12] = [
        // The reported case: a token pasted alone on a line.
        (
            "[profiles.h]\nprovider = \"askui\"\n{T}\n",
            "/cfg/config.toml:3:",
        ),
        (
            "[profiles.h]\nprovider = \"askui\"\ntimeout_secs = \"{T}\"\n",
            "key `timeout_secs`: invalid type: string, expected u64",
        ),
        (
            "[profiles.h]\nprovider = \"askui\"\n{T} = 1\n",
            "/cfg/config.toml:3:1: line 3, column 1 in [profiles.h]: unknown field, expected one of `provider`",
        ),
        (
            "[profiles.h]\nprovider = \"askui\"\ntoken = \"{T}\n",
            "invalid basic string",
        ),
        (
            "[profiles.h]\nprovider = \"askui\"\ntoken = {T}\n",
            "string values must be quoted",
        ),
        (
            "[profiles.h]\nprovider = \"askui\"\ntoken = \"x\" {T}\n",
            "unexpected key or value",
        ),
        ("[{T}\nprovider = \"askui\"\n", "unclosed table"),
        (
            "[profiles.h]\nprovider = \"askui\"\ntoken = \"a\\q{T}\"\n",
            "missing escaped value",
        ),
        (
            "[profiles.h]\nprovider = \"askui\"\nmax_concurrency = -5{T}\n",
            "key `max_concurrency`",
        ),
        (
            "[profiles]\nh = \"{T}\"\n",
            "invalid type: string, expected a [profiles.NAME] table",
        ),
        ("{T}\n", "/cfg/config.toml:1:"),
        (
            "[profiles.h]\nprovider = \"{T}\"\n",
            "unknown provider a value that is not a plain word",
        ),
    ];
    for (template, expected) in cases {
        let text = template.replace("{T}", PASTED);
        let err = parse(&text).expect_err(&text);
        assert!(
            !err.message.contains(PASTED) && !err.message.contains("R0sterCanary"),
            "{text:?} echoed the token: {}",
            err.message
        );
        assert!(err.message.contains(expected), "{text:?}: {}", err.message);
        assert_eq!(err.exit_code(), 2);
    }
    // Whole lines are never quoted, even harmless ones.
    let err = parse("[profiles.h]\nprovider = \"askui\"\nthis is not toml\n").unwrap_err();
    assert_eq!(
        err.message,
        "/cfg/config.toml:3:6: line 3, column 6 in [profiles.h]: key with no value, expected `=`"
    );
}

#[test]
fn dreadnode_auth_is_validated_and_reaches_the_provider_config() {
    let p = one(
        "[profiles.dn]\nprovider = \"dreadnode\"\norg = \"acme\"\ntoken_env = \"T\"\nauth = \"x-api-key\"\n",
    );
    let cfg = p.provider_config(Secret::new("k")).unwrap();
    assert_eq!(cfg.auth.as_deref(), Some("x-api-key"));
    let default =
        one("[profiles.dn]\nprovider = \"dreadnode\"\norg = \"acme\"\ntoken_env = \"T\"\n");
    assert_eq!(
        default.provider_config(Secret::new("k")).unwrap().auth,
        None
    );
    let bad =
        parse("[profiles.dn]\nprovider = \"dreadnode\"\ntoken_env = \"T\"\nauth = \"basic\"\n")
            .unwrap_err();
    assert!(
        bad.message
            .contains("profile \"dn\": `auth` is \"basic\"; use \"bearer\" or \"x-api-key\""),
        "{}",
        bad.message
    );
    let elsewhere =
        parse("[profiles.a]\nprovider = \"askui\"\ntoken_env = \"T\"\nauth = \"bearer\"\n")
            .unwrap_err();
    assert!(
        elsewhere
            .message
            .contains("`auth` applies to dreadnode profiles only; this one is askui"),
        "{}",
        elsewhere.message
    );
}

#[test]
fn screen_settings_are_read_with_their_lines() {
    let text = "mouse = false\n\n[keys]\nsort = \"o\"\ncopy = [\"y\", \"ctrl-y\"]\n\n[theme]\npreset = \"high-contrast\"\naccent = \"#ff8800\"\n";
    let c = Config::parse(text, Path::new("/etc/roster.toml")).unwrap();
    assert!(!c.ui.mouse);
    let sort = c.ui.keys.iter().find(|k| k.name == "sort").unwrap();
    assert_eq!((sort.keys.clone(), sort.line), (vec!["o".to_string()], 4));
    let copy = c.ui.keys.iter().find(|k| k.name == "copy").unwrap();
    assert_eq!(copy.keys, ["y", "ctrl-y"]);
    assert_eq!(copy.line, 5);
    assert_eq!(c.ui.theme_preset.as_deref(), Some("high-contrast"));
    assert_eq!(
        c.ui.theme_colors,
        [("accent".to_string(), "#ff8800".to_string())]
    );
    assert_eq!(c.ui.theme_line, 7);
    // A colour name roster does not have is a config error, like any unknown key.
    let bad = Config::parse("[theme]\naccnet = \"red\"\n", Path::new("c.toml")).unwrap_err();
    assert!(bad.message.contains("accnet"), "{}", bad.message);
    // Without them, the defaults.
    let plain = Config::parse("", Path::new("c.toml")).unwrap();
    assert!(plain.ui.mouse && plain.ui.keys.is_empty());
}
