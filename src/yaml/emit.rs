//! A port of libyaml's emitter as go-yaml carries it (emitterc.go), for the
//! events Helm's encoders produce: block mappings and sequences, `[]`/`{}`
//! for empty ones, and scalars in every style with go-yaml's choice between
//! plain, single-quoted, double-quoted and literal. Both the v2.4.0 flavour
//! (`toYaml`: 80-column folding, "indentless" sequences under keys) and the
//! v3 flavour (`toYamlPretty`: no folding, regular indentation) are here;
//! the comments name each difference.

use std::collections::VecDeque;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScalarStyle {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
}

#[derive(Clone, Debug)]
pub enum Event {
    StreamStart,
    StreamEnd,
    DocumentStart,
    DocumentEnd,
    SequenceStart,
    SequenceEnd,
    MappingStart,
    MappingEnd,
    /// An untagged scalar (go-yaml's encoders emit them with both implicit
    /// flags set) and the style the encoder asks for.
    Scalar(Vec<u8>, ScalarStyle),
}

impl Event {
    fn is_start(&self) -> bool {
        matches!(
            self,
            Event::StreamStart | Event::DocumentStart | Event::SequenceStart | Event::MappingStart
        )
    }

    fn is_end(&self) -> bool {
        matches!(
            self,
            Event::StreamEnd | Event::DocumentEnd | Event::SequenceEnd | Event::MappingEnd
        )
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    StreamStart,
    FirstDocumentStart,
    DocumentStart,
    DocumentContent,
    DocumentEnd,
    FlowSequenceFirstItem,
    FlowSequenceItem,
    FlowMappingFirstKey,
    FlowMappingKey,
    FlowMappingSimpleValue,
    FlowMappingValue,
    BlockSequenceFirstItem,
    BlockSequenceItem,
    BlockMappingFirstKey,
    BlockMappingKey,
    BlockMappingSimpleValue,
    BlockMappingValue,
    End,
}

/// Which go-yaml the emitter behaves like.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flavor {
    /// gopkg.in/yaml.v2 v2.4.0.
    V2,
    /// go-yaml v3 as sigs.k8s.io/yaml forks it (v1.4.0, Helm 3) and as
    /// go.yaml.in/yaml/v3 v3.0.4 has it (Helm 4): both carry the fix for
    /// block scalars that start with a line break (go-yaml issue 755).
    V3,
}

#[derive(Default)]
struct ScalarData {
    value: Vec<u8>,
    multiline: bool,
    flow_plain_allowed: bool,
    block_plain_allowed: bool,
    single_quoted_allowed: bool,
    block_allowed: bool,
    style: Option<ScalarStyle>,
}

pub struct Emitter {
    flavor: Flavor,
    pub out: Vec<u8>,
    best_indent: i64,
    best_width: i64,
    state: State,
    states: Vec<State>,
    events: VecDeque<Event>,
    indents: Vec<i64>,
    indent: i64,
    flow_level: i64,
    root_context: bool,
    mapping_context: bool,
    simple_key_context: bool,
    column: i64,
    whitespace: bool,
    indention: bool,
    open_ended: bool,
    scalar: ScalarData,
    error: Option<String>,
}

// Byte classes of yamlprivateh.go. Reads past the end see NUL, as libyaml's
// C strings do.
fn at(b: &[u8], i: usize) -> u8 {
    b.get(i).copied().unwrap_or(0)
}

fn is_printable(b: &[u8], i: usize) -> bool {
    let c = at(b, i);
    let c1 = at(b, i + 1);
    let c2 = at(b, i + 2);
    c == 0x0A
        || (0x20..=0x7E).contains(&c)
        || (c == 0xC2 && c1 >= 0xA0)
        || (c > 0xC2 && c < 0xED)
        || (c == 0xED && c1 < 0xA0)
        || c == 0xEE
        || (c == 0xEF && !(c1 == 0xBB && c2 == 0xBF) && !(c1 == 0xBF && (c2 == 0xBE || c2 == 0xBF)))
}

/// libyaml checks the first three bytes of the value, not those at `i`.
fn is_bom(b: &[u8], _i: usize) -> bool {
    at(b, 0) == 0xEF && at(b, 1) == 0xBB && at(b, 2) == 0xBF
}

fn is_space(b: &[u8], i: usize) -> bool {
    at(b, i) == b' '
}

fn is_blank(b: &[u8], i: usize) -> bool {
    matches!(at(b, i), b' ' | b'\t')
}

fn is_break(b: &[u8], i: usize) -> bool {
    let c = at(b, i);
    c == b'\r'
        || c == b'\n'
        || (c == 0xC2 && at(b, i + 1) == 0x85)
        || (c == 0xE2 && at(b, i + 1) == 0x80 && at(b, i + 2) == 0xA8)
        || (c == 0xE2 && at(b, i + 1) == 0x80 && at(b, i + 2) == 0xA9)
}

fn is_blankz(b: &[u8], i: usize) -> bool {
    is_blank(b, i) || is_break(b, i) || at(b, i) == 0
}

fn width(c: u8) -> usize {
    if c & 0x80 == 0 {
        1
    } else if c & 0xE0 == 0xC0 {
        2
    } else if c & 0xF0 == 0xE0 {
        3
    } else if c & 0xF8 == 0xF0 {
        4
    } else {
        // Invalid UTF-8 (go-yaml panics on it); never reached with the
        // valid strings the encoders pass.
        1
    }
}

impl Emitter {
    pub fn new(flavor: Flavor, best_indent: i64) -> Self {
        Emitter {
            flavor,
            out: Vec::new(),
            best_indent,
            // v2 folds at 80 columns; v3 initializes best_width to -1,
            // which stream start turns into "no limit".
            best_width: if flavor == Flavor::V2 { 0 } else { -1 },
            state: State::StreamStart,
            states: Vec::new(),
            events: VecDeque::new(),
            indents: Vec::new(),
            indent: -1,
            flow_level: 0,
            root_context: false,
            mapping_context: false,
            simple_key_context: false,
            column: 0,
            whitespace: true,
            indention: true,
            open_ended: false,
            scalar: ScalarData::default(),
            error: None,
        }
    }

    fn v3(&self) -> bool {
        self.flavor != Flavor::V2
    }

    /// go-yaml's `encoder.finish`: ends the stream without a "..." marker.
    pub fn finish(&mut self) -> Result<(), String> {
        self.open_ended = false;
        self.emit(Event::StreamEnd)
    }

    /// `yaml_emitter_emit`: queues the event and runs the state machine
    /// while enough look-ahead is available.
    pub fn emit(&mut self, event: Event) -> Result<(), String> {
        self.events.push_back(event);
        while !self.need_more_events() {
            let Some(event) = self.events.front().cloned() else {
                break;
            };
            self.analyze_event(&event);
            self.state_machine(&event);
            if let Some(err) = self.error.take() {
                return Err(err);
            }
            self.events.pop_front();
        }
        Ok(())
    }

    fn need_more_events(&self) -> bool {
        let Some(head) = self.events.front() else {
            return true;
        };
        let accumulate = match head {
            Event::DocumentStart => 1,
            Event::SequenceStart => 2,
            Event::MappingStart => 3,
            _ => return false,
        };
        if self.events.len() > accumulate {
            return false;
        }
        let mut level = 0i64;
        for e in &self.events {
            if e.is_start() {
                level += 1;
            } else if e.is_end() {
                level -= 1;
            }
            if level == 0 {
                return false;
            }
        }
        true
    }

    fn increase_indent(&mut self, flow: bool, indentless: bool) {
        self.indents.push(self.indent);
        if self.indent < 0 {
            self.indent = if flow { self.best_indent } else { 0 };
        } else if !indentless {
            if self.v3() {
                // v3: "indentations are more regular": inside a sequence
                // item skip the "- ", else align to the indent width.
                if self.states.last() == Some(&State::BlockSequenceItem) {
                    self.indent += 2;
                } else {
                    self.indent =
                        self.best_indent * ((self.indent + self.best_indent) / self.best_indent);
                }
            } else {
                self.indent += self.best_indent;
            }
        }
    }

    fn pop_indent(&mut self) {
        self.indent = self.indents.pop().unwrap_or(-1);
    }

    fn pop_state(&mut self) {
        self.state = self.states.pop().unwrap_or(State::End);
    }

    fn state_machine(&mut self, event: &Event) {
        match self.state {
            State::StreamStart => self.emit_stream_start(event),
            State::FirstDocumentStart => self.emit_document_start(event, true),
            State::DocumentStart => self.emit_document_start(event, false),
            State::DocumentContent => {
                self.states.push(State::DocumentEnd);
                self.emit_node(event, true, false, false);
            }
            State::DocumentEnd => self.emit_document_end(event),
            State::FlowSequenceFirstItem => self.emit_flow_sequence_item(event, true),
            State::FlowSequenceItem => self.emit_flow_sequence_item(event, false),
            State::FlowMappingFirstKey => self.emit_flow_mapping_key(event, true),
            State::FlowMappingKey => self.emit_flow_mapping_key(event, false),
            State::FlowMappingSimpleValue => self.emit_flow_mapping_value(event, true),
            State::FlowMappingValue => self.emit_flow_mapping_value(event, false),
            State::BlockSequenceFirstItem => self.emit_block_sequence_item(event, true),
            State::BlockSequenceItem => self.emit_block_sequence_item(event, false),
            State::BlockMappingFirstKey => self.emit_block_mapping_key(event, true),
            State::BlockMappingKey => self.emit_block_mapping_key(event, false),
            State::BlockMappingSimpleValue => self.emit_block_mapping_value(event, true),
            State::BlockMappingValue => self.emit_block_mapping_value(event, false),
            State::End => self.error = Some("expected nothing after STREAM-END".to_string()),
        }
    }

    fn emit_stream_start(&mut self, event: &Event) {
        if !matches!(event, Event::StreamStart) {
            self.error = Some("expected STREAM-START".to_string());
            return;
        }
        if self.best_indent < 2 || self.best_indent > 9 {
            self.best_indent = 2;
        }
        if self.best_width >= 0 && self.best_width <= self.best_indent * 2 {
            self.best_width = 80;
        }
        if self.best_width < 0 {
            self.best_width = i64::from(i32::MAX);
        }
        self.indent = -1;
        self.column = 0;
        self.whitespace = true;
        self.indention = true;
        self.state = State::FirstDocumentStart;
    }

    fn emit_document_start(&mut self, event: &Event, first: bool) {
        match event {
            Event::DocumentStart => {
                // The encoders' documents are implicit; a second one gets
                // "---" (never happens: Helm encodes one document).
                if !first {
                    self.write_indent();
                    self.write_indicator(b"---", true, false, false);
                    if self.v3() {
                        self.write_indent();
                    }
                }
                self.state = State::DocumentContent;
            }
            Event::StreamEnd => {
                if self.open_ended {
                    self.write_indicator(b"...", true, false, false);
                    self.write_indent();
                }
                self.state = State::End;
            }
            _ => self.error = Some("expected DOCUMENT-START or STREAM-END".to_string()),
        }
    }

    fn emit_document_end(&mut self, event: &Event) {
        if !matches!(event, Event::DocumentEnd) {
            self.error = Some("expected DOCUMENT-END".to_string());
            return;
        }
        self.write_indent();
        self.state = State::DocumentStart;
    }

    fn emit_flow_sequence_item(&mut self, event: &Event, first: bool) {
        if first {
            self.write_indicator(b"[", true, true, false);
            self.increase_indent(true, false);
            self.flow_level += 1;
        }
        if matches!(event, Event::SequenceEnd) {
            self.flow_level -= 1;
            self.pop_indent();
            if self.v3() && self.column == 0 {
                self.write_indent();
            }
            self.write_indicator(b"]", false, false, false);
            self.pop_state();
            return;
        }
        if !first {
            self.write_indicator(b",", false, false, false);
        }
        if self.v3() && self.column == 0 {
            self.write_indent();
        }
        if self.column > self.best_width {
            self.write_indent();
        }
        self.states.push(State::FlowSequenceItem);
        self.emit_node(event, false, false, false);
    }

    fn emit_flow_mapping_key(&mut self, event: &Event, first: bool) {
        if first {
            self.write_indicator(b"{", true, true, false);
            self.increase_indent(true, false);
            self.flow_level += 1;
        }
        if matches!(event, Event::MappingEnd) {
            self.flow_level -= 1;
            self.pop_indent();
            self.write_indicator(b"}", false, false, false);
            self.pop_state();
            return;
        }
        if !first {
            self.write_indicator(b",", false, false, false);
        }
        if self.v3() && self.column == 0 {
            self.write_indent();
        }
        if self.column > self.best_width {
            self.write_indent();
        }
        if self.check_simple_key() {
            self.states.push(State::FlowMappingSimpleValue);
            self.emit_node(event, false, true, true);
            return;
        }
        self.write_indicator(b"?", true, false, false);
        self.states.push(State::FlowMappingValue);
        self.emit_node(event, false, true, false);
    }

    fn emit_flow_mapping_value(&mut self, event: &Event, simple: bool) {
        if simple {
            self.write_indicator(b":", false, false, false);
        } else {
            if self.column > self.best_width {
                self.write_indent();
            }
            self.write_indicator(b":", true, false, false);
        }
        self.states.push(State::FlowMappingKey);
        self.emit_node(event, false, true, false);
    }

    fn emit_block_sequence_item(&mut self, event: &Event, first: bool) {
        if first {
            // v2 writes a sequence that is a mapping value at the key's
            // indentation ("indentless"); v3 indents it.
            let indentless = !self.v3() && self.mapping_context && !self.indention;
            self.increase_indent(false, indentless);
        }
        if matches!(event, Event::SequenceEnd) {
            self.pop_indent();
            self.pop_state();
            return;
        }
        self.write_indent();
        self.write_indicator(b"-", true, false, true);
        self.states.push(State::BlockSequenceItem);
        self.emit_node(event, true, false, false);
    }

    fn emit_block_mapping_key(&mut self, event: &Event, first: bool) {
        if first {
            self.increase_indent(false, false);
        }
        if matches!(event, Event::MappingEnd) {
            self.pop_indent();
            self.pop_state();
            return;
        }
        self.write_indent();
        if self.check_simple_key() {
            self.states.push(State::BlockMappingSimpleValue);
            self.emit_node(event, false, true, true);
            return;
        }
        self.write_indicator(b"?", true, false, true);
        self.states.push(State::BlockMappingValue);
        self.emit_node(event, false, true, false);
    }

    fn emit_block_mapping_value(&mut self, event: &Event, simple: bool) {
        if simple {
            self.write_indicator(b":", false, false, false);
        } else {
            self.write_indent();
            self.write_indicator(b":", true, false, true);
        }
        self.states.push(State::BlockMappingKey);
        self.emit_node(event, false, true, false);
    }

    /// `yaml_emitter_emit_node`; the `sequence` argument only feeds
    /// `sequence_context`, which nothing reads.
    fn emit_node(&mut self, event: &Event, root: bool, mapping: bool, simple_key: bool) {
        self.root_context = root;
        self.mapping_context = mapping;
        self.simple_key_context = simple_key;
        match event {
            Event::Scalar(..) => self.emit_scalar(event),
            Event::SequenceStart => {
                self.state = if self.flow_level > 0 || self.check_empty_sequence() {
                    State::FlowSequenceFirstItem
                } else {
                    State::BlockSequenceFirstItem
                };
            }
            Event::MappingStart => {
                self.state = if self.flow_level > 0 || self.check_empty_mapping() {
                    State::FlowMappingFirstKey
                } else {
                    State::BlockMappingFirstKey
                };
            }
            _ => {
                self.error =
                    Some("expected SCALAR, SEQUENCE-START, MAPPING-START, or ALIAS".to_string());
            }
        }
    }

    fn emit_scalar(&mut self, event: &Event) {
        self.select_scalar_style(event);
        self.increase_indent(true, false);
        self.process_scalar();
        self.pop_indent();
        self.pop_state();
    }

    fn check_empty_sequence(&self) -> bool {
        self.events.len() >= 2
            && matches!(self.events[0], Event::SequenceStart)
            && matches!(self.events[1], Event::SequenceEnd)
    }

    fn check_empty_mapping(&self) -> bool {
        self.events.len() >= 2
            && matches!(self.events[0], Event::MappingStart)
            && matches!(self.events[1], Event::MappingEnd)
    }

    /// Keys longer than 128 bytes, multi-line keys and non-empty
    /// collections as keys are written as `? key`.
    fn check_simple_key(&self) -> bool {
        let Some(head) = self.events.front() else {
            return false;
        };
        let length = match head {
            Event::Scalar(..) => {
                if self.scalar.multiline {
                    return false;
                }
                self.scalar.value.len()
            }
            Event::SequenceStart => {
                if !self.check_empty_sequence() {
                    return false;
                }
                0
            }
            Event::MappingStart => {
                if !self.check_empty_mapping() {
                    return false;
                }
                0
            }
            _ => return false,
        };
        length <= 128
    }

    fn select_scalar_style(&mut self, event: &Event) {
        let Event::Scalar(_, requested) = event else {
            return;
        };
        let mut style = *requested;
        if self.simple_key_context && self.scalar.multiline {
            style = ScalarStyle::DoubleQuoted;
        }
        if style == ScalarStyle::Plain {
            if (self.flow_level > 0 && !self.scalar.flow_plain_allowed)
                || (self.flow_level == 0 && !self.scalar.block_plain_allowed)
            {
                style = ScalarStyle::SingleQuoted;
            }
            if self.scalar.value.is_empty() && (self.flow_level > 0 || self.simple_key_context) {
                style = ScalarStyle::SingleQuoted;
            }
        }
        if style == ScalarStyle::SingleQuoted && !self.scalar.single_quoted_allowed {
            style = ScalarStyle::DoubleQuoted;
        }
        if style == ScalarStyle::Literal
            && (!self.scalar.block_allowed || self.flow_level > 0 || self.simple_key_context)
        {
            style = ScalarStyle::DoubleQuoted;
        }
        self.scalar.style = Some(style);
    }

    fn process_scalar(&mut self) {
        let value = std::mem::take(&mut self.scalar.value);
        let allow_breaks = !self.simple_key_context;
        match self.scalar.style {
            Some(ScalarStyle::Plain) | None => self.write_plain_scalar(&value, allow_breaks),
            Some(ScalarStyle::SingleQuoted) => {
                self.write_single_quoted_scalar(&value, allow_breaks)
            }
            Some(ScalarStyle::DoubleQuoted) => {
                self.write_double_quoted_scalar(&value, allow_breaks)
            }
            Some(ScalarStyle::Literal) => self.write_literal_scalar(&value),
        }
        self.scalar.value = value;
    }

    fn analyze_event(&mut self, event: &Event) {
        self.scalar.value.clear();
        if let Event::Scalar(value, _) = event {
            self.analyze_scalar(value);
        }
    }

    fn analyze_scalar(&mut self, value: &[u8]) {
        let s = &mut self.scalar;
        s.value = value.to_vec();
        if value.is_empty() {
            s.multiline = false;
            s.flow_plain_allowed = false;
            s.block_plain_allowed = true;
            s.single_quoted_allowed = true;
            s.block_allowed = false;
            return;
        }
        let mut block_indicators = false;
        let mut flow_indicators = false;
        let mut line_breaks = false;
        let mut special_characters = false;
        let mut tab_characters = false;
        let mut leading_space = false;
        let mut leading_break = false;
        let mut trailing_space = false;
        let mut trailing_break = false;
        let mut break_space = false;
        let mut space_break = false;
        let mut previous_space = false;
        let mut previous_break = false;

        if value.starts_with(b"---") || value.starts_with(b"...") {
            block_indicators = true;
            flow_indicators = true;
        }
        let mut preceded_by_whitespace = true;
        let mut i = 0;
        while i < value.len() {
            let w = width(value[i]);
            let followed_by_whitespace = i + w >= value.len() || is_blank(value, i + w);
            if i == 0 {
                match value[i] {
                    b'#' | b',' | b'[' | b']' | b'{' | b'}' | b'&' | b'*' | b'!' | b'|' | b'>'
                    | b'\'' | b'"' | b'%' | b'@' | b'`' => {
                        flow_indicators = true;
                        block_indicators = true;
                    }
                    b'?' | b':' => {
                        flow_indicators = true;
                        if followed_by_whitespace {
                            block_indicators = true;
                        }
                    }
                    b'-' if followed_by_whitespace => {
                        flow_indicators = true;
                        block_indicators = true;
                    }
                    _ => {}
                }
            } else {
                match value[i] {
                    b',' | b'?' | b'[' | b']' | b'{' | b'}' => flow_indicators = true,
                    b':' => {
                        flow_indicators = true;
                        if followed_by_whitespace {
                            block_indicators = true;
                        }
                    }
                    b'#' if preceded_by_whitespace => {
                        flow_indicators = true;
                        block_indicators = true;
                    }
                    _ => {}
                }
            }
            // v3 keeps tabs out of plain and block scalars.
            if self.flavor != Flavor::V2 && value[i] == b'\t' {
                tab_characters = true;
            } else if !is_printable(value, i) {
                // go-yaml sets `unicode`, so non-ASCII text is not special.
                special_characters = true;
            }
            if is_space(value, i) {
                if i == 0 {
                    leading_space = true;
                }
                if i + width(value[i]) == value.len() {
                    trailing_space = true;
                }
                if previous_break {
                    break_space = true;
                }
                previous_space = true;
                previous_break = false;
            } else if is_break(value, i) {
                line_breaks = true;
                if i == 0 {
                    leading_break = true;
                }
                if i + width(value[i]) == value.len() {
                    trailing_break = true;
                }
                if previous_space {
                    space_break = true;
                }
                previous_space = false;
                previous_break = true;
            } else {
                previous_space = false;
                previous_break = false;
            }
            preceded_by_whitespace = is_blankz(value, i);
            i += w;
        }
        s.multiline = line_breaks;
        s.flow_plain_allowed = true;
        s.block_plain_allowed = true;
        s.single_quoted_allowed = true;
        s.block_allowed = true;
        if leading_space || leading_break || trailing_space || trailing_break {
            s.flow_plain_allowed = false;
            s.block_plain_allowed = false;
        }
        if trailing_space {
            s.block_allowed = false;
        }
        if break_space {
            s.flow_plain_allowed = false;
            s.block_plain_allowed = false;
            s.single_quoted_allowed = false;
        }
        if space_break || tab_characters || special_characters {
            s.flow_plain_allowed = false;
            s.block_plain_allowed = false;
            s.single_quoted_allowed = false;
        }
        if space_break || special_characters {
            s.block_allowed = false;
        }
        if line_breaks {
            s.flow_plain_allowed = false;
            s.block_plain_allowed = false;
        }
        if flow_indicators {
            s.flow_plain_allowed = false;
        }
        if block_indicators {
            s.block_plain_allowed = false;
        }
    }

    // --- writers ---------------------------------------------------------

    fn put(&mut self, c: u8) {
        self.out.push(c);
        self.column += 1;
    }

    fn put_break(&mut self) {
        self.out.push(b'\n');
        self.column = 0;
        if self.v3() {
            self.indention = true;
        }
    }

    /// Copies one UTF-8 character.
    fn write(&mut self, s: &[u8], i: &mut usize) {
        let w = width(s[*i]).min(s.len() - *i);
        self.out.extend_from_slice(&s[*i..*i + w]);
        self.column += 1;
        *i += w;
    }

    /// Writes the run of printable ASCII at `i` that `accept` allows in one
    /// piece: each of those bytes is one column, as [`Self::write`] counts.
    fn write_ascii_run(&mut self, s: &[u8], i: &mut usize, accept: impl Fn(u8) -> bool) {
        let run = s[*i..]
            .iter()
            .take_while(|&&b| (0x20..0x7f).contains(&b) && accept(b))
            .count();
        self.out.extend_from_slice(&s[*i..*i + run]);
        self.column += run as i64;
        *i += run;
    }

    fn write_all(&mut self, s: &[u8]) {
        let mut i = 0;
        while i < s.len() {
            self.write(s, &mut i);
        }
    }

    fn write_break(&mut self, s: &[u8], i: &mut usize) {
        if s[*i] == b'\n' {
            self.put_break();
            *i += 1;
        } else {
            self.write(s, i);
            self.column = 0;
            if self.v3() {
                self.indention = true;
            }
        }
    }

    fn write_indent(&mut self) {
        let indent = self.indent.max(0);
        if !self.indention || self.column > indent || (self.column == indent && !self.whitespace) {
            self.put_break();
        }
        while self.column < indent {
            self.put(b' ');
        }
        self.whitespace = true;
        if !self.v3() {
            self.indention = true;
        }
    }

    fn write_indicator(
        &mut self,
        indicator: &[u8],
        need_whitespace: bool,
        is_whitespace: bool,
        is_indention: bool,
    ) {
        if need_whitespace && !self.whitespace {
            self.put(b' ');
        }
        self.write_all(indicator);
        self.whitespace = is_whitespace;
        self.indention = self.indention && is_indention;
        self.open_ended = false;
    }

    fn write_plain_scalar(&mut self, value: &[u8], allow_breaks: bool) {
        if !self.whitespace && (!self.v3() || !value.is_empty()) {
            self.put(b' ');
        }
        let mut spaces = false;
        let mut breaks = false;
        let mut i = 0;
        while i < value.len() {
            if is_space(value, i) {
                if allow_breaks
                    && !spaces
                    && self.column > self.best_width
                    && !is_space(value, i + 1)
                {
                    self.write_indent();
                    i += width(value[i]);
                } else {
                    self.write(value, &mut i);
                }
                spaces = true;
            } else if is_break(value, i) {
                if !breaks && value[i] == b'\n' {
                    self.put_break();
                }
                self.write_break(value, &mut i);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                self.write(value, &mut i);
                self.write_ascii_run(value, &mut i, |b| b != b' ');
                self.indention = false;
                spaces = false;
                breaks = false;
            }
        }
        if !self.v3() || !value.is_empty() {
            self.whitespace = false;
        }
        self.indention = false;
        if self.root_context {
            self.open_ended = true;
        }
    }

    fn write_single_quoted_scalar(&mut self, value: &[u8], allow_breaks: bool) {
        self.write_indicator(b"'", true, false, false);
        let mut spaces = false;
        let mut breaks = false;
        let mut i = 0;
        while i < value.len() {
            if is_space(value, i) {
                if allow_breaks
                    && !spaces
                    && self.column > self.best_width
                    && i > 0
                    && i < value.len() - 1
                    && !is_space(value, i + 1)
                {
                    self.write_indent();
                    i += width(value[i]);
                } else {
                    self.write(value, &mut i);
                }
                spaces = true;
            } else if is_break(value, i) {
                if !breaks && value[i] == b'\n' {
                    self.put_break();
                }
                self.write_break(value, &mut i);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                if value[i] == b'\'' {
                    self.put(b'\'');
                }
                self.write(value, &mut i);
                self.write_ascii_run(value, &mut i, |b| b != b' ' && b != b'\'');
                self.indention = false;
                spaces = false;
                breaks = false;
            }
        }
        self.write_indicator(b"'", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_double_quoted_scalar(&mut self, value: &[u8], allow_breaks: bool) {
        let mut spaces = false;
        self.write_indicator(b"\"", true, false, false);
        let mut i = 0;
        while i < value.len() {
            if !is_printable(value, i)
                || is_bom(value, i)
                || is_break(value, i)
                || value[i] == b'"'
                || value[i] == b'\\'
            {
                let octet = value[i];
                let (w, mut v): (usize, u32) = if octet & 0x80 == 0 {
                    (1, u32::from(octet & 0x7F))
                } else if octet & 0xE0 == 0xC0 {
                    (2, u32::from(octet & 0x1F))
                } else if octet & 0xF0 == 0xE0 {
                    (3, u32::from(octet & 0x0F))
                } else if octet & 0xF8 == 0xF0 {
                    (4, u32::from(octet & 0x07))
                } else {
                    (1, u32::from(octet))
                };
                for k in 1..w {
                    v = (v << 6) + (u32::from(at(value, i + k)) & 0x3F);
                }
                i += w;
                self.put(b'\\');
                match v {
                    0x00 => self.put(b'0'),
                    0x07 => self.put(b'a'),
                    0x08 => self.put(b'b'),
                    0x09 => self.put(b't'),
                    0x0A => self.put(b'n'),
                    0x0B => self.put(b'v'),
                    0x0C => self.put(b'f'),
                    0x0D => self.put(b'r'),
                    0x1B => self.put(b'e'),
                    0x22 => self.put(b'"'),
                    0x5C => self.put(b'\\'),
                    0x85 => self.put(b'N'),
                    0xA0 => self.put(b'_'),
                    0x2028 => self.put(b'L'),
                    0x2029 => self.put(b'P'),
                    _ => {
                        let (letter, digits) = if v <= 0xFF {
                            (b'x', 2)
                        } else if v <= 0xFFFF {
                            (b'u', 4)
                        } else {
                            (b'U', 8)
                        };
                        self.put(letter);
                        for k in (0..digits).rev() {
                            let digit = ((v >> (k * 4)) & 0x0F) as u8;
                            self.put(if digit < 10 {
                                digit + b'0'
                            } else {
                                digit + b'A' - 10
                            });
                        }
                    }
                }
                spaces = false;
            } else if is_space(value, i) {
                if allow_breaks
                    && !spaces
                    && self.column > self.best_width
                    && i > 0
                    && i < value.len() - 1
                {
                    self.write_indent();
                    if is_space(value, i + 1) {
                        self.put(b'\\');
                    }
                    i += width(value[i]);
                } else {
                    self.write(value, &mut i);
                }
                spaces = true;
            } else {
                self.write(value, &mut i);
                spaces = false;
            }
        }
        self.write_indicator(b"\"", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_block_scalar_hints(&mut self, value: &[u8]) {
        if is_space(value, 0) || is_break(value, 0) {
            let hint = [b'0' + self.best_indent as u8];
            self.write_indicator(&hint, false, false, false);
        }
        self.open_ended = false;
        let mut chomp = None;
        if value.is_empty() {
            chomp = Some(b'-');
        } else {
            let mut i = value.len() - 1;
            while i > 0 && value[i] & 0xC0 == 0x80 {
                i -= 1;
            }
            if !is_break(value, i) {
                chomp = Some(b'-');
            } else if i == 0 {
                chomp = Some(b'+');
                self.open_ended = true;
            } else {
                i -= 1;
                while i > 0 && value[i] & 0xC0 == 0x80 {
                    i -= 1;
                }
                if is_break(value, i) {
                    chomp = Some(b'+');
                    self.open_ended = true;
                }
            }
        }
        if let Some(c) = chomp {
            self.write_indicator(&[c], false, false, false);
        }
    }

    fn write_literal_scalar(&mut self, value: &[u8]) {
        self.write_indicator(b"|", true, false, false);
        self.write_block_scalar_hints(value);
        // v3 writes this break through `process_line_comment_linebreak`,
        // and its put_break sets `indention` itself.
        self.put_break();
        if self.flavor == Flavor::V2 {
            self.indention = true;
        }
        self.whitespace = true;
        let mut breaks = true;
        let mut i = 0;
        while i < value.len() {
            if is_break(value, i) {
                self.write_break(value, &mut i);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                self.write(value, &mut i);
                self.write_ascii_run(value, &mut i, |_| true);
                self.indention = false;
                breaks = false;
            }
        }
    }
}
