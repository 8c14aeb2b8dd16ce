//! The keep lists of the sanitizer: everything not named here is removed (fail closed).
//!
//! The page shows these lists as they are. Names compare without regard to case.

/// Query, fragment, form and JSON field names whose values are kept: what support needs to
/// follow a sign-in (IDs, codes, messages, tenants, apps, flow settings) and nothing that
/// proves who someone is.
pub const KEEP_FIELDS: &[&str] = &[
    // The request: which app, which flow.
    "client_id",
    "response_type",
    "response_mode",
    "scope",
    "resource",
    "prompt",
    "grant_type",
    "redirect_uri",
    "post_logout_redirect_uri",
    "code_challenge_method",
    "ui_locales",
    "mkt",
    "lc",
    "domain_hint",
    "login_hint",
    "username",
    "sso_reload",
    "claims",
    "api-version",
    "x-client-sku",
    "x-client-ver",
    "x-client-os",
    "x-client-cpu",
    // WS-Federation and SAML settings (never the assertion itself).
    "wa",
    "wtrealm",
    "wreply",
    "whr",
    "sigalg",
    // Failures and their IDs.
    "error",
    "error_description",
    "error_codes",
    "error_uri",
    "suberror",
    "timestamp",
    "trace_id",
    "correlation_id",
    "client-request-id",
    "client_request_id",
    "correlationid",
    "requestid",
    // Microsoft Graph's error object: `innerError` holds these two.
    "request-id",
    "date",
    "traceid",
    "token_type",
    "expires_in",
    "ext_expires_in",
    "display",
];

/// Fields of Entra's own answers, kept only in a URL to a sign-in host (`hosts::SIGN_IN_HOSTS`)
/// or the bodies of an entry whose request went to one: elsewhere the same short names (`rt`,
/// `sessionid`, `credentials`) can hold anything, a site's session or a password. Where kept,
/// `shape_kept` checks the value.
pub const SIGN_IN_FIELDS: &[&str] = &[
    // The error page's configuration ($Config) fields support reads; see `CONFIG_FIELDS`.
    "ierrorcode",
    "serrorcode",
    "strserviceexceptionmessage",
    "strmainmessage",
    "stradditionalmessage",
    "strtimestamp",
    "sessionid",
    "strtraceid",
    "serverdetails",
    "rt",
    "ri",
    "dc",
    "ver",
    "v",
    "slc",
    // GetCredentialType answers.
    "ifexistsresult",
    "isunmanaged",
    "throttlestatus",
    "credentials",
    "prefcredential",
    "haspassword",
    "federationredirecturl",
    "estsproperties",
    "domaintype",
    "userTenantBranding",
];

/// Whether a text value of a `SIGN_IN_FIELDS` name has the shape Entra gives it: a session or
/// trace ID is a GUID, `rt` a time, `ver`/`v` a version, codes and flags short, the messages
/// text (scrubbed when kept); a name that holds an object (`credentials`, `serverDetails`, …)
/// is never kept as text, its members being judged by their own names. A name with no rule
/// here keeps nothing (fail closed).
pub fn shape_kept(name: &str, value: &str) -> bool {
    let n = name.to_ascii_lowercase();
    let short_code = |max: usize| {
        value.len() <= max
            && value
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
    };
    let digits = |max: usize| {
        !value.is_empty() && value.len() <= max && value.bytes().all(|b| b.is_ascii_digit())
    };
    match n.as_str() {
        "sessionid" | "strtraceid" => crate::text::is_guid(value),
        "strserviceexceptionmessage" | "strmainmessage" | "stradditionalmessage" => true,
        "ierrorcode" => digits(10),
        "serrorcode" | "domaintype" | "ifexistsresult" | "throttlestatus" | "prefcredential" => {
            short_code(12)
        }
        "isunmanaged" | "haspassword" => matches!(value, "true" | "false"),
        "rt" | "strtimestamp" => {
            value.len() <= 40
                && value.bytes().any(|b| b.is_ascii_digit())
                && value.bytes().all(|b| {
                    b.is_ascii_digit()
                        || matches!(b, b'-' | b':' | b'.' | b'T' | b'Z' | b' ' | b'+')
                })
        }
        "ver" | "v" => value.len() <= 24 && value.bytes().all(|b| b.is_ascii_digit() || b == b'.'),
        "ri" | "dc" | "slc" => short_code(24),
        _ => false,
    }
}

/// Kept fields whose value is a URL: the URL is kept after its own query and fragment are sanitized.
pub const URL_FIELDS: &[&str] = &[
    "redirect_uri",
    "post_logout_redirect_uri",
    "wreply",
    "error_uri",
    "federationredirecturl",
    "url",
    "redirecturl",
    "title",
];

/// Kept fields holding a sign-in name or email address (masked with `Options::mask_identities`).
pub const EMAIL_FIELDS: &[&str] = &["login_hint", "username", "display", "upn", "email"];

/// Kept fields holding a person's display name (masked with `Options::mask_identities`).
pub const NAME_FIELDS: &[&str] = &["displayname", "given_name", "family_name", "name"];

/// `$Config` fields of an Entra sign-in or error page that the trace keeps (see `trace` docs).
pub const CONFIG_FIELDS: &[&str] = &[
    "iErrorCode",
    "sErrorCode",
    "strServiceExceptionMessage",
    "strMainMessage",
    "strAdditionalMessage",
    "correlationId",
    "sessionId",
    "strTimestamp",
    "strTraceId",
    "serverDetails",
];

/// Header names whose values are kept (URL-valued ones are sanitized as URLs).
pub const KEEP_HEADERS: &[&str] = &[
    ":authority",
    ":method",
    ":path",
    ":scheme",
    ":status",
    "host",
    "accept",
    "accept-language",
    "accept-encoding",
    "accept-ranges",
    "access-control-allow-methods",
    "access-control-allow-origin",
    "access-control-expose-headers",
    "access-control-max-age",
    "age",
    "cache-control",
    "client-request-id",
    "connection",
    "content-encoding",
    "content-length",
    "content-type",
    "date",
    "expires",
    "last-modified",
    "location",
    "origin",
    "p3p",
    "pragma",
    "referer",
    "referrer-policy",
    "request-id",
    "sec-ch-ua",
    "sec-ch-ua-mobile",
    "sec-ch-ua-platform",
    "sec-fetch-dest",
    "sec-fetch-mode",
    "sec-fetch-site",
    "sec-fetch-user",
    "server",
    "strict-transport-security",
    "timing-allow-origin",
    "transfer-encoding",
    "upgrade-insecure-requests",
    "user-agent",
    "vary",
    "www-authenticate",
    "x-content-type-options",
    "x-dns-prefetch-control",
    "x-frame-options",
    "x-ms-ests-server",
    "x-ms-request-id",
    "x-ms-correlation-id",
    "x-ms-ags-diagnostic",
    "x-ms-srs",
    "x-xss-protection",
    "x-client-sku",
    "x-client-ver",
    "x-client-os",
    "x-client-cpu",
];

/// Headers whose value is a URL.
pub const URL_HEADERS: &[&str] = &["location", "referer", "origin", "content-location"];

/// HAR structure fields (outside headers, parameters and bodies) whose text values are kept.
pub const KEEP_HAR_FIELDS: &[&str] = &[
    "version",
    "startedDateTime",
    "pageref",
    "id",
    "method",
    "httpVersion",
    "statusText",
    "mimeType",
    "serverIPAddress",
    "connection",
    "_resourceType",
    "_priority",
    "type",
    "functionName",
    "scriptId",
    "lineNumber",
    "columnNumber",
    "path",
    "domain",
    "expires",
    "sameSite",
    "_securityState",
    "_error",
    "_fetchedViaServiceWorker",
    "onContentLoad",
    "onLoad",
];

/// True if `name` is in `list`, ignoring case.
pub fn listed(list: &[&str], name: &str) -> bool {
    list.iter().any(|k| k.eq_ignore_ascii_case(name))
}
