//! The protocol as plain text in the seed protocol's layout (`justera show`).

use super::view::{ProtocolView, SectionBody};

const LABEL: usize = 30;

struct Out {
    lines: Vec<String>,
}

impl Out {
    fn line(&mut self, s: impl Into<String>) {
        self.lines.push(s.into());
    }

    fn blank(&mut self) {
        if self.lines.last().is_some_and(|l| !l.is_empty()) {
            self.lines.push(String::new());
        }
    }

    /// A label in the left column and values below each other in the right column.
    fn labelled(&mut self, label: &str, values: &[String]) {
        for (i, v) in values.iter().enumerate() {
            let l = if i == 0 { label } else { "" };
            let pad = LABEL.saturating_sub(l.chars().count()).max(1);
            self.lines
                .push(format!("{l}{}{v}", " ".repeat(pad)).trim_end().to_owned());
        }
    }

    fn rule(&mut self) {
        self.blank();
        self.line("—".repeat(40));
        self.blank();
    }
}

/// Renders the view as plain text.
pub fn render(view: &ProtocolView) -> String {
    let mut out = Out { lines: Vec::new() };
    out.line(&view.organization);
    out.line(&view.body);
    out.line("SAMMANTRÄDESPROTOKOLL");
    out.line(format!("Sammanträdesdatum {}", view.date_label));
    if let Some(notice) = &view.copy_notice {
        out.blank();
        out.line(notice);
    }
    for section in &view.front {
        out.blank();
        if let Some(h) = &section.heading {
            out.line(h);
            out.blank();
        }
        for row in &section.rows {
            out.labelled(&row.label, &row.values);
        }
    }
    out.blank();
    out.line("Underskrifter");
    for group in &view.signatures {
        out.blank();
        out.line(&group.heading);
        for s in &group.signers {
            out.labelled(&s.role, &[s.status.clone(), s.name.clone()]);
        }
    }
    for p in &view.paragraphs {
        out.rule();
        out.line(format!("§ {}", p.number));
        out.blank();
        out.line(&p.title);
        for line in &p.head_lines {
            out.blank();
            out.line(line);
        }
        for section in &p.sections {
            out.blank();
            out.line(&section.heading);
            match &section.body {
                SectionBody::Text(items) | SectionBody::List(items) => {
                    for item in items {
                        out.blank();
                        out.line(item.trim());
                    }
                }
                SectionBody::Votes(votes) => {
                    for (i, v) in votes.iter().enumerate() {
                        if i > 0 {
                            out.blank();
                            out.line(&section.heading);
                        }
                        out.blank();
                        out.line(&v.heading);
                        out.blank();
                        out.line(&v.tally);
                        out.blank();
                        for (name, ballot) in &v.rows {
                            let pad = 40usize.saturating_sub(name.chars().count()).max(1);
                            out.line(format!("{name}{}{ballot}", " ".repeat(pad)));
                        }
                    }
                }
            }
        }
    }
    for proof in &view.proofs {
        out.rule();
        out.line(&proof.heading);
        for line in &proof.lines {
            out.blank();
            out.line(line);
        }
    }
    let mut text = out.lines.join("\n");
    text.push('\n');
    text
}
