//! The pages an entry rests on, as plain "Source" links: one widget for guidance, claims and recipes.
use guestlens_analysis::entra::Source;
use yew::prelude::*;

/// `heading` goes above the list when the list stands on its own. A plain function, not a
/// component: one copy of the markup and no lifecycle code of its own.
#[inline(never)]
pub fn source_links(sources: &[Source], heading: Option<&'static str>) -> Html {
    if sources.is_empty() {
        return Html::default();
    }
    html! {
        <div class="source-links">
            if let Some(h) = heading { <h4>{ h }</h4> }
            <ul>
                // Only URLs from the compiled tables (https, checked by build.rs); never pasted text.
                { for sources.iter().map(|s| html! {
                    <li>
                        if s.url.starts_with("https://") {
                            <a href={AttrValue::Static(s.url)} target="_blank" rel="noopener noreferrer">{ "Source: " }{ s.title }</a>
                        } else {
                            { "Source: " }{ s.title }
                        }
                        <span class="muted">{ " (checked " }{ s.checked }{ ")" }</span>
                    </li>
                }) }
            </ul>
        </div>
    }
}
