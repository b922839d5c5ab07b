//! Which template span printed each byte of output.
//!
//! Later stages use it to go from a line of a rendered manifest back to the
//! template line that printed it and, when the printed value came from the
//! data, to the values line behind it.

use std::ops::Range;
use std::sync::Arc;

use crate::value::Origin;

/// One run of output printed by one node.
#[derive(Clone, Debug, PartialEq)]
pub struct Segment {
    /// Byte range in the output.
    pub output: Range<usize>,
    /// The template file (Go's `ParseName`) the node was parsed from.
    pub template: Arc<str>,
    /// Byte range of the node in that file: the text, or the whole action
    /// from `{{` to `}}`.
    pub span: Range<usize>,
    /// Where the printed value came from, when the data said so.
    pub origin: Option<Origin>,
}

/// Segments in output order, without overlaps.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SourceMap {
    segments: Vec<Segment>,
}

impl SourceMap {
    pub fn push(&mut self, segment: Segment) {
        self.segments.push(segment);
    }

    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// The segment that printed output byte `offset`.
    pub fn lookup(&self, offset: usize) -> Option<&Segment> {
        let i = self
            .segments
            .partition_point(|segment| segment.output.end <= offset);
        self.segments
            .get(i)
            .filter(|segment| segment.output.contains(&offset))
    }
}
