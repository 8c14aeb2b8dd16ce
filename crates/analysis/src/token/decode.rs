//! base64url and JSON decoding of token parts, with errors that say which part and where.
use crate::base64::{Alphabet, DecodeError, decode};
use serde_json::Value;

/// Decodes one part to bytes, tolerating padding and the standard base64 alphabet.
pub fn bytes_part(part: &str, name: &str) -> Result<Vec<u8>, String> {
    let trimmed = part.trim_end_matches('=');
    let normal: String = trimmed
        .chars()
        .map(|c| match c {
            '+' => '-',
            '/' => '_',
            c => c,
        })
        .collect();
    if let Some((i, ch)) = normal
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
    {
        let pos = normal[..i].chars().count() + 1;
        return Err(format!(
            "The {name} has a character that is not base64url: {} at character {pos} of the {name}. \
             Something was inserted while copying (a line break, a quote, an ellipsis?).",
            crate::quote::shown(ch.encode_utf8(&mut [0; 4]), '\'')
        ));
    }
    if normal.len() % 4 == 1 {
        return Err(format!(
            "The {name} is {} characters long, which no base64url text can be: the token was probably cut off \
             or a character was lost while copying.",
            normal.len()
        ));
    }
    decode(normal.as_bytes(), Alphabet::UrlSafe).map_err(|e| decode_failure(name, &e))
}

/// The decoder's refusal as a sentence: what failed, what it means, what to do.
/// The alphabet and the length are checked above, so what is left is the last character.
fn decode_failure(name: &str, e: &DecodeError) -> String {
    let what = match e {
        DecodeError::InvalidLastSymbol(_, byte) => format!(
            "its last character, {}, is one no encoder would write there",
            crate::quote::shown(char::from(*byte).encode_utf8(&mut [0; 4]), '\'')
        ),
        DecodeError::InvalidByte(_, _) => "it holds a character base64url doesn't use".to_owned(),
        DecodeError::InvalidLength(_) => "its length is impossible for base64url".to_owned(),
        DecodeError::InvalidPadding => "its = padding is misplaced".to_owned(),
    };
    let meaning = if name == "signature" {
        "so the signature can't be read and nothing can verify the token: a resource will refuse it."
    } else {
        "so the token can't be read as it is."
    };
    format!(
        "The {name} could not be decoded: {what}, {meaning} The token was most likely cut short or changed \
         while copying. Copy it again, whole, from where it came from (the app's log, the browser's network \
         trace) and paste it here."
    )
}

/// Decodes one part to a JSON object.
pub fn json_part(part: &str, name: &str) -> Result<Value, String> {
    if part.is_empty() {
        return Err(format!("The {name} is empty."));
    }
    let bytes = bytes_part(part, name)?;
    let text = std::str::from_utf8(&bytes).map_err(|e| {
        format!(
            "The {name} decodes to bytes that are not UTF-8 text (at byte {}): it is not JSON.",
            e.valid_up_to()
        )
    })?;
    let value: Value = crate::text::json(text).map_err(|e| {
        let (line, column) = e.line_col(text);
        format!(
            "The {name} decodes, but not to valid JSON at line {line}, column {column} of the decoded {name}: {}",
            e.message
        )
    })?;
    if !value.is_object() {
        return Err(format!(
            "The {name} is JSON but not an object; a JWT {name} is always a JSON object."
        ));
    }
    Ok(value)
}

/// Notes about the encoding that don't stop decoding but hint at tampering or copy damage.
pub fn alphabet_notes(pieces: &[&str]) -> Vec<String> {
    let mut notes = Vec::new();
    if pieces.iter().any(|p| p.contains('=')) {
        notes.push(
            "The token has base64 padding (=); JWTs are written without it. It was decoded anyway."
                .to_owned(),
        );
    }
    if pieces.iter().any(|p| p.contains(['+', '/'])) {
        notes.push(
            "The token uses standard base64 characters (+ or /) instead of base64url (- and _). It was decoded \
             anyway, but something re-encoded it on the way."
                .to_owned(),
        );
    }
    notes
}
