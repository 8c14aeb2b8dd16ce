//! The Commands tool's form as pure state: found values, hand edits and chosen recipes, and
//! the actions that change them. The page keeps it in a reducer; the rules live and are
//! tested here.
use super::{
    Field, InputProblem, Inputs, Recipe, RecipeId, check, combined_script, inputs_for,
    render_or_blocked, suggested,
};
use crate::findings::{self, Findings, FoundAt};

/// What the form holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Form {
    /// Values the Token and Error tools found.
    pub found: Inputs,
    /// Values typed by hand; `Some("")` is a value cleared by hand. A typed value wins over a
    /// found one and no later paste overwrites it.
    pub typed: Inputs,
    /// The recipes the findings call for, in their order.
    pub suggested: Vec<RecipeId>,
    /// The recipes ticked by hand; None while the choice follows the findings.
    pub picked: Option<Vec<RecipeId>>,
    /// Where each found value was read (from the findings).
    pub from: Vec<(findings::Value, Vec<FoundAt>)>,
    /// Values the case's sources disagree on (from the findings).
    pub blocked: Vec<findings::Value>,
    /// The guest's own object ID as the case found it (the token's oid, from whichever
    /// tenant): never the object a removal acts on, even typed by hand.
    pub guest_object: Option<String>,
}

/// Where a field's value comes from, as the page shows it beside the field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Provenance {
    /// Nothing found and nothing typed.
    Empty,
    /// Found in the case, at these places (none listed when the findings did not say).
    Found(Vec<FoundAt>),
    /// Typed by hand; `found` is the case's value it hides, for the way back to it.
    Typed { found: Option<String> },
    /// The sources disagree: no value until the user picks one in the case.
    Conflict,
}

/// Everything that changes the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// New findings (another paste): the found values and suggestions are replaced, hand
    /// edits stay, and the recipe choice follows the new findings again.
    Findings(Box<Findings>),
    /// A value typed into a field.
    Edit(Field, String),
    /// Drop the hand edit of a field, back to the found value.
    UseFound(Field),
    /// Tick or untick a recipe.
    Toggle(RecipeId),
    /// The hand edits a saved case brought, in place of the ones made here.
    Restore(Box<Inputs>),
}

impl Form {
    pub fn new(findings: &Findings) -> Self {
        Form {
            found: Inputs::from_findings(findings),
            typed: Inputs::default(),
            suggested: suggested(findings),
            picked: None,
            from: findings.from.clone(),
            blocked: findings.blocked.clone(),
            guest_object: findings.object_id.clone(),
        }
    }

    /// The form after `action`.
    pub fn reduce(mut self, action: Action) -> Self {
        match action {
            Action::Findings(f) => {
                let typed = std::mem::take(&mut self.typed);
                self = Form {
                    typed,
                    ..Form::new(&f)
                };
            }
            Action::Edit(field, v) => *field.slot(&mut self.typed) = Some(v),
            Action::UseFound(field) => *field.slot(&mut self.typed) = None,
            Action::Restore(typed) => self.typed = *typed,
            Action::Toggle(id) => {
                let mut p = self.chosen();
                match p.iter().position(|x| *x == id) {
                    Some(at) => drop(p.remove(at)),
                    None => p.push(id),
                }
                self.picked = Some(p);
            }
        }
        self
    }

    /// The value a field shows: the typed one, else the found one.
    pub fn value(&self, field: Field) -> &str {
        let typed = field.get(&self.typed);
        typed.or(field.get(&self.found)).unwrap_or_default()
    }

    /// The found value when a hand edit hides it, for a "Use found value" button.
    pub fn hidden_found(&self, field: Field) -> Option<&str> {
        let found = field.get(&self.found)?;
        let typed = field.get(&self.typed)?;
        (typed.trim() != found.trim()).then_some(found)
    }

    /// Where the value a field shows came from. A typed value that reads the same as the
    /// found one is the found one.
    pub fn provenance(&self, field: Field) -> Provenance {
        let found = field.get(&self.found).filter(|v| !v.trim().is_empty());
        match (field.get(&self.typed), found) {
            (Some(t), Some(f)) if t.trim() == f.trim() => {}
            (Some(_), found) => {
                return Provenance::Typed {
                    found: found.map(str::to_owned),
                };
            }
            (None, _) => {}
        }
        let Some(value) = found_as(field) else {
            return match found {
                Some(_) => Provenance::Found(Vec::new()),
                None => Provenance::Empty,
            };
        };
        if found.is_none() {
            return if self.blocked.contains(&value) {
                Provenance::Conflict
            } else {
                Provenance::Empty
            };
        }
        let at = self
            .from
            .iter()
            .find(|(v, _)| *v == value)
            .map(|(_, at)| at.clone())
            .unwrap_or_default();
        Provenance::Found(at)
    }

    /// The values the commands are written with.
    pub fn inputs(&self) -> Inputs {
        let mut out = Inputs::default();
        for f in Field::ALL {
            let v = self.value(f);
            *f.slot(&mut out) = (!v.is_empty()).then(|| v.to_owned());
        }
        out
    }

    /// Every recipe in the order the picker lists them: suggested first, then the rest.
    pub fn order(&self) -> Vec<RecipeId> {
        let mut out = self.suggested.clone();
        out.extend(
            RecipeId::ALL
                .iter()
                .filter(|id| !self.suggested.contains(id)),
        );
        out
    }

    /// The ticked recipes, in picker order; find-address when nothing else is known.
    pub fn chosen(&self) -> Vec<RecipeId> {
        match &self.picked {
            Some(p) => {
                let mut order = self.order();
                order.retain(|id| p.contains(id));
                order
            }
            None if self.suggested.is_empty() => vec![RecipeId::FindAddress],
            None => self.suggested.clone(),
        }
    }

    /// The chosen recipes, written. A found object ID goes only to the recipes that may
    /// take it (`inputs_for`); one typed by hand goes to every recipe.
    pub fn recipes(&self) -> Vec<Recipe> {
        let inputs = self.inputs();
        let mut found = self.found.clone();
        if self.typed.object_id.is_some() {
            found.object_id = None;
        }
        self.chosen()
            .into_iter()
            .map(|id| {
                let mut given = inputs_for(id, &inputs, &found);
                if id.deletes_picked_object() && self.is_guest_object(given.object_id.as_deref()) {
                    given.object_id = None;
                }
                // Two clouds in the sources and none typed: no command for either.
                if self.blocked.contains(&findings::Value::Cloud) && self.typed.cloud.is_none() {
                    return super::blocked(id, vec![super::clouds_differ_problem()]);
                }
                let mut r = render_or_blocked(id, &given);
                // The field shows an ID this recipe may not take: say why, not just "needed".
                if given.object_id.is_none() && Field::ObjectId.raw(&inputs).is_some() {
                    for p in &mut r.problems {
                        if p.field == Field::ObjectId.key() && p.missing {
                            p.message = format!(
                                "{} The Object ID filled in was found in the token: it is the guest's own, or from another tenant. Type the ID of the object this recipe acts on.",
                                p.message
                            );
                        }
                    }
                }
                r
            })
            .collect()
    }

    /// True when `id` is the guest's own object ID, whatever its letter case and spaces.
    fn is_guest_object(&self, id: Option<&str>) -> bool {
        match (id, &self.guest_object) {
            (Some(id), Some(guest)) => id.trim().eq_ignore_ascii_case(guest.trim()),
            _ => false,
        }
    }

    /// Why each filled-in field can't be used.
    pub fn problems(&self) -> Vec<InputProblem> {
        check(&self.inputs())
    }

    /// The chosen recipes as one PowerShell script.
    pub fn script(&self) -> String {
        combined_script(&self.recipes())
    }
}

/// The found value a field is filled with; none for a field only ever typed.
fn found_as(field: Field) -> Option<findings::Value> {
    use findings::Value;
    Some(match field {
        Field::Email => Value::Email,
        Field::Upn => Value::Upn,
        Field::ObjectId => Value::ObjectId,
        Field::Tenant => Value::ResourceTenant,
        Field::HomeTenant => Value::HomeTenant,
        Field::AppId => Value::AppId,
        Field::CorrelationId => Value::CorrelationId,
        Field::Code => Value::Code,
        Field::Cloud => Value::Cloud,
        Field::Days => return None,
    })
}
