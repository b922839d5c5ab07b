//! The hand-written parser against the regex oracle: every short text over
//! alphabets that reach each branch, and many longer texts built from the
//! pieces real constraints are made of. Any difference in a parsed value,
//! an error text or a match result fails.

use super::{HelmVersion, Version, regex_oracle};

const HELMS: [HelmVersion; 2] = [HelmVersion::V3, HelmVersion::V4];

/// Versions to check parsed constraints against, prereleases included since
/// the two Helm versions treat them differently.
const PROBES: [&str; 14] = [
    "0.0.0",
    "0.0.1",
    "0.1.0",
    "0.5.0-rc.1",
    "1.0.0",
    "1.0.0-alpha",
    "1.2.3",
    "1.2.4-0",
    "1.9.9",
    "1.19.0-gke.1",
    "2.0.0",
    "2.0.0-rc.1",
    "10.0.0",
    "16.3.1",
];

fn probes() -> Vec<Version> {
    PROBES
        .iter()
        .filter_map(|text| super::parse_version(text, HelmVersion::V3).ok())
        .collect()
}

/// Compares everything the two parsers produce for `text`; `with_matches`
/// also compares `Constraints::matches` (the same code on equal values, so
/// it is only worth the time on a sample).
fn check(text: &str, probes: &[Version], with_matches: bool) {
    assert_eq!(
        super::rewrite_range(text),
        regex_oracle::rewrite_range(text),
        "rewrite_range({text:?})"
    );
    assert_eq!(
        super::is_valid_group(text),
        regex_oracle::is_valid_group(text),
        "is_valid_group({text:?})"
    );
    assert_eq!(
        super::find_constraints(text),
        regex_oracle::find_constraints(text),
        "find_constraints({text:?})"
    );
    for helm in HELMS {
        assert_eq!(
            super::parse_version(text, helm),
            regex_oracle::parse_version(text, helm),
            "parse_version({text:?}, {helm:?})"
        );
        let ours = super::parse_constraint(text, helm);
        let oracle = regex_oracle::parse_constraint(text, helm);
        assert_eq!(ours, oracle, "parse_constraint({text:?}, {helm:?})");
        if let (true, Ok(ours), Ok(oracle)) = (with_matches, &ours, &oracle) {
            assert_eq!(ours.to_string(), oracle.to_string(), "Display of {text:?}");
            for probe in probes {
                assert_eq!(
                    ours.matches(probe),
                    oracle.matches(probe),
                    "{text:?} against {probe} ({helm:?})"
                );
            }
        }
    }
}

/// Calls `visit` with every text of up to `max_len` characters from
/// `alphabet`, the empty one included.
fn for_all_texts(alphabet: &[char], max_len: usize, mut visit: impl FnMut(&str)) {
    let mut indices: Vec<usize> = Vec::with_capacity(max_len);
    let mut text = String::with_capacity(max_len * 4);
    loop {
        text.clear();
        text.extend(indices.iter().filter_map(|&i| alphabet.get(i)));
        visit(&text);
        // Next text in order: increment like an odometer, growing by one
        // character when every position has wrapped.
        let mut position = indices.len();
        loop {
            if position == 0 {
                if indices.len() == max_len {
                    return;
                }
                indices.insert(0, 0);
                indices.iter_mut().for_each(|i| *i = 0);
                break;
            }
            position -= 1;
            if let Some(i) = indices.get_mut(position) {
                *i += 1;
                if *i < alphabet.len() {
                    break;
                }
                *i = 0;
            }
        }
        if indices.is_empty() {
            indices.push(0);
        }
    }
}

fn exhaustive(alphabet: &str, max_len: usize) -> usize {
    let alphabet: Vec<char> = alphabet.chars().collect();
    let probes = probes();
    let mut count = 0;
    let mut sample = 0u32;
    for_all_texts(&alphabet, max_len, |text| {
        count += 1;
        sample = sample.wrapping_add(1);
        check(text, &probes, sample.is_multiple_of(16));
    });
    count
}

#[test]
fn odometer_visits_every_text_once() {
    let mut seen = Vec::new();
    for_all_texts(&['a', 'b'], 2, |t| seen.push(t.to_string()));
    assert_eq!(seen, ["", "a", "b", "aa", "ab", "ba", "bb"]);
}

/// Every character the patterns treat specially, plus one they never match
/// (`a` is an identifier character but not a number) and `é`, which is not
/// ASCII.
#[test]
fn all_short_texts_over_every_special_character() {
    let count = exhaustive("019.xX*|-+va,<>=!~^ \t\u{e9}", 4);
    assert_eq!(count, 1 + 22 + 22 * 22 + 22usize.pow(3) + 22usize.pow(4));
}

/// Operators, wildcards and separators one character longer.
#[test]
fn all_texts_of_five_over_constraint_characters() {
    exhaustive("01x.-|>=!~, ", 5);
}

/// The rest of the special characters one character longer: `v`
/// prefixes, metadata, the other operators, tabs and wildcards.
#[test]
fn all_texts_of_five_over_the_other_characters() {
    exhaustive("1v+a*X<^\t.", 5);
}

/// Hyphen ranges need at least five characters (`1 - 2`).
#[test]
fn all_texts_of_six_over_range_characters() {
    exhaustive("1x.- |", 6);
}

/// Versions: leading zeros, prereleases, metadata and their dots.
#[test]
fn all_texts_of_six_over_version_characters() {
    exhaustive("00.-+av", 6);
}

/// splitmix64: a fixed seed keeps failures reproducible.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        let len = items.len() as u64;
        items
            .get((self.next() % len.max(1)) as usize)
            .copied()
            .unwrap_or("")
    }
}

const NUMBERS: [&str; 14] = [
    "0",
    "1",
    "2",
    "9",
    "01",
    "007",
    "10",
    "19",
    "22",
    "123",
    "x",
    "X",
    "*",
    "99999999999999999999",
];
const OPS: [&str; 15] = [
    "", "", "", "=", "!=", ">", "<", ">=", "=>", "<=", "=<", "~", "~>", "^", "!",
];
const SEPARATORS: [&str; 14] = [
    " ", ", ", ",", "  ", " || ", "||", " - ", "-", " -", "- ", "\t", "|", ",,", "\n",
];
const SUFFIXES: [&str; 16] = [
    "", "", "", "", "-0", "-rc.1", "-alpha", "-01", "-a..b", "-", "+meta", "+build.5", "-rc.1+b",
    "+", ".", "-x.1",
];

/// A constraint-like text: versions with 1 to 4 numbers, optional `v`,
/// operators and suffixes, joined by separators, with stray spaces.
fn random_text(random: &mut Random) -> String {
    let mut text = String::new();
    if random.next().is_multiple_of(8) {
        text.push_str(random.pick(&[" ", "\t", "  "]));
    }
    let constraints = 1 + random.next() % 4;
    for i in 0..constraints {
        if i > 0 {
            text.push_str(random.pick(&SEPARATORS));
        }
        text.push_str(random.pick(&OPS));
        if random.next().is_multiple_of(4) {
            text.push(' ');
        }
        if random.next().is_multiple_of(6) {
            text.push('v');
        }
        let numbers = 1 + random.next() % 4;
        for n in 0..numbers {
            if n > 0 {
                text.push('.');
            }
            text.push_str(random.pick(&NUMBERS));
        }
        text.push_str(random.pick(&SUFFIXES));
    }
    if random.next().is_multiple_of(8) {
        text.push_str(random.pick(&[" ", "\t", ",", "|", "-"]));
    }
    text
}

#[test]
fn random_constraint_texts() {
    let probes = probes();
    let mut random = Random(0x5eed_cafe);
    for _ in 0..30_000 {
        let text = random_text(&mut random);
        check(&text, &probes, true);
    }
}

/// Texts charts really use, kept readable as a first failure.
#[test]
fn common_texts() {
    let probes = probes();
    for text in [
        "1.2.3",
        "v1.2.3-rc.1+meta",
        "0.1.0",
        ">=1.19-0",
        ">= 1.2.3, < 2.0.0",
        "^1.0.0",
        "~2.x",
        "1.x.x",
        "*",
        ">=1.22.0-0",
        ">= 1.2 || < 0.5",
        "1.2.3 - 2.0.0",
        "16.x.x",
        ">=1.21.0-0 <1.30.0-0",
        "1.2 - 1.4.5 || ~1.x",
        " 1.2.3 - 2.3.4  - 5 ",
        "1.2.3 - 2.3.4 1.2.3 - 2.3.4",
        ">= 1.0.0-0 , != 1.5.x",
    ] {
        check(text, &probes, true);
    }
}
