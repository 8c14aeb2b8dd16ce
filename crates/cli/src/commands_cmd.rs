//! `guestlens commands RECIPE [--email …] … [--json]`: prints one recipe.
use guestlens_analysis::commands::{Inputs, RECIPE_IDS, render, to_text};

fn usage() -> String {
    format!(
        "usage: guestlens commands RECIPE [--email E] [--upn U] [--object-id ID] [--tenant T]\n\
         \x20                          [--home-tenant T] [--app-id ID] [--correlation-id ID]\n\
         \x20                          [--code N] [--days N] [--json]\n\
         recipes: {}",
        RECIPE_IDS.join(", ")
    )
}

/// Runs the subcommand; `Ok` is what to print, `Err` a message for standard error.
pub fn run(args: &[String]) -> Result<String, String> {
    let mut recipe: Option<&str> = None;
    let mut inputs = Inputs::default();
    let mut json = false;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        // Both `--email x` and `--email=x`; the second form lets a value start with '-'.
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v)),
            _ => (arg.as_str(), None),
        };
        let slot = match flag {
            "--json" if inline.is_none() => {
                json = true;
                continue;
            }
            "-h" | "--help" => return Ok(usage()),
            "--email" => &mut inputs.email,
            "--upn" => &mut inputs.upn,
            "--object-id" => &mut inputs.object_id,
            "--tenant" => &mut inputs.tenant,
            "--home-tenant" => &mut inputs.home_tenant,
            "--app-id" => &mut inputs.app_id,
            "--correlation-id" => &mut inputs.correlation_id,
            "--code" => &mut inputs.code,
            "--days" => &mut inputs.days,
            f if f.starts_with('-') => return Err(format!("unknown option {f}\n{}", usage())),
            _ if recipe.is_none() => {
                recipe = Some(arg);
                continue;
            }
            _ => return Err(format!("unexpected argument {arg}\n{}", usage())),
        };
        let value = match inline {
            Some(v) => v,
            None => it.next().ok_or_else(|| format!("{flag} needs a value"))?,
        };
        *slot = Some(value.to_owned());
    }
    let id = recipe.ok_or_else(|| format!("commands needs a RECIPE\n{}", usage()))?;
    let r = render(id, &inputs).map_err(|problems| {
        let lines: Vec<String> = problems.iter().map(|p| p.message.clone()).collect();
        format!("cannot write {id}:\n{}", lines.join("\n"))
    })?;
    if json {
        serde_json::to_string_pretty(&r).map_err(|e| format!("writing JSON: {e}"))
    } else {
        Ok(to_text(&r))
    }
}
