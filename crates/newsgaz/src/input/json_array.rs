//! A JSON array read one element at a time: the bytes of each top-level element are cut
//! out as they stream past (tracking strings, escapes and nesting), so that an array of a
//! million articles is parsed element by element, on the threads of a batch, in memory
//! that does not grow with it. The elements themselves are parsed (and their errors
//! found) by serde_json afterwards.

use std::io::BufRead;

/// What comes next in the array.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Step {
    /// The bytes of one element, white space trimmed; empty for `[1,,2]` or `[1,]`,
    /// which the caller reports as an error in the element's place.
    Element(Vec<u8>),
    /// An element past the size cap, skipped, never held; `offset` is where it starts
    /// (bytes after the array's `[`).
    TooLarge { offset: u64 },
    /// The input breaks the array's shape here (the message says how); nothing follows.
    Malformed(String),
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Inside the array, before an element or its `]`.
    #[default]
    Elements,
    /// The `]` is read: only white space may follow.
    Closed,
    /// Nothing more to read.
    Done,
}

/// Reads the elements of the array that a reader is positioned in (its `[` consumed).
#[derive(Debug, Default)]
pub(super) struct ArraySplitter {
    state: State,
    /// Elements handed out so far.
    elements: usize,
    /// Bytes read after the `[`.
    consumed: u64,
}

impl ArraySplitter {
    /// Elements handed out so far.
    pub(super) fn elements(&self) -> usize {
        self.elements
    }

    /// The next element (of at most `cap` bytes), or what is wrong; `None` once the
    /// array and the input end.
    pub(super) fn next<R: BufRead>(
        &mut self,
        reader: &mut R,
        cap: u64,
    ) -> std::io::Result<Option<Step>> {
        match self.state {
            State::Done => Ok(None),
            State::Closed => {
                self.state = State::Done;
                Ok(self.trailing(reader)?.map(Step::Malformed))
            }
            State::Elements => self.element(reader, cap),
        }
    }

    fn element<R: BufRead>(&mut self, reader: &mut R, cap: u64) -> std::io::Result<Option<Step>> {
        let start = self.consumed;
        let mut element = Vec::new();
        // Past the cap the element's bytes are scanned for its end but not kept.
        let mut too_large = false;
        let (mut depth, mut in_string, mut escape) = (0usize, false, false);
        loop {
            let buf = reader.fill_buf()?;
            if buf.is_empty() {
                self.state = State::Done;
                return Ok(Some(Step::Malformed("the array is not closed".into())));
            }
            let mut used = 0;
            let mut ended_by = None;
            for &b in buf {
                used += 1;
                if in_string {
                    if escape {
                        escape = false;
                    } else if b == b'\\' {
                        escape = true;
                    } else if b == b'"' {
                        in_string = false;
                    }
                } else {
                    match b {
                        b'"' => in_string = true,
                        b'[' | b'{' => depth += 1,
                        b']' | b'}' if depth > 0 => depth -= 1,
                        b']' | b',' if depth == 0 => {
                            ended_by = Some(b);
                            break;
                        }
                        _ => {}
                    }
                }
                if !too_large {
                    element.push(b);
                    if element.len() as u64 > cap {
                        too_large = true;
                        element = Vec::new();
                    }
                }
            }
            reader.consume(used);
            self.consumed += used as u64;
            let Some(end) = ended_by else { continue };
            if too_large {
                if end == b']' {
                    self.state = State::Closed;
                }
                self.elements += 1;
                return Ok(Some(Step::TooLarge { offset: start }));
            }
            let trimmed = trim(&element);
            if end == b']' {
                self.state = State::Closed;
                if trimmed.is_empty() && self.elements == 0 {
                    // `[]`: no element at all.
                    return self.next(reader, cap);
                }
            }
            self.elements += 1;
            return Ok(Some(Step::Element(trimmed.to_vec())));
        }
    }

    /// What is wrong with the input after the array's `]`, if anything.
    fn trailing<R: BufRead>(&mut self, reader: &mut R) -> std::io::Result<Option<String>> {
        loop {
            let buf = reader.fill_buf()?;
            if buf.is_empty() {
                return Ok(None);
            }
            if buf.iter().any(|b| !b.is_ascii_whitespace()) {
                return Ok(Some("text after the array's closing `]`".into()));
            }
            let n = buf.len();
            reader.consume(n);
        }
    }
}

fn trim(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(start, |e| e + 1);
    &bytes[start..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn steps(input: &str, buffer: usize) -> Vec<Result<String, String>> {
        steps_capped(input, buffer, u64::MAX)
    }

    fn steps_capped(input: &str, buffer: usize, cap: u64) -> Vec<Result<String, String>> {
        let mut reader = std::io::BufReader::with_capacity(buffer, input.as_bytes());
        let mut splitter = ArraySplitter::default();
        let mut out = Vec::new();
        while let Some(step) = splitter.next(&mut reader, cap).unwrap() {
            out.push(match step {
                Step::Element(bytes) => Ok(String::from_utf8(bytes).unwrap()),
                Step::TooLarge { offset } => Err(format!("too large at {offset}")),
                Step::Malformed(m) => Err(m),
            });
        }
        out
    }

    #[test]
    fn an_element_past_the_cap_is_skipped_not_held_and_the_next_is_read() {
        for buffer in [1, 3, 64] {
            let got = steps_capped(r#"{"a": 1}, {"text": "long, [long]"}, 2]"#, buffer, 10);
            let want: Vec<Result<String, String>> = vec![
                Ok(r#"{"a": 1}"#.into()),
                Err("too large at 9".into()),
                Ok("2".into()),
            ];
            assert_eq!(got, want, "buffer {buffer}");
            // The last element, ended by `]`.
            assert_eq!(
                steps_capped(r#"1, "a very long one"]"#, buffer, 8),
                vec![Ok("1".into()), Err("too large at 2".into())]
            );
        }
    }

    #[test]
    fn elements_are_cut_at_top_level_commas_whatever_the_buffer() {
        let input = r#" {"text": "a, [b] \"c\" ]"} , [1, {"x": "}"}], "s\\" ,
            3 ]  
"#;
        let want: Vec<Result<String, String>> = vec![
            Ok(r#"{"text": "a, [b] \"c\" ]"}"#.into()),
            Ok(r#"[1, {"x": "}"}]"#.into()),
            Ok(r#""s\\""#.into()),
            Ok("3".into()),
        ];
        for buffer in [1, 2, 3, 7, 64, 4096] {
            assert_eq!(steps(input, buffer), want, "buffer {buffer}");
        }
    }

    #[test]
    fn shapes_that_break_the_array_are_reported_in_place() {
        let cases: [(&str, &[Result<&str, &str>]); 6] = [
            ("]", &[]),
            (" ] \n", &[]),
            ("1,,2]", &[Ok("1"), Ok(""), Ok("2")]),
            ("1,]", &[Ok("1"), Ok("")]),
            ("1, 2", &[Ok("1"), Err("the array is not closed")]),
            (
                "1] x",
                &[Ok("1"), Err("text after the array's closing `]`")],
            ),
        ];
        for (input, want) in cases {
            let want: Vec<Result<String, String>> = want
                .iter()
                .map(|s| s.map(str::to_owned).map_err(str::to_owned))
                .collect();
            assert_eq!(steps(input, 3), want, "{input:?}");
        }
    }
}
