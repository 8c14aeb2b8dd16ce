//! Native tests of the analysis core, one binary (see ripgrep's tests/ layout).
mod base64;
mod case;
mod commands;
mod compare;
mod errors;
mod golden;
mod handoff;
mod inbound;
mod json;
mod policy;
mod quote;
mod signins;
mod tables;
mod token;
mod trace;
mod trace_case;
mod workspace;

/// The report for named real sources (file name, text), as `guestlens analyze FILE...` makes it.
pub fn analyze_named(sources: &[(&str, &str)], now: i64) -> guestlens_analysis::Report {
    let inputs: Vec<guestlens_analysis::case::SourceInput> = sources
        .iter()
        .map(|(name, text)| guestlens_analysis::case::SourceInput::plain(name, text))
        .collect();
    guestlens_analysis::analyze_sources(&inputs, &guestlens_analysis::case::Choices::default(), now)
}

/// A partner entry for `tenant` whose `setting` (b2bCollaborationInbound or ...Outbound) blocks
/// all users and allows all applications, as Graph returns one.
pub fn users_blocked_partner(tenant: &str, setting: &str) -> String {
    format!(
        r#"{{"tenantId":"{tenant}","{setting}":{{
          "usersAndGroups":{{"accessType":"blocked","targets":[{{"target":"AllUsers","targetType":"user"}}]}},
          "applications":{{"accessType":"allowed","targets":[{{"target":"AllApplications","targetType":"application"}}]}}}}}}"#
    )
}
