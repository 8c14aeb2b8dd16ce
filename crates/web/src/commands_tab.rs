//! The Commands tool: the PowerShell, REST and Azure CLI each fix needs, filled in from the other tools.
use std::rc::Rc;

use yew::prelude::*;

use super::part;
use super::widgets::command_field::command_field;
use super::widgets::copy_button::copy_button;
use super::widgets::fixed;
use super::widgets::recipe_card::Dialect;
use guestlens_analysis::case::SavedTyped;
use guestlens_analysis::commands::form::{self, Form};
use guestlens_analysis::commands::{Field, Inputs, Recipe};
use guestlens_analysis::findings::Findings;

#[derive(Properties, PartialEq, Default)]
pub struct CommandsTabProps {
    pub findings: Findings,
    /// What a case opened from a file had typed here, and how many cases were opened: the form
    /// takes the values each time the count moves.
    #[prop_or_default]
    pub restored: Vec<SavedTyped>,
    #[prop_or_default]
    pub opened: u32,
    /// Told what is typed by hand whenever it changes, so a saved case keeps it.
    #[prop_or_default]
    pub on_typed: Callback<Inputs>,
}

/// The tab's state: the form (whose rules live in the analysis crate) and the dialect shown.
#[derive(Clone, PartialEq)]
struct State {
    form: Form,
    dialect: Dialect,
}

enum Action {
    Form(form::Action),
    Dialect(Dialect),
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Form(a) => next.form = next.form.reduce(a),
            Action::Dialect(d) => next.dialect = d,
        }
        Rc::new(next)
    }
}

/// What the page shows for the current form (nothing until the analysis part has arrived).
#[derive(Default)]
struct Derived {
    recipes: Vec<Recipe>,
    script: String,
    /// Why a field's value can't be used, in `Field::ALL` order.
    errors: [Option<AttrValue>; Field::ALL.len()],
}

fn derive(form: &Form) -> Derived {
    let Some(ready) = part::need() else {
        return Derived::default();
    };
    let (recipes, script, problems) = part::gated::recipes(ready, form);
    // The invitation recipes add rules of their own, which their cards show.
    let mut errors: [Option<AttrValue>; Field::ALL.len()] = Default::default();
    for p in problems {
        if let Some(i) = Field::ALL.iter().position(|f| f.key() == p.field)
            && let Some(slot) = errors.get_mut(i)
        {
            *slot = Some(p.message.into());
        }
    }
    Derived {
        recipes,
        script,
        errors,
    }
}

#[component]
pub fn CommandsTab(props: &CommandsTabProps) -> Html {
    let state = use_reducer_eq(|| State {
        form: Form::new(&props.findings),
        dialect: Dialect::PowerShell,
    });
    {
        // New findings replace what was found; what was typed by hand stays.
        let state = state.clone();
        use_effect_with(props.findings.clone(), move |f| {
            state.dispatch(Action::Form(form::Action::Findings(Box::new(f.clone()))))
        });
    }
    {
        // Taken each time a case is opened (the count moves), even a file opened twice.
        let (state, restored) = (state.clone(), props.restored.clone());
        use_effect_with(props.opened, move |opened| {
            if *opened > 0 {
                let typed = Inputs::from_saved(&restored);
                state.dispatch(Action::Form(form::Action::Restore(Box::new(typed))));
            }
        });
    }
    {
        let on_typed = props.on_typed.clone();
        use_effect_with(state.form.typed.clone(), move |typed| {
            on_typed.emit(typed.clone())
        });
    }
    let part_state = use_context::<part::State>();
    let derived = use_memo((state.form.clone(), part_state), |(f, _)| derive(f));
    let form = &state.form;
    let suggested = &form.suggested;
    let chosen = form.chosen();

    let fields = Field::ALL.iter().enumerate().map(|(i, &field)| {
        let on_input = {
            let state = state.clone();
            Callback::from(move |v: String| {
                state.dispatch(Action::Form(form::Action::Edit(field, v)))
            })
        };
        let use_found = {
            let state = state.clone();
            Callback::from(move |()| state.dispatch(Action::Form(form::Action::UseFound(field))))
        };
        let error = derived.errors.get(i).cloned().flatten();
        command_field(
            field,
            form.value(field).to_owned(),
            error,
            form.provenance(field),
            on_input,
            use_found,
        )
    });
    let picker = form.order().into_iter().map(|id| {
        let onchange = {
            let state = state.clone();
            Callback::from(move |_: Event| state.dispatch(Action::Form(form::Action::Toggle(id))))
        };
        html! {
            <li><label>
                <input type="checkbox" id={format!("pick-{}", id.id())} checked={chosen.contains(&id)} {onchange} />
                <span>{ id.title() }{ " " }<code>{ id.id() }</code>
                // Constant markup written here, never input (see `widgets::fixed`).
                if suggested.contains(&id) { { " " }{ fixed(r##"<span class="badge">suggested</span>"##) } }</span>
            </label></li>
        }
    });
    let dialects = Dialect::ALL.into_iter().map(|d| {
        let state = state.clone();
        let checked = state.dialect == d;
        let onchange = Callback::from(move |_: Event| state.dispatch(Action::Dialect(d)));
        html! {
            <label><input type="radio" name="cmd-dialect" {checked} {onchange} />{ d.label() }</label>
        }
    });

    html! {
        <>
            // Constant markup written here, never input (see `widgets::fixed`).
            { fixed(r#"<h2 class="tool-title">Commands</h2>"#) }
            if props.findings == Findings::default() {
                // Constant markup written here, never input (see `widgets::fixed`).
                { fixed(r#"<p class="notice">The fields fill in from the case: paste an error page, a token or a log in the Case view. Or type the values here: every recipe below works from what you type.</p>"#) }
            } else {
                // Constant markup written here, never input (see `widgets::fixed`).
                { fixed(r#"<p class="found">Filled in from the case. Each field says where its value came from; edit any value and the commands follow. What you type stays until you choose "Use found value".</p>"#) }
            }
            // Constant markup written here, never input (see `widgets::fixed`).
            { fixed(r#"<p class="hint">Every value is checked and quoted for its dialect, so nothing typed can break out of its string. Nothing leaves this page.</p>"#) }
            <div class="cmd-fields">{ for fields }</div>
            <fieldset class="cmd-picker">
                // Constant markup written here, never input (see `widgets::fixed`).
                { fixed("<legend>Recipes</legend>") }
                <ul>{ for picker }</ul>
            </fieldset>
            <div class="cmd-bar">
                <fieldset class="cmd-dialects">
                    // Constant markup written here, never input (see `widgets::fixed`).
                    { fixed("<legend>Show commands as</legend>") }
                    { for dialects }
                </fieldset>
                if !derived.recipes.is_empty() {
                    <div class="cmd-all">
                        // Constant markup written here, never input (see `widgets::fixed`).
                        { fixed("<span>The whole diagnosis as one PowerShell script (changing steps commented out)</span>") }
                        { copy_button(derived.script.clone().into(), AttrValue::Static("Copy the whole diagnosis as one PowerShell script")) }
                    </div>
                }
            </div>
            if let Some(ready) = part::ready() {
                if derived.recipes.is_empty() {
                    // Constant markup written here, never input (see `widgets::fixed`).
                    { fixed(r#"<p class="hint">Tick a recipe above to see its commands.</p>"#) }
                }
                { part::gated::recipe_cards(ready, &derived.recipes, suggested, state.dialect) }
            } else {
                { part::waiting() }
            }
        </>
    }
}
