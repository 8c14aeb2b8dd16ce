//! Pulls the values out of templated error messages: user, identity provider, tenant, app,
//! resource and redirect URI, whatever the quotes (straight, curly, missing) and masking.
//!
//! Rather than one pattern per code, a table of the phrases that introduce a value in
//! Microsoft's messages (`from identity provider '…'`, `does not exist in tenant '…'`); the
//! same phrases recur across 50020, 90072, 500211, 16000, 50034, 65005, 650052, 700016, 50011,
//! 50105, 7000215, 50076 and others, so new codes with old wording work too.
use crate::text::{contains_ci, is_guid};

/// One value, with its byte span inside the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    pub value: String,
    pub start: usize,
    pub end: usize,
}

/// The values found in one message; the first occurrence of each wins.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Values {
    pub user: Option<Slot>,
    pub idp: Option<Slot>,
    pub tenant: Option<Slot>,
    pub app_id: Option<Slot>,
    pub app_name: Option<Slot>,
    pub resource: Option<Slot>,
    pub resource_name: Option<Slot>,
    pub redirect_uri: Option<Slot>,
}

impl Values {
    /// When no English phrase named the person (a localized message), fills the
    /// empty slots from the shape reading, provided it found an address or a provider: the
    /// sign of a guest message rather than, say, a quoted scope.
    pub fn fill_by_shape(&mut self, msg: &str) {
        if self.user.is_some()
            || self.idp.is_some()
            || self.redirect_uri.is_some()
            || self.resource.is_some()
        {
            return;
        }
        let shape = extract_by_shape(msg);
        if shape.user.is_none() && shape.idp.is_none() {
            return;
        }
        let slots = [
            (&mut self.user, shape.user),
            (&mut self.idp, shape.idp),
            (&mut self.tenant, shape.tenant),
            (&mut self.app_id, shape.app_id),
            (&mut self.app_name, shape.app_name),
        ];
        for (mine, theirs) in slots {
            if mine.is_none() {
                *mine = theirs;
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    User,
    Idp,
    Tenant,
    /// `does not exist in the contoso.com directory`: the value runs up to ` directory`.
    TenantDirectory,
    /// `Access to 'contoso' tenant is denied`: a quoted value followed by ` tenant`.
    TenantBeforeWord,
    /// `access the target tenant 'Woodgrove Bank'` (500212, 500213): only a quoted value, as
    /// the same phrase is often followed by plain words.
    TenantQuoted,
    App,
    AppName,
    Resource,
    RedirectUri,
}

/// Lowercase phrases; where two start at the same place the longer comes first.
const PHRASES: &[(&str, Field)] = &[
    ("user account ", Field::User),
    ("signed in user ", Field::User),
    ("identity provider ", Field::Idp),
    ("in tenant ", Field::Tenant),
    ("target tenant ", Field::TenantQuoted),
    ("tenant named ", Field::Tenant),
    ("identity tenant ", Field::Tenant),
    ("exist in the ", Field::TenantDirectory),
    ("in the directory ", Field::Tenant),
    ("your organization ", Field::Tenant),
    ("an admin from ", Field::Tenant),
    ("access to ", Field::TenantBeforeWord),
    ("application with identifier ", Field::App),
    ("application with id ", Field::App),
    ("application ", Field::App),
    ("application: ", Field::App),
    ("to app ", Field::App),
    ("client app id: ", Field::App),
    ("named ", Field::AppName),
    ("redirect uri ", Field::RedirectUri),
    ("reply url ", Field::RedirectUri),
    ("reply address ", Field::RedirectUri),
    ("to access ", Field::Resource),
    ("resource principal named ", Field::Resource),
    ("resource value from request: ", Field::Resource),
    ("on the resource ", Field::Resource),
    ("a service ", Field::Resource),
    ("resource cloud ", Field::Resource),
];

const OPEN_QUOTES: &[char] = &['\'', '"', '‘', '’', '“', '”', '`', '«', '‚', '„'];

/// Scans a message once, left to right, and fills the values it introduces.
pub fn extract(msg: &str) -> Values {
    let mut v = Values::default();
    let lower = msg.to_ascii_lowercase();
    let lb = lower.as_bytes();
    let mut i = 0;
    while i < lb.len() {
        // Phrases start at a word start; test the cheap conditions before comparing.
        let word_start = i == 0 || !lb.get(i - 1).is_some_and(u8::is_ascii_alphanumeric);
        let first = lb.get(i).copied().unwrap_or(0);
        let found = word_start
            .then(|| {
                PHRASES.iter().find(|(p, _)| {
                    p.as_bytes().first() == Some(&first)
                        && lb.get(i..i + p.len()) == Some(p.as_bytes())
                })
            })
            .flatten();
        let Some(&(phrase, field)) = found else {
            i += 1;
            continue;
        };
        let at = i + phrase.len();
        match fill(&mut v, msg, at, field) {
            Some(next) if next > i => i = next,
            _ => i += 1,
        }
    }
    v
}

/// Reads the value after a phrase into its field; returns where scanning resumes.
fn fill(v: &mut Values, msg: &str, at: usize, field: Field) -> Option<usize> {
    let (s, e, quoted) = read_value(msg, at, field)?;
    let raw = msg.get(s..e)?;
    let value = raw.trim();
    if value.is_empty() {
        return None;
    }
    let lead = raw.len() - raw.trim_start().len();
    let slot = Slot {
        value: value.to_owned(),
        start: s + lead,
        end: s + lead + value.len(),
    };
    let after = if quoted { e + close_len(msg, e) } else { e };
    match field {
        Field::User => {
            if !quoted && !value.contains('@') && !is_masked(value) {
                return None;
            }
            // `m******** @(company).id`: a masked name and its domain, split by a space.
            if !quoted
                && !value.contains('@')
                && let Some(dom) = domain_after(msg, e)
            {
                let joined = Slot {
                    value: msg.get(slot.start..dom)?.to_owned(),
                    start: slot.start,
                    end: dom,
                };
                set(&mut v.user, joined);
                return Some(dom);
            }
            set(&mut v.user, slot);
        }
        Field::Idp => {
            if !(quoted || value.contains('.') || value.contains(':') || value == "mail") {
                return None;
            }
            set(&mut v.idp, slot);
        }
        Field::Tenant | Field::TenantDirectory => {
            if !quoted && !plausible_name(value) {
                return None;
            }
            set(&mut v.tenant, slot);
        }
        Field::TenantQuoted => {
            if !quoted {
                return None;
            }
            set(&mut v.tenant, slot);
        }
        Field::TenantBeforeWord => {
            let rest = msg.get(after..)?.to_ascii_lowercase();
            if !quoted || !rest.trim_start().starts_with("tenant") {
                return None;
            }
            set(&mut v.tenant, slot);
        }
        Field::AppName => {
            if !quoted {
                return None;
            }
            set(&mut v.app_name, slot);
        }
        Field::App => return fill_app(v, msg, slot, quoted, after),
        Field::Resource => {
            if !(quoted || is_guid(value) || value.contains('.') || value.contains(':')) {
                return None;
            }
            let guid = is_guid(value);
            set(&mut v.resource, slot);
            if guid && let Some(name) = paren_name(msg, after) {
                set(&mut v.resource_name, name);
            }
        }
        Field::RedirectUri => {
            if !quoted && !value.contains(':') {
                return None;
            }
            set(&mut v.redirect_uri, slot);
        }
    }
    Some(after)
}

/// ` @domain` right after a masked name: the end of the domain.
fn domain_after(msg: &str, e: usize) -> Option<usize> {
    let rest = msg.get(e..)?;
    let skip = rest.len() - rest.trim_start_matches(' ').len();
    if skip > 1 || !rest.get(skip..)?.starts_with('@') {
        return None;
    }
    let from = e + skip;
    let tail = msg.get(from..)?;
    let len = tail
        .find(|c: char| c.is_whitespace() || matches!(c, ',' | ';'))
        .unwrap_or(tail.len());
    let dom = tail.get(..len)?.trim_end_matches(['.', ':']);
    let dom = dom.trim_end_matches(OPEN_QUOTES);
    (dom.len() > 1).then_some(from + dom.len())
}

/// `'<guid>'(Name)`, `'Name'`, `<guid>`, `Name ('<guid>')` and `Name cannot be accessed`.
/// Whatever stands in the ID's place (a placeholder, a masked GUID) stays the ID.
fn fill_app(v: &mut Values, msg: &str, slot: Slot, quoted: bool, after: usize) -> Option<usize> {
    let named = quoted && paren_name(msg, after).is_some();
    if is_guid(&slot.value) || looks_hidden_id(&slot.value) || named {
        set(&mut v.app_id, slot);
        if let Some(name) = paren_name(msg, after) {
            let end = name.end;
            set(&mut v.app_name, name);
            return Some(end);
        }
        return Some(after);
    }
    if quoted {
        // `Application with identifier 'api://x'` names what was sent as the client ID.
        let before = msg.get(..slot.start)?.to_ascii_lowercase();
        if before
            .trim_end_matches(OPEN_QUOTES)
            .trim_end()
            .ends_with("identifier")
        {
            set(&mut v.app_id, slot);
        } else {
            set(&mut v.app_name, slot);
        }
        return Some(after);
    }
    // Unquoted name: read again up to `(` or `cannot be accessed`.
    let rest = msg.get(slot.start..)?;
    let lower = rest.to_ascii_lowercase();
    let line_end = rest.find(['\r', '\n']).unwrap_or(rest.len()).min(160);
    let cut = first_of(
        &lower,
        &[
            "cannot be accessed",
            "can't be accessed",
            "can’t be accessed",
        ],
    )
    .filter(|&p| p <= line_end);
    if let Some(p) = cut {
        let name = rest.get(..p)?.trim_end();
        if name.is_empty() {
            return None;
        }
        set(
            &mut v.app_name,
            Slot {
                value: name.to_owned(),
                start: slot.start,
                end: slot.start + name.len(),
            },
        );
        return Some(slot.start + p);
    }
    let paren = rest.find('(').filter(|&p| p <= line_end)?;
    let name = rest.get(..paren)?.trim_end();
    let id = paren_value(msg, slot.start + paren)?;
    if name.is_empty() || name.contains(',') || !is_guid(&id.value) {
        return None;
    }
    set(
        &mut v.app_name,
        Slot {
            value: name.to_owned(),
            start: slot.start,
            end: slot.start + name.len(),
        },
    );
    let end = id.end;
    set(&mut v.app_id, id);
    Some(end)
}

fn set(field: &mut Option<Slot>, slot: Slot) {
    if field.is_none() {
        *field = Some(slot);
    }
}

/// A name after `(`, possibly quoted, up to `)`: `(My App)`, `('guid')`.
fn paren_value(msg: &str, open: usize) -> Option<Slot> {
    let rest = msg.get(open..)?;
    if !rest.starts_with('(') {
        return None;
    }
    let close = rest.get(..rest.len().min(200))?.find(')')?;
    let inner = rest.get(1..close)?;
    let trimmed = inner.trim().trim_matches(OPEN_QUOTES).trim();
    if trimmed.is_empty() {
        return None;
    }
    let lead = inner.find(trimmed)?;
    let start = open + 1 + lead;
    Some(Slot {
        value: trimmed.to_owned(),
        start,
        end: start + trimmed.len(),
    })
}

/// `(Name)` right after a value (one space allowed).
fn paren_name(msg: &str, after: usize) -> Option<Slot> {
    let rest = msg.get(after..)?;
    let skip = rest.len() - rest.trim_start_matches(' ').len();
    if skip > 1 {
        return None;
    }
    paren_value(msg, after + skip)
}

/// Byte length of the closing quote at `e` (quotes are 1 to 3 bytes).
fn close_len(msg: &str, e: usize) -> usize {
    msg.get(e..)
        .and_then(|r| r.chars().next())
        .filter(|c| OPEN_QUOTES.contains(c))
        .map_or(0, char::len_utf8)
}

/// Start and end of the value after `at`, and whether it was quoted.
fn read_value(msg: &str, at: usize, field: Field) -> Option<(usize, usize, bool)> {
    let rest = msg.get(at..)?;
    let lead = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    let start = at + lead;
    let rest = msg.get(start..)?;
    let first = rest.chars().next()?;
    if OPEN_QUOTES.contains(&first) {
        let body = start + first.len_utf8();
        let end = closing_quote(msg, body)?;
        return Some((body, end, true));
    }
    // `[email protected]` (a web page's obfuscation) holds a space: read it to the bracket.
    if first == '[' {
        let close = rest.get(..rest.len().min(48)).and_then(|w| w.find(']'));
        if let Some(c) = close {
            return Some((start, start + c + 1, false));
        }
    }
    let limit = rest.len().min(200);
    let window = rest.get(..limit).or(Some(rest))?;
    let stop = match field {
        Field::Tenant | Field::TenantDirectory => {
            let lower = window.to_ascii_lowercase();
            let words: &[&str] = if field == Field::TenantDirectory {
                &[" directory"]
            } else {
                &[
                    " and ", " because", ". ", ", ", " must", " lacks", " is ", " has ", " tenant",
                    " isn",
                ]
            };
            let w = first_of(&lower, words);
            let line = window.find(['\r', '\n']);
            match (w, line) {
                (Some(a), Some(b)) => a.min(b),
                (Some(a), None) => a,
                (None, Some(b)) => b,
                (None, None) if field == Field::TenantDirectory => return None,
                (None, None) => window.len(),
            }
        }
        Field::App => window
            .find([' ', '\t', '\r', '\n', '(', ','])
            .unwrap_or(window.len()),
        _ => window
            .find([' ', '\t', '\r', '\n', ',', ';', '('])
            .unwrap_or(window.len()),
    };
    // A value missing its opening quote keeps no closing one (`xxxxxx@outlook.com'`).
    let value = window
        .get(..stop)?
        .trim_end_matches(['.', ':', ';', ','])
        .trim_end_matches(OPEN_QUOTES);
    Some((start, start + value.len(), false))
}

/// The first quote after `body` that is followed by a delimiter (so `o'brien@x.com` survives).
fn closing_quote(msg: &str, body: usize) -> Option<usize> {
    let rest = msg.get(body..)?;
    for (k, c) in rest.char_indices().take(300) {
        if c == '\r' || c == '\n' {
            return None;
        }
        if OPEN_QUOTES.contains(&c) {
            let next = rest.get(k + c.len_utf8()..).and_then(|r| r.chars().next());
            let delimited = match next {
                None => true,
                Some(n) => n.is_whitespace() || "().,;:!?&]}'\"’”".contains(n),
            };
            if delimited {
                return Some(body + k);
            }
        }
    }
    None
}

fn plausible_name(v: &str) -> bool {
    let lower = v.to_ascii_lowercase();
    !v.is_empty()
        && v.len() <= 100
        && !["the ", "that", "this", "which", "your "]
            .iter()
            .any(|w| lower.starts_with(w))
}

/// True for values that were hidden before pasting: `[email protected]`, `xxxx`, `***@x.com`,
/// `{EmailHidden}`, `<redacted>`.
pub fn is_masked(v: &str) -> bool {
    let has = |w: &str| contains_ci(v, w);
    // `[email protected]` may have a no-break space in the middle, so its halves are checked.
    if (has("[email") && has("protected]"))
        || ["emailhidden", "redacted", "hidden>", "masked", "removed>"]
            .iter()
            .any(|w| has(w))
    {
        return true;
    }
    // Placeholders copied from documentation: `{EmailHidden}`, `<organization>`.
    let bare = v.trim_matches(['*', '_']);
    if (bare.starts_with('{') && bare.ends_with('}'))
        || (bare.starts_with('<') && bare.ends_with('>'))
    {
        return true;
    }
    let local = v.split('@').next().unwrap_or(v).trim();
    let mask = |c: char| matches!(c, 'x' | 'X' | '*' | '#' | '•' | '…' | '.' | '-' | '_');
    let all_masked = |s: &str| {
        s.chars().count() >= 3
            && s.chars().any(|c| matches!(c, 'x' | 'X' | '*' | '#' | '•'))
            && s.chars().all(mask)
    };
    // `j***@contoso.com`, `m********`: only the first letter left.
    let rest = local.get(local.chars().next().map_or(0, char::len_utf8)..);
    all_masked(local) || rest.is_some_and(|r| r.contains('*') && all_masked(r))
}

/// True for what stands in an ID's place when the ID was hidden or never filled in:
/// `....`, `xxxx`, `<application-id>`, `{client_id}`, `App_ID`, `APPLICATIONID`,
/// `[REDACTED]`, the zero GUID, or a GUID with some of its digits masked.
pub fn looks_hidden_id(v: &str) -> bool {
    let v = v.trim();
    if v.is_empty() || v.len() > 64 {
        return false;
    }
    if is_masked(v) {
        return true;
    }
    let lower = v.to_ascii_lowercase();
    const WORDS: &[&str] = &[
        "redact", "hidden", "removed", "masked", "omitted", "scrubbed", "anonymi", "sanitiz",
        "censored",
    ];
    if WORDS.iter().any(|w| lower.contains(w)) {
        return true;
    }
    let mask = |c: char| matches!(c, '.' | '…' | '*' | '#' | '•' | 'x' | 'X' | '?' | '_' | '-');
    if v.chars().count() >= 3 && v.chars().all(mask) {
        return true;
    }
    // A GUID's layout with masks among its digits (or all zeros).
    let groups: Vec<&str> = v.split('-').collect();
    let layout = groups.len() == 5
        && groups
            .iter()
            .map(|g| g.chars().count())
            .eq([8, 4, 4, 4, 12]);
    if layout
        && v.chars()
            .all(|c| c.is_ascii_hexdigit() || c == '-' || mask(c))
        && (v.chars().any(|c| !c.is_ascii_hexdigit() && c != '-')
            || v.chars().all(|c| c == '0' || c == '-'))
    {
        return true;
    }
    // A name for the ID instead of the ID: `App_ID`, `APPLICATIONID`, `your-client-id`.
    let mut bare = String::new();
    for c in lower.chars() {
        if c.is_ascii_alphanumeric() {
            bare.push(c);
        }
    }
    !v.contains(' ')
        && v.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '<' | '>'))
        && ["appid", "applicationid", "clientid", "appguid", "objectid"]
            .iter()
            .any(|w| bare.ends_with(w))
}

/// Quote pairs localized messages use: straight, curly, German low-high, guillemets, corner
/// brackets.
const QUOTE_PAIRS: &[(char, &[char])] = &[
    ('\'', &['\'', '’']),
    ('"', &['"', '”', '“']),
    ('‘', &['’', '\'']),
    ('’', &['’', '\'']),
    ('“', &['”', '"']),
    ('”', &['”', '"']),
    ('„', &['“', '”', '"']),
    ('‚', &['‘', '’']),
    ('«', &['»']),
    ('「', &['」']),
    ('『', &['』']),
];

/// Identity providers as the messages name them.
const KNOWN_IDPS: &[&str] = &[
    "live.com",
    "mail",
    "google.com",
    "facebook.com",
    "microsoftaccount",
];

/// Values read by shape alone, for messages in a language whose phrases we don't know (or
/// a template we have not seen): every quoted value, in order, goes to the slot its shape
/// fits — an address to the user, a URL or a known provider to the identity provider, an
/// ID followed by `(Name)` to the app, the first other value to the tenant. Word order
/// differs between languages (Japanese names the provider before the user), so position
/// only breaks ties.
pub fn extract_by_shape(msg: &str) -> Values {
    let mut v = Values::default();
    let mut skip = 0;
    let mut prev = ' ';
    for (i, c) in msg.char_indices() {
        let before = std::mem::replace(&mut prev, c);
        // An apostrophe inside a word (`d’utilisateur`) opens nothing.
        if i < skip || (matches!(c, '\'' | '’') && crate::text::is_wordish(before)) {
            continue;
        }
        let Some(&(_, closers)) = QUOTE_PAIRS.iter().find(|(o, _)| *o == c) else {
            continue;
        };
        let body = i + c.len_utf8();
        let Some(tail) = msg.get(body..) else { break };
        let Some((len, close)) = tail
            .char_indices()
            .take(200)
            .take_while(|&(_, x)| x != '\n' && x != '\r')
            .find(|(_, x)| closers.contains(x))
        else {
            continue;
        };
        let Some(raw) = tail.get(..len) else { continue };
        let after = body + len + close.len_utf8();
        skip = after;
        let value = raw.trim();
        if value.is_empty() || value.len() > 160 {
            continue;
        }
        let lead = raw.len() - raw.trim_start().len();
        let slot = Slot {
            value: value.to_owned(),
            start: body + lead,
            end: body + lead + value.len(),
        };
        let lower = value.to_ascii_lowercase();
        let id_like = is_guid(value) || looks_hidden_id(value);
        if value.contains('@') && !value.contains("://") {
            set(&mut v.user, slot);
        } else if (lower.starts_with("https://")
            && (lower.contains("sts") || lower.contains("login")))
            || KNOWN_IDPS.contains(&lower.as_str())
        {
            set(&mut v.idp, slot);
        } else if id_like && let Some(name) = paren_name(msg, after) {
            set(&mut v.app_id, slot);
            set(&mut v.app_name, name);
        } else if !id_like && v.tenant.is_none() && plausible_name(value) {
            set(&mut v.tenant, slot);
        }
    }
    v
}

/// Where the earliest of `words` starts in `hay`, if any does.
fn first_of(hay: &str, words: &[&str]) -> Option<usize> {
    let mut first: Option<usize> = None;
    for w in words {
        if let Some(p) = hay.find(w)
            && first.is_none_or(|f| p < f)
        {
            first = Some(p);
        }
    }
    first
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vals(m: &str) -> [Option<String>; 8] {
        let v = extract(m);
        [
            v.user,
            v.idp,
            v.tenant,
            v.app_id,
            v.app_name,
            v.resource,
            v.resource_name,
            v.redirect_uri,
        ]
        .map(|s| s.map(|s| s.value))
    }

    fn s(x: &str) -> Option<String> {
        Some(x.to_owned())
    }

    #[test]
    fn user_unauthorized_forms() {
        let m = "User account 'bob@fabrikam.com' from identity provider 'live.com' does not exist in tenant 'Contoso Ltd' and cannot access the application '11111111-2222-3333-4444-555555555555'(Expense App) in that tenant.";
        let v = vals(m);
        assert_eq!(v[0], s("bob@fabrikam.com"));
        assert_eq!(v[1], s("live.com"));
        assert_eq!(v[2], s("Contoso Ltd"));
        assert_eq!(v[3], s("11111111-2222-3333-4444-555555555555"));
        assert_eq!(v[4], s("Expense App"));
        let curly = "User account ‘o'neil@x.com’ from identity provider “live.com” does not exist in tenant ‘Contoso’ and cannot access the application ‘11111111-2222-3333-4444-555555555555'(App) in that tenant.";
        let v = vals(curly);
        assert_eq!(v[0], s("o'neil@x.com"));
        assert_eq!(v[1], s("live.com"));
        assert_eq!(v[2], s("Contoso"));
        assert_eq!(v[4], s("App"));
        let bare = "User account bob@x.com from identity provider live.com does not exist in tenant Contoso Ltd and cannot access the application 11111111-2222-3333-4444-555555555555(App) in that tenant.";
        let v = vals(bare);
        assert_eq!(v[0], s("bob@x.com"));
        assert_eq!(v[1], s("live.com"));
        assert_eq!(v[2], s("Contoso Ltd"));
        assert_eq!(v[4], s("App"));
    }

    #[test]
    fn the_target_tenant_of_a_cross_tenant_block_only_when_quoted() {
        let quoted = "The user is not allowed to access the target tenant 'Woodgrove Bank' because of an outbound cross-tenant access policy of the user's home tenant.";
        assert_eq!(
            extract(quoted).tenant.map(|t| t.value).as_deref(),
            Some("Woodgrove Bank")
        );
        let plain = "The user is not allowed to access the target tenant because of cross-tenant access policy of the user's home tenant.";
        assert_eq!(extract(plain).tenant.map(|t| t.value), None);
    }

    #[test]
    fn other_templates() {
        let v = vals(
            "The user account bob@x.com does not exist in the contoso.com directory. To sign into this application, the account must be added to the directory.",
        );
        assert_eq!(
            (v[0].clone(), v[2].clone(), v[3].clone()),
            (s("bob@x.com"), s("contoso.com"), None)
        );
        let v = vals(
            "Application with identifier 'api://nope' was not found in the directory 'Contoso'. This can happen",
        );
        assert_eq!(
            (v[3].clone(), v[2].clone()),
            (s("api://nope"), s("Contoso"))
        );
        let v = vals(
            "Your administrator has configured the application Payroll ('11111111-2222-3333-4444-555555555555') to block users unless they are specifically granted ('assigned') access to the application. The signed in user 'x@y.com' is blocked",
        );
        assert_eq!(
            (v[4].clone(), v[3].clone(), v[0].clone()),
            (
                s("Payroll"),
                s("11111111-2222-3333-4444-555555555555"),
                s("x@y.com")
            )
        );
        let v = vals(
            "you must use multi-factor authentication to access '00000003-0000-0000-c000-000000000000'.",
        );
        assert_eq!(v[5], s("00000003-0000-0000-c000-000000000000"));
        let v = vals("The redirect URI 'https://app/cb' specified in the request does not match");
        assert_eq!(v[7], s("https://app/cb"));
        let v = vals("Access to 'fabrikam.com' tenant is denied.");
        assert_eq!(v[2], s("fabrikam.com"));
        let v = vals("Application Payroll App cannot be accessed at this time.");
        assert_eq!(v[4], s("Payroll App"));
        let v = vals(
            "Using application 'Expense' is currently not supported for your organization contoso.com because it is in an unmanaged state.",
        );
        assert_eq!(
            (v[4].clone(), v[2].clone()),
            (s("Expense"), s("contoso.com"))
        );
        let v = vals(
            "The app is trying to access a service '00000003-0000-0000-c000-000000000000'(Microsoft Graph) that your organization '72f988bf-86f1-41af-91ab-2d7cd011db47' lacks a service principal for.",
        );
        assert_eq!(
            (v[5].clone(), v[6].clone(), v[2].clone()),
            (
                s("00000003-0000-0000-c000-000000000000"),
                s("Microsoft Graph"),
                s("72f988bf-86f1-41af-91ab-2d7cd011db47")
            )
        );
        let v = vals(
            "An admin from Contoso Ltd must update their access settings to accept inbound multifactor authentication.",
        );
        assert_eq!(v[2], s("Contoso Ltd"));
    }

    #[test]
    fn masking() {
        assert!(is_masked("[email\u{a0}protected]"));
        assert!(is_masked("xxxx"));
        assert!(is_masked("****@contoso.com"));
        assert!(is_masked("{EmailHidden}"));
        assert!(is_masked("*<organization>*"));
        assert!(!is_masked("alex@contoso.com"));
        assert!(!is_masked("x@y.com"));
        let v = extract("User account '[email protected]' from identity provider 'live.com'");
        assert_eq!(v.user.map(|s| s.value), s("[email protected]"));
    }

    #[test]
    fn spans_point_into_message() {
        let m = "User account ‘a@b.com’ from";
        let v = extract(m);
        let u = v.user.unwrap_or(Slot {
            value: String::new(),
            start: 0,
            end: 0,
        });
        assert_eq!(m.get(u.start..u.end), Some("a@b.com"));
    }
}
