//! One recipe card: where to run it, with which role, what it changes, and its commands in one dialect.
use yew::prelude::*;

use super::source_links::source_links;

use super::copy_button::copy_button;
use super::fixed;
use crate::browser;
use guestlens_analysis::commands::{Cloud, Field, Recipe, Side, rest_text};

/// The ways a recipe is written; the Commands tab shows one at a time to stay short.
#[derive(Clone, Copy, PartialEq)]
pub enum Dialect {
    PowerShell,
    Rest,
    Cli,
    /// The Azure CLI commands quoted for PowerShell.
    CliPowerShell,
}

impl Dialect {
    pub const ALL: [Dialect; 4] = [
        Dialect::PowerShell,
        Dialect::Rest,
        Dialect::Cli,
        Dialect::CliPowerShell,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Dialect::PowerShell => "PowerShell",
            Dialect::Rest => "Graph REST",
            Dialect::Cli => "Azure CLI (bash, zsh)",
            Dialect::CliPowerShell => "Azure CLI (PowerShell)",
        }
    }
}

/// A plain function, not a component: the cards are rebuilt whenever an input changes anyway,
/// and a component's props and lifecycle would cost bytes for nothing.
pub fn recipe_card(r: &Recipe, suggested: bool, dialect_shown: Dialect) -> Html {
    let head_id = format!("recipe-{}-title", r.id.id());
    let (side, tenant_field) = match r.tenant {
        Side::Home => ("The guest's home tenant", "Home tenant"),
        Side::Resource => (
            "The resource tenant (the one the guest signs in to)",
            "Resource tenant",
        ),
    };
    let blocked = !r.problems.is_empty();
    let (badge, kind) = match (blocked, r.writes) {
        (true, _) => ("badge bad", "needs input"),
        (false, true) => ("badge warn", "changes something"),
        (false, false) => ("badge ok", "read-only"),
    };
    let tenant = match (&r.tenant_id, blocked) {
        (Some(t), _) => html! { <>{ ": " }<code>{ t }</code></> },
        (None, false) => {
            html! { <span class="muted">{ format!(" (fill in {tenant_field} to pin it)") }</span> }
        }
        (None, true) => html! {},
    };
    let body = if blocked {
        html! {
            <div class="notice blocked">
                // Constant markup written here, never input (see `widgets::fixed`).
                { fixed("<strong>No commands yet:</strong>") }
                <ul>{ for r.problems.iter().map(|p| {
                    let target = format!("cmd-{}", p.field);
                    // Named after its field, the visible word first: a screen reader lists several
                    // "Edit" buttons.
                    let label = Field::ALL
                        .iter()
                        .find(|f| f.key() == p.field)
                        .map_or(p.field.as_str(), |f| f.label());
                    html! { <li>{ &p.message }
                        if p.field != "recipe" {
                            <button type="button" class="quiet" onclick={move |_| browser::focus(&target)}>{ "Edit" }<span class="visually-hidden">{ format!(" {label}") }</span></button>
                        }
                    </li> }
                }) }</ul>
            </div>
        }
    } else {
        html! {
            <>
                if r.writes {
                    // Constant markup written here, never input (see `widgets::fixed`).
                    { fixed(r#"<p class="notice warn">Run the checks first and read their output. The changing step comes last: in PowerShell it carries -WhatIf, which only shows what it would do; in Azure CLI it is commented out. Remove -WhatIf or the '# ' only when you are sure.</p>"#) }
                }
                { dialect(r, dialect_shown) }
                { list("Caveats", &r.caveats) }
                { list("Notes", &r.notes) }
                { source_links(&r.sources, Some("Sources")) }
            </>
        }
    };
    html! {
        <article key={r.id.id()} class="recipe" id={format!("recipe-{}", r.id.id())} aria-labelledby={head_id.clone()}>
            <div class="recipe-head">
                <h3 id={head_id}>{ &r.title }</h3>
                <code class="recipe-id">{ r.id.id() }</code>
                // Constant markup written here, never input (see `widgets::fixed`).
                if suggested { { fixed(r##"<span class="badge">suggested</span>"##) } }
                <span CLASS={badge}>{ kind }</span>
            </div>
            <dl class="recipe-facts">
                { fact("Run in", html! { <>{ side }{ tenant }</> }) }
                if !blocked {
                    { fact("Least role", html! { &r.role }) }
                    { fact("Permissions", html! { <code>{ r.permissions.join(", ") }</code> }) }
                    { fact("Changes", html! { &r.changes }) }
                    if r.cloud != Cloud::Global {
                        { fact("Cloud", html! { r.cloud.label() }) }
                    }
                }
            </dl>
            { body }
        </article>
    }
}

fn fact(label: &str, value: Html) -> Html {
    html! { <div><dt>{ label }</dt><dd>{ value }</dd></div> }
}

/// A labelled code box with a copy button; long lines scroll inside the box.
fn code(label: String, copy_label: String, text: String) -> Html {
    html! {
        <div class="cmd-block">
            <div class="cmd-block-head"><span>{ label }</span>{ copy_button(text.clone().into(), copy_label.into()) }</div>
            // A line per block, so a wrapped line continues indented and reads as one line.
            <pre class="cmd-code" tabindex="0"><code>
                { for text.lines().map(|l| html! { <span class="ln">{ line(l) }{ "\n" }</span> }) }
            </code></pre>
        </div>
    }
}

/// A command line that never wraps at a hyphen: on a phone, `-` at a line's end and `Property`
/// on the next read as two words. A short hyphenated word (`Get-MgUser`, `-Filter`) is kept
/// whole; in a longer one each hyphen is kept with the character after it, so the word wraps (if
/// it must) elsewhere. The spans only style: the text, and what is copied, is unchanged.
fn line(l: &str) -> Html {
    if !l.contains('-') {
        return html! { l };
    }
    let mut parts = Vec::new();
    let mut rest = l;
    while !rest.is_empty() {
        let word_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let (word, after) = rest.split_at(word_end);
        let space_end = after
            .find(|c: char| !c.is_whitespace())
            .unwrap_or(after.len());
        let (space, next) = after.split_at(space_end);
        if !word.contains('-') {
            parts.push(html! { word });
        } else if word.len() <= 24 {
            parts.push(html! { <span class="nw">{ word }</span> });
        } else {
            let mut piece = word;
            while let Some(at) = piece.find('-') {
                let (before, from) = piece.split_at(at);
                // The hyphen and the character after it (hyphens run together: `--query`).
                let keep = from
                    .char_indices()
                    .find(|&(_, c)| c != '-')
                    .map_or(from.len(), |(i, c)| i + c.len_utf8());
                let (kept, after) = from.split_at(keep);
                if !before.is_empty() {
                    parts.push(html! { before });
                }
                parts.push(html! { <span class="nw">{ kept }</span> });
                piece = after;
            }
            if !piece.is_empty() {
                parts.push(html! { piece });
            }
        }
        if !space.is_empty() {
            parts.push(html! { space });
        }
        rest = next;
    }
    parts.into_iter().collect()
}

fn dialect(r: &Recipe, d: Dialect) -> Html {
    match d {
        Dialect::PowerShell => code(
            "PowerShell (Microsoft Graph PowerShell SDK v2)".into(),
            format!("Copy PowerShell: {}", r.title),
            r.powershell.clone(),
        ),
        Dialect::Cli => code(
            "Azure CLI (POSIX shell)".into(),
            format!("Copy Azure CLI: {}", r.title),
            r.az.clone(),
        ),
        Dialect::CliPowerShell => code(
            "Azure CLI (PowerShell 5.1 or 7)".into(),
            format!("Copy Azure CLI for PowerShell: {}", r.title),
            r.az_powershell.clone(),
        ),
        Dialect::Rest => {
            // The first call and the further ones in one loop, without a `Chain`.
            let mut calls = vec![&r.rest];
            for c in &r.rest_steps {
                calls.push(c);
            }
            let mut out: Vec<Html> = Vec::new();
            for (i, c) in calls.into_iter().enumerate() {
                out.push(code(
                    format!("{}. {}", i + 1, c.label),
                    format!("Copy REST call {}: {}", i + 1, c.label),
                    rest_text(c),
                ));
            }
            html! { { for out } }
        }
    }
}

fn list(head: &str, items: &[String]) -> Html {
    if items.is_empty() {
        return html! {};
    }
    html! {
        <div class="recipe-list">
            <h4>{ head }</h4>
            <ul>{ for items.iter().map(|i| html! { <li>{ i }</li> }) }</ul>
        </div>
    }
}
