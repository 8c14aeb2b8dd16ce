//! The sanitizer: a copy of the HAR with every secret removed, failing closed, and a list of what was removed where.
//!
//! Each entry is parsed on its own (bounded memory), walked by the HAR schema, and written
//! back. Headers, parameters and fields are kept only when their name is on a keep list
//! (`super::keep`); bodies only when they are form, JSON or an HTML page's `$Config` (and then
//! by the same field lists); anything that cannot be decoded is removed. A removed value
//! becomes `[removed:<kind>]`; names stay so support sees what was there.
use serde::Serialize;
use serde_json::{Map, Value};

use super::decode::{self, split_url};
use super::keep::{self, listed};
use super::scan::{Event, Scanner};
use super::{TraceError, span_json};

/// What the caller wants beyond removing secrets.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Also mask email addresses (`a***@partner.example`) and display names (`A***`).
    pub mask_identities: bool,
    /// Drop every response body.
    pub drop_response_bodies: bool,
}

/// What kind of value was removed; `[removed:<id>]` takes its place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RemovalKind {
    Password,
    Credential,
    Cookie,
    Authorization,
    Header,
    Code,
    Token,
    ClientSecret,
    ClientAssertion,
    CodeVerifier,
    Saml,
    Session,
    /// A field not on the keep list.
    Field,
    /// A body that is not form, JSON or a sign-in page.
    Body,
    /// A value that could not be fully decoded (unknown encoding, compressed, binary).
    Undecodable,
    /// An email address or sign-in name, masked.
    Email,
    /// A display name, masked.
    Name,
}

impl RemovalKind {
    /// The id in `[removed:<id>]` and in the report.
    pub const fn id(self) -> &'static str {
        match self {
            RemovalKind::Password => "password",
            RemovalKind::Credential => "credential",
            RemovalKind::Cookie => "cookie",
            RemovalKind::Authorization => "authorization",
            RemovalKind::Header => "header",
            RemovalKind::Code => "code",
            RemovalKind::Token => "token",
            RemovalKind::ClientSecret => "client-secret",
            RemovalKind::ClientAssertion => "client-assertion",
            RemovalKind::CodeVerifier => "code-verifier",
            RemovalKind::Saml => "saml",
            RemovalKind::Session => "session",
            RemovalKind::Field => "field",
            RemovalKind::Body => "body",
            RemovalKind::Undecodable => "undecodable",
            RemovalKind::Email => "email",
            RemovalKind::Name => "name",
        }
    }

    fn marker(self) -> String {
        format!("[removed:{}]", self.id())
    }
}

/// Which part of the HAR a removal was in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Place {
    Url,
    Query,
    Fragment,
    RequestHeader,
    ResponseHeader,
    RequestCookie,
    ResponseCookie,
    FormField,
    RequestBody,
    ResponseBody,
    Initiator,
    EntryField,
    Log,
}

/// One removal: what kind, where, and under which name — never the value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Removal {
    pub kind: RemovalKind,
    pub place: Place,
    /// The header, parameter or field name (empty for a whole body or URL part).
    pub name: String,
    /// Index in `log.entries`; None outside the entries (`log.pages`, …).
    pub entry: Option<usize>,
}

/// The kind of secret a parameter, field or header name announces.
fn kind_of(name: &str) -> RemovalKind {
    let n = name.to_ascii_lowercase();
    match n.as_str() {
        "passwd" | "password" | "pwd" | "newpassword" | "oldpassword" | "confirmnewpassword" => {
            RemovalKind::Password
        }
        "code" | "otc" | "authorization_code" => RemovalKind::Code,
        "id_token"
        | "access_token"
        | "refresh_token"
        | "token"
        | "assertion"
        | "wresult"
        | "x-ms-refreshtokencredential"
        | "x-ms-devicecredential"
        | "x-ms-token" => RemovalKind::Token,
        "client_secret" => RemovalKind::ClientSecret,
        "client_assertion" => RemovalKind::ClientAssertion,
        "code_verifier" => RemovalKind::CodeVerifier,
        "samlrequest" | "samlresponse" | "relaystate" => RemovalKind::Saml,
        "ppft"
        | "flowtoken"
        | "sft"
        | "sfttag"
        | "canary"
        | "apicanary"
        | "ctx"
        | "sctx"
        | "state"
        | "nonce"
        | "sso_nonce"
        | "wctx"
        | "hpgrequestid"
        | "hpgid"
        | "__requestverificationtoken"
        | "csrf"
        | "xsrf"
        | "originalrequest"
        | "sessionstate"
        | "session_state" => RemovalKind::Session,
        "cookie" | "set-cookie" => RemovalKind::Cookie,
        "authorization" | "proxy-authorization" => RemovalKind::Authorization,
        "credential" | "otp" | "pin" | "slk" | "proofconfirmation" | "additionalauthdata" => {
            RemovalKind::Credential
        }
        _ if n.contains("token") || n.contains("secret") => RemovalKind::Token,
        _ if n.contains("pass") => RemovalKind::Password,
        _ => RemovalKind::Field,
    }
}

/// A name that can be shown: short and plain. Anything else is itself removed.
fn plain_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name.bytes().all(|b| {
            b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':' | b'$' | b'[' | b']')
        })
        && !decode::looks_opaque(name)
}

/// Sanitizes one HAR held in memory: the sanitized HAR bytes and what was removed.
pub fn sanitize(har: &[u8], options: Options) -> Result<(Vec<u8>, Vec<Removal>), TraceError> {
    let mut s = Sanitizer::new(options);
    let mut out = s.feed(har)?;
    let (tail, removals) = s.finish()?;
    out.extend_from_slice(&tail);
    Ok((out, removals))
}

/// Sanitizes a HAR chunk by chunk: `feed` returns output bytes as they are ready.
#[derive(Debug)]
pub struct Sanitizer {
    scanner: Scanner,
    options: Options,
    events: Vec<Event>,
    removals: Vec<Removal>,
    opened: bool,
    log_first: bool,
    entries_first: bool,
}

impl Sanitizer {
    pub fn new(options: Options) -> Self {
        Sanitizer {
            scanner: Scanner::new(),
            options,
            events: Vec::new(),
            removals: Vec::new(),
            opened: false,
            log_first: true,
            entries_first: true,
        }
    }

    /// Bytes consumed so far (for progress).
    pub fn bytes_read(&self) -> u64 {
        self.scanner.offset()
    }

    /// Sanitizes one chunk; returns the output that is ready.
    pub fn feed(&mut self, chunk: &[u8]) -> Result<Vec<u8>, TraceError> {
        self.scanner.feed(chunk, &mut self.events)?;
        self.drain()
    }

    /// Ends the input: the last output bytes and the list of removals.
    pub fn finish(mut self) -> Result<(Vec<u8>, Vec<Removal>), TraceError> {
        self.scanner.finish(&mut self.events)?;
        let mut out = self.drain()?;
        if !self.opened {
            out.extend_from_slice(b"{\"log\":{");
        }
        out.extend_from_slice(b"}}\n");
        Ok((out, self.removals))
    }

    fn drain(&mut self) -> Result<Vec<u8>, TraceError> {
        let mut out = Vec::new();
        for event in std::mem::take(&mut self.events) {
            if !self.opened && !matches!(event, Event::Member { root: true, .. }) {
                out.extend_from_slice(b"{\"log\":{");
                self.opened = true;
            }
            match event {
                Event::Member {
                    root: true, key, ..
                } => {
                    let name = if plain_name(&key) { key } else { String::new() };
                    self.removals.push(Removal {
                        kind: RemovalKind::Field,
                        place: Place::Log,
                        name,
                        entry: None,
                    });
                }
                Event::Member {
                    root: false,
                    key,
                    value,
                    at,
                } => {
                    let v = span_json(at, &value)?;
                    let mut w = Walk {
                        options: self.options,
                        entry: None,
                        removals: &mut self.removals,
                        sign_in: false,
                    };
                    let (key, v) = if plain_name(&key) {
                        let v = w.log_member(&key, v);
                        (key, v)
                    } else {
                        w.remove(RemovalKind::Field, Place::Log, "");
                        (
                            "_removed".to_owned(),
                            Value::String(RemovalKind::Field.marker()),
                        )
                    };
                    self.comma_log(&mut out);
                    write_json(&mut out, &Value::String(key));
                    out.push(b':');
                    write_json(&mut out, &v);
                }
                Event::EntriesStart => {
                    self.comma_log(&mut out);
                    out.extend_from_slice(b"\"entries\":[");
                }
                Event::Entry { index, value, at } => {
                    let v = span_json(at, &value)?;
                    let mut w = Walk {
                        options: self.options,
                        entry: Some(index),
                        removals: &mut self.removals,
                        sign_in: false,
                    };
                    let v = w.entry(v);
                    if !self.entries_first {
                        out.push(b',');
                    }
                    self.entries_first = false;
                    out.push(b'\n');
                    write_json(&mut out, &v);
                }
                Event::EntriesEnd => out.extend_from_slice(b"\n]"),
            }
        }
        Ok(out)
    }

    fn comma_log(&mut self, out: &mut Vec<u8>) {
        if !self.log_first {
            out.push(b',');
        }
        self.log_first = false;
    }
}

fn write_json(out: &mut Vec<u8>, v: &Value) {
    // Through `Value`'s Display, as everywhere in the page (the same compact JSON): serde_json's
    // writer into a Vec would be a second copy of its serializer.
    out.extend_from_slice(v.to_string().as_bytes());
}

/// One walk over a part of the HAR, recording removals.
struct Walk<'a> {
    options: Options,
    entry: Option<usize>,
    removals: &'a mut Vec<Removal>,
    /// The current entry's request went to a sign-in host: Entra's own answer fields count.
    sign_in: bool,
}

impl Walk<'_> {
    fn remove(&mut self, kind: RemovalKind, place: Place, name: &str) -> String {
        self.removals.push(Removal {
            kind,
            place,
            name: if plain_name(name) {
                name.to_owned()
            } else {
                String::new()
            },
            entry: self.entry,
        });
        kind.marker()
    }

    fn log_member(&mut self, key: &str, v: Value) -> Value {
        match key {
            "version" | "creator" | "browser" | "pages" => self.generic(v, key, Place::Log),
            _ => Value::String(self.remove(RemovalKind::Field, Place::Log, key)),
        }
    }

    fn entry(&mut self, v: Value) -> Value {
        let Value::Object(map) = v else {
            return self.generic(v, "entry", Place::EntryField);
        };
        let mut out = Map::new();
        let mut request_url = String::new();
        // Judged before the entry is walked: "response" may come before "request". It covers
        // the entry's own request and response bodies; every URL is judged by its own host.
        self.sign_in = map
            .get("request")
            .and_then(|r| r.get("url"))
            .and_then(Value::as_str)
            .is_some_and(|u| sign_in_base(split_url(u).base));
        for (k, v) in map {
            let v = match k.as_str() {
                "request" => self.request(v, &mut request_url),
                "response" => self.response(v),
                "_initiator" => self.generic(v, &k, Place::Initiator),
                _ => self.generic(v, &k, Place::EntryField),
            };
            out.insert(k, v);
        }
        Value::Object(out)
    }

    /// Any part of the HAR outside headers, parameters and bodies: numbers and booleans stay,
    /// text stays only under a kept field name (URLs are sanitized), the rest is removed.
    fn generic(&mut self, v: Value, key: &str, place: Place) -> Value {
        match v {
            Value::Object(map) => Value::Object(
                map.into_iter()
                    .map(|(k, v)| {
                        let v = self.generic(v, &k, place);
                        (k, v)
                    })
                    .collect(),
            ),
            Value::Array(items) => Value::Array(
                items
                    .into_iter()
                    .map(|v| self.generic(v, key, place))
                    .collect(),
            ),
            Value::String(s) => Value::String(self.text(s, key, place, keep::KEEP_HAR_FIELDS)),
            other => other,
        }
    }

    /// A text value under `key`: kept (and scrubbed) when listed, a URL when a URL field, else removed.
    fn text(&mut self, s: String, key: &str, place: Place, list: &[&str]) -> String {
        if listed(keep::URL_FIELDS, key) {
            return self.url(&s, place);
        }
        if listed(keep::EMAIL_FIELDS, key) {
            if self.options.mask_identities && !s.is_empty() {
                self.remove(RemovalKind::Email, place, key);
                return decode::mask_email(&s);
            }
            return self.kept(s, key, place);
        }
        if listed(keep::NAME_FIELDS, key) {
            if self.options.mask_identities && !s.is_empty() {
                self.remove(RemovalKind::Name, place, key);
                return decode::mask_name(&s);
            }
            return self.kept(s, key, place);
        }
        if listed(list, key) || listed(keep::KEEP_FIELDS, key) {
            return self.kept(s, key, place);
        }
        if self.sign_in && listed(keep::SIGN_IN_FIELDS, key) && keep::shape_kept(key, &s) {
            return self.kept(s, key, place);
        }
        if s.is_empty() {
            return s;
        }
        self.remove(kind_of(key), place, key)
    }

    /// Whether a parameter or field of this name may keep its value (which `text` then judges).
    fn keeps(&self, name: &str) -> bool {
        listed(keep::KEEP_FIELDS, name)
            || listed(keep::EMAIL_FIELDS, name)
            || listed(keep::NAME_FIELDS, name)
            || (self.sign_in && listed(keep::SIGN_IN_FIELDS, name))
    }

    /// A kept value, with token-shaped runs removed and (as asked) email addresses masked.
    fn kept(&mut self, s: String, key: &str, place: Place) -> String {
        let s = match decode::scrub(&s) {
            Some(clean) => {
                self.remove(RemovalKind::Token, place, key);
                clean
            }
            None => s,
        };
        if self.options.mask_identities
            && let Some(masked) = decode::mask_emails_in(&s)
        {
            self.remove(RemovalKind::Email, place, key);
            return masked;
        }
        s
    }

    /// A URL: scheme, host and path stay (token-shaped path segments and user info go); the
    /// query and fragment are sanitized parameter by parameter.
    fn url(&mut self, url: &str, place: Place) -> String {
        // A URL's parameters are Entra's only when the URL goes to a sign-in host: a Referer,
        // a Location or a redirect_uri inside a sign-in request points at the app.
        // The URL is cut once, for its host and for its parts.
        let parts = split_url(url);
        let entry_sign_in = self.sign_in;
        self.sign_in = sign_in_base(parts.base);
        let out = self.url_parts(parts, place);
        self.sign_in = entry_sign_in;
        out
    }

    fn url_parts(&mut self, parts: decode::UrlParts<'_>, place: Place) -> String {
        let mut out = self.url_base(parts.base, place);
        if let Some(q) = parts.query {
            out.push('?');
            let q_place = if place == Place::Url {
                Place::Query
            } else {
                place
            };
            out.push_str(&self.params(q, q_place, false));
        }
        if let Some(f) = parts.fragment {
            out.push('#');
            let f_place = if place == Place::Url {
                Place::Fragment
            } else {
                place
            };
            if f.contains('=') || f.contains('&') {
                out.push_str(&self.params(f, f_place, false));
            } else if f.len() <= 64
                && f.bytes().all(|b| {
                    b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'_' | b'.' | b'!')
                })
                && !decode::looks_opaque(f)
                && anchor_like(f)
            {
                out.push_str(f);
            } else if !f.is_empty() {
                out.push_str(&self.remove(RemovalKind::Field, f_place, ""));
            }
        }
        out
    }

    fn url_base(&mut self, base: &str, place: Place) -> String {
        let (scheme, rest) = match base.split_once("://") {
            Some((s, r)) => (Some(s), r),
            None => (None, base),
        };
        let (authority, path) = match (scheme, rest.find('/')) {
            (Some(_), Some(i)) => rest.split_at(i),
            (Some(_), None) => (rest, ""),
            (None, _) => ("", rest),
        };
        let mut out = String::with_capacity(base.len());
        if let Some(s) = scheme {
            out.push_str(s);
            out.push_str("://");
        }
        match authority.rsplit_once('@') {
            Some((_, host)) => {
                out.push_str(&self.remove(RemovalKind::Credential, place, "user-info"));
                out.push('@');
                out.push_str(host);
            }
            None => out.push_str(authority),
        }
        // Segment by segment, straight into `out`, `/` between them.
        for (i, seg) in path.split('/').enumerate() {
            if i > 0 {
                out.push('/');
            }
            let decoded = decode::percent_decode_all(seg, false);
            if decode::looks_opaque(&decoded)
                || decode::looks_random_segment(&decoded)
                || decode::scrub(&decoded).is_some()
            {
                let removed = self.remove(RemovalKind::Token, place, "path");
                out.push_str(&removed);
            } else {
                out.push_str(seg);
            }
        }
        out
    }

    /// `name=value&…` (query, fragment or form body): kept names keep their values (URLs
    /// sanitized, tokens scrubbed); the others' values become `[removed:<kind>]`.
    fn params(&mut self, s: &str, place: Place, form: bool) -> String {
        // Each parameter is written straight into `out`, `&` before all but the first.
        let mut out = String::new();
        for (i, (raw_name, raw_value)) in decode::params(s).enumerate() {
            if i > 0 {
                out.push('&');
            }
            let name = decode::percent_decode_all(raw_name, true);
            let name = decode::html_unescape(&name);
            let shown = if plain_name(&name) {
                raw_name.to_owned()
            } else {
                String::new()
            };
            let Some(raw_value) = raw_value else {
                if listed(keep::KEEP_FIELDS, &name) {
                    out.push_str(raw_name);
                } else {
                    out.push_str(&self.remove(RemovalKind::Field, place, ""));
                }
                continue;
            };
            if shown.is_empty() {
                out.push_str(&self.remove(RemovalKind::Field, place, ""));
                continue;
            }
            let kept_name = self.keeps(&name);
            let value = if kept_name {
                let decoded = decode::percent_decode_all(raw_value, true);
                let clean = self.text(decoded.clone(), &name, place, &[]);
                if clean == decoded && !raw_value.contains('%') {
                    raw_value.to_owned()
                } else if clean == decoded {
                    // Unchanged: keep the original encoding, but only if it decodes to the same.
                    raw_value.to_owned()
                } else {
                    decode::percent_encode(&clean)
                }
            } else {
                let place = if form { Place::FormField } else { place };
                self.remove(kind_of(&name), place, &name)
            };
            out.push_str(&shown);
            out.push('=');
            out.push_str(&value);
        }
        out
    }

    fn request(&mut self, v: Value, url_out: &mut String) -> Value {
        let Value::Object(map) = v else {
            return self.generic(v, "request", Place::EntryField);
        };
        let mut out = Map::new();
        for (k, v) in map {
            let v = match (k.as_str(), v) {
                ("url", Value::String(s)) => {
                    *url_out = s.clone();
                    Value::String(self.url(&s, Place::Url))
                }
                ("headers", v) => self.headers(v, Place::RequestHeader),
                ("cookies", v) => self.cookies(v, Place::RequestCookie),
                ("queryString", v) => self.name_values(v, Place::Query),
                ("postData", v) => self.post_data(v),
                (_, v) => self.generic(v, &k, Place::EntryField),
            };
            out.insert(k, v);
        }
        Value::Object(out)
    }

    fn response(&mut self, v: Value) -> Value {
        let Value::Object(map) = v else {
            return self.generic(v, "response", Place::EntryField);
        };
        let mut out = Map::new();
        for (k, v) in map {
            let v = match (k.as_str(), v) {
                ("headers", v) => self.headers(v, Place::ResponseHeader),
                ("cookies", v) => self.cookies(v, Place::ResponseCookie),
                ("content", v) => self.content(v),
                ("redirectURL", Value::String(s)) => Value::String(self.url(&s, Place::Url)),
                (_, v) => self.generic(v, &k, Place::EntryField),
            };
            out.insert(k, v);
        }
        Value::Object(out)
    }

    fn headers(&mut self, v: Value, place: Place) -> Value {
        let Value::Array(items) = v else {
            return self.generic(v, "headers", place);
        };
        Value::Array(
            items
                .into_iter()
                .map(|h| {
                    let Value::Object(mut m) = h else {
                        return self.generic(h, "header", place);
                    };
                    let name = m
                        .get("name")
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .to_owned();
                    let value = m.remove("value");
                    let mut out = Map::new();
                    for (k, v) in m {
                        let v = if k == "name" {
                            if plain_name(&name) {
                                v
                            } else {
                                Value::String(self.remove(RemovalKind::Header, place, ""))
                            }
                        } else {
                            self.generic(v, &k, place)
                        };
                        out.insert(k, v);
                    }
                    if let Some(value) = value {
                        let clean = match value {
                            Value::String(s) => Value::String(self.header_value(&name, s, place)),
                            other => self.generic(other, "value", place),
                        };
                        out.insert("value".to_owned(), clean);
                    }
                    Value::Object(out)
                })
                .collect(),
        )
    }

    fn header_value(&mut self, name: &str, value: String, place: Place) -> String {
        let lc = name.to_ascii_lowercase();
        if lc == ":path" {
            return self.url(&value, place);
        }
        if listed(keep::URL_HEADERS, &lc) {
            return self.url(&value, place);
        }
        if listed(keep::KEEP_HEADERS, &lc) {
            return self.kept(value, name, place);
        }
        if value.is_empty() {
            return value;
        }
        let kind = match kind_of(&lc) {
            RemovalKind::Field => RemovalKind::Header,
            k => k,
        };
        self.remove(kind, place, name)
    }

    fn cookies(&mut self, v: Value, place: Place) -> Value {
        let Value::Array(items) = v else {
            return self.generic(v, "cookies", place);
        };
        Value::Array(
            items
                .into_iter()
                .map(|c| {
                    let Value::Object(m) = c else {
                        return Value::String(self.remove(RemovalKind::Cookie, place, ""));
                    };
                    let name = m
                        .get("name")
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .to_owned();
                    let mut out = Map::new();
                    for (k, v) in m {
                        let v = match k.as_str() {
                            "name" if plain_name(&name) => v,
                            "name" | "value" => {
                                Value::String(self.remove(RemovalKind::Cookie, place, &name))
                            }
                            _ => self.generic(v, &k, place),
                        };
                        out.insert(k, v);
                    }
                    Value::Object(out)
                })
                .collect(),
        )
    }

    /// `queryString` and `postData.params`: `{name, value}` objects.
    fn name_values(&mut self, v: Value, place: Place) -> Value {
        let Value::Array(items) = v else {
            return self.generic(v, "params", place);
        };
        Value::Array(
            items
                .into_iter()
                .map(|p| {
                    let Value::Object(m) = p else {
                        return Value::String(self.remove(RemovalKind::Field, place, ""));
                    };
                    let raw_name = m
                        .get("name")
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .to_owned();
                    // Browsers write these decoded, but some tools leave them encoded.
                    let name = decode::percent_decode_all(&raw_name, true);
                    let mut out = Map::new();
                    for (k, v) in m {
                        let v = match (k.as_str(), v) {
                            ("name", v) if plain_name(&name) => v,
                            ("name", _) => {
                                Value::String(self.remove(RemovalKind::Field, place, ""))
                            }
                            ("value", Value::String(s)) if plain_name(&name) => {
                                let decoded = decode::percent_decode_all(&s, false);
                                let kept = self.keeps(&name);
                                if kept {
                                    Value::String(self.text(decoded, &name, place, &[]))
                                } else {
                                    Value::String(self.remove(kind_of(&name), place, &name))
                                }
                            }
                            ("value", _) => {
                                Value::String(self.remove(RemovalKind::Field, place, ""))
                            }
                            ("fileName" | "contentType", Value::String(s)) => {
                                Value::String(self.text(s, &k, place, &[]))
                            }
                            (_, v) => self.generic(v, &k, place),
                        };
                        out.insert(k, v);
                    }
                    Value::Object(out)
                })
                .collect(),
        )
    }

    fn post_data(&mut self, v: Value) -> Value {
        let Value::Object(map) = v else {
            return self.generic(v, "postData", Place::RequestBody);
        };
        let mime = map
            .get("mimeType")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_ascii_lowercase();
        let mut out = Map::new();
        for (k, v) in map {
            let v = match (k.as_str(), v) {
                ("text", Value::String(s)) => {
                    Value::String(self.body(s, &mime, Place::RequestBody))
                }
                ("params", v) => self.name_values(v, Place::FormField),
                (_, v) => self.generic(v, &k, Place::RequestBody),
            };
            out.insert(k, v);
        }
        Value::Object(out)
    }

    fn content(&mut self, v: Value) -> Value {
        let Value::Object(map) = v else {
            return self.generic(v, "content", Place::ResponseBody);
        };
        let mime = map
            .get("mimeType")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_ascii_lowercase();
        let encoding = map
            .get("encoding")
            .and_then(Value::as_str)
            .map(str::to_owned);
        let mut out = Map::new();
        for (k, v) in map {
            match (k.as_str(), v) {
                ("text", Value::String(s)) => {
                    if s.is_empty() {
                        out.insert(k, Value::String(s));
                        continue;
                    }
                    if self.options.drop_response_bodies {
                        let m = self.remove(RemovalKind::Body, Place::ResponseBody, "");
                        out.insert(k, Value::String(m));
                        continue;
                    }
                    let text = match encoding.as_deref() {
                        None | Some("") => Some(s),
                        Some(e) if e.eq_ignore_ascii_case("base64") => decode_base64(&s),
                        Some(_) => None,
                    };
                    let clean = match text {
                        Some(t) => {
                            let clean = self.body(t, &mime, Place::ResponseBody);
                            if encoding.is_some() {
                                crate::base64::encode(clean, crate::base64::Alphabet::Standard)
                            } else {
                                clean
                            }
                        }
                        None => {
                            let m = self.remove(RemovalKind::Undecodable, Place::ResponseBody, "");
                            // The marker is plain text: say so, so the HAR stays consistent.
                            out.insert("encoding".to_owned(), Value::String(String::new()));
                            m
                        }
                    };
                    out.insert(k, Value::String(clean));
                }
                ("encoding", v) => {
                    if !out.contains_key("encoding") {
                        out.insert(k, v);
                    }
                }
                (_, v) => {
                    let v = self.generic(v, &k, Place::ResponseBody);
                    out.insert(k, v);
                }
            }
        }
        if out.get("encoding").and_then(Value::as_str) == Some("") {
            out.remove("encoding");
        }
        Value::Object(out)
    }

    /// A request or response body: form and JSON bodies are walked by field; an HTML page
    /// keeps only its `$Config` fields; every other body is removed.
    fn body(&mut self, text: String, mime: &str, place: Place) -> String {
        let trimmed = text.trim_start();
        if trimmed.is_empty() {
            return text;
        }
        if mime.contains("json") || trimmed.starts_with('{') || trimmed.starts_with('[') {
            if let Ok(v) = crate::text::json(&text) {
                let v = self.json(v, "", place);
                return v.to_string();
            }
            return self.remove(RemovalKind::Undecodable, place, "");
        }
        if mime.contains("x-www-form-urlencoded")
            || (place == Place::RequestBody
                && mime.is_empty()
                && !trimmed.contains(char::is_whitespace))
        {
            return self.params(trimmed, place, true);
        }
        if mime.contains("html") || trimmed.starts_with('<') {
            let kept = decode::config_object(&text)
                .and_then(|c| decode::config_kept(c, keep::CONFIG_FIELDS));
            let marker = self.remove(RemovalKind::Body, place, "");
            return match kept.and_then(|k| crate::text::json(&k).ok()) {
                Some(v) => {
                    let v = self.json(v, "$Config", place);
                    let json = v.to_string();
                    // `<` cannot close the script early: escape it the JSON way.
                    let json = json.replace('<', "\\u003c");
                    format!("<!-- {marker} --><script>$Config={json};</script>")
                }
                None => marker,
            };
        }
        self.remove(RemovalKind::Body, place, "")
    }

    /// A JSON body: numbers, booleans and nulls stay; text only under a kept field name.
    fn json(&mut self, v: Value, key: &str, place: Place) -> Value {
        match v {
            Value::Object(map) => Value::Object(
                map.into_iter()
                    .map(|(k, v)| {
                        let shown = if plain_name(&k) {
                            k
                        } else {
                            self.remove(RemovalKind::Field, place, "")
                        };
                        // An API's error code in its answer ({"error": {"code": "…"}}) is what
                        // support reads. Only a response's, and only a name made of letters and
                        // underscores (InvalidAuthenticationToken): anything else there, and every
                        // message (it may echo a secret), goes as before.
                        let v = match v {
                            Value::String(s)
                                if place == Place::ResponseBody
                                    && key == "error"
                                    && shown == "code"
                                    && is_error_name(&s) =>
                            {
                                Value::String(s)
                            }
                            v => self.json(v, &shown, place),
                        };
                        (shown, v)
                    })
                    .collect(),
            ),
            Value::Array(items) => Value::Array(
                items
                    .into_iter()
                    .map(|v| self.json(v, key, place))
                    .collect(),
            ),
            Value::String(s) => Value::String(self.text(s, key, place, &[])),
            other => other,
        }
    }
}

/// True for a URL base whose host (without user info or port) is an Entra sign-in host.
fn sign_in_base(base: &str) -> bool {
    crate::trace::hosts::cloud_of(&decode::host_of(base)).is_some()
}

/// A fragment an app routes or scrolls by (`#/inbox`, `#section-2`, `#top`), not a short opaque
/// value: every piece between separators must be under 16 characters, not mix upper case,
/// lower case and digits as base64 and random IDs do, and not be a run of 8 or more hex digits.
fn anchor_like(f: &str) -> bool {
    f.split(['/', '-', '_', '.', '!']).all(|p| {
        let has = |f: fn(&u8) -> bool| p.as_bytes().iter().any(f);
        let mixed =
            has(u8::is_ascii_uppercase) && has(u8::is_ascii_lowercase) && has(u8::is_ascii_digit);
        let hex =
            p.len() >= 8 && p.bytes().all(|b| b.is_ascii_hexdigit()) && has(u8::is_ascii_digit);
        p.len() < 16 && !mixed && !hex
    })
}

/// A service's error name: 3 to 64 ASCII letters and underscores, no digits or punctuation
/// (so no password, key or token can pass for one).
fn is_error_name(s: &str) -> bool {
    (3..=64).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphabetic() || b == b'_')
}

fn decode_base64(s: &str) -> Option<String> {
    let mut compact = String::new();
    for c in s.chars() {
        if !c.is_whitespace() {
            compact.push(c);
        }
    }
    let bytes = crate::base64::decode(compact, crate::base64::Alphabet::Standard).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    // Binary that happens to be UTF-8 (or compressed data) is not something we can read.
    let control = text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'));
    (!control).then_some(text)
}
