//! The recipes themselves: one builder per id, each writing PowerShell, REST and Azure CLI.
//!
//! Builders get validated values and still pass every one through `quote`: OData literal
//! first, then a PowerShell single-quoted string, or a percent-encoded URL and then a shell word.
//! Cmdlets, parameters, scopes and roles follow entra-facts sections b–f; where those say
//! [UNVERIFIED], [unofficial] or [inference], the recipe's caveats say so too.
use serde_json::{Value, json};

use super::{Ctx, Field, InputProblem, Recipe, RestCall, Side};
use crate::entra::RecipeId;
use crate::quote::{self, odata};
use crate::text::is_guid;

pub(super) mod authorization_policy;
pub(super) mod find_address;
pub(super) mod first_party_sps;
pub(super) mod guest_state;
pub(super) mod list_guests;
pub(super) mod remove_object;
pub(super) mod resend_invite;
pub(super) mod reset_redemption;
pub(super) mod restore_app;
pub(super) mod restore_deleted;
pub(super) mod signin_logs;
pub(super) mod xtap_read;

type Out = Result<(), Vec<InputProblem>>;

const GRAPH: &str = "https://graph.microsoft.com";

/// What a builder fills in; `finish` adds the connect lines and headers around it.
pub(super) struct Body {
    pub side: Side,
    pub role: &'static str,
    pub scopes: Vec<&'static str>,
    pub writes: bool,
    pub changes: String,
    pub ps: Vec<String>,
    pub rest: Vec<RestCall>,
    pub az: Vec<String>,
    pub caveats: Vec<String>,
    pub notes: Vec<String>,
}

impl Body {
    pub fn new(side: Side) -> Self {
        Body {
            side,
            role: "",
            scopes: Vec::new(),
            writes: false,
            changes: "Read-only.".into(),
            ps: Vec::new(),
            rest: Vec::new(),
            az: Vec::new(),
            caveats: Vec::new(),
            notes: Vec::new(),
        }
    }

    fn ps(&mut self, line: impl Into<String>) {
        self.ps.push(line.into());
    }
    fn az(&mut self, line: impl Into<String>) {
        self.az.push(line.into());
    }
    fn caveat(&mut self, s: &str) {
        self.caveats.push(s.to_owned());
    }
    fn note(&mut self, s: impl Into<String>) {
        self.notes.push(s.into());
    }
}

fn refused(r: quote::Refused) -> Vec<InputProblem> {
    vec![InputProblem {
        field: "recipe".into(),
        missing: false,
        message: r.to_string(),
    }]
}

/// A PowerShell single-quoted string.
fn ps(s: &str) -> Result<String, Vec<InputProblem>> {
    quote::ps_single(s).map_err(refused)
}

/// One POSIX shell word.
fn sh(s: &str) -> Result<String, Vec<InputProblem>> {
    quote::sh(s).map_err(refused)
}

/// Our own property names as a PowerShell list; they are plain ASCII words.
fn names(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| format!("'{i}'")).collect();
    quoted.join(", ")
}

fn need<'a>(v: &'a Option<String>, f: Field, why: &str) -> Result<&'a str, Vec<InputProblem>> {
    v.as_deref().ok_or_else(|| vec![f.missing(why)])
}

/// `https://graph.microsoft.com/{version}/{path}?k=v&…`, every value percent-encoded; `path`
/// must already be encoded.
fn graph_url(version: &str, path: &str, query: &[(&str, &str)]) -> String {
    let mut u = format!("{GRAPH}/{version}/{path}");
    for (i, (k, v)) in query.iter().enumerate() {
        u.push(if i == 0 { '?' } else { '&' });
        u.push_str(k);
        u.push('=');
        u.push_str(&quote::url(v));
    }
    u
}

fn call(label: &str, method: &str, url: String) -> RestCall {
    RestCall {
        label: label.to_owned(),
        method: method.to_owned(),
        url,
        ..RestCall::default()
    }
}

/// An advanced query: `$count=true` in the URL plus this header (entra-facts b).
fn eventual(mut c: RestCall) -> RestCall {
    c.headers
        .push(("ConsistencyLevel".into(), "eventual".into()));
    c
}

fn with_body(mut c: RestCall, body: Value) -> RestCall {
    c.headers
        .push(("Content-Type".into(), "application/json".into()));
    c.body = Some(body);
    c
}

/// The same call for `az rest`.
fn az_rest(c: &RestCall) -> Result<String, Vec<InputProblem>> {
    let mut line = format!(
        "az rest --method {} --url {}",
        c.method.to_ascii_lowercase(),
        sh(&c.url)?
    );
    for (k, v) in &c.headers {
        line.push_str(&format!(" --headers {}", sh(&format!("{k}={v}"))?));
    }
    if let Some(body) = &c.body {
        line.push_str(&format!(" --body {}", sh(&body.to_string())?));
    }
    Ok(line)
}

/// True when Graph PowerShell's `-Filter` would not carry `filter` as written. The SDK's list
/// cmdlets unescape the -Filter text before they percent-encode it: src/readme.graph.md in
/// microsoftgraph/msgraph-sdk-powershell (read at 0055570a) rewrites every generated
/// Get*_List cmdlet to pass `this.UnescapeString(Filter)` ("Unescape -Filter values before
/// escaping"), and issue #1339 shows the result: `+` sent as a space. So a `+` or a `%`
/// sequence (`%27` becomes a quote) in a value would change the filter.
pub(super) fn sdk_decodes(filter: &str) -> bool {
    filter.contains(['%', '+'])
}

/// The same GET through `Invoke-MgGraphRequest`, whose URL we percent-encode ourselves; the
/// `.value` list as objects, like a Get-Mg cmdlet's. It returns the first page only. Read in
/// the SDK's src/Authentication/Authentication/Cmdlets/InvokeMgGraphRequest.cs: a GET without
/// a body keeps the given Uri (through UriBuilder, which does not unescape it), so `%2B` and
/// `%25` reach Graph as written. Not run here; the tests pin this reading.
fn ps_invoke(c: &RestCall) -> Result<String, Vec<InputProblem>> {
    let mut line = format!(
        "(Invoke-MgGraphRequest -Method GET -Uri {} -OutputType PSObject",
        ps(&c.url)?
    );
    if !c.headers.is_empty() {
        let pairs = c
            .headers
            .iter()
            .map(|(k, v)| Ok(format!("{k} = {}", ps(v)?)))
            .collect::<Result<Vec<_>, Vec<InputProblem>>>()?;
        line.push_str(&format!(" -Headers @{{ {} }}", pairs.join("; ")));
    }
    line.push_str(").value");
    Ok(line)
}

const DECODED_NOTE: &str = "The address holds + or %, which Graph PowerShell's -Filter would decode (+ becomes a space), so the PowerShell form sends the REST URL with Invoke-MgGraphRequest instead; it returns the first page of results.";

/// Where the guest lands after redeeming: the resource tenant's My Apps when it is known.
fn redirect_url(c: &Ctx) -> String {
    match c.tenant.as_deref() {
        Some(t) if is_guid(t) => {
            format!("https://myapps.microsoft.com/?tenantid={}", quote::url(t))
        }
        Some(t) => format!("https://myapps.microsoft.com/{}", quote::url(t)),
        None => "https://myapps.microsoft.com".into(),
    }
}

/// The read-only check before an invitation: who holds the address now, and have they redeemed.
fn invite_check(b: &mut Body, e: &str) -> Out {
    let f = format!("mail eq {}", odata(e));
    let props = [
        "id",
        "userPrincipalName",
        "userType",
        "externalUserState",
        "externalUserStateChangeDateTime",
    ];
    let check = call(
        "Check: the guest that has this address",
        "GET",
        graph_url(
            "v1.0",
            "users",
            &[("$filter", &f), ("$select", &props.join(","))],
        ),
    );
    let list = if sdk_decodes(&f) {
        b.note(DECODED_NOTE);
        ps_invoke(&check)?
    } else {
        format!(
            "Get-MgUser -Filter {} -Property {} -All",
            ps(&f)?,
            names(&props)
        )
    };
    b.ps("# Check first: the guest that has this address now, and whether it has redeemed");
    b.ps(format!(
        "{list} | Format-List Id, UserPrincipalName, UserType, ExternalUserState, ExternalUserStateChangeDateTime"
    ));
    b.az(az_rest(&check)?);
    b.rest.push(check);
    Ok(())
}

/// Puts the header, connect and login lines around a builder's output.
pub(super) fn finish(
    recipe: RecipeId,
    tenant_id: Option<String>,
    b: Body,
) -> Result<Recipe, Vec<InputProblem>> {
    let (id, title) = (recipe.id(), recipe.title());
    let place = b.side.describe();
    let mut pwsh = vec![
        format!("# {title} (GuestLens recipe {id})"),
        format!("# Run in {place}, as {} or higher.", b.role),
    ];
    if b.writes {
        pwsh.push(format!("# {}", b.changes));
        pwsh.push("# Commands that change something carry -WhatIf, which only shows what they would do: run the checks, then remove -WhatIf.".into());
    } else {
        pwsh.push("# Read-only.".into());
    }
    let scopes = b
        .scopes
        .iter()
        .map(|s| ps(s))
        .collect::<Result<Vec<_>, _>>()?
        .join(", ");
    match &tenant_id {
        Some(t) => pwsh.push(format!(
            "Connect-MgGraph -Scopes {scopes} -TenantId {}",
            ps(t)?
        )),
        None => {
            pwsh.push("# Add -TenantId with the tenant's ID or domain, so this surely runs in the right tenant.".into());
            pwsh.push(format!("Connect-MgGraph -Scopes {scopes}"));
        }
    }
    pwsh.extend(b.ps);

    let mut az = vec![
        format!("# {title} (GuestLens recipe {id}), for a POSIX shell"),
        format!("# Run in {place}."),
    ];
    match &tenant_id {
        Some(t) => az.push(format!(
            "az login --tenant {} --allow-no-subscriptions",
            sh(t)?
        )),
        None => az.push("# az login --tenant <tenant ID> --allow-no-subscriptions".into()),
    }
    if b.az.iter().any(|l| l.starts_with("# az ")) {
        az.push("# Commands that change something are commented out: run the checks, then remove the '# '.".into());
    }
    az.extend(b.az);

    let mut calls = b.rest.into_iter();
    Ok(Recipe {
        id: recipe,
        title: title.to_owned(),
        tenant: b.side,
        tenant_id,
        role: b.role.to_owned(),
        permissions: b.scopes.iter().map(|s| (*s).to_owned()).collect(),
        writes: b.writes,
        changes: b.changes,
        powershell: pwsh.join("\n") + "\n",
        rest: calls.next().unwrap_or_default(),
        rest_steps: calls.collect(),
        az: az.join("\n") + "\n",
        caveats: b.caveats,
        notes: b.notes,
        problems: Vec::new(),
    })
}
