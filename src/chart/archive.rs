//! Reading a packaged chart (`.tgz`) into memory, with Helm's path checks
//! (pkg/chart/loader/archive.go) and size limits.
//!
//! Helm strips the first path component of every entry (the chart's
//! directory), cleans the rest, and refuses absolute paths, `..`, entries
//! at the top level and Windows drive paths. Directories and PAX headers are
//! skipped; every other entry (symlinks and hard links included) becomes a
//! file with the entry's data, which for links is empty, so nothing outside
//! the archive is ever read.

use std::io::{self, Read};

use flate2::read::MultiGzDecoder;

/// A file read from a chart directory or archive, before sorting (Helm's
/// `BufferedFile`).
#[derive(Clone, Debug)]
pub(crate) struct BufferedFile {
    /// Path inside the chart, `/`-separated.
    pub name: String,
    pub data: Vec<u8>,
}

/// How much an archive may hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ArchiveLimits {
    /// Helm 4's `MaxDecompressedChartSize` (100 MiB): the sum of the files
    /// of one archive must stay below it.
    pub max_chart_size: u64,
    /// Helm 4's `MaxDecompressedFileSize` (5 MiB); Helm 3.17.1 has none.
    pub max_file_size: Option<u64>,
}

/// Why an archive cannot be read: Helm's message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ArchiveError {
    pub message: String,
    pub kind: super::ChartErrorKind,
    /// Go's `gzip.ErrHeader`, which Helm words specially.
    pub bad_gzip_header: bool,
}

impl ArchiveError {
    fn new(kind: super::ChartErrorKind, message: impl Into<String>) -> Self {
        ArchiveError {
            message: message.into(),
            kind,
            bad_gzip_header: false,
        }
    }
}

fn corrupt(message: impl Into<String>) -> ArchiveError {
    ArchiveError::new(super::ChartErrorKind::Archive, message)
}

fn unsafe_path(message: impl Into<String>) -> ArchiveError {
    ArchiveError::new(super::ChartErrorKind::UnsafePath, message)
}

fn too_large(message: impl Into<String>) -> ArchiveError {
    ArchiveError::new(super::ChartErrorKind::TooLarge, message)
}

/// Go's wording for the I/O errors of gzip and tar reading.
fn go_io_error(err: &io::Error) -> ArchiveError {
    let text = err.to_string();
    let message = if err.kind() == io::ErrorKind::UnexpectedEof
        || text.contains("failed to read entire block")
        || text.contains("unexpected EOF")
    {
        "unexpected EOF".to_string()
    } else if text.contains("checksum mismatch") || text.contains("numeric field") {
        "archive/tar: invalid tar header".to_string()
    } else if text.contains("invalid gzip header") {
        "gzip: invalid header".to_string()
    } else if text.contains("corrupt deflate stream") || text.contains("deflate") {
        "flate: corrupt input".to_string()
    } else if text.contains("checksum") || text.contains("crc") {
        "gzip: invalid checksum".to_string()
    } else {
        text
    };
    corrupt(message)
}

/// Counts decompressed bytes and fails once `limit` is passed, so that tar
/// headers (PAX records, long names) cannot inflate without bound either.
struct LimitedReader<R> {
    inner: R,
    left: u64,
}

const STREAM_LIMIT_MESSAGE: &str = "chartguard: decompressed stream limit reached";

impl<R: Read> Read for LimitedReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.left == 0 {
            return Err(io::Error::other(STREAM_LIMIT_MESSAGE));
        }
        let max = buf
            .len()
            .min(usize::try_from(self.left).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..max])?;
        self.left -= n as u64;
        Ok(n)
    }
}

/// A decompressed stream read in one go: one pass of the inflater instead
/// of many small reads through it, and seekable, so that tar steps over
/// padding and skipped entries instead of reading them into a zeroed 32 KiB
/// buffer each time. A read error is kept and given only to a reader that
/// goes past the bytes before it, as a streaming read would: Go's tar
/// reader stops at the end-of-archive blocks and never sees what follows.
struct Prefetched {
    data: Vec<u8>,
    position: u64,
    /// The error that ended decompression (io::Error is not Clone).
    error: Option<(io::ErrorKind, String)>,
}

impl Prefetched {
    fn read(mut stream: impl Read, size_hint: usize) -> Self {
        let mut data = Vec::with_capacity(size_hint);
        let error = stream
            .read_to_end(&mut data)
            .err()
            .map(|e| (e.kind(), e.to_string()));
        Prefetched {
            data,
            position: 0,
            error,
        }
    }

    fn past_the_end(&self) -> io::Error {
        match &self.error {
            Some((kind, text)) => io::Error::new(*kind, text.clone()),
            // What tar's own skip by reading reports.
            None => io::Error::other("unexpected EOF during skip"),
        }
    }
}

impl Read for Prefetched {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let start = usize::try_from(self.position).unwrap_or(usize::MAX);
        let available = self.data.get(start..).unwrap_or(&[]);
        if available.is_empty() {
            return match &self.error {
                Some(_) if !buf.is_empty() => Err(self.past_the_end()),
                _ => Ok(0),
            };
        }
        let n = available.len().min(buf.len());
        buf[..n].copy_from_slice(&available[..n]);
        self.position += n as u64;
        Ok(n)
    }
}

impl io::Seek for Prefetched {
    fn seek(&mut self, to: io::SeekFrom) -> io::Result<u64> {
        let target = match to {
            io::SeekFrom::Start(n) => Some(n),
            io::SeekFrom::Current(d) => self.position.checked_add_signed(d),
            io::SeekFrom::End(d) => (self.data.len() as u64).checked_add_signed(d),
        };
        match target {
            // Skipping past the data would have read into the end of the
            // stream (or its error) byte by byte.
            Some(n) if n <= self.data.len() as u64 => {
                self.position = n;
                Ok(n)
            }
            _ => Err(self.past_the_end()),
        }
    }
}

/// The decompressed size a gzip trailer claims (mod 2^32), as a capacity
/// hint only: capped, since the trailer is not to be trusted.
fn gzip_size_hint(bytes: &[u8]) -> usize {
    let claimed = bytes
        .len()
        .checked_sub(4)
        .and_then(|at| bytes.get(at..))
        .and_then(|tail| tail.try_into().ok())
        .map_or(0, u32::from_le_bytes);
    usize::try_from(claimed).unwrap_or(0).min(16 << 20)
}

/// Go's `gzip.NewReader` header check, before any decompression.
fn check_gzip_header(bytes: &[u8]) -> Result<(), ArchiveError> {
    if bytes.is_empty() {
        return Err(corrupt("EOF"));
    }
    if bytes.len() < 10 {
        return Err(corrupt("unexpected EOF"));
    }
    if bytes[0] != 0x1f || bytes[1] != 0x8b || bytes[2] != 8 {
        let mut err = corrupt("gzip: invalid header");
        err.bad_gzip_header = true;
        return Err(err);
    }
    Ok(())
}

/// Helm's `LoadArchiveFiles`: every file of a gzipped tar, named relative
/// to the chart, with a leading UTF-8 BOM removed.
pub(crate) fn read_archive(
    bytes: &[u8],
    limits: ArchiveLimits,
) -> Result<Vec<BufferedFile>, ArchiveError> {
    check_gzip_header(bytes)?;
    let max = limits.max_chart_size;
    let too_big = || {
        too_large(format!(
            "decompressed chart is larger than the maximum size {max}"
        ))
    };
    // File data may reach `max`; allow as much again for tar headers.
    let stream = LimitedReader {
        inner: MultiGzDecoder::new(bytes),
        left: max.saturating_mul(2).saturating_add(1 << 20),
    };
    let inflated = match super::gunzip::single_member(bytes, stream.left) {
        Some(data) => Prefetched {
            data,
            position: 0,
            error: None,
        },
        None => Prefetched::read(stream, gzip_size_hint(bytes)),
    };
    let mut archive = tar::Archive::new(inflated);
    let entries = archive.entries_with_seek().map_err(|e| go_io_error(&e))?;
    let mut remaining = max;
    let mut files = Vec::new();
    for entry in entries {
        let mut entry = entry.map_err(|e| stream_error(&e, &too_big))?;
        let header = entry.header();
        let entry_type = header.entry_type();
        let raw_name = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
        let mode = header.mode().unwrap_or(0);
        // Go's `hd.FileInfo().IsDir()`.
        let is_dir = entry_type.is_dir()
            || mode & 0o040000 != 0
            || (entry_type.as_byte() == b'\0' && raw_name.ends_with('/'));
        if is_dir {
            continue;
        }
        if entry_type.is_pax_global_extensions() || entry_type.is_pax_local_extensions() {
            continue;
        }
        let name = entry_name(&raw_name)?;
        let size = entry.size();
        if size > remaining {
            return Err(too_big());
        }
        if let Some(max_file) = limits.max_file_size
            && size > max_file
        {
            return Err(too_large(format!(
                "decompressed chart file {} is larger than the maximum file size {max_file}",
                gotemplate::strconv::quote(&raw_name)
            )));
        }
        let want = size.min(remaining);
        let mut data = Vec::with_capacity(usize::try_from(want.min(1 << 20)).unwrap_or(0));
        (&mut entry)
            .take(want)
            .read_to_end(&mut data)
            .map_err(|e| stream_error(&e, &too_big))?;
        let got = data.len() as u64;
        if got < want {
            return Err(corrupt("unexpected EOF"));
        }
        remaining -= got;
        if got < size || remaining == 0 {
            return Err(too_big());
        }
        if data.starts_with(b"\xEF\xBB\xBF") {
            data.drain(..3);
        }
        files.push(BufferedFile { name, data });
    }
    if files.is_empty() {
        return Err(corrupt("no files in chart archive"));
    }
    Ok(files)
}

fn stream_error(err: &io::Error, too_big: &dyn Fn() -> ArchiveError) -> ArchiveError {
    if err.to_string().contains(STREAM_LIMIT_MESSAGE) {
        too_big()
    } else {
        go_io_error(err)
    }
}

/// Helm's name handling: drop the first component, normalise `\`, clean,
/// and refuse names that would leave the chart.
fn entry_name(raw: &str) -> Result<String, ArchiveError> {
    // An archive made on Windows may use `\`.
    let delimiter = if raw.contains('\\') { '\\' } else { '/' };
    let mut parts = raw.split(delimiter);
    let first = parts.next().unwrap_or("");
    let rest: Vec<&str> = parts.collect();
    let joined = rest.join(&delimiter.to_string()).replace(delimiter, "/");
    if joined.starts_with('/') {
        return Err(unsafe_path("chart illegally contains absolute paths"));
    }
    let cleaned = clean_path(&joined);
    if cleaned == "." {
        return Err(unsafe_path(format!(
            "chart illegally contains content outside the base directory: {}",
            gotemplate::strconv::quote(raw)
        )));
    }
    if cleaned.starts_with("..") {
        return Err(unsafe_path("chart illegally references parent directory"));
    }
    let b = cleaned.as_bytes();
    if b.len() >= 3 && b[0].is_ascii_alphabetic() && b[1] == b':' && b[2] == b'/' {
        return Err(unsafe_path("chart contains illegally named files"));
    }
    if first == "Chart.yaml" {
        return Err(unsafe_path("chart yaml not in base directory"));
    }
    Ok(cleaned)
}

/// Go's `path.Clean`.
pub(crate) fn clean_path(path: &str) -> String {
    if path.is_empty() {
        return ".".to_string();
    }
    let rooted = path.starts_with('/');
    let mut out: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if out.last().is_some_and(|p| *p != "..") {
                    out.pop();
                } else if !rooted {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    let body = out.join("/");
    match (rooted, body.is_empty()) {
        (true, _) => format!("/{body}"),
        (false, true) => ".".to_string(),
        (false, false) => body,
    }
}

/// Go's `http.DetectContentType` for the signatures a mistaken chart
/// argument plausibly has; Helm names the type when a file is not gzip.
pub(crate) fn detect_content_type(first: &[u8]) -> &'static str {
    // Helm sniffs a 512-byte buffer; a shorter file leaves zeros after it.
    let mut data = [0u8; 512];
    let n = first.len().min(512);
    data[..n].copy_from_slice(&first[..n]);
    let ws = data
        .iter()
        .position(|b| !matches!(b, b'\t' | b'\n' | 0x0c | b'\r' | b' '))
        .unwrap_or(data.len());
    let trimmed = &data[ws..];
    const HTML: [&[u8]; 17] = [
        b"<!DOCTYPE HTML",
        b"<HTML",
        b"<HEAD",
        b"<SCRIPT",
        b"<IFRAME",
        b"<H1",
        b"<DIV",
        b"<FONT",
        b"<TABLE",
        b"<A",
        b"<STYLE",
        b"<TITLE",
        b"<B",
        b"<BODY",
        b"<BR",
        b"<P",
        b"<!--",
    ];
    for sig in HTML {
        if trimmed.len() > sig.len()
            && trimmed[..sig.len()].eq_ignore_ascii_case(sig)
            && matches!(trimmed[sig.len()], b' ' | b'>')
        {
            return "text/html; charset=utf-8";
        }
    }
    if trimmed.starts_with(b"<?xml") {
        return "text/xml; charset=utf-8";
    }
    let exact: [(&[u8], &'static str); 16] = [
        (b"%PDF-", "application/pdf"),
        (b"%!PS-Adobe-", "application/postscript"),
        (b"\xFE\xFF", "text/plain; charset=utf-16be"),
        (b"\xFF\xFE", "text/plain; charset=utf-16le"),
        (b"\xEF\xBB\xBF", "text/plain; charset=utf-8"),
        (b"\x00\x00\x01\x00", "image/x-icon"),
        (b"\x00\x00\x02\x00", "image/x-icon"),
        (b"BM", "image/bmp"),
        (b"GIF87a", "image/gif"),
        (b"GIF89a", "image/gif"),
        (b"\x89PNG\x0D\x0A\x1A\x0A", "image/png"),
        (b"\xFF\xD8\xFF", "image/jpeg"),
        (b"\x1F\x8B\x08", "application/x-gzip"),
        (b"PK\x03\x04", "application/zip"),
        (b"Rar!\x1A\x07\x00", "application/x-rar-compressed"),
        (b"\x00\x61\x73\x6D", "application/wasm"),
    ];
    for (sig, mime) in exact {
        if data.starts_with(sig) {
            return mime;
        }
    }
    let binary = trimmed.iter().any(|&b| {
        b <= 0x08 || b == 0x0B || (0x0E..=0x1A).contains(&b) || (0x1C..=0x1F).contains(&b)
    });
    if binary {
        "application/octet-stream"
    } else {
        "text/plain; charset=utf-8"
    }
}

/// Helm's `ensureArchive`: a friendly error when the file is not gzip.
pub(crate) fn ensure_archive(display_name: &str, bytes: &[u8]) -> Result<(), String> {
    let head = &bytes[..bytes.len().min(512)];
    if head.starts_with(b"\x1F\x8B\x08") {
        return Ok(());
    }
    let content_type = detect_content_type(head);
    if content_type == "application/x-gzip" {
        return Ok(());
    }
    if display_name.ends_with(".yml") || display_name.ends_with(".yaml") {
        return Err(format!(
            "file '{display_name}' seems to be a YAML file, but expected a gzipped archive"
        ));
    }
    Err(format!(
        "file '{display_name}' does not appear to be a gzipped archive; got '{content_type}'"
    ))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::io::Write;

    /// One entry of a test archive.
    pub(crate) enum Entry<'a> {
        File(&'a str, &'a [u8]),
        Dir(&'a str),
        Symlink(&'a str, &'a str),
    }

    /// A gzipped tar with exactly these entries (names unchecked).
    pub(crate) fn tgz(entries: &[Entry<'_>]) -> Vec<u8> {
        let mut builder = tar::Builder::new(Vec::new());
        for entry in entries {
            let mut header = tar::Header::new_gnu();
            let (name, data): (&str, &[u8]) = match entry {
                Entry::File(name, data) => {
                    header.set_entry_type(tar::EntryType::Regular);
                    header.set_mode(0o644);
                    (name, data)
                }
                Entry::Dir(name) => {
                    header.set_entry_type(tar::EntryType::Directory);
                    header.set_mode(0o755);
                    (name, b"")
                }
                Entry::Symlink(name, target) => {
                    header.set_entry_type(tar::EntryType::Symlink);
                    header.set_mode(0o777);
                    header.set_link_name(target).expect("link name");
                    (name, b"")
                }
            };
            header.set_size(data.len() as u64);
            // Write the raw name so that `..` and absolute names survive.
            let bytes = name.as_bytes();
            if bytes.len() <= 100 {
                header.as_old_mut().name[..bytes.len()].copy_from_slice(bytes);
                header.set_cksum();
                builder.append(&header, data).expect("append");
            } else {
                builder
                    .append_data(&mut header, name, data)
                    .expect("append long");
            }
        }
        let tar = builder.into_inner().expect("tar");
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(&tar).expect("gzip");
        gz.finish().expect("gzip")
    }

    const LIMITS: ArchiveLimits = ArchiveLimits {
        max_chart_size: 100 * 1024 * 1024,
        max_file_size: None,
    };

    fn names(bytes: &[u8]) -> Result<Vec<String>, String> {
        read_archive(bytes, LIMITS)
            .map(|files| files.into_iter().map(|f| f.name).collect())
            .map_err(|e| e.message)
    }

    #[test]
    fn strips_the_top_directory_and_cleans() {
        let bytes = tgz(&[
            Entry::Dir("t/"),
            Entry::File("t/Chart.yaml", b"name: t"),
            Entry::File("t/a/./b/../c", b"x"),
            Entry::Symlink("t/link", "/etc/passwd"),
            Entry::File("/abs", b"x"),
        ]);
        assert_eq!(
            names(&bytes).expect("reads"),
            ["Chart.yaml", "a/c", "link", "abs"]
        );
        let files = read_archive(&bytes, LIMITS).expect("reads");
        assert!(files[2].data.is_empty(), "a symlink is an empty file");
    }

    #[test]
    fn refuses_paths_outside_the_chart() {
        // Each message as Helm 3.17.1 printed it for the same archive.
        let cases: [(&str, &str); 6] = [
            ("t/../evil", "chart illegally references parent directory"),
            ("t//abs", "chart illegally contains absolute paths"),
            (
                "Chart.yaml",
                "chart illegally contains content outside the base directory: \"Chart.yaml\"",
            ),
            (
                "t/x/..",
                "chart illegally contains content outside the base directory: \"t/x/..\"",
            ),
            ("t/c:/x", "chart contains illegally named files"),
            (
                "t\\\\win\\\\file",
                "chart illegally contains absolute paths",
            ),
        ];
        for (name, message) in cases {
            let bytes = tgz(&[
                Entry::File("t/Chart.yaml", b"name: t"),
                Entry::File(name, b"x"),
            ]);
            assert_eq!(names(&bytes), Err(message.to_string()), "{name}");
        }
        let bytes = tgz(&[Entry::File("t", b"x")]);
        assert_eq!(
            names(&bytes),
            Err("chart illegally contains content outside the base directory: \"t\"".into())
        );
        let bytes = tgz(&[Entry::File("Chart.yaml/x", b"x")]);
        assert_eq!(
            names(&bytes),
            Err("chart yaml not in base directory".into())
        );
    }

    #[test]
    fn windows_separators_are_normalised() {
        let bytes = tgz(&[Entry::File("t\\templates\\a.yaml", b"x")]);
        assert_eq!(names(&bytes).expect("reads"), ["templates/a.yaml"]);
    }

    #[test]
    fn empty_and_broken_archives() {
        assert_eq!(
            names(&tgz(&[Entry::Dir("t/")])),
            Err("no files in chart archive".into())
        );
        assert_eq!(names(b""), Err("EOF".into()));
        assert_eq!(names(b"notgzip"), Err("unexpected EOF".into()));
        assert_eq!(
            names(b"\x1f\x8b\x08\x00garbage"),
            Err("unexpected EOF".into())
        );
        let err = read_archive(b"not a gzip file at all", LIMITS).expect_err("bad header");
        assert!(err.bad_gzip_header);
        let full = tgz(&[Entry::File("t/Chart.yaml", &[b'x'; 4000])]);
        let truncated = &full[..full.len() / 2];
        assert_eq!(names(truncated), Err("unexpected EOF".into()));
    }

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(bytes).expect("gzip");
        gz.finish().expect("gzip")
    }

    fn tar_of(name: &str, data: &[u8]) -> Vec<u8> {
        let mut builder = tar::Builder::new(Vec::new());
        let mut header = tar::Header::new_gnu();
        header.set_size(data.len() as u64);
        header.set_mode(0o644);
        builder
            .append_data(&mut header, name, data)
            .expect("append");
        builder.into_inner().expect("tar")
    }

    #[test]
    fn reads_stop_where_go_tar_stops() {
        // After the end-of-archive blocks Go reads nothing, so trailing
        // garbage (even a broken second gzip member) goes unnoticed.
        let mut bytes = gzip(&tar_of("t/Chart.yaml", b"name: t"));
        bytes.extend_from_slice(b"\x1f\x8bgarbage");
        assert_eq!(names(&bytes), Ok(vec!["Chart.yaml".to_string()]));
        // Padding cut short is still an error, as reading past it was.
        let tar = tar_of("t/Chart.yaml", b"name: t");
        assert_eq!(
            names(&gzip(&tar[..512 + 100])),
            Err("unexpected EOF".into())
        );
        // A corrupt stream after the first entry is reported when tar
        // needs the bytes it hides.
        let mut two = tar_of("t/Chart.yaml", b"name: t");
        two.truncate(1024);
        two.extend_from_slice(&tar_of("t/values.yaml", &[b'a'; 3000]));
        let mut corrupt = gzip(&two);
        let at = corrupt.len() - 30;
        corrupt[at..].fill(0xff);
        assert!(names(&corrupt).is_err());
    }

    #[test]
    fn bombs_are_refused() {
        let big = vec![0u8; 2 * 1024 * 1024];
        let bytes = tgz(&[
            Entry::File("t/Chart.yaml", b"x"),
            Entry::File("t/big", &big),
        ]);
        assert!(bytes.len() < 64 * 1024, "compresses well");
        let limits = ArchiveLimits {
            max_chart_size: 1024 * 1024,
            max_file_size: None,
        };
        let err = read_archive(&bytes, limits).expect_err("too big");
        assert_eq!(
            err.message,
            "decompressed chart is larger than the maximum size 1048576"
        );
        assert_eq!(err.kind, super::super::ChartErrorKind::TooLarge);
        let limits = ArchiveLimits {
            max_chart_size: 100 * 1024 * 1024,
            max_file_size: Some(5 * 1024 * 1024),
        };
        let huge = vec![0u8; 5 * 1024 * 1024 + 1];
        let bytes = tgz(&[Entry::File("t/big.bin", &huge)]);
        assert_eq!(
            read_archive(&bytes, limits).expect_err("too big").message,
            "decompressed chart file \"t/big.bin\" is larger than the maximum file size 5242880"
        );
    }

    #[test]
    fn bom_is_removed() {
        let bytes = tgz(&[Entry::File("t/README.md", b"\xEF\xBB\xBFbom")]);
        let files = read_archive(&bytes, LIMITS).expect("reads");
        assert_eq!(files[0].data, b"bom");
    }

    #[test]
    fn content_types_as_helm_names_them() {
        assert_eq!(
            ensure_archive("/tmp/cgp/notchart.yaml", b"a: 1\n"),
            Err("file '/tmp/cgp/notchart.yaml' seems to be a YAML file, but expected a gzipped archive".into())
        );
        assert_eq!(
            ensure_archive("/tmp/cgp/notchart.tgz", b"hello\n"),
            Err("file '/tmp/cgp/notchart.tgz' does not appear to be a gzipped archive; got 'application/octet-stream'".into())
        );
        assert_eq!(
            detect_content_type(&[b'a'; 600]),
            "text/plain; charset=utf-8"
        );
        assert_eq!(detect_content_type(b"PK\x03\x04rest"), "application/zip");
        assert!(ensure_archive("x.tgz", b"\x1f\x8b\x08rest").is_ok());
    }

    #[test]
    fn go_path_clean() {
        for (input, out) in [
            ("a/./b/../c", "a/c"),
            ("", "."),
            ("x/..", "."),
            ("../a", "../a"),
            ("a//b/", "a/b"),
            ("/../a", "/a"),
            ("..", ".."),
        ] {
            assert_eq!(clean_path(input), out, "{input}");
        }
    }
}
