//! The hostile corpus: files made to exhaust or fool a PDF signature verifier. Generated, not
//! committed (some are 19 MB). Used by the in-process tests of `justera-sign` and by the HTTP
//! tests of the `justera` binary (`crates/cli/tests/hostile.rs`), and written to a folder by
//! `cargo run -p justera-sign --example hostile_corpus -- DIR`.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::write_with_newline,
    clippy::double_ended_iterator_last
)]

use std::io::Write;

/// A named hostile file.
pub struct Case {
    pub name: &'static str,
    pub bytes: Vec<u8>,
}

/// A syntactically complete PDF around `objects` (object 1 is the catalog, 2 the page tree),
/// with a correct cross-reference table; `extra_trailer` goes into the trailer dictionary.
pub fn wrap(objects: &[Vec<u8>], extra_trailer: &str) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    let all: Vec<Vec<u8>> = [
        b"<</Type/Catalog/Pages 2 0 R>>".to_vec(),
        b"<</Type/Pages/Kids[]/Count 0>>".to_vec(),
    ]
    .into_iter()
    .chain(objects.iter().cloned())
    .collect();
    for (i, body) in all.iter().enumerate() {
        offsets.push(out.len());
        write!(out, "{} 0 obj\n", i + 1).unwrap();
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    write!(out, "xref\n0 {}\n0000000000 65535 f \n", all.len() + 1).unwrap();
    for o in &offsets {
        write!(out, "{o:010} 00000 n \n").unwrap();
    }
    write!(
        out,
        "trailer\n<</Size {}/Root 1 0 R{extra_trailer}>>\nstartxref\n{xref}\n%%EOF\n",
        all.len() + 1
    )
    .unwrap();
    out
}

fn flate(data_len: usize) -> Vec<u8> {
    let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    let chunk = vec![0u8; 1 << 20];
    let mut left = data_len;
    while left > 0 {
        let n = left.min(chunk.len());
        enc.write_all(&chunk[..n]).unwrap();
        left -= n;
    }
    enc.finish().unwrap()
}

fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut out = format!("<<{dict}/Length {}>>stream\n", data.len()).into_bytes();
    out.extend_from_slice(data);
    out.extend_from_slice(b"\nendstream");
    out
}

/// Files that must be refused as too complex or unreadable, whatever is signed in them.
pub fn bombs() -> Vec<Case> {
    let mut cases = Vec::new();
    // 9.5 million elements in one array: 19 MB.
    let mut huge = Vec::with_capacity(19 * 1024 * 1024);
    huge.push(b'[');
    for _ in 0..9_500_000 {
        huge.extend_from_slice(b"0 ");
    }
    huge.push(b']');
    cases.push(Case {
        name: "huge-array",
        bytes: wrap(&[huge], ""),
    });
    // 1.5 million keys in one dictionary.
    let mut dict = b"<<".to_vec();
    for i in 0..1_500_000u32 {
        write!(dict, "/k{i} 0").unwrap();
    }
    dict.extend_from_slice(b">>");
    cases.push(Case {
        name: "huge-dictionary",
        bytes: wrap(&[dict], ""),
    });
    // Many objects of moderate arrays: the total budget, not the per-container one.
    let many: Vec<Vec<u8>> = (0..60)
        .map(|_| {
            let mut a = b"[".to_vec();
            for _ in 0..40_000 {
                a.extend_from_slice(b"1 ");
            }
            a.push(b']');
            a
        })
        .collect();
    cases.push(Case {
        name: "many-large-arrays",
        bytes: wrap(&many, ""),
    });
    // Deep nesting.
    let deep = [b"[".repeat(100_000), b"]".repeat(100_000)].concat();
    cases.push(Case {
        name: "deep-nesting",
        bytes: wrap(&[deep], ""),
    });
    let deep_dict = [b"<</a ".repeat(50_000), b">>".repeat(50_000)].concat();
    cases.push(Case {
        name: "deep-dictionaries",
        bytes: wrap(&[deep_dict], ""),
    });
    // 900,000 cross-reference entries.
    let mut xref_bomb = b"%PDF-1.7\n1 0 obj\n<</Type/Catalog>>\nendobj\n".to_vec();
    let at = xref_bomb.len();
    xref_bomb.extend_from_slice(b"xref\n0 900000\n");
    for _ in 0..900_000 {
        xref_bomb.extend_from_slice(b"0000000009 00000 n \n");
    }
    write!(
        xref_bomb,
        "trailer\n<</Size 900000/Root 1 0 R>>\nstartxref\n{at}\n%%EOF\n"
    )
    .unwrap();
    cases.push(Case {
        name: "xref-entries",
        bytes: xref_bomb,
    });
    // A cross-reference subsection that claims a billion entries.
    let mut claim = wrap(&[], "");
    let text = String::from_utf8_lossy(&claim).into_owned();
    claim = text
        .replacen("xref\n0 3\n", "xref\n0 1000000000\n", 1)
        .into_bytes();
    cases.push(Case {
        name: "xref-claims-a-billion",
        bytes: claim,
    });
    // An object stream that inflates to 1 GiB.
    let objstm = stream(
        "/Type/ObjStm/N 1/First 8/Filter/FlateDecode",
        &flate(1 << 30),
    );
    cases.push(Case {
        name: "object-stream-bomb",
        bytes: wrap(&[objstm], ""),
    });
    // A cross-reference stream that inflates to 256 MiB.
    let xrefstm = stream(
        "/Type/XRef/W[1 4 2]/Size 3/Filter/FlateDecode",
        &flate(256 << 20),
    );
    cases.push(Case {
        name: "xref-stream-bomb",
        bytes: wrap(&[xrefstm], ""),
    });
    // A content stream that inflates to 1 GiB (the verifier never needs to inflate it).
    let content = stream("/Filter/FlateDecode", &flate(1 << 30));
    cases.push(Case {
        name: "content-flate-bomb",
        bytes: wrap(&[content], ""),
    });
    // /Prev pointing at its own section, and at a section hidden in a string.
    let mut prev_loop = wrap(&[], "");
    let xref_at = String::from_utf8_lossy(&prev_loop)
        .rfind("startxref\n")
        .map(|p| {
            String::from_utf8_lossy(&prev_loop)[p + 10..]
                .lines()
                .next()
                .unwrap()
                .to_owned()
        })
        .unwrap();
    prev_loop = wrap(&[], &format!("/Prev {xref_at}"));
    cases.push(Case {
        name: "prev-loop",
        bytes: prev_loop,
    });
    let hidden = b"(xref\n0 900000\n)".to_vec();
    let mut prev_hidden = wrap(&[hidden], "/Prev 30");
    let pos = prev_hidden.windows(5).position(|w| w == b"(xref").unwrap() + 1;
    let text = String::from_utf8_lossy(&prev_hidden).into_owned();
    prev_hidden = text
        .replace("/Prev 30", &format!("/Prev {pos}"))
        .into_bytes();
    cases.push(Case {
        name: "prev-into-string",
        bytes: prev_hidden,
    });
    // An object hidden in a stream's data that the table points to.
    let inner = format!("4 0 obj [{}] endobj", "0 ".repeat(200_000));
    let hiding = stream("", inner.as_bytes());
    let mut pointed = wrap(&[hiding, b"null".to_vec()], "");
    let inner_at = pointed.windows(7).position(|w| w == b"4 0 obj").unwrap();
    let text = String::from_utf8_lossy(&pointed).into_owned();
    let last_entry = text
        .lines()
        .filter(|l| l.ends_with(" n "))
        .last()
        .unwrap()
        .to_owned();
    pointed = text
        .replacen(&last_entry, &format!("{inner_at:010} 00000 n "), 1)
        .into_bytes();
    cases.push(Case {
        name: "xref-into-stream",
        bytes: pointed,
    });
    // Garbage after the header.
    let mut garbage = b"%PDF-1.7\n".to_vec();
    let mut x: u32 = 12345;
    for _ in 0..200_000 {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
        garbage.push((x >> 16) as u8);
    }
    cases.push(Case {
        name: "random-after-header",
        bytes: garbage,
    });
    cases.push(Case {
        name: "header-only",
        bytes: b"%PDF-1.7\n".to_vec(),
    });
    cases
}

/// The signature's /Contents of `signed` with its hole rewritten: `f(hex)` returns the new
/// text of the same length.
fn rewrite_hole(signed: &[u8], f: impl Fn(&[u8]) -> Vec<u8>) -> Vec<u8> {
    let key = signed
        .windows(10)
        .rposition(|w| w == b"/Contents<" || w == b"/Contents ")
        .expect("a /Contents");
    let open = key + signed[key..].iter().position(|b| *b == b'<').unwrap();
    let close = open + signed[open..].iter().position(|b| *b == b'>').unwrap();
    let mut out = signed.to_vec();
    let new = f(&signed[open + 1..close]);
    assert_eq!(new.len(), close - open - 1);
    out[open + 1..close].copy_from_slice(&new);
    out
}

/// Files made from a genuine signed protocol that must not verify as all well.
pub fn forgeries(signed: &[u8]) -> Vec<Case> {
    let mut cases = Vec::new();
    // Text in the zero padding that ends the signature dictionary early, with the attacker's
    // role and time.
    cases.push(Case {
        name: "forged-padding",
        bytes: rewrite_hole(signed, |hex| {
            let used = hex.iter().rposition(|b| *b != b'0').map_or(0, |p| p + 1);
            let used = used + used % 2;
            let forged = b">/M(D:20200101000000+00'00')/Reason(Kommunchef)>>endobj %";
            let mut out = hex.to_vec();
            out[used..used + forged.len()].copy_from_slice(forged);
            out
        }),
    });
    // A DER length that claims four gigabytes.
    cases.push(Case {
        name: "der-length-bomb",
        bytes: rewrite_hole(signed, |hex| {
            let mut out = hex.to_vec();
            out[..10].copy_from_slice(b"3084FFFFFF");
            out
        }),
    });
    cases.push(Case {
        name: "der-indefinite",
        bytes: rewrite_hole(signed, |hex| {
            let mut out = hex.to_vec();
            out[..4].copy_from_slice(b"3080");
            out
        }),
    });
    // A second signature dictionary appended after the real one, reusing its byte range and
    // contents with another role.
    {
        let text = String::from_utf8_lossy(signed).into_owned();
        let br = text.rfind("/ByteRange").unwrap();
        let br_end = br + text[br..].find(']').unwrap() + 1;
        let byte_range = &text[br..br_end];
        let key = text.rfind("/Contents").unwrap();
        let open = key + text[key..].find('<').unwrap();
        let close = open + text[open..].find('>').unwrap() + 1;
        let contents = &text[open..close];
        let mut out = signed.to_vec();
        let obj_at = out.len();
        write!(
            out,
            "9999 0 obj\n<</Type/Sig/Filter/Adobe.PPKLite/SubFilter/ETSI.CAdES.detached{byte_range}/Contents{contents}/Reason(Kommunchef)/M(D:20200101000000+00'00')>>\nendobj\n"
        )
        .unwrap();
        let prev = text
            .rfind("startxref")
            .map(|p| text[p + 10..].lines().next().unwrap().trim().to_owned())
            .unwrap();
        let xref = out.len();
        write!(
            out,
            "xref\n9999 1\n{obj_at:010} 00000 n \ntrailer\n<</Size 10000/Root 1 0 R/Prev {prev}>>\nstartxref\n{xref}\n%%EOF\n"
        )
        .unwrap();
        cases.push(Case {
            name: "copied-signature-dictionary",
            bytes: out,
        });
    }
    // One byte of the signed content changed.
    {
        let mut out = signed.to_vec();
        let at = out.len() / 3;
        out[at] ^= 0x01;
        cases.push(Case {
            name: "one-byte-changed",
            bytes: out,
        });
    }
    // Truncations at 42 points.
    for i in 1..=42 {
        let end = signed.len() * i / 43;
        cases.push(Case {
            name: "truncated",
            bytes: signed[..end].to_vec(),
        });
    }
    cases
}
