//! The case's sources as cards: name, what was found in each, sample or set aside, and a remove button.
use guestlens_analysis::case::SourceKind;
use yew::prelude::*;

use super::fixed;
use super::gauge::grouped;

/// One source as its card shows it.
#[derive(Clone, PartialEq)]
pub struct SourceItem {
    /// The workspace's id (what Remove takes); None for a tool tab's box.
    pub id: Option<u32>,
    pub name: String,
    pub kinds: Vec<SourceKind>,
    pub sample: bool,
    pub set_aside: bool,
    pub bytes: usize,
    /// Whether the analysis has read it (false while the analysis part is on its way).
    pub read: bool,
}

#[derive(Properties, PartialEq)]
pub struct SourceListProps {
    pub items: Vec<SourceItem>,
    pub on_remove: Callback<u32>,
}

#[component]
pub fn SourceList(props: &SourceListProps) -> Html {
    if props.items.is_empty() {
        return Html::default();
    }
    html! {
        <ul class="case-sources" aria-label="Sources of this case">
            { for props.items.iter().map(|s| {
                let mut found = String::new();
                for k in &s.kinds {
                    if !found.is_empty() {
                        found.push_str(", ");
                    }
                    found.push_str(k.label());
                }
                if found.is_empty() {
                    found.push_str("nothing recognised");
                }
                let remove = s.id.map(|id| {
                    let on_remove = props.on_remove.clone();
                    let label = format!("Remove {}", s.name);
                    html! {
                        <button type="button" class="quiet remove" aria-label={label}
                            onclick={Callback::from(move |_: MouseEvent| on_remove.emit(id))}>{ "Remove" }</button>
                    }
                });
                html! {
                    <li CLASS={if s.set_aside { "source set-aside" } else { "source" }}>
                        <span class="source-name">{ &s.name }</span>
                        // Constant markup written here, never input (see `widgets::fixed`).
                        if s.sample { { fixed(r##"<span class="badge mark">sample</span>"##) } }
                        if s.read {
                            <span class="source-kinds">{ found }</span>
                        } else {
                            // Constant markup written here, never input (see `widgets::fixed`).
                            { fixed(r##"<span class="source-reading muted">not read yet</span>"##) }
                        }
                        <span class="muted">{ format!("{} bytes", grouped(s.bytes)) }</span>
                        if s.set_aside {
                            // Constant markup written here, never input (see `widgets::fixed`).
                            { fixed(r##"<span class="muted">kept apart from your real data</span>"##) }
                        }
                        { remove.unwrap_or_default() }
                    </li>
                }
            }) }
        </ul>
    }
}
