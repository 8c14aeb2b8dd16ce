//! The core's strict JSON reader (`text::json`) against serde_json: same values, same refusals.
use guestlens_analysis::text::json;
use serde_json::Value;

/// Both readers on `text`: ours must give exactly serde_json's value, or refuse where it does.
fn same(text: &str) {
    let theirs = serde_json::from_str::<Value>(text);
    let ours = json(text);
    match (&theirs, &ours) {
        (Ok(t), Ok(o)) => {
            assert_eq!(o, t, "{text:?}");
            // Floats to the bit, -0 included (Value's == compares f64 by value).
            assert_eq!(o.to_string(), t.to_string(), "{text:?}");
            if let (Some(a), Some(b)) = (o.as_f64(), t.as_f64()) {
                assert_eq!(a.to_bits(), b.to_bits(), "{text:?}");
            }
        }
        (Err(_), Err(_)) => {}
        _ => panic!("{text:?}: serde_json {theirs:?}, ours {ours:?}"),
    }
}

#[test]
fn numbers_as_serde_json_reads_them() {
    for n in [
        "0",
        "-0",
        "1",
        "-1",
        "0.0",
        "-0.0",
        "1.5e-7",
        "1e400",
        "-1e400",
        "1e-400",
        "-1e-400",
        "1e308",
        "1.7976931348623157e308",
        "1.7976931348623159e308",
        "2.2250738585072014e-308",
        "5e-324",
        "4.9e-324",
        "2e-324",
        "18446744073709551615",
        "18446744073709551616",
        "-9223372036854775808",
        "-9223372036854775809",
        "9223372036854775807",
        "123456789012345678901234567890",
        "1234567890123456789.0123",
        "0.1",
        "0.2",
        "0.3",
        "3.141592653589793",
        "2.718281828459045",
        "1e22",
        "1e23",
        "9007199254740993",
        "9007199254740993.0",
        "123.456e-2",
        "1E2",
        "1e+2",
        "1e-0",
        "12345678901234567890e-10",
        "0.000000000000000000000000000001",
        "1e2147483648",
        "0e2147483648",
        "1e-2147483649",
        "-0e999999999999",
        "184467440737095516150.5",
        "1.00000000000000000000000001",
        "8.98846567431158e307",
        "1e-323",
        "7e22",
        "4.35e-5",
        "1462892400.123",
        "1e2147483647",
        "1e-2147483648",
        "01",
        "1.",
        ".5",
        "-",
        "+1",
        "1e",
        "1e+",
        "--1",
        "0x10",
        "NaN",
        "Infinity",
        "1.5.2",
    ] {
        same(n);
        same(&format!("[{n}]"));
        same(&format!("{{\"k\": {n}}}"));
    }
    // Every power of ten, and values near the ends of the f64 range.
    for e in -330..=330 {
        same(&format!("1e{e}"));
        same(&format!("9.87654321e{e}"));
        same(&format!("17976931348623157e{e}"));
    }
}

#[test]
fn strings_escapes_and_surrogates() {
    for s in [
        r#""""#,
        r#""plain""#,
        r#""\" \\ \/ \b \f \n \r \t""#,
        r#""\u00e9\u0041\u20ac""#,
        r#""\ud83d\ude00""#,
        r#""\uD83D\uDE00""#,
        r#""\ud800""#,
        r#""\udc00""#,
        r#""\ud800x""#,
        r#""\ud800\u0041""#,
        r#""\ud800\ud800""#,
        r#""\ud800\n""#,
        r#""\u12""#,
        r#""\u12g4""#,
        r#""\x41""#,
        "\"tab\there\"",
        "\"line\nbreak\"",
        "\"\u{1}\"",
        "\"é€😀\"",
        "\"unterminated",
        "\"\\",
    ] {
        same(s);
    }
}

#[test]
fn long_strings_stop_at_every_special_byte() {
    // The reader skips plain text eight bytes at a time: a quote, backslash or control byte
    // must be seen at every offset in and after such a run.
    for at in 0..20 {
        for special in [
            "\\\"", "\\n", "\\u00e9", "\n", "\u{1f}", "\u{7f}", "é", "😀", "\"",
        ] {
            let text = format!("[\"{}{special}{}\"]", "a".repeat(at), "b".repeat(at % 9));
            same(&text);
        }
    }
}

#[test]
fn what_serde_json_refuses_is_refused() {
    for t in [
        "",
        " ",
        "{}",
        "[]",
        " {\"a\": [1, 2, {\"b\": null}], \"c\": true} \n",
        "{\"a\": 1,}",
        "[1, 2,]",
        "[1 2]",
        "{\"a\" 1}",
        "{'a': 1}",
        "{a: 1}",
        "// c\n{}",
        "{} // c",
        "/* c */ {}",
        "\u{feff}{}",
        "{}\u{a0}",
        "{} {}",
        "{}}",
        "[1][2]",
        "tru",
        "true",
        "True",
        "nul",
        "null x",
        "{\"a\":1,\"a\":2}",
        "[\u{a0}1]",
        "\t\r\n[\t1\r\n]",
    ] {
        same(t);
    }
}

#[test]
fn nesting_is_capped_where_serde_json_caps_it() {
    for depth in [1, 126, 127, 128, 129, 300] {
        same(&format!("{}{}", "[".repeat(depth), "]".repeat(depth)));
        same(&format!(
            "{}1{}",
            "{\"a\":[".repeat(depth / 2),
            "]}".repeat(depth / 2)
        ));
        let e = json(&"[".repeat(depth)).expect_err("unclosed");
        // A deep text fails at the cap, not by overflowing the stack: the reader never recurses.
        assert!(e.offset <= depth, "{depth}: {e:?}");
    }
}

#[test]
fn errors_say_where() {
    let text = "{\n  \"a\": 1\n  \"b\": 2\n}";
    let e = json(text).expect_err("a comma is missing");
    assert_eq!(e.line_col(text), (3, 3));
    assert!(
        e.message.contains("A comma may be missing"),
        "{}",
        e.message
    );
    let e = json("{\"a\": 1,}").expect_err("a trailing comma");
    assert_eq!(e.offset, 8);
    let e = json("[1e400]").expect_err("out of range");
    assert_eq!(
        (e.offset, e.message.as_str()),
        (1, "The number 1e400 is too large to read.")
    );
    let e = json("\"\\ud800\"").expect_err("a lone surrogate");
    assert!(e.message.contains("surrogate"), "{}", e.message);
}

proptest::proptest! {
    #[test]
    fn any_number_text_reads_as_serde_json_reads_it(
        neg in proptest::bool::ANY,
        int in "(0|[1-9][0-9]{0,24})",
        frac in proptest::option::of("[0-9]{1,24}"),
        exp in proptest::option::of((proptest::bool::ANY, 0u32..400)),
    ) {
        let mut t = String::new();
        if neg { t.push('-'); }
        t.push_str(&int);
        if let Some(f) = frac { t.push('.'); t.push_str(&f); }
        if let Some((up, e)) = exp { t.push_str(if up { "e" } else { "e-" }); t.push_str(&e.to_string()); }
        same(&t);
    }

    #[test]
    fn any_short_text_reads_or_fails_as_serde_json(t in "[\\[\\]{}\",:0-9a-z\\\\ .eE+-]{0,12}") {
        same(&t);
    }
}

/// The HAR entry as serde's derive read it before (trace/har.rs at 6212b59), to compare with.
#[allow(dead_code)]
mod old_har {
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
}

/// The case file as serde's derive read it before, to compare messages with.
#[allow(dead_code)]
mod old_case {
    #[derive(serde::Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum FactField {
        GuestAddress,
        Upn,
        ObjectId,
        HomeTenant,
        ResourceTenant,
        AppId,
        CorrelationId,
    }

    #[derive(serde::Deserialize)]
    pub struct CaseFile {
        pub guestlens_case: u32,
        pub sources: Vec<SavedSource>,
        #[serde(default)]
        pub picked: Vec<SavedPick>,
        #[serde(default)]
        pub include_samples: bool,
    }

    #[derive(serde::Deserialize)]
    pub struct SavedSource {
        pub name: String,
        pub text: String,
        #[serde(default)]
        pub sample: bool,
    }

    #[derive(serde::Deserialize)]
    pub struct SavedPick {
        pub field: FactField,
        pub value: String,
    }
}

/// A HAR with one authorize request; `request` and `response` hold the given members.
fn har(request: &str, response: &str, time: &str) -> String {
    format!(
        r#"{{"log": {{"version": "1.2", "entries": [{{"startedDateTime": "2024-05-01T10:00:00Z", "time": {time},
        "request": {{"method": "GET", "url": "https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=11111111-2222-4333-8444-555555555555"{request}}},
        "response": {{"status": 200{response}}}}}]}}}}"#
    )
}

#[test]
fn har_entries_read_as_the_serde_derive_read_them() {
    use guestlens_analysis::trace::{self, TraceError};
    // The entry's own text, as the scanner hands it to the reader.
    let entry = |text: &str| -> String {
        let v: Value = serde_json::from_str(text).expect("test HAR");
        v["log"]["entries"][0].to_string()
    };
    let request = [
        "",
        r#", "headers": null, "postData": null, "_extra": [1]"#,
        r#", "headers": [{"name": "x-ms-request-id", "value": null}], "postData": {"text": 5, "params": null}"#,
        r#", "headers": 5"#,
        r#", "postData": "x""#,
        r#", "headers": [1]"#,
        r#", "headers": [null]"#,
        r#", "method": 7"#,
    ];
    let response = [
        "",
        r#", "headers": null, "content": {"text": null}, "redirectURL": null"#,
        r#", "content": null"#,
        r#", "status": true"#,
        r#", "status": "302""#,
        r#", "status": 3.7"#,
    ];
    let times = [
        "12",
        "12.9",
        "-3",
        "1e3",
        "18446744073709551615",
        "-9223372036854775809",
        "null",
        "\" 42 \"",
        "\"soon\"",
        "true",
        "[]",
        "{}",
    ];
    let mut read = 0;
    for req in request {
        for res in response {
            for time in times {
                let text = har(req, res, time);
                let old = serde_json::from_str::<old_har::Entry>(&entry(&text)).map_err(|e| {
                    let full = e.to_string();
                    let place = format!(" at line {} column {}", e.line(), e.column());
                    full.strip_suffix(&place).unwrap_or(&full).to_owned()
                });
                match (old, trace::read(text.as_bytes())) {
                    (Ok(old), Ok(t)) => {
                        let hop = t.hops.first().expect("the authorize request is a hop");
                        assert_eq!(
                            (hop.time_ms, hop.status),
                            (old.time, old.response.status),
                            "{text}"
                        );
                        assert_eq!(hop.method, old.request.method, "{text}");
                        read += 1;
                    }
                    (Err(e), Err(TraceError::Malformed { what, .. })) => {
                        assert!(what.contains(&e), "{what} / {e}");
                    }
                    (old, new) => panic!("{text}: before {old:?}, now {new:?}", old = old.err()),
                }
            }
        }
    }
    assert!(read > 50, "{read}");
    // One difference, on purpose: serde's derive also took a struct written as an array of
    // its fields in order, which no browser writes; that is now damage like any other type.
    for (req, res) in [
        (r#", "headers": [["x-ms-request-id", "abc"]]"#, ""),
        ("", r#", "content": ["text/html", "<html>"]"#),
        ("", r#", "content": []"#),
    ] {
        let text = har(req, res, "1");
        assert!(serde_json::from_str::<old_har::Entry>(&entry(&text)).is_ok());
        match trace::read(text.as_bytes()) {
            Err(TraceError::Malformed { what, .. }) => {
                assert!(
                    what.contains("invalid type: sequence, expected struct"),
                    "{what}"
                )
            }
            other => panic!("{text}: {other:?}"),
        }
    }
    // A missing time is the struct's default, 0.
    let no_time = har("", "", "1").replace("\"time\": 1,", "");
    let t = trace::read(no_time.as_bytes()).expect("reads");
    assert_eq!(t.hops[0].time_ms, 0);
}

#[test]
fn case_files_name_what_is_wrong_as_serde_did() {
    use guestlens_analysis::case::{CaseFile, FactField};
    let bodies = [
        r#""sources": 3"#,
        r#""sources": [3]"#,
        r#""sources": [{"name": 1, "text": ""}]"#,
        r#""sources": [{"text": ""}]"#,
        r#""sources": [{"name": "a", "text": "b", "sample": null}]"#,
        r#""sources": [], "picked": null"#,
        r#""sources": [], "picked": [{"field": "upn"}]"#,
        r#""sources": [], "picked": [{"field": "nope", "value": "x"}]"#,
        r#""sources": [], "picked": [{"value": "x", "field": 2}]"#,
        r#""sources": [], "include_samples": "yes""#,
        r#""sources": [], "include_samples": 1.5"#,
        r#""sources": [], "include_samples": -1"#,
        r#""sources": [], "include_samples": {}"#,
        r#""include_samples": true"#,
        r#""sources": [], "picked": [{"field": "upn", "value": "v"}], "x": 1"#,
    ];
    for body in bodies {
        let text = format!("{{\"guestlens_case\": 1, {body}}}");
        let old = serde_json::from_str::<old_case::CaseFile>(&text).map_err(|e| {
            let full = e.to_string();
            let place = format!(" at line {} column {}", e.line(), e.column());
            format!(
                "This case file is damaged: {}.",
                full.strip_suffix(&place).unwrap_or(&full)
            )
        });
        assert_eq!(CaseFile::parse(&text).err(), old.err(), "{body}");
    }
    // As for HAR entries, a struct written as an array is no longer read.
    let text = r#"{"guestlens_case": 1, "sources": [["a", "b"]]}"#;
    assert!(serde_json::from_str::<old_case::CaseFile>(text).is_ok());
    assert_eq!(
        CaseFile::parse(text),
        Err(
            "This case file is damaged: invalid type: sequence, expected struct SavedSource."
                .to_owned()
        )
    );
    // Every field's name is the one written, so every pick reads back.
    for field in FactField::ALL {
        let name = serde_json::to_value(field).expect("a name");
        let text = format!(
            r#"{{"guestlens_case": 1, "sources": [], "picked": [{{"field": {name}, "value": "v"}}]}}"#
        );
        let file = CaseFile::parse(&text).expect("reads");
        assert_eq!(file.picked[0].field, field);
    }
}

#[test]
fn the_first_value_reads_as_serde_json_streams_it() {
    use guestlens_analysis::text::json_first;
    for t in [
        "\"abc\",\"x\":1}",
        " 12,",
        "12;",
        "12}",
        "true}",
        "truex",
        "null ",
        "nul",
        "{\"a\":[1,2]};</script>",
        "[1,,2]",
        "-",
        "1e400,",
        "",
        "  ",
        "\"\\ud800\"",
        "3.5\n",
        "3.5x",
    ] {
        let theirs = serde_json::Deserializer::from_str(t)
            .into_iter::<Value>()
            .next()
            .and_then(Result::ok);
        assert_eq!(json_first(t), theirs, "{t:?}");
    }
}
