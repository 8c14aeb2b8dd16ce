//! Build script: turns the data tables under data/ into static Rust arrays, and refuses bad ones.
//!
//! `data/claims.toml`, `data/apps.toml`, `data/roles.toml` and `data/guidance.toml` are checked by `build/tables.rs`
//! (shared with its tests) and become `$OUT_DIR/{claims,apps,roles,guidance}.rs`; any mistake stops the
//! build with `FILE:LINE: …`. `data/aadsts-codes.tsv` (the official reference) and `data/aadsts-codes-supplement.tsv`
//! (codes and names from elsewhere) become `$OUT_DIR/aadsts_codes.rs`: the sorted codes, their
//! flags and their names as three parallel tables, which `src/errors/catalog.rs` includes and
//! searches by binary search.
use std::{collections::BTreeMap, env, fmt::Write as _, fs, path::Path};

#[path = "build/tables.rs"]
mod tables;

const OFFICIAL: &str = "data/aadsts-codes.tsv";
const SUPPLEMENT: &str = "data/aadsts-codes-supplement.tsv";

/// One row of the merged table, as the catalogue sees it.
#[derive(Default)]
struct Row {
    name: Option<String>,
    in_reference: bool,
    name_unofficial: bool,
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed={OFFICIAL}");
    println!("cargo:rerun-if-changed={SUPPLEMENT}");

    let mut rows: BTreeMap<u32, Row> = BTreeMap::new();
    for (code, name) in read_tsv(OFFICIAL) {
        let row = rows.entry(code).or_default();
        row.in_reference = true;
        if row.name.is_none() {
            row.name = name;
        }
    }
    // The supplement only fills gaps: an official name always wins.
    for (code, name) in read_tsv(SUPPLEMENT) {
        let row = rows.entry(code).or_default();
        if row.name.is_none() && name.is_some() {
            row.name = name;
            row.name_unofficial = true;
        }
    }

    // Codes and flags as plain numbers and the names as one text, a line per code (empty when
    // it has none): a table of string references would cost the page 8 bytes of pointer and
    // length per code, which compress poorly.
    let mut codes = String::new();
    let mut flags = String::new();
    let mut names = String::new();
    for (code, row) in &rows {
        let _ = write!(codes, "{code},");
        let _ = write!(
            flags,
            "{},",
            u8::from(row.in_reference) | (u8::from(row.name_unofficial) << 1)
        );
        if let Some(name) = &row.name {
            if name.contains(['\n', '"', '\\']) {
                fail(&format!(
                    "{code}: a name may not hold a line break, quote or backslash"
                ));
            }
            names.push_str(name);
        }
        names.push('\n');
    }
    let n = rows.len();
    let out = format!(
        "/// Every code, ascending.\nstatic CODES: [u32; {n}] = [{codes}];\n\
         /// Bit 0: in Microsoft's reference; bit 1: the name is unofficial.\nstatic FLAGS: [u8; {n}] = [{flags}];\n\
         /// The names, a line per code in the same order (empty when it has none).\nstatic NAMES: &str = \"{names}\";\n"
    );

    write_out("aadsts_codes.rs", &out);
    data_tables();
}

const CLAIMS: &str = "data/claims.toml";
const APPS: &str = "data/apps.toml";
const ROLES: &str = "data/roles.toml";
const GUIDANCE: &str = "data/guidance.toml";
/// The `RecipeId` enum is the one list of recipe ids the guidance may name.
const ENTRA: &str = "src/entra.rs";

fn data_tables() {
    for f in ["build/tables.rs", CLAIMS, APPS, ROLES, GUIDANCE, ENTRA] {
        println!("cargo:rerun-if-changed={f}");
    }
    let read = |path: &str| {
        fs::read_to_string(path).unwrap_or_else(|e| fail(&format!("cannot read {path}: {e}")))
    };
    let recipes = tables::recipe_ids(&read(ENTRA));
    if recipes.is_empty() {
        fail(&format!("found no RecipeId variants in {ENTRA}"));
    }
    let mut errors = Vec::new();
    let mut emit = |name: &str, r: Result<String, tables::Errors>| match r {
        Ok(code) => write_out(name, &code),
        Err(e) => errors.extend(e),
    };
    emit("claims.rs", tables::claims(CLAIMS, &read(CLAIMS)));
    emit("apps.rs", tables::apps(APPS, &read(APPS)));
    emit("roles.rs", tables::roles(ROLES, &read(ROLES)));
    match tables::guidance(GUIDANCE, &read(GUIDANCE), &recipes) {
        Ok(g) => emit("guidance.rs", Ok(g.code)),
        Err(e) => errors.extend(e),
    }
    if !errors.is_empty() {
        for e in &errors {
            eprintln!("{e}");
        }
        fail(&format!("{} problem(s) in the data tables", errors.len()));
    }
}

fn write_out(name: &str, code: &str) {
    let dir = env::var("OUT_DIR").unwrap_or_else(|_| fail("OUT_DIR is not set"));
    let path = Path::new(&dir).join(name);
    if let Err(e) = fs::write(&path, code) {
        fail(&format!("cannot write {}: {e}", path.display()));
    }
}

/// `code<TAB>name[<TAB>…]` rows after a header; an empty name becomes None.
fn read_tsv(path: &str) -> Vec<(u32, Option<String>)> {
    let text =
        fs::read_to_string(path).unwrap_or_else(|e| fail(&format!("cannot read {path}: {e}")));
    let mut rows = Vec::new();
    for (i, line) in text.lines().enumerate().skip(1) {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        let mut cols = line.split('\t');
        let code = cols.next().unwrap_or("").trim();
        let code: u32 = code
            .parse()
            .unwrap_or_else(|_| fail(&format!("{path}:{}: code {code:?} is not a number", i + 1)));
        let name = cols.next().unwrap_or("").trim();
        if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            fail(&format!("{path}:{}: odd symbolic name {name:?}", i + 1));
        }
        rows.push((code, (!name.is_empty()).then(|| name.to_owned())));
    }
    rows
}

/// A broken data file must stop the build with a clear message.
fn fail(msg: &str) -> ! {
    eprintln!("build.rs: {msg}");
    std::process::exit(1)
}
