//! The shipped font family (Liberation Sans, SIL OFL 1.1), embedded in the binary.

use krilla::text::Font;

use crate::error::PdfError;

static REGULAR: &[u8] = include_bytes!("../fonts/LiberationSans-Regular.ttf");
static BOLD: &[u8] = include_bytes!("../fonts/LiberationSans-Bold.ttf");
static ITALIC: &[u8] = include_bytes!("../fonts/LiberationSans-Italic.ttf");

/// A text style.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Style {
    Regular,
    Bold,
    Italic,
}

/// One face: the krilla font for drawing and the rustybuzz face for shaping.
pub struct Face {
    pub font: Font,
    pub shaper: rustybuzz::Face<'static>,
    pub units_per_em: f32,
    /// The shaping plan for left-to-right Latin text, built once: building a plan per call
    /// cost more than a third of the shaping time.
    pub plan: rustybuzz::ShapePlan,
}

impl Face {
    fn load(data: &'static [u8], name: &str) -> Result<Self, PdfError> {
        let font = Font::new(data.into(), 0)
            .ok_or_else(|| PdfError::Font(format!("{name} kunde inte läsas")))?;
        let shaper = rustybuzz::Face::from_slice(data, 0)
            .ok_or_else(|| PdfError::Font(format!("{name} kunde inte formas")))?;
        let units_per_em = shaper.units_per_em() as f32;
        let plan = rustybuzz::ShapePlan::new(
            &shaper,
            rustybuzz::Direction::LeftToRight,
            Some(rustybuzz::script::LATIN),
            None,
            &[],
        );
        Ok(Self {
            font,
            shaper,
            units_per_em,
            plan,
        })
    }
}

/// The family used in every document.
pub struct Fonts {
    pub regular: Face,
    pub bold: Face,
    pub italic: Face,
}

impl Fonts {
    pub fn load() -> Result<Self, PdfError> {
        Ok(Self {
            regular: Face::load(REGULAR, "LiberationSans-Regular")?,
            bold: Face::load(BOLD, "LiberationSans-Bold")?,
            italic: Face::load(ITALIC, "LiberationSans-Italic")?,
        })
    }

    pub fn face(&self, style: Style) -> &Face {
        match style {
            Style::Regular => &self.regular,
            Style::Bold => &self.bold,
            Style::Italic => &self.italic,
        }
    }
}
