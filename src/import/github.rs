//! GitHub issues as the GitHub CLI writes them: `gh issue list --json
//! number,title,state,labels,milestone,assignees,body,url,closedAt,createdAt`
//! writes an array of issues, and `gh project item-list --format json` an
//! object whose `items` are the project's items, each with its `content`
//! (the issue), `status`, and a key per custom field (`estimate`,
//! `start date`, …), named in lower case. Both are read an item at a time.

use super::items::{State, WorkItem};
use super::problem::Problem;
use super::table::parse_date;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use std::fmt;
use std::io::BufReader;
use std::path::Path;

const SHAPES: &str = "give the JSON that `gh issue list --json number,title,state,labels,milestone,\
                      assignees,body,url,closedAt,createdAt` or `gh project item-list --format json` writes";

/// Reads the export at `path`, handing each issue or project item to `each`.
pub fn read(path: &Path, each: &mut dyn FnMut(WorkItem)) -> Result<Vec<Problem>, Problem> {
    let file = crate::source::open_regular(path).map_err(|e| Problem::unreadable(&e))?;
    let mut deserializer = serde_json::Deserializer::from_reader(BufReader::new(file));
    let mut failed = None;
    let export = Items {
        each,
        failed: &mut failed,
        count: 0,
    };
    let outcome = export
        .deserialize(&mut deserializer)
        .and_then(|()| deserializer.end());
    match outcome {
        Ok(()) => Ok(Vec::new()),
        Err(error) => {
            let message = match failed {
                Some(message) => message,
                None if error.is_syntax() || error.is_eof() => {
                    format!("the file is not JSON: {}", without_position(&error))
                }
                None => format!(
                    "the file is not a GitHub export: {}",
                    without_position(&error)
                ),
            };
            Err(Problem::at_position(
                error.line() as u64,
                error.column(),
                message,
                SHAPES,
            ))
        }
    }
}

fn without_position(error: &serde_json::Error) -> String {
    let text = error.to_string();
    match text.rfind(" at line ") {
        Some(at) => text[..at].to_owned(),
        None => text,
    }
}

/// The whole export: an array of issues, or an object with `items`.
struct Items<'a> {
    each: &'a mut dyn FnMut(WorkItem),
    /// Why an item was refused, when one was.
    failed: &'a mut Option<String>,
    count: usize,
}

impl<'de> DeserializeSeed<'de> for Items<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Items<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of issues or an object with `items`")
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<(), A::Error> {
        while let Some(value) = seq.next_element::<Value>()? {
            self.count += 1;
            match item(&value) {
                Ok(item) => (self.each)(item),
                Err(why) => {
                    let message = format!("item {} of the export {why}", self.count);
                    *self.failed = Some(message.clone());
                    return Err(de::Error::custom(message));
                }
            }
        }
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let (each, failed) = (self.each, self.failed);
        let mut found = false;
        while let Some(key) = map.next_key::<String>()? {
            if key == "items" {
                found = true;
                map.next_value_seed(Items {
                    each: &mut *each,
                    failed: &mut *failed,
                    count: 0,
                })?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        if found {
            Ok(())
        } else {
            let message = "the object has no `items`, as `gh project item-list` writes".to_owned();
            *failed = Some(message.clone());
            Err(de::Error::custom(message))
        }
    }
}

/// One issue of `gh issue list`, or one item of `gh project item-list`.
fn item(value: &Value) -> Result<WorkItem, String> {
    let object = value.as_object().ok_or("is not an object")?;
    let content = object.get("content").and_then(Value::as_object);
    let issue = content.unwrap_or(object);
    let key = match (
        issue.get("number").and_then(Value::as_u64),
        object.get("id"),
    ) {
        (Some(number), _) => format!("#{number}"),
        (None, Some(Value::String(id))) if content.is_some() => id.clone(),
        _ => return Err("has no `number`: export with `--json number,title,state,…`".to_owned()),
    };
    let title = text(issue.get("title"))
        .or(text(object.get("title")))
        .unwrap_or_default();
    let labels = names(object.get("labels").or(issue.get("labels")));
    let milestone = object.get("milestone").or(issue.get("milestone"));
    let mut groups: Vec<String> = labels.iter().map(|l| format!("label:{l}")).collect();
    if let Some(name) = milestone.and_then(|m| text(m.get("title"))) {
        groups.push(format!("milestone:{name}"));
    }
    let state = match content {
        Some(_) => project_state(object, &labels),
        None => issue_state(object, &labels)?,
    };
    let date = |names: &[&str]| {
        names
            .iter()
            .find_map(|name| text(field(object, name)).and_then(|d| parse_date(&d)))
    };
    let due = milestone
        .and_then(|m| text(m.get("dueOn")))
        .and_then(|d| parse_date(&d));
    let closed = date(&["closedAt"]);
    let end = date(&["target date", "end date", "due date", "end"])
        .or(if state == State::Done { closed } else { None })
        .or(due);
    let updated = [date(&["updatedAt"]), closed, date(&["createdAt"])]
        .into_iter()
        .flatten()
        .max();
    Ok(WorkItem {
        key,
        id: None,
        title,
        parents: Vec::new(),
        groups,
        is_epic: false,
        state: Some(state),
        estimate: ["estimate", "story points", "points", "size"]
            .iter()
            .find_map(|name| field(object, name).and_then(Value::as_f64)),
        progress: None,
        start: date(&["start date", "start"]),
        end,
        updated,
    })
}

/// The value of the field `name`, in any case: `gh` lowers only the first
/// letter of a project field's name ("Target Date" is `target Date`).
fn field<'v>(object: &'v serde_json::Map<String, Value>, name: &str) -> Option<&'v Value> {
    object.get(name).or_else(|| {
        let mut fields = object.iter();
        fields.find_map(|(key, value)| key.eq_ignore_ascii_case(name).then_some(value))
    })
}

/// An issue: closed is done (unless closed as not planned, which counts
/// as never started); open is blocked, started or not by its labels and
/// assignees.
fn issue_state(
    object: &serde_json::Map<String, Value>,
    labels: &[String],
) -> Result<State, String> {
    let state = text(object.get("state"))
        .ok_or("has no `state`: export with `--json number,title,state,…`")?;
    let has = |word: &str| labels.iter().any(|l| l.to_ascii_lowercase().contains(word));
    Ok(if state.eq_ignore_ascii_case("closed") {
        match text(object.get("stateReason")).as_deref() {
            Some("NOT_PLANNED" | "not_planned") => State::NotStarted,
            _ => State::Done,
        }
    } else if has("blocked") {
        State::Blocked
    } else if has("in progress") || has("in-progress") || !names(object.get("assignees")).is_empty()
    {
        State::Started
    } else {
        State::NotStarted
    })
}

/// A project item, by its `status` field.
fn project_state(object: &serde_json::Map<String, Value>, labels: &[String]) -> State {
    let status = text(object.get("status"))
        .unwrap_or_default()
        .to_ascii_lowercase();
    if ["done", "closed", "complete", "completed", "shipped"].contains(&status.as_str()) {
        State::Done
    } else if status.contains("block") || labels.iter().any(|l| l.eq_ignore_ascii_case("blocked")) {
        State::Blocked
    } else if ["", "todo", "to do", "backlog", "new", "triage"].contains(&status.as_str()) {
        State::NotStarted
    } else {
        State::Started
    }
}

fn text(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(text) if !text.trim().is_empty() => Some(text.trim().to_owned()),
        _ => None,
    }
}

/// Names of labels or assignees, written as strings or as objects.
fn names(value: Option<&Value>) -> Vec<String> {
    let Some(Value::Array(entries)) = value else {
        return Vec::new();
    };
    entries
        .iter()
        .filter_map(|entry| match entry {
            Value::String(name) => Some(name.clone()),
            Value::Object(fields) => text(fields.get("name")).or(text(fields.get("login"))),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_issue_is_done_when_closed_and_started_when_assigned() {
        let issue = item(&json!({
            "number": 7, "title": "T", "state": "OPEN",
            "labels": [{"name": "perf"}], "assignees": [{"login": "a"}],
            "milestone": {"title": "M", "dueOn": "2027-03-31T00:00:00Z"},
            "createdAt": "2026-10-01T09:00:00Z", "closedAt": null
        }))
        .unwrap();
        assert_eq!(issue.key, "#7");
        assert_eq!(issue.groups, ["label:perf", "milestone:M"]);
        assert_eq!(issue.state, Some(State::Started));
        assert_eq!(issue.end.unwrap().to_string(), "2027-03-31");
        let closed = item(&json!({"number": 8, "title": "T", "state": "CLOSED",
            "closedAt": "2026-11-02T10:00:00Z"}))
        .unwrap();
        assert_eq!(closed.state, Some(State::Done));
        assert!(item(&json!({"number": 9, "title": "T"})).is_err());
    }

    #[test]
    fn a_project_item_reads_its_status_and_custom_fields() {
        let project_item = item(&json!({
            "id": "PVTI_1", "status": "In Progress", "labels": ["perf"], "estimate": 3,
            "start date": "2026-11-02",
            "content": {"type": "Issue", "number": 12, "title": "T"}
        }))
        .unwrap();
        assert_eq!(project_item.key, "#12");
        assert_eq!(project_item.state, Some(State::Started));
        assert_eq!(project_item.estimate, Some(3.0));
        assert_eq!(project_item.start.unwrap().to_string(), "2026-11-02");
    }

    #[test]
    fn custom_fields_are_found_whatever_the_case_of_their_names() {
        // gh lowers only the first letter of a field's name: "Target Date"
        // becomes "target Date".
        let project_item = item(&json!({
            "id": "PVTI_2", "status": "Todo", "story Points": 5,
            "start Date": "2026-11-02", "target Date": "2027-01-15",
            "content": {"type": "Issue", "number": 13, "title": "T"}
        }))
        .unwrap();
        assert_eq!(project_item.estimate, Some(5.0));
        assert_eq!(project_item.start.unwrap().to_string(), "2026-11-02");
        assert_eq!(project_item.end.unwrap().to_string(), "2027-01-15");
    }
}
