//! The pure core: turns pasted text into plain, render-ready reports.
//!
//! Invariants (kept by `tests/tidy.rs`): nothing here touches the browser or the UI crates,
//! nothing reads a clock (callers pass `now` as Unix seconds), nothing does I/O, and no input
//! panics: bad input becomes a diagnostic in the report.
// No input may panic the core: the compiler rules out the usual ways (unit tests may use them).
// A local `allow` needs a comment that proves the case.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )
)]
pub mod base64;
pub mod case;
pub mod commands;
pub mod diagnostic;
pub mod entra;
pub mod errors;
pub mod findings;
pub mod handoff;
pub mod lesson;
pub mod policy;
pub mod quote;
pub mod report;
pub mod signins;
pub mod text;
pub mod token;
pub mod trace;
pub mod workspace;

pub use diagnostic::{Diagnostic, Severity};
pub use report::Report;

/// Runs every tool over one pasted text, as the CLI's `analyze` does for one file.
pub fn analyze(input: &str, now: i64) -> Report {
    let one = case::SourceInput::plain("Paste 1", input);
    analyze_sources(&[one], &case::Choices::default(), now)
}

/// Runs every tool over each source and joins them into one case. The single-source fields
/// (`token`, `policy`, `trace`) show the first source that has one; `errors` lists every failure
/// with its source (and, from a trace, its hop); findings and commands come from the case, never
/// from a conflicting value. A HAR source is read as a trace: its failures and tokens come from
/// the trace's pieces, and its tokens are never kept whole.
pub fn analyze_sources(inputs: &[case::SourceInput], choices: &case::Choices, now: i64) -> Report {
    analyze_read(inputs, &[], choices, now)
}

/// The slow part of analysing one text — its failures, the token in it, and whether it is a
/// sign-in log export or a policy — which needs neither the clock nor the source's place in the
/// case. The page reads a big paste once, in a task of its own, and keeps the reading.
#[derive(Debug, Clone)]
pub struct Reading {
    sign_ins: Option<signins::SignIns>,
    /// Read when the text is not a sign-in log export.
    plain: Option<Plain>,
}

impl Reading {
    /// The failures read, as `errors::analyze` gives them (with no source yet); `None` for a
    /// sign-in log export, which is read as one.
    pub fn failures(&self) -> Option<&[errors::Failure]> {
        self.plain.as_ref().map(|p| p.errors.as_slice())
    }

    /// Where the token is, as `token::search` gives it; `None` for a sign-in log export.
    pub fn token_search(&self) -> Option<&token::Search> {
        self.plain.as_ref().map(|p| &p.token)
    }

    /// The policy read, as `policy::analyze` gives it, when the text looks like one.
    pub fn policy(&self) -> Option<&policy::PolicyReport> {
        self.plain.as_ref().and_then(|p| p.policy.as_ref())
    }
}

#[derive(Debug, Clone)]
struct Plain {
    /// Failures with no source yet (`source` 0).
    errors: Vec<errors::Failure>,
    token: token::Search,
    policy: Option<policy::PolicyReport>,
}

impl Plain {
    fn read(text: &str) -> Plain {
        Plain {
            errors: errors::analyze(text).failures,
            token: token::search(text),
            policy: policy::read(text),
        }
    }
}

/// Reads `text` as `analyze_sources` will. `None` for what looks like a HAR: a trace is read
/// with its place in the case and the clock, so it is read each time.
pub fn read_text(text: &str) -> Option<Reading> {
    let mut reader = Reader::new(text)?;
    loop {
        if let Some(done) = reader.step(text) {
            return Some(done);
        }
    }
}

/// Bytes of the errors' scan per `Reader::step`.
const SCAN_STEP: usize = 4 << 20;

/// Places the errors' scan found, read per `Reader::step`.
const EXTRACT_STEP: usize = 50;

/// `read_text` one pass over the text at a time, so the page can let the browser breathe
/// between passes over a big paste.
#[derive(Default)]
pub struct Reader {
    sign_ins: Option<Option<signins::SignIns>>,
    scanning: errors::Scanning,
    scanned: Option<errors::Scanned>,
    extracting: errors::Extracting,
    errors: Option<Vec<errors::Failure>>,
    searching: token::Searching,
    token: Option<token::Search>,
    policy: PolicyStep,
    policy_report: Option<policy::PolicyReport>,
}

/// Where `Reader` is with the policy: a big one is parsed in one task, its definitions (if
/// any) in the next, walked in a third, its report finished in a fourth, and freed in a fifth.
#[derive(Default)]
enum PolicyStep {
    #[default]
    Start,
    Parsed(policy::Parsed),
    /// Walked: the report is finished in a step of its own (sorting and copying thousands of
    /// rows took a 2 MB policy's measure past 100 ms in the page).
    Walked(policy::Parsed, Box<policy::Walked>),
    /// Measured: the parsed tree is freed in a step of its own (a 2 MB policy is a great many
    /// small allocations).
    Measured(policy::Parsed),
    Done,
}

impl Reader {
    /// `None` for what looks like a HAR, as `read_text`.
    pub fn new(text: &str) -> Option<Reader> {
        (!case::trace::looks_like_har(text)).then(Reader::default)
    }

    /// Takes the next pass over `text` (the text given to `new`); the reading after the last.
    pub fn step(&mut self, text: &str) -> Option<Reading> {
        let Some(sign_ins) = &self.sign_ins else {
            self.sign_ins = Some(signins::read(text));
            return None;
        };
        if sign_ins.is_some() {
            return Some(Reading {
                sign_ins: self.sign_ins.take().flatten(),
                plain: None,
            });
        }
        if self.errors.is_none() {
            match &self.scanned {
                // A few MB a step: the scan is the one pass of the errors over the whole text.
                None => self.scanned = self.scanning.step(text, SCAN_STEP),
                // Each place the scan found is read on its own: a few dozen a step.
                Some(s) => {
                    self.errors = self
                        .extracting
                        .step(text, s, EXTRACT_STEP)
                        .map(|r| r.failures)
                }
            }
            return None;
        }
        if self.token.is_none() {
            self.token = self.searching.step(text);
            return None;
        }
        match std::mem::replace(&mut self.policy, PolicyStep::Done) {
            PolicyStep::Start if policy::might_be_policy(text) => {
                if let Some(parsed) = policy::parse_policy(text) {
                    self.policy = PolicyStep::Parsed(parsed);
                }
                return None;
            }
            // A beta policy's definition is a second document as large as the first: its
            // own task, between the parse and the measure.
            PolicyStep::Parsed(mut parsed) if parsed.definitions_pending() => {
                let _ = parsed.read_definitions();
                self.policy = PolicyStep::Parsed(parsed);
                return None;
            }
            PolicyStep::Parsed(parsed) => {
                let walked = policy::walk_parsed(text, &parsed);
                self.policy = PolicyStep::Walked(parsed, Box::new(walked));
                return None;
            }
            PolicyStep::Walked(parsed, walked) => {
                self.policy_report = Some(policy::finish_walked(*walked));
                self.policy = PolicyStep::Measured(parsed);
                return None;
            }
            PolicyStep::Measured(parsed) => {
                drop(parsed);
                return None;
            }
            PolicyStep::Start | PolicyStep::Done => {}
        }
        let (errors, token) = (self.errors.take(), self.token.take());
        let policy = self.policy_report.take();
        Some(Reading {
            sign_ins: None,
            plain: errors.zip(token).map(|(errors, token)| Plain {
                errors,
                token,
                policy,
            }),
        })
    }
}

/// `analyze_sources` with readings kept from `read_text`: `readings[i]` belongs to
/// `inputs[i]`'s text (a missing one is read here). The report is the same as without them.
pub fn analyze_read(
    inputs: &[case::SourceInput],
    readings: &[Option<&Reading>],
    choices: &case::Choices,
    now: i64,
) -> Report {
    struct One {
        token: token::Found,
        /// A token response's second token (its id_token): the case reads it too.
        also: Option<token::TokenReport>,
        errors: Vec<errors::Failure>,
        policy: Option<policy::PolicyReport>,
        trace: Option<case::trace::TraceReport>,
        sign_ins: Option<signins::SignIns>,
        /// A paste that is a sign-in request's URL and nothing else the tools read.
        request: Option<case::request::SignInRequest>,
    }
    let ones: Vec<One> = inputs
        .iter()
        .zip(1u32..)
        .enumerate()
        .map(|(at, (input, id))| {
            // A reading exists only for a text that is not a HAR.
            let reading = readings
                .get(at)
                .copied()
                .flatten()
                .filter(|_| input.trace.is_none());
            let from_trace = match (input.trace, reading) {
                (Some(t), _) => Some(case::trace::joined(t, id, now)),
                (None, Some(_)) => None,
                (None, None) => case::trace::analyse(input.text, id, now),
            };
            let read = match (&from_trace, reading) {
                (None, Some(r)) => r.sign_ins.clone(),
                (None, None) => signins::read(input.text),
                (Some(_), _) => None,
            };
            match from_trace {
                Some(t) if t.report.problem.is_none() => One {
                    token: token::Found {
                        report: None,
                        note: None,
                    },
                    errors: t.failures,
                    policy: None,
                    trace: Some(t.report),
                    sign_ins: None,
                    also: None,
                    request: None,
                },
                // A sign-in log export: its failed sign-ins are the failures, nothing else is read.
                None if read.is_some() => One {
                    token: token::Found {
                        report: None,
                        note: None,
                    },
                    errors: read
                        .as_ref()
                        .map(|s| {
                            s.failures
                                .iter()
                                .map(|row| sign_in_failure(row, id))
                                .collect()
                        })
                        .unwrap_or_default(),
                    policy: None,
                    trace: None,
                    sign_ins: read,
                    also: None,
                    request: None,
                },
                // Not a trace, or a damaged one: read as plain text (a damaged one says why).
                other => {
                    // A kept reading is shared: only what the case changes or keeps is copied.
                    let (mut errors, token, policy) = match reading.and_then(|r| r.plain.as_ref()) {
                        Some(p) => (
                            p.errors.clone(),
                            token::found(&p.token, now),
                            p.policy.clone(),
                        ),
                        None => {
                            let p = Plain::read(input.text);
                            (p.errors, token::found(&p.token, now), p.policy)
                        }
                    };
                    for f in &mut errors {
                        f.source = id;
                    }
                    let also = token::second_of_response(input.text, &token, now);
                    let request = (errors.is_empty() && token.report.is_none() && policy.is_none())
                        .then(|| case::request::read(input.text))
                        .flatten();
                    One {
                        token,
                        also,
                        errors,
                        policy,
                        trace: other.map(|t| t.report),
                        sign_ins: None,
                        request,
                    }
                }
            }
        })
        .collect();
    let analysed: Vec<case::Analysed> = inputs
        .iter()
        .zip(&ones)
        .zip(1u32..)
        .map(|((input, one), id)| {
            // The pasted token, then the trace's: pushed in turn (a chain of a flat map costs
            // more code than the two loops).
            let mut tokens: Vec<case::TokenAt> = one
                .token
                .report
                .iter()
                .map(|token| case::TokenAt { token, hop: None })
                .collect();
            if let Some(token) = &one.also {
                tokens.push(case::TokenAt { token, hop: None });
            }
            if let Some(t) = &one.trace {
                tokens.extend(t.tokens.iter().map(|t| case::TokenAt {
                    token: &t.token,
                    hop: Some(t.hop),
                }));
            }
            case::Analysed {
                id,
                name: input.name,
                sample: input.sample,
                tokens,
                failures: &one.errors,
                policy: one.policy.is_some().then_some(input.text),
                trace: one.trace.as_ref().is_some_and(|t| t.problem.is_none()),
                url_tenants: one
                    .trace
                    .as_ref()
                    .map_or(Vec::new(), case::trace::TraceReport::url_tenants),
                refused_calls: one
                    .trace
                    .as_ref()
                    .map_or(0, case::trace::TraceReport::refused_calls),
                sign_ins: one.sign_ins.as_ref(),
                request: one.request.as_ref(),
            }
        })
        .collect();
    let joined = case::join(&analysed, choices);
    let findings = case::findings(&joined, &analysed, choices);
    let commands = commands::recipes_for(&findings);
    let sources = analysed
        .iter()
        .map(|a| case::Source {
            id: a.id,
            name: a.name.to_owned(),
            sample: a.sample,
            kinds: case::kinds(a),
        })
        .collect();
    let mut tokens: Vec<(u32, token::TokenReport)> = Vec::new();
    let mut token_note = None;
    let mut policy = None;
    let mut trace = None;
    let mut sign_ins = None;
    let mut failures = Vec::new();
    for (one, id) in ones.into_iter().zip(1u32..) {
        match one.token.report {
            Some(t) => tokens.push((id, t)),
            None if tokens.is_empty() && token_note.is_none() => token_note = one.token.note,
            None => {}
        }
        if policy.is_none() {
            policy = one.policy;
        }
        if trace.is_none() {
            trace = one.trace;
        }
        if sign_ins.is_none() {
            sign_ins = one.sign_ins;
        }
        failures.extend(one.errors);
    }
    // The token that tells how the guest signs in is the one the resource tenant issued to
    // them as a guest; a home-tenant token pasted first describes their home account instead.
    // A tenant known only as a domain cannot be compared with `tid`: any guest token then.
    let resource = joined
        .value(case::FactField::ResourceTenant)
        .map(str::to_ascii_lowercase);
    let guest_here = |t: &token::TokenReport| {
        t.account_kind == token::AccountKind::Guest
            && match resource.as_deref() {
                Some(r) if text::is_guid(r) => {
                    t.tenant_id
                        .as_deref()
                        .map(str::to_ascii_lowercase)
                        .as_deref()
                        == Some(r)
                }
                _ => true,
            }
    };
    let pick = tokens.iter().position(|(_, t)| guest_here(t)).unwrap_or(0);
    let (token_source, token) = tokens.into_iter().nth(pick).unzip();
    if token.is_some() {
        token_note = None;
    }
    Report {
        token,
        token_note,
        error_summary: errors::summary(&failures),
        errors: failures,
        policy,
        trace,
        findings,
        commands,
        sources,
        case: joined,
        sign_ins,
        token_source,
    }
}

/// A failed sign-in from a log export as a failure of the case: its own request and correlation
/// IDs, the guest's UPN, the resource tenant, and the home tenant as an Entra issuer (the form
/// `case` reads home tenants in).
fn sign_in_failure(row: &signins::SignInRow, source: u32) -> errors::Failure {
    let home = row
        .home_tenant_id
        .as_deref()
        .filter(|t| text::is_guid(t))
        .map(|t| format!("https://sts.windows.net/{t}/"));
    errors::complete(errors::Failure {
        codes: row.error_code.filter(|&c| c != 0).into_iter().collect(),
        trace_id: row.request_id.clone(),
        correlation_id: row.correlation_id.clone(),
        timestamp: row.created.clone(),
        message: row.failure_reason.clone(),
        user: row.upn.clone(),
        idp: home,
        tenant: row.resource_tenant_id.clone(),
        app_id: row.app_id.clone(),
        app_name: row.app_name.clone(),
        source,
        within_tenant: row.within_tenant(),
        ..errors::Failure::default()
    })
}
