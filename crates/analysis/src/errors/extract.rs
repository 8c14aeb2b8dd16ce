//! Reads the value at each hit of one (decoded) chunk and groups the values into failures.
//!
//! The values arrive as a stream in text order. Every code starts a new group unless the
//! current group has none yet (an error page shows its IDs before `Message:`); an ID that
//! differs from the one already in the group starts a new group too. As each group completes
//! it is merged into the one before when they agree on everything: that is how a message
//! repeated along an exception chain, or a JSON body next to its own description, counts once.
use super::Field;
use super::guidance::InviteKind;
use super::scan::{Anchor, Cue, Hit};
use super::templates::{self, Values};
use super::timestamp;
use crate::text::{self, contains_ci, is_guid};

/// Longest message kept, in bytes.
const MAX_MESSAGE: usize = 2048;
/// Most codes one failure keeps (a JSON `error_codes` list is short; this bounds the work an
/// adversarial paste with one trace ID and thousands of codes can cause).
const MAX_CODES: usize = 16;
/// How far back on a line we look for an OAuth `error` value before a code.
const ERROR_LOOKBACK: usize = 160;
/// How much text around an invitation cue is read as its sentence, each way.
const INVITE_WINDOW: usize = 400;

/// OAuth 2.0 / OpenID Connect `error` values (lowercase), as MSAL prints them before a code.
const OAUTH_ERRORS: &[&str] = &[
    "invalid_request",
    "invalid_grant",
    "unauthorized_client",
    "invalid_client",
    "unsupported_grant_type",
    "unsupported_response_type",
    "invalid_resource",
    "invalid_scope",
    "interaction_required",
    "login_required",
    "consent_required",
    "access_denied",
    "temporarily_unavailable",
    "server_error",
];

/// A span in the chunk and what it shows; spans become highlights.
pub type Mark = (usize, usize, Field);

/// One failure as read from one chunk.
#[derive(Debug, Clone, Default)]
pub struct Msg {
    pub codes: Vec<u32>,
    pub invite: Option<InviteKind>,
    pub trace: Option<String>,
    pub correlation: Option<String>,
    /// From a `Timestamp` label or key.
    pub timestamp: Option<String>,
    /// From the start of the log line the code is on, used only when no label gives one.
    pub line_time: Option<String>,
    /// From brackets just before the code (`7000218 - [2020-09-25 07:40:47Z]: AADSTS…`),
    /// used when no label gives one.
    pub near_time: Option<String>,
    pub error: Option<String>,
    pub error_uri: Option<String>,
    pub message: Option<String>,
    pub user: Option<String>,
    pub idp: Option<String>,
    pub tenant: Option<String>,
    pub app_id: Option<String>,
    pub app_name: Option<String>,
    pub resource: Option<String>,
    pub resource_name: Option<String>,
    pub redirect_uri: Option<String>,
    pub authority: Option<String>,
    /// The sign-in host the authority was read from (lower case): it names the cloud.
    pub sign_in_host: Option<String>,
    pub masked: Vec<Field>,
    pub marks: Vec<Mark>,
    /// Further printings of this failure merged into it (an exception chain, a log line
    /// repeating it); occurrences are `1 + repeats`.
    pub repeats: u32,
}

impl Msg {
    /// A code, an invitation error, or a trace ID with a second ID beside it.
    pub fn is_failure(&self) -> bool {
        !self.codes.is_empty()
            || self.invite.is_some()
            || (self.trace.is_some() && (self.correlation.is_some() || self.timestamp.is_some()))
    }

    fn has_cause(&self) -> bool {
        !self.codes.is_empty() || self.invite.is_some()
    }

    fn has_ids(&self) -> bool {
        self.trace.is_some() || self.correlation.is_some()
    }

    /// Fills what `self` lacks from `other` and keeps both sets of marks.
    pub fn absorb(&mut self, other: Msg) {
        // The message printed again, with its IDs again (or without IDs both times), is the
        // failure repeated. A message above its own ID block (the sign-in page's heading over
        // "Message:") or a JSON body's fields beside its description are one printing.
        let again =
            self.message.is_some() && other.message.is_some() && self.has_ids() == other.has_ids();
        self.repeats = self
            .repeats
            .saturating_add(other.repeats)
            .saturating_add(u32::from(again));
        for c in other.codes {
            add_code(&mut self.codes, c);
        }
        let fields = [
            (&mut self.trace, other.trace),
            (&mut self.correlation, other.correlation),
            (&mut self.timestamp, other.timestamp),
            (&mut self.line_time, other.line_time),
            (&mut self.near_time, other.near_time),
            (&mut self.error, other.error),
            (&mut self.error_uri, other.error_uri),
            (&mut self.message, other.message),
            (&mut self.user, other.user),
            (&mut self.idp, other.idp),
            (&mut self.tenant, other.tenant),
            (&mut self.app_id, other.app_id),
            (&mut self.app_name, other.app_name),
            (&mut self.resource, other.resource),
            (&mut self.resource_name, other.resource_name),
            (&mut self.redirect_uri, other.redirect_uri),
            (&mut self.authority, other.authority),
            (&mut self.sign_in_host, other.sign_in_host),
        ];
        for (mine, theirs) in fields {
            if mine.is_none() {
                *mine = theirs;
            }
        }
        if self.invite.is_none() {
            self.invite = other.invite;
        }
        for m in other.masked {
            if !self.masked.contains(&m) {
                self.masked.push(m);
            }
        }
        self.marks.extend(other.marks);
    }
}

/// True when two reads can be the same failure.
pub fn compatible(a: &Msg, b: &Msg) -> bool {
    if let (Some(x), Some(y)) = (&a.trace, &b.trace) {
        return x == y;
    }
    let codes_ok = a.codes.is_empty()
        || b.codes.is_empty()
        || (a.codes.len() == b.codes.len() && a.codes.iter().all(|c| b.codes.contains(c)));
    let invite_ok = match (a.invite, b.invite) {
        (Some(x), Some(y)) => x == y,
        (Some(_), None) => b.codes.is_empty(),
        (None, Some(_)) => a.codes.is_empty(),
        (None, None) => true,
    };
    codes_ok
        && invite_ok
        && agree(&a.correlation, &b.correlation)
        && agree(&a.timestamp, &b.timestamp)
        && agree(&a.error, &b.error)
        && agree(&a.user, &b.user)
        && agree(&a.tenant, &b.tenant)
        && agree(&a.app_id, &b.app_id)
        && similar_messages(a.message.as_deref(), b.message.as_deref())
}

fn agree(a: &Option<String>, b: &Option<String>) -> bool {
    match (a, b) {
        (Some(x), Some(y)) => x == y,
        _ => true,
    }
}

/// Equal up to spacing, or one cut short (wrapping, truncation) of the other by at least 20
/// characters of agreement.
fn similar_messages(a: Option<&str>, b: Option<&str>) -> bool {
    let (Some(a), Some(b)) = (a, b) else {
        return true;
    };
    let mut x = a.chars().filter(|c| !c.is_whitespace());
    let mut y = b.chars().filter(|c| !c.is_whitespace());
    let mut same = 0;
    loop {
        match (x.next(), y.next()) {
            (None, None) => return true,
            (Some(p), Some(q)) if p == q => same += 1,
            (Some(_), Some(_)) => return false,
            _ => return same >= 20,
        }
    }
}

/// Groups the values at `hits` (sorted, positions in `text`) into failures, in order.
pub fn messages(text: &str, hits: &[Hit]) -> Vec<Msg> {
    let b = text.as_bytes();
    // Where each hit's message must stop: the next hit that starts another field.
    let mut stops = vec![b.len(); hits.len()];
    let mut next = b.len();
    for (k, h) in hits.iter().enumerate().rev() {
        if let Some(s) = stops.get_mut(k) {
            *s = next.max(h.end);
        }
        if ends_message(h.anchor) {
            next = h.start;
        }
    }
    let leads = leads(b, hits);
    let mut stream = Stream::default();
    let mut ctx = Context {
        b,
        pos: 0,
        start: 0,
        time: None,
        last_cue: None,
        prev_code_line: None,
    };
    let mut floor = 0;
    let mut in_lead = false;
    for ((h, &stop), &lead) in hits.iter().zip(&stops).zip(&leads) {
        let at = At {
            line: ctx.start_of(h.start),
            floor,
            stop,
        };
        // An ID block written above its own `Message:` line belongs to that message, never
        // to the failure before it.
        if lead && !in_lead && stream.current.has_cause() {
            stream.open(Msg::default());
            stream.pinned = true;
        }
        in_lead = lead;
        read_hit(text, b, h, at, &mut ctx, &mut stream);
        ctx.prev_code_line = (h.anchor == Anchor::Code).then_some(at.line);
        floor = floor.max(h.end);
    }
    stream.finish()
}

/// Anchors of the lines in a sign-in page's "copy info" block.
fn is_block_label(a: Anchor) -> bool {
    matches!(
        a,
        Anchor::Trace
            | Anchor::Correlation
            | Anchor::Timestamp
            | Anchor::AppName
            | Anchor::AppId
            | Anchor::SignedInAs
            | Anchor::CodeLabel
    )
}

/// Marks the hits of ID blocks that stand above a labelled code (`Request Id: …`,
/// `Correlation Id: …`, `Timestamp: …`, then `Message: AADSTS…`): each label opens its own
/// line, and no blank line separates the block from the code. One backward pass.
fn leads(b: &[u8], hits: &[Hit]) -> Vec<bool> {
    let mut out = vec![false; hits.len()];
    // Start of the topmost line of the block being followed upwards.
    let mut block: Option<usize> = None;
    for (k, h) in hits.iter().enumerate().rev() {
        let ls = line_start(b, h.start);
        block = match (h.anchor, block) {
            (Anchor::Code, _) => labelled_line(b, ls, h.start).then_some(ls),
            (a, Some(top)) if is_block_label(a) && opens_line(b, ls, h.start) => {
                if ls == top || adjacent_lines(b, ls, top) {
                    if let Some(slot) = out.get_mut(k) {
                        *slot = true;
                    }
                    Some(ls)
                } else {
                    None
                }
            }
            _ => None,
        };
    }
    out
}

/// Only a short label (`Message:`, `Nachricht :`) stands before `at` on its line.
fn labelled_line(b: &[u8], line: usize, at: usize) -> bool {
    let Some(pre) = b.get(line..at) else {
        return false;
    };
    let trimmed = pre.trim_ascii();
    let label = trimmed
        .strip_suffix(b":")
        .or_else(|| trimmed.strip_suffix("\u{ff1a}".as_bytes()));
    label.is_some_and(|l| {
        !l.is_empty()
            && l.len() <= 32
            && l.iter()
                .all(|&c| c.is_ascii_alphabetic() || c == b' ' || c >= 0x80)
    })
}

/// Nothing but spaces before `at` on its line.
fn opens_line(b: &[u8], line: usize, at: usize) -> bool {
    b.get(line..at)
        .is_some_and(|w| w.iter().all(|&c| c == b' ' || c == b'\t'))
}

/// The line at `upper` is followed, within a few lines and without a blank one, by the line
/// at `lower`.
fn adjacent_lines(b: &[u8], upper: usize, lower: usize) -> bool {
    let Some(between) = b.get(upper..lower) else {
        return false;
    };
    if between.len() > 1024 {
        return false;
    }
    let breaks = between.iter().filter(|&&c| c == b'\n').count();
    let lines = between.strip_suffix(b"\n").unwrap_or(between);
    let blank = lines
        .split(|&c| c == b'\n')
        .any(|l| l.trim_ascii().is_empty());
    breaks <= 6 && !blank
}

/// The groups read so far: the settled ones and the one values are added to now.
#[derive(Default)]
struct Stream {
    settled: Vec<Msg>,
    current: Msg,
    /// The current group was opened for an ID block above its message: its IDs stay.
    pinned: bool,
}

impl Stream {
    /// Starts a new group; the one it replaces is complete and is settled.
    fn open(&mut self, m: Msg) {
        self.pinned = false;
        let done = std::mem::replace(&mut self.current, m);
        self.settle(done);
    }

    /// A complete group merges into the last settled one when they agree. Otherwise that
    /// one is final, and is dropped at once if it is not a failure (so long runs of repeats
    /// keep memory small).
    fn settle(&mut self, done: Msg) {
        match self.settled.last_mut() {
            Some(prev) if compatible(prev, &done) => prev.absorb(done),
            _ => {
                if self.settled.last().is_some_and(|m| !m.is_failure()) {
                    self.settled.pop();
                }
                self.settled.push(done);
            }
        }
    }

    fn finish(mut self) -> Vec<Msg> {
        let last = std::mem::take(&mut self.current);
        self.settle(last);
        self.settled.retain(Msg::is_failure);
        self.settled
    }
}

/// Where a hit stands: its line's start, the end of the previous hit, and where its message
/// must stop. Per-hit work looks back only to `floor`, so the pass stays linear.
#[derive(Clone, Copy)]
struct At {
    line: usize,
    floor: usize,
    stop: usize,
}

/// What reading the hits in order remembers: line starts (each byte scanned once), the
/// timestamp opening the current line, and the last invitation cue read.
struct Context<'a> {
    b: &'a [u8],
    pos: usize,
    start: usize,
    /// The timestamp that opens the line at this start, once read.
    time: Option<(usize, Option<String>)>,
    /// The last cue classified and where; the same cue close after it is the same sentence.
    last_cue: Option<(Cue, usize)>,
    /// The line of the previous hit, when it was a code.
    prev_code_line: Option<usize>,
}

impl Context<'_> {
    fn start_of(&mut self, at: usize) -> usize {
        if at < self.pos {
            return line_start(self.b, at);
        }
        if let Some(p) = self
            .b
            .get(self.pos..at)
            .and_then(|w| w.iter().rposition(|&c| c == b'\n'))
        {
            self.start = self.pos + p + 1;
        }
        self.pos = at;
        self.start
    }

    /// A timestamp at the start of the line (a log record's time).
    fn time_at(&mut self, line: usize) -> Option<String> {
        match &self.time {
            Some((l, t)) if *l == line => t.clone(),
            _ => {
                let t = timestamp::parse(self.b, skip_bracket(self.b, line)).map(|(v, _)| v);
                self.time = Some((line, t.clone()));
                t
            }
        }
    }
}

fn add_code(codes: &mut Vec<u32>, c: u32) {
    if codes.len() < MAX_CODES && !codes.contains(&c) {
        codes.push(c);
    }
}

fn ends_message(a: Anchor) -> bool {
    matches!(
        a,
        Anchor::Code
            | Anchor::CodeLabel
            | Anchor::Trace
            | Anchor::Correlation
            | Anchor::Timestamp
            | Anchor::ErrorKey
            | Anchor::ErrorUri
    )
}

/// The group a new code (or invitation error) on the line starting at `line` joins: the
/// current one if it has no cause yet. IDs read before a cause are kept only when they look like an error page's
/// details block (two kinds of ID) or stand on the cause's own line; a lone ID on an earlier
/// line belongs to something else.
fn group_for_cause(stream: &mut Stream, line: usize) -> &mut Msg {
    if stream.current.has_cause() {
        stream.open(Msg::default());
    }
    let pinned = stream.pinned;
    let m = &mut stream.current;
    if pinned {
        return m;
    }
    let kinds = [
        m.trace.is_some(),
        m.correlation.is_some(),
        m.timestamp.is_some(),
    ]
    .iter()
    .filter(|&&k| k)
    .count();
    if kinds == 1 {
        let earlier = |k: Field| m.marks.iter().any(|&(s, _, mk)| mk == k && s < line);
        if earlier(Field::TraceId) || earlier(Field::CorrelationId) || earlier(Field::Timestamp) {
            m.trace = None;
            m.correlation = None;
            m.timestamp = None;
            m.marks.retain(|&(_, _, k)| {
                !matches!(k, Field::TraceId | Field::CorrelationId | Field::Timestamp)
            });
        }
    }
    m
}

/// Sets an ID-like field; a value different from the one held starts a new group.
fn set_id(
    stream: &mut Stream,
    field: fn(&mut Msg) -> &mut Option<String>,
    value: String,
    mark: Mark,
) {
    let cur = &mut stream.current;
    match field(cur) {
        Some(held) if *held != value => {
            let mut m = Msg::default();
            *field(&mut m) = Some(value);
            m.marks.push(mark);
            stream.open(m);
        }
        slot => {
            if slot.is_none() {
                *slot = Some(value);
            }
            cur.marks.push(mark);
        }
    }
}

fn read_hit(text: &str, b: &[u8], h: &Hit, at: At, ctx: &mut Context, stream: &mut Stream) {
    match h.anchor {
        Anchor::Code => read_code(text, b, h, at, ctx, stream),
        Anchor::CodeLabel => read_code_label(b, h, at, stream),
        Anchor::Trace => {
            // `client-request-id` is the client's correlation ID, not the service's trace.
            let client = h
                .start
                .checked_sub(7)
                .and_then(|s| b.get(s..h.start))
                .is_some_and(|w| w.eq_ignore_ascii_case(b"client-"));
            if let Some((v, s, e, hidden)) = id_after(text, b, h.end) {
                if client {
                    set_id(
                        stream,
                        |m| &mut m.correlation,
                        v,
                        (s, e, Field::CorrelationId),
                    );
                    mark_hidden(stream, Field::CorrelationId, hidden);
                } else {
                    set_id(stream, |m| &mut m.trace, v, (s, e, Field::TraceId));
                    mark_hidden(stream, Field::TraceId, hidden);
                }
            }
        }
        Anchor::Correlation => {
            if let Some((v, s, e, hidden)) = id_after(text, b, h.end) {
                set_id(
                    stream,
                    |m| &mut m.correlation,
                    v,
                    (s, e, Field::CorrelationId),
                );
                mark_hidden(stream, Field::CorrelationId, hidden);
            }
        }
        Anchor::Timestamp => {
            let s = value_start(b, h.end);
            if let Some((v, e)) = timestamp::parse(b, s) {
                set_id(stream, |m| &mut m.timestamp, v, (s, e, Field::Timestamp));
            }
        }
        Anchor::ErrorKey => {
            // `{"error":` or `?error=` opens another response: it is not the last one's.
            let opens = b.get(h.start) == Some(&b'?')
                || b.get(at.floor..h.start)
                    .is_some_and(|w| w.trim_ascii_end().last() == Some(&b'{'));
            if opens && stream.current.has_cause() {
                stream.open(Msg::default());
            }
            let s = skip_separators(b, h.end);
            if let Some(e) = word_end(b, s, 64).filter(|&e| e > s)
                && let Some(v) = text.get(s..e)
            {
                set_id(stream, |m| &mut m.error, v.to_owned(), (s, e, Field::Error));
            }
        }
        Anchor::ErrorUri => {
            let s = value_start(b, h.end);
            let e = (s..b.len().min(s + 512))
                .find(|&k| {
                    b.get(k)
                        .is_none_or(|c| c.is_ascii_whitespace() || b"\"'&,}<>)]".contains(c))
                })
                .unwrap_or(b.len().min(s + 512));
            if let Some(v) = text.get(s..e).filter(|v| v.contains("://")) {
                set_id(
                    stream,
                    |m| &mut m.error_uri,
                    v.to_owned(),
                    (s, e, Field::ErrorUri),
                );
            }
        }
        Anchor::AppName => {
            let s = value_start(b, h.end);
            let e = line_end(b, s, 200);
            if let Some(v) = text.get(s..e).map(str::trim).filter(|v| !v.is_empty()) {
                let cur = &mut stream.current;
                if cur.app_name.is_none() {
                    cur.app_name = Some(v.to_owned());
                    cur.marks.push((s, s + v.len(), Field::AppName));
                }
            }
        }
        // The page's own line for the account, often the only place a 53003 or 500213 names it;
        // only an address is taken (never a placeholder or free text).
        Anchor::SignedInAs => {
            let s = value_start(b, h.end);
            let e = line_end(b, s, 320);
            // A sentence's full stop is no part of the address; one @ between a name and a
            // dotted domain makes one.
            let v = text
                .get(s..e)
                .map(|v| v.trim().trim_end_matches(['.', ',', ';', ':', ')']))
                .filter(|v| {
                    let parts = v.split_once('@').filter(|(l, d)| {
                        !l.is_empty()
                            && !d.contains('@')
                            && d.split('.').count() > 1
                            && d.split('.').all(|p| !p.is_empty())
                    });
                    parts.is_some() && !v.contains(char::is_whitespace) && !templates::is_masked(v)
                });
            if let Some(v) = v {
                let cur = &mut stream.current;
                if cur.user.is_none() {
                    cur.user = Some(v.to_owned());
                    cur.marks.push((s, s + v.len(), Field::User));
                }
            }
        }
        Anchor::AppId => {
            if let Some((v, s, e)) = guid_after(b, h.end) {
                let cur = &mut stream.current;
                if cur.app_id.is_none() {
                    cur.app_id = Some(v);
                    cur.marks.push((s, e, Field::AppId));
                }
            }
        }
        Anchor::Authority => {
            // An identity provider's issuer URL ("from identity provider 'https://login…/{home}/'")
            // names the guest's home tenant and cloud, not the authority the app used.
            let before = b
                .get(h.start.saturating_sub(32)..h.start)
                .unwrap_or_default();
            let in_idp = before
                .windows(9)
                .any(|w| w.eq_ignore_ascii_case(b"provider "));
            if in_idp {
                return;
            }
            if let Some((v, s, e)) = authority(text, b, h.end) {
                let cur = &mut stream.current;
                if cur.authority.is_none() {
                    cur.authority = Some(v);
                    cur.marks.push((s, e, Field::Authority));
                    // The host runs from the pattern's start to the `/` before the segment.
                    cur.sign_in_host = text
                        .get(h.start..s.saturating_sub(1))
                        .map(str::to_ascii_lowercase);
                }
            }
        }
        Anchor::Invite(cue) => {
            // One reading per sentence: the same cue again within its window adds nothing.
            if ctx
                .last_cue
                .is_some_and(|(c, p)| c == cue && h.start < p + INVITE_WINDOW)
            {
                return;
            }
            ctx.last_cue = Some((cue, h.start));
            read_invite(text, b, h, cue, at, stream);
        }
    }
}

fn read_code(text: &str, b: &[u8], h: &Hit, at: At, ctx: &mut Context, stream: &mut Stream) {
    let digits = h.start + 6;
    let Some((code, end)) = number(b, digits, 4, 8) else {
        return;
    };
    let error = oauth_error_before(text, at.line.max(at.floor), h.start);
    let line_time = ctx.time_at(at.line);
    let near_time = bracket_time(b, at.line.max(at.floor), h.start);
    let msg = message(text, b, end, at.stop);
    // A second code right after the first on its line, nothing between (`AADSTS70002: …
    // AADSTS500133: …` in one description), is the same response: one failure.
    let same_response = ctx.prev_code_line == Some(at.line) && !stream.current.codes.is_empty();
    let m = if same_response {
        &mut stream.current
    } else {
        group_for_cause(stream, at.line)
    };
    add_code(&mut m.codes, code);
    m.marks.push((h.start, end, Field::Code));
    if m.line_time.is_none() {
        m.line_time = line_time;
    }
    if let Some((v, s, e)) = near_time
        && m.near_time.is_none()
    {
        m.near_time = Some(v);
        m.marks.push((s, e, Field::Timestamp));
    }
    if let Some((v, s, e)) = error
        && m.error.is_none()
    {
        m.error = Some(v);
        m.marks.push((s, e, Field::Error));
    }
    let Some(msg) = msg else { return };
    let mut values = templates::extract(&msg.text);
    values.fill_by_shape(&msg.text);
    apply_values(m, &msg, values);
    m.marks.push((msg.start, msg.end, Field::Message));
    match &mut m.message {
        None => m.message = Some(msg.text),
        Some(first) if same_response => {
            let code_text = text.get(h.start..end).unwrap_or("");
            if first.len() + code_text.len() + msg.text.len() + 3 <= MAX_MESSAGE {
                first.push(' ');
                first.push_str(code_text);
                first.push_str(": ");
                first.push_str(&msg.text);
            }
        }
        Some(_) => {}
    }
}

/// `[2020-09-25 07:40:47Z]: ` just before a code, after something else on its line (MSAL's
/// `ServerError: invalid_client: 7000218 - [time]: AADSTS…`). A bracketed time opening the
/// line is the log record's own and is read as such.
fn bracket_time(b: &[u8], floor: usize, code: usize) -> Option<(String, usize, usize)> {
    let mut i = code;
    while i > floor && code - i < 4 && matches!(b.get(i - 1), Some(b' ' | b':' | b'-')) {
        i -= 1;
    }
    let close = i
        .checked_sub(1)
        .filter(|&c| c >= floor && b.get(c) == Some(&b']'))?;
    let from = floor.max(close.saturating_sub(40));
    let open = from + b.get(from..close)?.iter().rposition(|&c| c == b'[')?;
    if b.get(floor..open)?.iter().all(u8::is_ascii_whitespace) {
        return None;
    }
    let (v, e) = timestamp::parse(b, open + 1)?;
    (e == close).then_some((v, open + 1, e))
}

/// Marks the field of the current group as hidden before pasting.
fn mark_hidden(stream: &mut Stream, field: Field, hidden: bool) {
    let m = &mut stream.current;
    if hidden && !m.masked.contains(&field) {
        m.masked.push(field);
    }
}

/// The ID after a label: a GUID, or whatever stands in its place when it was redacted,
/// zeroed or left as a placeholder (`xxxxxxxx-xxxx-…`, `<correlation-id>`, `[REDACTED]`,
/// `****`), kept as found and flagged `true`.
fn id_after(text: &str, b: &[u8], at: usize) -> Option<(String, usize, usize, bool)> {
    if let Some((v, s, e)) = guid_after(b, at) {
        let zero = v.bytes().all(|c| c == b'0' || c == b'-');
        return Some((v, s, e, zero));
    }
    let s = value_start(b, at);
    let close = match b.get(s) {
        Some(b'<') => Some(b'>'),
        Some(b'{') => Some(b'}'),
        Some(b'[') => Some(b']'),
        Some(b'(') => Some(b')'),
        _ => None,
    };
    let e = match close {
        Some(c) => {
            let rest = b.get(s + 1..)?;
            let p = rest.iter().take(64).position(|&x| x == c || x == b'\n')?;
            (rest.get(p) == Some(&c)).then_some(s + 1 + p + 1)?
        }
        None => {
            s + b
                .get(s..)?
                .iter()
                .take(65)
                .take_while(|&&x| !x.is_ascii_whitespace() && !b"\"',;|&)]}<".contains(&x))
                .count()
        }
    };
    let raw = text.get(s..e)?;
    // A sentence's full stop is not part of the value, unless the value is all dots.
    let v = Some(raw.trim_end_matches('.'))
        .filter(|v| !v.is_empty())
        .unwrap_or(raw);
    (!v.is_empty() && v.len() <= 64 && templates::looks_hidden_id(v))
        .then(|| (v.to_owned(), s, s + v.len(), true))
}

/// `Error Code: 500121`, `"error_codes":[50020, 90072]`, or `ErrorCode: invalid_grant`.
fn read_code_label(b: &[u8], h: &Hit, at: At, stream: &mut Stream) {
    let s = value_start(b, h.end);
    let Some(&first) = b.get(s) else { return };
    if first == b'[' {
        let mut codes = Vec::new();
        let mut k = s + 1;
        while codes.len() < MAX_CODES && k < s + 200 {
            match b.get(k) {
                Some(b' ' | b',' | b'\t' | b'\r' | b'\n' | b'"' | b'\'') => k += 1,
                Some(c) if c.is_ascii_digit() => {
                    let Some((c, e)) = number(b, k, 1, 9) else {
                        return;
                    };
                    codes.push((c, k, e));
                    k = e;
                }
                _ => break,
            }
        }
        if b.get(k) != Some(&b']') || codes.is_empty() {
            return;
        }
        let m = group_for_cause(stream, at.line);
        for (c, s, e) in codes {
            add_code(&mut m.codes, c);
            m.marks.push((s, e, Field::Code));
        }
    } else if first.is_ascii_digit() {
        if let Some((c, e)) = number(b, s, 5, 8) {
            let m = group_for_cause(stream, at.line);
            add_code(&mut m.codes, c);
            m.marks.push((s, e, Field::Code));
        }
    } else if first.is_ascii_alphabetic() {
        let Some(e) = word_end(b, s, 48) else { return };
        let Some(w) = b.get(s..e) else { return };
        // `AADSTS…` has its own hit; only snake_case words are `error` values.
        if w.contains(&b'_')
            && !w.iter().any(u8::is_ascii_digit)
            && let Ok(v) = std::str::from_utf8(w)
        {
            set_id(stream, |m| &mut m.error, v.to_owned(), (s, e, Field::Error));
        }
    }
}

fn read_invite(text: &str, b: &[u8], h: &Hit, cue: Cue, at: At, stream: &mut Stream) {
    let ls = at.line.max(h.start.saturating_sub(INVITE_WINDOW));
    let le = line_end(b, h.end, INVITE_WINDOW);
    let Some(line) = text.get(ls..le) else { return };
    let Some(kind) = classify(cue, line) else {
        return;
    };
    if stream.current.invite == Some(kind) {
        return;
    }
    let m = group_for_cause(stream, at.line);
    m.invite = Some(kind);
    let trimmed = line.trim();
    let lead = line.len() - line.trim_start().len();
    m.message = Some(trimmed.to_owned());
    m.marks
        .push((ls + lead, ls + lead + trimmed.len(), Field::Message));
}

/// Which invitation-time error a cue's line describes, if any (section g.2 of our facts).
pub fn classify(cue: Cue, line: &str) -> Option<InviteKind> {
    let has = |w: &str| contains_ci(line, w);
    match cue {
        Cue::ProxyAddress if has("already exist") || has("conflict") || has("same value") => {
            Some(InviteKind::ProxyAddressConflict)
        }
        Cue::AlreadyExists
            if !has("proxyaddress") && (has("user") || has("invit") || has("object")) =>
        {
            Some(InviteKind::UserAlreadyExists)
        }
        Cue::EmailVerified if has("allow") || has("block") => {
            Some(InviteKind::EmailVerifiedBlocked)
        }
        Cue::CrossTenant if has("invitation") && has("block") => {
            if has("both") || has("invited user") {
                Some(InviteKind::CrossTenantBlocked)
            } else if has("your organization") || has("your organisation") {
                Some(InviteKind::OwnCrossTenantBlocked)
            } else {
                Some(InviteKind::CrossTenantBlocked)
            }
        }
        Cue::CrossCloudWorker if has("disabled") => Some(InviteKind::CrossCloudWorkerDisabled),
        Cue::ExtensionsApp => Some(InviteKind::ExtensionsAppMissing),
        Cue::InvitesNotAllowed => Some(InviteKind::InvitesNotAllowed),
        _ => None,
    }
}

/// A message read from the chunk, with the pieces it was joined from.
struct Text {
    text: String,
    start: usize,
    end: usize,
    /// (offset in `text`, offset in the chunk, length) of each joined piece.
    pieces: Vec<(usize, usize, usize)>,
}

impl Text {
    /// A span of `text` back in the chunk, when it lies within one piece.
    fn to_chunk(&self, s: usize, e: usize) -> Option<(usize, usize)> {
        self.pieces
            .iter()
            .find(|(off, _, len)| s >= *off && e <= off + len)
            .map(|(off, at, _)| (at + s - off, at + e - off))
    }
}

/// The message after a code: up to the next field, a string's end, a URL parameter, or the
/// line's end — continuing over lines that look hard-wrapped by a terminal.
fn message(text: &str, b: &[u8], from: usize, stop: usize) -> Option<Text> {
    let mut i = from;
    while i < from + 8 {
        match b.get(i..) {
            Some([b':' | b' ' | b'\t' | b'-', ..]) => i += 1,
            // En and em dashes.
            Some([0xE2, 0x80, 0x93 | 0x94, ..]) => i += 3,
            _ => break,
        }
    }
    let start = i;
    let limit = stop.min(start + MAX_MESSAGE).min(b.len());
    let mut out = Text {
        text: String::new(),
        start,
        end: start,
        pieces: Vec::new(),
    };
    let mut piece = start;
    let mut wraps = 0;
    while i < limit {
        let Some(&c) = b.get(i) else { break };
        let end_here = match c {
            b'\r' | b'\n' => {
                let line_len = i - line_start(b, i);
                let next = next_line(b, i);
                let last = i.checked_sub(1).and_then(|k| b.get(k)).copied();
                if wraps < 4
                    && line_len >= 60
                    && !matches!(last, Some(b'.' | b':'))
                    && next < limit
                    && wrapped_continues(b, next)
                {
                    push_piece(text, &mut out, piece, i);
                    // A break inside a word joins directly; elsewhere it stood for a space.
                    let mid_word = last.is_some_and(|c| c.is_ascii_alphanumeric())
                        && b.get(next).is_some_and(u8::is_ascii_alphanumeric);
                    if !mid_word {
                        out.text.push(' ');
                    }
                    wraps += 1;
                    i = next;
                    piece = next;
                    continue;
                }
                true
            }
            b'"' | b'\'' => closes_string(b, i + 1),
            b'&' => starts_param(b, i + 1),
            _ => false,
        };
        if end_here {
            break;
        }
        i += 1;
    }
    push_piece(text, &mut out, piece, i.min(limit));
    // Drop trailing separators left by the field that follows, and a string's closing quote.
    let trimmed = out
        .text
        .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '-' | '|' | ';' | ',' | '('))
        .len();
    out.text.truncate(trimmed);
    if out.text.ends_with('"') && out.text.matches('"').count() % 2 == 1 {
        out.text.pop();
    }
    let lead = out.text.len() - out.text.trim_start().len();
    if lead > 0 {
        // Rare (a no-break space first): keep the text, give up mapping its values.
        out.text.drain(..lead);
        out.pieces.clear();
    }
    out.end = out
        .pieces
        .iter()
        .rev()
        .find_map(|&(off, at, len)| {
            (off < out.text.len()).then(|| at + (out.text.len() - off).min(len))
        })
        .unwrap_or(start);
    out.text.chars().any(text::is_wordish).then_some(out)
}

fn push_piece(text: &str, out: &mut Text, from: usize, mut to: usize) {
    // The length cap may fall inside a character.
    while to > from && !text.is_char_boundary(to) {
        to -= 1;
    }
    if let Some(s) = text.get(from..to) {
        out.pieces.push((out.text.len(), from, s.len()));
        out.text.push_str(s);
    }
}

/// The line after a wrap starts like the rest of a word or sentence, not a new record.
fn wrapped_continues(b: &[u8], next: usize) -> bool {
    match b.get(next) {
        Some(c) if c.is_ascii_lowercase() => true,
        Some(b'\'' | b')' | b'(' | b'.' | b',') => true,
        Some(c) if *c >= 0x80 => true,
        _ => false,
    }
}

/// A quote that ends a JSON or Python string: followed by `,` `}` or `]`. (At a line's end
/// the quote may belong to the message, `… to access 'x'`, so it is kept and trimmed later.)
fn closes_string(b: &[u8], after: usize) -> bool {
    let mut k = after;
    while matches!(b.get(k), Some(b' ' | b'\t')) && k < after + 16 {
        k += 1;
    }
    matches!(b.get(k), Some(b',' | b'}' | b']'))
}

/// Parameters of a sign-in response; `&` before one of them ends a message. (Other `&`s
/// may be inside a quoted URL in the message.)
const RESPONSE_PARAMS: &[&str] = &[
    "error",
    "error_description",
    "error_uri",
    "error_codes",
    "error_subcode",
    "suberror",
    "state",
    "session_state",
    "code",
    "id_token",
    "trace_id",
    "correlation_id",
    "timestamp",
    "admin_consent",
    "client_info",
];

/// `&name=` starts the next URL parameter.
fn starts_param(b: &[u8], at: usize) -> bool {
    let mut k = at;
    while b
        .get(k)
        .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
        && k < at + 40
    {
        k += 1;
    }
    b.get(k) == Some(&b'=')
        && b.get(at..k)
            .is_some_and(|name| RESPONSE_PARAMS.iter().any(|p| p.as_bytes() == name))
}

/// Moves template values (message-relative) into the group with chunk marks.
fn apply_values(m: &mut Msg, text: &Text, v: Values) {
    let slots = [
        (&mut m.user, v.user, Field::User),
        (&mut m.idp, v.idp, Field::Idp),
        (&mut m.tenant, v.tenant, Field::Tenant),
        (&mut m.app_id, v.app_id, Field::AppId),
        (&mut m.app_name, v.app_name, Field::AppName),
        (&mut m.resource, v.resource, Field::Resource),
        (&mut m.resource_name, v.resource_name, Field::ResourceName),
        (&mut m.redirect_uri, v.redirect_uri, Field::RedirectUri),
    ];
    for (field, slot, kind) in slots {
        let Some(slot) = slot else { continue };
        if field.is_some() {
            continue;
        }
        let hidden = templates::is_masked(&slot.value)
            || (matches!(kind, Field::AppId | Field::Resource)
                && templates::looks_hidden_id(&slot.value));
        if hidden && !m.masked.contains(&kind) {
            m.masked.push(kind);
        }
        if let Some((s, e)) = text.to_chunk(slot.start, slot.end) {
            m.marks.push((s, e, kind));
        }
        *field = Some(slot.value);
    }
}

/// Skips the rest of a label (`_id`, ` ID`, `Id`, `-ID`) and the separators after it.
fn value_start(b: &[u8], at: usize) -> usize {
    let mut i = at;
    while i < at + 12
        && b.get(i)
            .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_' || *c == b'-')
    {
        i += 1;
    }
    // "Correlation ID", or the same wrapped by a console at the space ("Correlation\nID") or
    // inside the word ("Correlation I\nD").
    let gap = line_break_at(b, i).max(usize::from(b.get(i) == Some(&b' ')));
    if gap > 0
        && b.get(i + gap)
            .is_some_and(|c| c.eq_ignore_ascii_case(&b'i'))
    {
        let d = i + gap + 1;
        let d = d + line_break_at(b, d);
        if b.get(d).is_some_and(|c| c.eq_ignore_ascii_case(&b'd'))
            && !b.get(d + 1).is_some_and(u8::is_ascii_alphanumeric)
        {
            i = d + 1;
        }
    }
    skip_separators(b, i)
}

/// The length of a line break (`\n` or `\r\n`) at `i`; 0 when there is none.
fn line_break_at(b: &[u8], i: usize) -> usize {
    match (b.get(i), b.get(i + 1)) {
        (Some(b'\n'), _) => 1,
        (Some(b'\r'), Some(b'\n')) => 2,
        _ => 0,
    }
}

/// Skips what stands between a label and its value: spaces, `:`, `=`, quotes, a line break.
fn skip_separators(b: &[u8], at: usize) -> usize {
    let mut i = at;
    while i < at + 24 {
        match b.get(i) {
            Some(
                b' ' | b'\t' | b':' | b'=' | b'"' | b'\'' | b'`' | b'|' | b'\r' | b'\n' | b'>',
            ) => i += 1,
            // U+00A0 (no-break space) and U+FF1A (fullwidth colon) in localized pages.
            Some(0xC2) if b.get(i + 1) == Some(&0xA0) => i += 2,
            Some(0xEF) if b.get(i + 1..i + 3) == Some(&[0xBC, 0x9A]) => i += 3,
            _ => break,
        }
    }
    i
}

/// A GUID after a label; one line break inside is tolerated (terminal wrapping).
fn guid_after(b: &[u8], at: usize) -> Option<(String, usize, usize)> {
    let s = value_start(b, at);
    let mut out = [0u8; 36];
    let mut len = 0;
    let mut i = s;
    let mut wrapped = false;
    while let Some(slot) = out.get_mut(len) {
        match b.get(i) {
            Some(&c) if c.is_ascii_hexdigit() || c == b'-' => {
                *slot = c.to_ascii_lowercase();
                len += 1;
                i += 1;
            }
            Some(b'\r' | b'\n') if !wrapped && len > 0 => {
                wrapped = true;
                i = next_line(b, i);
                while matches!(b.get(i), Some(b' ' | b'\t')) && i < s + 80 {
                    i += 1;
                }
            }
            _ => break,
        }
    }
    let guid = std::str::from_utf8(out.get(..len)?).ok()?;
    if !is_guid(guid)
        || b.get(i)
            .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'-')
    {
        return None;
    }
    Some((guid.to_owned(), s, i))
}

/// A run of `min..=max` digits at `at`, not glued to more digits or letters.
fn number(b: &[u8], at: usize, min: usize, max: usize) -> Option<(u32, usize)> {
    let len = b
        .get(at..)?
        .iter()
        .take(max + 1)
        .take_while(|c| c.is_ascii_digit())
        .count();
    if len < min || len > max || b.get(at + len).is_some_and(u8::is_ascii_alphabetic) {
        return None;
    }
    let digits = std::str::from_utf8(b.get(at..at + len)?).ok()?;
    Some((digits.parse().ok()?, at + len))
}

/// End of a `[A-Za-z0-9_.-]` word starting at `at` (at most `max` bytes).
fn word_end(b: &[u8], at: usize, max: usize) -> Option<usize> {
    let len = b
        .get(at..)?
        .iter()
        .take(max + 1)
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'-'))
        .count();
    (len <= max).then_some(at + len)
}

/// The last OAuth `error` value shortly before a code, after `floor` (its line start or the
/// previous hit). Every value has an underscore, so only words around one are compared.
fn oauth_error_before(text: &str, floor: usize, at: usize) -> Option<(String, usize, usize)> {
    let from = floor.max(at.saturating_sub(ERROR_LOOKBACK));
    let wb = text.get(from..at)?.as_bytes();
    let is_word = |c: &u8| c.is_ascii_alphabetic() || *c == b'_';
    let mut found = None;
    let mut k = 0;
    while let Some(p) = wb.get(k..).and_then(|r| r.iter().position(|&c| c == b'_')) {
        let u = k + p;
        let s = wb.get(..u).map_or(u, |r| {
            r.iter().rposition(|c| !is_word(c)).map_or(0, |q| q + 1)
        });
        let e = wb.get(u..).map_or(u, |r| {
            r.iter()
                .position(|c| !is_word(c))
                .map_or(wb.len(), |q| u + q)
        });
        if let Some(w) = wb.get(s..e)
            && let Some(v) = OAUTH_ERRORS
                .iter()
                .find(|v| v.as_bytes().eq_ignore_ascii_case(w))
        {
            found = Some((*v, s, e));
        }
        k = e.max(u + 1);
    }
    found.map(|(v, s, e)| (v.to_owned(), from + s, from + e))
}

/// `login.microsoftonline.com/<segment>/…`: the tenant segment the request named.
fn authority(text: &str, b: &[u8], host_end: usize) -> Option<(String, usize, usize)> {
    let mut i = host_end;
    while b
        .get(i)
        .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b':'))
        && i < host_end + 40
    {
        i += 1;
    }
    if b.get(i) != Some(&b'/') {
        return None;
    }
    let s = i + 1;
    let e = (s..(s + 80).min(b.len()))
        .find(|&k| {
            b.get(k)
                .is_none_or(|c| !(c.is_ascii_alphanumeric() || matches!(c, b'.' | b'-' | b'_')))
        })
        .unwrap_or((s + 80).min(b.len()));
    let seg = text.get(s..e)?;
    let lower = seg.to_ascii_lowercase();
    let ok = matches!(lower.as_str(), "common" | "organizations" | "consumers")
        || is_guid(seg)
        || (seg.contains('.') && !lower.ends_with(".srf") && !lower.ends_with(".ico"));
    ok.then_some((lower, s, e))
}

fn line_start(b: &[u8], at: usize) -> usize {
    let from = at.saturating_sub(512);
    b.get(from..at)
        .and_then(|w| w.iter().rposition(|&c| c == b'\n'))
        .map_or(from, |p| from + p + 1)
}

/// End of the line at `at`, looking at most `max` bytes ahead.
fn line_end(b: &[u8], at: usize, max: usize) -> usize {
    let limit = at.saturating_add(max).min(b.len());
    b.get(at..limit)
        .and_then(|w| w.iter().position(|&c| c == b'\n' || c == b'\r'))
        .map_or(limit, |p| at + p)
}

/// Start of the line after the line break at `at` (`\r\n`, `\n` or `\r`).
fn next_line(b: &[u8], at: usize) -> usize {
    match (b.get(at), b.get(at + 1)) {
        (Some(b'\r'), Some(b'\n')) => at + 2,
        _ => at + 1,
    }
}

fn skip_bracket(b: &[u8], at: usize) -> usize {
    if b.get(at) == Some(&b'[') { at + 1 } else { at }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::errors::scan::scan;

    fn run(t: &str) -> Vec<Msg> {
        messages(t, &scan(t.as_bytes()))
    }

    #[test]
    fn page_layout_is_one_failure() {
        let t = "AADSTS50020: User account 'a@b.com' from identity provider 'live.com' does not exist in tenant 'Contoso'.\nRequest Id: 11111111-1111-1111-1111-111111111111\nCorrelation Id: 22222222-2222-2222-2222-222222222222\nTimestamp: 2024-05-01T10:20:30.123Z\nMessage: AADSTS50020: User account 'a@b.com' from identity provider 'live.com' does not exist in tenant 'Contoso'.\n";
        let m = run(t);
        assert_eq!(m.len(), 1);
        let f = &m[0];
        assert_eq!(f.codes, vec![50020]);
        assert_eq!(
            f.trace.as_deref(),
            Some("11111111-1111-1111-1111-111111111111")
        );
        assert_eq!(f.timestamp.as_deref(), Some("2024-05-01T10:20:30Z"));
        assert_eq!(f.user.as_deref(), Some("a@b.com"));
    }

    #[test]
    fn different_traces_split() {
        let t = "AADSTS50020: x Trace ID: 11111111-1111-1111-1111-111111111111\nAADSTS50020: x Trace ID: 33333333-1111-1111-1111-111111111111\n";
        assert_eq!(run(t).len(), 2);
    }

    #[test]
    fn lone_earlier_id_is_not_adopted() {
        let t = "x-ms-request-id: 11111111-1111-1111-1111-111111111111\nAADSTS50058: y\n";
        assert_eq!(run(t).first().map(|m| m.trace.clone()), Some(None));
        let t = "Request Id: 11111111-1111-1111-1111-111111111111 AADSTS50058: y\n";
        assert!(run(t).first().is_some_and(|m| m.trace.is_some()));
    }

    #[test]
    fn long_message_cut_on_a_character_boundary() {
        let t = format!("AADSTS50020: {}", "é".repeat(3000));
        let m = run(&t);
        let msg = m
            .first()
            .and_then(|m| m.message.clone())
            .unwrap_or_default();
        assert!(
            msg.len() > 2000 && msg.len() <= MAX_MESSAGE,
            "{}",
            msg.len()
        );
    }

    #[test]
    fn wrapped_guid() {
        let t = "AADSTS50058: y\nTrace ID: 11111111-1111-1111-11\n11-111111111111\n";
        let m = run(t);
        assert_eq!(
            m.first().and_then(|m| m.trace.as_deref()),
            Some("11111111-1111-1111-1111-111111111111")
        );
    }

    #[test]
    fn invite_wording() {
        let t = "New-MgInvitation_Create: Another object with the same value for property proxyAddresses already exists.";
        let m = run(t);
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].invite, Some(InviteKind::ProxyAddressConflict));
        assert!(m[0].codes.is_empty());
    }
}
