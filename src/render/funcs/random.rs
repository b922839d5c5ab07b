//! Sprig's random strings (`randAlphaNum` & co., from goutils'
//! `CryptoRandom*`) and `uuidv4` (google/uuid), plus the seeded RNG every
//! random function of chartguard draws from.
//!
//! Go draws from `crypto/rand`, so no output can match Go's; what must
//! match is the alphabet, the length and the types. With `options.seed`
//! set, a function map produces the same values on every run.

use std::sync::{Arc, Mutex};

use gotemplate::{FuncError, FuncMap, ParamType, Signature, Value};
use rand::rngs::StdRng;
use rand::{Rng, RngCore, SeedableRng};

use super::FuncOptions;

/// The RNG a family of functions shares. Each family gets its own stream,
/// derived from the seed, so adding a draw in one family does not shift the
/// values of another.
pub type SharedRng = Arc<Mutex<StdRng>>;

/// The largest string or byte count a random function produces. Go would
/// try to allocate any count (and die of memory exhaustion for huge ones);
/// no chart needs more than this.
pub const MAX_RANDOM_LEN: i64 = 1 << 24;

/// A fresh RNG for `family`: seeded from `options.seed` when set, else
/// from the operating system's entropy.
pub fn rng_for(options: &FuncOptions, family: &str) -> SharedRng {
    let rng = match options.seed {
        Some(seed) => {
            // FNV-1a of the family name keeps streams apart.
            let stream = family.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
                (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
            });
            StdRng::seed_from_u64(seed ^ stream)
        }
        None => StdRng::from_entropy(),
    };
    Arc::new(Mutex::new(rng))
}

/// Runs `f` with the RNG locked. A poisoned lock only means another thread
/// panicked while drawing; the generator state is still usable.
pub fn with_rng<R>(rng: &SharedRng, f: impl FnOnce(&mut StdRng) -> R) -> R {
    let mut guard = rng.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    f(&mut guard)
}

const ALPHA: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const ALPHANUM: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const NUMERIC: &[u8] = b"0123456789";

/// The character sets of goutils' `CryptoRandom`: letters and digits are
/// drawn from ' '..='z' and filtered with `unicode.IsLetter`/`IsDigit`,
/// which leaves exactly the ASCII ones; `randAscii` takes 32..=126.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Charset {
    Alpha,
    AlphaNum,
    Numeric,
    Ascii,
}

impl Charset {
    fn chars(self) -> Vec<u8> {
        match self {
            Charset::Alpha => ALPHA.to_vec(),
            Charset::AlphaNum => ALPHANUM.to_vec(),
            Charset::Numeric => NUMERIC.to_vec(),
            Charset::Ascii => (32u8..=126).collect(),
        }
    }
}

/// `count` characters drawn uniformly from the set. goutils returns an
/// error for a negative count, which Sprig drops: the result is "".
pub fn random_string(rng: &SharedRng, charset: Charset, count: i64) -> Result<String, FuncError> {
    if count <= 0 {
        return Ok(String::new());
    }
    check_count(count)?;
    let chars = charset.chars();
    Ok(with_rng(rng, |rng| {
        (0..count)
            .map(|_| char::from(chars[rng.gen_range(0..chars.len())]))
            .collect()
    }))
}

/// Refuses counts above [`MAX_RANDOM_LEN`].
pub fn check_count(count: i64) -> Result<(), FuncError> {
    if count > MAX_RANDOM_LEN {
        return Err(FuncError::new(format!(
            "count {count} exceeds chartguard's limit of {MAX_RANDOM_LEN}"
        )));
    }
    Ok(())
}

/// `uuid.New().String()`: 16 random bytes with the version-4 and RFC 4122
/// variant bits, in lower-case 8-4-4-4-12 form.
pub fn uuidv4(rng: &SharedRng) -> String {
    let mut b = [0u8; 16];
    with_rng(rng, |rng| rng.fill_bytes(&mut b));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

pub fn register(funcs: &mut FuncMap, options: &FuncOptions) {
    let rng = rng_for(options, "random");
    for (name, charset) in [
        ("randAlphaNum", Charset::AlphaNum),
        ("randAlpha", Charset::Alpha),
        ("randNumeric", Charset::Numeric),
        ("randAscii", Charset::Ascii),
    ] {
        let rng = rng.clone();
        funcs.insert_plain(name, Signature::fixed(&[ParamType::Int]), move |args| {
            let count = match args.first() {
                Some(Value::Int(n) | Value::Int64(n, _)) => *n,
                _ => 0,
            };
            random_string(&rng, charset, count).map(Value::from)
        });
    }
    funcs.insert_plain("uuidv4", Signature::fixed(&[]), move |_| {
        Ok(Value::from(uuidv4(&rng)))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seeded(seed: u64) -> SharedRng {
        rng_for(
            &FuncOptions {
                seed: Some(seed),
                ..FuncOptions::default()
            },
            "random",
        )
    }

    #[test]
    fn strings_have_the_right_alphabet_and_length() {
        let rng = seeded(1);
        let s = random_string(&rng, Charset::AlphaNum, 10).unwrap_or_default();
        assert_eq!(s.len(), 10);
        assert!(s.bytes().all(|c| c.is_ascii_alphanumeric()));
        let s = random_string(&rng, Charset::Alpha, 200).unwrap_or_default();
        assert!(s.bytes().all(|c| c.is_ascii_alphabetic()));
        let s = random_string(&rng, Charset::Numeric, 200).unwrap_or_default();
        assert!(s.bytes().all(|c| c.is_ascii_digit()));
        let s = random_string(&rng, Charset::Ascii, 2000).unwrap_or_default();
        assert!(s.bytes().all(|c| (32..=126).contains(&c)));
        assert!(s.contains(' ') && s.contains('~'));
    }

    #[test]
    fn non_positive_counts_give_empty_strings() {
        let rng = seeded(1);
        assert_eq!(
            random_string(&rng, Charset::AlphaNum, 0).ok(),
            Some(String::new())
        );
        assert_eq!(
            random_string(&rng, Charset::AlphaNum, -5).ok(),
            Some(String::new())
        );
    }

    #[test]
    fn huge_counts_are_refused() {
        let rng = seeded(1);
        let err = random_string(&rng, Charset::Ascii, 10_000_000_000).err();
        assert_eq!(
            err.map(|e| e.message),
            Some("count 10000000000 exceeds chartguard's limit of 16777216".to_string())
        );
    }

    #[test]
    fn uuid_is_version_4() {
        let rng = seeded(7);
        for _ in 0..50 {
            let u = uuidv4(&rng);
            let parts: Vec<&str> = u.split('-').collect();
            assert_eq!(
                parts.iter().map(|p| p.len()).collect::<Vec<_>>(),
                [8, 4, 4, 4, 12]
            );
            assert!(parts[2].starts_with('4'));
            assert!(matches!(parts[3].as_bytes()[0], b'8' | b'9' | b'a' | b'b'));
            assert!(
                u.bytes()
                    .all(|c| c == b'-' || c.is_ascii_digit() || (b'a'..=b'f').contains(&c))
            );
        }
    }

    #[test]
    fn seeded_maps_repeat_themselves() {
        let options = FuncOptions {
            seed: Some(42),
            ..FuncOptions::default()
        };
        let draw = || {
            let mut funcs = FuncMap::new();
            register(&mut funcs, &options);
            let rng = rng_for(&options, "random");
            (
                random_string(&rng, Charset::AlphaNum, 16).unwrap_or_default(),
                uuidv4(&rng),
            )
        };
        assert_eq!(draw(), draw());
        let other = random_string(&seeded(43), Charset::AlphaNum, 16).unwrap_or_default();
        assert_ne!(draw().0, other);
    }
}
