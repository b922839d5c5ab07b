//! RSA key generation benchmark: AWS-LC's generator (what chartguard used
//! before, `aws_lc_rs::rsa::KeyPair::generate` plus the conversion to an
//! `rsa::RsaPrivateKey`) against `render::funcs::rsa_keygen`, and
//! certificate signing with the `rsa` crate against AWS-LC.
//!
//! `cargo bench --bench rsa_keygen` generates 40 keys of 2048 bits and 12
//! of 4096 bits with each generator, alternating old and new so that load
//! from other processes hits both alike, and prints mean, standard
//! deviation, median and range. Key generation time is very variable (the
//! number of candidates before a prime is roughly geometric), so compare
//! means over many keys. Options:
//!
//! - `--keys-2048 N`, `--keys-4096 N`: how many keys of each size;
//! - `--bounds A,B,..`: also time the new generator with these sieving
//!   bounds (log2), to re-tune `rsa_keygen::sieve_bound`.

use std::time::{Duration, Instant};

use chartguard::render::funcs::aws_lc::Rsa;
use chartguard::render::funcs::rsa_keygen::{
    self, PrivateExponent, SystemRandom, generate, generate_with_bound,
};
use rsa::pkcs1::EncodeRsaPrivateKey;
use rsa::pkcs8::DecodePrivateKey;
use rsa::{Pkcs1v15Sign, RsaPrivateKey};
use sha2::{Digest, Sha256};

fn old_generate(bits: usize) -> RsaPrivateKey {
    let size = match bits {
        2048 => aws_lc_rs::rsa::KeySize::Rsa2048,
        _ => aws_lc_rs::rsa::KeySize::Rsa4096,
    };
    let pair = aws_lc_rs::rsa::KeyPair::generate(size).expect("aws-lc keygen");
    let der = aws_lc_rs::encoding::AsDer::<aws_lc_rs::encoding::Pkcs8V1Der>::as_der(&pair)
        .expect("pkcs8");
    RsaPrivateKey::from_pkcs8_der(der.as_ref()).expect("parse")
}

fn new_generate(bits: usize, bound: Option<u32>) -> RsaPrivateKey {
    let mut rng = SystemRandom;
    match bound {
        Some(b) => generate_with_bound(bits, PrivateExponent::Totient, &mut rng, b),
        None => generate(bits, PrivateExponent::Totient, &mut rng),
    }
    .expect("new keygen")
}

struct Stats {
    name: String,
    times: Vec<Duration>,
}

impl Stats {
    fn new(name: String) -> Self {
        Stats {
            name,
            times: Vec::new(),
        }
    }

    fn time<R>(&mut self, f: impl FnOnce() -> R) -> R {
        let t = Instant::now();
        let r = f();
        self.times.push(t.elapsed());
        r
    }

    fn report(&self) -> f64 {
        let ms: Vec<f64> = self.times.iter().map(|d| d.as_secs_f64() * 1e3).collect();
        let n = ms.len() as f64;
        let mean = ms.iter().sum::<f64>() / n;
        let var = ms.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0).max(1.0);
        let mut sorted = ms.clone();
        sorted.sort_by(f64::total_cmp);
        println!(
            "{:<34} n={:<3} mean {:>8.1} ms  sd {:>7.1}  (sem {:>6.1})  median {:>8.1}  min {:>7.1}  max {:>8.1}",
            self.name,
            ms.len(),
            mean,
            var.sqrt(),
            var.sqrt() / n.sqrt(),
            sorted[sorted.len() / 2],
            sorted[0],
            sorted[sorted.len() - 1],
        );
        mean
    }
}

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

fn bench_keygen(bits: usize, keys: usize, bounds: &[u32]) {
    let mut old = Stats::new(format!("{bits} old (aws-lc generate)"));
    let mut new = Stats::new(format!("{bits} new (rsa_keygen)"));
    let mut swept: Vec<Stats> = bounds
        .iter()
        .map(|b| Stats::new(format!("{bits} new, sieve bound 2^{b}")))
        .collect();
    for _ in 0..keys {
        std::hint::black_box(old.time(|| old_generate(bits)));
        std::hint::black_box(new.time(|| new_generate(bits, None)));
        for (s, &b) in swept.iter_mut().zip(bounds) {
            std::hint::black_box(s.time(|| new_generate(bits, Some(1 << b))));
        }
    }
    let before = old.report();
    let after = new.report();
    for s in &swept {
        s.report();
    }
    println!("{bits}: new/old mean = {:.2}x faster\n", before / after);
}

fn bench_signing(bits: usize, rounds: usize) {
    let key = new_generate(bits, None);
    let der = key.to_pkcs1_der().expect("der");
    let digest: [u8; 32] = Sha256::digest(b"tbs certificate bytes").into();
    let mut rsa_crate = Stats::new(format!("{bits} sign, rsa crate"));
    let mut aws = Stats::new(format!("{bits} sign, aws-lc (parse + sign)"));
    for _ in 0..rounds {
        let a = rsa_crate.time(|| key.sign(Pkcs1v15Sign::new::<Sha256>(), &digest));
        let b = aws.time(|| {
            Rsa::from_pkcs1_der(der.as_bytes()).and_then(|k| k.sign_pkcs1_sha256(&digest))
        });
        assert_eq!(a.ok(), b.ok(), "signatures differ");
    }
    let before = rsa_crate.report();
    let after = aws.report();
    println!("{bits} signing: {:.1}x faster\n", before / after);
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let keys_2048 = arg(&args, "--keys-2048")
        .and_then(|s| s.parse().ok())
        .unwrap_or(40);
    let keys_4096 = arg(&args, "--keys-4096")
        .and_then(|s| s.parse().ok())
        .unwrap_or(12);
    let bounds: Vec<u32> = arg(&args, "--bounds")
        .map(|s| s.split(',').filter_map(|b| b.parse().ok()).collect())
        .unwrap_or_default();
    // Build the small-prime table outside the timings.
    let _ = rsa_keygen::residues(&[1], &[3]);
    let _ = new_generate(2048, None);
    bench_keygen(2048, keys_2048, &bounds);
    bench_keygen(4096, keys_4096, &bounds);
    bench_signing(2048, 50);
    bench_signing(4096, 20);
}
