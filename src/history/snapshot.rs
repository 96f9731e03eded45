//! What a goal or initiative file said at one revision, read leniently:
//! only the keys whose changes readers care about, and no validation,
//! because old revisions must never break today's build.

use crate::load::{file_stem, folder_team, front_matter_yaml, kind_of, FileKind, CONTENT_DIR};
use crate::types::{Kind, Quarter};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};
use std::collections::BTreeSet;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Subject {
    Goal,
    Initiative,
}

impl Subject {
    pub fn as_str(self) -> &'static str {
        match self {
            Subject::Goal => "goal",
            Subject::Initiative => "initiative",
        }
    }

    /// Which kind of file a path below the roadmap's `content/` holds.
    pub fn of_path(content_relative: &str) -> Option<Subject> {
        let path = std::path::Path::new(CONTENT_DIR).join(content_relative);
        match kind_of(&path)? {
            FileKind::Goal => Some(Subject::Goal),
            FileKind::Initiative => Some(Subject::Initiative),
            _ => None,
        }
    }
}

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A goal or initiative, by kind and id: how history follows an item
/// across renames and moves between folders.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Key {
    pub subject: Subject,
    pub id: String,
}

/// The keys that derived changes speak of. Any scalar is read as text.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct Snapshot {
    id: Option<Scalar>,
    pub title: Option<Scalar>,
    pub status: Option<Scalar>,
    start: Option<Scalar>,
    end: Option<Scalar>,
    quarter: Option<Scalar>,
    pub target: Option<Scalar>,
    pub progress: Option<Scalar>,
    pub goals: BTreeSet<Scalar>,
    pub depends_on: BTreeSet<Scalar>,
    visibility: Option<Scalar>,
    // Read leniently: a value of an unexpected shape reads as none, so
    // that reporting these keys never makes a version unreadable that the
    // keys above can read.
    #[serde(deserialize_with = "lenient")]
    pub effort: Option<Scalar>,
    #[serde(deserialize_with = "lenient")]
    pub owner: Option<Scalar>,
    #[serde(deserialize_with = "lenient")]
    pub team: Option<Scalar>,
    #[serde(deserialize_with = "lenient")]
    pub category: Option<Scalar>,
    #[serde(deserialize_with = "lenient")]
    kind: Option<Scalar>,
    #[serde(deserialize_with = "lenient_list")]
    pub risks: Vec<RiskSnapshot>,
    #[serde(deserialize_with = "lenient_list")]
    pub metrics: Vec<MetricSnapshot>,
}

/// One entry of `risks`, known by its `risk` text.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct RiskSnapshot {
    pub risk: Scalar,
    #[serde(default)]
    pub mitigation: Option<Scalar>,
    #[serde(default)]
    pub likelihood: Option<Scalar>,
    #[serde(default)]
    pub impact: Option<Scalar>,
}

/// One entry of `metrics`, known by its name; goals' metrics also have a
/// baseline.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct MetricSnapshot {
    pub name: Scalar,
    #[serde(default)]
    pub baseline: Option<Scalar>,
    #[serde(default)]
    pub target: Option<Scalar>,
    #[serde(default)]
    pub current: Option<Scalar>,
}

/// A value of the wrong shape reads as the default.
fn lenient<'de, D: Deserializer<'de>, T: DeserializeOwned + Default>(
    deserializer: D,
) -> Result<T, D::Error> {
    let value = serde_yaml::Value::deserialize(deserializer)?;
    Ok(serde_yaml::from_value(value).unwrap_or_default())
}

/// A list whose entries of the wrong shape are left out.
fn lenient_list<'de, D: Deserializer<'de>, T: DeserializeOwned>(
    deserializer: D,
) -> Result<Vec<T>, D::Error> {
    let serde_yaml::Value::Sequence(entries) = serde_yaml::Value::deserialize(deserializer)? else {
        return Ok(Vec::new());
    };
    Ok(entries
        .into_iter()
        .filter_map(|entry| serde_yaml::from_value(entry).ok())
        .collect())
}

/// A YAML scalar of any type, as its text.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Scalar(pub String);

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = serde_yaml::Value::deserialize(deserializer)?;
        match value {
            serde_yaml::Value::String(text) => Ok(Scalar(text)),
            serde_yaml::Value::Number(number) => Ok(Scalar(number.to_string())),
            serde_yaml::Value::Bool(flag) => Ok(Scalar(flag.to_string())),
            other => Err(serde::de::Error::custom(format!(
                "expected a scalar, found {other:?}"
            ))),
        }
    }
}

impl fmt::Display for Scalar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Snapshot {
    /// Parses the text of a file at `path` (relative to `content/`).
    /// `Err` says why the version could not be read.
    pub fn parse(content_relative: &str, raw: &str) -> Result<(Key, Snapshot), String> {
        let subject = Subject::of_path(content_relative).ok_or("not a goal or initiative file")?;
        let yaml = front_matter_yaml(raw).ok_or("no front matter")?;
        let mut snapshot: Snapshot = if yaml.trim().is_empty() {
            Snapshot::default()
        } else {
            serde_yaml::from_str(&yaml).map_err(|error| error.to_string())?
        };
        if snapshot.team.is_none() {
            let path = std::path::Path::new(CONTENT_DIR).join(content_relative);
            snapshot.team = folder_team(&path).map(Scalar);
        }
        let id = match &snapshot.id {
            Some(id) => id.0.clone(),
            None => file_stem(content_relative).to_owned(),
        };
        Ok((Key { subject, id }, snapshot))
    }

    /// The first scheduled quarter, read as the build reads a schedule
    /// (`Schedule::of`): the `quarter` shorthand, or an end alone, is a
    /// start too.
    pub fn start(&self) -> Option<&Scalar> {
        self.start
            .as_ref()
            .or(self.quarter.as_ref())
            .or(self.end.as_ref())
    }

    /// The last scheduled quarter: the `quarter` shorthand, or a start
    /// alone, is an end too.
    pub fn end(&self) -> Option<&Scalar> {
        self.end
            .as_ref()
            .or(self.quarter.as_ref())
            .or(self.start.as_ref())
    }

    /// The quarter the work is planned to end in; `None` when unscheduled
    /// or when the end is no quarter.
    pub fn planned_end(&self) -> Option<Quarter> {
        self.end()?.0.parse().ok()
    }

    /// The initiative's kind, with the default applied: no `kind` is
    /// technology work.
    pub fn kind(&self) -> Option<Scalar> {
        self.kind.clone().or_else(|| {
            let default = serde_yaml::to_value(Kind::default()).ok()?;
            default.as_str().map(|name| Scalar(name.to_owned()))
        })
    }

    /// Whether this version was on the public roadmap: like the roadmap
    /// itself, a version is internal unless it says `public`.
    pub fn is_public(&self) -> bool {
        self.visibility.as_ref().is_some_and(|v| v.0 == "public")
    }

    pub fn title_or<'a>(&'a self, id: &'a str) -> &'a str {
        self.title.as_ref().map_or(id, |t| t.0.as_str())
    }
}

/// The path of a file relative to the roadmap's `content/` folder, from
/// its path relative to the roadmap folder.
pub fn content_relative(roadmap_relative: &str) -> Option<&str> {
    roadmap_relative
        .strip_prefix(CONTENT_DIR)?
        .strip_prefix('/')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_keyed_by_kind_and_id() {
        let (key, snapshot) = Snapshot::parse(
            "initiatives/team/cloud.md",
            "---\ntitle: Cloud\nstatus: planned\nquarter: 2027-Q1\nprogress: 40\ngoals: [a, b]\n---\nbody",
        )
        .unwrap();
        assert_eq!(
            key,
            Key {
                subject: Subject::Initiative,
                id: "cloud".into()
            }
        );
        assert_eq!(snapshot.start().unwrap().0, "2027-Q1");
        assert_eq!(snapshot.progress.as_ref().unwrap().0, "40");
        assert_eq!(snapshot.goals.len(), 2);
        assert_eq!(snapshot.team, Some(Scalar("team".into())));
        let (key, _) =
            Snapshot::parse("goals/speed.md", "---\nid: fast\ntitle: Fast\n---\n").unwrap();
        assert_eq!(
            key,
            Key {
                subject: Subject::Goal,
                id: "fast".into()
            }
        );
    }

    #[test]
    fn versions_are_internal_unless_marked_public() {
        let visible = |front: &str| {
            Snapshot::parse("goals/a.md", &format!("---\n{front}\n---\n"))
                .unwrap()
                .1
                .is_public()
        };
        assert!(visible("visibility: public"));
        assert!(!visible("visibility: internal"));
        assert!(!visible("title: A"));
        assert!(!visible("visibility: Public"));
    }

    #[test]
    fn the_keys_reported_last_never_make_a_version_unreadable() {
        let (_, odd) = Snapshot::parse(
            "initiatives/a.md",
            "---\nstatus: planned\neffort: [8]\nowner: {a: b}\nrisks: none\nmetrics:\n  - name: Latency\n    target: 1 s\n  - just text\n---\n",
        )
        .unwrap();
        assert_eq!(odd.status.as_ref().unwrap().0, "planned");
        assert_eq!((&odd.effort, &odd.owner), (&None, &None));
        assert!(odd.risks.is_empty());
        assert_eq!(odd.metrics.len(), 1);
        assert_eq!(odd.kind().unwrap().0, "technology");
    }

    #[test]
    fn a_start_alone_or_the_shorthand_is_an_end() {
        let end = |front: &str| {
            Snapshot::parse("initiatives/a.md", &format!("---\n{front}\n---\n"))
                .unwrap()
                .1
                .planned_end()
                .map(|q| q.to_string())
        };
        assert_eq!(end("start: 2027-Q2").as_deref(), Some("2027-Q2"));
        assert_eq!(end("quarter: 2027-Q3").as_deref(), Some("2027-Q3"));
        assert_eq!(
            end("start: 2027-Q1\nend: 2027-Q4").as_deref(),
            Some("2027-Q4")
        );
        assert_eq!(end("end: 2027-Q9"), None);
        assert_eq!(end("title: Unscheduled"), None);
    }

    #[test]
    fn unreadable_versions_say_why() {
        assert!(Snapshot::parse("initiatives/a.md", "no front matter").is_err());
        assert!(Snapshot::parse("initiatives/a.md", "---\ntitle: [unclosed\n---\n").is_err());
        assert!(Snapshot::parse("notes/a.md", "---\ntitle: x\n---\n").is_err());
    }
}
