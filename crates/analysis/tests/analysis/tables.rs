//! The data-table validator that build.rs runs: the real tables pass, and each kind of mistake
//! is refused with the file and the line it is on.
#[allow(dead_code)]
#[path = "../../build/tables.rs"]
mod validator;

use validator as tables;

const ENTRA: &str = include_str!("../../src/entra.rs");

fn recipes() -> Vec<(String, String)> {
    tables::recipe_ids(ENTRA)
}

/// A valid `[[code]]` entry; tests break one line of it at a time.
const GOOD: &str = r#"
[[code]]
codes = [50020]
meaning = "Not a member."
verified = true
recipes = ["find-address"]
steps = [ { actor = "resource_admin", text = "Invite them." }, { actor = "guest", text = "Redeem." } ]
sources = [ { title = "Error codes", url = "https://learn.microsoft.com/x", checked = "2026-11-25" } ]
"#;

const TWO_STEPS: &str =
    "steps = [ { actor = \"guest\", text = \"a\" }, { actor = \"home_admin\", text = \"b\" } ]\n";
const ONE_SOURCE: &str = "sources = [ { title = \"t\", url = \"https://learn.microsoft.com/y\", checked = \"2026-11-25\" } ]\n";

/// Invitation entries and checklist questions every guidance file must have.
fn rest() -> String {
    let mut s = String::new();
    for (kind, _) in tables::INVITES {
        s.push_str(&format!(
            "\n[[invite]]\nkind = \"{kind}\"\nmeaning = \"m\"\nverified = true\nrecipes = []\n{TWO_STEPS}{ONE_SOURCE}"
        ));
    }
    s
}

/// Runs the guidance validator on `snippet` plus the required invitation entries.
fn guidance_errors(snippet: &str) -> Vec<String> {
    let text = format!("{snippet}{}", rest());
    match tables::guidance("g.toml", &text, &recipes()) {
        Ok(_) => Vec::new(),
        Err(e) => e,
    }
}

/// `snippet` with `from` replaced must fail with one error on `line` that mentions `needle`.
fn refused(from: &str, to: &str, line: usize, needle: &str) {
    assert!(GOOD.contains(from), "{from}");
    let bad = GOOD.replacen(from, to, 1);
    let errors = guidance_errors(&bad);
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with(&format!("g.toml:{line}: ")) && e.contains(needle)),
        "{to:?}: {errors:?}"
    );
}

#[test]
fn real_tables_pass() {
    let r = recipes();
    assert_eq!(r.len(), guestlens_analysis::entra::RecipeId::ALL.len());
    for (id, _) in &r {
        assert!(
            guestlens_analysis::entra::RecipeId::parse(id).is_some(),
            "{id}"
        );
    }
    let g = tables::guidance(
        "guidance.toml",
        include_str!("../../data/guidance.toml"),
        &r,
    );
    assert!(g.as_ref().is_ok_and(|g| g.entries > 40), "{:?}", g.err());
    let c = tables::claims("claims.toml", include_str!("../../data/claims.toml"));
    assert!(c.is_ok(), "{:?}", c.err());
    let a = tables::apps("apps.toml", include_str!("../../data/apps.toml"));
    assert!(a.is_ok(), "{:?}", a.err());
    let r = tables::roles("roles.toml", include_str!("../../data/roles.toml"));
    assert!(r.is_ok(), "{:?}", r.err());
}

#[test]
fn roles_are_checked() {
    let src = "sources = [{ title = \"Roles\", url = \"https://learn.microsoft.com/x\", checked = \"2026-11-26\" }]\n";
    let one = "[[role]]\nid = \"62e90394-69f5-4237-9190-012177145e10\"\nname = \"Global Administrator\"\n";
    assert!(tables::roles("r.toml", &format!("{src}{one}")).is_ok());
    let errors = tables::roles("r.toml", &format!("{src}{one}{one}"))
        .err()
        .unwrap_or_default();
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("r.toml:6: ") && e.contains("listed twice")),
        "{errors:?}"
    );
    let errors = tables::roles("r.toml", &format!("{src}{}", one.replace("62e9", "62E9")))
        .err()
        .unwrap_or_default();
    assert!(errors.iter().any(|e| e.contains("GUID")), "{errors:?}");
    let errors = tables::roles("r.toml", one).err().unwrap_or_default();
    assert!(
        errors.iter().any(|e| e.contains("no sources")),
        "{errors:?}"
    );
}

#[test]
fn good_snippet_passes_and_counts_entries() {
    assert_eq!(guidance_errors(GOOD), Vec::<String>::new());
    let text = format!("{GOOD}{}", rest());
    let g = tables::guidance("g.toml", &text, &recipes());
    assert_eq!(g.ok().map(|g| g.entries), Some(1 + tables::INVITES.len()));
}

#[test]
fn fewer_than_two_steps_is_refused() {
    let one = r#"steps = [ { actor = "resource_admin", text = "Invite them." } ]"#;
    let two = GOOD
        .lines()
        .find(|l| l.starts_with("steps"))
        .unwrap_or_default();
    refused(two, one, 2, "at least 2");
    refused(two, "steps = []", 2, "0 step(s)");
}

#[test]
fn unknown_recipe_is_refused() {
    refused(
        r#"["find-address"]"#,
        r#"["find-adress"]"#,
        6,
        "unknown recipe",
    );
    refused(
        r#"["find-address"]"#,
        r#"["restore-apps"]"#,
        6,
        "unknown recipe",
    );
}

#[test]
fn unknown_actor_is_refused() {
    refused("resource_admin", "resource_admn", 7, "unknown actor");
}

#[test]
fn duplicate_code_is_refused() {
    let twice = format!("{GOOD}{}", GOOD.replace("50020", "16000, 50020"));
    let errors = guidance_errors(&twice);
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("g.toml:11: ") && e.contains("50020 has two entries")),
        "{errors:?}"
    );
}

#[test]
fn bad_sources_are_refused() {
    refused("https://learn", "http://learn", 8, "not an https URL");
    refused(
        "https://learn.microsoft.com/x",
        "https://",
        8,
        "not an https URL",
    );
    refused(
        "https://learn.microsoft.com/x",
        "https://learn.microsoft.com/\\\"onload",
        8,
        "not an https URL",
    );
    refused(
        r#"title = "Error codes""#,
        r#"title = " ""#,
        8,
        "title is empty",
    );
    refused("2026-11-25", "2026-13-01", 8, "YYYY-MM-DD");
    refused("2026-11-25", "25.11.2026", 8, "YYYY-MM-DD");
    refused("2026-11-25", "", 8, "YYYY-MM-DD");
}

#[test]
fn an_entry_without_sources_is_a_build_error() {
    let sources_line = GOOD
        .lines()
        .find(|l| l.starts_with("sources"))
        .unwrap_or_default();
    refused(sources_line, "", 2, "no sources");
    refused(sources_line, "sources = []", 8, "no sources");
    // The old escape hatch is gone: it is an unknown field now, reported on its line.
    refused(sources_line, "unsourced = true", 8, "unknown field");
    // An invitation entry is held to the same rule.
    let bare = rest().replacen(ONE_SOURCE, "", 1);
    let errors = match tables::guidance("g.toml", &format!("{GOOD}{bare}"), &recipes()) {
        Ok(_) => Vec::new(),
        Err(e) => e,
    };
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("g.toml:10: ") && e.contains("no sources")),
        "{errors:?}"
    );
}

#[test]
fn a_claim_without_sources_is_a_build_error() {
    let ok = "[[claim]]\nname = \"a\"\nmeaning = \"m\"\ndoc = \"undocumented\"\nsources = [ { title = \"t\", url = \"https://learn.microsoft.com/x\", checked = \"2026-11-25\" } ]\n";
    assert!(tables::claims("c.toml", ok).is_ok());
    let bare = "\n\n[[claim]]\nname = \"a\"\nmeaning = \"m\"\ndoc = \"documented\"\n";
    let errors = tables::claims("c.toml", bare).err().unwrap_or_default();
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("c.toml:3: ") && e.contains("no sources")),
        "{errors:?}"
    );
    let http = ok.replace("https://learn", "http://learn");
    let errors = tables::claims("c.toml", &http).err().unwrap_or_default();
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("c.toml:5: ") && e.contains("https")),
        "{errors:?}"
    );
}

#[test]
fn shape_errors_name_the_line() {
    refused("verified = true", "verified = \"yes\"", 5, "");
    refused("verified = true", "verifed = true", 5, "unknown field");
    refused(
        r#"meaning = "Not a member.""#,
        r#"meaning = """#,
        4,
        "meaning is empty",
    );
    refused("codes = [50020]", "codes = []", 3, "`codes` is empty");
}

#[test]
fn invitation_kinds_must_all_be_present_and_known() {
    let errors = match tables::guidance("g.toml", GOOD, &recipes()) {
        Ok(_) => Vec::new(),
        Err(e) => e,
    };
    assert_eq!(errors.len(), tables::INVITES.len(), "{errors:?}");
    let bad = format!(
        "{}\n[[invite]]\nkind = \"invite_nope\"\nmeaning = \"m\"\nverified = true\nrecipes = []\n{TWO_STEPS}{ONE_SOURCE}",
        rest()
    );
    let errors = guidance_errors(&bad);
    assert!(
        errors.iter().any(|e| e.contains("unknown invitation kind")),
        "{errors:?}"
    );
}

#[test]
fn checklist_questions_are_checked() {
    let q = "\n[[check]]\nid = \"wrong_account\"\nquestion = \"q\"\nrecipe = \"find-address\"\n";
    assert_eq!(guidance_errors(q), Vec::<String>::new());
    let errors = guidance_errors(&format!("{q}{q}"));
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("g.toml:8: ") && e.contains("twice")),
        "{errors:?}"
    );
    let errors = guidance_errors(&q.replace("wrong_account", "wrong_acount"));
    assert!(
        errors
            .iter()
            .any(|e| e.contains("unknown checklist question")),
        "{errors:?}"
    );
    let errors = guidance_errors(&q.replace("find-address", "nope"));
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("g.toml:5: ") && e.contains("unknown recipe")),
        "{errors:?}"
    );
}

#[test]
fn claims_are_sorted_and_checked() {
    let src = "sources = [ { title = \"t\", url = \"https://learn.microsoft.com/x\", checked = \"2026-11-25\" } ]\n";
    let two = format!(
        "[[claim]]\nname = \"b\"\nmeaning = \"m\"\ndoc = \"documented\"\n{src}\n[[claim]]\nname = \"a\"\nmeaning = \"m\"\ndoc = \"internal\"\ntime = true\n{src}"
    );
    let out = tables::claims("c.toml", &two).unwrap_or_default();
    let (a, b) = (out.find("name: \"a\""), out.find("name: \"b\""));
    assert!(a.is_some() && a < b, "{out}");
    let dup = format!("{two}\n[[claim]]\nname = \"a\"\nmeaning = \"m\"\ndoc = \"internal\"\n{src}");
    let errors = tables::claims("c.toml", &dup).err().unwrap_or_default();
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("c.toml:15: ") && e.contains("twice")),
        "{errors:?}"
    );
    let errors = tables::claims("c.toml", &two.replace("internal", "secret"))
        .err()
        .unwrap_or_default();
    assert!(
        errors.iter().any(|e| e.starts_with("c.toml:10: ")),
        "{errors:?}"
    );
}

#[test]
fn apps_are_checked() {
    let one = "[[app]]\nid = \"00000003-0000-0000-c000-000000000000\"\nname = \"Microsoft Graph\"\nuri = \"https://graph.microsoft.com\"\n";
    assert!(tables::apps("a.toml", one).is_ok());
    let errors = tables::apps("a.toml", &format!("{one}\n{one}"))
        .err()
        .unwrap_or_default();
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("a.toml:7: ") && e.contains("listed twice")),
        "{errors:?}"
    );
    let errors = tables::apps("a.toml", &one.replace("c000", "C000"))
        .err()
        .unwrap_or_default();
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("a.toml:2: ") && e.contains("GUID")),
        "{errors:?}"
    );
    let errors = tables::apps("a.toml", &one.replace("https://graph", "http://graph"))
        .err()
        .unwrap_or_default();
    assert!(
        errors.iter().any(|e| e.starts_with("a.toml:4: ")),
        "{errors:?}"
    );
}

#[test]
fn recipe_ids_follow_the_enum() {
    let src = "pub enum RecipeId {\n    /// doc\n    FindAddress,\n    #[allow(x)]\n    RestoreApp,\n}\nRecipeId::Other => \"x\",";
    assert_eq!(
        tables::recipe_ids(src),
        [
            ("find-address".to_owned(), "FindAddress".to_owned()),
            ("restore-app".to_owned(), "RestoreApp".to_owned())
        ]
    );
}
