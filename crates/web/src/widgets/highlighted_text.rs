//! A passage of the pasted text with the values the analyzer read from it marked.
use yew::prelude::*;

use guestlens_analysis::errors::{Field, Highlight};

/// Longest passage shown, in bytes: a message is at most a few hundred.
const MAX_PASSAGE: usize = 4096;

/// One marked value, in bytes relative to the passage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    pub start: usize,
    pub end: usize,
    /// What the value is, in words: "user", "identity provider".
    pub label: &'static str,
}

/// The failure's first message as pasted (with its code just before it, when the code is on
/// the same line), and the values inside it. None when the core gave no message span.
pub fn passage(original: &str, highlights: &[Highlight]) -> Option<(String, Vec<Mark>)> {
    let message = highlights.iter().find(|h| h.kind == Field::Message)?;
    // A code that ends right before the message ("AADSTS50020: …") reads as part of it.
    let start = highlights
        .iter()
        .find(|h| h.kind == Field::Code && h.end <= message.start && message.start - h.end <= 3)
        .map_or(message.start, |h| h.start);
    let mut end = message
        .end
        .min(start.saturating_add(MAX_PASSAGE))
        .min(original.len());
    while end > start && !original.is_char_boundary(end) {
        end -= 1;
    }
    let text = original.get(start..end)?;
    let mut marks: Vec<Mark> = Vec::new();
    for h in highlights {
        // Only the values read out of the message are marked; the message, IDs and times are not.
        if !h.kind.is_message_value() {
            continue;
        }
        let label = h.kind.label();
        // Marks may not overlap; the core sorts them by start, so the first one wins.
        let after_last = marks.last().is_none_or(|m| h.start >= start + m.end);
        if h.start >= start && h.end <= end && h.start < h.end && after_last {
            marks.push(Mark {
                start: h.start - start,
                end: h.end - start,
                label,
            });
        }
    }
    Some((text.to_owned(), marks))
}

/// `text` with its `marks`. A plain function, not a component: no lifecycle code of its own.
pub fn highlighted_text(text: &str, marks: &[Mark]) -> Html {
    let mut pieces: Vec<Html> = Vec::with_capacity(marks.len() * 2 + 1);
    let mut at = 0;
    for m in marks {
        // `get` refuses spans that are out of order, out of range or inside a character.
        let (Some(before), Some(value)) = (text.get(at..m.start), text.get(m.start..m.end)) else {
            continue;
        };
        pieces.push(html! { { before } });
        pieces.push(html! { <mark title={m.label}>{ value }</mark> });
        at = m.end;
    }
    pieces.push(html! { { text.get(at..).unwrap_or_default() } });
    // Scrolls past 20rem: focusable so the keyboard can scroll it too.
    html! { <blockquote class="passage" tabindex="0" aria-label="Message as pasted">{ for pieces }</blockquote> }
}
