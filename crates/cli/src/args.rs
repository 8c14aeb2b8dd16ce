//! The command line's shape: clap's derive for the fixed parts, its builder for the recipe
//! fields, which come from `commands::Field` so the flags and their help cannot drift from the
//! fields the core defines.
use std::path::PathBuf;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::error::ErrorKind;
use clap::{Arg, ArgMatches, Args, Command, FromArgMatches, Parser, Subcommand};
use guestlens_analysis::commands::{Field, Inputs};
use guestlens_analysis::entra::{RECIPE_IDS, RecipeId};

use crate::exit::EXIT_STATUS_HELP;

/// Explains Microsoft Entra ID B2B guest sign-in problems: tokens, AADSTS errors and
/// cross-tenant access policies. Nothing leaves this machine.
#[derive(Debug, Parser)]
#[command(name = "guestlens", version, after_help = EXIT_STATUS_HELP)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Cmd,
}

#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Explain a token, a sign-in error, a cross-tenant access policy or a HAR sign-in trace.
    Analyze(AnalyzeArgs),
    /// Print one recipe: Graph PowerShell, Graph REST and Azure CLI, filled in and quoted.
    Commands(CommandsArgs),
    /// Write a copy of a HAR sign-in trace with every secret removed, for a support ticket.
    Sanitize(SanitizeArgs),
    /// Put two tokens side by side: same person or not, and every claim that differs.
    Compare(CompareArgs),
    /// Print the Markdown hand-off report of a case, for a ticket or the other tenant's admin.
    Handoff(HandoffArgs),
}

/// `guestlens sanitize`.
#[derive(Debug, Args)]
#[command(after_help = "\
Passwords, credential form fields, cookies, Authorization and token headers, codes, tokens, \
client secrets and assertions, code verifiers, SAML messages and session values are replaced \
by [removed:<kind>], in every encoding; so is anything not on the keep list, and any body that \
cannot be decoded. Correlation, request and trace IDs, timestamps, error codes and messages, \
tenant and client IDs, hosts, paths, statuses and timings are kept. The file is read and \
written in chunks. If the HAR is damaged, the status is 1, -o leaves no file, and standard \
output holds only the entries before the damage (sanitized), not a valid HAR.")]
pub struct SanitizeArgs {
    /// The HAR file to clean, or - for standard input (at most 1 GiB).
    #[arg(value_name = "IN.har")]
    pub input: PathBuf,
    /// Write the sanitized HAR to this file instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "OUT.har")]
    pub output: Option<PathBuf>,
    /// Also write what was removed (kind, where, entry index; never the value) as a JSON list:
    /// to standard error, or to FILE with --report=FILE.
    #[arg(long, value_name = "FILE", num_args = 0..=1, require_equals = true, default_missing_value = "-")]
    pub report: Option<PathBuf>,
    /// Also replace email addresses and display names.
    #[arg(long)]
    pub mask_identities: bool,
    /// Replace every response body (smaller, and nothing of the pages is kept).
    #[arg(long)]
    pub drop_response_bodies: bool,
}

/// `guestlens compare`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// The file holding token A (a token, a Bearer header, a redirect URL, a token response),
    /// or - for standard input.
    #[arg(value_name = "A")]
    pub a: PathBuf,
    /// The file holding token B.
    #[arg(value_name = "B")]
    pub b: PathBuf,
    /// Print the comparison as JSON, for scripts.
    #[arg(long)]
    pub json: bool,
    /// Judge token lifetimes as of this moment, in Unix seconds (default: the clock).
    #[arg(long, value_name = "UNIX_SECONDS")]
    pub now: Option<i64>,
}

/// `guestlens handoff`.
#[derive(Debug, Args)]
pub struct HandoffArgs {
    /// The sources of the case, as for analyze: files, or - for standard input.
    #[arg(value_name = "FILE", required = true, num_args = 1..)]
    pub files: Vec<PathBuf>,
    /// Include addresses and UPNs as they are (masked by default, as a***@partner.example).
    #[arg(long)]
    pub include_personal: bool,
    /// Judge token lifetimes as of this moment, in Unix seconds (default: the clock).
    #[arg(long, value_name = "UNIX_SECONDS")]
    pub now: Option<i64>,
}

/// `guestlens analyze`.
#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// The texts to read, each a source of one case: files, or - for standard input (each at
    /// most 1 GiB; bytes that are not UTF-8 are replaced).
    #[arg(value_name = "FILE", required = true, num_args = 1..)]
    pub files: Vec<PathBuf>,
    /// Print the whole report as JSON, for scripts, instead of the readable report.
    #[arg(long)]
    pub json: bool,
    /// Judge token lifetimes as of this moment, in Unix seconds (default: the clock).
    #[arg(long, value_name = "UNIX_SECONDS")]
    pub now: Option<i64>,
}

/// `guestlens commands`.
#[derive(Debug, Args)]
#[command(after_help = "A value that starts with '-' is passed as --FIELD=VALUE.")]
pub struct CommandsArgs {
    /// The recipe to print.
    #[arg(value_name = "RECIPE", value_parser = recipe_parser())]
    pub recipe: RecipeId,
    #[command(flatten)]
    pub fields: FieldArgs,
    /// Print the recipe as JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

/// Recipe ids as the core spells them, offered as clap's possible values.
fn recipe_parser() -> impl TypedValueParser<Value = RecipeId> {
    PossibleValuesParser::new(RECIPE_IDS)
        .try_map(|id: String| RecipeId::parse(&id).ok_or("not a recipe id"))
}

/// The recipe fields, one `--FLAG VALUE` per `Field`.
#[derive(Debug, Default)]
pub struct FieldArgs(pub Inputs);

impl Args for FieldArgs {
    fn augment_args(cmd: Command) -> Command {
        // The fields get their own heading; the options after them go back under the old one.
        let before = cmd
            .get_next_help_heading()
            .map(|h| clap::builder::Str::from(h.to_owned()));
        let cmd = cmd.next_help_heading("Values (checked, then quoted for each shell)");
        let cmd = Field::ALL.into_iter().fold(cmd, |cmd, f| {
            cmd.arg(
                Arg::new(f.key())
                    .long(f.flag())
                    .value_name(f.flag().to_uppercase())
                    .help(format!("{}. {}", f.label(), f.hint())),
            )
        });
        match before {
            Some(heading) => cmd.next_help_heading(heading),
            None => cmd.next_help_heading(None::<&str>),
        }
    }

    fn augment_args_for_update(cmd: Command) -> Command {
        Self::augment_args(cmd)
    }
}

impl FromArgMatches for FieldArgs {
    fn from_arg_matches(m: &ArgMatches) -> Result<Self, clap::Error> {
        let mut fields = FieldArgs::default();
        fields.update_from_arg_matches(m)?;
        Ok(fields)
    }

    fn update_from_arg_matches(&mut self, m: &ArgMatches) -> Result<(), clap::Error> {
        for f in Field::ALL {
            let value = m
                .try_get_one::<String>(f.key())
                .map_err(|e| clap::Error::raw(ErrorKind::ArgumentConflict, e))?;
            if let Some(v) = value {
                *f.slot(&mut self.0) = Some(v.clone());
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn every_field_is_a_flag_and_every_recipe_a_value() {
        let help = Cli::command()
            .find_subcommand_mut("commands")
            .map(|c| c.render_long_help().to_string())
            .unwrap_or_default();
        for f in Field::ALL {
            assert!(help.contains(&format!("--{} <", f.flag())), "{}", f.flag());
            assert!(help.contains(f.hint()), "{}", f.flag());
        }
        for id in RECIPE_IDS {
            assert!(help.contains(id), "{id}");
        }
    }

    #[test]
    fn flags_fill_their_fields_and_hyphen_values_pass_with_equals() {
        let cli = Cli::try_parse_from([
            "guestlens",
            "commands",
            "guest-state",
            "--object-id",
            "x",
            "--email=-ann@contoso.com",
            "--json",
        ])
        .unwrap();
        let Cmd::Commands(c) = cli.command else {
            panic!("not commands")
        };
        assert_eq!(c.recipe, RecipeId::GuestState);
        assert!(c.json);
        assert_eq!(c.fields.0.object_id.as_deref(), Some("x"));
        assert_eq!(c.fields.0.email.as_deref(), Some("-ann@contoso.com"));
        assert_eq!(c.fields.0.upn, None);
    }
}
