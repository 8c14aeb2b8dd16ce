//! `guestlens commands RECIPE [--email …] … [--json]`: prints one recipe.

/// Runs the subcommand; `Ok` is what to print, `Err` a message for standard error.
pub fn run(_args: &[String]) -> Result<String, String> {
    Err("not yet".into())
}
