//! The shell: four tools behind tabs with #anchors; pasted text lives here so tools can feed each other.
use std::rc::Rc;

use yew::prelude::*;

use super::{Shared, browser};
use super::{
    commands_tab::CommandsTab, error_tab::ErrorTab, policy_tab::PolicyTab, token_tab::TokenTab,
};
use guestlens_analysis::findings::Origin;
use guestlens_analysis::{errors, findings, token};

/// The four tools, in tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Token,
    Error,
    Policy,
    Commands,
}

impl Tab {
    pub const ALL: [Tab; 4] = [Tab::Token, Tab::Error, Tab::Policy, Tab::Commands];

    pub fn id(self) -> &'static str {
        match self {
            Tab::Token => "token",
            Tab::Error => "error",
            Tab::Policy => "policy",
            Tab::Commands => "commands",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Tab::Token => "Token",
            Tab::Error => "Error",
            Tab::Policy => "Policy",
            Tab::Commands => "Commands",
        }
    }

    fn from_hash(hash: &str) -> Tab {
        Tab::ALL
            .into_iter()
            .find(|t| t.id() == hash)
            .unwrap_or(Tab::Token)
    }

    fn step(self, by: isize) -> Tab {
        let i = Tab::ALL.iter().position(|t| *t == self).unwrap_or(0) as isize;
        Tab::ALL[(i + by).rem_euclid(4) as usize]
    }
}

#[component]
pub fn App() -> Html {
    let tab = use_state(|| Tab::from_hash(&browser::hash()));
    let token_text = use_state(String::new);
    let error_text = use_state(String::new);
    let policy_text = use_state(String::new);

    {
        let tab = tab.clone();
        use_effect_with((), move |_| {
            browser::mark_first_render();
            let listener =
                browser::on_hash_change(move || tab.set(Tab::from_hash(&browser::hash())));
            move || drop(listener)
        });
    }

    // A paste into the Error box that also holds a token feeds the Token tool, and the reverse.
    // Each analysis is keyed on the one text it reads, so typing in one box never re-runs the
    // other box's analysis; the cross-feed below only chooses between results.
    let token_of_token = use_memo((*token_text).clone(), |t| {
        token::find_and_analyze(t, browser::now())
    });
    let token_of_error = use_memo((*error_text).clone(), |e| {
        token::find_and_analyze(e, browser::now())
    });
    let errors_of_error = use_memo((*error_text).clone(), |e| errors::analyze(e));
    let errors_of_token = use_memo((*token_text).clone(), |t| errors::analyze(t));
    let token_found = match findings::origin(
        token_of_token.report.is_some(),
        token_of_error.report.is_some(),
    ) {
        Origin::OwnBox => token_of_token,
        Origin::OtherBox => token_of_error,
    };
    let error_origin = findings::origin(
        !errors_of_error.failures.is_empty(),
        !errors_of_token.failures.is_empty(),
    );
    let error_report = match error_origin {
        Origin::OwnBox => errors_of_error,
        Origin::OtherBox => errors_of_token,
    };
    let found_findings = use_memo(
        (Shared(token_found.clone()), Shared(error_report.clone())),
        |(t, e)| findings::collect(t.report.as_ref(), &e.failures),
    );

    let select = {
        let tab = tab.clone();
        Callback::from(move |t: Tab| {
            browser::set_hash(t.id());
            tab.set(t);
        })
    };
    let onkeydown = {
        let tab = tab.clone();
        let select = select.clone();
        Callback::from(move |e: KeyboardEvent| {
            let next = match e.key().as_str() {
                "ArrowRight" => tab.step(1),
                "ArrowLeft" => tab.step(-1),
                "Home" => Tab::Token,
                "End" => Tab::Commands,
                _ => return,
            };
            e.prevent_default();
            select.emit(next);
            browser::focus(&format!("tab-{}", next.id()));
        })
    };
    let set = |s: &UseStateHandle<String>| {
        let s = s.clone();
        Callback::from(move |v: String| s.set(v))
    };

    // Every panel stays mounted (hidden when inactive) so each tool keeps what was typed in it.
    let panel = |t: Tab, body: Html| {
        html! {
            <section class="panel" id={format!("panel-{}", t.id())} role="tabpanel"
                aria-labelledby={format!("tab-{}", t.id())} hidden={*tab != t}>
                { body }
            </section>
        }
    };

    html! {
        <>
            <div class="tabs" role="tablist" aria-label="Tools" {onkeydown}>
                { for Tab::ALL.into_iter().map(|t| {
                    let selected = *tab == t;
                    let onclick = {
                        let select = select.clone();
                        Callback::from(move |e: MouseEvent| {
                            e.prevent_default();
                            select.emit(t);
                        })
                    };
                    html! {
                        <a class="tab" role="tab" id={format!("tab-{}", t.id())} href={format!("#{}", t.id())}
                           aria-selected={selected.to_string()} aria-controls={format!("panel-{}", t.id())}
                           tabindex={if selected { "0" } else { "-1" }}
                           {onclick}>
                            { t.label() }
                        </a>
                    }
                }) }
            </div>
            <div id="panel">
                { panel(Tab::Token, html! {
                    <TokenTab text={(*token_text).clone()} on_input={set(&token_text)} found={Shared(Rc::clone(&token_found))} />
                }) }
                { panel(Tab::Error, html! {
                    <ErrorTab text={(*error_text).clone()} on_input={set(&error_text)} report={Shared(Rc::clone(&error_report))} origin={error_origin} />
                }) }
                { panel(Tab::Policy, html! { <PolicyTab text={(*policy_text).clone()} on_input={set(&policy_text)} /> }) }
                { panel(Tab::Commands, html! { <CommandsTab findings={(*found_findings).clone()} /> }) }
            </div>
        </>
    }
}
