//! Synthetic sample tokens for teaching: made here, signed by no one, clearly labelled.
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};

/// A labelled sample: what it shows and the token text.
pub struct Sample {
    pub id: &'static str,
    pub label: &'static str,
    pub teaches: &'static str,
}

pub static SAMPLES: &[Sample] = &[
    Sample {
        id: "member-v2",
        label: "Member (v2)",
        teaches: "A normal member: no idp, iss ends in /v2.0, tid is the user's own tenant.",
    },
    Sample {
        id: "guest-entra-v1",
        label: "Guest from another Entra tenant (v1)",
        teaches: "idp names the home tenant; tid is the resource tenant; the UPN carries #EXT#.",
    },
    Sample {
        id: "guest-msa",
        label: "Personal Microsoft account guest",
        teaches: "idp is live.com; unique_name shows live.com#address; altsecid starts 1:live.com:.",
    },
    Sample {
        id: "guest-otp",
        label: "Email one-time passcode guest",
        teaches: "idp is mail: the guest signs in with a code sent by email.",
    },
    Sample {
        id: "graph-nonce",
        label: "Microsoft Graph token with header nonce",
        teaches: "Why JWT libraries call Graph tokens' signatures invalid.",
    },
    Sample {
        id: "encrypted",
        label: "Encrypted token (JWE)",
        teaches: "Five parts; only the app with the private key can read it.",
    },
];

// Fabricated identifiers in the style of Microsoft's docs: they belong to no real tenant.
const RESOURCE_TENANT: &str = "aaaabbbb-0000-cccc-1111-dddd2222eeee";
const HOME_TENANT: &str = "bbbbcccc-1111-dddd-2222-eeee3333ffff";
const GUEST_OID: &str = "ccccdddd-2222-eeee-3333-ffff4444aaaa";
const MEMBER_OID: &str = "ddddeeee-3333-ffff-4444-aaaa5555bbbb";
const API_ID: &str = "eeeeffff-4444-aaaa-5555-bbbb6666cccc";
const CLIENT_ID: &str = "ffffaaaa-5555-bbbb-6666-cccc7777dddd";

fn b64(v: &Value) -> String {
    URL_SAFE_NO_PAD.encode(v.to_string())
}

fn jwt(header: Value, payload: Value) -> String {
    // The signature is filler bytes: samples are for reading, not for validating.
    let sig = URL_SAFE_NO_PAD.encode([0x5a_u8; 256]);
    format!("{}.{}.{sig}", b64(&header), b64(&payload))
}

/// The token text of a sample, with times around `now` so it reads as fresh.
pub fn token(id: &str, now: i64) -> Option<String> {
    let iat = now.saturating_sub(600);
    let exp = now.saturating_add(3600);
    let v1_header = json!({"typ": "JWT", "alg": "RS256", "x5t": "SAMPLE-KEY", "kid": "SAMPLE-KEY"});
    let v2_header = json!({"typ": "JWT", "alg": "RS256", "kid": "SAMPLE-KEY"});
    let v1_iss = format!("https://sts.windows.net/{RESOURCE_TENANT}/");
    Some(match id {
        "member-v2" => jwt(
            v2_header,
            json!({
                "aud": API_ID, "iss": format!("https://login.microsoftonline.com/{RESOURCE_TENANT}/v2.0"),
                "iat": iat, "nbf": iat, "exp": exp, "azp": CLIENT_ID, "azpacr": "0",
                "name": "Avery Member", "oid": MEMBER_OID, "preferred_username": "avery@fabrikam.example",
                "scp": "Orders.Read", "sub": "sample-subject-member", "tid": RESOURCE_TENANT,
                "acct": 0, "uti": "sample-uti-1", "ver": "2.0"
            }),
        ),
        "guest-entra-v1" => jwt(
            v1_header,
            json!({
                "aud": "https://graph.windows.net", "iss": v1_iss, "iat": iat, "nbf": iat, "exp": exp,
                "acct": 1, "altsecid": "5::100320000SAMPLE", "amr": ["pwd", "mfa"],
                "appid": CLIENT_ID, "appidacr": "0", "email": "sam.guest@contoso.example",
                "idp": format!("https://sts.windows.net/{HOME_TENANT}/"),
                "name": "Sam Guest", "oid": GUEST_OID, "scp": "User.Read", "sub": "sample-subject-guest",
                "tid": RESOURCE_TENANT, "unique_name": "sam.guest@contoso.example",
                "upn": "sam.guest_contoso.example#EXT#@fabrikam.onmicrosoft.com", "ver": "1.0"
            }),
        ),
        "guest-msa" => jwt(
            v1_header,
            json!({
                "aud": "https://graph.windows.net", "iss": v1_iss, "iat": iat, "nbf": iat, "exp": exp,
                "acct": 1, "altsecid": "1:live.com:0003SAMPLE", "amr": ["pwd"], "appid": CLIENT_ID,
                "appidacr": "0", "email": "kim.personal@outlook.example", "idp": "live.com",
                "name": "Kim Personal", "oid": GUEST_OID, "scp": "User.Read", "sub": "sample-subject-msa",
                "tid": RESOURCE_TENANT, "unique_name": "live.com#kim.personal@outlook.example", "ver": "1.0"
            }),
        ),
        "guest-otp" => jwt(
            v2_header,
            json!({
                "aud": API_ID, "iss": format!("https://login.microsoftonline.com/{RESOURCE_TENANT}/v2.0"),
                "iat": iat, "nbf": iat, "exp": exp, "acct": 1, "azp": CLIENT_ID, "azpacr": "0",
                "email": "lee@partner.example", "idp": "mail", "name": "Lee Passcode", "oid": GUEST_OID,
                "preferred_username": "lee@partner.example", "scp": "Orders.Read", "sub": "sample-subject-otp",
                "tid": RESOURCE_TENANT, "ver": "2.0"
            }),
        ),
        "graph-nonce" => jwt(
            json!({"typ": "JWT", "nonce": "sample-nonce-value", "alg": "RS256", "x5t": "SAMPLE-KEY", "kid": "SAMPLE-KEY"}),
            json!({
                "aud": "00000003-0000-0000-c000-000000000000", "iss": v1_iss, "iat": iat, "nbf": iat, "exp": exp,
                "acct": 0, "app_displayname": "Sample App", "appid": CLIENT_ID, "appidacr": "0",
                "idtyp": "user", "name": "Avery Member", "oid": MEMBER_OID, "scp": "User.Read openid profile email",
                "tid": RESOURCE_TENANT, "unique_name": "avery@fabrikam.example", "upn": "avery@fabrikam.example",
                "ver": "1.0", "xms_tcdt": 1_600_000_000
            }),
        ),
        "encrypted" => {
            let header =
                json!({"alg": "RSA-OAEP", "enc": "A256GCM", "kid": "SAMPLE-KEY", "typ": "JWT"});
            let filler = |n: usize| URL_SAFE_NO_PAD.encode(vec![0x3c_u8; n]);
            format!(
                "{}.{}.{}.{}.{}",
                b64(&header),
                filler(256),
                filler(12),
                filler(300),
                filler(16)
            )
        }
        _ => return None,
    })
}
