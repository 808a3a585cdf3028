//! The binary outside a terminal and in the shell: the TUI without a terminal says so (exit 2, no
//! escape codes, no backtrace), and the completion scripts and the manual page are printed.

use crate::cli_support::Home;

fn no_escape_codes_nor_backtrace(text: &str) {
    assert!(!text.contains('\u{1b}'), "escape codes: {text:?}");
    assert!(
        !text.contains("Location:") && !text.contains("backtrace") && !text.contains("panicked"),
        "a backtrace: {text}"
    );
}

#[test]
fn the_tui_without_a_terminal_says_it_needs_one_and_points_to_the_subcommands() {
    let home = Home::new("http://127.0.0.1:9", "");
    // `roster </dev/null`: stdin is no terminal.
    let run = home.run(&[]);
    run.expect_code(2);
    assert!(run.stderr.contains("needs a terminal"), "{}", run.stderr);
    assert!(run.stderr.contains("roster --help"), "{}", run.stderr);
    assert!(run.stdout.is_empty(), "{:?}", run.stdout);
    no_escape_codes_nor_backtrace(&run.stderr);
}

#[test]
fn the_demo_with_its_output_in_a_file_says_it_needs_a_terminal() {
    let home = Home::new("http://127.0.0.1:9", "");
    // `roster demo > file`: stdout is no terminal (and here stdin neither).
    let run = crate::cli_support::run_command(home.command(&["demo"]));
    run.expect_code(2);
    assert!(run.stdout.is_empty(), "{:?}", run.stdout);
    assert!(run.stderr.contains("needs a terminal"), "{}", run.stderr);
    no_escape_codes_nor_backtrace(&run.stdout);
    no_escape_codes_nor_backtrace(&run.stderr);
}

#[test]
fn completions_for_three_shells_and_a_manual_page() {
    let home = Home::new("http://127.0.0.1:9", "");
    for (shell, marker) in [
        ("bash", "complete -F _roster"),
        ("zsh", "#compdef roster"),
        ("fish", "complete -c roster"),
    ] {
        let run = home.run(&["completions", shell]);
        run.expect_code(0);
        assert!(run.stdout.contains(marker), "{shell}: {}", run.stdout);
        // Every subcommand can be completed.
        assert!(run.stdout.contains("set-role"), "{shell}");
    }
    let man = home.run(&["man"]);
    man.expect_code(0);
    assert!(
        man.stdout.starts_with(".ie") || man.stdout.contains(".TH roster"),
        "{}",
        &man.stdout[..200.min(man.stdout.len())]
    );
    assert!(man.stdout.contains("members"), "the subcommands are listed");
}
