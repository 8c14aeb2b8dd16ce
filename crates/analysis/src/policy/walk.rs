//! Walks a parsed policy response once: a row per partner tenant, breakdown items (sections,
//! target lists, definition strings) and findings with the exact bytes each change frees.
//!
//! Graph keys are matched without regard to case, because PowerShell's `ConvertTo-Json`
//! output capitalises them. Recursion follows the parsed tree, whose depth the reader caps.
use std::collections::HashMap;
use std::fmt::Write;

use serde_json::{Map, Value};

use super::size::{Place, size, string_size};
// Findings are made as the report holds them, so the report moves them without a copy.
use super::{Finding as Found, FindingKind, PartKind, json};
use crate::Diagnostic;
use crate::text::{self, is_guid, line_col};

/// Partner properties that inherit the default when null.
pub const SECTIONS: &[&str] = &[
    "b2bCollaborationInbound",
    "b2bCollaborationOutbound",
    "b2bDirectConnectInbound",
    "b2bDirectConnectOutbound",
    "inboundTrust",
    "automaticUserConsentSettings",
    "tenantRestrictions",
    "identitySynchronization",
    "invitationRedemptionIdentityProviderConfiguration",
    "appServiceConnectInbound",
    "m365CollaborationInbound",
    "m365CollaborationOutbound",
];

/// Partner switches that mean something when true, so an entry holding one must stay.
const FLAGS: &[&str] = &[
    "isServiceProvider",
    "isInMultiTenantOrganization",
    "blockServiceProviderOutboundAccess",
];

const ZERO_GUID: &str = "00000000-0000-0000-0000-000000000000";
/// Paths and tenant IDs listed per finding; the rest are counted in the message.
const LIST_CAP: usize = 50;
/// Characters of one property name kept in a path.
const KEY_CAP: usize = 64;
/// Bytes of a stored path.
const PATH_CAP: usize = 240;

pub fn eq_ci(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

pub fn get_ci<'m>(m: &'m Map<String, Value>, key: &str) -> Option<&'m Value> {
    // A policy's objects hold a handful of keys: one pass comparing them beats hashing the key
    // (SipHash), which took a fifth of the walk of a 2 MB policy in the page. The exact name
    // wins over one that differs only in case.
    if m.len() > 16 {
        return m
            .get(key)
            .or_else(|| m.iter().find(|(k, _)| eq_ci(k, key)).map(|(_, v)| v));
    }
    let mut other_case = None;
    for (k, v) in m {
        if k == key {
            return Some(v);
        }
        if other_case.is_none() && eq_ci(k, key) {
            other_case = Some(v);
        }
    }
    other_case
}

fn is_section(k: &str) -> bool {
    SECTIONS.iter().any(|s| eq_ci(s, k))
}

fn is_flag(k: &str) -> bool {
    FLAGS.iter().any(|s| eq_ci(s, k))
}

/// The tenant ID of a partner configuration object, if `m` is one.
pub fn partner_tenant(m: &Map<String, Value>) -> Option<&str> {
    let tid = get_ci(m, "tenantId")?.as_str()?;
    // An entry cut down to its tenantId (`$select=tenantId`, `Select-Object TenantId`) counts
    // only when the ID is a GUID, so any other list of `tenantId`s is not taken for partners.
    let shaped = m.keys().any(|k| is_section(k) || is_flag(k))
        || (m.keys().all(|k| ignorable_key(k)) && is_guid(tid));
    shaped.then_some(tid)
}

fn ignorable_key(k: &str) -> bool {
    eq_ci(k, "tenantId") || k.starts_with("@odata") || eq_ci(k, "deletedDateTime")
}

/// An entry of the undocumented `definition` layout that names one tenant: a member whose
/// name mentions "tenant" holding a GUID or a one-GUID list.
fn definition_tenant(m: &Map<String, Value>) -> Option<&str> {
    if m.len() < 2 {
        return None;
    }
    m.iter().find_map(|(k, v)| {
        if !k.to_ascii_lowercase().contains("tenant") {
            return None;
        }
        let s = match v {
            Value::String(s) => s.as_str(),
            Value::Array(a) if a.len() == 1 => a.first()?.as_str()?,
            _ => return None,
        };
        is_guid(s).then_some(s)
    })
}

/// The JSON documents a beta `definition` holds: its strings, each with its index when the
/// definition is a list.
pub fn definition_strings(v: &Value) -> Vec<(Option<usize>, &str)> {
    match v {
        Value::Array(a) => {
            let mut out = Vec::new();
            for (i, s) in a.iter().enumerate() {
                if let Some(s) = s.as_str() {
                    out.push((Some(i), s));
                }
            }
            out
        }
        Value::String(s) => vec![(None, s.as_str())],
        _ => Vec::new(),
    }
}

/// A property that inherits: null, or consent settings that are all null or false.
fn is_unset(key: &str, v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Object(o) if eq_ci(key, "automaticUserConsentSettings") => o
            .iter()
            .filter(|(k, _)| !k.starts_with("@odata"))
            .all(|(_, v)| matches!(v, Value::Null | Value::Bool(false))),
        _ => false,
    }
}

/// Equal settings, ignoring `@odata` annotations. Names are matched exactly: both sides come
/// from Graph, and a case-blind lookup per name would be quadratic on hostile input.
fn same(a: &Value, b: &Value, depth: usize) -> bool {
    if depth > json::MAX_DEPTH {
        return false;
    }
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let real =
                |m: &Map<String, Value>| m.keys().filter(|k| !k.starts_with("@odata")).count();
            real(x) == real(y)
                && x.iter()
                    .filter(|(k, _)| !k.starts_with("@odata"))
                    .all(|(k, v)| y.get(k).is_some_and(|w| same(v, w, depth + 1)))
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(v, w)| same(v, w, depth + 1))
        }
        _ => a == b,
    }
}

fn push_key(path: &mut String, key: &str) {
    if !path.is_empty() && !path.ends_with(' ') {
        path.push('.');
    }
    if key.len() <= KEY_CAP {
        path.push_str(key);
    } else {
        path.push_str(&shorten(key, KEY_CAP));
    }
}

/// A path as stored in a row, item or finding: long ones keep their head and tail, so
/// hostile input can't make every stored copy huge.
pub fn shown(path: &str) -> String {
    if path.len() <= PATH_CAP {
        return path.to_string();
    }
    let mut head = 80;
    while !path.is_char_boundary(head) {
        head -= 1;
    }
    let mut tail = path.len() - (PATH_CAP - 90);
    while !path.is_char_boundary(tail) {
        tail += 1;
    }
    format!(
        "{}…{}",
        path.get(..head).unwrap_or(""),
        path.get(tail..).unwrap_or("")
    )
}

fn push_index(path: &mut String, i: usize) {
    // Digits by hand: the walk writes one index per array element it passes.
    path.push('[');
    let from = path.len();
    let mut n = i;
    loop {
        path.insert(from, char::from(b'0' + (n % 10) as u8));
        n /= 10;
        if n == 0 {
            break;
        }
    }
    path.push(']');
}

pub fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let head: String = s.chars().take(max).collect();
        format!("{head}…")
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

#[derive(Debug, Clone)]
pub struct Row {
    pub tenant_id: String,
    pub path: String,
    pub bytes: usize,
    pub inherits_all: bool,
    pub targets: usize,
    pub in_definition: bool,
}

#[derive(Debug, Clone)]
pub struct Item {
    pub path: String,
    pub bytes: usize,
    pub kind: PartKind,
    pub tenant_id: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Removal {
    Empty,
    AllNull,
    SameAsDefault,
}

/// A partner entry that could be deleted whole.
struct Removable {
    why: Removal,
    /// Path of the list holding it, to count the commas that go with it.
    list: String,
    siblings: usize,
    bytes: usize,
    tenant: String,
    path: String,
}

/// A partner value equal to the default's, that could be set back to null.
struct DefaultCopy {
    section: String,
    bytes: usize,
    tenant: String,
    path: String,
}

/// A list of user, group or other object IDs, for spotting the same IDs across partners.
struct IdList {
    owner: Option<usize>,
    path: String,
    /// Each ID once (lower case) with the bytes its element costs.
    ids: Vec<(String, usize)>,
    /// Bytes of one element naming a group instead.
    replacement: usize,
    /// Graph `usersAndGroups` targets (true), or a GUID list of the undocumented definition.
    known_users: bool,
}

#[derive(Clone, Copy)]
struct Cx<'v> {
    place: Place,
    owner: Option<usize>,
    key: Option<&'v str>,
    depth: usize,
    root: bool,
    /// Length of the array holding this value (0 when it is not an array item).
    siblings: usize,
}

pub struct Walker<'d> {
    default: Option<&'d Map<String, Value>>,
    /// Definition strings parsed ahead, by the address of their text.
    parsed: &'d [(usize, json::Read)],
    pub rows: Vec<Row>,
    pub items: Vec<Item>,
    pub findings: Vec<Found>,
    pub diagnostics: Vec<Diagnostic>,
    /// Per section name: display name, bytes and count, summed over partner entries.
    pub section_totals: Vec<(String, usize, usize)>,
    section_index: HashMap<String, usize>,
    /// A name in lower case, for `section_index` lookups.
    lower: String,
    /// The default's properties by lower-case name: places in `default_values` (a map of
    /// places, like `section_index`: one hash table type less in the page).
    default_index: HashMap<String, usize>,
    default_values: Vec<&'d Value>,
    pub definitions: usize,
    pub definitions_read: usize,
    pub partner_shaped: usize,
    partner_with_settings: usize,
    removable: Vec<Removable>,
    default_copies: Vec<DefaultCopy>,
    lists: Vec<IdList>,
}

impl<'d> Walker<'d> {
    pub fn new(default: Option<&'d Map<String, Value>>, parsed: &'d [(usize, json::Read)]) -> Self {
        let mut default_index = HashMap::new();
        let mut default_values = Vec::new();
        for (k, v) in default.into_iter().flatten() {
            default_index
                .entry(k.to_ascii_lowercase())
                .or_insert_with(|| {
                    default_values.push(v);
                    default_values.len() - 1
                });
        }
        Walker {
            default,
            parsed,
            rows: Vec::new(),
            items: Vec::new(),
            findings: Vec::new(),
            diagnostics: Vec::new(),
            section_totals: Vec::new(),
            section_index: HashMap::new(),
            lower: String::new(),
            default_index,
            default_values,
            definitions: 0,
            definitions_read: 0,
            partner_shaped: 0,
            partner_with_settings: 0,
            removable: Vec::new(),
            default_copies: Vec::new(),
            lists: Vec::new(),
        }
    }

    /// Walks one top-level document; `prefix` names it when several were pasted. Gives back
    /// its compact size.
    pub fn document(&mut self, doc: &Value, prefix: &str) -> usize {
        let mut path = prefix.to_string();
        let cx = Cx {
            place: Place::Plain,
            owner: None,
            key: None,
            depth: 0,
            root: true,
            siblings: 0,
        };
        self.walk(doc, &mut path, cx)
    }

    /// Walks `v` and gives back its size at `cx.place`: each node is sized once, on the way
    /// back up, so rows and items get their bytes from their children instead of a new pass.
    fn walk<'v>(&mut self, v: &'v Value, path: &mut String, cx: Cx<'v>) -> usize {
        // The reader caps nesting at 128 per document; a definition adds one more document.
        if cx.depth > 4 * json::MAX_DEPTH {
            return size(v, cx.place);
        }
        match v {
            Value::Object(m) => self.object(m, path, cx),
            Value::Array(a) => self.array(a, v, path, cx),
            _ => size(v, cx.place),
        }
    }

    fn object<'v>(&mut self, m: &'v Map<String, Value>, path: &mut String, cx: Cx<'v>) -> usize {
        let outer = cx;
        let mut cx = cx;
        // The row is written now, so it keeps its place before its children's; its bytes
        // are known once they are walked.
        let mut row = None;
        let mut partner = None;
        if cx.owner.is_none() {
            if let Some(tid) = partner_tenant(m) {
                let idx = self.new_row(tid, path, 0, cx.place);
                partner = Some(idx);
                row = Some(idx);
            } else if cx.place == Place::InString
                && let Some(tid) = definition_tenant(m)
            {
                row = Some(self.new_row(tid, path, 0, cx.place));
            }
            cx.owner = cx.owner.or(row);
        }
        let is_default = get_ci(m, "isServiceDefault").is_some();
        let mut members = Vec::new();
        let mut total = 2 + m.len().saturating_sub(1);
        for (k, child) in m {
            let bytes = if cx.place == Place::Plain && eq_ci(k, "definition") {
                self.definition(k, child, path)
            } else {
                self.member(k, child, path, cx, is_default)
            };
            total += bytes;
            if partner.is_some() {
                members.push(bytes);
            }
        }
        if let Some(r) = row.and_then(|i| self.rows.get_mut(i)) {
            r.bytes = total;
        }
        if let Some(idx) = partner {
            self.partner(m, &members, total, path, outer, idx);
        }
        total
    }

    /// One `"key": value` member of an object; gives back its bytes.
    fn member<'v>(
        &mut self,
        k: &'v str,
        child: &'v Value,
        path: &mut String,
        cx: Cx<'v>,
        is_default: bool,
    ) -> usize {
        let len = path.len();
        push_key(path, k);
        let mut item = None;
        if (cx.root || is_default) && !k.starts_with("@odata.type") {
            let kind = if is_section(k) {
                PartKind::Section
            } else {
                PartKind::Property
            };
            item = Some(self.items.len());
            self.items.push(Item {
                path: shown(path),
                bytes: 0,
                kind,
                tenant_id: None,
            });
        }
        let mut ccx = Cx {
            key: Some(k),
            depth: cx.depth + 1,
            root: false,
            siblings: 0,
            ..cx
        };
        // Definition maps keyed by tenant ID: the value is that tenant's entry.
        let mut row = None;
        if ccx.owner.is_none()
            && cx.place == Place::InString
            && is_guid(k)
            && (child.is_object() || child.is_array())
        {
            row = Some(self.new_row(k, path, 0, cx.place));
            ccx.owner = row;
        }
        let inner = self.walk(child, path, ccx);
        path.truncate(len);
        if let Some(r) = row.and_then(|i| self.rows.get_mut(i)) {
            r.bytes = inner;
        }
        let bytes = string_size(k, cx.place) + 1 + inner;
        if let Some(it) = item.and_then(|i| self.items.get_mut(i)) {
            it.bytes = bytes;
        }
        bytes
    }

    fn array<'v>(&mut self, a: &'v [Value], v: &'v Value, path: &mut String, cx: Cx<'v>) -> usize {
        let targets = cx.key.is_some_and(|k| eq_ci(k, "targets"));
        let item = if targets {
            self.targets_item(a, path, cx)
        } else {
            if !a.is_empty() && a.iter().all(Value::is_string) {
                self.strings(a, v, path, cx);
            }
            None
        };
        let mut sizes = Vec::new();
        let mut total = 2 + a.len().saturating_sub(1);
        for (i, child) in a.iter().enumerate() {
            let len = path.len();
            push_index(path, i);
            let ccx = Cx {
                key: None,
                depth: cx.depth + 1,
                root: false,
                siblings: a.len(),
                ..cx
            };
            let bytes = self.walk(child, path, ccx);
            path.truncate(len);
            total += bytes;
            if targets {
                sizes.push(bytes);
            }
        }
        if let Some(it) = item.and_then(|i| self.items.get_mut(i)) {
            it.bytes = total;
        }
        if targets {
            self.targets(a, &sizes, path, cx);
        }
        total
    }

    fn new_row(&mut self, tenant: &str, path: &str, bytes: usize, place: Place) -> usize {
        self.rows.push(Row {
            tenant_id: shorten(tenant, 64),
            path: if path.is_empty() {
                "(whole document)".to_string()
            } else {
                shown(path)
            },
            bytes,
            inherits_all: false,
            targets: 0,
            in_definition: place == Place::InString,
        });
        self.rows.len() - 1
    }

    fn owner_tenant(&self, owner: Option<usize>) -> Option<String> {
        owner
            .and_then(|i| self.rows.get(i))
            .map(|r| r.tenant_id.clone())
    }

    /// Checks one partner entry: can it go, or do parts of it repeat the default?
    /// Runs after the entry's members are walked: `members` holds each one's bytes, in order,
    /// and `total` the entry's.
    fn partner(
        &mut self,
        m: &Map<String, Value>,
        members: &[usize],
        total: usize,
        path: &str,
        cx: Cx<'_>,
        idx: usize,
    ) {
        let place = cx.place;
        let mut settings = 0;
        let mut flag_on = false;
        let mut set: Vec<(&str, &Value)> = Vec::new();
        for ((k, val), bytes) in m.iter().zip(members.iter().copied()) {
            if ignorable_key(k) {
                continue;
            }
            if eq_ci(k, "additionalProperties")
                && (val.is_null() || val.as_object().is_some_and(Map::is_empty))
            {
                continue;
            }
            settings += 1;
            // Looked up through a reused lower-case buffer: a new key is copied only once.
            self.lower.clear();
            self.lower.push_str(k);
            self.lower.make_ascii_lowercase();
            let slot = match self.section_index.get(&self.lower) {
                Some(slot) => *slot,
                None => {
                    let slot = self.section_totals.len();
                    self.section_index.insert(self.lower.clone(), slot);
                    slot
                }
            };
            match self.section_totals.get_mut(slot) {
                Some(t) => {
                    t.1 += bytes;
                    t.2 += 1;
                }
                None => self.section_totals.push((shorten(k, KEY_CAP), bytes, 1)),
            }
            if is_flag(k) {
                flag_on |= val.as_bool() == Some(true);
                continue;
            }
            if !is_unset(k, val) {
                set.push((k, val));
            }
        }
        self.partner_shaped += 1;
        if settings > 0 {
            self.partner_with_settings += 1;
        }
        let inherits_all = !flag_on && set.is_empty();
        if let Some(row) = self.rows.get_mut(idx) {
            row.inherits_all = inherits_all;
        }
        let tenant = self
            .rows
            .get(idx)
            .map(|r| r.tenant_id.clone())
            .unwrap_or_default();
        let list = if cx.siblings > 0 {
            path.rfind('[')
                .and_then(|i| path.get(..i))
                .unwrap_or("")
                .to_string()
        } else {
            String::new()
        };
        let remove = |why| Removable {
            why,
            list: list.clone(),
            siblings: cx.siblings,
            bytes: total,
            tenant: tenant.clone(),
            path: shown(path),
        };
        if settings == 0 {
            self.removable.push(remove(Removal::Empty));
            return;
        }
        if inherits_all {
            self.removable.push(remove(Removal::AllNull));
            return;
        }
        if self.default.is_none() || flag_on {
            return;
        }
        let copies: Vec<bool> = set
            .iter()
            .map(|(k, val)| {
                self.default_index
                    .get(&k.to_ascii_lowercase())
                    .and_then(|i| self.default_values.get(*i))
                    .is_some_and(|d| same(d, val, 0))
            })
            .collect();
        if copies.iter().all(|c| *c) {
            self.removable.push(remove(Removal::SameAsDefault));
            return;
        }
        for ((k, val), copy) in set.iter().zip(copies) {
            if copy {
                let mut p = path.to_string();
                push_key(&mut p, k);
                self.default_copies.push(DefaultCopy {
                    section: (*k).to_string(),
                    // Setting it back to null keeps the key and writes `null` (4 bytes).
                    bytes: size(val, place).saturating_sub(4),
                    tenant: tenant.clone(),
                    path: shown(&p),
                });
            }
        }
    }

    /// A Graph `targets` list: its size, repeated targets, and IDs for grouping.
    /// The item of a `targets` list, written before its elements are walked (its bytes after).
    fn targets_item(&mut self, a: &[Value], path: &str, cx: Cx<'_>) -> Option<usize> {
        if let Some(row) = cx.owner.and_then(|i| self.rows.get_mut(i)) {
            row.targets += a.len();
        }
        if a.is_empty() {
            return None;
        }
        let tenant_id = self.owner_tenant(cx.owner);
        self.items.push(Item {
            path: shown(path),
            bytes: 0,
            kind: PartKind::Targets,
            tenant_id,
        });
        Some(self.items.len() - 1)
    }

    /// The rest of a `targets` list, once walked (`sizes`: each element's bytes).
    fn targets(&mut self, a: &[Value], sizes: &[usize], path: &str, cx: Cx<'_>) {
        let place = cx.place;
        if a.is_empty() {
            return;
        }
        let tenant = self.owner_tenant(cx.owner);
        let field = |e: &Value, name: &str| {
            e.as_object()
                .and_then(|o| get_ci(o, name))
                .and_then(Value::as_str)
                .map(str::to_ascii_lowercase)
        };
        // A map like `section_index`, not a set: one hash table type less in the page.
        let mut seen: HashMap<String, usize> = HashMap::new();
        let (mut dups, mut freed) = (0, 0);
        let mut ids = Vec::new();
        for ((i, e), bytes) in a.iter().enumerate().zip(sizes.iter().copied()) {
            let target = field(e, "target");
            let kind = field(e, "targetType");
            let key = match (&target, &kind) {
                // Joined by hand: `format!` here was a tenth of a 2 MB policy's walk.
                (Some(t), k) => [t.as_str(), k.as_deref().unwrap_or("")].join("|"),
                // Odd elements: compared whole when small, never when large.
                _ if size(e, Place::Plain) <= 256 => e.to_string(),
                _ => format!("#{i}"),
            };
            if seen.insert(key, 0).is_some() {
                dups += 1;
                freed += bytes + 1;
                continue;
            }
            if let Some(t) = target {
                let person = matches!(kind.as_deref(), None | Some("user" | "group"));
                if person && is_guid(&t) {
                    ids.push((t, bytes));
                }
            }
        }
        if dups > 0 {
            self.findings.push(Found {
                kind: FindingKind::DuplicateTargets,
                message: format!(
                    "{} listed twice in {path}: remove the repeats; the list means the same without them.",
                    plural(dups, "target is", "targets are")
                ),
                bytes_freed: freed,
                paths: vec![shown(path)],
                tenant_ids: tenant.into_iter().collect(),
            });
        }
        // Inbound lists name the partner's own users: one of our groups can't replace them.
        let lower = path.to_ascii_lowercase();
        if !ids.is_empty() && lower.contains("usersandgroups") && !lower.contains("inbound") {
            let replacement = match a.first() {
                Some(Value::Object(first)) => {
                    let mut g = first.clone();
                    for (k, val) in g.iter_mut() {
                        if eq_ci(k, "target") {
                            *val = Value::String(ZERO_GUID.to_string());
                        } else if eq_ci(k, "targetType") {
                            *val = Value::String("group".to_string());
                        }
                    }
                    size(&Value::Object(g), place)
                }
                _ => string_size(ZERO_GUID, place),
            };
            self.lists.push(IdList {
                owner: cx.owner,
                path: shown(path),
                ids,
                replacement,
                known_users: true,
            });
        }
    }

    /// A list of strings: repeated values, and GUID lists inside the definition.
    fn strings(&mut self, a: &[Value], v: &Value, path: &str, cx: Cx<'_>) {
        let place = cx.place;
        // A map like `section_index`, not a set: one hash table type less in the page.
        let mut seen: HashMap<String, usize> = HashMap::new();
        let (mut dups, mut freed) = (0, 0);
        let mut ids = Vec::new();
        for e in a {
            let Some(s) = e.as_str() else { continue };
            let guid = is_guid(s);
            let key = if guid {
                s.to_ascii_lowercase()
            } else {
                s.to_string()
            };
            if seen.insert(key.clone(), 0).is_some() {
                dups += 1;
                freed += size(e, place) + 1;
            } else if guid {
                ids.push((key, size(e, place)));
            }
        }
        let tenant = self.owner_tenant(cx.owner);
        if dups > 0 {
            self.findings.push(Found {
                kind: FindingKind::DuplicateValues,
                message: format!(
                    "{} twice in {path}: remove the repeats.",
                    plural(dups, "value is listed", "values are listed")
                ),
                bytes_freed: freed,
                paths: vec![shown(path)],
                tenant_ids: tenant.clone().into_iter().collect(),
            });
        }
        let about_tenants = cx
            .key
            .is_some_and(|k| k.to_ascii_lowercase().contains("tenant"));
        if place == Place::InString && !ids.is_empty() && !about_tenants {
            if let Some(row) = cx.owner.and_then(|i| self.rows.get_mut(i)) {
                row.targets += ids.len();
            }
            self.items.push(Item {
                path: shown(path),
                bytes: size(v, place),
                kind: PartKind::Targets,
                tenant_id: tenant,
            });
            if !path.to_ascii_lowercase().contains("inbound") {
                self.lists.push(IdList {
                    owner: cx.owner,
                    path: shown(path),
                    ids,
                    replacement: string_size(ZERO_GUID, place),
                    known_users: false,
                });
            }
        }
    }

    /// The beta `definition`: each string is a JSON document of its own.
    /// Gives back the member's bytes (each string is sized once: it may be megabytes).
    fn definition(&mut self, key: &str, v: &Value, path: &mut String) -> usize {
        let strings = definition_strings(v);
        let len = path.len();
        push_key(path, key);
        let mut bytes = string_size(key, Place::Plain) + 1;
        if strings.is_empty() {
            bytes += size(v, Place::Plain);
            self.items.push(Item {
                path: shown(path),
                bytes,
                kind: PartKind::Property,
                tenant_id: None,
            });
        } else if let Value::Array(a) = v {
            // Brackets, commas, and the elements that are not strings.
            bytes += 2 + a.len().saturating_sub(1);
            bytes += a
                .iter()
                .filter(|e| !e.is_string())
                .map(|e| size(e, Place::Plain))
                .sum::<usize>();
        }
        for (i, s) in strings {
            let own = string_size(s, Place::Plain);
            bytes += own;
            let here = path.len();
            if let Some(i) = i {
                push_index(path, i);
            }
            self.definitions += 1;
            self.items.push(Item {
                path: shown(path),
                bytes: own,
                kind: PartKind::Definition,
                tenant_id: None,
            });
            let ahead = self
                .parsed
                .iter()
                .find(|(at, _)| *at == s.as_ptr() as usize)
                .map(|(_, p)| p.as_ref());
            let fresh;
            let read = match ahead {
                Some(p) => p,
                None => {
                    fresh = json::parse(s);
                    fresh.as_ref()
                }
            };
            match read {
                Ok(parsed) => {
                    self.definitions_read += 1;
                    for e in &parsed.extras {
                        self.diagnostics.push(Diagnostic::info(format!(
                            "Inside {path}: {} were skipped.",
                            e.extra.describe()
                        )));
                    }
                    for doc in &parsed.docs {
                        let inner_len = path.len();
                        path.push_str(" > ");
                        let cx = Cx {
                            place: Place::InString,
                            owner: None,
                            key: None,
                            depth: 1,
                            root: true,
                            siblings: 0,
                        };
                        self.walk(doc, path, cx);
                        path.truncate(inner_len);
                    }
                }
                Err(e) => {
                    let (l, c) = line_col(s, e.offset);
                    self.diagnostics.push(Diagnostic::warning(format!(
                        "{path} is not a JSON document (at its line {l}, column {c}: {}); it is counted as plain text.",
                        e.message
                    )));
                }
            }
            path.truncate(here);
        }
        path.truncate(len);
        bytes
    }

    /// Turns what the walk collected into findings; call once, after every document.
    pub fn finish(&mut self) {
        // Entries holding only a tenant ID everywhere usually mean `$select=tenantId`.
        let selected_only = self.partner_shaped > 0 && self.partner_with_settings == 0;
        if selected_only {
            self.diagnostics.push(Diagnostic::info(
                "The partner entries hold only their tenant ID (was the list read with $select?), so their settings can't be judged.",
            ));
        }
        for why in [Removal::Empty, Removal::AllNull, Removal::SameAsDefault] {
            if why == Removal::Empty && selected_only {
                continue;
            }
            self.removal_finding(why);
        }
        self.default_copy_findings();
        self.repeated_id_findings();
    }

    fn removal_finding(&mut self, why: Removal) {
        let mut picked: Vec<&Removable> = Vec::new();
        for r in &self.removable {
            if r.why == why {
                picked.push(r);
            }
        }
        if picked.is_empty() {
            return;
        }
        // Removing m of n items of one list also removes min(m, n - 1) commas.
        // (m, n) per list, found through a map of places (one hash table type less in the page).
        let mut per_list: Vec<(usize, usize)> = Vec::new();
        let mut at: HashMap<&str, usize> = HashMap::new();
        let mut bytes = 0;
        for r in &picked {
            bytes += r.bytes;
            let slot = *at.entry(r.list.as_str()).or_insert(per_list.len());
            match per_list.get_mut(slot) {
                Some(e) => e.0 += 1,
                None => per_list.push((1, r.siblings)),
            }
        }
        bytes += per_list
            .iter()
            .map(|(m, n)| (*m).min(n.saturating_sub(1)))
            .sum::<usize>();
        let n = picked.len();
        let (it, it_is) = if n == 1 {
            ("it", "it is")
        } else {
            ("them", "they are")
        };
        // A partner in another Microsoft cloud is reachable only while it is listed, so no
        // deletion of a partner entry is ever free (entra-docs cross-cloud-settings.md).
        let cloud_check = format!(
            "First check that {it_is} not in another Microsoft cloud: once another cloud is enabled (allowedCloudEndpoints), B2B collaboration with that cloud's organizations is blocked unless they are listed, so deleting the entry cuts the partner off."
        );
        let message = match why {
            Removal::Empty => format!(
                "{} nothing but a tenant ID, so {} the default settings. {cloud_check} For a partner in your own cloud, deleting {it} keeps the same behaviour.",
                plural(n, "partner entry holds", "partner entries hold"),
                if n == 1 { "it gets" } else { "they get" },
            ),
            Removal::AllNull => format!(
                "{} every setting null, so {} the default for everything. {cloud_check} If you use cross-tenant sync, also read {it} with -ExpandProperty identitySynchronization. For a partner in your own cloud without sync settings, deleting {it} keeps the same behaviour.",
                plural(n, "partner has", "partners have"),
                if n == 1 {
                    "it inherits"
                } else {
                    "they inherit"
                },
            ),
            Removal::SameAsDefault => format!(
                "{} only values identical to the default settings. {cloud_check} For a partner in your own cloud, deleting {it} keeps the same behaviour, as long as the default stays as it is.",
                plural(n, "partner sets", "partners set"),
            ),
        };
        let kind = match why {
            Removal::Empty => FindingKind::EmptyPartner,
            Removal::AllNull => FindingKind::NullPartner,
            Removal::SameAsDefault => FindingKind::PartnerSameAsDefault,
        };
        self.findings.push(Found {
            kind,
            message,
            bytes_freed: bytes,
            paths: picked
                .iter()
                .take(LIST_CAP)
                .map(|r| r.path.clone())
                .collect(),
            tenant_ids: picked
                .iter()
                .take(LIST_CAP)
                .map(|r| r.tenant.clone())
                .collect(),
        });
    }

    fn default_copy_findings(&mut self) {
        // Grouped by section name, in the order first seen.
        let mut groups: Vec<Vec<usize>> = Vec::new();
        let mut at: HashMap<String, usize> = HashMap::new();
        for (i, c) in self.default_copies.iter().enumerate() {
            let slot = *at
                .entry(c.section.to_ascii_lowercase())
                .or_insert(groups.len());
            match groups.get_mut(slot) {
                Some(g) => g.push(i),
                None => groups.push(vec![i]),
            }
        }
        for group in &groups {
            let mut picked: Vec<&DefaultCopy> = Vec::new();
            for i in group {
                picked.extend(self.default_copies.get(*i));
            }
            let Some(first) = picked.first() else {
                continue;
            };
            let section = shorten(&first.section, KEY_CAP);
            let n = picked.len();
            self.findings.push(Found {
                kind: FindingKind::EqualsDefault,
                message: format!(
                    "{section} repeats the default settings in {}: set it back to null (inherit) to free the bytes; behaviour stays the same.",
                    plural(n, "partner", "partners")
                ),
                bytes_freed: picked.iter().map(|c| c.bytes).sum(),
                paths: picked.iter().take(LIST_CAP).map(|c| c.path.clone()).collect(),
                tenant_ids: picked
                    .iter()
                    .take(LIST_CAP)
                    .map(|c| c.tenant.clone())
                    .collect(),
            });
        }
    }

    /// IDs that appear together in the lists of several partners could be one group.
    /// Linear in the number of listed IDs: every step is a hash lookup.
    fn repeated_id_findings(&mut self) {
        // Each ID with its lists, in the order first seen, found through a map of places.
        let mut lists_of: Vec<(&str, Vec<usize>)> = Vec::new();
        let mut at: HashMap<&str, usize> = HashMap::new();
        for (li, list) in self.lists.iter().enumerate() {
            for (id, _) in &list.ids {
                let slot = *at.entry(id.as_str()).or_insert(lists_of.len());
                match lists_of.get_mut(slot) {
                    Some((_, ls)) => ls.push(li),
                    None => lists_of.push((id.as_str(), vec![li])),
                }
            }
        }
        // IDs sharing exactly the same set of lists move together into one group; the set is
        // found through its numbers written out (a string key, like the maps above).
        let mut by_lists: Vec<(Vec<usize>, Vec<&str>)> = Vec::new();
        let mut at: HashMap<String, usize> = HashMap::new();
        for (id, ls) in lists_of {
            if ls.len() >= 2 {
                let mut key = String::new();
                for li in &ls {
                    let _ = write!(key, "{li},");
                }
                let slot = *at.entry(key).or_insert(by_lists.len());
                match by_lists.get_mut(slot) {
                    Some((_, ids)) => ids.push(id),
                    None => by_lists.push((ls, vec![id])),
                }
            }
        }
        let mut groups: Vec<(Vec<usize>, Vec<&str>, usize)> = Vec::new();
        for (ls, mut ids) in by_lists {
            let mut owners: Vec<(bool, usize)> = ls
                .iter()
                .map(|li| match self.lists.get(*li).and_then(|l| l.owner) {
                    Some(o) => (true, o),
                    None => (false, *li),
                })
                .collect();
            text::sort_by(&mut owners, Ord::cmp);
            owners.dedup();
            if ids.len() >= 2 && owners.len() >= 2 {
                text::sort_by(&mut ids, Ord::cmp);
                groups.push((ls, ids, owners.len()));
            }
        }
        let mut group_of: HashMap<&str, usize> = HashMap::new();
        for (g, (_, ids, _)) in groups.iter().enumerate() {
            for id in ids {
                group_of.insert(id, g);
            }
        }
        // Bytes of each group's elements in each of its lists, beside the group's (ascending)
        // list numbers.
        let mut cost: Vec<Vec<usize>> = groups.iter().map(|(ls, _, _)| vec![0; ls.len()]).collect();
        for (li, list) in self.lists.iter().enumerate() {
            for (id, c) in &list.ids {
                let Some(g) = group_of.get(id.as_str()) else {
                    continue;
                };
                let pos = groups
                    .get(*g)
                    .and_then(|(ls, _, _)| ls.binary_search(&li).ok());
                if let Some(slot) = cost.get_mut(*g).zip(pos).and_then(|(c, i)| c.get_mut(i)) {
                    *slot += c;
                }
            }
        }
        let mut found = Vec::new();
        for (g, (ls, ids, owners)) in groups.iter().enumerate() {
            let k = ids.len();
            let mut saved = 0usize;
            let mut known = true;
            let mut paths = Vec::new();
            let mut tenants: Vec<String> = Vec::new();
            for li in ls {
                let Some(list) = self.lists.get(*li) else {
                    continue;
                };
                known &= list.known_users;
                let bytes = ls
                    .binary_search(li)
                    .ok()
                    .and_then(|i| cost.get(g)?.get(i))
                    .copied()
                    .unwrap_or(0);
                // k elements and k - 1 commas become one element.
                saved += (bytes + k - 1).saturating_sub(list.replacement);
                if paths.len() < LIST_CAP {
                    paths.push(list.path.clone());
                }
                if let Some(t) = self.owner_tenant(list.owner)
                    && tenants.len() < LIST_CAP
                    && !tenants.contains(&t)
                {
                    tenants.push(t);
                }
            }
            if saved == 0 {
                continue;
            }
            let example = shorten(ids.first().copied().unwrap_or(""), 36);
            let message = if known {
                format!(
                    "The same {k} users or groups are listed for {} ({example}…): put them in one group and list that group instead to save about {saved} bytes (estimate: one group ID in place of the {k} in each list).",
                    plural(*owners, "partner", "partners"),
                )
            } else {
                format!(
                    "The same {k} IDs appear together in {} of the definition ({example}…). If they are users or groups, one group holding them would save about {saved} bytes [inference: the definition's layout isn't documented].",
                    plural(*owners, "entry", "entries"),
                )
            };
            found.push(Found {
                kind: FindingKind::RepeatedTargets,
                message,
                bytes_freed: saved,
                paths,
                tenant_ids: tenants,
            });
        }
        text::sort_by(&mut found, |a, b| {
            b.bytes_freed
                .cmp(&a.bytes_freed)
                .then(a.message.cmp(&b.message))
        });
        self.findings.extend(found);
    }
}
