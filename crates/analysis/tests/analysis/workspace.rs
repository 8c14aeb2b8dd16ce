//! The workspace reducer: sources in, sources out, choices kept, a saved case read back.
use std::rc::Rc;

use guestlens_analysis::analyze_sources;
use guestlens_analysis::case::FactField;
use guestlens_analysis::token::samples;
use guestlens_analysis::workspace::{Action, Workspace};

const NOW: i64 = 1_764_000_000;
const ERROR: &str = include_str!("../golden/inputs/error-page-50020.txt");

fn add(name: Option<&str>, text: &str, sample: bool) -> Action {
    Action::Add {
        name: name.map(str::to_owned),
        text: Rc::from(text),
        sample,
    }
}

#[test]
fn pastes_are_numbered_files_keep_their_names_and_repeats_are_one_source() {
    let w = Workspace::default()
        .apply(add(None, ERROR, false))
        .apply(add(Some("trace.har"), "{}", false))
        .apply(add(None, "AADSTS53003", false))
        .apply(add(None, ERROR, false))
        .apply(add(None, "   ", false));
    let names: Vec<&str> = w.sources.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Paste 1", "trace.har", "Paste 2"]);
    let w = w.apply(Action::Remove(w.sources[0].id));
    assert_eq!(w.sources.len(), 2);
    assert_eq!(w.apply(Action::Clear), Workspace::default());
}

#[test]
fn a_sample_alone_is_a_demonstration_and_stays_apart_once_real_data_comes() {
    let sample = samples::token("guest-entra-v1", NOW).unwrap();
    assert!(samples::holds_sample(&sample));
    assert!(!samples::holds_sample(ERROR));
    let w = Workspace::default().apply(add(Some("Sample: guest"), &sample, true));
    let r = analyze_sources(&w.inputs(), &w.choices, NOW);
    assert_eq!(
        r.case.value(FactField::GuestAddress),
        Some("sam.guest@contoso.example")
    );
    assert!(r.case.samples_set_aside.is_empty());

    let w = w.apply(add(None, ERROR, false));
    let r = analyze_sources(&w.inputs(), &w.choices, NOW);
    assert_eq!(r.case.samples_set_aside, [1]);
    assert_eq!(
        r.case.value(FactField::GuestAddress),
        Some("ann.lee@partner.example")
    );
    assert!(r.case.conflicts.is_empty());

    // Asked for, the sample joins and its other person is a conflict.
    let w = w.apply(Action::IncludeSamples(true));
    let r = analyze_sources(&w.inputs(), &w.choices, NOW);
    assert_eq!(r.case.conflicts[0].field, FactField::GuestAddress);
}

#[test]
fn picks_replace_each_other_and_a_saved_case_reads_back_whole() {
    let w = Workspace::default()
        .apply(add(None, ERROR, false))
        .apply(Action::Pick(FactField::GuestAddress, "a@x.example".into()))
        .apply(Action::Pick(
            FactField::GuestAddress,
            "ann.lee@partner.example".into(),
        ))
        .apply(Action::Pick(FactField::AppId, "x".into()))
        .apply(Action::Unpick(FactField::AppId));
    assert_eq!(
        w.choices.picked,
        [(
            FactField::GuestAddress,
            "ann.lee@partner.example".to_owned()
        )]
    );
    let file = w.to_file();
    let back = Workspace::default().apply(Action::Load(
        guestlens_analysis::case::CaseFile::parse(&file.to_json()).unwrap(),
    ));
    assert_eq!(back.sources.len(), 1);
    assert_eq!(back.sources[0].name, "Paste 1");
    assert_eq!(back.choices, w.choices);
    // Removing the last source forgets the choices made about it.
    let empty = back.apply(Action::Remove(back.sources[0].id));
    assert!(empty.choices.picked.is_empty());
}

#[test]
fn opening_a_case_hands_its_typed_values_to_the_commands_view_each_time() {
    use guestlens_analysis::commands::Inputs;
    let typed = Inputs {
        tenant: Some("contoso.example".into()),
        ..Default::default()
    };
    let file = Workspace::default()
        .apply(add(None, ERROR, false))
        .to_file()
        .with_typed(typed.to_saved());
    let open = || Action::Load(guestlens_analysis::case::CaseFile::parse(&file.to_json()).unwrap());
    let once = Workspace::default().apply(open());
    assert_eq!(
        (once.opened, Inputs::from_saved(&once.restored)),
        (1, typed.clone())
    );
    // The same file again: the count moves, so the view takes the values again.
    let twice = once.apply(open());
    assert_eq!(
        (twice.opened, Inputs::from_saved(&twice.restored)),
        (2, typed)
    );
    // A saved case pasted into a case under way adds its sources, not its typed values.
    let added = Workspace::default()
        .apply(add(None, "AADSTS53003", false))
        .apply(add(None, &file.to_json(), false));
    assert_eq!((added.opened, added.restored.is_empty()), (0, true));
}

#[test]
fn a_trace_read_from_a_file_is_a_source_once_and_not_saved_as_text() {
    use guestlens_analysis::trace;
    let har = include_str!("../fixtures/har/cross-tenant-50020.har");
    let t = Rc::new(trace::read(har.as_bytes()).expect("a good HAR"));
    let open = || Action::AddTrace {
        name: "big.har".to_owned(),
        trace: Rc::clone(&t),
        bytes: har.len(),
    };
    let w = Workspace::default()
        .apply(add(None, "AADSTS53003", false))
        .apply(open())
        .apply(open());
    assert_eq!(w.sources.len(), 2, "the same file twice is one source");
    assert_eq!(w.sources[1].bytes, har.len());
    assert!(w.sources[1].text.is_empty());
    let r = analyze_sources(&w.inputs(), &w.choices, NOW);
    let tr = r.trace.as_ref().expect("the trace joins the case");
    assert_eq!(tr.source, 2);
    assert_eq!(r.errors.iter().filter(|f| f.hop == Some(6)).count(), 1);
    // A case file holds texts only: the trace is left out, the paste kept.
    let saved = w.to_file();
    assert_eq!(saved.sources.len(), 1);
    assert_eq!(saved.sources[0].text, "AADSTS53003");
}

#[test]
fn a_saved_case_pasted_or_dropped_in_is_opened_not_read_as_material() {
    let bo = ERROR.replace("ann.lee@partner.example", "bo.chan@elsewhere.example");
    let saved = Workspace::default()
        .apply(add(Some("ann.txt"), ERROR, false))
        .apply(add(Some("bo.txt"), &bo, false))
        .apply(Action::Pick(
            FactField::GuestAddress,
            "bo.chan@elsewhere.example".to_owned(),
        ))
        .to_file()
        .to_json();
    // Into an empty case: the same as "Open a saved case".
    let w = Workspace::default().apply(add(Some("guestlens-case.json"), &saved, false));
    let names: Vec<&str> = w.sources.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["ann.txt", "bo.txt"]);
    assert_eq!(
        w.choices.picked,
        [(
            FactField::GuestAddress,
            "bo.chan@elsewhere.example".to_owned()
        )]
    );
    let r = analyze_sources(&w.inputs(), &w.choices, NOW);
    assert_eq!(
        r.case.value(FactField::GuestAddress),
        Some("bo.chan@elsewhere.example")
    );
    // Into a case under way: its sources join; a pick already made stays.
    let w = Workspace::default()
        .apply(add(None, "AADSTS53003", false))
        .apply(Action::Pick(
            FactField::GuestAddress,
            "ann.lee@partner.example".to_owned(),
        ))
        .apply(add(None, &saved, false));
    assert_eq!(w.sources.len(), 3);
    assert_eq!(
        w.choices.picked,
        [(
            FactField::GuestAddress,
            "ann.lee@partner.example".to_owned()
        )]
    );
    // A JSON text that is not a case file is a source like any other.
    let w = Workspace::default().apply(add(None, r#"{"guestlens_case": "no"}"#, false));
    assert_eq!(w.sources.len(), 1);
}
