//! The regex-based matching that `semver.rs` used before its hand-written
//! one, kept verbatim as the oracle of the equivalence tests: these
//! patterns are Masterminds/semver's own, so agreeing with them for every
//! input is what "behaves like Helm" means here. What is made of a match
//! (`version_from_parts`, `constraint_from_parts`) is shared with
//! `semver.rs`, since the matching is what the tests compare.

use std::sync::LazyLock;

use regex_lite::Regex;

use super::{
    Constraint, ConstraintMatcher, Constraints, HelmVersion, SemverError, Sentinel, Version,
    constraint_from_parts, constraints_from, sentinel, version_from_parts,
};

const SEMVER_PATTERN: &str = r"v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?";

static VERSION_RE: LazyLock<Regex> = LazyLock::new(|| compile(&format!("^{SEMVER_PATTERN}$")));

fn compile(pattern: &str) -> Regex {
    Regex::new(pattern).unwrap_or_else(|err| panic!("bad built-in regex {pattern}: {err}"))
}

pub(super) fn parse_version(text: &str, helm: HelmVersion) -> Result<Version, SemverError> {
    let caps = VERSION_RE
        .captures(text)
        .ok_or_else(|| sentinel(Sentinel::InvalidSemVer, helm))?;
    let group = |i: usize| caps.get(i).map_or("", |m| m.as_str());
    let lead = |i: usize, lead: char| group(i).strip_prefix(lead).unwrap_or_default();
    version_from_parts(
        text,
        [group(1), lead(2, '.'), lead(3, '.'), group(5), group(8)],
        helm,
    )
}

const CV_PATTERN: &str = r"v?([0-9|x|X|\*]+)(\.[0-9|x|X|\*]+)?(\.[0-9|x|X|\*]+)?(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?";
const OPS_PATTERN: &str = r"=||!=|>|<|>=|=>|<=|=<|~|~>|\^";
/// Go's RE2 `\s`; Rust's would also match Unicode spaces.
const WS: &str = r"[\t\n\f\r ]";

static CONSTRAINT_RE: LazyLock<Regex> =
    LazyLock::new(|| compile(&format!("^{WS}*({OPS_PATTERN}){WS}*({CV_PATTERN}){WS}*$")));
static RANGE_RE: LazyLock<Regex> = LazyLock::new(|| {
    compile(&format!(
        "{WS}*({CV_PATTERN}){WS}+-{WS}+({CV_PATTERN}){WS}*"
    ))
});
static FIND_RE: LazyLock<Regex> =
    LazyLock::new(|| compile(&format!("({OPS_PATTERN}){WS}*({CV_PATTERN})")));
static VALID_RE: LazyLock<Regex> = LazyLock::new(|| {
    compile(&format!(
        "^({WS}*({OPS_PATTERN}){WS}*({CV_PATTERN}){WS}*)((?:{WS}+|,{WS}*)({OPS_PATTERN}){WS}*({CV_PATTERN}){WS}*)*$"
    ))
});

pub(super) fn parse_constraint(text: &str, helm: HelmVersion) -> Result<Constraints, SemverError> {
    constraints_from(
        &rewrite_range(text),
        ConstraintMatcher {
            is_valid_group,
            find_constraints,
            parse_single,
        },
        helm,
    )
}

pub(super) fn rewrite_range(text: &str) -> String {
    let mut out = text.to_string();
    for caps in RANGE_RE.captures_iter(text) {
        let whole = caps.get(0).map_or("", |m| m.as_str());
        let from = caps.get(1).map_or("", |m| m.as_str());
        let to = caps.get(11).map_or("", |m| m.as_str());
        out = out.replacen(whole, &format!(">= {from}, <= {to} "), 1);
    }
    out
}

pub(super) fn is_valid_group(part: &str) -> bool {
    VALID_RE.is_match(part)
}

pub(super) fn find_constraints(part: &str) -> Vec<&str> {
    FIND_RE.find_iter(part).map(|m| m.as_str()).collect()
}

fn parse_single(text: &str, helm: HelmVersion) -> Result<Constraint, SemverError> {
    let caps = CONSTRAINT_RE
        .captures(text)
        .ok_or_else(|| SemverError(format!("improper constraint: {text}")))?;
    let group = |i: usize| caps.get(i).map_or("", |m| m.as_str());
    let lead = |i: usize, lead: char| group(i).strip_prefix(lead).unwrap_or_default();
    constraint_from_parts(
        group(1),
        group(2),
        [group(3), lead(4, '.'), lead(5, '.'), lead(6, '-')],
        helm,
    )
}
