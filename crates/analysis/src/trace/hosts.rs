//! Identity hosts and paths a sign-in trace passes through: Entra's clouds, Microsoft accounts, MFA, noise.
//!
//! Kept here rather than in `entra` while the trace is new; the integrator may move the host
//! table into `entra` (the leaf) once other tools need it.
use serde::Serialize;

/// Which sign-in service a host belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Cloud {
    /// Microsoft Entra ID, global cloud.
    Global,
    /// Microsoft Entra ID for US Government.
    UsGov,
    /// Microsoft Entra ID operated by 21Vianet (China).
    China,
    /// Microsoft accounts (personal: outlook.com, live.com, hotmail.com).
    Consumer,
}

/// Sign-in hosts (exact, lower case) and their cloud. Sources: entra-facts a.2 (S9, S34).
pub const SIGN_IN_HOSTS: &[(&str, Cloud)] = &[
    ("login.microsoftonline.com", Cloud::Global),
    ("login.microsoft.com", Cloud::Global),
    ("login.windows.net", Cloud::Global),
    ("sts.windows.net", Cloud::Global),
    ("device.login.microsoftonline.com", Cloud::Global),
    ("autologon.microsoftazuread-sso.com", Cloud::Global),
    ("login.microsoftonline.us", Cloud::UsGov),
    ("login.partner.microsoftonline.cn", Cloud::China),
    ("login.chinacloudapi.cn", Cloud::China),
    ("login.live.com", Cloud::Consumer),
    ("account.live.com", Cloud::Consumer),
    ("signup.live.com", Cloud::Consumer),
];

/// Hosts serving only static files for the sign-in pages (scripts, styles, images, fonts).
pub const STATIC_HOSTS: &[&str] = &[
    "aadcdn.msauth.net",
    "aadcdn.msftauth.net",
    "aadcdn.msauthimages.net",
    "aadcdn.msftauthimages.net",
    "logincdn.msauth.net",
    "logincdn.msftauth.net",
    "acctcdn.msauth.net",
    "acctcdn.msftauth.net",
];

/// Hosts that receive only telemetry.
pub const TELEMETRY_HOSTS: &[&str] = &[
    "browser.events.data.microsoft.com",
    "browser.pipe.aria.microsoft.com",
    "mobile.events.data.microsoft.com",
    "js.monitor.azure.com",
    "dc.services.visualstudio.com",
];

/// Path parts (lower case) of telemetry calls on sign-in hosts.
pub const TELEMETRY_PATHS: &[&str] = &[
    "/instrumentation/",
    "/reportdata",
    "/handlers/watson",
    "/gettelemetry",
    "/clientlogs",
];

/// The cloud of a sign-in host, if it is one.
pub fn cloud_of(host: &str) -> Option<Cloud> {
    let host = host.to_ascii_lowercase();
    SIGN_IN_HOSTS
        .iter()
        .find(|(h, _)| *h == host)
        .map(|&(_, c)| c)
}

/// True for a host or a subdomain of one in `list`.
pub fn host_in(host: &str, list: &[&str]) -> bool {
    let host = host.to_ascii_lowercase();
    list.iter()
        .any(|h| host == *h || host.strip_suffix(h).is_some_and(|rest| rest.ends_with('.')))
}
