//! The capacity section of the engineering view: the effort planned per
//! quarter against what the organisation can do, the teams over their own
//! capacity, and the work without an estimate.

use super::*;
use crate::render::charts::Demand;

#[derive(Serialize)]
pub struct CapacityView<'a> {
    pub per_quarter: String,
    pub plannable: String,
    pub buffer_percent: String,
    /// Quarters from today's on over a team's capacity.
    pub teams_over: Vec<TeamOver<'a>>,
    /// Scheduled open work without an effort estimate.
    pub unestimated: Vec<UnestimatedView<'a>>,
}

#[derive(Serialize)]
pub struct TeamOver<'a> {
    pub quarter: String,
    pub team: &'a str,
    pub planned: String,
    pub plannable: String,
    /// The work that fills the quarter, largest share first.
    pub initiatives: Vec<InitiativeRef<'a>>,
}

#[derive(Serialize)]
pub struct UnestimatedView<'a> {
    /// "2027-Q1", or "2027-Q1 – 2027-Q3".
    pub quarters: String,
    pub initiatives: Vec<InitiativeRef<'a>>,
}

#[derive(Serialize)]
pub struct CapacityRow {
    pub quarter: String,
    pub planned: String,
    pub over: bool,
}

pub fn capacity(roadmap: &Roadmap) -> (Option<CapacityView<'_>>, Vec<CapacityRow>) {
    let demand = Demand::of(roadmap);
    capacity_with(
        roadmap,
        &demand,
        &roadmap.over_capacity,
        &roadmap.unestimated,
    )
}

/// Planned effort per quarter against the capacity of `demand`, with the
/// teams over their capacity in `over` and the work without an estimate
/// in `unestimated`, naming only the work of `roadmap`'s audience.
pub fn capacity_with<'a>(
    roadmap: &'a Roadmap,
    demand: &Demand,
    over: &'a [crate::model::OverCapacity],
    unestimated: &'a [crate::model::Unestimated],
) -> (Option<CapacityView<'a>>, Vec<CapacityRow>) {
    let (view, rows) = capacity_of(demand);
    let view = view.map(|view| CapacityView {
        teams_over: over
            .iter()
            .filter_map(|over| {
                Some(TeamOver {
                    quarter: over.quarter.to_string(),
                    team: over.team.as_deref()?,
                    planned: number(over.planned),
                    plannable: number(over.plannable),
                    initiatives: initiative_refs(roadmap, &over.initiatives),
                })
            })
            .collect(),
        unestimated: unestimated
            .iter()
            .map(|run| UnestimatedView {
                quarters: if run.start == run.end {
                    run.start.to_string()
                } else {
                    format!("{} – {}", run.start, run.end)
                },
                initiatives: initiative_refs(roadmap, &run.initiatives),
            })
            .filter(|run| !run.initiatives.is_empty())
            .collect(),
        ..view
    });
    (view, rows)
}

/// Planned effort per quarter against the capacity of `demand`, without
/// the teams' capacities or the work without estimates.
fn capacity_of<'a>(demand: &Demand) -> (Option<CapacityView<'a>>, Vec<CapacityRow>) {
    let rows = demand
        .effort
        .iter()
        .map(|(&quarter, &planned)| CapacityRow {
            quarter: quarter.to_string(),
            planned: number(planned),
            over: demand.over.contains(&quarter),
        })
        .collect();
    let view = demand.capacity.map(|c| CapacityView {
        per_quarter: number(*c.per_quarter.get_ref()),
        plannable: number(c.plannable()),
        buffer_percent: number(c.buffer.get_ref() * 100.0),
        teams_over: Vec::new(),
        unestimated: Vec::new(),
    });
    (view, rows)
}
