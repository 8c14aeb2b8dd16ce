//! The Policy tool: how much of the cross-tenant access policy's 25,600 bytes is used, and by what.
use yew::prelude::*;

use super::Shared;
use super::widgets::{
    diagnostics::diagnostics,
    file_drop::{file_drop, use_file_drop},
    fixed,
    gauge::{gauge, grouped, percent},
    paste_box::PasteBox,
    script_block::script_block,
};
use super::{part, readings};
use guestlens_analysis::Reading;
use guestlens_analysis::policy::{Note, PartKind, PolicyReport, Provenance};

/// Rows per table and findings listed; the rest are summed up in one line, so a policy with
/// thousands of partners renders as fast as a small one.
const SHOWN: usize = 10;

#[derive(Properties, PartialEq)]
pub struct PolicyTabProps {
    /// The box's text, shared with the App (compared by allocation: it may be megabytes).
    pub text: Shared<str>,
    pub on_input: Callback<String>,
    /// The policy the case found in another source, shown while this box is empty.
    #[prop_or_default]
    pub found: Option<Shared<Option<PolicyReport>>>,
}

#[component]
pub fn PolicyTab(props: &PolicyTabProps) -> Html {
    let drop = use_file_drop();
    // The App reads a big paste in tasks before it sets it; its kept reading holds the report.
    let part_state = use_context::<part::State>();
    let report = use_memo((props.text.clone(), part_state), |(t, _)| {
        let ready = part::need()?;
        Some(
            readings::of(&t.0)
                .as_deref()
                .and_then(Reading::policy)
                .cloned()
                .unwrap_or_else(|| part::gated::analyze_policy(ready, &t.0)),
        )
    });
    let paste = file_drop(
        "policy-file",
        ".json,.txt",
        &props.on_input,
        &drop,
        html! {
            <PasteBox id="policy-input" label="Cross-tenant access policy JSON"
                hint="Paste the response of GET /beta/policies/crossTenantAccessPolicy, or open the saved file. Measured in this page only."
                value={props.text.clone()} on_input={props.on_input.clone()} />
        },
    );
    // Constant markup written here, never input (see `widgets::fixed`).
    let title = fixed(r#"<h2 class="tool-title">Policy budget</h2>"#);
    // One shape whether the analysis part has arrived or not: the paste box keeps its place (and
    // its element) when the part arrives in the middle of an edit.
    let (body, scripts) = match report.as_ref() {
        None => (part::waiting(), Html::default()),
        Some(report) => {
            let empty = props.text.trim().is_empty();
            let found = props
                .found
                .as_ref()
                .and_then(|f| f.0.as_ref().as_ref())
                .filter(|_| empty);
            let shown = found.unwrap_or(report);
            let body = match found {
                Some(f) => html! {
                    <>
                        // Constant markup written here, never input (see `widgets::fixed`).
                        { fixed(r#"<p class="found">Found in another source of this case (the Case view lists them).</p>"#) }
                        { results(f) }
                    </>
                },
                None if empty => intro(),
                None => results(report),
            };
            let scripts = html! {
                <>
                    // Constant markup written here, never input (see `widgets::fixed`).
                    { fixed("<h3>Measure and read it yourself</h3>") }
                    { script_block("policy-measure", "Measuring script (PowerShell)", shown.measure_script.into()) }
                    { script_block("policy-read", "Read commands (Graph PowerShell)", shown.read_commands.clone().into()) }
                </>
            };
            (body, scripts)
        }
    };
    html! {
        <>
            { title }
            { paste }
            { body }
            { scripts }
        </>
    }
}

fn intro() -> Html {
    // Constant markup written here, never input (see `widgets::fixed`).
    fixed(concat!(
        r#"<div class="intro policy-intro"><h3>What to paste, and why</h3>"#,
        "<p>Saving cross-tenant access settings fails with <q>Failure to update policy due to object limit</q>",
        " when the policy object reaches its 25 KB limit (25,600 bytes). Paste the response of ",
        "<code>GET https://graph.microsoft.com/beta/policies/crossTenantAccessPolicy</code>",
        " (Graph Explorer, or the read commands below) to see how much is used, which partners and lists use it, and what can go, with what to check before each change.</p>",
        "<p>A partners list, one partner or the default settings work too, as a partial count.</p></div>",
    ))
}

fn results(r: &PolicyReport) -> Html {
    // The JSON error has its own alert; the core leaves its diagnostic out of this list.
    let listed = r.listed_diagnostics();
    let compact_note = if r.bytes_compact.is_some() {
        "The same JSON without indentation or line breaks."
    } else {
        "Not known until the text reads as JSON."
    };
    html! {
        <div class="results policy">
            if let Some(e) = &r.json_error {
                <p class="notice error" role="alert">
                    <strong>{ format!("Not valid JSON at line {}, column {}: ", e.line, e.column) }</strong>{ &e.message }
                </p>
            }
            <div class="gauges" aria-live="polite">
                { gauge("policy-meter", "As pasted", Some(r.measured_bytes), r.limit,
                    "UTF-8 bytes of the text exactly as pasted: what Microsoft's procedure counts.") }
                { gauge("policy-meter-compact", "As compact JSON", r.bytes_compact, r.limit, compact_note) }
            </div>
            <p class="meta procedure">
                { format!("Microsoft's procedure (save the whole beta response, count its UTF-8 bytes) reports {} bytes when this text is that saved file, unchanged.", grouped(r.microsoft_procedure_bytes)) }
                if r.microsoft_snippet_bytes != r.microsoft_procedure_bytes {
                    { format!(" Its sample script joins the file's lines with spaces and would print {} [inference]; the measuring script below counts as saved.", grouped(r.microsoft_snippet_bytes)) }
                }
            </p>
            // Constant markup written here, never input (see `widgets::fixed`).
            <p class="measured">{ fixed(r##"<strong>Measured: </strong>"##) }{ r.measured_object }</p>
            if let Some(w) = r.partial_warning {
                <p class="notice warn">{ w }</p>
            }
            { diagnostics(&listed) }
            { partners(r) }
            { parts(r) }
            { findings(r) }
            <details class="storage">
                // Constant markup written here, never input (see `widgets::fixed`).
                { fixed(r#"<summary>About the "object limit" error and the 2023 storage change</summary>"#) }
                { for r.storage_note.iter().map(sourced) }
            </details>
        </div>
    }
}

/// A storage-note paragraph, its provenance shown as a badge.
fn sourced(note: &Note) -> Html {
    let class = match note.provenance {
        Provenance::Unverified => "badge warn",
        Provenance::MicrosoftArticle | Provenance::Inference => "badge",
    };
    html! {
        <p><span CLASS={class}>{ note.provenance.label() }</span>{ " " }{ note.text }</p>
    }
}

/// A capped table of parts and their bytes, biggest first. `rows` are (name, notes, bytes);
/// `more` is the line about the rows left out, or empty.
fn byte_table(
    class: &'static str,
    caption: String,
    heads: [&'static str; 2],
    rows: Vec<(&str, Html, usize)>,
    total: usize,
    more: String,
) -> Html {
    html! {
        <div class="table-wrap">
            <table CLASS={class}>
                <caption>{ caption }</caption>
                <thead><tr>
                    <th scope="col">{ heads[0] }</th><th scope="col" class="num">{ "Bytes" }</th>
                    <th scope="col" class="num">{ "Share" }</th><th scope="col">{ heads[1] }</th>
                </tr></thead>
                <tbody>
                    { for rows.into_iter().map(|(name, notes, bytes)| html! {
                        <tr>
                            <th scope="row"><code>{ name }</code></th>
                            <td class="num">{ grouped(bytes) }</td>
                            <td class="num">{ percent(bytes, total) }{ "%" }</td>
                            <td>{ notes }</td>
                        </tr>
                    }) }
                </tbody>
                if !more.is_empty() {
                    <tfoot><tr><td colspan="4">{ more }</td></tr></tfoot>
                }
            </table>
        </div>
    }
}

fn partners(r: &PolicyReport) -> Html {
    let (shown, rest) = r.partner_rows.split_at(SHOWN.min(r.partner_rows.len()));
    if shown.is_empty() {
        return html! {};
    }
    let rows = shown
        .iter()
        .map(|p| {
            let notes = html! {
                <>
                    if p.targets > 0 { { format!("{} {} ", grouped(p.targets), if p.targets == 1 { "target" } else { "targets" }) } }
                    // Constant markup written here, never input (see `widgets::fixed`).
                    if p.inherits_all { { fixed(r##"<span class="badge">inherits all</span> "##) } }
                    // Constant markup written here, never input (see `widgets::fixed`).
                    if p.in_definition { { fixed(r##"<span class="badge">in definition</span>"##) } }
                </>
            };
            (p.tenant_id.as_str(), notes, p.bytes)
        })
        .collect();
    let more = if rest.is_empty() {
        String::new()
    } else {
        let bytes: usize = rest.iter().map(|p| p.bytes).sum();
        format!(
            "{} more partners, {} bytes in all.",
            grouped(rest.len()),
            grouped(bytes)
        )
    };
    byte_table(
        "bytes partners",
        format!("Partner tenants ({}), biggest first", grouped(r.partners)),
        ["Tenant ID", "Notes"],
        rows,
        r.bytes_compact.unwrap_or(0),
        more,
    )
}

/// Sections, target lists and definition strings; partners have their own table.
fn parts(r: &PolicyReport) -> Html {
    let mut all = Vec::new();
    for b in &r.breakdown {
        if b.kind != PartKind::Partner {
            all.push(b);
        }
    }
    let (shown, rest) = all.split_at(SHOWN.min(all.len()));
    if shown.is_empty() {
        return html! {};
    }
    let rows = shown
        .iter()
        .map(|b| (b.path.as_str(), html! { { b.kind.label() } }, b.bytes))
        .collect();
    // Parts nest, so a sum of their bytes would count some twice; the core's omitted rows are
    // all smaller than the kept ones.
    let hidden = rest.len() + r.breakdown_omitted;
    let more = if hidden == 0 {
        String::new()
    } else {
        format!("{} smaller parts not shown.", grouped(hidden))
    };
    byte_table(
        "bytes parts",
        "Sections and target lists, biggest first (they nest)".into(),
        ["Part", "Kind"],
        rows,
        r.bytes_compact.unwrap_or(0),
        more,
    )
}

fn findings(r: &PolicyReport) -> Html {
    if r.bytes_compact.is_none() {
        return html! {};
    }
    let (shown, rest) = r.findings.split_at(SHOWN.min(r.findings.len()));
    let hidden = rest.len() + r.findings_omitted;
    html! {
        <section class="findings" aria-labelledby="policy-findings">
            // Constant markup written here, never input (see `widgets::fixed`).
            { fixed(r#"<h3 id="policy-findings">What frees bytes</h3>"#) }
            if shown.is_empty() {
                // Constant markup written here, never input (see `widgets::fixed`).
                { fixed("<p>Nothing found that can go without changing behaviour.</p>") }
            } else {
                // Constant markup written here, never input (see `widgets::fixed`).
                { fixed(r#"<p class="meta">Biggest first. Changes can overlap, so the bytes freed don't add up.</p>"#) }
                <ol>
                    { for shown.iter().map(|f| html! {
                        <li class="finding">
                            <span class="freed">{ format!("{} bytes", grouped(f.bytes_freed)) }</span>
                            <span>{ &f.message }</span>
                            // The message names a single path already; the details add tenants or further paths.
                            if !f.tenant_ids.is_empty() || f.paths.len() > 1 {
                                <details>
                                    // Constant markup written here, never input (see `widgets::fixed`).
                                    { fixed(r##"<summary>Where</summary>"##) }
                                    if !f.tenant_ids.is_empty() {
                                        <p class="ids tenants">{ "Tenant IDs: " }{ for f.tenant_ids.iter().map(|t| html! { <><code>{ t }</code>{ " " }</> }) }</p>
                                    }
                                    <p class="ids">{ "Paths: " }{ for f.paths.iter().map(|p| html! { <><code>{ p }</code>{ " " }</> }) }</p>
                                </details>
                            }
                        </li>
                    }) }
                </ol>
                if hidden > 0 {
                    <p class="meta">{ format!("{} smaller findings not shown.", grouped(hidden)) }</p>
                }
            }
        </section>
    }
}
