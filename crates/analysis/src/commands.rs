//! Commands: Graph PowerShell, Graph REST and Azure CLI recipes, filled in and safely quoted.
//!
//! Every value a user typed is validated here once; the recipe builders in `recipes` then
//! quote it again for each dialect with `quote`, so a value that slipped through validation
//! still cannot leave its string.
pub mod form;
mod recipes;

use std::fmt::{self, Write as _};

use serde::Serialize;

use super::findings::Findings;
use super::quote;
use super::text::is_guid;

/// Kept for the CLI until it moves to `RecipeId::ALL`; this module no longer uses it.
pub use crate::entra::RECIPE_IDS;
pub use crate::entra::RecipeId;

/// Which tenant a recipe must run in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// The guest's own organization.
    Home,
    /// The organization the guest signs in to.
    #[default]
    Resource,
}

impl Side {
    fn describe(self) -> &'static str {
        match self {
            Side::Home => "the guest's home tenant",
            Side::Resource => "the resource tenant (the one the guest signs in to)",
        }
    }
}

/// One Graph REST call.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct RestCall {
    /// What the call is for, in a few words.
    pub label: String,
    pub method: String,
    /// Fully percent-encoded.
    pub url: String,
    /// Name and value, in the order sent; serialised as a JSON object.
    #[serde(serialize_with = "pairs_as_map")]
    pub headers: Vec<(String, String)>,
    pub body: Option<serde_json::Value>,
}

fn pairs_as_map<S: serde::Serializer>(pairs: &[(String, String)], s: S) -> Result<S::Ok, S::Error> {
    s.collect_map(pairs.iter().map(|(k, v)| (k, v)))
}

/// The Microsoft cloud the tenant lives in: it picks the Graph host, `Connect-MgGraph
/// -Environment` and the Azure CLI's cloud. Finer than `token::Cloud`, which cannot tell the
/// US Government L4 (GCC High) and L5 (DoD) Graph deployments apart: both sign in at
/// login.microsoftonline.us. Names and hosts: Microsoft Graph national cloud deployments
/// (learn.microsoft.com/graph/deployments), Get-MgEnvironment's built-in list, and azure-cli's
/// cloud.py (AzureCloud, AzureUSGovernment, AzureChinaCloud).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Cloud {
    #[default]
    Global,
    /// US Government L4 (GCC, GCC High).
    Usgov,
    /// US Government L5 (DoD).
    Usgovdod,
    /// China, operated by 21Vianet.
    China,
}

impl Cloud {
    pub const ALL: [Cloud; 4] = [Cloud::Global, Cloud::Usgov, Cloud::Usgovdod, Cloud::China];

    /// As the JSON, the form and the CLI flag spell it.
    pub const fn key(self) -> &'static str {
        match self {
            Cloud::Global => "global",
            Cloud::Usgov => "usgov",
            Cloud::Usgovdod => "usgovdod",
            Cloud::China => "china",
        }
    }

    pub const fn label(self) -> &'static str {
        match self {
            Cloud::Global => "Global (commercial)",
            Cloud::Usgov => "US Government L4 (GCC High)",
            Cloud::Usgovdod => "US Government L5 (DoD)",
            Cloud::China => "China (21Vianet)",
        }
    }

    /// The Microsoft Graph service root, without a trailing slash.
    pub const fn graph(self) -> &'static str {
        match self {
            Cloud::Global => "https://graph.microsoft.com",
            Cloud::Usgov => "https://graph.microsoft.us",
            Cloud::Usgovdod => "https://dod-graph.microsoft.us",
            Cloud::China => "https://microsoftgraph.chinacloudapi.cn",
        }
    }

    /// `Connect-MgGraph -Environment` (Get-MgEnvironment's names).
    pub const fn environment(self) -> &'static str {
        match self {
            Cloud::Global => "Global",
            Cloud::Usgov => "USGov",
            Cloud::Usgovdod => "USGovDoD",
            Cloud::China => "China",
        }
    }

    /// `az cloud set --name`: azure-cli knows one US Government cloud, whose Graph is L4.
    pub const fn az_cloud(self) -> &'static str {
        match self {
            Cloud::Global => "AzureCloud",
            Cloud::Usgov | Cloud::Usgovdod => "AzureUSGovernment",
            Cloud::China => "AzureChinaCloud",
        }
    }

    /// Our keys, and the PowerShell and Azure CLI names, in any case.
    pub fn parse(v: &str) -> Option<Cloud> {
        let v = v.trim().to_ascii_lowercase();
        Cloud::ALL.into_iter().find(|c| {
            v == c.key()
                || v == c.environment().to_ascii_lowercase()
                || (v == c.az_cloud().to_ascii_lowercase() && *c != Cloud::Usgovdod)
                || match c {
                    Cloud::Global => v == "public" || v == "commercial",
                    Cloud::Usgov => v == "gcchigh" || v == "gcc-high" || v == "l4",
                    Cloud::Usgovdod => v == "dod" || v == "l5",
                    Cloud::China => v == "21vianet",
                }
        })
    }
}

/// The token tells the cloud by its issuer's sign-in host, which L4 and L5 share: a US
/// Government token is taken as L4, and the recipe's notes name L5.
impl From<crate::token::Cloud> for Cloud {
    fn from(c: crate::token::Cloud) -> Self {
        match c {
            crate::token::Cloud::Global => Cloud::Global,
            crate::token::Cloud::Usgov => Cloud::Usgov,
            crate::token::Cloud::China => Cloud::China,
        }
    }
}

/// A page a recipe rests on (the same citation type as every catalogue).
pub use crate::entra::Source;

/// One recipe, filled in. When `problems` is not empty the command fields are empty.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Recipe {
    pub id: RecipeId,
    pub title: String,
    /// "home" or "resource".
    pub tenant: Side,
    /// The tenant ID or domain the commands connect to, when known.
    pub tenant_id: Option<String>,
    /// The cloud the commands are written for.
    pub cloud: Cloud,
    /// The least Entra role that can run every command in the recipe.
    pub role: String,
    /// Graph permissions (delegated scopes) the PowerShell form asks for.
    pub permissions: Vec<String>,
    /// True when the recipe holds a command that changes or deletes something.
    pub writes: bool,
    /// What running it changes, or "Read-only."
    pub changes: String,
    pub powershell: String,
    /// The first REST call; `rest_steps` holds any further ones, in order.
    pub rest: RestCall,
    pub rest_steps: Vec<RestCall>,
    /// Azure CLI for a POSIX shell; changing commands are commented out.
    pub az: String,
    /// The same Azure CLI commands for PowerShell (Windows PowerShell 5.1 and PowerShell 7).
    pub az_powershell: String,
    /// Statements that rest on unverified, unofficial or inferred facts.
    pub caveats: Vec<String>,
    pub notes: Vec<String>,
    /// Why no commands could be written, per input field.
    pub problems: Vec<InputProblem>,
    /// The pages the recipe's permissions, role and calls come from.
    pub sources: Vec<Source>,
}

/// A value that is missing or unusable, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InputProblem {
    /// The `Inputs` field: "email", "object_id", …; "recipe" for an unknown recipe id.
    pub field: String,
    /// True when the value is needed but empty; false when it is present but wrong.
    pub missing: bool,
    pub message: String,
}

/// Values as the user typed them (or as the findings filled them in); all optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inputs {
    pub email: Option<String>,
    pub upn: Option<String>,
    /// The guest's (or conflicting object's) object ID in the resource tenant.
    pub object_id: Option<String>,
    /// The resource tenant: ID or verified domain.
    pub tenant: Option<String>,
    /// The guest's home tenant: ID or verified domain.
    pub home_tenant: Option<String>,
    pub app_id: Option<String>,
    pub correlation_id: Option<String>,
    /// An AADSTS code, with or without the "AADSTS" prefix.
    pub code: Option<String>,
    /// For list-guests: no sign-in for this many days (default 90).
    pub days: Option<String>,
    /// The Microsoft cloud: a `Cloud` key or name; global when empty.
    pub cloud: Option<String>,
}

impl Inputs {
    /// The values typed by hand as a saved case holds them, field by field.
    pub fn to_saved(&self) -> Vec<crate::case::SavedTyped> {
        Field::ALL
            .into_iter()
            .filter_map(|f| {
                f.get(self).map(|v| crate::case::SavedTyped {
                    field: f.key().to_owned(),
                    value: v.to_owned(),
                })
            })
            .collect()
    }

    /// The values a saved case holds; a field this build does not know (a newer one's) is
    /// passed over, as the case file passes over members it does not know.
    pub fn from_saved(saved: &[crate::case::SavedTyped]) -> Inputs {
        let mut inputs = Inputs::default();
        for t in saved {
            if let Some(f) = Field::ALL.into_iter().find(|f| f.key() == t.field) {
                *f.slot(&mut inputs) = Some(t.value.clone());
            }
        }
        inputs
    }

    /// Pre-fills the inputs. Error messages name a tenant by display name ("Contoso"), which
    /// no command can use, so only tenant IDs and domains are taken over. An object ID is
    /// taken over only with the tenant that issued it, when that is the resource tenant: an
    /// object ID means nothing in any other tenant.
    pub fn from_findings(f: &Findings) -> Self {
        let tenant = |field: Field, v: &Option<String>| {
            v.as_deref()
                .filter(|t| validate(field, t.trim()).is_ok())
                .map(str::to_owned)
        };
        let resource = tenant(Field::Tenant, &f.resource_tenant);
        let issued_here = match (&f.object_tenant, &resource) {
            (Some(issuer), Some(r)) => issuer.trim().eq_ignore_ascii_case(r.trim()),
            _ => false,
        };
        Inputs {
            email: f.email.clone(),
            upn: f.upn.clone(),
            object_id: f.object_id.clone().filter(|_| issued_here),
            tenant: resource,
            home_tenant: tenant(Field::HomeTenant, &f.home_tenant),
            app_id: f.app_id.clone(),
            correlation_id: f.correlation_id.clone(),
            code: f.codes.first().map(u32::to_string),
            days: None,
            cloud: f.cloud.map(|c| Cloud::from(c).key().to_owned()),
        }
    }
}

/// Input fields a recipe may use: the one list the page's form, the CLI's flags and their help
/// are made from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Email,
    Upn,
    ObjectId,
    Tenant,
    HomeTenant,
    AppId,
    CorrelationId,
    Code,
    Days,
    Cloud,
}

impl Field {
    /// Every field, in the order the form and the CLI's help show them.
    pub const ALL: [Field; 10] = [
        Field::Email,
        Field::Upn,
        Field::ObjectId,
        Field::Tenant,
        Field::HomeTenant,
        Field::AppId,
        Field::CorrelationId,
        Field::Code,
        Field::Days,
        Field::Cloud,
    ];

    /// The name used in reports and JSON (`object_id`).
    pub fn key(self) -> &'static str {
        match self {
            Field::Email => "email",
            Field::Upn => "upn",
            Field::ObjectId => "object_id",
            Field::Tenant => "tenant",
            Field::HomeTenant => "home_tenant",
            Field::AppId => "app_id",
            Field::CorrelationId => "correlation_id",
            Field::Code => "code",
            Field::Days => "days",
            Field::Cloud => "cloud",
        }
    }

    /// The CLI flag without its dashes (`object-id`).
    pub fn flag(self) -> &'static str {
        match self {
            Field::Email => "email",
            Field::Upn => "upn",
            Field::ObjectId => "object-id",
            Field::Tenant => "tenant",
            Field::HomeTenant => "home-tenant",
            Field::AppId => "app-id",
            Field::CorrelationId => "correlation-id",
            Field::Code => "code",
            Field::Days => "days",
            Field::Cloud => "cloud",
        }
    }

    /// One line of help: what the value is and what shape it takes.
    pub fn hint(self) -> &'static str {
        match self {
            Field::Email => "The address the guest was invited with.",
            Field::Upn => "The guest's UPN, e.g. ann_partner.example#EXT#@contoso.onmicrosoft.com.",
            Field::ObjectId => {
                "The guest's (or conflicting object's) ID in the resource tenant: a GUID."
            }
            Field::Tenant => "ID or domain of the tenant the guest signs in to.",
            Field::HomeTenant => "ID or domain of the guest's own tenant.",
            Field::AppId => "The application (client) ID: a GUID.",
            Field::CorrelationId => "From the error page: a GUID.",
            Field::Code => "Like 50020 or AADSTS50020.",
            Field::Days => "For list-guests: no sign-in for this many days (90 when empty).",
            Field::Cloud => {
                "global, usgov (GCC High), usgovdod (DoD) or china (21Vianet); global when empty."
            }
        }
    }

    /// The field's slot in `Inputs`, for a form or a flag parser to fill.
    pub fn slot(self, i: &mut Inputs) -> &mut Option<String> {
        match self {
            Field::Email => &mut i.email,
            Field::Upn => &mut i.upn,
            Field::ObjectId => &mut i.object_id,
            Field::Tenant => &mut i.tenant,
            Field::HomeTenant => &mut i.home_tenant,
            Field::AppId => &mut i.app_id,
            Field::CorrelationId => &mut i.correlation_id,
            Field::Code => &mut i.code,
            Field::Days => &mut i.days,
            Field::Cloud => &mut i.cloud,
        }
    }

    /// The label people see (`Object ID`).
    pub fn label(self) -> &'static str {
        match self {
            Field::Email => "Email address",
            Field::Upn => "User principal name",
            Field::ObjectId => "Object ID",
            Field::Tenant => "Resource tenant",
            Field::HomeTenant => "Home tenant",
            Field::AppId => "App ID",
            Field::CorrelationId => "Correlation ID",
            Field::Code => "Error code",
            Field::Days => "Days",
            Field::Cloud => "Cloud",
        }
    }

    /// The value as held, untrimmed; `Some("")` when set to nothing.
    pub fn get(self, i: &Inputs) -> Option<&str> {
        let v = match self {
            Field::Email => &i.email,
            Field::Upn => &i.upn,
            Field::ObjectId => &i.object_id,
            Field::Tenant => &i.tenant,
            Field::HomeTenant => &i.home_tenant,
            Field::AppId => &i.app_id,
            Field::CorrelationId => &i.correlation_id,
            Field::Code => &i.code,
            Field::Days => &i.days,
            Field::Cloud => &i.cloud,
        };
        v.as_deref()
    }

    /// The trimmed value, or None when empty.
    pub fn raw(self, i: &Inputs) -> Option<&str> {
        self.get(i).map(str::trim).filter(|v| !v.is_empty())
    }

    fn missing(self, why: &str) -> InputProblem {
        InputProblem {
            field: self.key().to_owned(),
            missing: true,
            message: format!("{} is needed: {why}", self.label()),
        }
    }

    fn invalid(self, value: &str, what: impl fmt::Display) -> InputProblem {
        InputProblem {
            field: self.key().to_owned(),
            missing: false,
            message: format!("{} {}: {what}", self.label(), shown(value)),
        }
    }
}

/// A value for a message: shortened, with invisible and control characters spelled out.
fn shown(v: &str) -> String {
    let short: String = v.chars().take(60).collect();
    let more = if v.chars().nth(60).is_some() {
        "…"
    } else {
        ""
    };
    format!("{}{more}", quote::shown(&short, '"'))
}

/// Values that passed validation, normalised (trimmed; GUIDs and domains in lower case).
#[derive(Debug, Clone, Default)]
struct Ctx {
    email: Option<String>,
    upn: Option<String>,
    object_id: Option<String>,
    tenant: Option<String>,
    home_tenant: Option<String>,
    app_id: Option<String>,
    correlation_id: Option<String>,
    code: Option<u32>,
    days: u32,
    cloud: Cloud,
}

const MAX_LEN: usize = 320;
const GUID_HINT: &str =
    "not a GUID (expected 8-4-4-4-12 hex digits, like 00000000-0000-0000-0000-000000000000)";

fn validate(field: Field, v: &str) -> Result<String, InputProblem> {
    quote::check(v).map_err(|r| field.invalid(v, r))?;
    if v.chars().count() > MAX_LEN {
        return Err(field.invalid(v, format!("longer than {MAX_LEN} characters")));
    }
    match field {
        Field::ObjectId | Field::AppId | Field::CorrelationId => guid(v)
            .map(str::to_ascii_lowercase)
            .ok_or_else(|| field.invalid(v, GUID_HINT)),
        Field::Tenant | Field::HomeTenant => {
            if let Some(g) = guid(v) {
                Ok(g.to_ascii_lowercase())
            } else if is_domain(v) {
                Ok(v.to_ascii_lowercase())
            } else {
                Err(field.invalid(
                    v,
                    "neither a tenant ID (GUID) nor a domain name like contoso.onmicrosoft.com",
                ))
            }
        }
        Field::Email => address(v, false).map_err(|why| field.invalid(v, why)),
        Field::Upn => address(v, true).map_err(|why| field.invalid(v, why)),
        Field::Code => {
            let digits = match (v.get(..6), v.get(6..)) {
                (Some(p), Some(rest)) if p.eq_ignore_ascii_case("aadsts") => rest,
                _ => v,
            };
            match digits.parse::<u32>() {
                Ok(n) if digits.bytes().all(|b| b.is_ascii_digit()) => Ok(n.to_string()),
                _ => Err(field.invalid(v, "not an error code (digits, like 50020 or AADSTS50020)")),
            }
        }
        Field::Days => match v.parse::<u32>() {
            Ok(n) if (1..=3650).contains(&n) && v.bytes().all(|b| b.is_ascii_digit()) => {
                Ok(n.to_string())
            }
            _ => Err(field.invalid(v, "not a whole number of days from 1 to 3650")),
        },
        Field::Cloud => Cloud::parse(v)
            .map(|c| c.key().to_owned())
            .ok_or_else(|| field.invalid(v, "not a cloud: global, usgov, usgovdod or china")),
    }
}

/// A GUID, also when pasted in braces.
fn guid(v: &str) -> Option<&str> {
    let inner = v
        .strip_prefix('{')
        .and_then(|s| s.strip_suffix('}'))
        .unwrap_or(v);
    is_guid(inner).then_some(inner)
}

fn is_domain(v: &str) -> bool {
    let labels: Vec<&str> = v.split('.').collect();
    v.len() <= 253
        && labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

/// Shape checks for an address or UPN; quoting, not this, is what keeps commands safe.
fn address(v: &str, upn: bool) -> Result<String, String> {
    if let Some((i, c)) = v.chars().enumerate().find(|(_, c)| c.is_whitespace()) {
        return Err(format!(
            "{} at position {} is not allowed",
            quote::describe(c),
            i + 1
        ));
    }
    if v.starts_with('-') {
        return Err("must not start with '-'".into());
    }
    // A UPN's last @ starts the domain; an address may hold only one.
    let Some((local, domain)) = v.rsplit_once('@') else {
        return Err("needs an @".into());
    };
    if !upn && local.contains('@') {
        return Err("must hold exactly one @".into());
    }
    if local.is_empty() {
        return Err("has nothing before the @".into());
    }
    if !domain.contains('.') || domain.split('.').any(str::is_empty) {
        return Err("needs a domain after the @, like contoso.com".into());
    }
    Ok(v.to_owned())
}

/// The invitation API's own rules for `invitedUserEmailAddress` (entra-facts c).
fn invitable(v: &str) -> Result<(), String> {
    const FORBIDDEN: &str = "~!#$%^&*()+=[]{}\\/|;:\"<>?,";
    if let Some((i, c)) = v.chars().enumerate().find(|(_, c)| FORBIDDEN.contains(*c)) {
        return Err(format!(
            "the invitation API does not accept '{c}' (position {}) in an address",
            i + 1
        ));
    }
    let local = v.split('@').next().unwrap_or_default();
    if local.starts_with(['.', '-']) || local.ends_with(['.', '-']) {
        return Err("the part before the @ may not start or end with '.' or '-'".into());
    }
    Ok(())
}

/// What a recipe needs to know to be written; its title and tenant side come from `RecipeId`.
struct Spec {
    /// Fields the recipe reads; only these are validated for it.
    uses: &'static [Field],
    build: Build,
    /// Where its permissions, role and calls come from.
    sources: &'static [Source],
}

type Build = fn(&Ctx, &mut recipes::Body) -> Result<(), Vec<InputProblem>>;

/// The registry: each recipe's fields and builder, from its file under `commands/recipes/`.
/// Adding a recipe is one file there and one line here (plus its `RecipeId`).
fn spec(id: RecipeId) -> Spec {
    use recipes::*;
    let (uses, build, sources): (&'static [Field], Build, &'static [Source]) = match id {
        RecipeId::FindAddress => (
            find_address::USES,
            find_address::build,
            find_address::SOURCES,
        ),
        RecipeId::GuestState => (guest_state::USES, guest_state::build, guest_state::SOURCES),
        RecipeId::ResendInvite => (
            resend_invite::USES,
            resend_invite::build,
            resend_invite::SOURCES,
        ),
        RecipeId::ResetRedemption => (
            reset_redemption::USES,
            reset_redemption::build,
            reset_redemption::SOURCES,
        ),
        RecipeId::RemoveObject => (
            remove_object::USES,
            remove_object::build,
            remove_object::SOURCES,
        ),
        RecipeId::RestoreDeleted => (
            restore_deleted::USES,
            restore_deleted::build,
            restore_deleted::SOURCES,
        ),
        RecipeId::RestoreApp => (restore_app::USES, restore_app::build, restore_app::SOURCES),
        RecipeId::ListGuests => (list_guests::USES, list_guests::build, list_guests::SOURCES),
        RecipeId::XtapRead => (xtap_read::USES, xtap_read::build, xtap_read::SOURCES),
        RecipeId::FirstPartySps => (
            first_party_sps::USES,
            first_party_sps::build,
            first_party_sps::SOURCES,
        ),
        RecipeId::AuthorizationPolicy => (
            authorization_policy::USES,
            authorization_policy::build,
            authorization_policy::SOURCES,
        ),
        RecipeId::AppAccess => (app_access::USES, app_access::build, app_access::SOURCES),
        RecipeId::SigninLogs => (signin_logs::USES, signin_logs::build, signin_logs::SOURCES),
    };
    Spec {
        uses,
        build,
        sources,
    }
}

fn side_of(id: RecipeId) -> Side {
    if id.runs_at_home() {
        Side::Home
    } else {
        Side::Resource
    }
}

/// Why each filled-in field can't be used, by the rules every recipe applies (the invitation
/// recipes add rules of their own, which `render` reports).
pub fn check(inputs: &Inputs) -> Vec<InputProblem> {
    let mut problems = Vec::new();
    for f in Field::ALL {
        if let Some(raw) = f.raw(inputs) {
            problems.extend(validate(f, raw).err());
        }
    }
    problems
}

/// Writes one recipe with the inputs filled in, or says which inputs stop it; `id` as the CLI
/// and the JSON spell it.
pub fn render(id: &str, inputs: &Inputs) -> Result<Recipe, Vec<InputProblem>> {
    let Some(id) = RecipeId::parse(id) else {
        let known: Vec<&str> = RecipeId::ALL.iter().map(|r| r.id()).collect();
        return Err(vec![InputProblem {
            field: "recipe".into(),
            missing: false,
            message: format!(
                "there is no recipe {}; known recipes: {}",
                shown(id),
                known.join(", ")
            ),
        }]);
    };
    render_recipe(id, inputs)
}

/// Writes one recipe with the inputs filled in, or says which inputs stop it.
pub fn render_recipe(id: RecipeId, inputs: &Inputs) -> Result<Recipe, Vec<InputProblem>> {
    let spec = spec(id);
    let mut problems = Vec::new();
    let mut ctx = Ctx {
        days: 90,
        ..Ctx::default()
    };
    // Every recipe is written for a cloud.
    for &field in spec.uses.iter().chain(&[Field::Cloud]) {
        let Some(raw) = field.raw(inputs) else {
            continue;
        };
        let checked = validate(field, raw).and_then(|v| {
            let invite = matches!(id, RecipeId::ResendInvite | RecipeId::ResetRedemption);
            if field == Field::Email && invite {
                invitable(&v).map_err(|why| field.invalid(raw, why))?;
            }
            Ok(v)
        });
        match checked {
            Ok(v) => store(&mut ctx, field, v),
            Err(p) => problems.push(p),
        }
    }
    let mut body = recipes::Body::new(side_of(id));
    body.sources = spec.sources;
    if let Err(more) = (spec.build)(&ctx, &mut body) {
        // A field that is present but invalid is not "missing" as well.
        for m in more {
            if !problems.iter().any(|p| p.field == m.field) {
                problems.push(m);
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let tenant_id = match body.side {
        Side::Resource => ctx.tenant.clone(),
        Side::Home => ctx.home_tenant.clone(),
    };
    recipes::finish(id, tenant_id, ctx.cloud, body)
}

/// The recipe, or when its inputs stop it, a recipe with only its title, side and problems.
pub fn render_or_blocked(id: RecipeId, inputs: &Inputs) -> Recipe {
    render_recipe(id, inputs).unwrap_or_else(|problems| blocked(id, problems))
}

/// The inputs one recipe gets, given what the user sees (`inputs`) and what the findings
/// filled in (`found`). An object ID is valid only in the tenant that issued it, and only a
/// recipe about the guest object itself may take the guest's: a found (not typed) object ID
/// is dropped for a recipe that acts on an object the user must pick (remove-object,
/// restore-deleted), that runs in the home tenant, or when the tenant was changed by hand.
pub fn inputs_for(id: RecipeId, inputs: &Inputs, found: &Inputs) -> Inputs {
    let mut out = inputs.clone();
    let object = Field::ObjectId.raw(inputs);
    let is_found = object.is_some() && object == Field::ObjectId.raw(found);
    let same_tenant = Field::Tenant.raw(inputs).map(str::to_ascii_lowercase)
        == Field::Tenant.raw(found).map(str::to_ascii_lowercase);
    if is_found && (!id.takes_found_object() || id.runs_at_home() || !same_tenant) {
        out.object_id = None;
    }
    out
}

fn store(ctx: &mut Ctx, field: Field, v: String) {
    match field {
        Field::Email => ctx.email = Some(v),
        Field::Upn => ctx.upn = Some(v),
        Field::ObjectId => ctx.object_id = Some(v),
        Field::Tenant => ctx.tenant = Some(v),
        Field::HomeTenant => ctx.home_tenant = Some(v),
        Field::AppId => ctx.app_id = Some(v),
        Field::CorrelationId => ctx.correlation_id = Some(v),
        Field::Code => ctx.code = v.parse().ok(),
        Field::Days => ctx.days = v.parse().unwrap_or(90),
        Field::Cloud => ctx.cloud = Cloud::parse(&v).unwrap_or_default(),
    }
}

/// The recipes the findings call for, filled in: those the error guidance names first, then
/// `guest-state` when the guest is known and `signin-logs` when a failure can be looked up.
/// A recipe whose inputs are missing or wrong comes back with `problems` and no commands.
pub fn recipes_for(findings: &Findings) -> Vec<Recipe> {
    let inputs = Inputs::from_findings(findings);
    let clouds_differ = findings.blocked.contains(&crate::findings::Value::Cloud);
    suggested(findings)
        .into_iter()
        .map(|id| {
            if clouds_differ {
                return blocked(id, vec![clouds_differ_problem()]);
            }
            render_or_blocked(id, &inputs_for(id, &inputs, &inputs))
        })
        .collect()
}

/// The sources name two Microsoft clouds: a command for either may connect to the wrong
/// directory, so none is written until the Cloud field is set.
pub fn clouds_differ_problem() -> InputProblem {
    InputProblem {
        field: Field::Cloud.key().to_owned(),
        missing: true,
        message: "The sources name more than one Microsoft cloud: choose the cloud the tenant is in before any command is written.".to_owned(),
    }
}

/// The ids `recipes_for` renders, in its order.
pub fn suggested(findings: &Findings) -> Vec<RecipeId> {
    let mut ids: Vec<RecipeId> = Vec::new();
    if findings.no_commands {
        return ids;
    }
    // Ids that name no recipe are skipped: there is nothing to render for them.
    for r in &findings.recipes {
        if let Some(id) = RecipeId::parse(r)
            && !ids.contains(&id)
        {
            ids.push(id);
        }
    }
    let knows_guest =
        findings.email.is_some() || findings.upn.is_some() || findings.object_id.is_some();
    if knows_guest && !ids.contains(&RecipeId::GuestState) {
        ids.push(RecipeId::GuestState);
    }
    let knows_failure = findings.correlation_id.is_some() || !findings.codes.is_empty();
    if knows_failure && !ids.contains(&RecipeId::SigninLogs) {
        ids.push(RecipeId::SigninLogs);
    }
    ids
}

/// A recipe written as refused, with what stops it.
pub(crate) fn blocked(id: RecipeId, problems: Vec<InputProblem>) -> Recipe {
    Recipe {
        id,
        title: id.title().to_owned(),
        tenant: side_of(id),
        problems,
        sources: spec(id).sources.to_vec(),
        ..Recipe::default()
    }
}

/// Every recipe's sources, for a test or a page that lists them.
pub fn sources_of(id: RecipeId) -> &'static [Source] {
    spec(id).sources
}

/// One PowerShell script for the whole diagnosis, for a "copy all" button: read-only steps
/// run as they are; every changing step is commented out with a word on how to run it.
pub fn combined_script(recipes: &[Recipe]) -> String {
    let mut out = String::from(
        "# GuestLens: the whole diagnosis as one PowerShell script.\n\
         # Needs the Microsoft Graph PowerShell SDK v2: Install-Module Microsoft.Graph -Scope CurrentUser\n\
         # (sign-in log steps also need Microsoft.Graph.Beta).\n\
         # Read-only steps run as they are. Steps that change something are commented out: read the\n\
         # output first, then remove the leading '# ' and the -WhatIf of a step to apply it.\n",
    );
    let mut last_connect = String::new();
    for r in recipes {
        let _ = writeln!(
            out,
            "\n# ==== {}: {} ====",
            r.id.id(),
            comment_safe(&r.title)
        );
        if !r.problems.is_empty() {
            out.push_str("# Left out, because:\n");
            for p in &r.problems {
                let _ = writeln!(out, "#   {}", comment_safe(&p.message));
            }
            continue;
        }
        for line in r.powershell.lines() {
            let code = !line.trim_start().starts_with('#');
            if code && line.starts_with("Connect-MgGraph ") {
                // Connecting again to the same tenant with the same scopes only prompts again.
                if line == last_connect {
                    continue;
                }
                last_connect = line.to_owned();
            }
            if code && line.contains("-WhatIf") {
                out.push_str("# Changes something: remove '# ' and -WhatIf to run.\n# ");
            }
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// Text for a comment line: no character that could end the comment or hide text.
fn comment_safe(s: &str) -> String {
    s.chars()
        .map(|c| if quote::is_refused(c) { '?' } else { c })
        .collect()
}

/// One call as Graph Explorer and HTTP files show it: request line, headers, a blank line and
/// the body. The page's REST view and `to_text` both use it.
pub fn rest_text(c: &RestCall) -> String {
    let mut out = format!("{} {}\n", c.method, c.url);
    for (k, v) in &c.headers {
        let _ = writeln!(out, "{k}: {v}");
    }
    if let Some(body) = &c.body {
        out.push('\n');
        // `{:#}` is serde_json's pretty form, through the Display the page has anyway.
        let _ = write!(out, "{body:#}");
        out.push('\n');
    }
    out
}

/// The recipe as plain text, every dialect labelled (the CLI's output; snapshot format).
pub fn to_text(r: &Recipe) -> String {
    let mut out = format!("{}: {}\n", r.id.id(), r.title);
    let tenant = match &r.tenant_id {
        Some(t) => format!("{}, {t}", r.tenant.describe()),
        None => r.tenant.describe().to_owned(),
    };
    let _ = writeln!(out, "Run in: {tenant}");
    let _ = writeln!(out, "Cloud: {}", r.cloud.label());
    if !r.problems.is_empty() {
        out.push_str("Not available:\n");
        for p in &r.problems {
            let _ = writeln!(out, "- {}", p.message);
        }
        return out;
    }
    let _ = writeln!(out, "Least role: {}", r.role);
    let _ = writeln!(out, "Permissions: {}", r.permissions.join(", "));
    let _ = writeln!(out, "Changes: {}", r.changes);
    out.push_str("\n--- PowerShell (Microsoft Graph PowerShell SDK v2) ---\n");
    out.push_str(&r.powershell);
    out.push_str("\n--- Graph REST ---\n");
    for (i, call) in std::iter::once(&r.rest).chain(&r.rest_steps).enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let _ = writeln!(out, "# {}. {}", i + 1, call.label);
        out.push_str(&rest_text(call));
    }
    out.push_str("\n--- Azure CLI (POSIX shell) ---\n");
    out.push_str(&r.az);
    out.push_str("\n--- Azure CLI (PowerShell) ---\n");
    out.push_str(&r.az_powershell);
    for (head, list) in [("Caveats", &r.caveats), ("Notes", &r.notes)] {
        if !list.is_empty() {
            let _ = writeln!(out, "\n{head}:");
            for item in list {
                let _ = writeln!(out, "- {item}");
            }
        }
    }
    if !r.sources.is_empty() {
        out.push_str("\nSources:\n");
        for s in &r.sources {
            let _ = writeln!(out, "- {} <{}> (checked {})", s.title, s.url, s.checked);
        }
    }
    out
}
