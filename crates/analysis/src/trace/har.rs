//! The few fields of a HAR 1.2 entry the flow reader needs, as typed structs (unknown fields ignored).
//!
//! Browsers differ: Chrome and Edge add `_initiator` and `_resourceType`, Firefox and Safari
//! leave out fields the spec calls required or write `null`; everything here has a default.
//!
//! Read from the entry's JSON value as serde's derive read them before (`#[serde(default)]`
//! on every struct): a missing field is its default, a nested struct or list of the wrong type
//! is an error in serde's words.
use serde_json::{Map, Value};

use crate::text::invalid_type;

/// One `log.entries` element.
#[derive(Debug, Default)]
pub struct Entry {
    pub started: String,
    pub time: i64,
    pub request: Request,
    pub response: Response,
    pub resource_type: String,
}

#[derive(Debug, Default)]
pub struct Request {
    pub method: String,
    pub url: String,
    pub headers: Vec<NameValue>,
    pub post_data: Option<PostData>,
}

#[derive(Debug, Default)]
pub struct Response {
    pub status: i64,
    pub headers: Vec<NameValue>,
    pub content: Content,
    pub redirect_url: String,
}

#[derive(Debug, Default)]
pub struct NameValue {
    pub name: String,
    pub value: String,
}

#[derive(Debug, Default)]
pub struct PostData {
    pub mime_type: String,
    pub text: String,
    pub params: Vec<NameValue>,
}

#[derive(Debug, Default)]
pub struct Content {
    pub mime_type: String,
    pub text: String,
    pub encoding: String,
}

impl Entry {
    /// The entry in `v`, or serde's message for a value of the wrong type.
    pub fn read(v: Value) -> Result<Entry, String> {
        let mut e = Entry::default();
        for (k, v) in object(v, "Entry")? {
            match k.as_str() {
                "startedDateTime" => e.started = text(v),
                "time" => e.time = millis(&v)?,
                "request" => e.request = request(v)?,
                "response" => e.response = response(v)?,
                "_resourceType" => e.resource_type = text(v),
                _ => {}
            }
        }
        Ok(e)
    }
}

fn request(v: Value) -> Result<Request, String> {
    let mut r = Request::default();
    for (k, v) in object(v, "Request")? {
        match k.as_str() {
            "method" => r.method = text(v),
            "url" => r.url = text(v),
            "headers" => r.headers = list(v)?,
            "postData" => {
                r.post_data = match v {
                    Value::Null => None,
                    v => Some(post_data(v)?),
                }
            }
            _ => {}
        }
    }
    Ok(r)
}

fn response(v: Value) -> Result<Response, String> {
    let mut r = Response::default();
    for (k, v) in object(v, "Response")? {
        match k.as_str() {
            "status" => r.status = millis(&v)?,
            "headers" => r.headers = list(v)?,
            "content" => r.content = content(v)?,
            "redirectURL" => r.redirect_url = text(v),
            _ => {}
        }
    }
    Ok(r)
}

fn post_data(v: Value) -> Result<PostData, String> {
    let mut p = PostData::default();
    for (k, v) in object(v, "PostData")? {
        match k.as_str() {
            "mimeType" => p.mime_type = text(v),
            "text" => p.text = text(v),
            "params" => p.params = list(v)?,
            _ => {}
        }
    }
    Ok(p)
}

fn content(v: Value) -> Result<Content, String> {
    let mut c = Content::default();
    for (k, v) in object(v, "Content")? {
        match k.as_str() {
            "mimeType" => c.mime_type = text(v),
            "text" => c.text = text(v),
            "encoding" => c.encoding = text(v),
            _ => {}
        }
    }
    Ok(c)
}

fn name_value(v: Value) -> Result<NameValue, String> {
    let mut n = NameValue::default();
    for (k, v) in object(v, "NameValue")? {
        match k.as_str() {
            "name" => n.name = text(v),
            "value" => n.value = text(v),
            _ => {}
        }
    }
    Ok(n)
}

fn object(v: Value, name: &str) -> Result<Map<String, Value>, String> {
    match v {
        Value::Object(o) => Ok(o),
        v => Err(invalid_type(&v, &format!("struct {name}"))),
    }
}

/// A string, or empty for `null` and any other type (Safari writes `null` for some).
fn text(v: Value) -> String {
    match v {
        Value::String(s) => s,
        _ => String::new(),
    }
}

/// A list of name-value pairs, or empty for `null`.
fn list(v: Value) -> Result<Vec<NameValue>, String> {
    match v {
        Value::Null => Ok(Vec::new()),
        Value::Array(items) => {
            let mut out = Vec::new();
            for item in items {
                out.push(name_value(item)?);
            }
            Ok(out)
        }
        v => Err(invalid_type(&v, "a sequence")),
    }
}

/// A whole number of milliseconds (or a status) from an integer or a fraction; -1 for `null`.
fn millis(v: &Value) -> Result<i64, String> {
    Ok(match v {
        Value::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => i,
            (None, Some(_)) => i64::MAX,
            _ => n.as_f64().map_or(0, |f| f as i64),
        },
        Value::Null => -1,
        Value::String(s) => s.trim().parse().unwrap_or(-1),
        v => return Err(invalid_type(v, "a number")),
    })
}
