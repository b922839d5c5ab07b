//! RSA key generation for Sprig's `genPrivateKey "rsa"` (4096 bits) and the
//! keys `genCA`, `genSelfSignedCert` and `genSignedCert` make (2048 bits).
//!
//! Key generation was over half of chartguard's CPU time on real charts.
//! AWS-LC's generator draws one independent random candidate at a time,
//! trial-divides it by the first 1024 (512 for 1024-bit primes) odd primes
//! in constant time, and runs Miller-Rabin on what survives; a quarter of
//! its time goes to the trial divisions and the rest to exponentiations on
//! composites. This module finds the same primes with less work:
//!
//! 1. **Random window.** A random odd start with the top two bits set
//!    (so p·q has exactly the requested size and p, q > √2·2^(k-1)) is
//!    drawn from the caller's random source: AWS-LC's CSPRNG (`RAND_bytes`,
//!    what its own generator uses) unless the user asked for a seeded,
//!    repeatable run. The window is the next [`WINDOW`] odd numbers.
//! 2. **Sieve.** The start's residues modulo every odd prime below a bound
//!    ([`sieve_bound`], 2^18 to 2^20, picked by measurement) are computed
//!    once, and each prime crosses out its multiples in the window; so do
//!    the numbers ≡ 1 (mod 65537), which makes gcd(p-1, e) = 1. About
//!    8-9% of the window survives, against 12-14% after AWS-LC's trial
//!    division, at a small fraction of its cost.
//! 3. **Random order.** Survivors are tested in a uniformly random order,
//!    not from the start up. Every tested candidate is then, on its own, an
//!    (essentially) uniformly random odd k-bit number with no prime factor below the
//!    bound, the same kind of candidate AWS-LC tests (with a larger
//!    bound), so the error analysis behind AWS-LC's Miller-Rabin round
//!    counts (Damgård-Landrock-Pomerance, FIPS 186 appendix C) holds as it
//!    does for AWS-LC. Testing in order from the start would pick primes
//!    after long gaps more often and fall outside that analysis; random
//!    order also keeps the output close to uniform over primes.
//! 4. **Filter two at a time.** Survivors go through a base-2 Fermat test
//!    in pairs with `BN_mod_exp_mont_consttime_x2`, which on AVX-512 IFMA
//!    CPUs does two 1024-, 1536- or 2048-bit exponentiations in one
//!    vectorised pass (and two ordinary constant-time ones elsewhere). A
//!    prime always passes, so the filter only drops composites earlier.
//! 5. **Confirm.** A candidate that passes goes through Miller-Rabin
//!    (FIPS 186-5 B.3.1) with AWS-LC's own round count for its size
//!    (`BN_prime_checks_for_size`: 5 at 1024 bits, 4 at 1536 and 2048,
//!    rounded up to an even count) and uniformly random bases from
//!    AWS-LC's CSPRNG, two bases per paired exponentiation. AWS-LC's
//!    `BN_primality_test` runs at least 16 rounds, each squaring log2(w)
//!    times, to hide from timing how many bases were redrawn and how many
//!    low zero bits p - 1 has; that cost as much as the whole search
//!    before it. Primality assurance is the same (the round count is the
//!    one AWS-LC chose for that error bound); a test compares the verdicts
//!    with `BN_primality_test`'s.
//!
//! The key is then assembled as Go's `crypto/rsa` does for the Helm version
//! being rendered (see [`PrivateExponent`]): p is the first prime drawn and
//! q the second (Go does not sort them), |p - q| > 2^(k-100) and d >
//! 2^(nlen/2) are enforced as FIPS 186-5 asks, and the result must pass
//! AWS-LC's `RSA_check_key`, a sign/verify pairwise test and the `rsa`
//! crate's `validate` before it is returned. Any failure means new primes or an error, never a
//! doubtful key. Nothing is cached or reused between keys.
//!
//! Side channels: the sieve's memory accesses depend on the secret start,
//! as in OpenSSL 1.x's and Go's (math/big, Helm 3) variable-time prime
//! search, and so does the number of Miller-Rabin squarings (the low zero
//! bits of p - 1). Exponentiations on candidates, the gcd and the
//! Montgomery setup are AWS-LC's constant-time ones.

use std::sync::LazyLock;

use rand::RngCore;
use rsa::{BigUint, RsaPrivateKey};

use super::aws_lc::{AwsLcError, BigNum, BnCtx, ExpJob, MontCtx, Rsa, RsaComponents};

/// The public exponent Go (and everyone else) uses: F4.
pub const PUBLIC_EXPONENT: u64 = 65537;

/// Odd candidates per window. Large enough that a window of 1024- or
/// 2048-bit numbers holds ~90-180 primes (so redraws are rare and the
/// random-order pick is close to uniform over primes), small enough that
/// the sieve itself costs well under a millisecond.
pub const WINDOW: usize = 1 << 16;

/// The largest sieving prime: every odd prime below this is in the table.
const MAX_SIEVE_BOUND: u32 = 1 << 20;

/// Windows to try for one prime before giving up (each fails with
/// probability around e^-90; a limit only guards against a broken
/// random source).
const MAX_WINDOWS: usize = 64;

/// New prime pairs to try for one key before giving up.
const MAX_PAIRS: usize = 64;

/// How d is reduced, which shows in the PEM. Go 1.23 (Helm 3.17) takes d =
/// e⁻¹ mod φ(n) = (p-1)(q-1); Go 1.24+'s FIPS 186-5 generator (Helm 4.1
/// is built with Go 1.25) takes d = e⁻¹ mod λ(n) = lcm(p-1, q-1), and
/// draws new primes when gcd(p-1, q-1) does not fit in 32 bits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PrivateExponent {
    Totient,
    Carmichael,
}

#[derive(Debug, thiserror::Error)]
pub enum KeygenError {
    #[error("unsupported rsa key size {0}: expected a multiple of 16 from 1024 to 8192 bits")]
    Size(usize),
    #[error(transparent)]
    AwsLc(#[from] AwsLcError),
    #[error("random source failed: {0}")]
    Random(String),
    #[error("no prime found in {0} windows")]
    NoPrime(usize),
    #[error("no valid key from {0} prime pairs")]
    NoKey(usize),
    #[error("generated key failed validation: {0}")]
    Invalid(String),
}

/// Where key generation draws its randomness.
pub trait KeyRandom {
    fn fill(&mut self, buf: &mut [u8]) -> Result<(), KeygenError>;
}

/// AWS-LC's CSPRNG: what unseeded runs use.
pub struct SystemRandom;

impl KeyRandom for SystemRandom {
    fn fill(&mut self, buf: &mut [u8]) -> Result<(), KeygenError> {
        super::aws_lc::system_random(buf).map_err(KeygenError::from)
    }
}

/// A caller's RNG, for `--seed` runs whose output must repeat (such keys
/// are as predictable as the seed, by request).
pub struct SeededRandom<'a, R: RngCore + ?Sized>(pub &'a mut R);

impl<R: RngCore + ?Sized> KeyRandom for SeededRandom<'_, R> {
    fn fill(&mut self, buf: &mut [u8]) -> Result<(), KeygenError> {
        self.0
            .try_fill_bytes(buf)
            .map_err(|e| KeygenError::Random(e.to_string()))
    }
}

/// Odd primes below 2^18 and below [`MAX_SIEVE_BOUND`]: shared read-only
/// data, built on first use rather than embedded in the binary. Two tables
/// so that a run making only 2048-bit keys does not pay the few
/// milliseconds the large one takes to build.
static SMALL_PRIMES: LazyLock<Vec<u32>> = LazyLock::new(|| odd_primes_below(1 << 18));
static MORE_PRIMES: LazyLock<Vec<u32>> = LazyLock::new(|| odd_primes_below(MAX_SIEVE_BOUND));

/// The odd primes below `bound` (at most [`MAX_SIEVE_BOUND`]).
fn primes_below(bound: u32) -> &'static [u32] {
    let table: &'static [u32] = if bound <= 1 << 18 {
        &SMALL_PRIMES
    } else {
        &MORE_PRIMES
    };
    &table[..table.partition_point(|&p| p < bound)]
}

fn odd_primes_below(bound: u32) -> Vec<u32> {
    // One bit per odd number 2k+1 (bit k), set while it may be prime: 64
    // KiB for 2^20 instead of a byte per number, which a process making a
    // key spent more time clearing and faulting in than sieving.
    let count = bound as usize / 2;
    let mut maybe_prime = vec![u64::MAX; count.div_ceil(64)];
    let clear = |bits: &mut [u64], k: usize| {
        if let Some(word) = bits.get_mut(k / 64) {
            *word &= !(1u64 << (k % 64));
        }
    };
    clear(&mut maybe_prime, 0); // 1 is not a prime.
    let mut k = 1;
    while (2 * k + 1) * (2 * k + 1) < bound as usize {
        let p = 2 * k + 1;
        let is_prime = maybe_prime
            .get(k / 64)
            .is_some_and(|word| word & (1u64 << (k % 64)) != 0);
        if is_prime {
            // Odd multiples from p², two p apart: p apart in bits.
            for multiple in ((p * p - 1) / 2..count).step_by(p) {
                clear(&mut maybe_prime, multiple);
            }
        }
        k += 1;
    }
    let mut primes = Vec::new();
    for (index, &word) in maybe_prime.iter().enumerate() {
        let mut rest = word;
        while rest != 0 {
            let k = index * 64 + rest.trailing_zeros() as usize;
            if k >= count {
                break;
            }
            primes.push((2 * k + 1) as u32);
            rest &= rest - 1;
        }
    }
    primes
}

/// The sieving bound for primes of `prime_bits` bits. Residues cost
/// O(bits · primes) once per window while each extra prime saves
/// Miller-Rabin tests costing O(bits³), so bigger primes sieve further.
/// Measured with `cargo bench --bench rsa_keygen`.
pub fn sieve_bound(prime_bits: usize) -> u32 {
    if prime_bits >= 1536 { 1 << 20 } else { 1 << 18 }
}

/// A new RSA key of `bits` bits with e = 65537.
pub fn generate(
    bits: usize,
    exponent: PrivateExponent,
    rng: &mut dyn KeyRandom,
) -> Result<RsaPrivateKey, KeygenError> {
    generate_with_bound(bits, exponent, rng, sieve_bound(bits / 2))
}

/// [`generate`] with an explicit sieving bound, for measurements.
pub fn generate_with_bound(
    bits: usize,
    exponent: PrivateExponent,
    rng: &mut dyn KeyRandom,
    bound: u32,
) -> Result<RsaPrivateKey, KeygenError> {
    if !(1024..=8192).contains(&bits) || !bits.is_multiple_of(16) {
        return Err(KeygenError::Size(bits));
    }
    let prime_bits = bits / 2;
    let primes = primes_below(bound.min(MAX_SIEVE_BOUND));
    let mut ctx = BnCtx::new()?;
    // FIPS 186-5 A.1.3 step 5.4: |p - q| > 2^(nlen/2 - 100).
    let min_distance = BigNum::power_of_two((prime_bits - 100) as u32)?;
    for _ in 0..MAX_PAIRS {
        let p = random_prime(prime_bits, primes, rng, &mut ctx)?;
        let q = loop {
            let q = random_prime(prime_bits, primes, rng, &mut ctx)?;
            if BigNum::abs_diff(&p, &q)?
                .cmp_magnitude(&min_distance)
                .is_gt()
            {
                break q;
            }
        };
        if let Some(key) = assemble(bits, &p, &q, exponent, &mut ctx)? {
            return Ok(key);
        }
    }
    Err(KeygenError::NoKey(MAX_PAIRS))
}

/// Builds and checks the key from two primes; `None` when FIPS 186-5 or
/// Go would reject the pair and draw new primes.
fn assemble(
    bits: usize,
    p: &BigNum,
    q: &BigNum,
    exponent: PrivateExponent,
    ctx: &mut BnCtx,
) -> Result<Option<RsaPrivateKey>, KeygenError> {
    let n = BigNum::mul(p, q, ctx)?;
    if n.num_bits() as usize != bits {
        return Err(KeygenError::Invalid(format!(
            "modulus has {} bits, expected {bits}",
            n.num_bits()
        )));
    }
    let mut pm1 = p.try_clone()?;
    pm1.sub_word(1)?;
    let mut qm1 = q.try_clone()?;
    qm1.sub_word(1)?;
    let mut modulus = BigNum::mul(&pm1, &qm1, ctx)?;
    if exponent == PrivateExponent::Carmichael {
        // λ = φ / gcd(p-1, q-1). Go divides by a one-word gcd only and
        // retries otherwise (probability about 2^-32).
        let gcd = BigNum::gcd(&pm1, &qm1, ctx)?;
        if gcd.num_bits() > 32 {
            return Ok(None);
        }
        let divisor = gcd
            .to_be_bytes()?
            .iter()
            .fold(0u64, |acc, &b| acc << 8 | u64::from(b));
        if modulus.div_word(divisor)? != 0 {
            return Err(KeygenError::Invalid("gcd does not divide φ".into()));
        }
    }
    let d = inverse_of_e(&modulus)?;
    // FIPS 186-5 A.1.1: d > 2^(nlen/2); fails with probability ~2^-nlen/2.
    if d.num_bits() as usize <= bits / 2 {
        return Ok(None);
    }
    let dmp1 = BigNum::rem(&d, &pm1, ctx)?;
    let dmq1 = BigNum::rem(&d, &qm1, ctx)?;
    // q⁻¹ mod p by Fermat's little theorem, in constant time.
    let q_mod_p = BigNum::rem(q, p, ctx)?;
    let mut pm2 = p.try_clone()?;
    pm2.sub_word(2)?;
    let iqmp = BigNum::mod_exp_consttime(&q_mod_p, &pm2, p, ctx)?;
    let e = BigNum::from_word(PUBLIC_EXPONENT)?;
    let components = RsaComponents {
        n: &n,
        e: &e,
        d: &d,
        p,
        q,
        dmp1: &dmp1,
        dmq1: &dmq1,
        iqmp: &iqmp,
    };
    // RSA_check_key runs here. Of what RSA_check_fips adds, the pairwise
    // sign/verify test stays; its SP 800-89 public key validation, a
    // Miller-Rabin test that n is composite and not a prime power, is for
    // keys from elsewhere: n is the product of two distinct primes proved
    // above, and that test cost a seventh of a 4096-bit key's time.
    let checked = Rsa::from_components(&components)?;
    checked.check_pairwise()?;
    let uint = |b: &BigNum| b.to_be_bytes().map(|bytes| BigUint::from_bytes_be(&bytes));
    let key =
        RsaPrivateKey::from_components(uint(&n)?, uint(&e)?, uint(&d)?, vec![uint(p)?, uint(q)?])
            .map_err(|e| KeygenError::Invalid(e.to_string()))?;
    // from_components validated the key; say so explicitly in case that
    // ever changes upstream.
    key.validate()
        .map_err(|e| KeygenError::Invalid(e.to_string()))?;
    Ok(Some(key))
}

/// d = e⁻¹ mod `modulus` for e = 65537, computed as (1 + k·modulus) / e
/// with k = -modulus⁻¹ mod e: only the small public e is inverted, and the
/// secret modulus goes through multiplication and exact division.
fn inverse_of_e(modulus: &BigNum) -> Result<BigNum, KeygenError> {
    let r = modulus.mod_word(PUBLIC_EXPONENT)?;
    if r == 0 {
        return Err(KeygenError::Invalid("e divides φ".into()));
    }
    // r^(e-2) mod e: e is prime, and the fixed exponent makes the
    // multiplication sequence independent of r.
    let mut inv = 1u64;
    let mut base = r;
    let mut exp = PUBLIC_EXPONENT - 2;
    while exp > 0 {
        let product = inv * base % PUBLIC_EXPONENT;
        inv = if exp & 1 == 1 { product } else { inv };
        base = base * base % PUBLIC_EXPONENT;
        exp >>= 1;
    }
    let k = (PUBLIC_EXPONENT - inv) % PUBLIC_EXPONENT;
    let mut d = modulus.try_clone()?;
    d.mul_word(k)?;
    d.add_word(1)?;
    if d.div_word(PUBLIC_EXPONENT)? != 0 {
        return Err(KeygenError::Invalid("e·d ≢ 1".into()));
    }
    Ok(d)
}

/// A uniformly random index below `len` (which is nonzero).
fn random_index(len: usize, rng: &mut dyn KeyRandom) -> Result<usize, KeygenError> {
    let len = len as u64;
    // Reject the top partial range so every index is equally likely.
    let zone = (u64::from(u32::MAX) + 1) / len * len;
    loop {
        let mut buf = [0u8; 4];
        rng.fill(&mut buf)?;
        let x = u64::from(u32::from_be_bytes(buf));
        if x < zone {
            return Ok((x % len) as usize);
        }
    }
}

/// `bytes` (big-endian) plus `v`; false on overflow.
fn add_to_be(bytes: &mut [u8], v: u64) -> bool {
    let mut carry = u128::from(v);
    for b in bytes.iter_mut().rev() {
        if carry == 0 {
            return true;
        }
        let sum = u128::from(*b) + (carry & 0xff);
        *b = sum as u8;
        carry = (carry >> 8) + (sum >> 8);
    }
    carry == 0
}

/// `number mod m` for each small prime, from the big-endian bytes.
pub fn residues(number: &[u8], primes: &[u32]) -> Vec<u32> {
    let mut chunks = Vec::with_capacity(number.len().div_ceil(4));
    let lead = number.len() % 4;
    if lead != 0 {
        chunks.push(
            number[..lead]
                .iter()
                .fold(0u32, |acc, &b| acc << 8 | u32::from(b)),
        );
    }
    for c in number[lead..].chunks_exact(4) {
        chunks.push(u32::from_be_bytes([c[0], c[1], c[2], c[3]]));
    }
    // Barrett reduction instead of a hardware division, eight primes at a
    // time so that their independent chains overlap: under a third of the
    // time of `%` (0.77 ms against 2.6 for a 1024-bit start). With m < 2^32 and r < m,
    // x = r·2^32 + c < 2^64; for mu = ⌊(2^64-1)/m⌋ the estimate ⌊x·mu/2^64⌋
    // is the quotient or one less, so one subtraction finishes it.
    const LANES: usize = 8;
    let mut out = Vec::with_capacity(primes.len());
    for group in primes.chunks(LANES) {
        let mut m = [1u64; LANES];
        let mut mu = [u64::MAX; LANES];
        for (i, &p) in group.iter().enumerate() {
            m[i] = u64::from(p);
            mu[i] = u64::MAX / m[i];
        }
        let mut r = [0u64; LANES];
        for &c in &chunks {
            let c = u64::from(c);
            for i in 0..LANES {
                let x = r[i] << 32 | c;
                let q = ((u128::from(x) * u128::from(mu[i])) >> 64) as u64;
                let t = x - q * m[i];
                r[i] = if t >= m[i] { t - m[i] } else { t };
            }
        }
        out.extend(r[..group.len()].iter().map(|&x| x as u32));
    }
    out
}

/// Marks window offsets i (candidate start + 2i) that are divisible by a
/// sieving prime or ≡ 1 (mod 65537). `start_residues[j]` is start mod
/// `primes[j]`; `start_mod_e` is start mod 65537.
pub fn sieve_window(
    primes: &[u32],
    start_residues: &[u32],
    start_mod_e: u32,
    window: usize,
) -> Vec<bool> {
    let mut rejected = vec![false; window];
    let mut cross_out = |m: u64, r: u64, target: u64| {
        // start + 2i ≡ target (mod m)  ⇔  i ≡ (target - r)·2⁻¹ (mod m).
        let half = m.div_ceil(2); // 2⁻¹ mod an odd m
        let mut i = ((target + m - r) % m * half % m) as usize;
        let m = m as usize;
        while i < window {
            rejected[i] = true;
            i += m;
        }
    };
    for (&m, &r) in primes.iter().zip(start_residues) {
        cross_out(u64::from(m), u64::from(r), 0);
    }
    // gcd(p-1, 65537) = 1 unless p ≡ 1 (mod 65537).
    cross_out(PUBLIC_EXPONENT, u64::from(start_mod_e), 1);
    rejected
}

/// One candidate ready for the Fermat test.
struct Candidate {
    value: BigNum,
    minus_one: BigNum,
    mont: MontCtx,
}

impl Candidate {
    fn new(start: &[u8], offset: usize, ctx: &mut BnCtx) -> Result<Self, KeygenError> {
        let mut bytes = start.to_vec();
        if !add_to_be(&mut bytes, 2 * offset as u64) {
            return Err(KeygenError::Invalid("candidate overflow".into()));
        }
        let value = BigNum::from_be_bytes(&bytes)?;
        // The candidate is odd, so candidate - 1 just clears the low bit;
        // built from the same byte length, it keeps the full limb count
        // the paired exponentiation needs.
        if let Some(last) = bytes.last_mut() {
            *last &= !1;
        }
        let minus_one = BigNum::from_be_bytes(&bytes)?;
        let mont = MontCtx::new(&value, ctx)?;
        Ok(Candidate {
            value,
            minus_one,
            mont,
        })
    }

    /// The Fermat test's exponentiation: `base^(candidate-1) mod candidate`.
    fn fermat<'a>(&'a self, base: &'a BigNum) -> ExpJob<'a> {
        ExpJob {
            base,
            exp: &self.minus_one,
            modulus: &self.value,
            mont: &self.mont,
        }
    }

    /// Miller-Rabin (FIPS 186-5 B.3.1) with at least `rounds` uniformly
    /// random bases in [2, w-2] from AWS-LC's CSPRNG, two per paired
    /// exponentiation (an odd count is rounded up).
    fn passes_miller_rabin(&self, rounds: usize, ctx: &mut BnCtx) -> Result<bool, KeygenError> {
        let test = MillerRabin::new(self, ctx)?;
        for _ in 0..rounds.div_ceil(2) {
            let first = BigNum::random_in_range(2, &self.minus_one)?;
            let second = BigNum::random_in_range(2, &self.minus_one)?;
            if !test.passes_pair(&first, &second, ctx)? {
                return Ok(false);
            }
        }
        Ok(true)
    }
}

/// Steps 1-3 of FIPS 186-5 B.3.1 for one candidate w: w - 1 = 2^a·m, and
/// 1 and -1 in Montgomery form.
struct MillerRabin<'a> {
    candidate: &'a Candidate,
    a: u32,
    m: BigNum,
    one: BigNum,
    minus_one: BigNum,
}

impl<'a> MillerRabin<'a> {
    fn new(candidate: &'a Candidate, ctx: &mut BnCtx) -> Result<Self, KeygenError> {
        let a = candidate.minus_one.low_zero_bits();
        let m = candidate.minus_one.shifted_right(a)?;
        let one = candidate.mont.to_montgomery(&BigNum::from_word(1)?, ctx)?;
        // -1 ≡ w - 1 (mod w), and in Montgomery form w - R mod w = w - one.
        let minus_one = BigNum::abs_diff(&candidate.value, &one)?;
        Ok(MillerRabin {
            candidate,
            a,
            m,
            one,
            minus_one,
        })
    }

    /// Whether neither base is a witness that w is composite.
    fn passes_pair(
        &self,
        first: &BigNum,
        second: &BigNum,
        ctx: &mut BnCtx,
    ) -> Result<bool, KeygenError> {
        let job = |base| ExpJob {
            base,
            exp: &self.m,
            modulus: &self.candidate.value,
            mont: &self.candidate.mont,
        };
        let (z1, z2) = super::aws_lc::mod_exp_pair(&job(first), &job(second), ctx)?;
        Ok(self.not_witness(&z1, ctx)? && self.not_witness(&z2, ctx)?)
    }

    /// Steps 4.4-4.5 from z = b^m mod w. Unlike AWS-LC, which squares up
    /// to log2(w) times to hide a, this stops after a - 1 squarings, so
    /// its time depends on the number of low zero bits of p - 1, as in
    /// Go's math/big (Helm 3's generator), which is variable-time
    /// throughout.
    fn not_witness(&self, z: &BigNum, ctx: &mut BnCtx) -> Result<bool, KeygenError> {
        let mont = &self.candidate.mont;
        let mut z = mont.to_montgomery(z, ctx)?;
        if z.equals(&self.one) || z.equals(&self.minus_one) {
            return Ok(true);
        }
        for _ in 1..self.a {
            mont.square(&mut z, ctx)?;
            if z.equals(&self.minus_one) {
                return Ok(true);
            }
            if z.equals(&self.one) {
                // A square root of 1 other than ±1: w is composite.
                return Ok(false);
            }
        }
        Ok(false)
    }
}

/// The Miller-Rabin rounds AWS-LC's generator applies to a prime of this
/// size (`BN_prime_checks_for_size`, FIPS 186-4 table C.3: error below
/// 2^-100 for random candidates); every supported key size has primes of
/// at least 512 bits.
fn miller_rabin_rounds(prime_bits: usize) -> usize {
    match prime_bits {
        3747.. => 3,
        1345.. => 4,
        _ => 5,
    }
}

/// A random prime of exactly `bits` bits (a multiple of 8), with its top
/// two bits set and p ≢ 1 (mod 65537), accepted by AWS-LC's primality test.
fn random_prime(
    bits: usize,
    primes: &[u32],
    rng: &mut dyn KeyRandom,
    ctx: &mut BnCtx,
) -> Result<BigNum, KeygenError> {
    let len = bits / 8;
    let mut two = vec![0u8; len];
    two[len - 1] = 2;
    let two = BigNum::from_be_bytes(&two)?;
    for _ in 0..MAX_WINDOWS {
        let mut start = vec![0u8; len];
        rng.fill(&mut start)?;
        start[0] |= 0b1100_0000;
        start[len - 1] |= 1;
        // Keep every candidate in the window at `bits` bits (a redraw
        // happens with probability about 2^-(bits-19)).
        let mut end = start.clone();
        if !add_to_be(&mut end, 2 * WINDOW as u64) {
            continue;
        }
        let start_residues = residues(&start, primes);
        let start_mod_e = residues(&start, &[PUBLIC_EXPONENT as u32])[0];
        let rejected = sieve_window(primes, &start_residues, start_mod_e, WINDOW);
        let mut survivors: Vec<u32> = (0..WINDOW as u32)
            .filter(|&i| !rejected[i as usize])
            .collect();
        while !survivors.is_empty() {
            let first = survivors.swap_remove(random_index(survivors.len(), rng)?);
            let second = if survivors.is_empty() {
                None
            } else {
                Some(survivors.swap_remove(random_index(survivors.len(), rng)?))
            };
            let a = Candidate::new(&start, first as usize, ctx)?;
            let (a_passes, b) = match second {
                Some(offset) => {
                    let b = Candidate::new(&start, offset as usize, ctx)?;
                    let (ra, rb) =
                        super::aws_lc::mod_exp_pair(&a.fermat(&two), &b.fermat(&two), ctx)?;
                    (ra.is_one(), rb.is_one().then_some(b))
                }
                None => (
                    BigNum::mod_exp_consttime(&two, &a.minus_one, &a.value, ctx)?.is_one(),
                    None,
                ),
            };
            // In pick order, so the first prime drawn is the one kept.
            let passed = a_passes.then_some(a).into_iter().chain(b);
            for candidate in passed {
                if candidate.passes_miller_rabin(miller_rabin_rounds(bits), ctx)? {
                    let p = candidate.value;
                    debug_assert_eq!(p.num_bits() as usize, bits);
                    if p.num_bits() as usize != bits || p.mod_word(PUBLIC_EXPONENT)? == 1 {
                        return Err(KeygenError::Invalid("sieve let a bad prime through".into()));
                    }
                    return Ok(p);
                }
            }
        }
    }
    Err(KeygenError::NoPrime(MAX_WINDOWS))
}

#[cfg(test)]
mod tests {
    use super::*;
    use num_bigint::BigUint as Big;
    use rand::SeedableRng;
    use rand::rngs::StdRng;
    use rsa::traits::{PrivateKeyParts, PublicKeyParts};
    use rsa::{Pkcs1v15Sign, RsaPublicKey};
    use sha2::{Digest, Sha256};

    fn big(n: &BigUint) -> Big {
        Big::from_bytes_be(&n.to_bytes_be())
    }

    /// An independent Miller-Rabin (num-bigint, the first 24 primes as
    /// bases) so the tests do not trust AWS-LC to check AWS-LC.
    #[test]
    fn prime_table_matches_trial_division() {
        let by_trial = |bound: u32| -> Vec<u32> {
            (3..bound)
                .step_by(2)
                .filter(|&n| {
                    (3..)
                        .step_by(2)
                        .take_while(|d| d * d <= n)
                        .all(|d| n % d != 0)
                })
                .collect()
        };
        for bound in [
            0, 1, 2, 3, 4, 9, 10, 11, 25, 26, 49, 50, 64, 65, 127, 128, 129, 5000,
        ] {
            assert_eq!(odd_primes_below(bound), by_trial(bound), "below {bound}");
        }
        // pi(2^18) = 23000 and pi(2^20) = 82025, less the prime 2.
        assert_eq!(odd_primes_below(1 << 18).len(), 22999);
        assert_eq!(odd_primes_below(1 << 20).len(), 82024);
        assert_eq!(odd_primes_below(1 << 20).last(), Some(&1_048_573));
    }

    fn is_prime(n: &Big) -> bool {
        let one = Big::from(1u32);
        let n1 = n - &one;
        let s = n1.trailing_zeros().unwrap_or(0);
        let d = &n1 >> s;
        odd_primes_below(90)
            .iter()
            .take(23)
            .chain([2].iter())
            .all(|&a| {
                let a = Big::from(a);
                if &a % n == Big::from(0u32) {
                    return true;
                }
                let mut x = a.modpow(&d, n);
                if x == one || x == n1 {
                    return true;
                }
                for _ in 1..s {
                    x = x.modpow(&Big::from(2u32), n);
                    if x == n1 {
                        return true;
                    }
                }
                false
            })
    }

    fn check_key(key: &RsaPrivateKey, bits: usize, exponent: PrivateExponent) {
        assert_eq!(key.n().bits(), bits);
        assert!(key.validate().is_ok());
        assert_eq!(key.e(), &BigUint::from(PUBLIC_EXPONENT));
        let [p, q] = [big(&key.primes()[0]), big(&key.primes()[1])];
        assert_eq!(key.primes().len(), 2);
        assert_ne!(p, q);
        assert_eq!(&p * &q, big(key.n()));
        let half = bits / 2;
        for prime in [&p, &q] {
            assert!(is_prime(prime));
            assert_eq!(prime.bits() as usize, half);
            // Top two bits set.
            assert!(prime.bit(half as u64 - 2));
            assert_ne!(prime % PUBLIC_EXPONENT, Big::from(1u32));
        }
        let distance = if p > q { &p - &q } else { &q - &p };
        assert!(distance.bits() as usize > half - 100);
        let one = Big::from(1u32);
        let (pm1, qm1) = (&p - &one, &q - &one);
        let phi = &pm1 * &qm1;
        let lambda = &phi / num_integer_gcd(&pm1, &qm1);
        let d = big(key.d());
        let modulus = match exponent {
            PrivateExponent::Totient => &phi,
            PrivateExponent::Carmichael => &lambda,
        };
        assert!(&d < modulus);
        assert_eq!(Big::from(PUBLIC_EXPONENT) * &d % modulus, one);
        assert!(d.bits() as usize > half);
        // AWS-LC accepts it, FIPS checks included.
        let der = rsa::pkcs1::EncodeRsaPrivateKey::to_pkcs1_der(key);
        let Ok(der) = der else { panic!("der") };
        let aws = Rsa::from_pkcs1_der(der.as_bytes());
        assert!(aws.as_ref().is_ok_and(|k| k.check_fips().is_ok()));
        // Sign and verify.
        let digest = Sha256::digest(b"message");
        let sig = key.sign(Pkcs1v15Sign::new::<Sha256>(), &digest);
        let Ok(sig) = sig else { panic!("sign") };
        let public = RsaPublicKey::from(key);
        assert!(
            public
                .verify(Pkcs1v15Sign::new::<Sha256>(), &digest, &sig)
                .is_ok()
        );
    }

    fn num_integer_gcd(a: &Big, b: &Big) -> Big {
        let (mut a, mut b) = (a.clone(), b.clone());
        while b != Big::from(0u32) {
            let r = &a % &b;
            a = b;
            b = r;
        }
        a
    }

    #[test]
    fn generated_keys_are_valid() {
        for (bits, exponent) in [
            (2048, PrivateExponent::Totient),
            (2048, PrivateExponent::Carmichael),
            (3072, PrivateExponent::Carmichael),
            (4096, PrivateExponent::Totient),
        ] {
            let key = generate(bits, exponent, &mut SystemRandom);
            let Ok(key) = key else {
                panic!("{bits}: {key:?}")
            };
            check_key(&key, bits, exponent);
        }
    }

    #[test]
    fn seeded_generation_repeats() {
        let key = |seed| {
            let mut rng = StdRng::seed_from_u64(seed);
            generate(1024, PrivateExponent::Totient, &mut SeededRandom(&mut rng)).ok()
        };
        let a = key(7);
        assert!(a.is_some());
        assert_eq!(a, key(7));
        assert_ne!(a, key(8));
        if let Some(a) = a {
            check_key(&a, 1024, PrivateExponent::Totient);
        }
    }

    #[test]
    fn unsupported_sizes_are_refused() {
        for bits in [0, 512, 1000, 1032, 8208] {
            assert!(matches!(
                generate(bits, PrivateExponent::Totient, &mut SystemRandom),
                Err(KeygenError::Size(b)) if b == bits
            ));
        }
    }

    #[test]
    fn residues_match_direct_division() {
        let mut rng = StdRng::seed_from_u64(1);
        let primes = &primes_below(1 << 20)[..1000];
        assert_eq!(
            primes_below(1 << 18),
            &primes_below(1 << 20)[..primes_below(1 << 18).len()]
        );
        for len in [1, 5, 16, 128, 129] {
            let mut bytes = vec![0u8; len];
            rng.fill_bytes(&mut bytes);
            let n = Big::from_bytes_be(&bytes);
            let want: Vec<u32> = primes
                .iter()
                .map(|&m| (&n % m).try_into().unwrap_or(u32::MAX))
                .collect();
            assert_eq!(residues(&bytes, primes), want, "{len} bytes");
        }
    }

    #[test]
    fn sieve_matches_trial_division() {
        // 2^127 - 1 is prime; start 1000 steps below it.
        let m127 = (1u128 << 127) - 1;
        let start = m127 - 2 * 1000;
        let primes = primes_below(1 << 16);
        let bytes = start.to_be_bytes();
        let window = 4096;
        let rejected = sieve_window(
            primes,
            &residues(&bytes, primes),
            (start % 65537) as u32,
            window,
        );
        assert!(!rejected[1000], "a known prime was sieved out");
        for (i, &r) in rejected.iter().enumerate() {
            let c = start + 2 * i as u128;
            let small_factor = primes.iter().any(|&m| c.is_multiple_of(u128::from(m)));
            assert_eq!(r, small_factor || c % 65537 == 1, "offset {i}");
        }
        // Products of two sieving primes and a cube are crossed out.
        for composite in [3u128 * 5 * 7, 65521 * 65519, 101u128.pow(3)] {
            let start = composite - 2 * 10;
            let r = sieve_window(
                primes,
                &residues(&start.to_be_bytes(), primes),
                (start % 65537) as u32,
                64,
            );
            assert!(r[10], "{composite}");
        }
    }

    #[test]
    fn sieve_excludes_one_mod_e() {
        // start ≡ 1 (mod 65537): offsets 0 and 65537 are p ≡ 1.
        let start: u128 = (1 << 100) / 65537 * 65537 * 2 + 1;
        assert_eq!(start % 65537, 1);
        let rejected = sieve_window(&[], &[], (start % 65537) as u32, 65538 + 10);
        let crossed: Vec<usize> = (0..rejected.len()).filter(|&i| rejected[i]).collect();
        assert_eq!(crossed, [0, 65537]);
    }

    #[test]
    fn random_primes_pass_independent_checks() {
        let Ok(mut ctx) = BnCtx::new() else {
            panic!("BN_CTX_new")
        };
        let primes = primes_below(1 << 18);
        let mut rng = StdRng::seed_from_u64(3);
        for _ in 0..4 {
            let p = random_prime(512, primes, &mut SeededRandom(&mut rng), &mut ctx);
            let Ok(p) = p.and_then(|p| Ok(p.to_be_bytes()?)) else {
                panic!("prime")
            };
            let p = Big::from_bytes_be(&p);
            assert_eq!(p.bits(), 512);
            assert!(is_prime(&p));
        }
    }

    fn candidate(n: u64) -> Candidate {
        let Ok(mut ctx) = BnCtx::new() else {
            panic!("BN_CTX_new")
        };
        let bytes = n.to_be_bytes();
        let Ok(c) = Candidate::new(&bytes, 0, &mut ctx) else {
            panic!("candidate {n}")
        };
        c
    }

    /// Miller-Rabin of `n` with the given pairs of bases.
    fn miller_rabin_with(n: u64, bases: &[(u64, u64)]) -> bool {
        let Ok(mut ctx) = BnCtx::new() else {
            panic!("BN_CTX_new")
        };
        let c = candidate(n);
        let Ok(test) = MillerRabin::new(&c, &mut ctx) else {
            panic!("init")
        };
        bases.iter().all(|&(x, y)| {
            let (Ok(x), Ok(y)) = (BigNum::from_word(x), BigNum::from_word(y)) else {
                panic!("bases")
            };
            test.passes_pair(&x, &y, &mut ctx)
                .unwrap_or_else(|e| panic!("{e}"))
        })
    }

    #[test]
    fn miller_rabin_catches_strong_pseudoprimes_with_other_bases() {
        // 2047 = 23·89 is a strong pseudoprime to base 2 only.
        assert!(miller_rabin_with(2047, &[(2, 2)]));
        assert!(!miller_rabin_with(2047, &[(2, 3)]));
        // 3215031751 = 151·751·28351 fools bases 2, 3, 5 and 7 (the
        // squaring steps decide it), but not 11.
        assert!(miller_rabin_with(3_215_031_751, &[(2, 3), (5, 7)]));
        assert!(!miller_rabin_with(3_215_031_751, &[(2, 11)]));
        // The Carmichael number 561 passes every Fermat test with a
        // coprime base; Miller-Rabin finds a nontrivial square root of 1.
        assert!(!miller_rabin_with(561, &[(2, 2)]));
        // Primes pass with any base.
        assert!(miller_rabin_with(
            1_000_000_007,
            &[(2, 3), (5, 999_999_999)]
        ));
        assert!(miller_rabin_with(2_305_843_009_213_693_951, &[(2, 12345)]));
    }

    #[test]
    fn miller_rabin_with_random_bases_agrees_with_aws_lc() {
        let Ok(mut ctx) = BnCtx::new() else {
            panic!("BN_CTX_new")
        };
        let primes = primes_below(1 << 18);
        let mut rng = StdRng::seed_from_u64(11);
        for _ in 0..2 {
            let (Ok(p), Ok(q)) = (
                random_prime(1024, primes, &mut SeededRandom(&mut rng), &mut ctx),
                random_prime(1024, primes, &mut SeededRandom(&mut rng), &mut ctx),
            ) else {
                panic!("primes")
            };
            let (Ok(p), Ok(q)) = (p.to_be_bytes(), q.to_be_bytes()) else {
                panic!("bytes")
            };
            let Ok(c) = Candidate::new(&p, 0, &mut ctx) else {
                panic!("candidate")
            };
            assert!(matches!(c.passes_miller_rabin(6, &mut ctx), Ok(true)));
            assert!(matches!(c.value.is_probable_prime(&mut ctx), Ok(true)));
            // p·q (2048 bits, full width for the paired fast path) fails.
            let Ok(q) = BigNum::from_be_bytes(&q) else {
                panic!("q")
            };
            let Ok(n) = BigNum::mul(&c.value, &q, &mut ctx).and_then(|n| n.to_be_bytes()) else {
                panic!("p·q")
            };
            let Ok(composite) = Candidate::new(&n, 0, &mut ctx) else {
                panic!("candidate")
            };
            assert!(matches!(
                composite.passes_miller_rabin(4, &mut ctx),
                Ok(false)
            ));
        }
    }

    #[test]
    fn add_to_be_carries_and_overflows() {
        let mut b = [0x00, 0xff, 0xff];
        assert!(add_to_be(&mut b, 1));
        assert_eq!(b, [0x01, 0x00, 0x00]);
        let mut b = [0xff, 0xff];
        assert!(!add_to_be(&mut b, 1));
        let mut b = [0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01];
        assert!(add_to_be(&mut b, u64::MAX));
        assert_eq!(b, [0x01, 0, 0, 0, 0, 0, 0, 0, 0]);
    }
}
