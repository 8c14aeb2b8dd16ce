//! Sign-in log exports: recognises and reads the failed sign-ins in an Entra sign-in log download.
//!
//! Read: the admin center's JSON download (an array of `signIn` objects), Microsoft Graph's
//! `auditLogs/signIns` response (`{"value": [...]}`, also what `az rest` prints for the
//! signin-logs recipe), PowerShell's `ConvertTo-Json` and `Format-List` output of the recipe's
//! `Select-Object` (PascalCase names, `ErrorCode`/`Reason` flattened), and the admin center's CSV
//! download. Field names follow the Graph `signIn` resource and its `signInStatus` (`errorCode`
//! Int32, `failureReason`; microsoftgraph/microsoft-graph-docs-contrib,
//! api-reference/{v1.0,beta}/resources/signin.md and signinstatus.md): createdDateTime, id,
//! correlationId, userPrincipalName, userId, appId, appDisplayName, homeTenantId,
//! resourceTenantId, crossTenantAccessType, userType. The CSV columns ("Date (UTC)",
//! "Request ID", "Correlation ID", "User ID", "Username", "Application ID", "Cross tenant access
//! type", "Home tenant ID", "Resource tenant ID", ...) are the admin center's column names; the
//! last three are named in MicrosoftDocs/entra-docs, concept-interactive-sign-ins.md ("Partner
//! access to downstream tenant resources") and the sign-in log activity details page. Real
//! downloads pad some names ("Application ID "), so names are trimmed and compared without case.
//! Work is bounded: at most `MAX_ROWS` failures are kept, the rest only counted.
use serde::Serialize;
use serde_json::Value;

use crate::diagnostic::Diagnostic;

/// Failed sign-ins kept; later ones are only counted.
pub const MAX_ROWS: usize = 500;
/// Damaged parts reported one by one; later ones are only counted.
const MAX_PROBLEMS: usize = 20;

/// Which export a text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// The admin center's JSON download, or PowerShell's `ConvertTo-Json`: an array of sign-ins.
    JsonArray,
    /// A Graph `auditLogs/signIns` response: `{"value": [...]}`.
    GraphValue,
    /// PowerShell `Format-List` output: `Name : value` lines, a blank line between sign-ins.
    PowerShellList,
    /// The admin center's CSV download.
    Csv,
}

impl Format {
    pub const fn label(self) -> &'static str {
        match self {
            Format::JsonArray => "sign-in log JSON download",
            Format::GraphValue => "Microsoft Graph sign-in log response",
            Format::PowerShellList => "PowerShell sign-in list",
            Format::Csv => "sign-in log CSV download",
        }
    }
}

/// One failed sign-in, as the log wrote it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SignInRow {
    pub created: Option<String>,
    pub request_id: Option<String>,
    pub correlation_id: Option<String>,
    pub upn: Option<String>,
    pub user_id: Option<String>,
    pub app_id: Option<String>,
    pub app_name: Option<String>,
    /// `status.errorCode`; none when the export gave only a status word.
    pub error_code: Option<u32>,
    pub failure_reason: Option<String>,
    pub home_tenant_id: Option<String>,
    pub resource_tenant_id: Option<String>,
    pub cross_tenant_access_type: Option<String>,
    pub user_type: Option<String>,
    /// Where in the export: the entry (JSON, list, 1-based) or the line (CSV).
    pub at: usize,
}

impl SignInRow {
    /// A member's sign-in that did not cross a tenant boundary: the Graph `signIn` resource
    /// gives `crossTenantAccessType` none for those, and `userType` member for the tenant's own
    /// users. A guest's row says guest; a B2B member (cross-tenant synchronisation) signing in
    /// from their home tenant says member with a cross-tenant type, and stays a guest's row.
    /// The CSV download writes both words capitalised ("Member", "None").
    pub fn within_tenant(&self) -> bool {
        let is = |v: &Option<String>, word: &str| {
            v.as_deref()
                .is_some_and(|v| v.trim().eq_ignore_ascii_case(word))
        };
        is(&self.user_type, "member") && is(&self.cross_tenant_access_type, "none")
    }
}

/// What a sign-in log export held.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignIns {
    pub format: Format,
    /// The failed sign-ins, at most `MAX_ROWS`.
    pub failures: Vec<SignInRow>,
    /// Failed sign-ins beyond `MAX_ROWS`.
    pub more_failures: usize,
    pub successes: usize,
    pub diagnostics: Vec<Diagnostic>,
}

/// The values a row is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Created,
    RequestId,
    Correlation,
    Upn,
    UserId,
    AppId,
    AppName,
    Code,
    Reason,
    Status,
    Home,
    Resource,
    CrossType,
    UserType,
}

const COLS: [Col; 14] = [
    Col::Created,
    Col::RequestId,
    Col::Correlation,
    Col::Upn,
    Col::UserId,
    Col::AppId,
    Col::AppName,
    Col::Code,
    Col::Reason,
    Col::Status,
    Col::Home,
    Col::Resource,
    Col::CrossType,
    Col::UserType,
];

impl Col {
    /// Names in JSON and PowerShell output (compared without case; `Code` and `Reason` are
    /// also read from `status`).
    const fn keys(self) -> &'static [&'static str] {
        match self {
            Col::Created => &["createdDateTime"],
            Col::RequestId => &["id"],
            Col::Correlation => &["correlationId"],
            Col::Upn => &["userPrincipalName"],
            Col::UserId => &["userId"],
            Col::AppId => &["appId"],
            Col::AppName => &["appDisplayName"],
            Col::Code => &["errorCode"],
            Col::Reason => &["failureReason", "reason"],
            Col::Status => &[],
            Col::Home => &["homeTenantId"],
            Col::Resource => &["resourceTenantId"],
            Col::CrossType => &["crossTenantAccessType"],
            Col::UserType => &["userType"],
        }
    }

    /// The admin center's CSV column names (compared without case, trimmed).
    const fn csv(self) -> &'static [&'static str] {
        match self {
            Col::Created => &["Date (UTC)", "Date"],
            Col::RequestId => &["Request ID"],
            Col::Correlation => &["Correlation ID"],
            Col::Upn => &["Username"],
            Col::UserId => &["User ID"],
            Col::AppId => &["Application ID"],
            Col::AppName => &["Application"],
            Col::Code => &["Sign-in error code"],
            Col::Reason => &["Failure reason"],
            Col::Status => &["Status"],
            Col::Home => &["Home tenant ID"],
            Col::Resource => &["Resource tenant ID"],
            Col::CrossType => &["Cross tenant access type"],
            Col::UserType => &["User type"],
        }
    }
}

/// Values of one entry, before it is judged.
#[derive(Default)]
struct Raw {
    values: Vec<(Col, String)>,
}

impl Raw {
    fn set(&mut self, col: Col, v: &str) {
        let v = v.trim();
        if !v.is_empty() && self.get(col).is_none() {
            self.values.push((col, v.to_owned()));
        }
    }
    /// Adds a wrapped line to the value last read for `col`.
    fn append(&mut self, col: Col, more: &str) {
        if let Some((_, v)) = self.values.iter_mut().find(|(c, _)| *c == col) {
            v.push(' ');
            v.push_str(more.trim());
        }
    }
    fn get(&self, col: Col) -> Option<&str> {
        self.values
            .iter()
            .find(|(c, _)| *c == col)
            .map(|(_, v)| v.as_str())
    }
}

/// Collects rows and problems with the caps applied.
struct Out {
    s: SignIns,
    problems: usize,
}

impl Out {
    fn new(format: Format) -> Self {
        Out {
            s: SignIns {
                format,
                failures: Vec::new(),
                more_failures: 0,
                successes: 0,
                diagnostics: Vec::new(),
            },
            problems: 0,
        }
    }

    fn problem(&mut self, message: String) {
        self.problems += 1;
        if self.problems <= MAX_PROBLEMS {
            self.s.diagnostics.push(Diagnostic::warning(message));
        }
    }

    /// Judges one entry: a success is counted, a failure kept (up to the cap).
    fn entry(&mut self, raw: &Raw, at: usize, where_: &str) {
        let code = match raw.get(Col::Code) {
            Some(c) => match c.parse::<u32>() {
                Ok(n) => Some(n),
                Err(_) => {
                    self.problem(format!(
                        "{where_}: the error code \"{}\" is not a number; the sign-in was skipped.",
                        c.chars().take(40).collect::<String>()
                    ));
                    return;
                }
            },
            None => None,
        };
        let failed = match (code, raw.get(Col::Status)) {
            (Some(n), _) => n != 0,
            (None, Some(s)) => !s.eq_ignore_ascii_case("success"),
            (None, None) => {
                self.problem(format!(
                    "{where_}: no error code or status; the sign-in was skipped."
                ));
                return;
            }
        };
        if !failed {
            self.s.successes += 1;
            return;
        }
        if self.s.failures.len() >= MAX_ROWS {
            self.s.more_failures += 1;
            return;
        }
        let get = |c: Col| raw.get(c).map(str::to_owned);
        self.s.failures.push(SignInRow {
            created: get(Col::Created),
            request_id: get(Col::RequestId),
            correlation_id: get(Col::Correlation),
            upn: get(Col::Upn),
            user_id: get(Col::UserId),
            app_id: get(Col::AppId),
            app_name: get(Col::AppName),
            error_code: code,
            failure_reason: get(Col::Reason),
            home_tenant_id: get(Col::Home),
            resource_tenant_id: get(Col::Resource),
            cross_tenant_access_type: get(Col::CrossType),
            user_type: get(Col::UserType),
            at,
        });
    }

    fn finish(mut self) -> SignIns {
        if self.problems > MAX_PROBLEMS {
            let more = self.problems - MAX_PROBLEMS;
            self.s.diagnostics.push(Diagnostic::warning(format!(
                "{more} more damaged sign-ins were skipped."
            )));
        }
        if self.s.more_failures > 0 {
            self.s.diagnostics.push(Diagnostic::info(format!(
                "Only the first {MAX_ROWS} failed sign-ins are listed; {} more were counted.",
                self.s.more_failures
            )));
        }
        self.s
    }
}

/// Reads `text` as a sign-in log export; `None` when it does not look like one.
pub fn read(text: &str) -> Option<SignIns> {
    let text = text.trim_start_matches('\u{feff}');
    let trimmed = text.trim_start();
    if trimmed.starts_with('[') || trimmed.starts_with('{') {
        return read_json(trimmed);
    }
    if let Some(s) = read_csv(text) {
        return Some(s);
    }
    read_list(text)
}

/// Whether a JSON object is a sign-in: a creation time plus a status or correlation ID.
fn is_sign_in(o: &serde_json::Map<String, Value>) -> bool {
    let has = |k: &str| o.keys().any(|x| x.eq_ignore_ascii_case(k));
    has("createdDateTime") && (has("status") || has("errorCode") || has("correlationId"))
}

fn lookup<'a>(o: &'a serde_json::Map<String, Value>, key: &str) -> Option<&'a Value> {
    o.iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
        .map(|(_, v)| v)
}

fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn raw_of(o: &serde_json::Map<String, Value>) -> Raw {
    let mut raw = Raw::default();
    let status = lookup(o, "status").and_then(Value::as_object);
    for col in COLS {
        for key in col.keys() {
            let v = lookup(o, key)
                .or_else(|| status.and_then(|s| lookup(s, key)))
                .and_then(scalar);
            if let Some(v) = v {
                raw.set(col, &v);
            }
        }
    }
    raw
}

fn read_json(text: &str) -> Option<SignIns> {
    // A sign-in has a `createdDateTime`, and an empty Graph page names the sign-in list:
    // other JSON (a 2 MB policy, say) is not parsed here first only to be dropped.
    if !(crate::text::contains_ci(text, "createddatetime") || text.contains("auditLogs/signIns")) {
        return None;
    }
    let value: Value = match crate::text::json(text) {
        Ok(v) => v,
        Err(e) => {
            // Damaged: only an export's own field names make it one of ours.
            let mut head = text.len().min(64 * 1024);
            while !text.is_char_boundary(head) {
                head -= 1;
            }
            let lower = text.get(..head)?.to_ascii_lowercase();
            if !(lower.contains("\"createddatetime\"") && lower.contains("\"correlationid\"")) {
                return None;
            }
            let mut out = Out::new(if text.starts_with('{') {
                Format::GraphValue
            } else {
                Format::JsonArray
            });
            let (line, column) = e.line_col(text);
            out.s.diagnostics.push(Diagnostic::error(format!(
                "This looks like a sign-in log export, but its JSON breaks at line {line}, column {column}: {}",
                e.message
            )));
            return Some(out.finish());
        }
    };
    let (format, items) = match &value {
        Value::Array(a) => (Format::JsonArray, a.as_slice()),
        Value::Object(o) => match o.get("value") {
            Some(Value::Array(a)) => (Format::GraphValue, a.as_slice()),
            // PowerShell's ConvertTo-Json writes a lone sign-in as an object.
            _ if is_sign_in(o) => (Format::JsonArray, std::slice::from_ref(&value)),
            _ => return None,
        },
        _ => return None,
    };
    let signs = items
        .iter()
        .filter(|v| v.as_object().is_some_and(is_sign_in))
        .count();
    // An empty Graph page is still a sign-in response when it says so.
    let graph_empty = format == Format::GraphValue
        && items.is_empty()
        && value
            .get("@odata.context")
            .and_then(Value::as_str)
            .is_some_and(|c| c.contains("auditLogs/signIns"));
    if signs == 0 && !graph_empty {
        return None;
    }
    let mut out = Out::new(format);
    for (i, item) in items.iter().enumerate() {
        let at = i + 1;
        match item.as_object() {
            Some(o) if is_sign_in(o) => out.entry(&raw_of(o), at, &format!("Entry {at}")),
            _ => out.problem(format!("Entry {at} is not a sign-in; it was skipped.")),
        }
    }
    Some(out.finish())
}

/// Splits CSV text into records of fields, with the line each record starts on. An unclosed
/// quote is reported with its line.
fn csv_records(text: &str) -> (Vec<(usize, Vec<String>)>, Option<usize>) {
    let mut records = Vec::new();
    let mut fields: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut quote_line = 0;
    let mut line = 1;
    let mut start = 1;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                '\n' => {
                    line += 1;
                    field.push(c);
                }
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' => {
                quoted = true;
                quote_line = line;
            }
            ',' => fields.push(std::mem::take(&mut field)),
            '\r' => {}
            '\n' => {
                fields.push(std::mem::take(&mut field));
                let done = std::mem::take(&mut fields);
                if done.iter().any(|f| !f.is_empty()) {
                    records.push((start, done));
                }
                line += 1;
                start = line;
            }
            _ => field.push(c),
        }
    }
    if quoted {
        return (records, Some(quote_line));
    }
    fields.push(field);
    if fields.iter().any(|f| !f.is_empty()) {
        records.push((start, fields));
    }
    (records, None)
}

fn read_csv(text: &str) -> Option<SignIns> {
    let first = text.lines().next()?;
    let lower = first.to_ascii_lowercase();
    if !(lower.contains("request id") && lower.contains("correlation id")) {
        return None;
    }
    let (records, unclosed) = csv_records(text);
    let mut rows = records.into_iter();
    let (_, header) = rows.next()?;
    let index = |col: Col| {
        header.iter().position(|h| {
            col.csv()
                .iter()
                .any(|name| h.trim().eq_ignore_ascii_case(name))
        })
    };
    let mut cols: Vec<(Col, usize)> = Vec::new();
    for c in COLS {
        if let Some(i) = index(c) {
            cols.push((c, i));
        }
    }
    // An error page's "Request Id: ... Correlation Id: ..." line is no header: the columns must
    // be whole fields.
    let named = |c: Col| cols.iter().any(|(x, _)| *x == c);
    if !(named(Col::RequestId) && named(Col::Correlation) && cols.len() >= 3) {
        return None;
    }
    let mut out = Out::new(Format::Csv);
    if !cols
        .iter()
        .any(|(c, _)| matches!(c, Col::Code | Col::Status))
    {
        out.s.diagnostics.push(Diagnostic::error(
            "This looks like a sign-in log CSV, but it has no \"Status\" or \"Sign-in error code\" column.",
        ));
        return Some(out.finish());
    }
    for (line, fields) in rows {
        if fields.len() != header.len() {
            out.problem(format!(
                "Line {line} has {} columns where the header has {}; it was skipped.",
                fields.len(),
                header.len()
            ));
            continue;
        }
        let mut raw = Raw::default();
        for &(col, i) in &cols {
            if let Some(v) = fields.get(i) {
                raw.set(col, v);
            }
        }
        let where_ = match cols.iter().find(|(c, _)| *c == Col::Code) {
            Some(_) => format!("Line {line}, column \"Sign-in error code\""),
            None => format!("Line {line}"),
        };
        out.entry(&raw, line, &where_);
    }
    if let Some(l) = unclosed {
        out.problem(format!(
            "A quoted field opened on line {l} is never closed; the rest of the file was not read."
        ));
    }
    Some(out.finish())
}

/// One `Name : value` line of `Format-List` output (an empty value ends in ` :`).
fn pair(l: &str) -> Option<(&str, &str)> {
    let (k, v) = l
        .split_once(" : ")
        .or_else(|| l.trim_end().strip_suffix(" :").map(|k| (k, "")))?;
    let k = k.trim();
    (!k.is_empty() && !k.contains(' ')).then_some((k, v))
}

/// PowerShell `Format-List` output of the signin-logs recipe: `Name : value` lines.
fn read_list(text: &str) -> Option<SignIns> {
    // Every `Name : value` line holds " :": a text without it (most logs) is ruled out by one
    // fast search before each line is split.
    let looks = crate::text::find_in_pieces(text, " :").is_some()
        && text
            .lines()
            .any(|l| pair(l).is_some_and(|(k, _)| k.eq_ignore_ascii_case("CreatedDateTime")))
        && text.lines().any(|l| {
            pair(l).is_some_and(|(k, _)| {
                k.eq_ignore_ascii_case("ErrorCode") || k.eq_ignore_ascii_case("CorrelationId")
            })
        });
    if !looks {
        return None;
    }
    let mut out = Out::new(Format::PowerShellList);
    let mut raw = Raw::default();
    let mut start = 0;
    let mut entry = 0;
    // `Format-List` wraps a long value onto indented lines of its own.
    let mut last: Option<Col> = None;
    let flush = |raw: &mut Raw, out: &mut Out, entry: &mut usize, start: usize| {
        if !raw.values.is_empty() {
            *entry += 1;
            out.entry(raw, *entry, &format!("The sign-in at line {start}"));
            *raw = Raw::default();
        }
    };
    for (i, l) in text.lines().enumerate() {
        if l.trim().is_empty() {
            flush(&mut raw, &mut out, &mut entry, start);
            last = None;
            continue;
        }
        let Some((k, v)) = pair(l) else {
            if let (Some(col), true) = (last, l.starts_with(' ')) {
                raw.append(col, l);
            }
            continue;
        };
        if raw.values.is_empty() {
            start = i + 1;
        }
        last = COLS
            .into_iter()
            .find(|col| col.keys().iter().any(|x| x.eq_ignore_ascii_case(k)));
        if let Some(col) = last {
            raw.set(col, v);
        }
    }
    flush(&mut raw, &mut out, &mut entry, start);
    Some(out.finish())
}
