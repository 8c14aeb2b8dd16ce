//! The pages an entry rests on, as plain "Source" links: one widget for guidance, claims and recipes.
use guestlens_analysis::entra::Source;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SourceLinksProps {
    pub sources: Vec<Source>,
    /// A heading above the list, when the list stands on its own.
    #[prop_or_default]
    pub heading: Option<AttrValue>,
}

#[component]
pub fn SourceLinks(props: &SourceLinksProps) -> Html {
    if props.sources.is_empty() {
        return Html::default();
    }
    html! {
        <div class="source-links">
            if let Some(h) = &props.heading { <h4>{ h }</h4> }
            <ul>
                // Only URLs from the compiled tables (https, checked by build.rs); never pasted text.
                { for props.sources.iter().map(|s| html! {
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
