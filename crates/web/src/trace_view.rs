//! The sign-in trace view: a HAR source's identity hops with failures at their hop, tokens found, noise folded, and a sanitized copy to download.
use std::cell::Cell;
use std::rc::Rc;

use guestlens_analysis::Report;
use guestlens_analysis::case::trace::{TraceReport, TraceToken};
use guestlens_analysis::entra::apps;
use guestlens_analysis::errors::Failure;
use guestlens_analysis::token::AccountKind;
use guestlens_analysis::trace::{HopKind, Noise, Options, Place, Removal, RemovalKind, keep};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::widgets::failure_card::id_rows;
use crate::widgets::gauge::grouped;
use crate::widgets::source_links::source_links;
use crate::widgets::{code_row, fixed};
use crate::{Shared, browser};

/// Bytes sanitized between two yields to the browser: small enough that one slice takes a
/// fraction of a second on a slow machine, large enough that yielding costs little.
pub const SLICE_BYTES: usize = 1 << 19;

#[derive(Properties, PartialEq)]
pub struct TraceViewProps {
    pub report: Shared<Report>,
    /// The text of the HAR source `report.trace` was read from (for the sanitized copy).
    pub text: Option<Rc<str>>,
    /// Or the file it was read from piece by piece: the copy reads it again the same way.
    #[prop_or_default]
    pub file: Option<web_sys::File>,
    /// That source's name; the download is `<name>-sanitized.har`.
    pub name: AttrValue,
}

/// Where the sanitizer is.
#[derive(Clone, PartialEq)]
enum Run {
    Idle,
    Running { done: usize, total: usize },
    Done(Rc<Done>),
    Cancelled,
    Failed(String),
}

/// A finished run: what was removed, grouped, and the file offered.
#[derive(PartialEq)]
struct Done {
    file: String,
    bytes: usize,
    downloaded: bool,
    total: usize,
    groups: Vec<(RemovalKind, Place, usize)>,
}

#[component]
pub fn TraceView(props: &TraceViewProps) -> Html {
    let options = use_state_eq(Options::default);
    let run = use_state(|| Run::Idle);
    // The running slice loop reads this after every yield; a new run gets a new flag.
    let cancel = use_mut_ref(|| Rc::new(Cell::new(false)));
    {
        let cancel = cancel.clone();
        use_effect_with((), move |_| move || cancel.borrow().set(true));
    }
    let Some(t) = props.report.trace.as_ref() else {
        return html! {};
    };
    // Gathered in plain loops: a `filter` collect brings an iterator's code per use.
    let mut failures: Vec<&Failure> = Vec::new();
    for f in &props.report.errors {
        if f.source == t.source && f.hop.is_some() {
            failures.push(f);
        }
    }

    let head = html! {
        <h3 id="trace-title">{ "Sign-in trace" }<span class="trace-name">{ " · " }{ props.name.clone() }</span></h3>
    };
    if let Some(problem) = &t.problem {
        return html! {
            <section class="trace" aria-labelledby="trace-title">
                { head }
                <div class="notice error trace-problem" role="alert">
                    <p>{ problem.clone() }</p>
                    // Constant markup written here, never input (see `widgets::fixed`).
                    { fixed("<p>GuestLens read it as plain text instead, so no sign-in steps are shown and no sanitized copy can be made. Save the HAR again from the browser's developer tools (Network, \"Save all as HAR\") and add it once more.</p>") }
                </div>
            </section>
        };
    }

    let at_hop = |entry: usize| -> Vec<&Failure> {
        let mut here = Vec::new();
        for f in &failures {
            if f.hop == Some(entry) {
                here.push(*f);
            }
        }
        here
    };
    let mut elsewhere: Vec<&Failure> = Vec::new();
    for f in &failures {
        if !t.hops.iter().any(|h| f.hop == Some(h.entry)) {
            elsewhere.push(*f);
        }
    }
    let hops = t.hops.iter().map(|h| {
        let here = at_hop(h.entry);
        // A refused call that a later retry made work is shown, but not as what failed.
        let call = h.kind == HopKind::ApiCall;
        let api = h.refused();
        let failed = api || !here.is_empty();
        let app = h
            .client_id
            .as_deref()
            .map(|id| match apps::name(id) {
                Some(n) => format!("{n} ({id})"),
                None => id.to_owned(),
            });
        let mut rows: Vec<Html> = Vec::new();
        for (label, v) in [
            ("Tenant", h.tenant.clone()),
            ("App (client_id)", app),
            ("response_type", h.response_type.clone()),
            ("response_mode", h.response_mode.clone()),
            ("prompt", h.prompt.clone()),
            ("login_hint (masked)", h.login_hint.clone()),
            ("domain_hint", h.domain_hint.clone()),
            ("redirect_uri", h.redirect_uri.clone()),
            ("Redirected to", h.redirected_to.clone()),
            (if call { "Request ID" } else { "Request ID (x-ms-request-id)" }, h.request_id.clone()),
            ("client-request-id", h.client_request_id.clone()),
            (if call { "API error" } else { "OAuth error" }, h.error.clone()),
            ("Message", h.message.clone()),
        ] {
            if let Some(v) = v {
                rows.push(code_row(label, &v, Html::default()));
            }
        }
        // The API a refused call was made to, when the token it carried was meant for another.
        let not_for = if api { t.sent_to_another_api(h) } else { None };
        if api && let Some(k) = t.token_at(h.entry) {
            let from = if k.hop == h.entry { "this request".to_owned() } else { format!("request {}", k.hop + 1) };
            let whence = format!(" · the {} of {from} · expires {}", k.field.label(),
                k.token.expires_at.as_deref().unwrap_or("?"));
            rows.push(code_row("Token sent, issued for", &audience(k), html! { { whence } }));
        }
        let took = (h.time_ms >= 0).then(|| format!("{} ms", grouped(h.time_ms as usize)));
        let status_class = if failed || h.status >= 400 || h.status <= 0 {
            "badge hop-status bad"
        } else if (300..400).contains(&h.status) {
            "badge hop-status warn"
        } else {
            "badge hop-status ok"
        };
        let status = if h.status <= 0 {
            "no response".to_owned()
        } else {
            h.status.to_string()
        };
        html! {
            <li CLASS={if failed { "hop failed" } else { "hop" }} id={format!("trace-hop-{}", h.entry)}
                data-entry={h.entry.to_string()}>
                <h5 class="hop-head">
                    <time datetime={h.started.clone()}>{ clock(&h.started) }</time>
                    <span class="hop-kind">{ kind_label(h.kind) }</span>
                    <code class="hop-method">{ h.method.clone() }</code>
                    <code class="hop-url">{ format!("{}{}", h.host, h.path) }</code>
                    <span CLASS={status_class}>{ status }</span>
                    // Constant markup written here, never input (see `widgets::fixed`).
                    if failed { { fixed(r##"<span class="badge bad">failed here</span>"##) } }
                </h5>
                <p class="hop-meta">{ format!("Request {} of the trace", h.entry + 1) }
                    if let Some(took) = took { { " · took " }{ took } }</p>
                if !rows.is_empty() { <dl class="hop-details">{ for rows }</dl> }
                { for here.iter().map(|f| failure_block(f)) }
                if api { { refusal_block(h.status, h.error.as_deref(), not_for) } }
                if let Some(ok) = h.recovered {
                    <p class="hint">{ "The same call succeeded afterwards, at " }{ request_link(t, ok, "request") }
                        { " (retried, for example with a new token): not what failed in the end." }</p>
                }
            </li>
        }
    });
    let n_fail = failures.len();
    let refused = t.refused_calls();

    html! {
        <section class="trace" aria-labelledby="trace-title">
            { head }
            <p class="trace-summary">
                { format!("{} requests: {} identity {}, {} hidden as noise", grouped(t.entries), t.hops.len(),
                    if t.hops.len() == 1 { "step" } else { "steps" }, grouped(t.noise_total)) }
                if n_fail > 0 {
                    { format!("; {} {} found in the trace.", n_fail, if n_fail == 1 { "failure" } else { "failures" }) }
                } else if refused > 0 {
                    { format!("; no sign-in failure, but {} to an API {} refused.", if refused == 1 { "1 call".to_owned() } else { format!("{refused} calls") },
                        if refused == 1 { "was" } else { "were" }) }
                } else {
                    { "; no failure found in the trace." }
                }
            </p>
            // Constant markup written here, never input (see `widgets::fixed`).
            { fixed(r#"<h4 id="trace-hops-title">Identity steps, in order</h4>"#) }
            if t.hops.is_empty() {
                // Constant markup written here, never input (see `widgets::fixed`).
                { fixed(r#"<p class="hint">No request to a sign-in host or an app's redirect URI is in this trace. Was it recorded from the start of the sign-in, with "Preserve log" on?</p>"#) }
            } else {
                <ol class="trace-hops" aria-labelledby="trace-hops-title">{ for hops }</ol>
            }
            if !elsewhere.is_empty() {
                // Constant markup written here, never input (see `widgets::fixed`).
                { fixed("<h4>Failures outside these steps</h4>") }
                <ul class="trace-elsewhere">
                    { for elsewhere.iter().map(|f| html! {
                        <li>{ f.hop.map(|e| format!("Request {} of the trace: ", e + 1)).unwrap_or_default() }{ failure_block(f) }</li>
                    }) }
                </ul>
            }
            { noise(&t.noise, t.noise_total) }
            { tokens(t) }
            { sanitize_panel(&SanitizePanelProps { input: input(props), name: props.name.clone(), options: options.clone(), run: run.clone(), cancel: cancel.clone() }) }
        </section>
    }
}

/// `10:20:30.000` out of `2024-05-01T10:20:30.000Z`; the whole text when it has no `T`.
fn clock(started: &str) -> String {
    started
        .split_once('T')
        .map(|(_, t)| t.trim_end_matches('Z'))
        .unwrap_or(started)
        .to_owned()
}

fn kind_label(kind: HopKind) -> &'static str {
    match kind {
        HopKind::Authorize => "Authorize",
        HopKind::Token => "Token endpoint",
        HopKind::GetCredentialType => "Home realm discovery (GetCredentialType)",
        HopKind::Login => "Password sign-in",
        HopKind::Kmsi => "Stay signed in?",
        HopKind::Mfa => "Multifactor authentication",
        HopKind::Saml => "SAML",
        HopKind::WsFed => "WS-Federation",
        HopKind::FederatedIdp => "Federated identity provider",
        HopKind::RedirectUri => "The app's redirect URI",
        HopKind::SignInOther => "Sign-in page",
        HopKind::ApiCall => "API call refused",
    }
}

/// Why an API refused the token sent with a call, and where to look next (cited). `not_for`
/// names the API called when the token was meant for another: that is then the likely cause.
fn refusal_block(status: i64, error: Option<&str>, not_for: Option<&'static str>) -> Html {
    let why = guestlens_analysis::trace::refusal(status, error);
    html! {
        <div class="trace-failure" role="group" aria-label="Why the call was refused">
            if let Some(api) = not_for {
                <p class="trace-failure-head">
                    // Constant markup written here, never input (see `widgets::fixed`).
                    { fixed("<strong>Likely cause: </strong>") }
                    { format!("the token sent was issued for another API, not for {api}, the API this request called. Ask for a token for {api}.") }
                </p>
            }
            <p class="trace-failure-message">{ why.meaning }</p>
            // Constant markup written here, never input (see `widgets::fixed`).
            <p>{ fixed("<strong>Next: </strong>") }{ why.next }</p>
            { source_links(why.sources, None) }
        </div>
    }
}

/// A failure where it happened: codes, message and the IDs support asks for.
fn failure_block(f: &Failure) -> Html {
    let codes: Vec<Html> = f
        .codes
        .iter()
        .map(|c| html! { <span class="badge bad">{ format!("AADSTS{c}") }</span> })
        .collect();
    let ids = id_rows(f);
    html! {
        <div class="trace-failure" role="group" aria-label="The failure">
            // Constant markup written here, never input (see `widgets::fixed`).
            <p class="trace-failure-head">{ fixed(r##"<strong>Failed: </strong>"##) }{ for codes }
                if let Some(e) = &f.error { { " " }<code>{ e.clone() }</code> }
                if let Some(n) = &f.name { { " " }{ n.clone() } }</p>
            if let Some(m) = &f.message { <p class="trace-failure-message">{ m.clone() }</p> }
            if !ids.is_empty() { <dl class="ids">{ for ids }</dl> }
            // Constant markup written here, never input (see `widgets::fixed`).
            { fixed(r##"<p><a href="#error">What it means and who fixes it</a></p>"##) }
        </div>
    }
}

/// The folded requests, countable per kind.
fn noise(n: &Noise, total: usize) -> Html {
    if total == 0 {
        return html! {};
    }
    let kinds = [
        (n.scripts, "script", "scripts"),
        (n.styles, "style sheet", "style sheets"),
        (n.images, "image", "images"),
        (n.fonts, "font", "fonts"),
        (n.telemetry, "telemetry request", "telemetry requests"),
        (n.other, "other request", "other requests"),
    ];
    let mut items: Vec<Html> = Vec::new();
    for (c, one, many) in kinds {
        if c > 0 {
            items.push(html! { <li>{ format!("{} {}", grouped(c), if c == 1 { one } else { many }) }</li> });
        }
    }
    html! {
        <details class="trace-noise">
            <summary>{ format!("{} {} hidden (scripts, images, fonts, telemetry and the like)", grouped(total),
                if total == 1 { "request" } else { "requests" }) }</summary>
            <ul>
                { for items }
            </ul>
        </details>
    }
}

/// Tokens found in the trace: where, and what they are for; never their text.
fn tokens(t: &TraceReport) -> Html {
    if t.tokens.is_empty() {
        return html! {};
    }
    let row = |k: &TraceToken| {
        html! {
            <tr>
                <td><code>{ k.field.label() }</code></td>
                <td>{ k.piece.label() }</td>
                <td>{ request_link(t, k.hop, "Request") }
                    { for k.also_at.iter().map(|e| html! {
                        <>{ ", sent again with " }{ request_link(t, *e, "request") }</>
                    }) }</td>
                <td>{ who(k) }</td>
                <td>{ audience(k) }</td>
                <td>{ k.token.expires_at.clone().unwrap_or_default() }</td>
            </tr>
        }
    };
    html! {
        <>
            // Constant markup written here, never input (see `widgets::fixed`).
            { fixed(concat!(
                r#"<h4 id="trace-tokens-title">Tokens in the trace</h4>"#,
                r#"<p class="hint">Decoded in this page; the token text itself is never shown here. Anyone holding this HAR holds these tokens: share only the sanitized copy.</p>"#,
            )) }
            <table class="trace-tokens" aria-labelledby="trace-tokens-title">
                <thead><tr><th scope="col">{ "Token" }</th><th scope="col">{ "Found in" }</th>
                    <th scope="col">{ "Request" }</th><th scope="col">{ "Who" }</th><th scope="col">{ "For" }</th><th scope="col">{ "Expires" }</th></tr></thead>
                <tbody>{ for t.tokens.iter().map(row) }</tbody>
            </table>
        </>
    }
}

/// "Request N", a link to its step when the entry is one (a folded request has no step).
fn request_link(t: &TraceReport, entry: usize, word: &str) -> Html {
    let text = format!("{word} {}", entry + 1);
    if t.hops.iter().any(|h| h.entry == entry) {
        html! { <a href={format!("#trace-hop-{entry}")}>{ text }</a> }
    } else {
        html! { { text } }
    }
}

/// The API a trace token is for: its name when known, else its `aud`.
fn audience(k: &TraceToken) -> String {
    k.token
        .audience_name
        .clone()
        .or_else(|| k.token.audience.clone())
        .unwrap_or_default()
}

/// Whose a trace token is: its address, or that no person signed in.
fn who(k: &TraceToken) -> String {
    if k.token.account_kind == AccountKind::App {
        return "An app (no person)".to_owned();
    }
    k.token
        .email
        .clone()
        .or_else(|| k.token.upn.clone())
        .unwrap_or_default()
}

/// What the sanitizer reads: a HAR held as text (a paste, a small file of old), or a file.
#[derive(Clone, PartialEq)]
enum Input {
    Text(Rc<str>),
    File(web_sys::File),
}

impl Input {
    fn len(&self) -> u64 {
        match self {
            Input::Text(t) => t.len() as u64,
            Input::File(f) => browser::file_size(f),
        }
    }

    /// Bytes `at..end`; a file's are read now, piece by piece.
    async fn slice(&self, at: u64, end: u64) -> Option<Vec<u8>> {
        match self {
            Input::Text(t) => t
                .as_bytes()
                .get(at as usize..end as usize)
                .map(<[u8]>::to_vec),
            Input::File(f) => browser::read_slice(f, at, end).await,
        }
    }
}

fn input(props: &TraceViewProps) -> Option<Input> {
    match (&props.file, &props.text) {
        (Some(f), _) => Some(Input::File(f.clone())),
        (None, Some(t)) => Some(Input::Text(Rc::clone(t))),
        (None, None) => None,
    }
}

/// What the sanitize panel shows and drives; the state lives in the trace view.
struct SanitizePanelProps {
    input: Option<Input>,
    name: AttrValue,
    options: UseStateHandle<Options>,
    run: UseStateHandle<Run>,
    cancel: Rc<std::cell::RefCell<Rc<Cell<bool>>>>,
}

/// A plain function, not a component: its state is the trace view's, so a component's own
/// lifecycle bought nothing but bytes.
fn sanitize_panel(props: &SanitizePanelProps) -> Html {
    let running = matches!(&*props.run, Run::Running { .. });
    let opts = *props.options;
    let toggle = |set: fn(&mut Options, bool)| {
        let (options, run) = (props.options.clone(), props.run.clone());
        Callback::from(move |e: Event| {
            let mut o = *options;
            set(
                &mut o,
                e.target_unchecked_into::<HtmlInputElement>().checked(),
            );
            options.set(o);
            if !matches!(*run, Run::Running { .. }) {
                run.set(Run::Idle);
            }
        })
    };
    let on_mask = toggle(|o, v| o.mask_identities = v);
    let on_drop = toggle(|o, v| o.drop_response_bodies = v);
    let start = {
        let (input, run, cancel) = (props.input.clone(), props.run.clone(), props.cancel.clone());
        let file = file_name(&props.name);
        Callback::from(move |_: MouseEvent| {
            let Some(input) = input.clone() else {
                return;
            };
            if matches!(*run, Run::Running { .. }) {
                return;
            }
            // A fresh flag: a cancelled earlier run keeps its own.
            let flag = Rc::new(Cell::new(false));
            *cancel.borrow_mut() = Rc::clone(&flag);
            run.set(Run::Running {
                done: 0,
                total: input.len() as usize,
            });
            wasm_bindgen_futures::spawn_local(sanitize_in_slices(
                input,
                opts,
                file.clone(),
                flag,
                run.clone(),
            ));
        })
    };
    let stop = {
        let cancel = props.cancel.clone();
        Callback::from(move |_: MouseEvent| cancel.borrow().set(true))
    };
    let status = match &*props.run {
        Run::Idle => html! {},
        Run::Running { done, total } => {
            let pct = if *total == 0 {
                100
            } else {
                done.saturating_mul(100) / total
            };
            html! {
                <div class="sanitize-progress">
                    <progress id="trace-progress" max="100" value={pct.to_string()} aria-label="Sanitizing the trace" />
                    <span>{ format!("{pct}% ({} of {} bytes)", grouped(*done), grouped(*total)) }</span>
                    <button type="button" id="trace-cancel" onclick={stop}>{ "Cancel" }</button>
                </div>
            }
        }
        Run::Cancelled => {
            // Constant markup written here, never input (see `widgets::fixed`).
            fixed(r##"<p class="notice" role="status">Cancelled. Nothing was downloaded.</p>"##)
        }
        Run::Failed(why) => html! {
            <p class="notice error" role="alert">{ "No sanitized copy was made: " }{ why.clone() }</p>
        },
        Run::Done(d) => summary(d),
    };
    html! {
        <section class="trace-sanitize" aria-labelledby="trace-sanitize-title">
            // Constant markup written here, never input (see `widgets::fixed`).
            { fixed(concat!(
                r#"<h4 id="trace-sanitize-title">A sanitized copy for support</h4>"#,
                r#"<p class="hint">Passwords, cookies, authorization codes, tokens, SAML messages, session values and every header, parameter or body not on the keep list below are replaced by [removed:&lt;kind&gt;]; what support needs (IDs, timestamps, error codes and messages, tenants, apps, hosts and paths less any part shaped like a key, statuses, timings) stays. The copy is made in this page; nothing is sent anywhere.</p>"#,
            )) }
            <fieldset class="sanitize-options" disabled={running}>
                // Constant markup written here, never input (see `widgets::fixed`).
                { fixed(r##"<legend>Also</legend>"##) }
                <label><input type="checkbox" id="trace-mask-identities" checked={opts.mask_identities} onchange={on_mask} />
                    { " Mask email addresses and display names" }</label>
                <label><input type="checkbox" id="trace-drop-bodies" checked={opts.drop_response_bodies} onchange={on_drop} />
                    { " Drop response bodies" }</label>
            </fieldset>
            <p>
                <button type="button" id="trace-sanitize" onclick={start} disabled={running || props.input.is_none()}>
                    { "Download sanitized copy" }</button>
                if props.input.is_none() {
                    // Constant markup written here, never input (see `widgets::fixed`).
                    { fixed(r##"<span class="hint"> The trace's text is not at hand; add the HAR again.</span>"##) }
                }
            </p>
            <div aria-live="polite">{ status }</div>
            { keep_lists() }
        </section>
    }
}

/// `<name>-sanitized.har`, without doubling `.har`.
fn file_name(name: &str) -> String {
    let name = name.trim();
    let stem = match name.len().checked_sub(4).and_then(|i| name.get(i..)) {
        Some(ext) if ext.eq_ignore_ascii_case(".har") => name.get(..name.len() - 4).unwrap_or(name),
        _ => name,
    };
    let stem = if stem.is_empty() { "trace" } else { stem };
    format!("{stem}-sanitized.har")
}

/// Runs the chunked sanitizer over the HAR (its text, or its file read slice by slice),
/// yielding to the browser after every slice so the page stays responsive and Cancel can be
/// pressed. The output goes slice by slice into the JavaScript heap, so the page's own memory
/// holds neither the file nor its sanitized copy whole.
async fn sanitize_in_slices(
    input: Input,
    options: Options,
    file: String,
    cancel: Rc<Cell<bool>>,
    run: UseStateHandle<Run>,
) {
    // The sanitizer is in the analysis part, there already when a trace is shown.
    let Some(ready) = crate::part::wait().await else {
        return run.set(Run::Failed(
            "the analysis part of GuestLens could not be loaded.".to_owned(),
        ));
    };
    let total = input.len();
    let mut sanitizer = crate::part::gated::sanitizer(ready, options);
    let mut parts = browser::BlobParts::new();
    let mut at = 0u64;
    while at < total {
        let end = total.min(at + SLICE_BYTES as u64);
        let Some(slice) = input.slice(at, end).await else {
            return run.set(Run::Failed(
                "the browser could not read the file again (was it moved or changed?).".to_owned(),
            ));
        };
        match crate::part::gated::sanitize_feed(ready, &mut sanitizer, &slice) {
            Ok(out) => parts.push(&out),
            Err(e) => return run.set(Run::Failed(e.to_string())),
        }
        at = end;
        run.set(Run::Running {
            done: at as usize,
            total: total as usize,
        });
        browser::next_tick().await;
        if cancel.get() {
            return run.set(Run::Cancelled);
        }
    }
    match crate::part::gated::sanitize_finish(ready, sanitizer) {
        Ok((tail, removals)) => {
            parts.push(&tail);
            let downloaded = browser::download_bytes(&file, "application/json", &parts);
            run.set(Run::Done(Rc::new(Done {
                file,
                bytes: parts.len(),
                downloaded,
                total: removals.len(),
                groups: group(&removals),
            })));
        }
        Err(e) => run.set(Run::Failed(e.to_string())),
    }
}

/// Removals counted per kind and place, in order of first appearance.
fn group(removals: &[Removal]) -> Vec<(RemovalKind, Place, usize)> {
    let mut out: Vec<(RemovalKind, Place, usize)> = Vec::new();
    for r in removals {
        match out
            .iter_mut()
            .find(|(k, p, _)| *k == r.kind && *p == r.place)
        {
            Some(g) => g.2 += 1,
            None => out.push((r.kind, r.place, 1)),
        }
    }
    out
}

fn summary(d: &Done) -> Html {
    html! {
        <div class="sanitize-summary" role="status">
            if d.downloaded {
                <p>{ format!("Downloaded {} ({} bytes). ", d.file, grouped(d.bytes)) }
                    { format!("{} {} removed or masked; the values themselves are not listed.", grouped(d.total),
                        if d.total == 1 { "value was" } else { "values were" }) }</p>
            } else {
                <p class="notice error">{ format!("The browser refused the download of {}.", d.file) }</p>
            }
            if !d.groups.is_empty() {
                <table class="removals">
                    <caption>{ "What was removed, and where" }</caption>
                    <thead><tr><th scope="col">{ "What" }</th><th scope="col">{ "Where" }</th><th scope="col">{ "How many" }</th></tr></thead>
                    <tbody>
                        { for d.groups.iter().map(|(k, p, n)| html! {
                            <tr><td>{ removal_label(*k) }<code class="marker">{ format!(" [removed:{}]", k.id()) }</code></td>
                                <td>{ place_label(*p) }</td><td>{ grouped(*n) }</td></tr>
                        }) }
                    </tbody>
                </table>
            }
        </div>
    }
}

fn removal_label(k: RemovalKind) -> &'static str {
    match k {
        RemovalKind::Password => "Passwords",
        RemovalKind::Credential => "Other credentials (one-time codes, PINs, proofs)",
        RemovalKind::Cookie => "Cookies",
        RemovalKind::Authorization => "Authorization headers",
        RemovalKind::Header => "Headers not on the keep list",
        RemovalKind::Code => "Authorization codes",
        RemovalKind::Token => "Tokens",
        RemovalKind::ClientSecret => "Client secrets",
        RemovalKind::ClientAssertion => "Client assertions",
        RemovalKind::CodeVerifier => "PKCE code verifiers",
        RemovalKind::Saml => "SAML requests, responses and relay state",
        RemovalKind::Session => "Session and anti-forgery values",
        RemovalKind::Field => "Fields not on the keep list",
        RemovalKind::Body => "Bodies that are not form, JSON or a sign-in page",
        RemovalKind::Undecodable => "Values that could not be fully decoded",
        RemovalKind::Email => "Email addresses (masked)",
        RemovalKind::Name => "Display names (masked)",
    }
}

fn place_label(p: Place) -> &'static str {
    match p {
        Place::Url => "URLs",
        Place::Query => "URL queries",
        Place::Fragment => "URL fragments",
        Place::RequestHeader => "Request headers",
        Place::ResponseHeader => "Response headers",
        Place::RequestCookie => "Request cookies",
        Place::ResponseCookie => "Response cookies",
        Place::FormField => "Form fields",
        Place::RequestBody => "Request bodies",
        Place::ResponseBody => "Response bodies",
        Place::Initiator => "Initiators (what started a request)",
        Place::EntryField => "Other entry fields",
        Place::Log => "Outside the entries (pages, creator)",
    }
}

/// The sanitizer's documented keep lists, as they are in the code.
fn keep_lists() -> Html {
    let lists: [(&str, &[&str]); 8] = [
        (
            "Query, fragment, form and JSON fields kept",
            keep::KEEP_FIELDS,
        ),
        (
            "Fields of Entra's own answers, kept only in requests to a sign-in host and only in the shape Entra gives them (a session ID a GUID, a time, a version; credentials never as text)",
            keep::SIGN_IN_FIELDS,
        ),
        (
            "Kept fields holding a URL (its own query is sanitized too)",
            keep::URL_FIELDS,
        ),
        (
            "Kept fields masked with \"Mask email addresses\"",
            keep::EMAIL_FIELDS,
        ),
        ("Kept fields masked as display names", keep::NAME_FIELDS),
        ("Error page ($Config) fields kept", keep::CONFIG_FIELDS),
        ("Headers kept", keep::KEEP_HEADERS),
        (
            "HAR fields kept (outside headers, parameters and bodies)",
            keep::KEEP_HAR_FIELDS,
        ),
    ];
    html! {
        <details class="keep-lists">
            // Constant markup written here, never input (see `widgets::fixed`).
            { fixed(concat!(
                "<summary>What stays: the keep list</summary>",
                r#"<p class="hint">Everything else is removed, including anything that cannot be fully decoded. Names compare without regard to case.</p>"#,
            )) }
            { for lists.into_iter().map(|(title, names)| html! {
                <>
                    <h5>{ title }</h5>
                    <ul class="keep-list">{ for names.iter().map(|n| html! { <li><code>{ *n }</code></li> }) }</ul>
                </>
            }) }
        </details>
    }
}
