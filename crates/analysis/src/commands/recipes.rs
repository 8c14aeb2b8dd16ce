//! The recipes themselves: one builder per id, each writing PowerShell, REST and Azure CLI.
//!
//! Builders get validated values and still pass every one through `quote`: OData literal
//! first, then a PowerShell single-quoted string, or a percent-encoded URL and then a shell word.
//! Cmdlets, parameters, scopes and roles follow entra-facts sections b–f; where those say
//! [UNVERIFIED], [unofficial] or [inference], the recipe's caveats say so too.
use serde_json::{Value, json};

use super::{Cloud, Ctx, Field, InputProblem, Recipe, RestCall, Side, Source};
use crate::entra::{RecipeId, is_personal_tenant};
use crate::quote::{self, PsNative, odata};
use crate::text::is_guid;

pub(super) mod app_access;
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

/// The date the sources below were last checked.
const CHECKED: &str = "2026-11-25";

/// A source checked on `CHECKED`.
const fn src(title: &'static str, url: &'static str) -> Source {
    Source {
        title,
        url,
        checked: CHECKED,
    }
}

/// A source checked on another day than `CHECKED`.
const fn src_on(title: &'static str, url: &'static str, checked: &'static str) -> Source {
    Source {
        title,
        url,
        checked,
    }
}

/// The day the sources added in the recipes' second review were checked.
const CHECKED_AGAIN: &str = "2026-11-26";

/// Where every recipe's connect lines for another cloud come from.
const NATIONAL_CLOUDS: Source = src(
    "Microsoft Graph national cloud deployments",
    "https://learn.microsoft.com/en-us/graph/deployments",
);

/// One argument of an az command, before it is quoted for a shell.
pub(super) enum Arg {
    /// Passed exactly as written.
    Lit(String),
    /// Our own text around a variable an earlier line set (`$id`); no user value in it.
    Var {
        before: String,
        name: &'static str,
        after: String,
    },
}

/// One az command, written once and quoted for each shell by `finish`.
pub(super) struct AzCmd {
    args: Vec<Arg>,
    /// Commented out: a change, to run after reading the checks.
    off: bool,
    /// The output goes into this shell variable.
    set: Option<&'static str>,
    /// The output goes into this file.
    save: Option<&'static str>,
}

impl AzCmd {
    /// `az` followed by these arguments.
    // A slice, not a generic iterator: one copy of this for every call, whatever their length.
    fn new(args: &[&str]) -> Self {
        let mut all = vec![Arg::Lit("az".into())];
        all.extend(args.iter().map(|&a| Arg::Lit(a.to_owned())));
        AzCmd {
            args: all,
            off: false,
            set: None,
            save: None,
        }
    }
    fn arg(mut self, a: impl Into<String>) -> Self {
        self.args.push(Arg::Lit(a.into()));
        self
    }
    fn var(mut self, before: String, name: &'static str, after: &str) -> Self {
        self.args.push(Arg::Var {
            before,
            name,
            after: after.to_owned(),
        });
        self
    }
    fn query(self, q: &str) -> Self {
        self.arg("--query").arg(q)
    }
    fn off(mut self) -> Self {
        self.off = true;
        self
    }
    fn set(mut self, name: &'static str) -> Self {
        self.set = Some(name);
        self
    }
    fn save(mut self, file: &'static str) -> Self {
        self.save = Some(file);
        self
    }
}

/// A line of the az scripts.
pub(super) enum AzLine {
    Comment(String),
    Cmd(AzCmd),
    /// Shell glue written by hand for each shell, with no user value in it.
    Glue {
        posix: String,
        pwsh: String,
    },
}

/// What a builder fills in; `finish` adds the connect lines and headers around it.
pub(super) struct Body {
    pub side: Side,
    pub role: &'static str,
    pub scopes: Vec<&'static str>,
    pub writes: bool,
    pub changes: String,
    pub ps: Vec<String>,
    pub rest: Vec<RestCall>,
    pub az: Vec<AzLine>,
    pub caveats: Vec<String>,
    pub notes: Vec<String>,
    pub sources: &'static [Source],
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
            sources: &[],
        }
    }

    fn ps(&mut self, line: impl Into<String>) {
        self.ps.push(line.into());
    }
    fn az(&mut self, cmd: AzCmd) {
        self.az.push(AzLine::Cmd(cmd));
    }
    /// A comment line in both az scripts.
    fn az_note(&mut self, text: impl Into<String>) {
        self.az.push(AzLine::Comment(text.into()));
    }
    fn az_glue(&mut self, posix: impl Into<String>, pwsh: impl Into<String>) {
        self.az.push(AzLine::Glue {
            posix: posix.into(),
            pwsh: pwsh.into(),
        });
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

/// The home tenant, for a recipe that connects to it or names it as a partner. The tenant of
/// personal Microsoft accounts is refused: no admin can sign in to it, and cross-tenant
/// settings describe Entra organisations only.
fn home_org<'a>(c: &'a Ctx, why: &str) -> Result<Option<&'a str>, Vec<InputProblem>> {
    match c.home_tenant.as_deref() {
        Some(t) if is_personal_tenant(t) => Err(vec![Field::HomeTenant.invalid(
            t,
            format!("this is Microsoft's tenant for personal accounts (Outlook.com, Hotmail, Live): {why}"),
        )]),
        other => Ok(other),
    }
}

/// Why a recipe run in the home tenant cannot be run for a personal account.
const NO_HOME_ADMIN: &str = "the guest has no home organisation, and no admin who could run this";

/// `https://{the cloud's Graph host}/{version}/{path}?k=v&…`, every value percent-encoded;
/// `path` must already be encoded.
fn graph_url(c: &Ctx, version: &str, path: &str, query: &[(&str, &str)]) -> String {
    let mut u = format!("{}/{version}/{path}", c.cloud.graph());
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
fn az_rest(c: &RestCall) -> AzCmd {
    let method = c.method.to_ascii_lowercase();
    let mut cmd = AzCmd::new(&["rest", "--method", &method, "--url", &c.url]);
    for (k, v) in &c.headers {
        cmd = cmd.arg("--headers").arg(format!("{k}={v}"));
    }
    if let Some(body) = &c.body {
        cmd = cmd.arg("--body").arg(body.to_string());
    }
    cmd
}

/// The POSIX helper that hands az a value through a file, for values az would otherwise read
/// as a file name themselves.
const SH_FILE_FN: &str =
    "azfile() { f=$(mktemp) && printf '%s' \"$1\" > \"$f\" && printf '@%s' \"$f\"; }";

/// The PowerShell helper that hands az a value through a file (see `quote::ps_native`). The
/// temporary file's path goes on the command line, so it must hold nothing cmd.exe or az would
/// act on; WriteAllText writes UTF-8 without a BOM in .NET Framework and .NET alike.
const PS_FILE_FN: &str = "function AzArgFile([string]$Text) { $f = [IO.Path]::GetTempFileName(); if ($f -match '[\"%!&|<>^()=@]') { throw \"The temp path $f has a character cmd.exe or az would act on; set `$env:TMP to a plain folder.\" }; [IO.File]::WriteAllText($f, $Text); \"@$f\" }";

/// The shell an az command line is written for.
#[derive(Clone, Copy)]
enum AzShell {
    Posix,
    Pwsh,
}

/// One az command for `shell`; `file` is set when it needs that shell's file helper
/// (`SH_FILE_FN` or `PS_FILE_FN`). Only quoting and the assignment and save forms differ.
fn az_line(
    cmd: &AzCmd,
    dod: Option<&str>,
    shell: AzShell,
    file: &mut bool,
) -> Result<String, Vec<InputProblem>> {
    let mut words = Vec::new();
    for a in cmd.args.iter().chain(dod_resource(cmd, dod).iter()) {
        words.push(match (a, shell) {
            (Arg::Lit(v), AzShell::Posix) if quote::az_reads_file(v) => {
                *file = true;
                format!("\"$(azfile {})\"", quote::sh_single(v).map_err(refused)?)
            }
            (Arg::Lit(v), AzShell::Posix) => sh(v)?,
            (Arg::Lit(v), AzShell::Pwsh) => match quote::ps_native(v).map_err(refused)? {
                PsNative::Inline(w) => w,
                PsNative::File(lit) => {
                    *file = true;
                    format!("(AzArgFile {lit})")
                }
            },
            (
                Arg::Var {
                    before,
                    name,
                    after,
                },
                _,
            ) => format!("\"{before}${name}{after}\""),
        });
    }
    let mut line = words.join(" ");
    if let Some(v) = cmd.set {
        line = match shell {
            AzShell::Posix => format!("{v}=$({line})"),
            AzShell::Pwsh => format!("${v} = {line}"),
        };
    }
    if let Some(f) = cmd.save {
        line = match shell {
            AzShell::Posix => format!("{line} > {f}"),
            AzShell::Pwsh => format!("{line} | Set-Content -Encoding utf8 -LiteralPath '{f}'"),
        };
    }
    Ok(if cmd.off { format!("# {line}") } else { line })
}

/// az derives the token's audience from the URL only for its cloud's own Graph host, and the
/// AzureUSGovernment cloud's is graph.microsoft.us: a DoD call names its resource.
fn dod_resource(cmd: &AzCmd, dod: Option<&str>) -> Vec<Arg> {
    let is_rest = matches!(cmd.args.get(1), Some(Arg::Lit(w)) if w == "rest");
    match dod {
        Some(host) if is_rest => vec![Arg::Lit("--resource".into()), Arg::Lit(host.into())],
        _ => Vec::new(),
    }
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
        let mut pairs = Vec::new();
        for (k, v) in &c.headers {
            pairs.push(format!("{k} = {}", ps(v)?));
        }
        line.push_str(&format!(" -Headers @{{ {} }}", pairs.join("; ")));
    }
    line.push_str(").value");
    Ok(line)
}

const DECODED_NOTE: &str = "The address holds + or %, which Graph PowerShell's -Filter would decode (+ becomes a space), so the PowerShell form sends the REST URL with Invoke-MgGraphRequest instead; it returns the first page of results.";

/// Where the guest lands after redeeming: the resource tenant's My Apps when it is known. Our
/// sources give My Apps' address for the global cloud only: elsewhere a placeholder to fill in.
fn redirect_url(c: &Ctx) -> String {
    if c.cloud != Cloud::Global {
        return "<your app's address or this cloud's My Apps address>".into();
    }
    match c.tenant.as_deref() {
        Some(t) if is_guid(t) => {
            format!("https://myapps.microsoft.com/?tenantid={}", quote::url(t))
        }
        Some(t) => format!("https://myapps.microsoft.com/{}", quote::url(t)),
        None => "https://myapps.microsoft.com".into(),
    }
}

/// The read-only check before an invitation: who holds the address now, and have they redeemed.
fn invite_check(c: &Ctx, b: &mut Body, e: &str) -> Out {
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
            c,
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
    b.az(az_rest(&check));
    b.rest.push(check);
    Ok(())
}

/// Puts the header, connect and login lines around a builder's output, and writes the az
/// commands for both shells.
pub(super) fn finish(
    recipe: RecipeId,
    tenant_id: Option<String>,
    cloud: Cloud,
    mut b: Body,
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
    let mut quoted = Vec::new();
    for s in &b.scopes {
        quoted.push(ps(s)?);
    }
    let scopes = quoted.join(", ");
    // Connect-MgGraph targets the global cloud unless told otherwise.
    let env = match cloud {
        Cloud::Global => String::new(),
        other => format!(" -Environment {}", other.environment()),
    };
    match &tenant_id {
        Some(t) => pwsh.push(format!(
            "Connect-MgGraph{env} -Scopes {scopes} -TenantId {}",
            ps(t)?
        )),
        None => {
            pwsh.push("# Add -TenantId with the tenant's ID or domain, so this surely runs in the right tenant.".into());
            pwsh.push(format!("Connect-MgGraph{env} -Scopes {scopes}"));
        }
    }
    pwsh.extend(b.ps);

    let dod = (cloud == Cloud::Usgovdod).then_some(cloud.graph());
    let mut az = vec![
        format!("# {title} (GuestLens recipe {id}), for a POSIX shell"),
        format!("# Run in {place}."),
    ];
    let mut ps_az = vec![
        format!(
            "# {title} (GuestLens recipe {id}), Azure CLI from PowerShell (Windows PowerShell 5.1 or PowerShell 7)"
        ),
        format!("# Run in {place}."),
    ];
    if cloud != Cloud::Global {
        let set = format!("az cloud set --name {}", cloud.az_cloud());
        az.push(set.clone());
        ps_az.push(set);
    }
    match &tenant_id {
        Some(t) => {
            let login = AzCmd::new(&["login", "--tenant", t.as_str(), "--allow-no-subscriptions"]);
            let (mut f1, mut f2) = (false, false);
            az.push(az_line(&login, None, AzShell::Posix, &mut f1)?);
            ps_az.push(az_line(&login, None, AzShell::Pwsh, &mut f2)?);
        }
        None => {
            let hint = "# az login --tenant <tenant ID> --allow-no-subscriptions";
            az.push(hint.into());
            ps_az.push(hint.into());
        }
    }
    if b.az.iter().any(|l| matches!(l, AzLine::Cmd(c) if c.off)) {
        let off = "# Commands that change something are commented out: run the checks, then remove the '# '.";
        az.push(off.into());
        ps_az.push(off.into());
    }
    let (mut sh_file, mut ps_file) = (false, false);
    let (mut sh_body, mut ps_body) = (Vec::new(), Vec::new());
    for line in &b.az {
        match line {
            AzLine::Comment(t) => {
                sh_body.push(format!("# {t}"));
                ps_body.push(format!("# {t}"));
            }
            AzLine::Glue { posix, pwsh } => {
                sh_body.push(posix.clone());
                ps_body.push(pwsh.clone());
            }
            AzLine::Cmd(c) => {
                sh_body.push(az_line(c, dod, AzShell::Posix, &mut sh_file)?);
                ps_body.push(az_line(c, dod, AzShell::Pwsh, &mut ps_file)?);
            }
        }
    }
    if sh_file {
        az.push("# The Azure CLI reads an argument that starts with @ (or has =@) as a file name: such values go through a temporary file.".into());
        az.push(SH_FILE_FN.into());
    }
    if ps_file {
        ps_az.push("# Values that cmd.exe would change on az's command line go through a file, which az reads (@file); the files stay in $env:TEMP.".into());
        ps_az.push(PS_FILE_FN.into());
    }
    az.extend(sh_body);
    ps_az.extend(ps_body);

    if cloud != Cloud::Global {
        b.notes.push(format!(
            "Written for the {} cloud: Microsoft Graph at {}, Connect-MgGraph -Environment {}, az cloud set --name {}.",
            cloud.label(),
            cloud.graph(),
            cloud.environment(),
            cloud.az_cloud()
        ));
        b.caveats.push("Not every Graph API or property is available in the national clouds (Microsoft Graph national cloud deployments lists them); a call that fails there with 404 or BadRequest may be one of those.".into());
        // The cloud comes from the case's tokens (the resource side); in B2B across clouds the
        // guest's home tenant is in another one.
        if b.side == Side::Home {
            b.caveats.push(format!(
                "This runs in the guest's home tenant, written for the {} cloud as the rest of the case: if the home tenant is in another Microsoft cloud (B2B collaboration across clouds), connect to that cloud instead.",
                cloud.label()
            ));
        }
    }
    match cloud {
        Cloud::Usgov => b.notes.push("A DoD (US Government L5) tenant uses dod-graph.microsoft.us: choose usgovdod as the cloud. A token cannot tell L4 from L5, both sign in at login.microsoftonline.us.".into()),
        Cloud::Usgovdod if b.az.iter().any(|l| matches!(l, AzLine::Cmd(c) if matches!(c.args.get(1), Some(Arg::Lit(w)) if w == "ad"))) => {
            b.caveats.push("[inference] az ad commands call the Graph host of the AzureUSGovernment cloud, graph.microsoft.us (L4); for a DoD tenant use the az rest lines or the PowerShell form.".into());
        }
        _ => {}
    }
    let mut sources = b.sources.to_vec();
    if cloud != Cloud::Global {
        sources.push(NATIONAL_CLOUDS);
    }

    let mut calls = b.rest.into_iter();
    Ok(Recipe {
        id: recipe,
        title: title.to_owned(),
        tenant: b.side,
        tenant_id,
        cloud,
        role: b.role.to_owned(),
        permissions: b.scopes.iter().map(|s| (*s).to_owned()).collect(),
        writes: b.writes,
        changes: b.changes,
        powershell: pwsh.join("\n") + "\n",
        rest: calls.next().unwrap_or_default(),
        rest_steps: calls.collect(),
        az: az.join("\n") + "\n",
        az_powershell: ps_az.join("\n") + "\n",
        caveats: b.caveats,
        notes: b.notes,
        problems: Vec::new(),
        sources,
    })
}
