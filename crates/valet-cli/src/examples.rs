//! Examples for every command's `--help` (and its man page), kept in one table so a test can
//! check that each command has some and that each example parses as the CLI reads it.

use clap::Command;

/// (command path without `valet`, example lines). A `#` line explains the line after it.
const EXAMPLES: &[(&str, &str)] = &[
    ("add", r#"valet add "Call the bank tomorrow 9am !high #finance"
valet add "Water the plants every monday"
valet add "Send the report friday 5pm remind 30m before""#),
    ("todo", "valet todo add \"Buy milk\"\nvalet todo list --due today"),
    ("todo add", r#"valet todo add "Call the bank" --due friday --time 9am --priority high
valet todo add "Pay rent" --due "end of month" --repeat "every month" --tag home
valet todo add "Plan the trip" --project Holidays --step "Book flights" --step "Book hotel""#),
    ("todo list", r#"valet todo list
valet todo list --due overdue --priority high
valet todo list --tag work --sort due --all
valet todo list --status completed --json"#),
    ("todo show", "valet todo show 4a1b2c3d"),
    ("todo update", r#"valet todo update 4a1b2c3d --due "next friday" --time none
valet todo update 4a1b2c3d --tag urgent --untag someday --priority high"#),
    ("todo note", "valet todo note 4a1b2c3d \"Ask for Anna\""),
    ("todo complete", "valet todo complete 4a1b2c3d 9f8e7d6c"),
    ("todo skip", "valet todo skip 4a1b2c3d"),
    ("todo series", "valet todo series 4a1b2c3d"),
    ("todo step", "valet todo step add 4a1b2c3d \"Book flights\"\nvalet todo step check 4a1b2c3d 1"),
    ("todo step add", "valet todo step add 4a1b2c3d \"Book flights\"\nvalet todo step add 4a1b2c3d \"Pack\" --at 1"),
    ("todo step check", "valet todo step check 4a1b2c3d 1"),
    ("todo step uncheck", "valet todo step uncheck 4a1b2c3d 1"),
    ("todo step rename", "valet todo step rename 4a1b2c3d 2 \"Book a quiet hotel\""),
    ("todo step move", "valet todo step move 4a1b2c3d 3 --to 1"),
    ("todo step remove", "valet todo step remove 4a1b2c3d 2"),
    ("todo step promote", "# The step becomes a todo of its own.\nvalet todo step promote 4a1b2c3d 2"),
    ("todo snooze", "valet todo snooze 4a1b2c3d\nvalet todo snooze 4a1b2c3d 1h\nvalet todo snooze 4a1b2c3d tomorrow"),
    ("todo reopen", "valet todo reopen 4a1b2c3d"),
    ("todo remove", "valet todo remove 4a1b2c3d 9f8e7d6c"),
    ("day", "valet day show yesterday"),
    ("day show", "valet day show\nvalet day show yesterday\nvalet day show 2026-11-27 --json"),
    ("day update", r#"valet day update --planner --section data_stash --append "Wifi code: 1234"
valet day update 2026-11-27 --journal --section reflections --replace "A calm day.""#),
    ("day list", "valet day list --limit 7"),
    ("new-day", "valet new-day\nvalet new-day 2026-12-01"),
    ("search", r#"valet search dentist
valet search "quarterly report" --kind journal --from 2026-11-01"#),
    ("today", "valet today\nvalet today --json"),
    ("upcoming", "valet upcoming\nvalet upcoming --days 7"),
    ("schedule", "valet schedule 4a1b2c3d --when tomorrow\nvalet schedule 4a1b2c3d 9f8e7d6c --when \"next monday\""),
    ("check", "valet check 4a1b2c3d"),
    ("uncheck", "valet uncheck 4a1b2c3d"),
    ("plan", "# Plan a todo into today: ticking either completes both.\nvalet plan 4a1b2c3d\nvalet plan add Call the plumber"),
    ("plan add", "valet plan add Call the plumber\nvalet plan add \"Write the review\" --date tomorrow"),
    ("plan todo", "valet plan todo 4a1b2c3d --date tomorrow"),
    ("plan check", "# The first task of today's plan.\nvalet plan check 1"),
    ("plan uncheck", "valet plan uncheck 1"),
    ("plan move", "valet plan move 3 --to 1"),
    ("plan remove", "valet plan remove 2"),
    ("journal", "valet journal add Long walk, clear head\nvalet journal show"),
    ("journal add", "valet journal add Long walk, clear head\n# From standard input:\necho \"Read for an hour\" | valet journal add -"),
    ("journal show", "valet journal show\nvalet journal show --date yesterday"),
    ("journal edit", "# Rewrite entry 2 (as numbered by `valet journal show`):\nvalet journal edit 2 --text \"Long walk by the river\"\n# The day's reflections in $EDITOR:\nvalet journal edit"),
    ("journal remove", "valet journal remove 2"),
    ("journal mood", "valet journal mood --score 4 calm and focused"),
    ("journal highlight", "valet journal highlight Shipped the release"),
    ("journal challenge", "valet journal challenge Too many meetings"),
    ("journal lesson", "valet journal lesson Block the mornings"),
    ("journal reflect", "valet journal reflect A good day overall."),
    ("reminders", "valet reminders\n# From cron, for a script that notifies:\nvalet reminders --take --json"),
    ("project", "valet project\nvalet project add Holidays --area Personal"),
    ("project list", "valet project list\nvalet project list --all"),
    ("project add", "valet project add Personal --is-area\nvalet project add Holidays --area Personal"),
    ("project show", "valet project show Holidays"),
    ("project edit", r#"valet project edit Holidays --deadline "end of month"
valet project edit Holidays --rename "Summer holidays" --area none"#),
    ("project complete", "valet project complete Holidays"),
    ("project reopen", "valet project reopen Holidays"),
    ("project archive", "valet project archive Holidays"),
    ("project remove", "valet project remove Holidays"),
    ("completions", "valet completions bash > ~/.local/share/bash-completion/completions/valet\nvalet completions zsh > ~/.zfunc/_valet\nvalet completions fish > ~/.config/fish/completions/valet.fish"),
    ("man", "valet man | man -l -\nvalet man --dir ~/.local/share/man/man1"),
    ("config", "valet config\nvalet config set user.timezone Europe/Paris"),
    ("config list", "valet config list"),
    ("config get", "valet config get planner.dayStartsAt"),
    ("config set", "valet config set user.timezone Europe/Paris\nvalet config set planner.dayStartsAt 05:00"),
    ("config unset", "valet config unset user.timezone"),
    ("tags", "valet tags\nvalet tags rename work job"),
    ("tags rename", "# Renames everywhere; merges when NEW is already used.\nvalet tags rename work job"),
    ("undo", "valet undo\nvalet undo 3\nvalet undo --list"),
    ("redo", "valet redo"),
    ("insights", "valet insights\nvalet insights --from 2026-01-01 --by month\nvalet insights --json"),
    ("review", "valet review\nvalet review --last --reflect \"Fewer meetings, more mornings\"\n# The month, its reflection in $EDITOR:\nvalet review --month --edit"),
    ("status", "valet status\nvalet status --json"),
    ("doctor", "valet doctor"),
    ("audit", "valet audit --since yesterday\nvalet audit --by mcp --limit 20\nvalet audit --record 4a1b2c3d"),
    ("sync", "valet sync\nvalet sync --status"),
    ("migrate", "valet migrate --to s3\nvalet migrate --to local"),
    ("conflicts", "valet conflicts\nvalet conflicts resolve 4a1b2c3d 0 --keep both"),
    ("conflicts list", "valet conflicts list"),
    ("conflicts resolve", "valet conflicts resolve 4a1b2c3d 0 --keep other\nvalet conflicts resolve journal/2026-11-28 0 --keep both"),
    ("import-legacy", "valet import-legacy ~/valet-data --dry-run\nvalet import-legacy ~/valet-data"),
    ("backup", "valet backup"),
    ("restore", "valet restore --list\nvalet restore 2026-11-28T09-00-00Z"),
    ("export", "valet export valet.json\nvalet export notes --format markdown"),
    ("import", "valet import valet.json --dry-run\nvalet import valet.json"),
    ("mcp", "# What an AI client launches:\nvalet mcp\nvalet mcp --print-config claude-desktop\n# For clients that connect over HTTP, with a 32+ character token in VALET_MCP_TOKEN:\nvalet mcp --http 127.0.0.1:7077"),
];

/// Every command path of `cmd` (without the binary's name), depth first.
#[cfg(test)]
fn paths(cmd: &Command) -> Vec<String> {
    fn walk(c: &Command, prefix: &str, out: &mut Vec<String>) {
        for sub in c.get_subcommands().filter(|s| s.get_name() != "help") {
            let path = format!("{prefix}{}", sub.get_name());
            out.push(path.clone());
            walk(sub, &format!("{path} "), out);
        }
    }
    let mut out = Vec::new();
    walk(cmd, "", &mut out);
    out
}

fn render(lines: &str) -> String {
    let body: Vec<String> = lines
        .lines()
        .map(|l| match l.strip_prefix("# ") {
            Some(comment) => format!("  # {comment}"),
            None => format!("  $ {l}"),
        })
        .collect();
    format!("Examples:\n{}", body.join("\n"))
}

/// `cmd` with each command's examples after its help.
pub fn attach(cmd: Command) -> Command {
    fn at(c: Command, prefix: &str) -> Command {
        let names: Vec<String> = c
            .get_subcommands()
            .map(|s| s.get_name().to_owned())
            .filter(|n| n != "help")
            .collect();
        names.into_iter().fold(c, |c, name| {
            let path = format!("{prefix}{name}");
            c.mut_subcommand(&name, |s| {
                let s = match EXAMPLES.iter().find(|(p, _)| *p == path) {
                    Some((_, ex)) => s.after_help(render(ex)),
                    None => s,
                };
                at(s, &format!("{path} "))
            })
        })
    }
    let top = render(
        "valet add \"Call the bank tomorrow 9am !high #finance\"\nvalet today\nvalet todo list --due week\nvalet journal add Long walk, clear head",
    );
    let codes = "Exit codes: 0 done; 1 failed (storage, sync, a damaged record); 2 bad input (a usage\nerror or a value that breaks a rule, named in the message); 3 not found; 4 configuration\n(settings, credentials). With --json, errors are printed on standard output as\n{\"error\": {\"code\", \"message\"}} too.";
    at(cmd.after_help(format!("{top}\n\n{codes}")), "")
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn every_command_has_examples_and_every_example_names_a_command() {
        let cmd = crate::Cli::command();
        let all = paths(&cmd);
        let missing: Vec<&String> = all
            .iter()
            .filter(|p| !EXAMPLES.iter().any(|(e, _)| e == p))
            .collect();
        assert!(missing.is_empty(), "commands without examples: {missing:?}");
        let unknown: Vec<&str> = EXAMPLES
            .iter()
            .map(|(p, _)| *p)
            .filter(|p| !all.iter().any(|a| a == p))
            .collect();
        assert!(unknown.is_empty(), "examples for no command: {unknown:?}");
    }

    #[test]
    fn every_example_parses_as_the_cli_reads_it() {
        use clap::FromArgMatches;
        for (path, lines) in EXAMPLES {
            for line in lines.lines().filter(|l| !l.starts_with('#')) {
                // The command itself, without what the shell does around it.
                let line = line
                    .split(" | ")
                    .find(|part| part.starts_with("valet"))
                    .unwrap_or(line);
                let line = line.split(" > ").next().unwrap_or(line);
                let words = shlex::split(line).unwrap_or_default();
                assert_eq!(words.first().map(String::as_str), Some("valet"), "{line}");
                let matches = crate::Cli::command().try_get_matches_from(&words);
                let parsed = matches.and_then(|m| crate::Cli::from_arg_matches(&m));
                assert!(
                    parsed.is_ok(),
                    "{path}: `{line}` does not parse: {parsed:?}"
                );
                assert!(
                    words[1..].join(" ").starts_with(path),
                    "{path}: `{line}` is an example of another command"
                );
            }
        }
    }

    #[test]
    fn help_and_man_pages_show_the_examples() {
        let mut cmd = attach(crate::Cli::command());
        let help = cmd
            .find_subcommand_mut("journal")
            .and_then(|j| j.find_subcommand_mut("edit"))
            .map(|e| e.render_long_help().to_string())
            .unwrap_or_default();
        assert!(help.contains("$ valet journal edit 2 --text"), "{help}");
    }
}
