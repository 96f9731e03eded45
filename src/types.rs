//! Small value types that carry meaning through the pipeline: a [`Quarter`]
//! rather than a string, a [`Status`] rather than a word, an [`InitiativeId`]
//! rather than any text. Each parses itself and explains what it expected
//! when the input is wrong; those explanations become diagnostics.

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

/// Implements `Deserialize` through `FromStr` and `Serialize` through
/// `Display`, so that front matter and exports use one textual form.
macro_rules! string_form {
    ($ty:ty) => {
        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = String::deserialize(deserializer)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }

        impl Serialize for $ty {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }
    };
}

/// A calendar quarter such as `2027-Q1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quarter {
    year: i16,
    /// 1 to 4.
    number: u8,
}

/// The start of the message of every malformed quarter; diagnostics use it
/// to tell a malformed quarter from other bad values.
pub const QUARTER_EXPECTED: &str = "expected a quarter such as 2027-Q1";

impl Quarter {
    pub fn new(year: i16, number: u8) -> Option<Quarter> {
        (1..=4)
            .contains(&number)
            .then_some(Quarter { year, number })
    }

    pub fn containing(date: jiff::civil::Date) -> Quarter {
        let number = (date.month() as u8 - 1) / 3 + 1;
        Quarter {
            year: date.year(),
            number,
        }
    }

    pub fn year(self) -> i16 {
        self.year
    }

    pub fn number(self) -> u8 {
        self.number
    }

    /// Quarters counted from year 0, so that distances are subtractions.
    pub fn ordinal(self) -> i32 {
        i32::from(self.year) * 4 + i32::from(self.number) - 1
    }

    pub fn from_ordinal(ordinal: i32) -> Quarter {
        Quarter {
            year: ordinal.div_euclid(4) as i16,
            number: ordinal.rem_euclid(4) as u8 + 1,
        }
    }

    pub fn offset(self, quarters: i32) -> Quarter {
        Quarter::from_ordinal(self.ordinal() + quarters)
    }

    /// Every quarter from `self` to `last`, both included.
    pub fn through(self, last: Quarter) -> impl Iterator<Item = Quarter> {
        (self.ordinal()..=last.ordinal()).map(Quarter::from_ordinal)
    }

    /// Whole quarters from `earlier` to `self`; negative when `earlier`
    /// comes after.
    pub(crate) fn quarters_since(self, earlier: Quarter) -> i32 {
        self.ordinal() - earlier.ordinal()
    }

    /// `None` past the end of the calendar, the year 9999.
    pub(crate) fn first_day(self) -> Option<Day> {
        let month = (self.number as i8 - 1) * 3 + 1;
        jiff::civil::Date::new(self.year, month, 1).ok().map(Day)
    }

    /// Appends the quarter as `Display` writes it, without the formatter
    /// for a year of four digits: pages and exports print tens of
    /// thousands of quarters, and through the formatter (`{:04}` padding
    /// above all) each costs many times as many instructions
    /// (bench/README.md).
    pub fn push_to(self, out: &mut String) {
        match self.four_digit_text() {
            Some(text) => out.push_str(text.as_str()),
            None => {
                use fmt::Write as _;
                // Writing to a String cannot fail.
                let _ = write!(out, "{self}");
            }
        }
    }

    /// The quarter as `2027-Q1` when its year has at most four digits.
    fn four_digit_text(self) -> Option<QuarterText> {
        let year @ 0..=9999 = u16::try_from(self.year).ok()? else {
            return None;
        };
        let digit = |n: u16| b'0' + (n % 10) as u8;
        Some(QuarterText([
            digit(year / 1000),
            digit(year / 100),
            digit(year / 10),
            digit(year),
            b'-',
            b'Q',
            b'0' + self.number,
        ]))
    }
}

/// A quarter's text of seven ASCII bytes.
struct QuarterText([u8; 7]);

impl QuarterText {
    fn as_str(&self) -> &str {
        // Digits, `-` and `Q`: ASCII, so always UTF-8.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

impl fmt::Display for Quarter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.four_digit_text() {
            Some(text) => f.write_str(text.as_str()),
            None => write!(f, "{:04}-Q{}", self.year, self.number),
        }
    }
}

impl FromStr for Quarter {
    type Err = String;

    fn from_str(text: &str) -> Result<Quarter, String> {
        let malformed = || format!("{QUARTER_EXPECTED}, found `{text}`");
        let (year, number) = text.split_once(['-', ' ']).ok_or_else(malformed)?;
        let number = number.strip_prefix(['Q', 'q']).ok_or_else(malformed)?;
        if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
            return Err(malformed());
        }
        let year: i16 = year.parse().map_err(|_| malformed())?;
        let number: u8 = number.parse().map_err(|_| malformed())?;
        Quarter::new(year, number).ok_or_else(|| {
            format!("{QUARTER_EXPECTED}, found `{text}`: a year has quarters 1 to 4")
        })
    }
}

string_form!(Quarter);

impl JsonSchema for Quarter {
    fn schema_name() -> Cow<'static, str> {
        "Quarter".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": "^[0-9]{4}-Q[1-4]$",
            "description": "A calendar quarter, YYYY-Qn",
            "examples": ["2027-Q1"]
        })
    }
}

/// A calendar day, written `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(pub jiff::civil::Date);

/// The start of the message of every malformed date.
pub const DATE_EXPECTED: &str = "expected a date such as 2026-11-21";

impl Day {
    /// Today in UTC: roadmaps care about days, not time zones.
    pub fn today() -> Day {
        Day(jiff::Timestamp::now()
            .to_zoned(jiff::tz::TimeZone::UTC)
            .date())
    }

    /// Whole days from `self` to `later`.
    pub fn days_until(self, later: Day) -> i64 {
        i64::from((later.0 - self.0).get_days())
    }

    pub fn quarter(self) -> Quarter {
        Quarter::containing(self.0)
    }

    /// How far into its quarter the day is, from 0 on the first day to
    /// under 1 on the last; `None` in the last quarter of the calendar,
    /// whose end it cannot name.
    pub(crate) fn share_of_quarter(self) -> Option<f64> {
        let quarter = self.quarter();
        let start = quarter.first_day()?;
        let length = start.days_until(quarter.offset(1).first_day()?);
        Some(start.days_until(self) as f64 / length as f64)
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl FromStr for Day {
    type Err = String;

    fn from_str(text: &str) -> Result<Day, String> {
        let well_formed = text.len() == 10
            && text.bytes().enumerate().all(|(i, b)| {
                if i == 4 || i == 7 {
                    b == b'-'
                } else {
                    b.is_ascii_digit()
                }
            });
        if !well_formed {
            return Err(format!("{DATE_EXPECTED}, found `{text}`"));
        }
        text.parse::<jiff::civil::Date>()
            .map(Day)
            .map_err(|_| format!("{DATE_EXPECTED}, found `{text}`: no such day"))
    }
}

string_form!(Day);

impl JsonSchema for Day {
    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "format": "date", "description": "YYYY-MM-DD" })
    }
}

/// The start of the message of every malformed id.
pub const ID_EXPECTED: &str = "expected an id of lowercase letters, digits and dashes";

/// The longest id: it names a folder of the site, and file names have at
/// most 255 bytes on most filesystems, less on some network shares.
pub const MAX_ID_LEN: usize = 100;

/// Checks the slug form shared by goal and initiative ids:
/// `[a-z0-9][a-z0-9-]*`, so that an id is also a safe folder name and URL.
pub fn check_slug(text: &str) -> Result<(), String> {
    if text.len() > MAX_ID_LEN {
        return Err(format!(
            "an id has at most {MAX_ID_LEN} characters, so that its pages' folder names fit every \
             filesystem; this one has {}",
            text.len()
        ));
    }
    let mut bytes = text.bytes();
    let first_ok = bytes
        .next()
        .is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    if first_ok && bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') {
        Ok(())
    } else {
        Err(format!(
            "{ID_EXPECTED}, starting with a letter or digit, found `{text}`"
        ))
    }
}

/// Checks an id as a reference may write it: a slug, or a slug namespaced
/// by the member of a portfolio that has it (`data/migration`).
pub fn check_reference(text: &str) -> Result<(), String> {
    match text.split_once('/') {
        Some((namespace, id)) => check_slug(namespace).and_then(|()| check_slug(id)).map_err(|problem| {
            format!("{problem}; a namespaced id is a member's name, `/` and its id, such as `data/migration`")
        }),
        None => check_slug(text),
    }
}

macro_rules! slug_id {
    ($name:ident, $what:literal) => {
        #[doc = concat!("The id of ", $what, ": a slug, `[a-z0-9][a-z0-9-]*`, perhaps")]
        #[doc = "namespaced by the portfolio member that has it (`data/migration`)."]
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(String);

        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The member named before the `/` of a namespaced id.
            pub fn namespace(&self) -> Option<&str> {
                self.0.split_once('/').map(|(namespace, _)| namespace)
            }

            /// The id within `namespace`: this one namespaced by it, unless
            /// it names a namespace already.
            pub fn within(&self, namespace: &str) -> $name {
                match self.namespace() {
                    Some(_) => self.clone(),
                    None => $name(format!("{namespace}/{}", self.0)),
                }
            }
        }

        impl FromStr for $name {
            type Err = String;

            fn from_str(text: &str) -> Result<Self, String> {
                check_reference(text).map(|()| $name(text.to_owned()))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        string_form!($name);

        impl JsonSchema for $name {
            fn schema_name() -> Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                json_schema!({
                    "type": "string",
                    "pattern": "^([a-z0-9][a-z0-9-]*/)?[a-z0-9][a-z0-9-]*$",
                    "description": concat!("The id of ", $what)
                })
            }
        }
    };
}

slug_id!(GoalId, "a business goal");
slug_id!(InitiativeId, "an initiative");

/// Ordered as work progresses, so that lists of statuses read in that order.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Suggested, not yet agreed.
    Proposed,
    /// Agreed and scheduled, not yet started.
    Planned,
    /// Under way.
    InProgress,
    /// Under way, but likely to miss its schedule or goal.
    AtRisk,
    /// Under way, but stopped by something outside the work.
    Blocked,
    /// Finished.
    Done,
    /// Stopped for good before it was finished.
    Dropped,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Proposed => "proposed",
            Status::Planned => "planned",
            Status::InProgress => "in-progress",
            Status::AtRisk => "at-risk",
            Status::Blocked => "blocked",
            Status::Done => "done",
            Status::Dropped => "dropped",
        }
    }

    /// The status in words, for people: "in progress".
    pub fn label(self) -> &'static str {
        match self {
            Status::InProgress => "in progress",
            Status::AtRisk => "at risk",
            other => other.as_str(),
        }
    }

    /// Work under way: counts as "now" whatever its schedule says.
    pub fn is_active(self) -> bool {
        matches!(self, Status::InProgress | Status::AtRisk | Status::Blocked)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Technology work, or the customer-facing product work it enables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// Technology work: platforms, architecture, tooling.
    #[default]
    Technology,
    /// Customer-facing product work that technology enables.
    Product,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Horizon {
    /// Under way, or scheduled in the current quarter.
    Now,
    /// Starting within the next two quarters.
    Next,
    /// Further out, or not yet scheduled.
    Later,
}

impl Horizon {
    pub const ALL: [Horizon; 3] = [Horizon::Now, Horizon::Next, Horizon::Later];
}

/// Who may see an item; audience builds use it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Visibility {
    /// Shown in public builds too.
    Public,
    /// Shown only in internal builds.
    #[default]
    Internal,
}

/// Who a build is for: everyone inside, or the public, who see only public
/// items.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Audience {
    Public,
    #[default]
    Internal,
}

impl Audience {
    pub fn sees(self, visibility: Visibility) -> bool {
        self == Audience::Internal || visibility == Visibility::Public
    }
}

/// Likelihood or impact of a risk.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    /// Unlikely, or a small setback.
    Low,
    /// Possible, or a setback that needs replanning.
    Medium,
    /// Likely, or a setback that puts a goal at risk.
    High,
}

/// Declares an integer kept within a closed range, parsed through `i64` so
/// that a negative number gets the same clear message as a large one.
macro_rules! bounded_integer {
    ($name:ident, $min:literal, $max:literal, $doc:literal) => {
        #[doc = $doc]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(try_from = "i64", into = "u8")]
        pub struct $name(u8);

        impl $name {
            pub fn get(self) -> u8 {
                self.0
            }
        }

        impl TryFrom<i64> for $name {
            type Error = String;

            fn try_from(value: i64) -> Result<Self, String> {
                if ($min..=$max).contains(&value) {
                    Ok($name(value as u8))
                } else {
                    Err(format!(
                        "expected a whole number from {} to {}, found {value}",
                        $min, $max
                    ))
                }
            }
        }

        impl From<$name> for u8 {
            fn from(value: $name) -> u8 {
                value.0
            }
        }

        impl JsonSchema for $name {
            fn schema_name() -> Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                json_schema!({ "type": "integer", "minimum": $min, "maximum": $max, "description": $doc })
            }
        }
    };
}

bounded_integer!(Score, 1, 5, "A score from 1 (lowest) to 5 (highest).");
bounded_integer!(Percent, 0, 100, "A share of work completed, from 0 to 100.");

/// Effort in person-weeks: finite and not negative.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize, Deserialize)]
#[serde(try_from = "f64", into = "f64")]
pub struct Effort(f64);

impl Effort {
    pub fn person_weeks(self) -> f64 {
        self.0
    }
}

impl TryFrom<f64> for Effort {
    type Error = String;

    fn try_from(value: f64) -> Result<Effort, String> {
        if value.is_finite() && value >= 0.0 {
            Ok(Effort(value))
        } else {
            Err(format!(
                "expected a number of person-weeks, zero or more, found {value}"
            ))
        }
    }
}

impl From<Effort> for f64 {
    fn from(value: Effort) -> f64 {
        value.0
    }
}

impl JsonSchema for Effort {
    fn schema_name() -> Cow<'static, str> {
        "Effort".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "number", "minimum": 0, "description": "Person-weeks" })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quarter_prints_its_year_in_four_digits_or_more() {
        let printed = |year: i16| Quarter { year, number: 3 }.to_string();
        assert_eq!(printed(2026), "2026-Q3");
        assert_eq!(printed(7), "0007-Q3");
        assert_eq!(printed(9999), "9999-Q3");
        assert_eq!(printed(10_000), "10000-Q3");
        assert_eq!(printed(-1), "-001-Q3");
        assert_eq!(format!("{}", Quarter::from_ordinal(4 * 1990)), "1990-Q1");
    }

    #[test]
    fn quarters_parse_order_and_count() {
        let q: Quarter = "2027-Q1".parse().unwrap();
        assert_eq!(q.to_string(), "2027-Q1");
        assert_eq!(q.offset(-1).to_string(), "2026-Q4");
        assert!(q < "2027-Q2".parse().unwrap());
        let span: Vec<String> = "2026-Q3"
            .parse::<Quarter>()
            .unwrap()
            .through(q)
            .map(|q| q.to_string())
            .collect();
        assert_eq!(span, ["2026-Q3", "2026-Q4", "2027-Q1"]);
        for bad in [
            "2027-Q5", "2027-Q0", "27-Q1", "2027Q1", "2027-1", "", "2027-Q",
        ] {
            assert!(bad.parse::<Quarter>().is_err(), "{bad} should be rejected");
        }
    }

    #[test]
    fn quarters_measure_the_calendar() {
        let q = |text: &str| text.parse::<Quarter>().unwrap();
        let day = |text: &str| text.parse::<Day>().unwrap();
        assert_eq!(q("2027-Q2").quarters_since(q("2026-Q4")), 2);
        assert_eq!(q("2026-Q4").quarters_since(q("2027-Q2")), -2);
        assert_eq!(q("2026-Q4").first_day(), Some(day("2026-10-01")));
        assert_eq!(q("2027-Q1").first_day(), Some(day("2027-01-01")));
        assert_eq!(day("2026-10-01").share_of_quarter(), Some(0.0));
        assert_eq!(day("2026-11-21").share_of_quarter(), Some(51.0 / 92.0));
        assert_eq!(day("2026-12-31").share_of_quarter(), Some(91.0 / 92.0));
        assert_eq!(day("2028-02-29").share_of_quarter(), Some(59.0 / 91.0));
        // The calendar ends with 9999, so its last quarter has no end.
        assert_eq!(day("9999-12-31").share_of_quarter(), None);
    }

    #[test]
    fn days_parse_strictly() {
        assert!("2026-02-29".parse::<Day>().is_err());
        assert!("2026-2-1".parse::<Day>().is_err());
        let day: Day = "2026-11-21".parse().unwrap();
        assert_eq!(day.quarter().to_string(), "2026-Q4");
        assert_eq!("2026-11-01".parse::<Day>().unwrap().days_until(day), 20);
    }

    #[test]
    fn slugs_accept_only_lowercase_digits_and_dashes() {
        for good in ["a", "cloud-migration", "2027-plan"] {
            assert!(check_slug(good).is_ok(), "{good}");
        }
        for bad in ["", "-a", "Cloud", "a/b", "..", "a_b", "a b", "é"] {
            assert!(check_slug(bad).is_err(), "{bad}");
        }
        assert!(check_slug(&"a".repeat(MAX_ID_LEN)).is_ok());
        assert!(check_slug(&"a".repeat(MAX_ID_LEN + 1)).is_err());
    }
}
