//! The Commands tool: the PowerShell, REST and Azure CLI each fix needs, filled in from the other tools.
use yew::prelude::*;

use super::widgets::command_field::{FieldSpec, command_field};
use super::widgets::copy_button::CopyButton;
use super::widgets::recipe_card::{Dialect, recipe_card};
use guestlens_analysis::commands::{self, Inputs, RECIPE_IDS, Recipe};
use guestlens_analysis::findings::Findings;

#[derive(Properties, PartialEq)]
pub struct CommandsTabProps {
    pub findings: Findings,
}

/// The inputs in form order.
const FIELDS: [FieldSpec; 9] = [
    FieldSpec {
        key: "email",
        label: "Email address",
        hint: "The address the guest was invited with.",
        mode: "email",
    },
    FieldSpec {
        key: "upn",
        label: "User principal name",
        hint: "The guest's UPN, e.g. ann_partner.example#EXT#@contoso.onmicrosoft.com.",
        mode: "email",
    },
    FieldSpec {
        key: "object_id",
        label: "Object ID",
        hint: "The guest's (or conflicting object's) ID in the resource tenant: a GUID.",
        mode: "text",
    },
    FieldSpec {
        key: "tenant",
        label: "Resource tenant",
        hint: "ID or domain of the tenant the guest signs in to.",
        mode: "text",
    },
    FieldSpec {
        key: "home_tenant",
        label: "Home tenant",
        hint: "ID or domain of the guest's own tenant.",
        mode: "text",
    },
    FieldSpec {
        key: "app_id",
        label: "App ID",
        hint: "The application (client) ID: a GUID.",
        mode: "text",
    },
    FieldSpec {
        key: "correlation_id",
        label: "Correlation ID",
        hint: "From the error page: a GUID.",
        mode: "text",
    },
    FieldSpec {
        key: "code",
        label: "Error code",
        hint: "Like 50020 or AADSTS50020.",
        mode: "text",
    },
    FieldSpec {
        key: "days",
        label: "Days",
        hint: "For list-guests: no sign-in for this many days (90 when empty).",
        mode: "numeric",
    },
];

/// The `Inputs` fields in `FIELDS` order.
fn slots(i: &mut Inputs) -> [&mut Option<String>; 9] {
    [
        &mut i.email,
        &mut i.upn,
        &mut i.object_id,
        &mut i.tenant,
        &mut i.home_tenant,
        &mut i.app_id,
        &mut i.correlation_id,
        &mut i.code,
        &mut i.days,
    ]
}

/// What the user may change; `picked` is None while the picker follows the findings.
#[derive(Clone, PartialEq)]
struct Edits {
    inputs: Inputs,
    picked: Option<Vec<&'static str>>,
    dialect: Dialect,
}

impl Edits {
    fn from(f: &Findings, dialect: Dialect) -> Self {
        Edits {
            inputs: Inputs::from_findings(f),
            picked: None,
            dialect,
        }
    }
}

/// Every recipe rendered with no inputs (for titles and sides), and the ids the findings call
/// for, in `recipes_for` order.
fn catalogue(f: &Findings) -> (Vec<Recipe>, Vec<&'static str>) {
    let all = commands::recipes_for(&Findings {
        recipes: RECIPE_IDS.iter().map(|s| (*s).to_owned()).collect(),
        ..Findings::default()
    });
    let suggested = commands::recipes_for(f)
        .iter()
        .filter_map(|r| RECIPE_IDS.iter().copied().find(|id| *id == r.id))
        .collect();
    (all, suggested)
}

/// What the page shows for the current inputs.
struct Derived {
    recipes: Vec<Recipe>,
    script: String,
    /// Why a field's value can't be used, in `FIELDS` order.
    errors: [Option<AttrValue>; 9],
}

fn derive(inputs: &Inputs, ids: &[&'static str], all: &[Recipe]) -> Derived {
    let recipes: Vec<Recipe> = ids
        .iter()
        .map(|id| {
            commands::render(id, inputs).unwrap_or_else(|problems| {
                let base = all.iter().find(|r| r.id == *id);
                Recipe {
                    id: (*id).to_owned(),
                    title: base.map(|r| r.title.clone()).unwrap_or_default(),
                    tenant: base.map(|r| r.tenant).unwrap_or_default(),
                    problems,
                    ..Recipe::default()
                }
            })
        })
        .collect();
    let script = commands::combined_script(&recipes);
    // The invitation recipes add rules of their own, which their cards show.
    let mut errors: [Option<AttrValue>; 9] = Default::default();
    for p in commands::check(inputs) {
        if let Some(i) = FIELDS.iter().position(|f| f.key == p.field) {
            errors[i] = Some(p.message.into());
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
    let edits = use_state_eq(|| Edits::from(&props.findings, Dialect::PowerShell));
    {
        // New findings replace what was typed: they describe another sign-in.
        let edits = edits.clone();
        use_effect_with(props.findings.clone(), move |f| {
            edits.set(Edits::from(f, edits.dialect))
        });
    }
    let cat = use_memo(props.findings.clone(), catalogue);
    let (all, suggested) = (&cat.0, &cat.1);
    // Suggested first, in the findings' order; then the rest in the catalogue's.
    let order: Vec<&'static str> = suggested
        .iter()
        .copied()
        .chain(
            RECIPE_IDS
                .iter()
                .copied()
                .filter(|id| !suggested.contains(id)),
        )
        .collect();
    let picked: Vec<&'static str> = match &edits.picked {
        Some(p) => p.clone(),
        None if suggested.is_empty() => vec!["find-address"],
        None => suggested.clone(),
    };
    let shown_ids: Vec<&'static str> = order
        .iter()
        .copied()
        .filter(|id| picked.contains(id))
        .collect();
    let derived = use_memo((edits.inputs.clone(), shown_ids), |(inputs, ids)| {
        derive(inputs, ids, all)
    });

    let fields = FIELDS.iter().enumerate().map(|(i, spec)| {
        let mut current = edits.inputs.clone();
        let value = slots(&mut current)[i].take().unwrap_or_default();
        let edits = edits.clone();
        let on_input = Callback::from(move |v: String| {
            let mut next = (*edits).clone();
            *slots(&mut next.inputs)[i] = Some(v);
            edits.set(next);
        });
        command_field(spec, value, derived.errors[i].clone(), on_input)
    });
    let picker = order.iter().map(|&id| {
        let title = all.iter().find(|r| r.id == id).map(|r| r.title.clone()).unwrap_or_default();
        let onchange = {
            let edits = edits.clone();
            let picked = picked.clone();
            Callback::from(move |_: Event| {
                let mut next = (*edits).clone();
                let mut p = picked.clone();
                match p.iter().position(|x| *x == id) {
                    Some(at) => drop(p.remove(at)),
                    None => p.push(id),
                }
                next.picked = Some(p);
                edits.set(next);
            })
        };
        html! {
            <li><label>
                <input type="checkbox" id={format!("pick-{id}")} checked={picked.contains(&id)} {onchange} />
                <span>{ title }{ " " }<code>{ id }</code>
                if suggested.contains(&id) { { " " }<span class="badge">{ "suggested" }</span> }</span>
            </label></li>
        }
    });
    let dialects = Dialect::ALL.into_iter().map(|d| {
        let edits = edits.clone();
        let checked = edits.dialect == d;
        let onchange = Callback::from(move |_: Event| {
            edits.set(Edits {
                dialect: d,
                ..(*edits).clone()
            })
        });
        html! {
            <label><input type="radio" name="cmd-dialect" {checked} {onchange} />{ d.label() }</label>
        }
    });

    html! {
        <>
            <h2 class="tool-title">{ "Commands" }</h2>
            if props.findings == Findings::default() {
                <p class="notice">{ "The fields fill in from what the Token and Error tools find: paste a token or an error message there. Or type the values here: every recipe below works from what you type." }</p>
            } else {
                <p class="found">{ "Filled in from the Token and Error tools. Edit any value; the commands follow." }</p>
            }
            <p class="hint">{ "Every value is checked and quoted for its dialect, so nothing typed can break out of its string. Nothing leaves this page." }</p>
            <div class="cmd-fields">{ for fields }</div>
            <fieldset class="cmd-picker">
                <legend>{ "Recipes" }</legend>
                <ul>{ for picker }</ul>
            </fieldset>
            <div class="cmd-bar">
                <fieldset class="cmd-dialects">
                    <legend>{ "Show commands as" }</legend>
                    { for dialects }
                </fieldset>
                if !derived.recipes.is_empty() {
                    <div class="cmd-all">
                        <span>{ "The whole diagnosis as one PowerShell script (changing steps commented out)" }</span>
                        <CopyButton text={derived.script.clone()} label="Copy the whole diagnosis as one PowerShell script" />
                    </div>
                }
            </div>
            if derived.recipes.is_empty() {
                <p class="hint">{ "Tick a recipe above to see its commands." }</p>
            }
            { for derived.recipes.iter().map(|r| recipe_card(r, suggested.contains(&r.id.as_str()), edits.dialect)) }
        </>
    }
}
