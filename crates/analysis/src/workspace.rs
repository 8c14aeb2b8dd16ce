//! The case workspace's state: the sources a user gave and the choices they made, with every change as an action.
//!
//! The page keeps one `Workspace` in a reducer; each transition is here, pure, so it is tested
//! natively. Texts are shared (`Rc<str>`): a 10 MB paste is stored once, never copied per render.
use std::rc::Rc;

use crate::case::{CaseFile, Choices, FactField, SourceInput};
use crate::trace::Trace;

/// One source as the workspace holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub id: u32,
    pub name: String,
    pub text: Rc<str>,
    pub sample: bool,
    /// A HAR read chunk by chunk from a file: its trace, and no text (`text` is empty).
    pub trace: Option<Rc<Trace>>,
    /// The size of what the user gave: the text, or the file the trace was read from.
    pub bytes: usize,
}

/// Everything the user gave and chose.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Workspace {
    pub sources: Vec<Source>,
    pub choices: Choices,
    /// What the last case opened had typed into the Commands view, and how many cases were
    /// opened: the view takes the values when the count moves. (Typing itself is the view's.)
    pub restored: Vec<crate::case::SavedTyped>,
    pub opened: u32,
    next_id: u32,
    pastes: u32,
}

/// A change the user makes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// A paste (no name: it is numbered "Paste N") or a file (its name).
    Add {
        name: Option<String>,
        text: Rc<str>,
        sample: bool,
    },
    /// A HAR file read chunk by chunk (its text never held): the trace and the file's size.
    AddTrace {
        name: String,
        trace: Rc<Trace>,
        bytes: usize,
    },
    Remove(u32),
    /// The user settles a conflict.
    Pick(FactField, String),
    /// The user takes a pick back.
    Unpick(FactField),
    IncludeSamples(bool),
    /// A saved case replaces everything.
    Load(CaseFile),
    Clear,
}

/// `text` as a saved case, when it is one (it starts with the case file's marker).
fn saved_case(text: &str) -> Option<CaseFile> {
    let head: String = text.trim_start().chars().take(64).collect();
    if !head.starts_with('{') || !head.contains("\"guestlens_case\"") {
        return None;
    }
    CaseFile::parse(text).ok()
}

impl Workspace {
    /// The state after `action`.
    pub fn apply(&self, action: Action) -> Workspace {
        let mut w = self.clone();
        match action {
            Action::Add { name, text, sample } => {
                if text.trim().is_empty() {
                    return w;
                }
                // A saved case pasted or dropped in is opened, not read as material: the tokens
                // inside it would otherwise be read with none of its choices.
                if let Some(file) = saved_case(&text) {
                    if !w.has_real_sources() {
                        return w.apply(Action::Load(file));
                    }
                    // Added to a case under way: its sources join, its picks where none is made.
                    let choices = file.choices();
                    w = w.with_sources(file.sources);
                    for (field, value) in choices.picked {
                        if !w.choices.picked.iter().any(|(f, _)| *f == field) {
                            w.choices.picked.push((field, value));
                        }
                    }
                    return w;
                }
                // The same text twice is one source: a double paste must not make a conflict.
                if w.sources.iter().any(|s| s.text == text) {
                    return w;
                }
                let name = match name {
                    Some(n) => n,
                    // Numbered past any name a loaded case already uses.
                    None => loop {
                        w.pastes += 1;
                        let n = format!("Paste {}", w.pastes);
                        if !w.sources.iter().any(|s| s.name == n) {
                            break n;
                        }
                    },
                };
                w.next_id += 1;
                w.sources.push(Source {
                    id: w.next_id,
                    name,
                    bytes: text.len(),
                    text,
                    sample,
                    trace: None,
                });
            }
            Action::AddTrace { name, trace, bytes } => {
                // The same file opened twice is one source.
                if w.sources.iter().any(|s| {
                    s.name == name
                        && s.bytes == bytes
                        && s.trace.as_ref().is_some_and(|t| **t == *trace)
                }) {
                    return w;
                }
                w.next_id += 1;
                w.sources.push(Source {
                    id: w.next_id,
                    name,
                    text: Rc::from(""),
                    sample: false,
                    trace: Some(trace),
                    bytes,
                });
            }
            Action::Remove(id) => {
                w.sources.retain(|s| s.id != id);
                if w.sources.is_empty() {
                    w.choices = Choices::default();
                }
            }
            Action::Pick(field, value) => {
                w.choices.picked.retain(|(f, _)| *f != field);
                w.choices.picked.push((field, value));
            }
            Action::Unpick(field) => w.choices.picked.retain(|(f, _)| *f != field),
            Action::IncludeSamples(on) => w.choices.include_samples = on,
            Action::Load(file) => {
                let choices = file.choices();
                let restored = file.typed.clone();
                w = Workspace::default().with_sources(file.sources);
                w.choices = choices;
                w.restored = restored;
                w.opened = self.opened + 1;
            }
            Action::Clear => w = Workspace::default(),
        }
        w
    }

    /// The state with a saved case's sources added, each as its own source.
    fn with_sources(self, sources: Vec<crate::case::SavedSource>) -> Workspace {
        let mut w = self;
        for s in sources {
            w = w.apply(Action::Add {
                name: Some(s.name),
                text: Rc::from(s.text),
                sample: s.sample,
            });
        }
        w
    }

    /// The sources as the analysis takes them. Ids in the report are positions from 1, in
    /// this order.
    pub fn inputs(&self) -> Vec<SourceInput<'_>> {
        self.sources
            .iter()
            .map(|s| SourceInput {
                name: &s.name,
                text: &s.text,
                sample: s.sample,
                trace: s.trace.as_deref(),
            })
            .collect()
    }

    /// The case as a file to save.
    pub fn to_file(&self) -> CaseFile {
        CaseFile::new(&self.inputs(), &self.choices)
    }

    pub fn has_real_sources(&self) -> bool {
        self.sources.iter().any(|s| !s.sample)
    }
}
