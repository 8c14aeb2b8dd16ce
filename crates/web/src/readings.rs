//! The case's texts as read once (`read_text`): a paste is read in tasks of its own before it joins the case, and no later change to the case reads a text again.
use std::cell::RefCell;
use std::rc::{Rc, Weak};

use guestlens_analysis::Reading;

use crate::{browser, part};

/// A text, by its allocation, with its reading (`None` for a HAR: read each time).
type Kept = (Weak<str>, Option<Rc<Reading>>);

thread_local! {
    /// A text let go drops its entry.
    static KEPT: RefCell<Vec<Kept>> = const { RefCell::new(Vec::new()) };
}

/// The reading of `text`, read now unless it was kept.
pub fn of(text: &Rc<str>) -> Option<Rc<Reading>> {
    if let Some(r) = kept(text) {
        return r;
    }
    // Read with the analysis part; before it has arrived, nothing is read or kept.
    let ready = part::need()?;
    let r = part::gated::read_text(ready, text).map(Rc::new);
    keep(text, r.clone());
    r
}

/// Reads `text` one pass at a time, a task each, and keeps the reading; returns in a task of
/// its own, so what the caller does next (joining the case and rendering it) is one too.
pub async fn read(text: &Rc<str>) {
    if kept(text).is_none()
        && let Some(ready) = part::wait().await
    {
        let reading = match part::gated::reader(ready, text) {
            None => None,
            Some(mut reader) => loop {
                browser::next_tick().await;
                if let Some(done) = part::gated::reader_step(ready, &mut reader, text) {
                    break Some(Rc::new(done));
                }
            },
        };
        keep(text, reading);
    }
    browser::next_tick().await;
}

/// The kept reading of `text`, if there is one.
fn kept(text: &Rc<str>) -> Option<Option<Rc<Reading>>> {
    KEPT.with(|kept| {
        let mut kept = kept.borrow_mut();
        // Dead entries go first, so a new text at a freed address never finds an old reading.
        kept.retain(|(t, _)| t.strong_count() > 0);
        kept.iter()
            .find(|(t, _)| Weak::ptr_eq(t, &Rc::downgrade(text)))
            .map(|(_, r)| r.clone())
    })
}

fn keep(text: &Rc<str>, reading: Option<Rc<Reading>>) {
    KEPT.with(|kept| kept.borrow_mut().push((Rc::downgrade(text), reading)));
}
