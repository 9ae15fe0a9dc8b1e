//! Where every part of a read document came from: the text of each file it was read from, and
//! which parts were moved on the way (a schema another file defines, bundled under
//! `components`; a Swagger 2.0 `definitions` entry, now under `components/schemas`). Errors
//! and warnings are found in the bundled document and reported where the user wrote them.

use crate::error::{Location, Pointer};

/// The files of one document and the moves made while reading it.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    /// (name as shown in messages, text); the root document is the first.
    files: Vec<(Option<String>, String)>,
    /// Parts of the read document that came from elsewhere, most specific first once sorted.
    moves: Vec<Move>,
}

#[derive(Debug, Clone)]
struct Move {
    /// The part's place in the read document.
    at: Vec<String>,
    file: usize,
    /// Its place in that file.
    from: Vec<String>,
}

impl SourceMap {
    /// A map of one file, the root.
    pub(crate) fn new(name: Option<&str>, text: &str) -> Self {
        SourceMap {
            files: vec![(name.map(str::to_string), text.to_string())],
            moves: Vec::new(),
        }
    }

    /// Registers another file; returns its index.
    pub(crate) fn add_file(&mut self, name: String, text: String) -> usize {
        self.files.push((Some(name), text));
        self.files.len() - 1
    }

    /// Records that the part now at `at` was written at `from` in file `file`.
    pub(crate) fn moved(&mut self, at: &Pointer, file: usize, from: &Pointer) {
        self.moves.push(Move {
            at: at.segments().to_vec(),
            file,
            from: from.segments().to_vec(),
        });
    }

    /// The name of file `file` as shown in messages.
    pub(crate) fn file_name(&self, file: usize) -> Option<&str> {
        self.files.get(file).and_then(|(name, _)| name.as_deref())
    }

    /// Where the node at `pointer` of the read document was written: its file, its pointer
    /// there, and its line.
    pub fn locate(&self, pointer: &str) -> Location {
        let (file, in_file) = self.written_at(pointer);
        let (name, text) = &self.files[file];
        Location {
            file: name.clone(),
            line: super::line_of(text, &in_file),
            pointer: in_file,
        }
    }

    /// The node at `pointer` of file `file`, with its line.
    pub(crate) fn locate_in(&self, file: usize, pointer: &str) -> Location {
        let (name, text) = &self.files[file];
        Location {
            file: name.clone(),
            line: super::line_of(text, pointer),
            pointer: pointer.to_string(),
        }
    }

    /// The file and pointer the node at `pointer` of the read document was written at.
    fn written_at(&self, pointer: &str) -> (usize, String) {
        if self.moves.is_empty() {
            return (0, pointer.to_string());
        }
        let segments = Pointer::parse(pointer);
        let segments = if pointer.is_empty() {
            &[][..]
        } else {
            segments.segments()
        };
        let mut segments = segments.to_vec();
        let mut file = 0;
        // A part can move twice (a Swagger 2.0 definition, then bundled): follow each move
        // back, the longest recorded one that contains the node first.
        for _ in 0..4 {
            let found = self
                .moves
                .iter()
                .filter(|m| segments.starts_with(&m.at))
                .max_by_key(|m| m.at.len());
            let Some(m) = found else { break };
            let in_file: Vec<String> = m
                .from
                .iter()
                .chain(&segments[m.at.len()..])
                .cloned()
                .collect();
            let unchanged = in_file == segments && m.file == file;
            segments = in_file;
            file = m.file;
            if unchanged || file != 0 {
                break;
            }
        }
        let in_file = segments.into_iter().fold(Pointer::root(), |p, s| p.push(s));
        (file, in_file.to_string())
    }

    /// `location` (a pointer into the read document, perhaps with a line already known) with
    /// its file, its pointer in that file and its line filled in.
    pub(crate) fn relocate(&self, location: &Location) -> Location {
        if location.file.is_some() {
            // Located already (an error reading another file names that file).
            return location.clone();
        }
        if location.line.is_some() && location.pointer.is_empty() {
            // A reader error: the line is known, the pointer is not.
            return Location {
                file: self.files[0].0.clone(),
                ..location.clone()
            };
        }
        let found = self.locate(&location.pointer);
        Location {
            line: found.line.or(location.line),
            ..found
        }
    }

    /// `pointer` as the user wrote it: unchanged in the root file, `file#pointer` elsewhere,
    /// and the pointer it was written at when it was moved within the root.
    pub(crate) fn origin(&self, pointer: &str) -> String {
        match self.written_at(pointer) {
            (0, in_file) => in_file,
            (file, in_file) => format!("{}#{in_file}", self.file_name(file).unwrap_or_default()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moved_parts_are_reported_where_they_were_written() {
        let mut map = SourceMap::new(Some("api.yaml"), "openapi: 3.0.3\npaths: {}\n");
        let pet = map.add_file(
            "schemas/pet.yaml".into(),
            "Pet:\n  type: object\n  properties:\n    name: {type: string}\n".into(),
        );
        map.moved(
            &Pointer::parse("/components/schemas/Pet"),
            pet,
            &Pointer::parse("/Pet"),
        );
        let at = map.locate("/components/schemas/Pet/properties/name");
        assert_eq!(at.file.as_deref(), Some("schemas/pet.yaml"));
        assert_eq!(at.pointer, "/Pet/properties/name");
        assert_eq!(at.line, Some(4));
        let root = map.locate("/paths");
        assert_eq!(
            (root.file.as_deref(), root.line),
            (Some("api.yaml"), Some(2))
        );
        assert_eq!(
            map.origin("/components/schemas/Pet"),
            "schemas/pet.yaml#/Pet"
        );
        assert_eq!(map.origin("/paths"), "/paths");
        map.moved(
            &Pointer::parse("/components/schemas/Part"),
            0,
            &Pointer::parse("/paths/~1a/get/responses/200"),
        );
        assert_eq!(
            map.origin("/components/schemas/Part/properties/x"),
            "/paths/~1a/get/responses/200/properties/x"
        );
    }
}
