//! Rendering: the validated model into pages, charts, feed and exports.

pub mod charts;
