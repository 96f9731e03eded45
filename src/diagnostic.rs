//! Problems found in a roadmap: each names its file, line and column, quotes
//! the source with the offending span marked, and says what to do. Printed
//! the way rustc prints, or as JSON for tools.

use crate::source::SourceFile;
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceSpan};
use serde::Serialize;
use std::fmt;
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// Stable codes: tools and tests match on them, so never rename one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Code {
    UnreadableFile,
    Config,
    FrontMatterMissing,
    FrontMatterUnterminated,
    YamlSyntax,
    UnknownKey,
    WrongType,
    InvalidValue,
    MalformedQuarter,
    MalformedDate,
    ConflictingKeys,
    EndBeforeStart,
    MissingTitle,
    MissingStatus,
    DuplicateId,
    UnknownGoal,
    UnknownDependency,
    /// A reference to another roadmap's work, namespaced by its member,
    /// from a roadmap checked on its own rather than in its portfolio.
    ExternalDependency,
    UnknownCategory,
    UnsafeUrl,
    SelfDependency,
    DependencyCycle,
    ScheduleConflict,
    SymlinkSkipped,
    NoGoal,
    UnservedGoal,
    OverCapacity,
    Stale,
    DoneBeforePrerequisite,
    DependsOnDropped,
    Overdue,
    GoalAtRisk,
    MissingEffort,
    UnknownTemplate,
    BadExport,
    UnusedColumn,
    TrackerUnmatched,
    TrackerAmbiguous,
}

impl Code {
    pub fn as_str(self) -> &'static str {
        match self {
            Code::UnreadableFile => "unreadable-file",
            Code::Config => "config",
            Code::FrontMatterMissing => "front-matter-missing",
            Code::FrontMatterUnterminated => "front-matter-unterminated",
            Code::YamlSyntax => "yaml-syntax",
            Code::UnknownKey => "unknown-key",
            Code::WrongType => "wrong-type",
            Code::InvalidValue => "invalid-value",
            Code::MalformedQuarter => "malformed-quarter",
            Code::MalformedDate => "malformed-date",
            Code::ConflictingKeys => "conflicting-keys",
            Code::EndBeforeStart => "end-before-start",
            Code::MissingTitle => "missing-title",
            Code::MissingStatus => "missing-status",
            Code::DuplicateId => "duplicate-id",
            Code::UnknownGoal => "unknown-goal",
            Code::UnknownDependency => "unknown-dependency",
            Code::ExternalDependency => "external-dependency",
            Code::UnknownCategory => "unknown-category",
            Code::UnsafeUrl => "unsafe-url",
            Code::SelfDependency => "self-dependency",
            Code::DependencyCycle => "dependency-cycle",
            Code::ScheduleConflict => "schedule-conflict",
            Code::SymlinkSkipped => "symlink-skipped",
            Code::NoGoal => "no-goal",
            Code::UnservedGoal => "unserved-goal",
            Code::OverCapacity => "over-capacity",
            Code::Stale => "stale",
            Code::DoneBeforePrerequisite => "done-before-prerequisite",
            Code::DependsOnDropped => "depends-on-dropped",
            Code::Overdue => "overdue",
            Code::GoalAtRisk => "goal-at-risk",
            Code::MissingEffort => "missing-effort",
            Code::UnknownTemplate => "unknown-template",
            Code::BadExport => "bad-export",
            Code::UnusedColumn => "unused-column",
            Code::TrackerUnmatched => "tracker-unmatched",
            Code::TrackerAmbiguous => "tracker-ambiguous",
        }
    }

    pub fn severity(self) -> Severity {
        match self {
            Code::SymlinkSkipped
            | Code::ExternalDependency
            | Code::NoGoal
            | Code::UnservedGoal
            | Code::OverCapacity
            | Code::Stale
            | Code::DoneBeforePrerequisite
            | Code::DependsOnDropped
            | Code::ScheduleConflict
            | Code::Overdue
            | Code::GoalAtRisk
            | Code::MissingEffort
            | Code::UnknownTemplate
            | Code::UnusedColumn
            | Code::TrackerUnmatched => Severity::Warning,
            _ => Severity::Error,
        }
    }
}

/// A byte range of a source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    // Diagnostic::new keeps a span on the file's character boundaries.
    pub offset: usize,
    pub len: usize,
}

impl Span {
    pub fn new(offset: usize, len: usize) -> Span {
        Span { offset, len }
    }
}

#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub code: Code,
    pub message: String,
    pub file: Arc<SourceFile>,
    pub span: Span,
    /// Said at the marked span.
    pub label: Option<String>,
    /// What to do about it.
    pub help: Option<String>,
    /// Other places that take part in the problem; boxed, since most
    /// diagnostics have none and results carry diagnostics by value.
    pub related: Box<[Related]>,
}

/// A place in another file that takes part in a diagnostic's problem.
#[derive(Debug, Clone)]
pub struct Related {
    pub file: Arc<SourceFile>,
    pub span: Span,
    pub message: String,
}

impl Diagnostic {
    pub fn new(code: Code, file: &Arc<SourceFile>, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            message: message.into(),
            file: Arc::clone(file),
            span: file.clamp(span),
            label: None,
            help: None,
            related: Box::default(),
        }
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a place in another file that takes part in the problem.
    pub fn related(
        mut self,
        file: &Arc<SourceFile>,
        span: Span,
        message: impl Into<String>,
    ) -> Self {
        let mut related = std::mem::take(&mut self.related).into_vec();
        related.push(Related {
            file: Arc::clone(file),
            span: file.clamp(span),
            message: message.into(),
        });
        self.related = related.into_boxed_slice();
        self
    }

    pub fn severity(&self) -> Severity {
        self.code.severity()
    }

    /// 1-based line and column of the span's start.
    pub fn line_column(&self) -> (usize, usize) {
        self.file.line_column(self.span.offset)
    }
}

/// Adds "did you mean `x`?" when one of `candidates` is close to `wrong`.
pub fn did_you_mean<'a>(
    wrong: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    candidates
        .into_iter()
        .map(|candidate| (strsim::jaro_winkler(wrong, candidate), candidate))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, candidate)| format!("did you mean `{candidate}`?"))
}

/// Every problem of one run, in a stable order: by file, then position.
#[derive(Debug, Default)]
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    pub fn extend(&mut self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        self.diagnostics.extend(diagnostics);
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity() == severity)
            .count()
    }

    pub fn has_errors(&self) -> bool {
        self.count(Severity::Error) > 0
    }

    pub fn sort(&mut self) {
        self.diagnostics.sort_by(|a, b| {
            (a.file.name.as_str(), a.span.offset, a.code.as_str()).cmp(&(
                b.file.name.as_str(),
                b.span.offset,
                b.code.as_str(),
            ))
        });
    }

    /// One JSON document: counts, then each diagnostic with its position.
    pub fn to_json(&self) -> String {
        #[derive(Serialize)]
        struct Entry<'a> {
            severity: Severity,
            code: &'static str,
            message: &'a str,
            file: &'a str,
            line: usize,
            column: usize,
            #[serde(skip_serializing_if = "Option::is_none")]
            help: Option<&'a str>,
            #[serde(skip_serializing_if = "Vec::is_empty")]
            related: Vec<Place<'a>>,
        }
        #[derive(Serialize)]
        struct Place<'a> {
            message: &'a str,
            file: &'a str,
            line: usize,
            column: usize,
        }
        #[derive(Serialize)]
        struct Document<'a> {
            errors: usize,
            warnings: usize,
            diagnostics: Vec<Entry<'a>>,
        }
        let diagnostics = self
            .diagnostics
            .iter()
            .map(|d| {
                let (line, column) = d.line_column();
                Entry {
                    severity: d.severity(),
                    code: d.code.as_str(),
                    message: &d.message,
                    file: &d.file.name,
                    line,
                    column,
                    help: d.help.as_deref(),
                    related: d
                        .related
                        .iter()
                        .map(|r| {
                            let (line, column) = r.file.line_column(r.span.offset);
                            Place {
                                message: &r.message,
                                file: &r.file.name,
                                line,
                                column,
                            }
                        })
                        .collect(),
                }
            })
            .collect();
        let document = Document {
            errors: self.count(Severity::Error),
            warnings: self.count(Severity::Warning),
            diagnostics,
        };
        serde_json::to_string_pretty(&document).expect("diagnostics serialise to JSON")
    }

    /// One GitHub Actions workflow command per diagnostic, which GitHub
    /// shows as an annotation of the file and line in a pull request.
    /// `folder` is prefixed to file names, which are relative to the
    /// roadmap, so that they are relative to where the workflow runs.
    pub fn to_github(&self, folder: &str) -> String {
        let mut out = String::new();
        for d in &self.diagnostics {
            let command = match d.severity() {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            let (line, column) = d.line_column();
            let file = match folder {
                "" => d.file.name.clone(),
                _ => format!("{folder}/{}", d.file.name),
            };
            let mut message = d.message.clone();
            if let Some(help) = &d.help {
                message.push_str("\nhelp: ");
                message.push_str(help);
            }
            out.push_str(&format!(
                "::{command} file={},line={line},col={column},title={}::{}\n",
                github_property(&file),
                github_property(d.code.as_str()),
                github_data(&message)
            ));
        }
        out
    }

    /// Every diagnostic drawn with its snippet, then a summary line.
    pub fn to_human(&self, color: bool) -> String {
        let mut out = self.draw(color);
        out.push_str(&self.summary());
        out.push('\n');
        out
    }

    /// Every diagnostic drawn with its snippet.
    pub fn draw(&self, color: bool) -> String {
        let mut theme = if color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        // The header names the severity in words, as rustc does.
        theme.characters.error = String::new();
        theme.characters.warning = String::new();
        theme.characters.advice = String::new();
        let handler = GraphicalReportHandler::new_themed(theme).with_context_lines(1);
        let mut out = String::new();
        for diagnostic in &self.diagnostics {
            let shown = Shown {
                diagnostic,
                source: NamedSource::new(
                    &diagnostic.file.name,
                    String::clone(&diagnostic.file.text),
                ),
            };
            // Writing into a String cannot fail.
            let _ = handler.render_report(&mut out, &shown);
            // miette would head related places "Advice:"; rustc says "note:".
            for place in &diagnostic.related {
                let _ = handler.render_report(&mut out, &ShownPlace::of(place));
            }
            out.push('\n');
        }
        out
    }

    pub fn summary(&self) -> String {
        format!(
            "{}, {}",
            plural(self.count(Severity::Error), "error"),
            plural(self.count(Severity::Warning), "warning")
        )
    }
}

/// A workflow command's message, escaped as GitHub's runner unescapes it.
fn github_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value, which ends at `,` and whose
/// name ends at `:`, so both are escaped too.
fn github_property(text: &str) -> String {
    github_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// "1 error", "2 errors".
pub fn plural(count: usize, word: &str) -> String {
    format!("{count} {word}{}", if count == 1 { "" } else { "s" })
}

/// Adapts a diagnostic to miette's renderer, which draws the snippet.
struct Shown<'a> {
    diagnostic: &'a Diagnostic,
    source: NamedSource<String>,
}

/// A related place, drawn after the diagnostic as a note with its snippet.
#[derive(Debug)]
struct ShownPlace<'a> {
    place: &'a Related,
    source: NamedSource<String>,
}

impl<'a> ShownPlace<'a> {
    fn of(place: &'a Related) -> ShownPlace<'a> {
        ShownPlace {
            place,
            source: NamedSource::new(&place.file.name, String::clone(&place.file.text)),
        }
    }
}

impl fmt::Display for ShownPlace<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "note: {}", self.place.message)
    }
}

impl std::error::Error for ShownPlace<'_> {}

impl miette::Diagnostic for ShownPlace<'_> {
    fn severity(&self) -> Option<miette::Severity> {
        Some(miette::Severity::Advice)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = SourceSpan::new(self.place.span.offset.into(), self.place.span.len);
        Some(Box::new(std::iter::once(LabeledSpan::new_with_span(
            None, span,
        ))))
    }
}

impl fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.diagnostic.fmt(f)
    }
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.diagnostic.severity() {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let code = self.diagnostic.code.as_str();
        write!(f, "{severity}[{code}]: {}", self.diagnostic.message)
    }
}

impl std::error::Error for Shown<'_> {}

impl miette::Diagnostic for Shown<'_> {
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity() {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.diagnostic
            .help
            .as_ref()
            .map(|help| Box::new(help) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = SourceSpan::new(self.diagnostic.span.offset.into(), self.diagnostic.span.len);
        let label = LabeledSpan::new_with_span(self.diagnostic.label.clone(), span);
        Some(Box::new(std::iter::once(label)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflow_commands_escape_what_would_end_them() {
        assert_eq!(github_data("100% done\r\nnext"), "100%25 done%0D%0Anext");
        assert_eq!(github_property("a,b:c%\n"), "a%2Cb%3Ac%25%0A");
        let file = SourceFile::new("content/a,b.md".into(), "---\ntitle: x\n");
        let mut report = Report::default();
        report.push(
            Diagnostic::new(
                Code::MissingStatus,
                &file,
                Span::new(4, 5),
                "no: status, 50%",
            )
            .help("add it"),
        );
        assert_eq!(
            report.to_github("road map"),
            "::error file=road map/content/a%2Cb.md,line=2,col=1,title=missing-status::no: status, 50%25%0Ahelp: add it\n"
        );
    }

    #[test]
    fn suggestions_pick_the_closest_candidate() {
        let candidates = ["title", "status", "summary"];
        assert_eq!(
            did_you_mean("titel", candidates).as_deref(),
            Some("did you mean `title`?")
        );
        assert_eq!(did_you_mean("zzzz", candidates), None);
    }
}
