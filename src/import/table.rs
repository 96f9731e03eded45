//! CSV exports read a row at a time: columns found by name (a name may be
//! repeated, as Jira repeats `Labels` for each label), and dates in the
//! forms trackers write them.

use super::problem::Problem;
use crate::source::open_regular;
use jiff::civil::Date;
use std::io::BufReader;
use std::path::Path;

/// A CSV export being read.
pub struct Table {
    reader: csv::Reader<BufReader<std::fs::File>>,
    pub names: Vec<String>,
    record: csv::StringRecord,
}

/// One row, with where it stands in the file.
pub struct Row<'a> {
    table: &'a Table,
    /// 1-based, the header being row 0.
    pub number: u64,
    /// The byte the row starts at.
    pub byte: u64,
}

impl Table {
    pub fn open(path: &Path) -> Result<Table, Problem> {
        let file = open_regular(path).map_err(|error| Problem::unreadable(&error))?;
        let mut reader = csv::ReaderBuilder::new()
            .flexible(false)
            .from_reader(BufReader::new(file));
        let headers = reader.headers().map_err(|e| csv_problem(&e))?;
        let names = headers
            .iter()
            .map(|name| name.trim_start_matches('\u{feff}').trim().to_owned())
            .collect();
        Ok(Table {
            reader,
            names,
            record: csv::StringRecord::new(),
        })
    }

    /// The position of the first column named `name`.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| n.eq_ignore_ascii_case(name))
    }

    /// The positions of every column named `name`.
    pub fn columns(&self, name: &str) -> Vec<usize> {
        (0..self.names.len())
            .filter(|&i| self.names[i].eq_ignore_ascii_case(name))
            .collect()
    }

    /// The first of `names` that is a column, or a problem naming them all.
    pub fn require(&self, names: &[&str], export: &str) -> Result<usize, Problem> {
        names
            .iter()
            .find_map(|name| self.column(name))
            .ok_or_else(|| Problem::missing_column(names, export, &self.names))
    }

    /// The next row, or `None` at the end.
    pub fn next_row(&mut self) -> Result<Option<Row<'_>>, Problem> {
        let more = self
            .reader
            .read_record(&mut self.record)
            .map_err(|e| csv_problem(&e))?;
        if !more {
            return Ok(None);
        }
        let (number, byte) = self
            .record
            .position()
            .map_or((0, 0), |p| (p.record(), p.byte()));
        Ok(Some(Row {
            table: self,
            number,
            byte,
        }))
    }
}

impl Row<'_> {
    /// The text of column `index`, trimmed; `None` when empty.
    pub fn get(&self, index: Option<usize>) -> Option<&str> {
        let text = self.table.record.get(index?)?.trim();
        (!text.is_empty()).then_some(text)
    }

    /// The non-empty texts of several columns of one name.
    pub fn all(&self, indices: &[usize]) -> Vec<String> {
        indices
            .iter()
            .filter_map(|&i| self.get(Some(i)))
            .map(str::to_owned)
            .collect()
    }

    /// A problem with the value of column `index`.
    pub fn problem(&self, index: usize, message: String, help: &str) -> Problem {
        let name = self.table.names.get(index).cloned().unwrap_or_default();
        let value = self.get(Some(index)).unwrap_or_default().to_owned();
        Problem::at_cell(self.byte, self.number, name, value, message, help)
    }

    /// The date in column `index`, if any.
    pub fn date(&self, index: Option<usize>) -> Result<Option<Date>, Problem> {
        let Some(text) = self.get(index) else {
            return Ok(None);
        };
        parse_date(text).map(Some).ok_or_else(|| {
            self.problem(
                index.unwrap_or_default(),
                format!("cannot read the date `{text}`"),
                "dates are read as 2025-11-05, 05/Nov/25 3:15 PM (Jira's default format) or \
                 Tue Nov 05 2025 15:15:00 GMT+0000; export again with one of them, or set \
                 Jira's date format (look and feel settings) to one",
            )
        })
    }

    /// The number in column `index`, if any.
    pub fn number(&self, index: Option<usize>) -> Result<Option<f64>, Problem> {
        let Some(text) = self.get(index) else {
            return Ok(None);
        };
        match text.parse::<f64>() {
            Ok(value) if value.is_finite() && value >= 0.0 => Ok(Some(value)),
            _ => Err(self.problem(
                index.unwrap_or_default(),
                format!("`{text}` is not an estimate"),
                "an estimate is a number, such as 3 or 0.5; leave the cell empty when there is none",
            )),
        }
    }
}

/// How messages name the record `row` of a CSV file: the header, or a
/// row counted from the first below it.
fn row_name(row: u64) -> String {
    match row {
        0 => "the header".to_owned(),
        row => format!("row {row}"),
    }
}

/// A row that csv refused.
fn csv_problem(error: &csv::Error) -> Problem {
    let row = error.position().map_or(0, csv::Position::record);
    let start = error.position().map_or(0, csv::Position::byte);
    let problem = match error.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => Problem::at_line(
            1,
            format!(
                "row {row} has {} where the header has {expected_len}",
                crate::diagnostic::plural(*len as usize, "field")
            ),
            "a quote that is not closed swallows the rest of the file, and a comma outside \
             quotes splits a field: export the file again rather than editing it by hand",
        ),
        csv::ErrorKind::Utf8 { .. } => Problem::at_line(
            1,
            format!("{} is not UTF-8 text", row_name(row)),
            "export the file as UTF-8 CSV, as trackers do by default; this may not be an export at all",
        ),
        _ => Problem::at_line(
            1,
            format!("the file cannot be read as CSV: {error}"),
            "export the file again from the tracker",
        ),
    };
    problem.at_byte(start)
}

/// A date as trackers write it: ISO 8601 (with or without a time), Jira's
/// `05/Nov/25 3:15 PM`, or JavaScript's `Tue Nov 05 2025 15:15:00 GMT…`.
/// Only the day matters to a roadmap, so times are checked, not kept.
pub fn parse_date(text: &str) -> Option<Date> {
    let text = text.trim();
    if let Some(day) = text.get(..10).and_then(|d| d.parse::<Date>().ok()) {
        let rest = &text[10..];
        return (rest.is_empty() || rest.starts_with(['T', ' '])).then_some(day);
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    match words.as_slice() {
        [day, time @ ..] if day.contains('/') && is_time(time) => day_month_year(day),
        [_weekday, month, day, year, time, ..] if time.contains(':') => {
            let year: i16 = year.parse().ok()?;
            Date::new(year, month_number(month)?, day.parse().ok()?).ok()
        }
        _ => None,
    }
}

/// `05/Nov/25` or `5/November/2025`.
fn day_month_year(text: &str) -> Option<Date> {
    let mut parts = text.split('/');
    let (day, month, year) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let year: i16 = match year.len() {
        2 => 2000 + year.parse::<i16>().ok()?,
        4 => year.parse().ok()?,
        _ => return None,
    };
    Date::new(year, month_number(month)?, day.parse().ok()?).ok()
}

/// Nothing, `15:15`, `3:15 PM` or `3:15:00 pm`.
fn is_time(words: &[&str]) -> bool {
    let clock = |text: &str| {
        let parts: Vec<&str> = text.split(':').collect();
        (2..=3).contains(&parts.len())
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.len() <= 2 && p.bytes().all(|b| b.is_ascii_digit()))
    };
    match words {
        [] => true,
        [time] => clock(time),
        [time, half] => clock(time) && ["AM", "PM"].iter().any(|h| half.eq_ignore_ascii_case(h)),
        _ => false,
    }
}

fn month_number(name: &str) -> Option<i8> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let lower = name.to_ascii_lowercase();
    if lower.len() < 3 {
        return None;
    }
    let index = MONTHS.iter().position(|m| lower.starts_with(m))?;
    Some(i8::try_from(index).ok()? + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_read_in_the_forms_trackers_write() {
        let day = |text| parse_date(text).map(|d| d.to_string());
        assert_eq!(day("05/Nov/25 3:15 PM").as_deref(), Some("2025-11-05"));
        assert_eq!(day("5/nov/2025").as_deref(), Some("2025-11-05"));
        assert_eq!(day("2025-11-05").as_deref(), Some("2025-11-05"));
        assert_eq!(
            day("2025-11-05T15:15:00.000Z").as_deref(),
            Some("2025-11-05")
        );
        assert_eq!(day("2025-11-05 15:15").as_deref(), Some("2025-11-05"));
        assert_eq!(
            day("Wed Nov 05 2025 15:15:00 GMT+0000 (Coordinated Universal Time)").as_deref(),
            Some("2025-11-05")
        );
        for bad in [
            "11/05/2025",
            "05/Nov/25 25 o'clock",
            "yesterday",
            "31/Feb/25",
            "2025-11-05x",
        ] {
            assert_eq!(day(bad), None, "{bad}");
        }
    }
}
