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
