//! Sprig's crypto functions: digests, bcrypt and htpasswd, the Master
//! Password algorithm (`derivePassword`), private keys and X.509
//! certificates as Go's `crypto/x509` writes them, AES-CBC, `randBytes`.
//!
//! Certificates are DER we assemble ourselves, field by field in the order
//! and encoding `x509.CreateCertificate` uses (extensions, criticality,
//! PrintableString vs UTF8String, UTCTime vs GeneralizedTime, key ids), so
//! that tools reading them see what they would see from Helm. Randomness
//! (keys, serials, salts, IVs) comes from the function map's RNG and times
//! from its clock, so seeded runs repeat; unseeded RSA keys draw from
//! AWS-LC's CSPRNG (see `rsa_keygen`).

use std::fmt::Write as _;

use aes::Aes256;
use aes::cipher::generic_array::GenericArray;
use aes::cipher::{BlockDecrypt, BlockEncrypt, KeyInit};
use gotemplate::{FuncError, FuncMap, Object, ParamType, Signature, Value};
use hmac::{Hmac, Mac};
use p256::elliptic_curve::sec1::ToEncodedPoint;
use rand::RngCore;
use rsa::pkcs1::{DecodeRsaPrivateKey, EncodeRsaPrivateKey};
use rsa::traits::PublicKeyParts;
use rsa::{Pkcs1v15Sign, RsaPrivateKey};
use sha1::Sha1;
use sha2::{Digest, Sha256, Sha512};

use super::FuncOptions;
use super::aws_lc;
use super::dates::{Clock, GoTime, HOUR};
use super::encoding::{b64_decode, b64_encode};
use super::random::{SharedRng, check_count, rng_for, with_rng};
use super::rsa_keygen::{self, PrivateExponent};
use crate::render::HelmVersion;
use crate::text::lossy_owned;

// ---------------------------------------------------------------------------
// Digests

fn hex(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

pub fn sha1sum(input: &[u8]) -> String {
    hex(&Sha1::digest(input))
}

pub fn sha256sum(input: &[u8]) -> String {
    hex(&Sha256::digest(input))
}

pub fn sha512sum(input: &[u8]) -> String {
    hex(&Sha512::digest(input))
}

/// `hash/adler32.Checksum`, printed in decimal as Sprig does.
pub fn adler32sum(input: &[u8]) -> String {
    const MOD: u32 = 65521;
    let (mut a, mut b) = (1u32, 0u32);
    for chunk in input.chunks(5552) {
        for &byte in chunk {
            a += u32::from(byte);
            b += a;
        }
        a %= MOD;
        b %= MOD;
    }
    (b << 16 | a).to_string()
}

// ---------------------------------------------------------------------------
// bcrypt

/// Go's `bcrypt.DefaultCost`.
const BCRYPT_COST: u32 = 10;

/// Sprig's `bcrypt`: a `$2a$10$` hash with a random salt. Go refuses
/// passwords over 72 bytes, and Sprig returns the error as the result.
pub fn bcrypt_hash(rng: &SharedRng, input: &str) -> String {
    if input.len() > 72 {
        return "failed to encrypt string with bcrypt: bcrypt: password length exceeds 72 bytes"
            .to_string();
    }
    let mut salt = [0u8; 16];
    with_rng(rng, |rng| rng.fill_bytes(&mut salt));
    match bcrypt::hash_with_salt(input.as_bytes(), BCRYPT_COST, salt) {
        Ok(parts) => parts.format_for_version(bcrypt::Version::TwoA),
        Err(e) => format!("failed to encrypt string with bcrypt: {e}"),
    }
}

/// Sprig's `htpasswd`: `user:bcrypt(password)`, or an error text.
pub fn htpasswd(rng: &SharedRng, username: &str, password: &str) -> String {
    if username.contains(':') {
        return format!("invalid username: {username}");
    }
    format!("{username}:{}", bcrypt_hash(rng, password))
}

// ---------------------------------------------------------------------------
// derivePassword

const MASTER_PASSWORD_SEED: &str = "com.lyndir.masterpassword";

fn password_templates(kind: &str) -> Option<&'static [&'static str]> {
    Some(match kind {
        "maximum" => &["anoxxxxxxxxxxxxxxxxx", "axxxxxxxxxxxxxxxxxno"],
        "long" => &[
            "CvcvnoCvcvCvcv",
            "CvcvCvcvnoCvcv",
            "CvcvCvcvCvcvno",
            "CvccnoCvcvCvcv",
            "CvccCvcvnoCvcv",
            "CvccCvcvCvcvno",
            "CvcvnoCvccCvcv",
            "CvcvCvccnoCvcv",
            "CvcvCvccCvcvno",
            "CvcvnoCvcvCvcc",
            "CvcvCvcvnoCvcc",
            "CvcvCvcvCvccno",
            "CvccnoCvccCvcv",
            "CvccCvccnoCvcv",
            "CvccCvccCvcvno",
            "CvcvnoCvccCvcc",
            "CvcvCvccnoCvcc",
            "CvcvCvccCvccno",
            "CvccnoCvcvCvcc",
            "CvccCvcvnoCvcc",
            "CvccCvcvCvccno",
        ],
        "medium" => &["CvcnoCvc", "CvcCvcno"],
        "short" => &["Cvcn"],
        "basic" => &["aaanaaan", "aannaaan", "aaannaaa"],
        "pin" => &["nnnn"],
        _ => return None,
    })
}

fn template_characters(c: u8) -> &'static [u8] {
    match c {
        b'V' => b"AEIOU",
        b'C' => b"BCDFGHJKLMNPQRSTVWXYZ",
        b'v' => b"aeiou",
        b'c' => b"bcdfghjklmnpqrstvwxyz",
        b'A' => b"AEIOUBCDFGHJKLMNPQRSTVWXYZ",
        b'a' => b"AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz",
        b'n' => b"0123456789",
        b'o' => b"@&%?,=[]_:-+*$#!'^~;()/.",
        _ => b"AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz0123456789!@#$%^&*()",
    }
}

/// Sprig's `derivePassword`: the Master Password algorithm (scrypt with
/// N=32768, r=8, p=2 over the user, HMAC-SHA256 over the site).
pub fn derive_password(counter: u32, kind: &str, password: &str, user: &str, site: &str) -> String {
    let Some(templates) = password_templates(kind) else {
        return format!("cannot find password template {kind}");
    };
    let mut salt = MASTER_PASSWORD_SEED.as_bytes().to_vec();
    salt.extend_from_slice(&(user.len() as u32).to_be_bytes());
    salt.extend_from_slice(user.as_bytes());
    let mut key = [0u8; 64];
    let derived = scrypt::Params::new(15, 8, 2, 64)
        .map_err(|e| e.to_string())
        .and_then(|params| {
            scrypt::scrypt(password.as_bytes(), &salt, &params, &mut key).map_err(|e| e.to_string())
        });
    if let Err(e) = derived {
        return format!("failed to derive password: {e}");
    }
    let mut message = MASTER_PASSWORD_SEED.as_bytes().to_vec();
    message.extend_from_slice(&(site.len() as u32).to_be_bytes());
    message.extend_from_slice(site.as_bytes());
    message.extend_from_slice(&counter.to_be_bytes());
    let Ok(mut mac) = <Hmac<Sha256> as Mac>::new_from_slice(&key) else {
        return "failed to derive password: bad key".to_string();
    };
    mac.update(&message);
    let seed = mac.finalize().into_bytes();
    let template = templates[usize::from(seed[0]) % templates.len()];
    template
        .bytes()
        .enumerate()
        .map(|(i, c)| {
            let chars = template_characters(c);
            char::from(chars[usize::from(seed[i + 1]) % chars.len()])
        })
        .collect()
}

// ---------------------------------------------------------------------------
// DER

/// Just enough DER writing for keys and certificates.
mod der {
    pub const INTEGER: u8 = 0x02;
    pub const BIT_STRING: u8 = 0x03;
    pub const OCTET_STRING: u8 = 0x04;
    pub const NULL: u8 = 0x05;
    pub const OID: u8 = 0x06;
    pub const UTF8_STRING: u8 = 0x0c;
    pub const PRINTABLE_STRING: u8 = 0x13;
    pub const UTC_TIME: u8 = 0x17;
    pub const GENERALIZED_TIME: u8 = 0x18;
    pub const SEQUENCE: u8 = 0x30;
    pub const SET: u8 = 0x31;
    pub const BOOLEAN: u8 = 0x01;

    pub fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
        let mut out = vec![tag];
        let len = content.len();
        if len < 0x80 {
            out.push(len as u8);
        } else {
            let bytes: Vec<u8> = len
                .to_be_bytes()
                .iter()
                .copied()
                .skip_while(|&b| b == 0)
                .collect();
            out.push(0x80 | bytes.len() as u8);
            out.extend_from_slice(&bytes);
        }
        out.extend_from_slice(content);
        out
    }

    pub fn seq(parts: &[&[u8]]) -> Vec<u8> {
        tlv(SEQUENCE, &parts.concat())
    }

    /// A non-negative INTEGER from big-endian magnitude bytes.
    pub fn uint(be: &[u8]) -> Vec<u8> {
        let trimmed: Vec<u8> = be.iter().copied().skip_while(|&b| b == 0).collect();
        let mut content = Vec::with_capacity(trimmed.len() + 1);
        if trimmed.first().is_none_or(|&b| b & 0x80 != 0) {
            content.push(0);
        }
        content.extend_from_slice(&trimmed);
        tlv(INTEGER, &content)
    }

    pub fn small_int(v: u8) -> Vec<u8> {
        uint(&[v])
    }

    pub fn oid(arcs: &[u64]) -> Vec<u8> {
        let mut content = Vec::new();
        let mut push = |mut v: u64| {
            let mut tmp = vec![(v & 0x7f) as u8];
            v >>= 7;
            while v > 0 {
                tmp.push((v & 0x7f) as u8 | 0x80);
                v >>= 7;
            }
            content.extend(tmp.iter().rev());
        };
        push(arcs[0] * 40 + arcs[1]);
        for &arc in &arcs[2..] {
            push(arc);
        }
        tlv(OID, &content)
    }

    pub fn bit_string(bytes: &[u8]) -> Vec<u8> {
        let mut content = vec![0];
        content.extend_from_slice(bytes);
        tlv(BIT_STRING, &content)
    }

    pub fn octet_string(bytes: &[u8]) -> Vec<u8> {
        tlv(OCTET_STRING, bytes)
    }

    pub fn null() -> Vec<u8> {
        vec![NULL, 0]
    }

    /// `[n] EXPLICIT`.
    pub fn explicit(n: u8, inner: &[u8]) -> Vec<u8> {
        tlv(0xa0 | n, inner)
    }

    /// A minimal reader: one TLV at a time.
    pub struct Reader<'a> {
        pub data: &'a [u8],
    }

    pub struct Tlv<'a> {
        pub tag: u8,
        pub content: &'a [u8],
        pub raw: &'a [u8],
    }

    impl<'a> Reader<'a> {
        pub fn new(data: &'a [u8]) -> Self {
            Reader { data }
        }

        pub fn is_empty(&self) -> bool {
            self.data.is_empty()
        }

        pub fn read(&mut self) -> Option<Tlv<'a>> {
            let data = self.data;
            let tag = *data.first()?;
            // Only low tag numbers occur in what we read.
            if tag & 0x1f == 0x1f {
                return None;
            }
            let first = *data.get(1)?;
            let (len, header) = if first < 0x80 {
                (usize::from(first), 2)
            } else {
                let n = usize::from(first & 0x7f);
                if n == 0 || n > 4 {
                    return None;
                }
                let bytes = data.get(2..2 + n)?;
                if bytes[0] == 0 {
                    return None;
                }
                let len = bytes
                    .iter()
                    .fold(0usize, |acc, &b| acc << 8 | usize::from(b));
                if len < 0x80 {
                    return None;
                }
                (len, 2 + n)
            };
            let end = header.checked_add(len)?;
            let raw = data.get(..end)?;
            self.data = &data[end..];
            Some(Tlv {
                tag,
                content: &raw[header..],
                raw,
            })
        }

        pub fn take(&mut self, tag: u8) -> Option<Tlv<'a>> {
            let t = self.read()?;
            (t.tag == tag).then_some(t)
        }
    }
}

const OID_RSA_ENCRYPTION: &[u64] = &[1, 2, 840, 113_549, 1, 1, 1];
const OID_SHA256_WITH_RSA: &[u64] = &[1, 2, 840, 113_549, 1, 1, 11];
const OID_EC_PUBLIC_KEY: &[u64] = &[1, 2, 840, 10045, 2, 1];
const OID_P256: &[u64] = &[1, 2, 840, 10045, 3, 1, 7];
const OID_ECDSA_SHA256: &[u64] = &[1, 2, 840, 10045, 4, 3, 2];
const OID_ED25519: &[u64] = &[1, 3, 101, 112];
const OID_COMMON_NAME: &[u64] = &[2, 5, 4, 3];
const OID_KEY_USAGE: &[u64] = &[2, 5, 29, 15];
const OID_EXT_KEY_USAGE: &[u64] = &[2, 5, 29, 37];
const OID_BASIC_CONSTRAINTS: &[u64] = &[2, 5, 29, 19];
const OID_SUBJECT_KEY_ID: &[u64] = &[2, 5, 29, 14];
const OID_AUTHORITY_KEY_ID: &[u64] = &[2, 5, 29, 35];
const OID_SAN: &[u64] = &[2, 5, 29, 17];
const OID_SERVER_AUTH: &[u64] = &[1, 3, 6, 1, 5, 5, 7, 3, 1];
const OID_CLIENT_AUTH: &[u64] = &[1, 3, 6, 1, 5, 5, 7, 3, 2];

// ---------------------------------------------------------------------------
// PEM

/// `pem.EncodeToMemory`: 64-column base64 between BEGIN and END lines.
pub fn pem_encode(kind: &str, bytes: &[u8]) -> String {
    let b64 = b64_encode(bytes);
    let mut out = format!("-----BEGIN {kind}-----\n");
    for line in b64.as_bytes().chunks(64) {
        out.push_str(&String::from_utf8_lossy(line));
        out.push('\n');
    }
    out.push_str(&format!("-----END {kind}-----\n"));
    out
}

/// Go's `getLine`: up to the newline, trailing spaces, tabs and `\r` cut.
fn pem_get_line(data: &[u8]) -> (&[u8], &[u8]) {
    let (line, rest) = match data.iter().position(|&b| b == b'\n') {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &data[data.len()..]),
    };
    let mut end = line.len();
    while end > 0 && matches!(line[end - 1], b' ' | b'\t' | b'\r') {
        end -= 1;
    }
    (&line[..end], rest)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// `pem.Decode`: the first well-formed block, as (type, bytes).
pub fn pem_decode(data: &[u8]) -> Option<(String, Vec<u8>)> {
    const START: &[u8] = b"\n-----BEGIN ";
    const END: &[u8] = b"\n-----END ";
    const EOL: &[u8] = b"-----";
    let mut rest = data;
    loop {
        if rest.starts_with(&START[1..]) {
            rest = &rest[START.len() - 1..];
        } else if let Some(i) = find(rest, START) {
            rest = &rest[i + START.len()..];
        } else {
            return None;
        }
        let (type_line, after) = pem_get_line(rest);
        rest = after;
        if !type_line.ends_with(EOL) {
            continue;
        }
        let kind = &type_line[..type_line.len() - EOL.len()];
        // Headers ("Key: value" lines) before the body.
        let mut has_headers = false;
        loop {
            if rest.is_empty() {
                return None;
            }
            let (line, next) = pem_get_line(rest);
            if !line.contains(&b':') {
                break;
            }
            has_headers = true;
            rest = next;
        }
        let (end_index, trailer_index) = if !has_headers && rest.starts_with(&END[1..]) {
            (0, END.len() - 1)
        } else {
            match find(rest, END) {
                Some(i) => (i, i + END.len()),
                None => continue,
            }
        };
        let trailer = &rest[trailer_index..];
        let trailer_len = kind.len() + EOL.len();
        if trailer.len() < trailer_len {
            continue;
        }
        let (trailer, rest_of_line) = trailer.split_at(trailer_len);
        if !trailer.starts_with(kind) || !trailer.ends_with(EOL) {
            continue;
        }
        if !pem_get_line(rest_of_line).0.is_empty() {
            continue;
        }
        let body: Vec<u8> = rest[..end_index]
            .iter()
            .copied()
            .filter(|&b| b != b' ' && b != b'\t')
            .collect();
        match b64_decode(&body) {
            Ok(bytes) => return Some((String::from_utf8_lossy(kind).into_owned(), bytes)),
            Err(_) => continue,
        }
    }
}

// ---------------------------------------------------------------------------
// Private keys

/// A private key of one of the kinds Sprig makes or reads.
#[derive(Clone, Debug)]
pub enum PrivateKey {
    Rsa(Box<RsaPrivateKey>),
    EcP256(p256::SecretKey),
    /// The 32-byte seed.
    Ed25519([u8; 32]),
    /// Sprig's own `DSAKeyFormat` DER, kept as is: Go cannot sign
    /// certificates with DSA keys, so nothing else is ever needed.
    Dsa,
}

fn rsa_public_der(key: &RsaPrivateKey) -> Vec<u8> {
    der::seq(&[
        &der::uint(&key.n().to_bytes_be()),
        &der::uint(&key.e().to_bytes_be()),
    ])
}

/// Go's `MarshalECPrivateKey`.
fn ec_private_der(key: &p256::SecretKey) -> Vec<u8> {
    let point = key.public_key().to_encoded_point(false);
    der::seq(&[
        &der::small_int(1),
        &der::octet_string(&key.to_bytes()),
        &der::explicit(0, &der::oid(OID_P256)),
        &der::explicit(1, &der::bit_string(point.as_bytes())),
    ])
}

/// Go's `MarshalPKCS8PrivateKey` for Ed25519.
fn ed25519_private_der(seed: &[u8; 32]) -> Vec<u8> {
    der::seq(&[
        &der::small_int(0),
        &der::seq(&[&der::oid(OID_ED25519)]),
        &der::octet_string(&der::octet_string(seed)),
    ])
}

impl PrivateKey {
    /// Sprig's `pemBlockForKey`.
    fn to_pem(&self) -> Result<String, String> {
        Ok(match self {
            PrivateKey::Rsa(key) => {
                let doc = key.to_pkcs1_der().map_err(|e| e.to_string())?;
                pem_encode("RSA PRIVATE KEY", doc.as_bytes())
            }
            PrivateKey::EcP256(key) => pem_encode("EC PRIVATE KEY", &ec_private_der(key)),
            PrivateKey::Ed25519(seed) => pem_encode("PRIVATE KEY", &ed25519_private_der(seed)),
            PrivateKey::Dsa => {
                return Err(
                    "x509: unknown key type while marshaling PKCS#8: *dsa.PrivateKey".into(),
                );
            }
        })
    }

    /// Go's `marshalPublicKey`: the SubjectPublicKeyInfo and the key bytes
    /// inside its BIT STRING (what key ids hash).
    fn public_key_info(&self) -> Result<(Vec<u8>, Vec<u8>), String> {
        let (alg, key_bytes) = match self {
            PrivateKey::Rsa(key) => (
                der::seq(&[&der::oid(OID_RSA_ENCRYPTION), &der::null()]),
                rsa_public_der(key),
            ),
            PrivateKey::EcP256(key) => (
                der::seq(&[&der::oid(OID_EC_PUBLIC_KEY), &der::oid(OID_P256)]),
                key.public_key().to_encoded_point(false).as_bytes().to_vec(),
            ),
            PrivateKey::Ed25519(seed) => (
                der::seq(&[&der::oid(OID_ED25519)]),
                ed25519_dalek::SigningKey::from_bytes(seed)
                    .verifying_key()
                    .to_bytes()
                    .to_vec(),
            ),
            PrivateKey::Dsa => {
                return Err("x509: unsupported public key type: *dsa.PublicKey".to_string());
            }
        };
        Ok((der::seq(&[&alg, &der::bit_string(&key_bytes)]), key_bytes))
    }

    fn is_signer(&self) -> bool {
        !matches!(self, PrivateKey::Dsa)
    }

    /// The AlgorithmIdentifier Go picks for a signing key.
    fn signature_algorithm(&self) -> Vec<u8> {
        match self {
            PrivateKey::Rsa(_) | PrivateKey::Dsa => {
                der::seq(&[&der::oid(OID_SHA256_WITH_RSA), &der::null()])
            }
            PrivateKey::EcP256(_) => der::seq(&[&der::oid(OID_ECDSA_SHA256)]),
            PrivateKey::Ed25519(_) => der::seq(&[&der::oid(OID_ED25519)]),
        }
    }

    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, String> {
        match self {
            PrivateKey::Rsa(key) => rsa_sign_sha256(key, &Sha256::digest(message).into()),
            PrivateKey::EcP256(key) => {
                use p256::ecdsa::signature::Signer;
                let signing = p256::ecdsa::SigningKey::from(key);
                let sig: p256::ecdsa::Signature = signing.sign(message);
                Ok(sig.to_der().as_bytes().to_vec())
            }
            PrivateKey::Ed25519(seed) => {
                use ed25519_dalek::Signer;
                Ok(ed25519_dalek::SigningKey::from_bytes(seed)
                    .sign(message)
                    .to_bytes()
                    .to_vec())
            }
            PrivateKey::Dsa => {
                Err("x509: certificate private key does not implement crypto.Signer".into())
            }
        }
    }
}

/// RSASSA-PKCS1-v1_5 with SHA-256, as Go signs certificates. PKCS#1 v1.5
/// is deterministic, so AWS-LC (several times faster than the `rsa`
/// crate's bignums) gives the same bytes. Should AWS-LC refuse a key the
/// `rsa` crate parsed, the `rsa` crate signs as before.
fn rsa_sign_sha256(key: &RsaPrivateKey, digest: &[u8; 32]) -> Result<Vec<u8>, String> {
    let aws = key
        .to_pkcs1_der()
        .ok()
        .and_then(|der| aws_lc::Rsa::from_pkcs1_der(der.as_bytes()).ok())
        .and_then(|k| k.sign_pkcs1_sha256(digest).ok());
    match aws {
        Some(signature) => Ok(signature),
        None => key
            .sign(Pkcs1v15Sign::new::<rsa::sha2::Sha256>(), digest)
            .map_err(|e| e.to_string()),
    }
}

/// Big-endian bytes of a dsa-crate number.
fn dsa_bytes(n: &dsa::BigUint) -> Vec<u8> {
    n.to_bytes_be()
}

/// How Go reduces d for the Helm version being rendered.
fn private_exponent(helm: HelmVersion) -> PrivateExponent {
    match helm {
        // Go 1.23's crypto/rsa: d = e⁻¹ mod (p-1)(q-1).
        HelmVersion::V3 => PrivateExponent::Totient,
        // Go 1.25's FIPS 186-5 generator: d = e⁻¹ mod lcm(p-1, q-1).
        HelmVersion::V4 => PrivateExponent::Carmichael,
    }
}

/// A new RSA key (see `rsa_keygen`). Unseeded runs draw from AWS-LC's
/// CSPRNG; seeded runs, which must repeat, from the seeded RNG.
pub fn generate_rsa_key(
    rng: &SharedRng,
    bits: usize,
    seeded: bool,
    helm: HelmVersion,
) -> Result<RsaPrivateKey, String> {
    let exponent = private_exponent(helm);
    let key = if seeded {
        with_rng(rng, |rng| {
            rsa_keygen::generate(bits, exponent, &mut rsa_keygen::SeededRandom(rng))
        })
    } else {
        rsa_keygen::generate(bits, exponent, &mut rsa_keygen::SystemRandom)
    };
    key.map_err(|e| e.to_string())
}

/// Sprig's `genPrivateKey`: a PEM key, or an error text as the result.
pub fn generate_private_key(
    rng: &SharedRng,
    kind: &str,
    seeded: bool,
    helm: HelmVersion,
) -> String {
    if kind.is_empty() || kind == "rsa" {
        return match generate_rsa_key(rng, 4096, seeded, helm)
            .and_then(|key| PrivateKey::Rsa(Box::new(key)).to_pem())
        {
            Ok(pem) => pem,
            Err(err) => err,
        };
    }
    let pem = with_rng(rng, |rng| -> Result<String, String> {
        match kind {
            "dsa" => {
                let components = dsa::Components::generate(rng, dsa::KeySize::DSA_2048_256);
                let key = dsa::SigningKey::generate(rng, components);
                let vk = key.verifying_key();
                let c = vk.components();
                let body = der::seq(&[
                    &der::small_int(0),
                    &der::uint(&dsa_bytes(c.p())),
                    &der::uint(&dsa_bytes(c.q())),
                    &der::uint(&dsa_bytes(c.g())),
                    &der::uint(&dsa_bytes(vk.y())),
                    &der::uint(&dsa_bytes(key.x())),
                ]);
                Ok(pem_encode("DSA PRIVATE KEY", &body))
            }
            "ecdsa" => PrivateKey::EcP256(p256::SecretKey::random(rng)).to_pem(),
            "ed25519" => {
                let mut seed = [0u8; 32];
                rng.fill_bytes(&mut seed);
                PrivateKey::Ed25519(seed).to_pem()
            }
            _ => Err(String::new()),
        }
    });
    match pem {
        Ok(pem) => pem,
        Err(e) if e.is_empty() => format!("Unknown type {kind}"),
        Err(e) => format!("failed to generate private key: {e}"),
    }
}

fn parse_ec_private_key(der_bytes: &[u8], curve: Option<&[u8]>) -> Result<PrivateKey, String> {
    let bad = || "x509: failed to parse EC private key: asn1: structure error".to_string();
    let mut outer = der::Reader::new(der_bytes);
    let seq = outer.take(der::SEQUENCE).ok_or_else(bad)?;
    let mut r = der::Reader::new(seq.content);
    let version = r.take(der::INTEGER).ok_or_else(bad)?;
    if version.content != [1] {
        let v = version
            .content
            .iter()
            .fold(0i64, |acc, &b| acc.wrapping_shl(8) | i64::from(b));
        return Err(format!("x509: unknown EC private key version {v}"));
    }
    let key = r.take(der::OCTET_STRING).ok_or_else(bad)?;
    let mut named = curve.map(<[u8]>::to_vec);
    while !r.is_empty() {
        let t = r.read().ok_or_else(bad)?;
        if t.tag == 0xa0 {
            let mut inner = der::Reader::new(t.content);
            let oid = inner.take(der::OID).ok_or_else(bad)?;
            if named.is_none() {
                named = Some(oid.raw.to_vec());
            }
        }
    }
    if named.as_deref() != Some(der::oid(OID_P256).as_slice()) {
        return Err("x509: unknown elliptic curve".to_string());
    }
    // Go left-pads short keys to the curve size.
    let mut bytes = [0u8; 32];
    let k = key.content;
    if k.len() > 32 {
        return Err("x509: invalid private key length".to_string());
    }
    bytes[32 - k.len()..].copy_from_slice(k);
    p256::SecretKey::from_bytes(&bytes.into())
        .map(PrivateKey::EcP256)
        .map_err(|_| "x509: invalid elliptic curve private key value".to_string())
}

fn parse_pkcs8(der_bytes: &[u8]) -> Result<PrivateKey, String> {
    let bad = || "asn1: structure error: tags don't match".to_string();
    let mut outer = der::Reader::new(der_bytes);
    let seq = outer.take(der::SEQUENCE).ok_or_else(bad)?;
    let mut r = der::Reader::new(seq.content);
    r.take(der::INTEGER).ok_or_else(bad)?;
    let alg = r.take(der::SEQUENCE).ok_or_else(bad)?;
    let key = r.take(der::OCTET_STRING).ok_or_else(bad)?;
    let mut a = der::Reader::new(alg.content);
    let oid = a.take(der::OID).ok_or_else(bad)?;
    if oid.raw == der::oid(OID_RSA_ENCRYPTION).as_slice() {
        return RsaPrivateKey::from_pkcs1_der(key.content)
            .map(|k| PrivateKey::Rsa(Box::new(k)))
            .map_err(|e| format!("x509: failed to parse RSA private key embedded in PKCS#8: {e}"));
    }
    if oid.raw == der::oid(OID_EC_PUBLIC_KEY).as_slice() {
        let curve = a.take(der::OID).map(|c| c.raw.to_vec());
        return parse_ec_private_key(key.content, curve.as_deref())
            .map_err(|e| format!("x509: failed to parse EC private key embedded in PKCS#8: {e}"));
    }
    if oid.raw == der::oid(OID_ED25519).as_slice() {
        let mut k = der::Reader::new(key.content);
        let inner = k.take(der::OCTET_STRING).ok_or_else(|| {
            "x509: invalid Ed25519 private key: asn1: structure error".to_string()
        })?;
        let seed: [u8; 32] = inner.content.try_into().map_err(|_| {
            format!(
                "x509: invalid Ed25519 private key length: {}",
                inner.content.len()
            )
        })?;
        return Ok(PrivateKey::Ed25519(seed));
    }
    Err("x509: PKCS#8 wrapping contained private key with unknown algorithm".to_string())
}

/// Sprig's `parsePrivateKeyPEM`, with its error texts.
pub fn parse_private_key_pem(pem: &str) -> Result<PrivateKey, String> {
    let Some((kind, bytes)) = pem_decode(pem.as_bytes()) else {
        return Err("no PEM data in input".to_string());
    };
    if kind == "PRIVATE KEY" {
        return parse_pkcs8(&bytes).map_err(|e| format!("decoding PEM as PKCS#8: {e}"));
    }
    let Some(prefix) = kind.strip_suffix(" PRIVATE KEY") else {
        return Err(format!("no private key data in PEM block of type {kind}"));
    };
    match prefix {
        "RSA" => RsaPrivateKey::from_pkcs1_der(&bytes)
            .map(|k| PrivateKey::Rsa(Box::new(k)))
            .map_err(|e| format!("parsing RSA private key from PEM: {e}")),
        "EC" => parse_ec_private_key(&bytes, None)
            .map_err(|e| format!("parsing EC private key from PEM: {e}")),
        "DSA" => {
            // Sprig's DSAKeyFormat: version and five integers.
            let mut outer = der::Reader::new(&bytes);
            let ok = outer.take(der::SEQUENCE).is_some_and(|seq| {
                let mut r = der::Reader::new(seq.content);
                (0..6).all(|_| r.take(der::INTEGER).is_some())
            });
            if ok {
                Ok(PrivateKey::Dsa)
            } else {
                Err("parsing DSA private key from PEM: asn1: structure error".to_string())
            }
        }
        _ => Err(format!("invalid private key type {kind}")),
    }
}

// ---------------------------------------------------------------------------
// Certificates

/// Sprig's `certificate` struct: PEM text of a certificate and its key.
#[derive(Clone, Debug, PartialEq)]
pub struct Certificate {
    pub cert: String,
    pub key: String,
}

impl Object for Certificate {
    fn type_name(&self) -> &str {
        "sprig.certificate"
    }

    fn kind(&self) -> &str {
        "struct"
    }

    fn field(&self, name: &str) -> Option<Value> {
        match name {
            "Cert" => Some(Value::from(self.cert.as_str())),
            "Key" => Some(Value::from(self.key.as_str())),
            _ => None,
        }
    }

    /// fmt prints a struct as `{field field}`.
    fn go_string(&self) -> String {
        format!("{{{} {}}}", self.cert, self.key)
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// What `getBaseCertTemplate` fills in.
struct CertTemplate {
    common_name: String,
    ips: Vec<Vec<u8>>,
    dns_names: Vec<String>,
    not_before: GoTime,
    not_after: GoTime,
    serial: [u8; 16],
    is_ca: bool,
}

/// What `CreateCertificate` reads from a parsed parent certificate.
struct Parent {
    raw_subject: Vec<u8>,
    subject_key_id: Option<Vec<u8>>,
    public_key_info: Vec<u8>,
}

/// Go's `net.ParseIP`, as the bytes `x509` writes: 4 for IPv4 and
/// IPv4-mapped IPv6 addresses, 16 otherwise.
fn parse_ip(s: &str) -> Option<Vec<u8>> {
    if s.contains('%') {
        return None;
    }
    if let Ok(v4) = s.parse::<std::net::Ipv4Addr>() {
        return Some(v4.octets().to_vec());
    }
    let v6 = s.parse::<std::net::Ipv6Addr>().ok()?;
    Some(match v6.to_ipv4_mapped() {
        Some(v4) => v4.octets().to_vec(),
        None => v6.octets().to_vec(),
    })
}

/// `%v` of a list element in Sprig's error messages.
fn go_value_text(v: &Value) -> String {
    match v {
        Value::Nil => "<nil>".to_string(),
        Value::Bool(b, _) => b.to_string(),
        Value::Int(i) | Value::Int64(i, _) => i.to_string(),
        other => super::cast::to_string(other),
    }
}

fn list_items(v: &Value) -> Vec<Value> {
    match v {
        Value::List(list) => list.items.clone(),
        _ => Vec::new(),
    }
}

fn base_template(
    rng: &SharedRng,
    clock: &Clock,
    cn: &str,
    ips: &Value,
    dns: &Value,
    days_valid: i64,
) -> Result<CertTemplate, String> {
    let mut ip_bytes = Vec::new();
    for ip in list_items(ips) {
        let Some(s) = ip.as_str() else {
            return Err(format!(
                "error parsing ip: {} is not a string",
                go_value_text(&ip)
            ));
        };
        ip_bytes.push(parse_ip(s).ok_or_else(|| format!("error parsing ip: {s}"))?);
    }
    let mut dns_names = Vec::new();
    for name in list_items(dns) {
        let Some(s) = name.as_str() else {
            return Err(format!(
                "error processing alternate dns name: {} is not a string",
                go_value_text(&name)
            ));
        };
        dns_names.push(s.to_string());
    }
    let mut serial = [0u8; 16];
    with_rng(rng, |rng| rng.fill_bytes(&mut serial));
    let now = clock.now();
    // time.Hour * 24 * time.Duration(daysValid) wraps like Go's int64.
    let validity = (24 * HOUR).wrapping_mul(days_valid);
    Ok(CertTemplate {
        common_name: cn.to_string(),
        ips: ip_bytes,
        dns_names,
        not_before: now.clone(),
        not_after: now.add(validity),
        serial,
        is_ca: false,
    })
}

/// Go's asn1 string choice for a `string` value: PrintableString when
/// every character allows it (no `*` or `&`), else UTF8String.
fn asn1_string(s: &str) -> Vec<u8> {
    let printable = s.bytes().all(|b| {
        b.is_ascii_alphanumeric()
            || matches!(
                b,
                b' ' | b'\'' | b'(' | b')' | b'+' | b',' | b'-' | b'.' | b'/' | b':' | b'=' | b'?'
            )
    });
    let tag = if printable {
        der::PRINTABLE_STRING
    } else {
        der::UTF8_STRING
    };
    der::tlv(tag, s.as_bytes())
}

fn subject_der(cn: &str) -> Vec<u8> {
    if cn.is_empty() {
        return der::seq(&[]);
    }
    let atv = der::seq(&[&der::oid(OID_COMMON_NAME), &asn1_string(cn)]);
    der::seq(&[&der::tlv(der::SET, &atv)])
}

/// UTCTime for 1950..=2049, GeneralizedTime otherwise, in UTC to the second.
fn asn1_time(t: &GoTime) -> Result<Vec<u8>, String> {
    let utc = t.in_location(super::dates::Location::Utc);
    let year: i64 = utc.format("2006").parse().unwrap_or(0);
    if (1950..2050).contains(&year) {
        Ok(der::tlv(
            der::UTC_TIME,
            utc.format("060102150405Z").as_bytes(),
        ))
    } else if (0..=9999).contains(&year) {
        Ok(der::tlv(
            der::GENERALIZED_TIME,
            utc.format("20060102150405Z").as_bytes(),
        ))
    } else {
        Err("asn1: cannot represent time as GeneralizedTime".to_string())
    }
}

fn extension(oid: &[u64], critical: bool, value: &[u8]) -> Vec<u8> {
    let mut parts = vec![der::oid(oid)];
    if critical {
        parts.push(der::tlv(der::BOOLEAN, &[0xff]));
    }
    parts.push(der::octet_string(value));
    let refs: Vec<&[u8]> = parts.iter().map(Vec::as_slice).collect();
    der::seq(&refs)
}

/// Go's KeyUsage BIT STRING: bits reversed into the first byte, trailing
/// zero bits counted as unused.
fn key_usage_value(usage: u16) -> Vec<u8> {
    let a = [
        (usage as u8).reverse_bits(),
        ((usage >> 8) as u8).reverse_bits(),
    ];
    let bytes: &[u8] = if a[1] != 0 { &a } else { &a[..1] };
    let last = bytes[bytes.len() - 1];
    let unused = if last == 0 {
        0
    } else {
        last.trailing_zeros() as u8
    };
    let mut content = vec![unused];
    content.extend_from_slice(bytes);
    der::tlv(der::BIT_STRING, &content)
}

/// Go's `%q` of a string, for the IA5String error.
fn go_quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `x509.CreateCertificate` for Sprig's templates. `parent` is `None` for
/// self-signed certificates (the template is its own parent).
fn create_certificate(
    helm: HelmVersion,
    template: &CertTemplate,
    signee: &PrivateKey,
    parent: Option<&Parent>,
    signer: &PrivateKey,
) -> Result<Vec<u8>, String> {
    if !signer.is_signer() {
        return Err("x509: certificate private key does not implement crypto.Signer".into());
    }
    let signature_algorithm = signer.signature_algorithm();
    let (spki, key_bytes) = signee.public_key_info()?;
    let subject = subject_der(&template.common_name);
    let issuer = parent.map_or_else(|| subject.clone(), |p| p.raw_subject.clone());

    let authority_key_id = match parent {
        Some(p) if issuer != subject => p.subject_key_id.clone(),
        _ => None,
    };
    let subject_key_id = template.is_ca.then(|| match helm {
        // Go 1.25 (Helm 4) uses truncated SHA-256 (RFC 7093); older Go SHA-1.
        HelmVersion::V4 => Sha256::digest(&key_bytes)[..20].to_vec(),
        HelmVersion::V3 => Sha1::digest(&key_bytes).to_vec(),
    });
    if let Some(p) = parent {
        let (signer_spki, _) = signer.public_key_info()?;
        if signer_spki != p.public_key_info {
            return Err("x509: provided PrivateKey doesn't match parent's PublicKey".into());
        }
    }

    // Extensions, in buildCertExtensions' order.
    let mut extensions = Vec::new();
    let usage: u16 = if template.is_ca { 1 | 4 | 32 } else { 1 | 4 };
    extensions.push(extension(OID_KEY_USAGE, true, &key_usage_value(usage)));
    extensions.push(extension(
        OID_EXT_KEY_USAGE,
        false,
        &der::seq(&[&der::oid(OID_SERVER_AUTH), &der::oid(OID_CLIENT_AUTH)]),
    ));
    let basic = if template.is_ca {
        der::seq(&[&der::tlv(der::BOOLEAN, &[0xff])])
    } else {
        der::seq(&[])
    };
    extensions.push(extension(OID_BASIC_CONSTRAINTS, true, &basic));
    if let Some(skid) = &subject_key_id {
        extensions.push(extension(
            OID_SUBJECT_KEY_ID,
            false,
            &der::octet_string(skid),
        ));
    }
    if let Some(akid) = &authority_key_id {
        extensions.push(extension(
            OID_AUTHORITY_KEY_ID,
            false,
            &der::seq(&[&der::tlv(0x80, akid)]),
        ));
    }
    if !template.dns_names.is_empty() || !template.ips.is_empty() {
        let mut names = Vec::new();
        for name in &template.dns_names {
            if !name.is_ascii() {
                return Err(format!(
                    "x509: {} cannot be encoded as an IA5String",
                    go_quote(name)
                ));
            }
            names.push(der::tlv(0x82, name.as_bytes()));
        }
        for ip in &template.ips {
            names.push(der::tlv(0x87, ip));
        }
        let refs: Vec<&[u8]> = names.iter().map(Vec::as_slice).collect();
        // An empty subject makes the SAN extension critical (RFC 5280).
        let critical = subject == der::seq(&[]);
        extensions.push(extension(OID_SAN, critical, &der::seq(&refs)));
    }
    let ext_refs: Vec<&[u8]> = extensions.iter().map(Vec::as_slice).collect();

    let tbs = der::seq(&[
        &der::explicit(0, &der::small_int(2)),
        &der::uint(&template.serial),
        &signature_algorithm,
        &issuer,
        &der::seq(&[
            &asn1_time(&template.not_before)?,
            &asn1_time(&template.not_after)?,
        ]),
        &subject,
        &spki,
        &der::explicit(3, &der::seq(&ext_refs)),
    ]);
    let signature = signer.sign(&tbs)?;
    Ok(der::seq(&[
        &tbs,
        &signature_algorithm,
        &der::bit_string(&signature),
    ]))
}

/// `x509.ParseCertificate`, as far as `CreateCertificate` needs a parent.
fn parse_certificate(der_bytes: &[u8]) -> Result<Parent, String> {
    let malformed = || "x509: malformed certificate".to_string();
    let mut outer = der::Reader::new(der_bytes);
    let cert = outer.take(der::SEQUENCE).ok_or_else(malformed)?;
    if !outer.is_empty() {
        return Err("x509: trailing data".to_string());
    }
    let mut c = der::Reader::new(cert.content);
    let tbs = c.take(der::SEQUENCE).ok_or_else(malformed)?;
    c.take(der::SEQUENCE).ok_or_else(malformed)?;
    c.take(der::BIT_STRING).ok_or_else(malformed)?;
    let mut t = der::Reader::new(tbs.content);
    let mut next = t.read().ok_or_else(malformed)?;
    if next.tag == 0xa0 {
        next = t.read().ok_or_else(malformed)?;
    }
    if next.tag != der::INTEGER {
        return Err("x509: malformed serial number".to_string());
    }
    t.take(der::SEQUENCE).ok_or_else(malformed)?;
    t.take(der::SEQUENCE).ok_or_else(malformed)?;
    t.take(der::SEQUENCE).ok_or_else(malformed)?;
    let subject = t.take(der::SEQUENCE).ok_or_else(malformed)?;
    let spki = t.take(der::SEQUENCE).ok_or_else(malformed)?;
    let mut subject_key_id = None;
    while !t.is_empty() {
        let field = t.read().ok_or_else(malformed)?;
        if field.tag != 0xa3 {
            continue;
        }
        let mut wrapper = der::Reader::new(field.content);
        let exts = wrapper.take(der::SEQUENCE).ok_or_else(malformed)?;
        let mut e = der::Reader::new(exts.content);
        while !e.is_empty() {
            let ext = e.take(der::SEQUENCE).ok_or_else(malformed)?;
            let mut x = der::Reader::new(ext.content);
            let oid = x.take(der::OID).ok_or_else(malformed)?;
            let mut value = x.read().ok_or_else(malformed)?;
            if value.tag == der::BOOLEAN {
                value = x.read().ok_or_else(malformed)?;
            }
            if oid.raw == der::oid(OID_SUBJECT_KEY_ID).as_slice() {
                let mut v = der::Reader::new(value.content);
                let id = v
                    .take(der::OCTET_STRING)
                    .ok_or_else(|| "x509: invalid subject key identifier".to_string())?;
                subject_key_id = Some(id.content.to_vec());
            }
        }
    }
    Ok(Parent {
        raw_subject: subject.raw.to_vec(),
        subject_key_id: subject_key_id.filter(|id| !id.is_empty()),
        public_key_info: spki.raw.to_vec(),
    })
}

/// Sprig's `getCertAndKey`: the certificate signed and both PEM-encoded.
fn cert_and_key(
    helm: HelmVersion,
    template: &CertTemplate,
    signee: &PrivateKey,
    parent: Option<&Parent>,
    signer: &PrivateKey,
) -> Result<Certificate, String> {
    let der_bytes = create_certificate(helm, template, signee, parent, signer)
        .map_err(|e| format!("error creating certificate: {e}"))?;
    let key = signee
        .to_pem()
        .map_err(|e| format!("error pem-encoding key: {e}"))?;
    Ok(Certificate {
        cert: pem_encode("CERTIFICATE", &der_bytes),
        key,
    })
}

/// The generator state certificate functions share.
#[derive(Clone, Debug)]
pub struct CertFactory {
    pub rng: SharedRng,
    pub clock: Clock,
    pub helm: HelmVersion,
    /// Sprig's 2048-bit RSA keys; tests use smaller ones for speed.
    pub rsa_bits: usize,
    /// Whether the RNG was seeded (keys must then come from it).
    pub seeded: bool,
}

impl CertFactory {
    fn new_rsa_key(&self) -> Result<PrivateKey, String> {
        generate_rsa_key(&self.rng, self.rsa_bits, self.seeded, self.helm)
            .map(|k| PrivateKey::Rsa(Box::new(k)))
            .map_err(|e| format!("error generating rsa key: {e}"))
    }

    /// The key a `...WithKey` function was given, parsed; `None` when the
    /// function makes its own RSA key, which happens after every check that
    /// could fail (Go makes it first, but key generation cannot fail, so
    /// the order only changes how long a failing call takes).
    fn given_key(&self, pem: Option<&str>) -> Result<Option<PrivateKey>, String> {
        pem.map(|pem| parse_private_key_pem(pem).map_err(|e| format!("parsing private key: {e}")))
            .transpose()
    }

    fn key_or_new(&self, key: Option<PrivateKey>) -> Result<PrivateKey, String> {
        match key {
            Some(key) => Ok(key),
            None => self.new_rsa_key(),
        }
    }

    /// `genCA` / `genCAWithKey`.
    pub fn gen_ca(
        &self,
        cn: &str,
        days: i64,
        key_pem: Option<&str>,
    ) -> Result<Certificate, String> {
        let key = self.given_key(key_pem)?;
        let mut template =
            base_template(&self.rng, &self.clock, cn, &Value::Nil, &Value::Nil, days)?;
        template.is_ca = true;
        let key = self.key_or_new(key)?;
        cert_and_key(self.helm, &template, &key, None, &key)
    }

    /// `genSelfSignedCert` / `genSelfSignedCertWithKey`.
    pub fn gen_self_signed(
        &self,
        cn: &str,
        ips: &Value,
        dns: &Value,
        days: i64,
        key_pem: Option<&str>,
    ) -> Result<Certificate, String> {
        let key = self.given_key(key_pem)?;
        let template = base_template(&self.rng, &self.clock, cn, ips, dns, days)?;
        let key = self.key_or_new(key)?;
        cert_and_key(self.helm, &template, &key, None, &key)
    }

    /// `genSignedCert` / `genSignedCertWithKey`.
    pub fn gen_signed(
        &self,
        cn: &str,
        ips: &Value,
        dns: &Value,
        days: i64,
        ca: &Certificate,
        key_pem: Option<&str>,
    ) -> Result<Certificate, String> {
        let key = self.given_key(key_pem)?;
        let Some((_, ca_der)) = pem_decode(ca.cert.as_bytes()) else {
            return Err("unable to decode certificate".to_string());
        };
        let parent = parse_certificate(&ca_der)
            .map_err(|e| format!("error parsing certificate: decodedSignerCert.Bytes: {e}"))?;
        let signer = parse_private_key_pem(&ca.key)
            .map_err(|e| format!("error parsing private key: {e}"))?;
        let template = base_template(&self.rng, &self.clock, cn, ips, dns, days)?;
        let key = self.key_or_new(key)?;
        cert_and_key(self.helm, &template, &key, Some(&parent), &signer)
    }
}

/// Sprig's `buildCustomCert`: base64 PEM certificate and key, checked.
pub fn build_custom_cert(b64_cert: &str, b64_key: &str) -> Result<Certificate, String> {
    let cert = b64_decode(b64_cert.as_bytes())
        .map_err(|_| "unable to decode base64 certificate".to_string())?;
    let key = b64_decode(b64_key.as_bytes())
        .map_err(|_| "unable to decode base64 private key".to_string())?;
    let Some((_, cert_der)) = pem_decode(&cert) else {
        return Err("unable to decode certificate".to_string());
    };
    parse_certificate(&cert_der)
        .map_err(|e| format!("error parsing certificate: decodedCert.Bytes: {e}"))?;
    let key = lossy_owned(key);
    parse_private_key_pem(&key).map_err(|e| format!("error parsing private key: {e}"))?;
    Ok(Certificate {
        cert: lossy_owned(cert),
        key,
    })
}

// ---------------------------------------------------------------------------
// AES

/// Sprig's key: the password's bytes, cut or zero-padded to 32.
fn aes_key(password: &str) -> Aes256 {
    let mut key = [0u8; 32];
    let n = password.len().min(32);
    key[..n].copy_from_slice(&password.as_bytes()[..n]);
    Aes256::new(GenericArray::from_slice(&key))
}

/// Sprig's `encryptAES`: AES-256-CBC with PKCS#7 padding and a random IV,
/// base64 of IV and ciphertext.
pub fn encrypt_aes(rng: &SharedRng, password: &str, plaintext: &str) -> String {
    if plaintext.is_empty() {
        return String::new();
    }
    let cipher = aes_key(password);
    let mut content = plaintext.as_bytes().to_vec();
    let padding = 16 - content.len() % 16;
    content.extend(std::iter::repeat_n(padding as u8, padding));
    let mut out = vec![0u8; 16];
    with_rng(rng, |rng| rng.fill_bytes(&mut out));
    let mut prev = [0u8; 16];
    prev.copy_from_slice(&out);
    for chunk in content.chunks(16) {
        let mut block = [0u8; 16];
        for i in 0..16 {
            block[i] = chunk[i] ^ prev[i];
        }
        let mut b = GenericArray::from(block);
        cipher.encrypt_block(&mut b);
        prev.copy_from_slice(&b);
        out.extend_from_slice(&b);
    }
    b64_encode(&out)
}

/// Sprig's `decryptAES`. Go panics on malformed input (short data, partial
/// blocks, bad padding) and text/template turns the panic into the call's
/// error; the messages here are those runtime panics.
pub fn decrypt_aes(password: &str, crypt64: &str) -> Result<String, String> {
    if crypt64.is_empty() {
        return Ok(String::new());
    }
    let crypt = b64_decode(crypt64.as_bytes())?;
    if crypt.len() < 16 {
        // The slice's capacity is DecodeString's buffer: DecodedLen.
        let capacity = crypt64.len() / 4 * 3;
        return Err(format!(
            "runtime error: slice bounds out of range [:16] with capacity {capacity}"
        ));
    }
    let (iv, body) = crypt.split_at(16);
    if body.len() % 16 != 0 {
        return Err("crypto/cipher: input not full blocks".to_string());
    }
    let cipher = aes_key(password);
    let mut prev = [0u8; 16];
    prev.copy_from_slice(iv);
    let mut decrypted = Vec::with_capacity(body.len());
    for chunk in body.chunks(16) {
        let mut b = GenericArray::clone_from_slice(chunk);
        cipher.decrypt_block(&mut b);
        for i in 0..16 {
            decrypted.push(b[i] ^ prev[i]);
        }
        prev.copy_from_slice(chunk);
    }
    let Some(&last) = decrypted.last() else {
        return Err("runtime error: index out of range [-1]".to_string());
    };
    let keep = decrypted.len() as i64 - i64::from(last);
    if keep < 0 {
        return Err(format!(
            "runtime error: slice bounds out of range [:{keep}]"
        ));
    }
    decrypted.truncate(keep as usize);
    Ok(lossy_owned(decrypted))
}

/// Sprig's `randBytes`: base64 of `count` random bytes.
pub fn rand_bytes(rng: &SharedRng, count: i64) -> Result<String, String> {
    if count < 0 {
        return Err("runtime error: makeslice: len out of range".to_string());
    }
    check_count(count).map_err(|e| e.message)?;
    let mut buf = vec![0u8; count as usize];
    with_rng(rng, |rng| rng.fill_bytes(&mut buf));
    Ok(b64_encode(&buf))
}

// ---------------------------------------------------------------------------
// Registration

fn s(args: &[Value], i: usize) -> &str {
    args.get(i).and_then(Value::as_str).unwrap_or("")
}

fn int(args: &[Value], i: usize) -> i64 {
    match args.get(i) {
        Some(Value::Int(n) | Value::Int64(n, _)) => *n,
        _ => 0,
    }
}

fn nil() -> &'static Value {
    static NIL: Value = Value::Nil;
    &NIL
}

fn cert_arg(args: &[Value], i: usize) -> Result<Certificate, FuncError> {
    match args.get(i) {
        Some(Value::Object(obj)) => obj
            .as_any()
            .downcast_ref::<Certificate>()
            .cloned()
            .ok_or_else(|| FuncError::new("wrong type for value; expected sprig.certificate")),
        _ => Err(FuncError::new(
            "wrong type for value; expected sprig.certificate",
        )),
    }
}

fn cert_result(r: Result<Certificate, String>) -> Result<Value, FuncError> {
    r.map(Value::object).map_err(FuncError::new)
}

pub fn register(funcs: &mut FuncMap, options: &FuncOptions) {
    register_with_clock(funcs, options, Clock::system());
}

/// Registers the crypto functions; certificates take their times from
/// `clock`.
pub fn register_with_clock(funcs: &mut FuncMap, options: &FuncOptions, clock: Clock) {
    use ParamType::{Int, List, String as Str, Uint32};
    const CERT: ParamType = ParamType::Object("sprig.certificate");
    let rng = rng_for(options, "crypto");
    let factory = CertFactory {
        rng: rng.clone(),
        clock,
        helm: options.helm_version,
        rsa_bits: 2048,
        seeded: options.seed.is_some(),
    };

    let one = Signature::fixed(&[Str]);
    funcs.insert_plain("sha1sum", one, |a| {
        Ok(Value::from(sha1sum(super::cast::string_bytes(a.first()))))
    });
    funcs.insert_plain("sha256sum", one, |a| {
        Ok(Value::from(sha256sum(super::cast::string_bytes(a.first()))))
    });
    funcs.insert_plain("sha512sum", one, |a| {
        Ok(Value::from(sha512sum(super::cast::string_bytes(a.first()))))
    });
    funcs.insert_plain("adler32sum", one, |a| {
        Ok(Value::from(adler32sum(super::cast::string_bytes(
            a.first(),
        ))))
    });

    let r = rng.clone();
    funcs.insert_plain("bcrypt", one, move |a| {
        Ok(Value::from(bcrypt_hash(&r, s(&a, 0))))
    });
    let r = rng.clone();
    funcs.insert_plain("htpasswd", Signature::fixed(&[Str, Str]), move |a| {
        Ok(Value::from(htpasswd(&r, s(&a, 0), s(&a, 1))))
    });

    funcs.insert_plain(
        "derivePassword",
        Signature::fixed(&[Uint32, Str, Str, Str, Str]),
        |a| {
            let counter = int(&a, 0) as u32;
            Ok(Value::from(derive_password(
                counter,
                s(&a, 1),
                s(&a, 2),
                s(&a, 3),
                s(&a, 4),
            )))
        },
    );

    let r = rng.clone();
    let seeded = options.seed.is_some();
    let helm = options.helm_version;
    funcs.insert_plain("genPrivateKey", one, move |a| {
        Ok(Value::from(generate_private_key(
            &r,
            s(&a, 0),
            seeded,
            helm,
        )))
    });

    funcs.insert_plain("buildCustomCert", Signature::fixed(&[Str, Str]), |a| {
        cert_result(build_custom_cert(s(&a, 0), s(&a, 1)))
    });

    let f = factory.clone();
    funcs.insert_plain("genCA", Signature::fixed(&[Str, Int]), move |a| {
        cert_result(f.gen_ca(s(&a, 0), int(&a, 1), None))
    });
    let f = factory.clone();
    funcs.insert_plain(
        "genCAWithKey",
        Signature::fixed(&[Str, Int, Str]),
        move |a| cert_result(f.gen_ca(s(&a, 0), int(&a, 1), Some(s(&a, 2)))),
    );

    let f = factory.clone();
    funcs.insert_plain(
        "genSelfSignedCert",
        Signature::fixed(&[Str, List, List, Int]),
        move |a| {
            let (ips, dns) = (a.get(1).unwrap_or(nil()), a.get(2).unwrap_or(nil()));
            cert_result(f.gen_self_signed(s(&a, 0), ips, dns, int(&a, 3), None))
        },
    );
    let f = factory.clone();
    funcs.insert_plain(
        "genSelfSignedCertWithKey",
        Signature::fixed(&[Str, List, List, Int, Str]),
        move |a| {
            let (ips, dns) = (a.get(1).unwrap_or(nil()), a.get(2).unwrap_or(nil()));
            cert_result(f.gen_self_signed(s(&a, 0), ips, dns, int(&a, 3), Some(s(&a, 4))))
        },
    );

    let f = factory.clone();
    funcs.insert_plain(
        "genSignedCert",
        Signature::fixed(&[Str, List, List, Int, CERT]),
        move |a| {
            let ca = cert_arg(&a, 4)?;
            let (ips, dns) = (a.get(1).unwrap_or(nil()), a.get(2).unwrap_or(nil()));
            cert_result(f.gen_signed(s(&a, 0), ips, dns, int(&a, 3), &ca, None))
        },
    );
    let f = factory;
    funcs.insert_plain(
        "genSignedCertWithKey",
        Signature::fixed(&[Str, List, List, Int, CERT, Str]),
        move |a| {
            let ca = cert_arg(&a, 4)?;
            let (ips, dns) = (a.get(1).unwrap_or(nil()), a.get(2).unwrap_or(nil()));
            cert_result(f.gen_signed(s(&a, 0), ips, dns, int(&a, 3), &ca, Some(s(&a, 5))))
        },
    );

    let r = rng.clone();
    funcs.insert_plain("encryptAES", Signature::fixed(&[Str, Str]), move |a| {
        Ok(Value::from(encrypt_aes(&r, s(&a, 0), s(&a, 1))))
    });
    funcs.insert_plain("decryptAES", Signature::fixed(&[Str, Str]), |a| {
        decrypt_aes(s(&a, 0), s(&a, 1))
            .map(Value::from)
            .map_err(FuncError::new)
    });

    funcs.insert_plain("randBytes", Signature::fixed(&[Int]), move |a| {
        rand_bytes(&rng, int(&a, 0))
            .map(Value::from)
            .map_err(FuncError::new)
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use rsa::RsaPublicKey;
    use rsa::pkcs1::DecodeRsaPublicKey;
    use x509_parser::extensions::{GeneralName, ParsedExtension};
    use x509_parser::prelude::{FromDer, X509Certificate};

    fn seeded_rng(seed: u64) -> SharedRng {
        rng_for(
            &FuncOptions {
                seed: Some(seed),
                ..FuncOptions::default()
            },
            "crypto",
        )
    }

    /// A factory with small RSA keys (debug builds generate 2048-bit keys
    /// slowly) and a fixed clock: 2023-11-14 22:13:20 UTC.
    fn factory(helm: HelmVersion, seed: u64) -> CertFactory {
        CertFactory {
            rng: seeded_rng(seed),
            clock: Clock::fixed(1_700_000_000, 0),
            helm,
            rsa_bits: 1024,
            seeded: true,
        }
    }

    fn der_of(pem: &str) -> Vec<u8> {
        pem_decode(pem.as_bytes())
            .map(|(_, b)| b)
            .unwrap_or_default()
    }

    fn with_cert<R>(pem: &str, f: impl FnOnce(&X509Certificate<'_>) -> R) -> R {
        let der = der_of(pem);
        let parsed = X509Certificate::from_der(&der);
        assert!(parsed.is_ok(), "certificate does not parse");
        let Ok((rest, cert)) = parsed else {
            unreachable!()
        };
        assert!(rest.is_empty());
        f(&cert)
    }

    /// Checks `cert`'s RSA signature with `issuer`'s public key.
    fn verify_rsa_signature(cert_pem: &str, issuer_pem: &str) -> bool {
        let issuer_key = with_cert(issuer_pem, |c| {
            c.public_key().subject_public_key.data.to_vec()
        });
        let Ok(public) = RsaPublicKey::from_pkcs1_der(&issuer_key) else {
            return false;
        };
        let (tbs, sig) = with_cert(cert_pem, |c| {
            (
                c.tbs_certificate.as_ref().to_vec(),
                c.signature_value.data.to_vec(),
            )
        });
        public
            .verify(
                Pkcs1v15Sign::new::<rsa::sha2::Sha256>(),
                &Sha256::digest(&tbs),
                &sig,
            )
            .is_ok()
    }

    #[test]
    fn digests() {
        // Values from Helm 3.17.1.
        assert_eq!(sha1sum(b"a"), "86f7e437faa5a7fce15d1ddcb9eaeaea377667b8");
        assert_eq!(adler32sum(b"hello"), "103547413");
        assert_eq!(adler32sum(b""), "1");
        assert_eq!(
            sha256sum(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            sha512sum(b"abc"),
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"
        );
        let long = "x".repeat(100_000);
        assert_eq!(adler32sum(long.as_bytes()), {
            let (mut a, mut b) = (1u64, 0u64);
            for _ in 0..100_000 {
                a = (a + 120) % 65521;
                b = (b + a) % 65521;
            }
            (b << 16 | a).to_string()
        });
    }

    #[test]
    fn bcrypt_and_htpasswd() {
        let rng = seeded_rng(1);
        let hash = bcrypt_hash(&rng, "secret");
        assert!(hash.starts_with("$2a$10$"), "{hash}");
        assert_eq!(hash.len(), 60);
        assert_eq!(bcrypt::verify("secret", &hash).ok(), Some(true));
        assert_eq!(
            bcrypt_hash(&rng, &"a".repeat(73)),
            "failed to encrypt string with bcrypt: bcrypt: password length exceeds 72 bytes"
        );
        assert_eq!(htpasswd(&rng, "a:b", "x"), "invalid username: a:b");
        let line = htpasswd(&rng, "admin", "pw");
        assert!(line.starts_with("admin:$2a$10$"), "{line}");
    }

    #[test]
    fn derive_password_matches_sprig() {
        // Helm 3.17.1: derivePassword 1 "long" "password" "user" "example.com"
        assert_eq!(
            derive_password(1, "long", "password", "user", "example.com"),
            "ZedaFaxcZaso9*"
        );
        assert_eq!(
            derive_password(1, "bogus", "password", "user", "example.com"),
            "cannot find password template bogus"
        );
    }

    #[test]
    fn private_keys_round_trip() {
        let rng = seeded_rng(3);
        let ec = generate_private_key(&rng, "ecdsa", true, HelmVersion::V3);
        assert!(ec.starts_with("-----BEGIN EC PRIVATE KEY-----\n"), "{ec}");
        assert!(matches!(
            parse_private_key_pem(&ec),
            Ok(PrivateKey::EcP256(_))
        ));
        let ed = generate_private_key(&rng, "ed25519", true, HelmVersion::V3);
        assert!(ed.starts_with("-----BEGIN PRIVATE KEY-----\n"), "{ed}");
        // Go's PKCS#8 Ed25519 key is 48 bytes: no public key inside.
        assert_eq!(der_of(&ed).len(), 48);
        assert!(matches!(
            parse_private_key_pem(&ed),
            Ok(PrivateKey::Ed25519(_))
        ));
        assert_eq!(
            generate_private_key(&rng, "foo", true, HelmVersion::V3),
            "Unknown type foo"
        );
        let rsa = with_rng(&rng, |r| RsaPrivateKey::new(r, 1024));
        let rsa = PrivateKey::Rsa(Box::new(rsa.unwrap_or_else(|_| unreachable!())));
        let pem = rsa.to_pem().unwrap_or_default();
        assert!(pem.starts_with("-----BEGIN RSA PRIVATE KEY-----\n"));
        assert!(pem.lines().all(|l| l.len() <= 64));
        assert!(matches!(
            parse_private_key_pem(&pem),
            Ok(PrivateKey::Rsa(_))
        ));
    }

    #[test]
    fn rsa_signatures_match_the_rsa_crate() {
        use rsa::traits::PrivateKeyParts;
        // PKCS#1 v1.5 is deterministic: AWS-LC must give the rsa crate's
        // bytes, for keys with p > q and p < q alike, and the fallback
        // must sign keys AWS-LC refuses.
        let rng = seeded_rng(37);
        let digest: [u8; 32] = Sha256::digest(b"tbs").into();
        let mut orders = std::collections::BTreeSet::new();
        for bits in [1024, 1024, 1024, 2048, 2048] {
            let key = generate_rsa_key(&rng, bits, true, HelmVersion::V3);
            let Ok(key) = key else { panic!("{key:?}") };
            orders.insert(key.primes()[0] > key.primes()[1]);
            let want = key
                .sign(Pkcs1v15Sign::new::<rsa::sha2::Sha256>(), &digest)
                .ok();
            let Ok(der) = key.to_pkcs1_der() else {
                panic!("der")
            };
            let aws = aws_lc::Rsa::from_pkcs1_der(der.as_bytes())
                .and_then(|k| k.sign_pkcs1_sha256(&digest));
            assert!(want.is_some());
            assert_eq!(aws.ok(), want);
            assert_eq!(rsa_sign_sha256(&key, &digest).ok(), want);
        }
        assert_eq!(orders.len(), 2, "keys of both prime orders were signed");
        // Small keys that Go signs with (the DigestInfo just fits).
        let small = with_rng(&rng, |r| RsaPrivateKey::new(r, 504));
        let Ok(small) = small else {
            panic!("small key")
        };
        let want = small.sign(Pkcs1v15Sign::new::<rsa::sha2::Sha256>(), &digest[..]);
        assert!(want.is_ok());
        assert_eq!(rsa_sign_sha256(&small, &digest).ok(), want.ok());
    }

    #[test]
    fn private_key_errors() {
        let err = |pem: &str| parse_private_key_pem(pem).err().unwrap_or_default();
        assert_eq!(err("junk"), "no PEM data in input");
        assert_eq!(
            err(&pem_encode("CERTIFICATE", b"x")),
            "no private key data in PEM block of type CERTIFICATE"
        );
        assert_eq!(
            err(&pem_encode("FOO PRIVATE KEY", b"x")),
            "invalid private key type FOO PRIVATE KEY"
        );
    }

    #[test]
    fn pem_decoding_follows_go() {
        let block = pem_encode("TEST", b"hello world");
        assert_eq!(
            pem_decode(format!("junk\n{block}trailing").as_bytes()),
            Some(("TEST".to_string(), b"hello world".to_vec()))
        );
        assert_eq!(
            pem_decode(b"-----BEGIN X-----\naGk=\n-----END Y-----\n"),
            None
        );
        assert_eq!(
            pem_decode(b"-----BEGIN X-----\r\n  aG\tk=  \r\n-----END X-----"),
            Some(("X".to_string(), b"hi".to_vec()))
        );
    }

    #[test]
    fn ca_certificate_shape() {
        for (helm, skid_len) in [(HelmVersion::V3, 20), (HelmVersion::V4, 20)] {
            let ca = factory(helm, 5).gen_ca("my-ca", 365, None);
            let Ok(ca) = ca else { panic!("{ca:?}") };
            assert!(ca.cert.starts_with("-----BEGIN CERTIFICATE-----\n"));
            assert!(ca.key.starts_with("-----BEGIN RSA PRIVATE KEY-----\n"));
            with_cert(&ca.cert, |c| {
                assert_eq!(c.version().0, 2);
                assert_eq!(c.subject().to_string(), "CN=my-ca");
                assert_eq!(c.issuer().to_string(), "CN=my-ca");
                assert_eq!(c.validity().not_before.timestamp(), 1_700_000_000);
                assert_eq!(
                    c.validity().not_after.timestamp(),
                    1_700_000_000 + 365 * 86_400
                );
                let bc = c
                    .basic_constraints()
                    .ok()
                    .flatten()
                    .map(|e| (e.critical, e.value.ca));
                assert_eq!(bc, Some((true, true)));
                let ku = c
                    .key_usage()
                    .ok()
                    .flatten()
                    .map(|e| (e.critical, e.value.flags));
                // digitalSignature | keyEncipherment | keyCertSign
                assert_eq!(ku, Some((true, 1 | 4 | 32)));
                let skid = c
                    .extensions()
                    .iter()
                    .find_map(|e| match e.parsed_extension() {
                        ParsedExtension::SubjectKeyIdentifier(id) => Some(id.0.to_vec()),
                        _ => None,
                    });
                let key_bytes = c.public_key().subject_public_key.data.to_vec();
                let want = match helm {
                    HelmVersion::V3 => Sha1::digest(&key_bytes).to_vec(),
                    HelmVersion::V4 => Sha256::digest(&key_bytes)[..20].to_vec(),
                };
                assert_eq!(skid.as_ref().map(Vec::len), Some(skid_len));
                assert_eq!(skid, Some(want));
                assert!(c.extensions().iter().all(|e| !matches!(
                    e.parsed_extension(),
                    ParsedExtension::AuthorityKeyIdentifier(_)
                )));
            });
            assert!(verify_rsa_signature(&ca.cert, &ca.cert));
        }
    }

    #[test]
    fn signed_certificate_chains_to_its_ca() {
        let f = factory(HelmVersion::V3, 9);
        let Ok(ca) = f.gen_ca("my-ca", 365, None) else {
            panic!("ca")
        };
        let ips = Value::from(vec![Value::from("10.0.0.1"), Value::from("::1")]);
        let dns = Value::from(vec![Value::from("foo.example"), Value::from("bar")]);
        let cert = f.gen_signed("foo.example", &ips, &dns, 30, &ca, None);
        let Ok(cert) = cert else { panic!("{cert:?}") };
        assert!(verify_rsa_signature(&cert.cert, &ca.cert));
        let ca_skid = with_cert(&ca.cert, |c| {
            c.extensions()
                .iter()
                .find_map(|e| match e.parsed_extension() {
                    ParsedExtension::SubjectKeyIdentifier(id) => Some(id.0.to_vec()),
                    _ => None,
                })
        });
        with_cert(&cert.cert, |c| {
            assert_eq!(c.issuer().to_string(), "CN=my-ca");
            assert_eq!(c.subject().to_string(), "CN=foo.example");
            let bc = c.basic_constraints().ok().flatten().map(|e| e.value.ca);
            assert_eq!(bc, Some(false));
            let ku = c.key_usage().ok().flatten().map(|e| e.value.flags);
            assert_eq!(ku, Some(1 | 4));
            let eku = c
                .extended_key_usage()
                .ok()
                .flatten()
                .map(|e| (e.value.server_auth, e.value.client_auth));
            assert_eq!(eku, Some((true, true)));
            let akid = c
                .extensions()
                .iter()
                .find_map(|e| match e.parsed_extension() {
                    ParsedExtension::AuthorityKeyIdentifier(a) => {
                        a.key_identifier.as_ref().map(|k| k.0.to_vec())
                    }
                    _ => None,
                });
            assert_eq!(akid, ca_skid);
            let san = c.subject_alternative_name().ok().flatten();
            let san_critical = san.as_ref().is_some_and(|s| s.critical);
            let names: Vec<String> = san
                .map(|s| {
                    s.value
                        .general_names
                        .iter()
                        .map(|n| match n {
                            GeneralName::DNSName(d) => format!("dns:{d}"),
                            GeneralName::IPAddress(ip) => format!("ip:{}", hex(ip)),
                            other => format!("{other:?}"),
                        })
                        .collect()
                })
                .unwrap_or_default();
            assert_eq!(
                names,
                [
                    "dns:foo.example",
                    "dns:bar",
                    "ip:0a000001",
                    "ip:00000000000000000000000000000001"
                ]
            );
            assert!(!san_critical);
        });
    }

    #[test]
    fn self_signed_with_keys_of_each_kind() {
        let f = factory(HelmVersion::V3, 11);
        for kind in ["ecdsa", "ed25519"] {
            let key = generate_private_key(&f.rng, kind, true, HelmVersion::V3);
            let cert = f.gen_self_signed(
                "",
                &Value::Nil,
                &Value::from(vec![Value::from("a")]),
                1,
                Some(&key),
            );
            let Ok(cert) = cert else {
                panic!("{kind}: {cert:?}")
            };
            assert_eq!(cert.key, key);
            with_cert(&cert.cert, |c| {
                assert_eq!(c.subject().to_string(), "");
                // With an empty subject Go marks the SAN critical.
                let san = c
                    .subject_alternative_name()
                    .ok()
                    .flatten()
                    .map(|s| s.critical);
                assert_eq!(san, Some(true));
            });
        }
    }

    #[test]
    fn certificate_errors() {
        let f = factory(HelmVersion::V3, 13);
        let err = |r: Result<Certificate, String>| r.err().unwrap_or_default();
        assert_eq!(
            err(f.gen_ca("x", 1, Some("junk"))),
            "parsing private key: no PEM data in input"
        );
        let ips = Value::from(vec![Value::Int(1)]);
        assert_eq!(
            err(f.gen_self_signed("x", &ips, &Value::Nil, 1, None)),
            "error parsing ip: 1 is not a string"
        );
        let ips = Value::from(vec![Value::from("1.2.3")]);
        assert_eq!(
            err(f.gen_self_signed("x", &ips, &Value::Nil, 1, None)),
            "error parsing ip: 1.2.3"
        );
        let dns = Value::from(vec![Value::Int(3)]);
        assert_eq!(
            err(f.gen_self_signed("x", &Value::Nil, &dns, 1, None)),
            "error processing alternate dns name: 3 is not a string"
        );
        let dsa_pem = pem_encode(
            "DSA PRIVATE KEY",
            &der::seq(&[
                &der::small_int(0),
                &der::small_int(1),
                &der::small_int(1),
                &der::small_int(1),
                &der::small_int(1),
                &der::small_int(1),
            ]),
        );
        assert_eq!(
            err(f.gen_ca("x", 1, Some(&dsa_pem))),
            "error creating certificate: x509: certificate private key does not implement crypto.Signer"
        );
        let Ok(ca) = f.gen_ca("ca", 1, None) else {
            panic!("ca")
        };
        assert_eq!(
            err(f.gen_signed("x", &Value::Nil, &Value::Nil, 1, &ca, Some(&dsa_pem))),
            "error creating certificate: x509: unsupported public key type: *dsa.PublicKey"
        );
        let Ok(other) = f.gen_ca("other", 1, None) else {
            panic!("ca")
        };
        let mismatched = Certificate {
            cert: ca.cert.clone(),
            key: other.key.clone(),
        };
        assert_eq!(
            err(f.gen_signed("x", &Value::Nil, &Value::Nil, 1, &mismatched, None)),
            "error creating certificate: x509: provided PrivateKey doesn't match parent's PublicKey"
        );
        let bad_ca = Certificate {
            cert: "nope".into(),
            key: ca.key.clone(),
        };
        assert_eq!(
            err(f.gen_signed("x", &Value::Nil, &Value::Nil, 1, &bad_ca, None)),
            "unable to decode certificate"
        );
        let dns = Value::from(vec![Value::from("\u{e9}.com")]);
        assert_eq!(
            err(f.gen_self_signed("x", &Value::Nil, &dns, 1, None)),
            "error creating certificate: x509: \"\u{e9}.com\" cannot be encoded as an IA5String"
        );
    }

    #[test]
    fn custom_certificates() {
        let f = factory(HelmVersion::V3, 17);
        let Ok(ca) = f.gen_ca("ca", 1, None) else {
            panic!("ca")
        };
        let built = build_custom_cert(
            &b64_encode(ca.cert.as_bytes()),
            &b64_encode(ca.key.as_bytes()),
        );
        assert_eq!(built.as_ref().ok(), Some(&ca));
        assert_eq!(
            build_custom_cert("a", "b").err().as_deref(),
            Some("unable to decode base64 certificate")
        );
        assert_eq!(
            build_custom_cert(&b64_encode(b"x"), &b64_encode(b"y"))
                .err()
                .as_deref(),
            Some("unable to decode certificate")
        );
        let go_print = Certificate {
            cert: "C".into(),
            key: "K".into(),
        };
        assert_eq!(Object::go_string(&go_print), "{C K}");
    }

    #[test]
    fn validity_wraps_like_go_durations() {
        // 24h * 200000 days overflows int64 nanoseconds in Go.
        let f = factory(HelmVersion::V3, 19);
        let Ok(ca) = f.gen_ca("x", 200_000, None) else {
            panic!("ca")
        };
        let wrapped = (24 * HOUR).wrapping_mul(200_000);
        let want = GoTime::from_unix(1_700_000_000, 0).add(wrapped).unix();
        with_cert(&ca.cert, |c| {
            assert_eq!(c.validity().not_after.timestamp(), want);
        });
    }

    #[test]
    fn aes_round_trip_and_go_panics() {
        let rng = seeded_rng(23);
        let enc = encrypt_aes(&rng, "secretkey", "hello world");
        assert_eq!(decrypt_aes("secretkey", &enc).as_deref(), Ok("hello world"));
        assert_eq!(encrypt_aes(&rng, "k", ""), "");
        assert_eq!(decrypt_aes("k", "").as_deref(), Ok(""));
        // Messages from Helm 3.17.1.
        let err = |s: &str| decrypt_aes("k", s).err().unwrap_or_default();
        assert_eq!(
            err("YWJj"),
            "runtime error: slice bounds out of range [:16] with capacity 3"
        );
        assert_eq!(err("!!"), "illegal base64 data at input byte 0");
        assert_eq!(
            err("MDEyMzQ1Njc4OWFiY2RlZg=="),
            "runtime error: index out of range [-1]"
        );
        assert_eq!(
            err("MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWYwMTIzNDU2Nzg5YWJjZGVm"),
            "runtime error: slice bounds out of range [:-217]"
        );
        assert_eq!(
            err("MDEyMzQ1Njc4OWFiY2RlZjAx"),
            "crypto/cipher: input not full blocks"
        );
        // Sprig copies at most 32 bytes of the password into the key.
        let long = "k".repeat(40);
        let enc = encrypt_aes(&rng, &long, "x");
        assert_eq!(decrypt_aes(&"k".repeat(32), &enc).as_deref(), Ok("x"));
    }

    #[test]
    fn random_bytes() {
        let rng = seeded_rng(29);
        let b = rand_bytes(&rng, 10).unwrap_or_default();
        assert_eq!(b64_decode(b.as_bytes()).map(|v| v.len()), Ok(10));
        assert_eq!(rand_bytes(&rng, 0).as_deref(), Ok(""));
        assert_eq!(
            rand_bytes(&rng, -1).err().as_deref(),
            Some("runtime error: makeslice: len out of range")
        );
        assert!(rand_bytes(&rng, 1 << 40).is_err());
    }

    #[test]
    fn seeded_generation_repeats() {
        let a = factory(HelmVersion::V3, 31).gen_ca("x", 1, None);
        let b = factory(HelmVersion::V3, 31).gen_ca("x", 1, None);
        assert_eq!(a, b);
        assert_eq!(
            encrypt_aes(&seeded_rng(1), "k", "v"),
            encrypt_aes(&seeded_rng(1), "k", "v")
        );
    }
}
