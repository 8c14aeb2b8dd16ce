//! What the Token and Error tools found that the Commands tool can be filled in with.
use serde::Serialize;

use super::{errors::Failure, token::TokenReport};

/// Values handed to the Commands tool; every one is editable there.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Findings {
    pub email: Option<String>,
    pub upn: Option<String>,
    /// The signed-in object's id (`oid`): the guest object when the token is the resource
    /// tenant's.
    pub object_id: Option<String>,
    /// The tenant that issued `object_id` (the same token's `tid`): the only tenant where
    /// that ID names anything.
    pub object_tenant: Option<String>,
    /// The tenant the sign-in was for (`tid`, or the tenant named in an error).
    pub resource_tenant: Option<String>,
    pub home_tenant: Option<String>,
    pub app_id: Option<String>,
    pub correlation_id: Option<String>,
    /// AADSTS codes seen, in order, without repeats.
    pub codes: Vec<u32>,
    /// Recipe ids that the errors' guidance asks for, in order, without repeats.
    pub recipes: Vec<String>,
    /// The Microsoft cloud of the token's issuer, when known: the commands are written for it.
    pub cloud: Option<super::token::Cloud>,
    /// No command applies: the failures are in Microsoft's own tenant. Not in the JSON: the
    /// case's `unknowns` say so.
    #[serde(skip)]
    pub no_commands: bool,
    /// Where each value above was read. Not in the JSON: its `case` holds the same places
    /// by source id.
    #[serde(skip)]
    pub from: Vec<(Value, Vec<FoundAt>)>,
    /// Values the case's sources disagree on: left empty until the user picks one.
    #[serde(skip)]
    pub blocked: Vec<Value>,
}

/// The values above, by name, for saying where each was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value {
    Email,
    Upn,
    ObjectId,
    ResourceTenant,
    HomeTenant,
    AppId,
    CorrelationId,
    /// The first of `codes`.
    Code,
    Cloud,
}

/// One place a found value was read, ready to show beside its field ("Paste 2 · failure 1").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FoundAt {
    /// The source's name: a file name or "Paste N".
    pub source: String,
    /// Where in it: "failure 1", "claim tid", "line 4", "request 3 of the trace, claim oid".
    pub place: String,
}

impl FoundAt {
    /// "Paste 2 · failure 1".
    pub fn label(&self) -> String {
        format!("{} · {}", self.source, self.place)
    }
}

/// Which pasted box a tool's result was read from. The page reads every box with every tool,
/// so a token pasted in the Error box still reaches the Token tool, and the reverse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// The tool's own box.
    OwnBox,
    /// The other box: the tool's own found nothing there.
    OtherBox,
}

/// Whose result a tool shows: its own box's, unless that found nothing and the other box's did.
pub fn origin(own_found: bool, other_found: bool) -> Origin {
    if !own_found && other_found {
        Origin::OtherBox
    } else {
        Origin::OwnBox
    }
}

/// Merges token and error findings; the first value seen wins.
pub fn collect<'a>(
    token: Option<&TokenReport>,
    failures: impl IntoIterator<Item = &'a Failure>,
) -> Findings {
    let mut f = Findings::default();
    if let Some(t) = token {
        set(&mut f.email, t.email.as_deref());
        set(&mut f.upn, t.upn.as_deref());
        set(&mut f.object_id, t.object_id.as_deref());
        if f.object_id.is_some() {
            set(&mut f.object_tenant, t.tenant_id.as_deref());
        }
        set(&mut f.resource_tenant, t.tenant_id.as_deref());
        set(&mut f.home_tenant, t.home_tenant_id.as_deref());
        set(&mut f.app_id, t.app_id.as_deref());
        f.cloud = t.cloud;
    }
    for e in failures {
        if let Some(user) = e.user.as_deref() {
            if user.contains('@') && !user.contains("#EXT#") {
                set(&mut f.email, Some(user));
            } else {
                set(&mut f.upn, Some(user));
            }
        }
        set(&mut f.resource_tenant, e.tenant.as_deref());
        set(&mut f.app_id, e.app_id.as_deref());
        set(&mut f.correlation_id, e.correlation_id.as_deref());
        for &c in &e.codes {
            if !f.codes.contains(&c) {
                f.codes.push(c);
            }
        }
        for r in &e.recipes {
            if !f.recipes.contains(r) {
                f.recipes.push(r.clone());
            }
        }
    }
    f
}

fn set(slot: &mut Option<String>, value: Option<&str>) {
    if slot.is_none()
        && let Some(v) = value.map(str::trim).filter(|v| !v.is_empty())
    {
        *slot = Some(v.to_owned());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn own_box_wins_unless_empty() {
        assert_eq!(origin(true, true), Origin::OwnBox);
        assert_eq!(origin(true, false), Origin::OwnBox);
        assert_eq!(origin(false, false), Origin::OwnBox);
        assert_eq!(origin(false, true), Origin::OtherBox);
    }
}
