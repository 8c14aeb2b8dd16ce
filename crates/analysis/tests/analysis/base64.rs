//! The core's own base64 against the base64 crate it replaced: same bytes, same refusals.
use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use guestlens_analysis::base64::{Alphabet, DecodeError, decode, encode};
use proptest::prelude::*;

fn crate_decode(text: &str, a: Alphabet) -> Result<Vec<u8>, base64::DecodeError> {
    match a {
        Alphabet::Standard => STANDARD.decode(text),
        Alphabet::UrlSafe => URL_SAFE_NO_PAD.decode(text),
    }
}

/// Text near base64: both alphabets, padding anywhere, and a few bytes neither allows.
fn near_base64() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            8 => proptest::sample::select(
                b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".to_vec()
            ),
            1 => proptest::sample::select(b"+/-_".to_vec()),
            2 => Just(b'='),
            1 => proptest::sample::select(b" .\n\x7f".to_vec()),
        ],
        0..24,
    )
    .prop_map(|v| v.into_iter().map(char::from).collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4096))]

    #[test]
    fn encodes_like_the_crate(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
        prop_assert_eq!(encode(&bytes, Alphabet::Standard), STANDARD.encode(&bytes));
        prop_assert_eq!(encode(&bytes, Alphabet::UrlSafe), URL_SAFE_NO_PAD.encode(&bytes));
    }

    #[test]
    fn decodes_what_it_encodes(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
        for a in [Alphabet::Standard, Alphabet::UrlSafe] {
            prop_assert_eq!(decode(encode(&bytes, a), a), Ok(bytes.clone()));
        }
    }

    #[test]
    fn accepts_and_refuses_like_the_crate(text in near_base64()) {
        for a in [Alphabet::Standard, Alphabet::UrlSafe] {
            let ours = decode(&text, a);
            let theirs = crate_decode(&text, a);
            prop_assert_eq!(ours.as_ref().ok(), theirs.as_ref().ok(), "{:?} {:?}: {:?} / {:?}", a, text, ours, theirs);
        }
    }

    /// What the token decoder lets through to the decoder (its alphabet, no `=`, a possible
    /// length) can only fail on the last symbol; that refusal names the same symbol.
    #[test]
    fn names_the_same_last_symbol(text in "[A-Za-z0-9_-]{0,23}") {
        // One symbol too many is refused before decoding; drop it.
        let text = if text.len() % 4 == 1 { &text[1..] } else { &text[..] };
        let ours = decode(text, Alphabet::UrlSafe);
        let theirs = URL_SAFE_NO_PAD.decode(text);
        match (ours, theirs) {
            (Ok(a), Ok(b)) => prop_assert_eq!(a, b),
            (Err(DecodeError::InvalidLastSymbol(i, c)), Err(base64::DecodeError::InvalidLastSymbol(j, d))) => {
                prop_assert_eq!((i, c), (j, d));
            }
            (ours, theirs) => prop_assert!(false, "{text:?}: {ours:?} / {theirs:?}"),
        }
    }
}

#[test]
fn edge_cases_match_the_crate() {
    for text in [
        "", "=", "==", "===", "====", "A", "AA", "AAA", "AAAA", "AA=", "AA==", "AAA=", "AAAA=",
        "AAAA==", "AA=A", "A===", "AB==", "AAB=", "QQ", "QQ==", "Zm9v", "Zm8=", "Zm8", "Zg==",
        "Zg", "Zh==", "Zh", "+/+/", "-_-_", "AAAAA", "AAAAA===",
    ] {
        for a in [Alphabet::Standard, Alphabet::UrlSafe] {
            assert_eq!(
                decode(text, a).ok(),
                crate_decode(text, a).ok(),
                "{a:?} {text:?}"
            );
        }
    }
}
