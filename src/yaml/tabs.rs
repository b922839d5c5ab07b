//! libyaml's tab rules, which saphyr (a YAML 1.2 parser) does not share.
//!
//! go-yaml v2 rejects a tab where block indentation is expected and accepts
//! tabs as separators elsewhere (`key:\tvalue`, `'quoted\n\tcontinued'`).
//! This pass walks the text line by line, reports go-yaml's error for the
//! tabs it rejects, and turns the separator tabs it accepts into spaces (same
//! length, so positions do not move) before saphyr sees the text.
//!
//! The rules, from scannerc.go:
//! - In block context a line's indentation is read as spaces only; a tab
//!   there cannot start a token ("found character that cannot start any
//!   token"), and likewise right after `- `-style indicators.
//! - After a plain scalar, the scanner consumes the following blanks and
//!   line breaks as part of a possible continuation; a tab met there after a
//!   line break, left of the scalar's indentation, "violates indentation".
//! - In a block scalar, a tab inside the indentation is "found a tab
//!   character where an indentation space is expected".

use std::borrow::Cow;

use super::{Position, YamlError};

struct Scan<'a> {
    text: &'a str,
    out: Option<Vec<u8>>,
    flow_depth: usize,
    /// The quote of a quoted scalar left open at the end of a line.
    in_quote: Option<u8>,
    /// An open block scalar: the indentation of its parent and its own
    /// indentation (0 until the first content line fixes it).
    block: Option<(usize, usize)>,
    /// After a line ending in a plain scalar: the scalar's indentation
    /// (its parent collection's column + 1).
    plain_indent: Option<usize>,
}

fn tab_error(text: &str, offset: usize, message: &str) -> YamlError {
    let position = Position::of(text.as_bytes(), offset);
    // Scanner errors report the 1-based line, but only off the first line.
    let message = if position.line == 1 {
        format!("yaml: {message}")
    } else {
        format!("yaml: line {}: {message}", position.line)
    };
    YamlError::convert(message, Some(position))
}

impl Scan<'_> {
    fn replace(&mut self, offset: usize) {
        let out = self
            .out
            .get_or_insert_with(|| self.text.as_bytes().to_vec());
        out[offset] = b' ';
    }
}

/// Checks `text` against go-yaml's tab rules; returns the text saphyr
/// should parse (with accepted separator tabs made spaces).
pub fn check(text: &str) -> Result<Cow<'_, str>, YamlError> {
    if !text.contains('\t') {
        return Ok(Cow::Borrowed(text));
    }
    let mut scan = Scan {
        text,
        out: None,
        flow_depth: 0,
        in_quote: None,
        block: None,
        plain_indent: None,
    };
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        scan_line(&mut scan, line, line_start)?;
        line_start += line.len();
    }
    Ok(match scan.out {
        // Only ASCII tabs were replaced by ASCII spaces: still UTF-8.
        Some(bytes) => Cow::Owned(String::from_utf8(bytes).unwrap_or_else(|_| text.to_string())),
        None => Cow::Borrowed(text),
    })
}

fn scan_line(scan: &mut Scan<'_>, line: &str, start: usize) -> Result<(), YamlError> {
    let bytes = line.as_bytes();
    let content_end = bytes
        .iter()
        .rposition(|&b| b != b'\n' && b != b'\r')
        .map_or(0, |i| i + 1);
    let spaces = bytes.iter().take_while(|&&b| b == b' ').count();
    let blank = bytes[..content_end]
        .iter()
        .all(|&b| b == b' ' || b == b'\t');

    // Inside a block scalar.
    if let Some((parent, indent)) = scan.block {
        let first_non_space = bytes.get(spaces).copied();
        let is_tab = first_non_space == Some(b'\t');
        if is_tab && (indent == 0 || spaces < indent) {
            return Err(tab_error(
                scan.text,
                start + spaces,
                "found a tab character where an indentation space is expected",
            ));
        }
        if blank {
            return Ok(());
        }
        if indent == 0 {
            // The first content line fixes the indentation; one not deeper
            // than the parent ends the (empty) scalar.
            if spaces > parent || (parent == 0 && spaces > 0) {
                scan.block = Some((parent, spaces));
                return Ok(());
            }
        } else if spaces >= indent {
            return Ok(());
        }
        scan.block = None;
    }

    let mut i = 0;
    // Continuation of a quoted scalar: leading blanks are folded away, so a
    // tab there is a separator.
    if let Some(q) = scan.in_quote {
        while i < content_end && (bytes[i] == b' ' || bytes[i] == b'\t') {
            if bytes[i] == b'\t' {
                scan.replace(start + i);
            }
            i += 1;
        }
        match find_quote_end(bytes, i, content_end, q) {
            Some(end) => {
                scan.in_quote = None;
                i = end;
            }
            None => return Ok(()),
        }
    } else if scan.flow_depth == 0 {
        // Indentation of a block-context line.
        if bytes.get(spaces) == Some(&b'\t') {
            if let Some(indent) = scan.plain_indent {
                // The previous plain scalar's continuation scan meets it.
                let mut k = spaces;
                while k < content_end && (bytes[k] == b' ' || bytes[k] == b'\t') {
                    if bytes[k] == b'\t' && k < indent {
                        return Err(tab_error(
                            scan.text,
                            start + k,
                            "found a tab character that violates indentation",
                        ));
                    }
                    k += 1;
                }
                if k >= content_end {
                    // A blank line: the continuation scan goes on.
                    return Ok(());
                }
                // Text right of the indentation continues the scalar; the
                // tabs before it are separators.
                for (j, &b) in bytes.iter().enumerate().take(k).skip(spaces) {
                    if b == b'\t' {
                        scan.replace(start + j);
                    }
                }
                i = k;
            } else {
                return Err(tab_error(
                    scan.text,
                    start + spaces,
                    "found character that cannot start any token",
                ));
            }
        } else {
            i = spaces;
        }
        if blank {
            return Ok(());
        }
        if bytes.get(i) == Some(&b'#') {
            return Ok(());
        }
    } else {
        // Flow context: tabs are whitespace.
        i = 0;
    }

    // The rest of the line: indicators, scalars, comments.
    let previous_plain = scan.plain_indent.take();
    let line_indent = spaces;
    // The column of the block collection the next scalar belongs to.
    let mut parent_col = line_indent;
    let mut saw_key = false;
    let mut plain_parent: Option<usize> = None;
    let mut ends_with_plain = false;
    while i < content_end {
        let c = bytes[i];
        let next_is_blank = matches!(bytes.get(i + 1), None | Some(b' ' | b'\t' | b'\n' | b'\r'));
        match c {
            b' ' => i += 1,
            b'\t' => {
                if scan.flow_depth == 0 && after_block_indicator(bytes, i) {
                    return Err(tab_error(
                        scan.text,
                        start + i,
                        "found character that cannot start any token",
                    ));
                }
                scan.replace(start + i);
                i += 1;
            }
            b'#' if i == 0 || matches!(bytes[i - 1], b' ' | b'\t') => break,
            b'\'' | b'"' => {
                ends_with_plain = false;
                match find_quote_end(bytes, i + 1, content_end, c) {
                    Some(end) => i = end,
                    None => {
                        scan.in_quote = Some(c);
                        return Ok(());
                    }
                }
            }
            b'[' | b'{' => {
                scan.flow_depth += 1;
                ends_with_plain = false;
                i += 1;
            }
            b']' | b'}' => {
                scan.flow_depth = scan.flow_depth.saturating_sub(1);
                ends_with_plain = false;
                i += 1;
            }
            b'-' | b'?' if scan.flow_depth == 0 && next_is_blank => {
                parent_col = i;
                ends_with_plain = false;
                i += 1;
            }
            b':' if scan.flow_depth == 0 && next_is_blank => {
                ends_with_plain = false;
                i += 1;
            }
            b'&' | b'*' => {
                // An anchor or alias: its name is alphanumeric.
                ends_with_plain = false;
                i += 1;
                while i < content_end
                    && (bytes[i].is_ascii_alphanumeric() || matches!(bytes[i], b'_' | b'-'))
                {
                    i += 1;
                }
            }
            b'!' => {
                // A tag runs to a blank.
                ends_with_plain = false;
                while i < content_end && !matches!(bytes[i], b' ' | b'\t') {
                    i += 1;
                }
            }
            b'|' | b'>' if scan.flow_depth == 0 => {
                // A block scalar header: the rest of the line is its
                // indicators and a comment.
                let explicit = bytes[i + 1..content_end]
                    .iter()
                    .take_while(|&&b| b != b'#')
                    .find(|b| (b'1'..=b'9').contains(b))
                    .map(|d| usize::from(d - b'0'));
                scan.block = Some((parent_col, explicit.map_or(0, |d| parent_col + d)));
                return Ok(());
            }
            _ => {
                // A plain scalar runs to ": ", " #" or the end of the line.
                let scalar_start = i;
                while i < content_end {
                    let b = bytes[i];
                    if (b == b' ' || b == b'\t') && matches!(bytes.get(i + 1), Some(b'#')) {
                        break;
                    }
                    if b == b':'
                        && matches!(bytes.get(i + 1), None | Some(b' ' | b'\t' | b'\n' | b'\r'))
                    {
                        break;
                    }
                    if scan.flow_depth > 0 && matches!(b, b',' | b']' | b'}' | b'[' | b'{') {
                        break;
                    }
                    i += 1;
                }
                if i == scalar_start {
                    // A flow indicator (`,`) or a lone `:`: step over it.
                    i += 1;
                    continue;
                }
                if scan.flow_depth == 0 && i < content_end && bytes[i] == b':' {
                    // A key: its mapping sits at the key's column.
                    parent_col = scalar_start;
                    saw_key = true;
                    ends_with_plain = false;
                } else {
                    plain_parent = Some(parent_col);
                    ends_with_plain = scan.flow_depth == 0;
                }
            }
        }
    }
    scan.plain_indent = if ends_with_plain {
        match (previous_plain, saw_key, plain_parent) {
            // A continuation line of a multi-line plain scalar keeps the
            // scalar's indentation.
            (Some(indent), false, _) if parent_col == line_indent => Some(indent),
            (_, _, Some(parent)) => Some(parent + 1),
            _ => None,
        }
    } else {
        None
    };
    Ok(())
}

/// Whether the tab at `i` directly follows a block indicator (`-`, `?`, or
/// `:` at the start of a line) after which libyaml allows a simple key and
/// so reads no tabs.
fn after_block_indicator(bytes: &[u8], i: usize) -> bool {
    if i == 0 {
        return false;
    }
    let prev = bytes[i - 1];
    if !matches!(prev, b'-' | b'?') {
        return false;
    }
    // The indicator must start a token: line start or after blanks.
    i < 2 || matches!(bytes[i - 2], b' ')
}

/// The index after the closing quote, scanning from `from`.
fn find_quote_end(bytes: &[u8], from: usize, end: usize, quote: u8) -> Option<usize> {
    let mut i = from;
    while i < end {
        let b = bytes[i];
        if quote == b'"' && b == b'\\' {
            i += 2;
            continue;
        }
        if b == quote {
            if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') {
                i += 2;
                continue;
            }
            return Some(i + 1);
        }
        i += 1;
    }
    None
}
