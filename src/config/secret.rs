//! Where a secret comes from: the config value itself, `env:VAR` or
//! `file:PATH`. Resolved once at startup; the result is [`Sensitive`] so it
//! cannot be printed, and errors name the source, never the value.

use crate::sensitive::Sensitive;

use super::ConfigError;

/// Looks up an environment variable (injected so tests need not touch the
/// process environment).
pub type EnvLookup<'a> = &'a dyn Fn(&str) -> Option<String>;

/// Resolves a secret reference written at `field`: `env:VAR` reads the
/// variable, `file:PATH` reads the file (trailing newline dropped), anything
/// else is the secret itself.
pub(crate) fn resolve(
    field: &str,
    reference: &str,
    env: EnvLookup<'_>,
) -> Result<Sensitive<String>, ConfigError> {
    if let Some(var) = reference.strip_prefix("env:") {
        return env(var)
            .filter(|v| !v.is_empty())
            .map(Sensitive::new)
            .ok_or_else(|| {
                ConfigError::invalid(field, format!("environment variable {var} is not set"))
            });
    }
    if let Some(path) = reference.strip_prefix("file:") {
        let text = std::fs::read_to_string(path)
            .map_err(|e| ConfigError::invalid(field, format!("cannot read {path}: {e}")))?;
        let text = text.trim_end_matches(['\n', '\r']).to_owned();
        if text.is_empty() {
            return Err(ConfigError::invalid(field, format!("{path} is empty")));
        }
        return Ok(Sensitive::new(text));
    }
    if reference.is_empty() {
        return Err(ConfigError::invalid(field, "empty secret"));
    }
    Ok(Sensitive::new(reference.to_owned()))
}

/// Decodes a 32-byte master key written as 64 hex digits or standard /
/// URL-safe base64 (padding optional).
pub(crate) fn decode_key32(field: &str, text: &str) -> Result<Sensitive<[u8; 32]>, ConfigError> {
    let text = text.trim();
    let bytes = if text.len() == 64 && text.bytes().all(|b| b.is_ascii_hexdigit()) {
        decode_hex(text)
    } else {
        crate::b64::decode_lenient(text.as_bytes())
    };
    let bytes = bytes.ok_or_else(|| ConfigError::invalid(field, "not hex or base64"))?;
    let key: [u8; 32] = bytes
        .try_into()
        .map_err(|_| ConfigError::invalid(field, "must decode to exactly 32 bytes"))?;
    Ok(Sensitive::new(key))
}

/// Lowercase or uppercase hex of even length.
pub(crate) fn decode_hex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    text.as_bytes()
        .chunks(2)
        .map(|pair| {
            let hi = (pair[0] as char).to_digit(16)?;
            let lo = (pair[1] as char).to_digit(16)?;
            u8::try_from(hi * 16 + lo).ok()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_resolve_from_env_file_or_literal() {
        let env = |k: &str| (k == "K").then(|| "sk-from-env".to_owned());
        assert_eq!(resolve("f", "env:K", &env).unwrap().expose(), "sk-from-env");
        assert_eq!(resolve("f", "literal", &env).unwrap().expose(), "literal");
        let err = resolve("tenants[0].provider_keys.openai", "env:MISSING", &env).unwrap_err();
        assert!(
            err.to_string().contains("tenants[0].provider_keys.openai"),
            "{err}"
        );
        assert!(err.to_string().contains("MISSING"), "{err}");
    }

    #[test]
    fn keys_decode_from_hex_and_base64_only_at_32_bytes() {
        let hex = "00".repeat(31) + "ff";
        assert_eq!(decode_key32("k", &hex).unwrap().expose()[31], 0xff);
        // 32 bytes of 0xfb in standard base64, with and without padding.
        let b64 = "+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/s=";
        assert_eq!(decode_key32("k", b64).unwrap().expose(), &[0xfb; 32]);
        assert_eq!(
            decode_key32("k", b64.trim_end_matches('='))
                .unwrap()
                .expose(),
            &[0xfb; 32]
        );
        let err = decode_key32("master_key", "c2hvcnQ=").unwrap_err();
        assert!(err.to_string().contains("32 bytes"), "{err}");
        assert!(decode_key32("k", "not base64!").is_err());
    }

    #[test]
    fn secret_values_never_appear_in_errors() {
        let err = decode_key32("master_key", "sk-secret-value-123").unwrap_err();
        assert!(!err.to_string().contains("secret-value"), "{err}");
    }
}
