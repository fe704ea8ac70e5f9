//! Writing annotated articles: JSON Lines, a plain-text table, or HTML.

use std::io::{self, Write};

use newsgaz::annotate::render as html;
use newsgaz::AnnotatedArticle;

use crate::args::OutputFormat;

/// The bytes of one record's output, grown with `try_reserve`.
pub struct Fragment(Vec<u8>);

impl Fragment {
    pub fn into_bytes(self) -> Vec<u8> {
        self.0
    }
}

impl Write for Fragment {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0
            .try_reserve(bytes.len())
            .map_err(|_| io::Error::from(io::ErrorKind::OutOfMemory))?;
        self.0.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Writes records in one format: what comes before the first, each record or error, and
/// what comes after the last.
pub struct Output<W: Write> {
    out: W,
    format: OutputFormat,
}

impl<W: Write> Output<W> {
    /// Starts the output (an HTML page opens here).
    pub fn start(mut out: W, format: OutputFormat) -> io::Result<Output<W>> {
        if let OutputFormat::Html = format {
            out.write_all(html::PAGE_START.as_bytes())?;
        }
        Ok(Output { out, format })
    }

    /// Output for one record alone, without what comes before the first or after the
    /// last: made on the thread that annotated it, then written in order. It grows with
    /// `try_reserve`: a record whose output does not fit in memory fails to write
    /// (`ErrorKind::OutOfMemory`) instead of aborting the run.
    pub fn fragment(format: OutputFormat) -> Output<Fragment> {
        Output {
            out: Fragment(Vec::new()),
            format,
        }
    }

    /// One annotated article.
    pub fn article(&mut self, annotated: &AnnotatedArticle) -> io::Result<()> {
        let out = &mut self.out;
        match self.format {
            OutputFormat::Jsonl => {
                serde_json::to_writer(&mut *out, annotated)?;
                writeln!(out)
            }
            OutputFormat::Html => {
                writeln!(out, "<h2>{}</h2>", html::escape(annotated.source()))?;
                out.write_all(annotated.to_html().as_bytes())
            }
            OutputFormat::Table => write_table(out, annotated),
        }
    }

    /// A record that could not be read: `{"source", "error"}` in its place.
    pub fn error(&mut self, source: &str, error: &str) -> io::Result<()> {
        let line = serde_json::json!({"source": source, "error": error});
        match self.format {
            OutputFormat::Html => writeln!(
                self.out,
                "<p>error: {}</p>",
                html::escape(&line.to_string())
            ),
            _ => writeln!(self.out, "{line}"),
        }
    }

    /// What was written (of a [`Output::fragment`]).
    pub fn into_inner(self) -> W {
        self.out
    }

    /// Writes bytes made by a [`Output::fragment`].
    pub fn bytes(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.out.write_all(bytes)
    }

    /// Ends the output (an HTML page closes here) and flushes it.
    pub fn finish(mut self) -> io::Result<()> {
        if let OutputFormat::Html = self.format {
            self.out.write_all(html::PAGE_END.as_bytes())?;
        }
        self.out.flush()
    }
}

fn write_table(out: &mut impl Write, a: &AnnotatedArticle) -> io::Result<()> {
    let show = |v: Option<usize>| v.map_or("-".to_owned(), |v| v.to_string());
    let text = a.text();
    writeln!(out, "# {} ({} mentions)", a.source(), a.mentions.len())?;
    writeln!(
        out,
        "{:>7} {:>7}  {:<28} {:<24} {:<10} {:<8} para sent",
        "start", "end", "text", "entity", "label", "form"
    )?;
    for m in &a.mentions {
        let entry = a.entry(m.entity());
        let mut flags = String::new();
        if m.in_title {
            flags.push_str(" title");
        }
        if m.in_quote {
            flags.push_str(" quote");
        }
        writeln!(
            out,
            "{:>7} {:>7}  {:<28} {:<24} {:<10} {:<8} {:>4} {:>4}{flags}",
            m.span.start,
            m.span.end,
            m.text(text).replace('\n', " "),
            entry.id,
            entry.label,
            m.form.as_str(),
            show(m.paragraph),
            show(m.sentence)
        )?;
    }
    writeln!(
        out,
        "\n{:<24} {:<10} {:>5} {:>8} {:>8}",
        "entity", "label", "count", "first", "salience"
    )?;
    for e in &a.entities {
        let entry = a.entry(e.entity);
        writeln!(
            out,
            "{:<24} {:<10} {:>5} {:>8} {:>8.3}{}",
            entry.id,
            entry.label,
            e.count,
            e.first,
            e.salience,
            if e.in_title { " title" } else { "" }
        )?;
    }
    if a.quotes().len() > 0 {
        writeln!(out, "\nquotes:")?;
        for q in a.quotes() {
            let speaker = q.speaker.map_or("-".to_owned(), |s| {
                let entity = s.entity.map(|e| a.entry(e).id.as_str());
                format!("{} -> {}", s.span.slice(text), entity.unwrap_or("?"))
            });
            writeln!(
                out,
                "{:>7} {:<40} {speaker}",
                q.span.start,
                q.quote.content.slice(text).replace('\n', " ")
            )?;
        }
    }
    if !a.cooccurrences.is_empty() {
        writeln!(out, "\nsame sentence:")?;
        for c in &a.cooccurrences {
            let (x, y) = (&a.entry(c.a).id, &a.entry(c.b).id);
            writeln!(out, "{:>5}  {x} + {y}", c.count)?;
        }
    }
    Ok(())
}
