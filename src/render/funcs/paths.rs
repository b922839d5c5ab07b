//! Sprig's path functions: `base`, `dir`, `ext`, `clean`, `isAbs` are Go's
//! `path` package, the `os*` variants its `path/filepath` package. Helm runs
//! on Linux here, where filepath uses `/` and has no volume names, so both
//! sets compute the same thing.

use gotemplate::{FuncMap, ParamType, Signature, Value};

use super::FuncOptions;

pub fn register(funcs: &mut FuncMap, options: &FuncOptions) {
    let _ = options;
    const STRING: Signature = Signature::fixed(&[ParamType::String]);
    let text = |args: &[Value]| args[0].as_str().unwrap_or("").to_string();
    for (name, os_name) in [
        ("base", "osBase"),
        ("dir", "osDir"),
        ("ext", "osExt"),
        ("clean", "osClean"),
    ] {
        let f: fn(&str) -> String = match name {
            "base" => base,
            "dir" => dir,
            "ext" => |p| ext(p).to_string(),
            _ => clean,
        };
        for registered in [name, os_name] {
            funcs.insert_plain(registered, STRING, move |args| {
                Ok(Value::from(f(&text(&args))))
            });
        }
    }
    for name in ["isAbs", "osIsAbs"] {
        funcs.insert_plain(name, STRING, move |args| {
            Ok(Value::from(is_abs(&text(&args))))
        });
    }
}

/// `path.Clean`: the shortest equivalent path, lexically (`..` above the
/// root is dropped, `..` above a relative start is kept); "" becomes ".".
pub fn clean(path: &str) -> String {
    if path.is_empty() {
        return ".".to_string();
    }
    let p = path.as_bytes();
    let n = p.len();
    let rooted = p[0] == b'/';
    // Go's lazybuf: `w` is the output length; bytes past it stay readable,
    // which the `..` backtracking relies on.
    let mut buf: Vec<u8> = Vec::with_capacity(n);
    let mut w = 0;
    let put = |buf: &mut Vec<u8>, w: &mut usize, c: u8| {
        if *w < buf.len() {
            buf[*w] = c;
        } else {
            buf.push(c);
        }
        *w += 1;
    };
    let (mut r, mut dotdot) = (0, 0);
    if rooted {
        put(&mut buf, &mut w, b'/');
        r = 1;
        dotdot = 1;
    }
    while r < n {
        if p[r] == b'/' || (p[r] == b'.' && (r + 1 == n || p[r + 1] == b'/')) {
            // An empty or "." element.
            r += 1;
        } else if p[r] == b'.' && p[r + 1] == b'.' && (r + 2 == n || p[r + 2] == b'/') {
            r += 2;
            if w > dotdot {
                w -= 1;
                while w > dotdot && buf[w] != b'/' {
                    w -= 1;
                }
            } else if !rooted {
                if w > 0 {
                    put(&mut buf, &mut w, b'/');
                }
                put(&mut buf, &mut w, b'.');
                put(&mut buf, &mut w, b'.');
                dotdot = w;
            }
        } else {
            if (rooted && w != 1) || (!rooted && w != 0) {
                put(&mut buf, &mut w, b'/');
            }
            while r < n && p[r] != b'/' {
                put(&mut buf, &mut w, p[r]);
                r += 1;
            }
        }
    }
    if w == 0 {
        return ".".to_string();
    }
    buf.truncate(w);
    // Whole segments were copied, cut at ASCII '/', so this is valid UTF-8.
    crate::text::lossy_owned(buf)
}

/// `path.Base`: the last element, trailing slashes ignored; "" gives ".",
/// all slashes give "/".
pub fn base(path: &str) -> String {
    if path.is_empty() {
        return ".".to_string();
    }
    let trimmed = path.trim_end_matches('/');
    let last = match trimmed.rfind('/') {
        Some(i) => &trimmed[i + 1..],
        None => trimmed,
    };
    if last.is_empty() {
        "/".to_string()
    } else {
        last.to_string()
    }
}

/// `path.Dir`: everything before the last slash, cleaned.
pub fn dir(path: &str) -> String {
    let head = match path.rfind('/') {
        Some(i) => &path[..=i],
        None => "",
    };
    clean(head)
}

/// `path.Ext`: from the last dot of the last element, or "".
pub fn ext(path: &str) -> &str {
    for (i, c) in path.bytes().enumerate().rev() {
        if c == b'/' {
            break;
        }
        if c == b'.' {
            return &path[i..];
        }
    }
    ""
}

/// `path.IsAbs`.
pub fn is_abs(path: &str) -> bool {
    path.starts_with('/')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_helm() {
        // Helm 3.17.1 and 4.1.4 print these for base/dir/ext/clean/isAbs.
        assert_eq!(base(""), ".");
        assert_eq!(base("/"), "/");
        assert_eq!(base("a/b/"), "b");
        assert_eq!(base("//"), "/");
        assert_eq!(base("a"), "a");
        assert_eq!(base("/x/y.txt"), "y.txt");
        assert_eq!(dir(""), ".");
        assert_eq!(dir("/"), "/");
        assert_eq!(dir("a/b/"), "a/b");
        assert_eq!(dir("a"), ".");
        assert_eq!(dir("/a/../b/c"), "/b");
        assert_eq!(dir("x//y/"), "x/y");
        assert_eq!(ext("a.tar.gz"), ".gz");
        assert_eq!(ext("a/b.c/d"), "");
        assert_eq!(ext("."), ".");
        assert_eq!(ext("a."), ".");
        assert_eq!(ext(".bashrc"), ".bashrc");
        assert_eq!(clean(""), ".");
        assert_eq!(clean("a//b/./../c/"), "a/c");
        assert_eq!(clean("/../a"), "/a");
        assert_eq!(clean("../../a/.."), "../..");
        assert_eq!(clean("//a/"), "/a");
        assert!(is_abs("/a"));
        assert!(!is_abs("a"));
        assert!(!is_abs(""));
        assert!(!is_abs("C:\\x"));
    }

    #[test]
    fn clean_edge_cases() {
        // From Go's path package tests.
        let rows = [
            ("abc", "abc"),
            ("abc/def/..", "abc"),
            ("abc/def/../..", "."),
            ("abc/def/../../..", ".."),
            ("/abc/def/../../..", "/"),
            ("abc/./../def", "def"),
            ("../abc", "../abc"),
            (".", "."),
            ("./", "."),
            ("/./", "/"),
            ("..", ".."),
            ("../..", "../.."),
            ("a/../../b", "../b"),
            ("/..", "/"),
            ("..a/b", "..a/b"),
            ("é/./ü/", "é/ü"),
        ];
        for (input, want) in rows {
            assert_eq!(clean(input), want, "{input}");
        }
    }
}
