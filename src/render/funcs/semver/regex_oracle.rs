//! The regex-based parser that `semver.rs` used before its hand-written
//! one, kept verbatim as the oracle of the equivalence tests: these
//! patterns are Masterminds/semver's own, so agreeing with them for every
//! input is what "behaves like Helm" means here.

use std::sync::LazyLock;

use regex_lite::Regex;

use super::{
    Constraint, Constraints, HelmVersion, Op, SemverError, Sentinel, Version, cast, is_x, sentinel,
    validate_metadata, validate_prerelease,
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
    let segment = |s: &str| -> Result<u64, SemverError> {
        cast::parse_uint(s, 10, 64).map_err(|err| {
            let prefix = if helm == HelmVersion::V3 {
                "Error parsing version segment"
            } else {
                "error parsing version segment"
            };
            SemverError(format!("{prefix}: {err}"))
        })
    };
    let major = segment(group(1))?;
    let minor = match group(2) {
        "" => 0,
        m => segment(m.trim_start_matches('.'))?,
    };
    let patch = match group(3) {
        "" => 0,
        p => segment(p.trim_start_matches('.'))?,
    };
    let version = Version {
        major,
        minor,
        patch,
        pre: group(5).to_string(),
        metadata: group(8).to_string(),
        original: text.to_string(),
    };
    if !version.pre.is_empty() {
        validate_prerelease(&version.pre, helm)?;
    }
    if !version.metadata.is_empty() {
        validate_metadata(&version.metadata, helm)?;
    }
    Ok(version)
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
    let rewritten = rewrite_range(text);
    let mut groups = Vec::new();
    let mut contains_pre = Vec::new();
    for part in rewritten.split("||") {
        if !VALID_RE.is_match(part) {
            return Err(SemverError(format!("improper constraint: {part}")));
        }
        let mut found: Vec<&str> = FIND_RE.find_iter(part).map(|m| m.as_str()).collect();
        if found.is_empty() {
            found.push(part);
        }
        let mut group = Vec::with_capacity(found.len());
        let mut has_pre = false;
        for single in found {
            let constraint = parse_single(single, helm)?;
            has_pre |= !constraint.con.pre.is_empty();
            group.push(constraint);
        }
        groups.push(group);
        contains_pre.push(has_pre);
    }
    Ok(Constraints {
        groups,
        contains_pre,
        helm,
    })
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
    let orig_op = group(1);
    let orig = group(2);
    let (major, minor, patch, pre) = (group(3), group(4), group(5), group(6));
    let mut minor_dirty = false;
    let mut patch_dirty = false;
    let mut dirty = false;
    let ver = if is_x(major) || major.is_empty() {
        dirty = true;
        format!("0.0.0{pre}")
    } else if is_x(minor.trim_start_matches('.')) || minor.is_empty() {
        minor_dirty = true;
        dirty = true;
        format!("{major}.0.0{pre}")
    } else if is_x(patch.trim_start_matches('.')) || patch.is_empty() {
        dirty = true;
        patch_dirty = true;
        format!("{major}{minor}.0{pre}")
    } else {
        orig.to_string()
    };
    let con = parse_version(&ver, helm).map_err(|_| sentinel(Sentinel::ConstraintParser, helm))?;
    let op = match orig_op {
        "" | "=" => Op::TildeOrEqual,
        "!=" => Op::NotEqual,
        ">" => Op::Greater,
        "<" => Op::Less,
        ">=" | "=>" => Op::GreaterEqual,
        "<=" | "=<" => Op::LessEqual,
        "~" | "~>" => Op::Tilde,
        _ => Op::Caret,
    };
    Ok(Constraint {
        op,
        con,
        orig: orig.to_string(),
        orig_op: orig_op.to_string(),
        minor_dirty,
        patch_dirty,
        dirty,
    })
}
