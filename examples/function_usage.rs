//! Counts the functions that template files call, for coverage reports:
//! `find CHARTS -path '*/templates/*' -type f | cargo run --example function_usage`.
//! Prints `COUNT NAME` lines, most used first, and marks names missing from
//! chartguard's function map.

use std::collections::BTreeMap;
use std::io::BufRead;

use chartguard::render::HelmVersion;
use chartguard::render::funcs::{FuncOptions, helm_funcs};
use gotemplate::GoVersion;
use gotemplate::ast::{Arg, CommandNode, ListNode, Node, PipeNode};

fn pipe(p: &PipeNode, counts: &mut BTreeMap<String, usize>) {
    for cmd in &p.cmds {
        command(cmd, counts);
    }
}

fn command(c: &CommandNode, counts: &mut BTreeMap<String, usize>) {
    for arg in &c.args {
        match arg {
            Arg::Identifier(id) => *counts.entry(id.ident.to_string()).or_default() += 1,
            Arg::Pipe(p) => pipe(p, counts),
            Arg::Chain(chain) => {
                if let Arg::Pipe(p) = &chain.node {
                    pipe(p, counts);
                }
                if let Arg::Identifier(id) = &chain.node {
                    *counts.entry(id.ident.to_string()).or_default() += 1;
                }
            }
            _ => {}
        }
    }
}

fn list(l: &ListNode, counts: &mut BTreeMap<String, usize>) {
    for node in &l.nodes {
        match node {
            Node::Action(a) => pipe(&a.pipe, counts),
            Node::If(b) | Node::Range(b) | Node::With(b) => {
                pipe(&b.pipe, counts);
                list(&b.list, counts);
                if let Some(e) = &b.else_list {
                    list(e, counts);
                }
            }
            Node::Template(t) => {
                if let Some(p) = &t.pipe {
                    pipe(p, counts);
                }
            }
            _ => {}
        }
    }
}

fn main() {
    let funcs = helm_funcs(&FuncOptions {
        helm_version: HelmVersion::V3,
        seed: Some(0),
    });
    let mut counts = BTreeMap::new();
    let mut files = 0;
    for path in std::io::stdin().lock().lines().map_while(Result::ok) {
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        // Accept any name, so unknown functions are counted rather than refused.
        if let Ok(trees) = gotemplate::parse::parse(&path, &text, GoVersion::Go123, &|_| true) {
            files += 1;
            for tree in trees.values() {
                list(&tree.root, &mut counts);
            }
        }
    }
    let mut rows: Vec<(usize, String)> = counts.into_iter().map(|(k, v)| (v, k)).collect();
    rows.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    println!("{files} files, {} distinct functions", rows.len());
    for (count, name) in rows {
        let known = funcs.contains(&name) || gotemplate::exec::is_builtin_name(&name);
        println!("{count:>7} {name}{}", if known { "" } else { "  MISSING" });
    }
}
