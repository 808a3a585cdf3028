//! Reading a membership file in either format: [`MembershipFile::parse`]. Apart from the file's
//! shape ([`super::file`]), so the two readers use that shape without importing what calls them.

use super::file::{FileError, Format, MembershipFile};
use super::{csv_text, toml_text};

impl MembershipFile {
    /// Reads `text` in `format`. `name` is how errors name the file. Every error found is returned,
    /// not only the first.
    pub fn parse(name: &str, text: &str, format: Format) -> Result<MembershipFile, Vec<FileError>> {
        match format {
            Format::Toml => toml_text::parse(name, text),
            Format::Csv => csv_text::parse(name, text),
        }
    }
}
