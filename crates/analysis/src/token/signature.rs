//! Offline signature check, pure half: picks the key and algorithm; the browser's WebCrypto verifies.
use crate::base64::{Alphabet, decode};
use serde_json::{Map, Value, json};

use super::{Cloud, TokenKind, TokenReport};
use crate::text::is_guid;

/// The key as WebCrypto imports it.
#[derive(Debug, Clone, PartialEq)]
pub enum KeyData {
    /// A clean JWK holding only the public members WebCrypto needs.
    Jwk(Value),
    /// DER SubjectPublicKeyInfo, from a PEM public key or certificate.
    Spki(Vec<u8>),
}

/// WebCrypto's name for a JWS algorithm.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebAlg {
    pub name: &'static str,
    pub hash: &'static str,
    pub curve: Option<&'static str>,
    pub salt_len: Option<u32>,
}

/// Everything the browser needs to run one verification.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub alg: WebAlg,
    pub key: KeyData,
    /// Which key was chosen, for the message.
    pub key_label: String,
    /// `header.payload` as sent, the bytes the signature covers.
    pub signing_input: String,
    pub signature: Vec<u8>,
    /// Said before the result: e.g. a Graph token cannot verify.
    pub caution: Option<String>,
}

fn web_alg(alg: &str) -> Option<WebAlg> {
    let rsa = |name, hash| WebAlg {
        name,
        hash,
        curve: None,
        salt_len: None,
    };
    Some(match alg {
        "RS256" => rsa("RSASSA-PKCS1-v1_5", "SHA-256"),
        "RS384" => rsa("RSASSA-PKCS1-v1_5", "SHA-384"),
        "RS512" => rsa("RSASSA-PKCS1-v1_5", "SHA-512"),
        "PS256" => WebAlg {
            salt_len: Some(32),
            ..rsa("RSA-PSS", "SHA-256")
        },
        "PS384" => WebAlg {
            salt_len: Some(48),
            ..rsa("RSA-PSS", "SHA-384")
        },
        "PS512" => WebAlg {
            salt_len: Some(64),
            ..rsa("RSA-PSS", "SHA-512")
        },
        "ES256" => WebAlg {
            curve: Some("P-256"),
            ..rsa("ECDSA", "SHA-256")
        },
        "ES384" => WebAlg {
            curve: Some("P-384"),
            ..rsa("ECDSA", "SHA-384")
        },
        _ => return None,
    })
}

/// True when `s` can stand as the tenant in a sign-in URL path: a GUID, or a domain name
/// (dot-separated labels of ASCII letters, digits and inner hyphens, ending in a letter label).
/// Anything else — `/`, `?`, `#`, `%`, `@`, spaces — could turn the link into another URL.
pub fn is_safe_tenant(s: &str) -> bool {
    if is_guid(s) {
        return true;
    }
    if s.len() > 253 {
        return false;
    }
    let labels: Vec<&str> = s.split('.').collect();
    let label_ok = |l: &&str| {
        (1..=63).contains(&l.len())
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    labels.len() >= 2
        && labels.iter().all(label_ok)
        && labels
            .last()
            .is_some_and(|tld| tld.len() >= 2 && tld.bytes().all(|b| b.is_ascii_alphabetic()))
}

/// Where the token's issuer publishes its keys, for the reader to open themselves; None when the
/// token names no tenant, or one that is not a GUID or a domain name (see `is_safe_tenant`).
pub fn keys_url(r: &TokenReport) -> Option<String> {
    let tid = r.tenant_id.as_deref().filter(|t| is_safe_tenant(t))?;
    let ppe = r
        .issuer
        .as_deref()
        .and_then(super::guest::issuer_parts)
        .is_some_and(|(host, _, _)| super::guest::is_ppe_host(host));
    let host = match r.cloud {
        Some(Cloud::Usgov) => "login.microsoftonline.us",
        Some(Cloud::China) => "login.partner.microsoftonline.cn",
        None if ppe => "login.windows-ppe.net",
        Some(Cloud::Global) | None => "login.microsoftonline.com",
    };
    let path = if r.version.as_deref() == Some("2.0") {
        "discovery/v2.0/keys"
    } else {
        "discovery/keys"
    };
    Some(format!("https://{host}/{tid}/{path}"))
}

/// Said instead of a link when `keys_url` gives none.
pub fn no_keys_url_reason(r: &TokenReport) -> &'static str {
    match r.tenant_id.as_deref() {
        None => {
            "The token has no tid, so no link to its issuer's keys can be built: the keys are listed in the issuer's discovery document."
        }
        Some(_) => {
            "The token's tid is neither a GUID nor a domain name, so no link is offered: a genuine Entra token always has its tenant's GUID there, and a link built from this value could lead anywhere."
        }
    }
}

/// What the browser's refusal to run a check means, as a sentence: `raw` is the WebCrypto message.
pub fn check_failed(raw: &str) -> String {
    // The page's WebCrypto glue may already have prefixed the message.
    let raw = raw.trim();
    let raw = raw
        .strip_prefix("The key was refused:")
        .unwrap_or(raw)
        .trim();
    let detail = if raw.is_empty() {
        String::new()
    } else {
        let short: String = raw.chars().take(160).collect();
        format!(" (the browser said: {})", crate::quote::shown(&short, '"'))
    };
    format!(
        "The check could not run: the browser refused the key{detail}. The token was not judged either way. \
         This usually means the key doesn't fit the token's algorithm (an RSA key for an ES256 token, say) or \
         was damaged while copying. Fetch the issuer's current keys again and paste the whole document."
    )
}

/// Prepares a check of `r`'s signature against pasted keys (a JWKS, one JWK, a PEM key or certificate).
pub fn plan(r: &TokenReport, keys: &str) -> Result<Plan, String> {
    if r.kind != TokenKind::Jws {
        return Err("Only a signed JWT (three parts) has a signature to check.".into());
    }
    let header = r
        .header
        .as_ref()
        .and_then(Value::as_object)
        .ok_or("The token's header could not be read.")?;
    let alg_name = header.get("alg").and_then(Value::as_str).unwrap_or("");
    let alg = web_alg(alg_name).ok_or_else(|| {
        format!(
            "The algorithm {} cannot be checked here.",
            crate::quote::shown(alg_name, '"')
        )
    })?;
    let (signing_input, sig_text) = r
        .raw
        .rsplit_once('.')
        .ok_or("The token has no signature part.")?;
    let signature = decode(sig_text.trim_end_matches('='), Alphabet::UrlSafe)
        .map_err(|_| "The signature part is not base64url.".to_owned())?;
    let kid = header
        .get("kid")
        .or_else(|| header.get("x5t"))
        .and_then(Value::as_str);
    let (key, key_label) = choose_key(keys.trim(), kid)?;
    let caution = r.header_nonce.then(|| {
        "This token has a header nonce (a Microsoft Graph token): its signature covers a transformed nonce, so \
         the check below is expected to fail even for a genuine token. Only Graph can validate it."
            .to_owned()
    });
    Ok(Plan {
        alg,
        key,
        key_label,
        signing_input: signing_input.to_owned(),
        signature,
        caution,
    })
}

fn choose_key(keys: &str, kid: Option<&str>) -> Result<(KeyData, String), String> {
    if keys.is_empty() {
        return Err("Paste the issuer's keys: a JWKS (the keys document), one JWK, or a PEM public key or certificate.".into());
    }
    if keys.contains("-----BEGIN") {
        return pem(keys).map(|k| (k, "the pasted PEM key".to_owned()));
    }
    let value: Value = crate::text::json(keys).map_err(|e| {
        let (line, column) = e.line_col(keys);
        format!("The keys are neither PEM nor valid JSON (line {line}, column {column}).")
    })?;
    if let Some(list) = value.get("keys").and_then(Value::as_array) {
        let found = list.iter().filter_map(Value::as_object).find(|k| {
            kid.is_some_and(|kid| {
                [k.get("kid"), k.get("x5t")]
                    .iter()
                    .flatten()
                    .any(|v| v.as_str() == Some(kid))
            })
        });
        return match found {
            Some(k) => jwk(k).map(|d| (d, format!("the key with kid {}", kid.unwrap_or("?")))),
            None => {
                let mut kids: Vec<&str> = Vec::new();
                for k in list {
                    if let Some(id) = k.get("kid").and_then(Value::as_str) {
                        kids.push(id);
                    }
                }
                Err(format!(
                    "No key in the pasted set has the token's kid {}. It holds: {}. Keys rotate: fetch the current \
                     set from the issuer and paste it again.",
                    kid.unwrap_or("(none)"),
                    if kids.is_empty() {
                        "no kids".to_owned()
                    } else {
                        kids.join(", ")
                    }
                ))
            }
        };
    }
    let obj = value
        .as_object()
        .ok_or("The pasted JSON is neither a JWKS nor a JWK.")?;
    jwk(obj).map(|d| (d, "the pasted JWK".to_owned()))
}

fn jwk(k: &Map<String, Value>) -> Result<KeyData, String> {
    let s = |name: &str| k.get(name).and_then(Value::as_str);
    match s("kty") {
        Some("RSA") => match (s("n"), s("e")) {
            (Some(n), Some(e)) => Ok(KeyData::Jwk(json!({"kty": "RSA", "n": n, "e": e}))),
            _ => x5c(k).ok_or_else(|| {
                "This RSA key has neither n and e nor a certificate (x5c).".to_owned()
            }),
        },
        Some("EC") => match (s("crv"), s("x"), s("y")) {
            (Some(crv), Some(x), Some(y)) => Ok(KeyData::Jwk(
                json!({"kty": "EC", "crv": crv, "x": x, "y": y}),
            )),
            _ => Err("This EC key lacks crv, x or y.".into()),
        },
        other => Err(format!(
            "Key type {} cannot be checked here.",
            crate::quote::shown(other.unwrap_or("(none)"), '"')
        )),
    }
}

fn x5c(k: &Map<String, Value>) -> Option<KeyData> {
    let cert = k.get("x5c")?.as_array()?.first()?.as_str()?;
    spki_of_certificate(&decode(cert, Alphabet::Standard).ok()?).map(KeyData::Spki)
}

fn pem(text: &str) -> Result<KeyData, String> {
    let start = text.find("-----BEGIN").ok_or("No PEM block found.")?;
    let rest = &text[start..];
    let label_end = rest[10..]
        .find("-----")
        .map(|i| i + 10)
        .ok_or("The PEM header is incomplete.")?;
    let label = rest[10..label_end].trim();
    let body_start = label_end + 5;
    let body_end = rest
        .find("-----END")
        .ok_or("The PEM block has no END line.")?;
    let body: String = rest
        .get(body_start..body_end)
        .unwrap_or("")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let der =
        decode(body, Alphabet::Standard).map_err(|_| "The PEM body is not base64.".to_owned())?;
    match label {
        "PUBLIC KEY" => Ok(KeyData::Spki(der)),
        "CERTIFICATE" => spki_of_certificate(&der)
            .map(KeyData::Spki)
            .ok_or_else(|| "The certificate could not be read.".to_owned()),
        other => Err(format!(
            "A PEM {other} cannot be used: paste a PUBLIC KEY or a CERTIFICATE."
        )),
    }
}

/// One DER element: (tag, content, whole element) at the start of `der`.
fn der_item(der: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let tag = *der.first()?;
    let first = *der.get(1)?;
    let (len, head) = if first < 0x80 {
        (usize::from(first), 2)
    } else {
        let n = usize::from(first & 0x7f);
        if n == 0 || n > 4 {
            return None;
        }
        let len = der
            .get(2..2 + n)?
            .iter()
            .fold(0usize, |acc, b| (acc << 8) | usize::from(*b));
        (len, 2 + n)
    };
    let end = head.checked_add(len)?;
    Some((tag, der.get(head..end)?, der.get(..end)?))
}

/// The SubjectPublicKeyInfo of an X.509 certificate: the 7th field of tbsCertificate, or 6th without a version.
pub fn spki_of_certificate(der: &[u8]) -> Option<Vec<u8>> {
    let (_, cert, _) = der_item(der)?;
    let (_, mut tbs, _) = der_item(cert)?;
    let mut index = 0;
    while !tbs.is_empty() {
        let (tag, _, whole) = der_item(tbs)?;
        // Fields: [0] version (optional), serial, signature, issuer, validity, subject, subjectPublicKeyInfo.
        let position = if index == 0 && tag == 0xa0 {
            None
        } else {
            Some(index)
        };
        if let Some(p) = position {
            if p == 5 {
                return Some(whole.to_vec());
            }
            index += 1;
        }
        tbs = tbs.get(whole.len()..).unwrap_or_default();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn der_walk_finds_spki() {
        // A hand-built tbsCertificate: version, serial, alg, issuer, validity, subject, spki.
        let spki = [0x30, 0x03, 0x02, 0x01, 0x07];
        let mut tbs = vec![0xa0, 0x03, 0x02, 0x01, 0x02, 0x02, 0x01, 0x01];
        for _ in 0..4 {
            tbs.extend([0x30, 0x00]);
        }
        tbs.extend(spki);
        let mut tbs_seq = vec![0x30, tbs.len() as u8];
        tbs_seq.extend(&tbs);
        let mut cert = vec![0x30, tbs_seq.len() as u8];
        cert.extend(&tbs_seq);
        assert_eq!(spki_of_certificate(&cert), Some(spki.to_vec()));
        assert_eq!(spki_of_certificate(&cert[..cert.len() - 2]), None);
        assert_eq!(spki_of_certificate(&[]), None);
    }
}
