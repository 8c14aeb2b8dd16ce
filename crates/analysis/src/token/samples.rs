//! Synthetic sample tokens for teaching: one made-up cast across all samples, signed by no one, clearly labelled.
//!
//! The cast: Fabrikam is the resource tenant that owns the apps; Avery is a Fabrikam member;
//! Sam works at Contoso (another Entra tenant) and is a guest in Fabrikam, so she has a token
//! from each; Kim is a guest with a personal Microsoft account; Lee is a guest who signs in
//! with an email one-time passcode. Fabrikam's Orders API accepts v2 tokens; Microsoft Graph
//! takes v1 tokens; both are called by Fabrikam's multi-tenant Partner Portal.
use crate::base64::{Alphabet, encode};

/// A labelled sample: what it shows and the token text.
pub struct Sample {
    pub id: &'static str,
    pub label: &'static str,
    pub teaches: &'static str,
}

/// The sample buttons, in the order shown. New samples go after the first four: pages and
/// tests refer to those by position.
pub static SAMPLES: &[Sample] = &[
    Sample {
        id: "member-v2",
        label: "Member (v2)",
        teaches: "Avery, a Fabrikam member, calling the Orders API: no idp, iss ends in /v2.0, tid is Avery's own tenant.",
    },
    Sample {
        id: "guest-entra-v1",
        label: "Guest from another Entra tenant (v1)",
        teaches: "Sam from Contoso as a guest in Fabrikam, calling Microsoft Graph: idp names the home tenant; tid is the resource tenant; the UPN carries #EXT#.",
    },
    Sample {
        id: "guest-msa",
        label: "Personal Microsoft account guest",
        teaches: "Kim, a guest in Fabrikam with a personal account: idp is live.com; unique_name shows live.com#address; altsecid starts 1:live.com:.",
    },
    Sample {
        id: "guest-otp",
        label: "Email one-time passcode guest",
        teaches: "Lee, a guest in Fabrikam without any account: idp is mail, a code sent by email proves the address.",
    },
    Sample {
        id: "guest-entra-home",
        label: "The same guest at home (v1)",
        teaches: "Sam's token from her home tenant Contoso: a member there, another oid, no idp, her own UPN without #EXT#.",
    },
    Sample {
        id: "guest-entra-v2",
        label: "Guest from another Entra tenant (v2)",
        teaches: "Sam as a guest in Fabrikam again, calling the v2 Orders API: same oid as her v1 token, v2 issuer, preferred_username instead of upn.",
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

/// Someone (or something) the samples are about, for the lesson's cast list.
pub struct Role {
    pub name: &'static str,
    pub about: &'static str,
}

/// The people, tenants and apps every sample is built from.
pub static CAST: &[Role] = &[
    Role {
        name: "Fabrikam",
        about: "The resource tenant (aaaabbbb-0000-cccc-1111-dddd2222eeee): it owns the apps and invites guests.",
    },
    Role {
        name: "Contoso",
        about: "Another organization's Entra tenant (bbbbcccc-1111-dddd-2222-eeee3333ffff): Sam's home tenant.",
    },
    Role {
        name: "Avery Member",
        about: "Works at Fabrikam: a member there.",
    },
    Role {
        name: "Sam Guest",
        about: "Works at Contoso (sam.guest@contoso.example) and is invited to Fabrikam as a guest.",
    },
    Role {
        name: "Kim Personal",
        about: "Invited to Fabrikam with a personal Microsoft account (kim.personal@outlook.example).",
    },
    Role {
        name: "Lee Passcode",
        about: "Invited to Fabrikam at an address with no account behind it (lee@partner.example): signs in with a one-time passcode.",
    },
    Role {
        name: "Orders API",
        about: "Fabrikam's own API; its manifest accepts v2 access tokens.",
    },
    Role {
        name: "Partner Portal",
        about: "Fabrikam's multi-tenant web app: it calls the Orders API and Microsoft Graph (which takes v1 tokens).",
    },
];

// Fabricated identifiers in the style of Microsoft's docs: they belong to no real tenant.
const RESOURCE_TENANT: &str = "aaaabbbb-0000-cccc-1111-dddd2222eeee";
const HOME_TENANT: &str = "bbbbcccc-1111-dddd-2222-eeee3333ffff";
/// Sam's guest object in Fabrikam.
const GUEST_OID: &str = "ccccdddd-2222-eeee-3333-ffff4444aaaa";
/// Sam's own user object in Contoso.
const SAM_HOME_OID: &str = "00001111-aaaa-2222-bbbb-3333cccc4444";
const MEMBER_OID: &str = "ddddeeee-3333-ffff-4444-aaaa5555bbbb";
const KIM_OID: &str = "11112222-bbbb-3333-cccc-4444dddd5555";
const LEE_OID: &str = "22223333-cccc-4444-dddd-5555eeee6666";
/// The Orders API's application ID.
const API_ID: &str = "eeeeffff-4444-aaaa-5555-bbbb6666cccc";
/// The Partner Portal's application ID.
const CLIENT_ID: &str = "ffffaaaa-5555-bbbb-6666-cccc7777dddd";
const CLIENT_NAME: &str = "Fabrikam Partner Portal";
/// Sam's account ID at home; her guest tokens carry it in altsecid as 5::<puid>.
const SAM_PUID: &str = "100320000SAMPLE";
/// Microsoft Graph's v1 audience (its App ID URI).
const GRAPH: &str = "https://graph.microsoft.com";

/// Filler signature bytes: samples are for reading, not for validating.
const FILLER: [u8; 256] = [0x5a_u8; 256];

/// A sample JWT. The JSON is written as text rather than built as a `Value`: the same compact
/// JSON `Value::to_string` prints (keys in this order, nothing to escape), at a fraction of the
/// page's code. `claims` follows the five claims every sample starts with.
fn jwt(header: &str, aud: &str, iss: &str, times: (i64, i64), claims: &str) -> String {
    let (iat, exp) = times;
    let payload =
        format!(r#"{{"aud":"{aud}","iss":"{iss}","iat":{iat},"nbf":{iat},"exp":{exp},{claims}}}"#);
    let sig = encode(FILLER, Alphabet::UrlSafe);
    format!(
        "{}.{}.{sig}",
        encode(header, Alphabet::UrlSafe),
        encode(payload, Alphabet::UrlSafe)
    )
}

/// True when `text` holds one of these samples (their filler signature): the page labels such
/// a source as a sample and keeps it out of a real case.
pub fn holds_sample(text: &str) -> bool {
    // 256 bytes of 0x5a encode to a run of "WlpaWlpa…"; 64 characters of it cannot occur by chance.
    text.contains("WlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpa")
}

fn v1_iss(tenant: &str) -> String {
    format!("https://sts.windows.net/{tenant}/")
}

fn v2_iss(tenant: &str) -> String {
    format!("https://login.microsoftonline.com/{tenant}/v2.0")
}

const V1_HEADER: &str = r#"{"typ":"JWT","alg":"RS256","x5t":"SAMPLE-KEY","kid":"SAMPLE-KEY"}"#;
const V2_HEADER: &str = r#"{"typ":"JWT","alg":"RS256","kid":"SAMPLE-KEY"}"#;

/// The token text of a sample, with times around `now` so it reads as fresh.
pub fn token(id: &str, now: i64) -> Option<String> {
    let t = (now.saturating_sub(600), now.saturating_add(3600));
    let contoso_idp = v1_iss(HOME_TENANT);
    let resource_v1 = v1_iss(RESOURCE_TENANT);
    let resource_v2 = v2_iss(RESOURCE_TENANT);
    Some(match id {
        "member-v2" => jwt(
            V2_HEADER,
            API_ID,
            &resource_v2,
            t,
            &format!(
                r#""azp":"{CLIENT_ID}","azpacr":"0","name":"Avery Member","oid":"{MEMBER_OID}","preferred_username":"avery@fabrikam.example","scp":"Orders.Read","sub":"sample-subject-member","tid":"{RESOURCE_TENANT}","acct":0,"uti":"sample-uti-1","ver":"2.0""#
            ),
        ),
        "guest-entra-v1" => jwt(
            V1_HEADER,
            GRAPH,
            &resource_v1,
            t,
            &format!(
                r#""acct":1,"altsecid":"5::{SAM_PUID}","amr":["pwd","mfa"],"app_displayname":"{CLIENT_NAME}","appid":"{CLIENT_ID}","appidacr":"0","email":"sam.guest@contoso.example","idp":"{contoso_idp}","name":"Sam Guest","oid":"{GUEST_OID}","scp":"User.Read","sub":"sample-subject-guest","tid":"{RESOURCE_TENANT}","unique_name":"sam.guest@contoso.example","upn":"sam.guest_contoso.example#EXT#@fabrikam.onmicrosoft.com","ver":"1.0""#
            ),
        ),
        "guest-entra-home" => jwt(
            V1_HEADER,
            GRAPH,
            &v1_iss(HOME_TENANT),
            t,
            &format!(
                r#""acct":0,"amr":["pwd","mfa"],"app_displayname":"{CLIENT_NAME}","appid":"{CLIENT_ID}","appidacr":"0","name":"Sam Guest","oid":"{SAM_HOME_OID}","puid":"{SAM_PUID}","scp":"User.Read","sub":"sample-subject-sam-home","tid":"{HOME_TENANT}","unique_name":"sam.guest@contoso.example","upn":"sam.guest@contoso.example","ver":"1.0""#
            ),
        ),
        "guest-entra-v2" => jwt(
            V2_HEADER,
            API_ID,
            &resource_v2,
            t,
            &format!(
                r#""acct":1,"azp":"{CLIENT_ID}","azpacr":"0","email":"sam.guest@contoso.example","idp":"{contoso_idp}","name":"Sam Guest","oid":"{GUEST_OID}","preferred_username":"sam.guest@contoso.example","scp":"Orders.Read","sub":"sample-subject-sam-orders","tid":"{RESOURCE_TENANT}","uti":"sample-uti-2","ver":"2.0""#
            ),
        ),
        "guest-msa" => jwt(
            V1_HEADER,
            GRAPH,
            &resource_v1,
            t,
            &format!(
                r#""acct":1,"altsecid":"1:live.com:0003SAMPLE","amr":["pwd"],"app_displayname":"{CLIENT_NAME}","appid":"{CLIENT_ID}","appidacr":"0","email":"kim.personal@outlook.example","idp":"live.com","name":"Kim Personal","oid":"{KIM_OID}","scp":"User.Read","sub":"sample-subject-msa","tid":"{RESOURCE_TENANT}","unique_name":"live.com#kim.personal@outlook.example","ver":"1.0""#
            ),
        ),
        "guest-otp" => jwt(
            V2_HEADER,
            API_ID,
            &resource_v2,
            t,
            &format!(
                r#""acct":1,"azp":"{CLIENT_ID}","azpacr":"0","email":"lee@partner.example","idp":"mail","name":"Lee Passcode","oid":"{LEE_OID}","preferred_username":"lee@partner.example","scp":"Orders.Read","sub":"sample-subject-otp","tid":"{RESOURCE_TENANT}","uti":"sample-uti-3","ver":"2.0""#
            ),
        ),
        "graph-nonce" => jwt(
            r#"{"typ":"JWT","nonce":"sample-nonce-value","alg":"RS256","x5t":"SAMPLE-KEY","kid":"SAMPLE-KEY"}"#,
            "00000003-0000-0000-c000-000000000000",
            &resource_v1,
            t,
            &format!(
                r#""acct":0,"app_displayname":"{CLIENT_NAME}","appid":"{CLIENT_ID}","appidacr":"0","idtyp":"user","name":"Avery Member","oid":"{MEMBER_OID}","scp":"User.Read openid profile email","tid":"{RESOURCE_TENANT}","unique_name":"avery@fabrikam.example","upn":"avery@fabrikam.example","ver":"1.0","xms_tcdt":1600000000"#
            ),
        ),
        "encrypted" => {
            let header = r#"{"alg":"RSA-OAEP","enc":"A256GCM","kid":"SAMPLE-KEY","typ":"JWT"}"#;
            let filler = |n: usize| encode(vec![0x3c_u8; n], Alphabet::UrlSafe);
            format!(
                "{}.{}.{}.{}.{}",
                encode(header, Alphabet::UrlSafe),
                filler(256),
                filler(12),
                filler(300),
                filler(16)
            )
        }
        _ => return None,
    })
}

/// The sample with this id, if there is one.
pub fn find(id: &str) -> Option<&'static Sample> {
    SAMPLES.iter().find(|s| s.id == id)
}

/// A sample case for the front door: Sam's failed sign-in to Fabrikam (an error page in the
/// shape Entra shows, made up here) and Sam's token from her home tenant. Names and IDs belong
/// to the sample cast; the page labels both as samples.
pub fn case(now: i64) -> Vec<(&'static str, String)> {
    let when = crate::text::iso_utc(now - 300).unwrap_or_default();
    let error = format!(
        "Sign in\nSorry, but we're having trouble signing you in.\n\n\
         AADSTS50020: User account 'sam.guest@contoso.example' from identity provider \
         'https://sts.windows.net/{HOME_TENANT}/' does not exist in tenant 'Fabrikam' and cannot \
         access the application '{CLIENT_ID}'({CLIENT_NAME}) in that tenant. The account needs to \
         be added as an external user in the tenant first.\n\n\
         Troubleshooting details\n\
         Request Id: 0a0b0c0d-1111-4222-8333-444455556666\n\
         Correlation Id: 1a1b1c1d-2222-4333-8444-555566667777\n\
         Timestamp: {when}\n"
    );
    let mut out = vec![("Sample: Sam's sign-in error page", error)];
    if let Some(home) = token("guest-entra-home", now) {
        out.push(("Sample: Sam's token from her home tenant", home));
    }
    out
}
