//! Chart archives inflated in one call to libdeflate, which decodes DEFLATE
//! about twice as fast as the streaming inflater. It only takes archives
//! whose every byte it can vouch for matching Go's `gzip.Reader`: one gzip
//! member filling the whole input, with a header Go and libdeflate read the
//! same way, and a CRC-32 and size that check. Anything else (several
//! members, trailing bytes, a header CRC, a name or comment longer than Go
//! reads, corrupt data, a size over the limit) returns `None`, and the streaming path, which follows
//! Go's reader byte by byte, reports it as Helm would.

use std::ptr::NonNull;

use libdeflate_sys as sys;

/// gzip header flags (RFC 1952).
const FLAG_HEADER_CRC: u8 = 0x02;
const FLAG_EXTRA: u8 = 0x04;
const FLAG_NAME: u8 = 0x08;
const FLAG_COMMENT: u8 = 0x10;

/// Go reads a header's file name and comment into a 512-byte buffer and
/// calls a longer one (NUL included) a bad header.
const GO_MAX_HEADER_STRING: usize = 512;

/// The decompressed bytes of `bytes`, when it is a plain single-member gzip
/// stream of at most `max_output` bytes.
pub(crate) fn single_member(bytes: &[u8], max_output: u64) -> Option<Vec<u8>> {
    if !go_reads_header(bytes)? {
        return None;
    }
    // ISIZE, the size mod 2^32 the trailer claims: the output buffer. A
    // wrong claim makes libdeflate fail, and the streaming path takes over.
    let trailer = bytes.get(bytes.len().checked_sub(4)?..)?;
    let claimed = u32::from_le_bytes(trailer.try_into().ok()?);
    if u64::from(claimed) > max_output {
        return None;
    }
    let mut out = vec![0u8; usize::try_from(claimed).ok()?];
    let decompressor = Decompressor::new()?;
    let (read, written) = decompressor.gzip(bytes, &mut out)?;
    (read == bytes.len() && written == out.len()).then_some(out)
}

/// Whether Go's reader accepts the header libdeflate will skip: `None` when
/// it is cut short. Go checks a header CRC, which libdeflate skips, and
/// limits the file name and comment (Helm writes an extra field and a
/// comment); reserved flags libdeflate refuses itself.
fn go_reads_header(bytes: &[u8]) -> Option<bool> {
    let flags = *bytes.get(3)?;
    if flags & FLAG_HEADER_CRC != 0 {
        return Some(false);
    }
    let mut at = 10;
    if flags & FLAG_EXTRA != 0 {
        let length = u16::from_le_bytes(bytes.get(at..at + 2)?.try_into().ok()?);
        at += 2 + usize::from(length);
    }
    for flag in [FLAG_NAME, FLAG_COMMENT] {
        if flags & flag != 0 {
            let field = bytes.get(at..)?;
            let nul = field.iter().position(|&b| b == 0)?;
            if nul >= GO_MAX_HEADER_STRING {
                return Some(false);
            }
            at += nul + 1;
        }
    }
    Some(true)
}

/// An owned libdeflate decompressor.
struct Decompressor(NonNull<sys::libdeflate_decompressor>);

impl Decompressor {
    fn new() -> Option<Self> {
        // SAFETY: allocation has no preconditions; null means out of memory.
        NonNull::new(unsafe { sys::libdeflate_alloc_decompressor() }).map(Self)
    }

    /// Decompresses one gzip member at the start of `input` into `out`:
    /// the bytes read and written, or `None` for any failure.
    fn gzip(&self, input: &[u8], out: &mut [u8]) -> Option<(usize, usize)> {
        let mut read = 0usize;
        let mut written = 0usize;
        // SAFETY: the decompressor is live; input and out are valid for
        // their lengths, libdeflate writes only within out, and the two
        // counts are valid places for it to store into.
        let result = unsafe {
            sys::libdeflate_gzip_decompress_ex(
                self.0.as_ptr(),
                input.as_ptr().cast(),
                input.len(),
                out.as_mut_ptr().cast(),
                out.len(),
                &mut read,
                &mut written,
            )
        };
        (result == sys::libdeflate_result_LIBDEFLATE_SUCCESS).then_some((read, written))
    }
}

impl Drop for Decompressor {
    fn drop(&mut self) {
        // SAFETY: we own the decompressor and free it once.
        unsafe { sys::libdeflate_free_decompressor(self.0.as_ptr()) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};

    fn gzip(data: &[u8], header: flate2::GzBuilder) -> Vec<u8> {
        let mut encoder = header.write(Vec::new(), flate2::Compression::default());
        encoder.write_all(data).expect("compress");
        encoder.finish().expect("finish")
    }

    fn streamed(bytes: &[u8]) -> Option<Vec<u8>> {
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(bytes)
            .read_to_end(&mut out)
            .ok()
            .map(|_| out)
    }

    #[test]
    fn plain_archives_inflate_as_streamed() {
        let data: Vec<u8> = (0..100_000u32)
            .flat_map(|i| (i % 251).to_le_bytes())
            .collect();
        for header in [
            flate2::GzBuilder::new(),
            flate2::GzBuilder::new()
                .extra(b"helm extra".to_vec())
                .comment("Helm"),
            flate2::GzBuilder::new()
                .filename("c".repeat(511))
                .comment("c".repeat(511)),
        ] {
            let bytes = gzip(&data, header);
            assert_eq!(single_member(&bytes, 1 << 30), Some(data.clone()));
            assert_eq!(streamed(&bytes), Some(data.clone()));
        }
        assert_eq!(
            single_member(&gzip(b"", flate2::GzBuilder::new()), 10),
            Some(Vec::new())
        );
    }

    #[test]
    fn everything_else_is_left_to_the_streaming_reader() {
        let data = b"chart data ".repeat(1000);
        let plain = gzip(&data, flate2::GzBuilder::new());
        // Two members, which Go reads as one stream.
        let twice = [plain.clone(), plain.clone()].concat();
        assert_eq!(single_member(&twice, 1 << 30), None);
        // Bytes after the member.
        assert_eq!(
            single_member(&[plain.clone(), vec![0]].concat(), 1 << 30),
            None
        );
        // Over the limit.
        assert_eq!(single_member(&plain, data.len() as u64 - 1), None);
        // A file name or comment longer than Go reads.
        let named = gzip(&data, flate2::GzBuilder::new().filename("c".repeat(512)));
        assert_eq!(single_member(&named, 1 << 30), None);
        let said = gzip(&data, flate2::GzBuilder::new().comment("c".repeat(512)));
        assert_eq!(single_member(&said, 1 << 30), None);
        // A header CRC, which Go checks and libdeflate does not.
        let mut crc = gzip(&data, flate2::GzBuilder::new());
        crc[3] |= FLAG_HEADER_CRC;
        assert_eq!(single_member(&crc, 1 << 30), None);
        // A corrupt body, CRC or size.
        for at in [plain.len() / 2, plain.len() - 6, plain.len() - 2] {
            let mut bad = plain.clone();
            bad[at] ^= 0x55;
            assert_eq!(single_member(&bad, 1 << 30), None, "flipped byte {at}");
        }
        // Cut short.
        assert_eq!(single_member(&plain[..plain.len() - 1], 1 << 30), None);
        assert_eq!(single_member(&[], 1 << 30), None);
    }
}
