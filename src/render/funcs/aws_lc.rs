//! Safe wrappers over the few AWS-LC (`aws-lc-sys`) calls that RSA key
//! generation and signing use: bignums, their scratch context, Montgomery
//! contexts, the RSA key object and the system CSPRNG.
//!
//! Every `unsafe` block of chartguard's RSA code is here. Each wrapper owns
//! its pointer (freed on drop, bignums zeroed first since they hold key
//! material), checks for null on creation, and turns AWS-LC's 0-on-failure
//! returns into [`AwsLcError`].

use std::os::raw::c_int;
use std::ptr::{self, NonNull};

use aws_lc_sys as sys;

/// An AWS-LC call that reported failure (allocation, or invalid input).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("aws-lc: {0} failed")]
pub struct AwsLcError(pub &'static str);

type Result<T> = std::result::Result<T, AwsLcError>;

/// AWS-LC returns 1 on success and 0 on failure.
fn check(ret: c_int, call: &'static str) -> Result<()> {
    if ret == 1 {
        Ok(())
    } else {
        Err(AwsLcError(call))
    }
}

fn non_null<T>(p: *mut T, call: &'static str) -> Result<NonNull<T>> {
    NonNull::new(p).ok_or(AwsLcError(call))
}

/// Fills `buf` from AWS-LC's CSPRNG (a DRBG seeded from the OS, reseeded
/// on fork), the generator AWS-LC's own key generation draws from.
pub fn system_random(buf: &mut [u8]) -> Result<()> {
    // SAFETY: buf is a valid writable region of buf.len() bytes.
    check(
        unsafe { sys::RAND_bytes(buf.as_mut_ptr(), buf.len()) },
        "RAND_bytes",
    )
}

/// Scratch space for bignum arithmetic (`BN_CTX`).
pub struct BnCtx(NonNull<sys::BN_CTX>);

impl BnCtx {
    pub fn new() -> Result<Self> {
        // SAFETY: no arguments; the result is checked for null.
        non_null(unsafe { sys::BN_CTX_new() }, "BN_CTX_new").map(Self)
    }

    fn as_ptr(&mut self) -> *mut sys::BN_CTX {
        self.0.as_ptr()
    }
}

impl Drop for BnCtx {
    fn drop(&mut self) {
        // SAFETY: we own the context; it is freed exactly once.
        unsafe { sys::BN_CTX_free(self.0.as_ptr()) }
    }
}

/// A non-negative big integer (`BIGNUM`). Dropping it zeroes its limbs:
/// most of them are primes or private exponents.
pub struct BigNum(NonNull<sys::BIGNUM>);

impl BigNum {
    pub fn new() -> Result<Self> {
        // SAFETY: no arguments; the result is checked for null.
        non_null(unsafe { sys::BN_new() }, "BN_new").map(Self)
    }

    /// The number with these big-endian bytes. Its width (limb count) is
    /// that of the byte length, leading zeros included, which is what the
    /// two-at-a-time exponentiation needs to pick its fast path.
    pub fn from_be_bytes(bytes: &[u8]) -> Result<Self> {
        let n = Self::new()?;
        // SAFETY: bytes is valid for bytes.len() reads; n is a valid BIGNUM
        // that BN_bin2bn writes into and returns (or null on failure).
        let ret = unsafe { sys::BN_bin2bn(bytes.as_ptr(), bytes.len(), n.0.as_ptr()) };
        non_null(ret, "BN_bin2bn")?;
        Ok(n)
    }

    pub fn from_word(w: u64) -> Result<Self> {
        let n = Self::new()?;
        // SAFETY: n is a valid BIGNUM.
        check(unsafe { sys::BN_set_word(n.0.as_ptr(), w) }, "BN_set_word")?;
        Ok(n)
    }

    /// 2^`bit`.
    pub fn power_of_two(bit: u32) -> Result<Self> {
        let one = Self::from_word(1)?;
        let n = Self::new()?;
        let shift = c_int::try_from(bit).map_err(|_| AwsLcError("BN_lshift"))?;
        // SAFETY: both are valid BIGNUMs; r and a may differ.
        check(
            unsafe { sys::BN_lshift(n.0.as_ptr(), one.as_ptr(), shift) },
            "BN_lshift",
        )?;
        Ok(n)
    }

    fn as_ptr(&self) -> *const sys::BIGNUM {
        self.0.as_ptr()
    }

    /// Big-endian magnitude, without leading zeros.
    pub fn to_be_bytes(&self) -> Result<Vec<u8>> {
        let mut out = vec![0u8; self.num_bits().div_ceil(8) as usize];
        // SAFETY: out has room for exactly out.len() bytes, which is enough
        // for the number, so BN_bn2bin_padded succeeds.
        check(
            unsafe { sys::BN_bn2bin_padded(out.as_mut_ptr(), out.len(), self.as_ptr()) },
            "BN_bn2bin_padded",
        )?;
        Ok(out)
    }

    /// A uniformly random number in `[min, max_exclusive)` from AWS-LC's
    /// CSPRNG. It has the width (limb count) of `max_exclusive`.
    pub fn random_in_range(min: u64, max_exclusive: &Self) -> Result<Self> {
        let r = Self::new()?;
        // SAFETY: both are valid BIGNUMs; AWS-LC fails (returns 0) when the
        // range is empty.
        check(
            unsafe { sys::BN_rand_range_ex(r.0.as_ptr(), min, max_exclusive.as_ptr()) },
            "BN_rand_range_ex",
        )?;
        Ok(r)
    }

    /// How many times 2 divides the number (0 for zero).
    pub fn low_zero_bits(&self) -> u32 {
        // SAFETY: self is a valid BIGNUM.
        let bits = unsafe { sys::BN_count_low_zero_bits(self.as_ptr()) };
        u32::try_from(bits).unwrap_or(0)
    }

    /// `self >> n`.
    pub fn shifted_right(&self, n: u32) -> Result<Self> {
        let r = Self::new()?;
        let shift = c_int::try_from(n).map_err(|_| AwsLcError("BN_rshift"))?;
        // SAFETY: both are valid BIGNUMs; r is distinct from self.
        check(
            unsafe { sys::BN_rshift(r.0.as_ptr(), self.as_ptr(), shift) },
            "BN_rshift",
        )?;
        Ok(r)
    }

    /// Equal values, whatever the widths, in constant time.
    pub fn equals(&self, other: &Self) -> bool {
        // SAFETY: both are valid BIGNUMs.
        unsafe { sys::BN_equal_consttime(self.as_ptr(), other.as_ptr()) == 1 }
    }

    pub fn num_bits(&self) -> u32 {
        // SAFETY: self is a valid BIGNUM.
        unsafe { sys::BN_num_bits(self.as_ptr()) }
    }

    pub fn is_one(&self) -> bool {
        // SAFETY: self is a valid BIGNUM.
        unsafe { sys::BN_is_one(self.as_ptr()) == 1 }
    }

    /// `self mod w` for a nonzero word.
    pub fn mod_word(&self, w: u64) -> Result<u64> {
        if w == 0 {
            return Err(AwsLcError("BN_mod_word"));
        }
        // SAFETY: self is a valid BIGNUM and w is nonzero.
        Ok(unsafe { sys::BN_mod_word(self.as_ptr(), w) })
    }

    /// `self /= w`, returning the remainder.
    pub fn div_word(&mut self, w: u64) -> Result<u64> {
        if w == 0 {
            return Err(AwsLcError("BN_div_word"));
        }
        // SAFETY: self is a valid BIGNUM and w is nonzero.
        Ok(unsafe { sys::BN_div_word(self.0.as_ptr(), w) })
    }

    pub fn mul_word(&mut self, w: u64) -> Result<()> {
        // SAFETY: self is a valid BIGNUM.
        check(
            unsafe { sys::BN_mul_word(self.0.as_ptr(), w) },
            "BN_mul_word",
        )
    }

    pub fn add_word(&mut self, w: u64) -> Result<()> {
        // SAFETY: self is a valid BIGNUM.
        check(
            unsafe { sys::BN_add_word(self.0.as_ptr(), w) },
            "BN_add_word",
        )
    }

    pub fn sub_word(&mut self, w: u64) -> Result<()> {
        // SAFETY: self is a valid BIGNUM.
        check(
            unsafe { sys::BN_sub_word(self.0.as_ptr(), w) },
            "BN_sub_word",
        )
    }

    /// `|a - b|`.
    pub fn abs_diff(a: &Self, b: &Self) -> Result<Self> {
        let r = Self::new()?;
        // SAFETY: all three are valid BIGNUMs.
        let ret = unsafe {
            if sys::BN_ucmp(a.as_ptr(), b.as_ptr()) >= 0 {
                sys::BN_usub(r.0.as_ptr(), a.as_ptr(), b.as_ptr())
            } else {
                sys::BN_usub(r.0.as_ptr(), b.as_ptr(), a.as_ptr())
            }
        };
        check(ret, "BN_usub")?;
        Ok(r)
    }

    /// Compares magnitudes.
    pub fn cmp_magnitude(&self, other: &Self) -> std::cmp::Ordering {
        // SAFETY: both are valid BIGNUMs.
        unsafe { sys::BN_ucmp(self.as_ptr(), other.as_ptr()) }.cmp(&0)
    }

    pub fn try_clone(&self) -> Result<Self> {
        // SAFETY: self is a valid BIGNUM; BN_dup returns a new one or null.
        non_null(unsafe { sys::BN_dup(self.as_ptr()) }, "BN_dup").map(Self)
    }

    pub fn mul(a: &Self, b: &Self, ctx: &mut BnCtx) -> Result<Self> {
        let r = Self::new()?;
        // SAFETY: all are valid; r is distinct from a and b.
        check(
            unsafe { sys::BN_mul(r.0.as_ptr(), a.as_ptr(), b.as_ptr(), ctx.as_ptr()) },
            "BN_mul",
        )?;
        Ok(r)
    }

    /// `gcd(a, b)`, in constant time (AWS-LC's `bn_gcd_consttime`).
    pub fn gcd(a: &Self, b: &Self, ctx: &mut BnCtx) -> Result<Self> {
        let r = Self::new()?;
        // SAFETY: all are valid; r is distinct from a and b.
        check(
            unsafe { sys::BN_gcd(r.0.as_ptr(), a.as_ptr(), b.as_ptr(), ctx.as_ptr()) },
            "BN_gcd",
        )?;
        Ok(r)
    }

    /// `a mod m` for a nonzero `m`.
    pub fn rem(a: &Self, m: &Self, ctx: &mut BnCtx) -> Result<Self> {
        let r = Self::new()?;
        // SAFETY: all are valid; a null quotient is allowed; BN_div fails
        // (returns 0) on a zero divisor.
        check(
            unsafe {
                sys::BN_div(
                    ptr::null_mut(),
                    r.0.as_ptr(),
                    a.as_ptr(),
                    m.as_ptr(),
                    ctx.as_ptr(),
                )
            },
            "BN_div",
        )?;
        Ok(r)
    }

    /// `base^exp mod m` in constant time, for odd `m`.
    pub fn mod_exp_consttime(base: &Self, exp: &Self, m: &Self, ctx: &mut BnCtx) -> Result<Self> {
        let r = Self::new()?;
        // SAFETY: all are valid; a null Montgomery context makes AWS-LC
        // build one; base must be reduced, which the callers guarantee.
        check(
            unsafe {
                sys::BN_mod_exp_mont_consttime(
                    r.0.as_ptr(),
                    base.as_ptr(),
                    exp.as_ptr(),
                    m.as_ptr(),
                    ctx.as_ptr(),
                    ptr::null(),
                )
            },
            "BN_mod_exp_mont_consttime",
        )?;
        Ok(r)
    }

    /// AWS-LC's Miller-Rabin test (tests check ours against it) with the
    /// round count it uses when it generates RSA primes itself (`BN_prime_checks_for_generation`, the
    /// FIPS 186 table: 5 rounds at 1024 bits, 4 at 1536 and 2048), random
    /// bases from its CSPRNG, and no trial division (the caller sieved).
    #[cfg(test)]
    pub fn is_probable_prime(&self, ctx: &mut BnCtx) -> Result<bool> {
        let mut is_prime: c_int = 0;
        // SAFETY: self and ctx are valid; no callback.
        check(
            unsafe {
                sys::BN_primality_test(
                    &mut is_prime,
                    self.as_ptr(),
                    sys::BN_prime_checks_for_generation,
                    ctx.as_ptr(),
                    0,
                    ptr::null_mut(),
                )
            },
            "BN_primality_test",
        )?;
        Ok(is_prime == 1)
    }
}

impl Drop for BigNum {
    fn drop(&mut self) {
        // SAFETY: we own the BIGNUM; it is zeroed and freed exactly once.
        unsafe { sys::BN_clear_free(self.0.as_ptr()) }
    }
}

/// A Montgomery context for one odd modulus, built treating the modulus
/// as secret (`BN_MONT_CTX_new_consttime`).
pub struct MontCtx {
    ptr: NonNull<sys::BN_MONT_CTX>,
}

impl MontCtx {
    pub fn new(modulus: &BigNum, ctx: &mut BnCtx) -> Result<Self> {
        // SAFETY: modulus and ctx are valid; the result is checked.
        let ptr = unsafe { sys::BN_MONT_CTX_new_consttime(modulus.as_ptr(), ctx.as_ptr()) };
        non_null(ptr, "BN_MONT_CTX_new_consttime").map(|ptr| Self { ptr })
    }
}

impl MontCtx {
    /// `a·R mod N`, the Montgomery form of a reduced `a`.
    pub fn to_montgomery(&self, a: &BigNum, ctx: &mut BnCtx) -> Result<BigNum> {
        let r = BigNum::new()?;
        // SAFETY: all are valid; a is reduced modulo this context's modulus
        // (the callers guarantee it).
        check(
            unsafe {
                sys::BN_to_montgomery(r.0.as_ptr(), a.as_ptr(), self.ptr.as_ptr(), ctx.as_ptr())
            },
            "BN_to_montgomery",
        )?;
        Ok(r)
    }

    /// Squares a number in Montgomery form, in place.
    pub fn square(&self, a: &mut BigNum, ctx: &mut BnCtx) -> Result<()> {
        let a = a.0.as_ptr();
        // SAFETY: a is a valid BIGNUM in Montgomery form for this context;
        // AWS-LC allows the result to alias the operands.
        check(
            unsafe { sys::BN_mod_mul_montgomery(a, a, a, self.ptr.as_ptr(), ctx.as_ptr()) },
            "BN_mod_mul_montgomery",
        )
    }
}

impl Drop for MontCtx {
    fn drop(&mut self) {
        // SAFETY: we own the context; it is freed exactly once.
        unsafe { sys::BN_MONT_CTX_free(self.ptr.as_ptr()) }
    }
}

/// One modular exponentiation of a pair: `base^exp mod m` with the
/// modulus's Montgomery context.
pub struct ExpJob<'a> {
    pub base: &'a BigNum,
    pub exp: &'a BigNum,
    pub modulus: &'a BigNum,
    pub mont: &'a MontCtx,
}

/// Two constant-time exponentiations at once. On CPUs with AVX-512 IFMA
/// and 1024-, 1536- or 2048-bit moduli (the primes of 2048-, 3072- and
/// 4096-bit keys) AWS-LC runs both in one vectorised pass; elsewhere it
/// runs them one after the other. Bases must be reduced and every operand
/// must span the modulus's full limb count for the fast path.
pub fn mod_exp_pair(a: &ExpJob<'_>, b: &ExpJob<'_>, ctx: &mut BnCtx) -> Result<(BigNum, BigNum)> {
    let (ra, rb) = (BigNum::new()?, BigNum::new()?);
    // SAFETY: every pointer is a valid, live object; results are distinct
    // from all inputs; Montgomery contexts match their moduli.
    check(
        unsafe {
            sys::BN_mod_exp_mont_consttime_x2(
                ra.0.as_ptr(),
                a.base.as_ptr(),
                a.exp.as_ptr(),
                a.modulus.as_ptr(),
                a.mont.ptr.as_ptr(),
                rb.0.as_ptr(),
                b.base.as_ptr(),
                b.exp.as_ptr(),
                b.modulus.as_ptr(),
                b.mont.ptr.as_ptr(),
                ctx.as_ptr(),
            )
        },
        "BN_mod_exp_mont_consttime_x2",
    )?;
    Ok((ra, rb))
}

/// The CRT form of an RSA private key.
pub struct RsaComponents<'a> {
    pub n: &'a BigNum,
    pub e: &'a BigNum,
    pub d: &'a BigNum,
    pub p: &'a BigNum,
    pub q: &'a BigNum,
    pub dmp1: &'a BigNum,
    pub dmq1: &'a BigNum,
    pub iqmp: &'a BigNum,
}

/// An AWS-LC RSA private key.
pub struct Rsa(NonNull<sys::RSA>);

impl Rsa {
    /// A key from its components. AWS-LC runs `RSA_check_key` on them
    /// (n = p·q, d·e ≡ 1 mod p-1 and q-1, the CRT values) and refuses a
    /// key that fails.
    pub fn from_components(c: &RsaComponents<'_>) -> Result<Self> {
        // SAFETY: all are valid BIGNUMs; AWS-LC copies them.
        let ptr = unsafe {
            sys::RSA_new_private_key(
                c.n.as_ptr(),
                c.e.as_ptr(),
                c.d.as_ptr(),
                c.p.as_ptr(),
                c.q.as_ptr(),
                c.dmp1.as_ptr(),
                c.dmq1.as_ptr(),
                c.iqmp.as_ptr(),
            )
        };
        non_null(ptr, "RSA_new_private_key").map(Self)
    }

    /// Parses a PKCS#1 `RSAPrivateKey` (AWS-LC checks it as above).
    pub fn from_pkcs1_der(der: &[u8]) -> Result<Self> {
        // SAFETY: der is valid for der.len() reads; the result is checked.
        let ptr = unsafe { sys::RSA_private_key_from_bytes(der.as_ptr(), der.len()) };
        non_null(ptr, "RSA_private_key_from_bytes").map(Self)
    }

    /// FIPS checks: `RSA_check_key`, SP 800-89 public key validation and a
    /// sign/verify pairwise consistency test.
    pub fn check_fips(&self) -> Result<()> {
        // SAFETY: self is a valid RSA key.
        check(
            unsafe { sys::RSA_check_fips(self.0.as_ptr()) },
            "RSA_check_fips",
        )
    }

    /// The pairwise consistency test of FIPS 140 (the end of
    /// `RSA_check_fips`): a signature made with the private key verifies
    /// with the public key.
    pub fn check_pairwise(&self) -> Result<()> {
        let digest = [0u8; 32];
        let signature = self.sign_pkcs1_sha256(&digest)?;
        // SAFETY: self is a valid RSA key; digest and signature are valid
        // for their lengths.
        check(
            unsafe {
                sys::RSA_verify(
                    sys::NID_sha256,
                    digest.as_ptr(),
                    digest.len(),
                    signature.as_ptr(),
                    signature.len(),
                    self.0.as_ptr(),
                )
            },
            "RSA_verify",
        )
    }

    /// An RSASSA-PKCS1-v1_5 signature of a SHA-256 digest.
    pub fn sign_pkcs1_sha256(&self, digest: &[u8; 32]) -> Result<Vec<u8>> {
        // SAFETY: self is a valid RSA key.
        let size = unsafe { sys::RSA_size(self.0.as_ptr()) } as usize;
        let mut out = vec![0u8; size];
        let mut out_len: std::os::raw::c_uint = 0;
        // SAFETY: out has RSA_size bytes, the most RSA_sign writes; the
        // digest is 32 bytes as NID_sha256 requires.
        check(
            unsafe {
                sys::RSA_sign(
                    sys::NID_sha256,
                    digest.as_ptr(),
                    digest.len(),
                    out.as_mut_ptr(),
                    &mut out_len,
                    self.0.as_ptr(),
                )
            },
            "RSA_sign",
        )?;
        out.truncate(out_len as usize);
        Ok(out)
    }
}

impl Drop for Rsa {
    fn drop(&mut self) {
        // SAFETY: we own the key; RSA_free zeroes and frees it once.
        unsafe { sys::RSA_free(self.0.as_ptr()) }
    }
}
