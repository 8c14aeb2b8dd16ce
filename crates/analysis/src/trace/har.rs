//! The few fields of a HAR 1.2 entry the flow reader needs, as typed structs (unknown fields ignored).
//!
//! Browsers differ: Chrome and Edge add `_initiator` and `_resourceType`, Firefox and Safari
//! leave out fields the spec calls required or write `null`; everything here has a default.
use serde::{Deserialize, Deserializer};

/// One `log.entries` element.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Entry {
    #[serde(rename = "startedDateTime", deserialize_with = "text")]
    pub started: String,
    #[serde(deserialize_with = "millis")]
    pub time: i64,
    pub request: Request,
    pub response: Response,
    #[serde(rename = "_resourceType", deserialize_with = "text")]
    pub resource_type: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Request {
    #[serde(deserialize_with = "text")]
    pub method: String,
    #[serde(deserialize_with = "text")]
    pub url: String,
    #[serde(deserialize_with = "list")]
    pub headers: Vec<NameValue>,
    #[serde(rename = "postData")]
    pub post_data: Option<PostData>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Response {
    #[serde(deserialize_with = "millis")]
    pub status: i64,
    #[serde(deserialize_with = "list")]
    pub headers: Vec<NameValue>,
    pub content: Content,
    #[serde(rename = "redirectURL", deserialize_with = "text")]
    pub redirect_url: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NameValue {
    #[serde(deserialize_with = "text")]
    pub name: String,
    #[serde(deserialize_with = "text")]
    pub value: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PostData {
    #[serde(rename = "mimeType", deserialize_with = "text")]
    pub mime_type: String,
    #[serde(deserialize_with = "text")]
    pub text: String,
    #[serde(deserialize_with = "list")]
    pub params: Vec<NameValue>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Content {
    #[serde(rename = "mimeType", deserialize_with = "text")]
    pub mime_type: String,
    #[serde(deserialize_with = "text")]
    pub text: String,
    #[serde(deserialize_with = "text")]
    pub encoding: String,
}

/// A string, or empty for `null` and any other type (Safari writes `null` for some).
fn text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(match serde_json::Value::deserialize(d)? {
        serde_json::Value::String(s) => s,
        _ => String::new(),
    })
}

/// A list, or empty for `null`.
fn list<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

/// A whole number of milliseconds (or a status) from an integer or a fraction; -1 when absent.
fn millis<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    struct V;
    impl serde::de::Visitor<'_> for V {
        type Value = i64;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a number")
        }
        fn visit_i64<E>(self, v: i64) -> Result<i64, E> {
            Ok(v)
        }
        fn visit_u64<E>(self, v: u64) -> Result<i64, E> {
            Ok(i64::try_from(v).unwrap_or(i64::MAX))
        }
        fn visit_f64<E>(self, v: f64) -> Result<i64, E> {
            Ok(v as i64)
        }
        fn visit_unit<E>(self) -> Result<i64, E> {
            Ok(-1)
        }
        fn visit_none<E>(self) -> Result<i64, E> {
            Ok(-1)
        }
        fn visit_str<E>(self, v: &str) -> Result<i64, E> {
            Ok(v.trim().parse().unwrap_or(-1))
        }
    }
    d.deserialize_any(V)
}
