//! Per-tenant secrets for the vault: sealing originals (AES-256-GCM) and
//! keyed hashes of normalized values (HMAC-SHA256), so a shared store such
//! as Redis never holds a raw value.
//!
//! [`KeyRing`] is the one place keys come from. Today it derives every
//! tenant's keys from one 32-byte master key with HKDF-SHA256
//! (`info = purpose || tenant id`). Envelope encryption (wrapped, versioned
//! per-tenant data keys, rotation) replaces the derivation behind the same
//! type; the sealed format already carries the key version for that.
//!
//! Sealed format, version 1:
//! ```text
//! 0x01 | key version (u32, big endian) | nonce (12 random bytes) | ciphertext + tag (16)
//! ```
//! The associated data binds tenant, scope and a caller-chosen binding (the
//! Redis backend binds the entity type and the value's index hash), so a
//! ciphertext copied to another tenant, scope or entry fails to open.

use std::fmt;

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Key, Nonce};
use hkdf::Hkdf;
use hmac::{Hmac, Mac};
use rand::Rng;
use sha2::Sha256;
use zeroize::Zeroizing;

use super::{ScopeId, TenantId};
use crate::entity::EntityType;
use crate::sensitive::Sensitive;

/// First byte of every sealed value: the layout version.
pub const FORMAT_V1: u8 = 1;
const NONCE_LEN: usize = 12;
const TAG_LEN: usize = 16;
const HEADER_LEN: usize = 1 + 4 + NONCE_LEN;

/// HKDF `info` prefixes: one purpose per derived key, so a seal key can
/// never equal an index key.
const PURPOSE_SEAL: &[u8] = b"veil/vault/seal/v1\0";
const PURPOSE_INDEX: &[u8] = b"veil/vault/index/v1\0";

/// Why a sealed value did not open. Carries nothing of the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SealError {
    /// Too short, or an unknown layout version.
    #[error("sealed value has an unknown format")]
    Format,
    /// Sealed under a key version this key ring does not hold.
    #[error("sealed value names an unknown key version")]
    KeyVersion,
    /// Authentication failed: wrong key, tampered bytes, or moved to
    /// another tenant, scope or entry.
    #[error("sealed value failed authentication")]
    Auth,
    /// Opened, but the plaintext is not UTF-8.
    #[error("sealed value is not text")]
    Utf8,
}

/// The source of every tenant's vault keys. See the module docs.
///
/// Never printable: `Debug` shows only the key version. The master key is
/// zeroed when the ring is dropped.
pub struct KeyRing {
    master: Zeroizing<[u8; 32]>,
    version: u32,
}

impl KeyRing {
    /// A key ring over `master` (key version 1).
    pub fn new(master: [u8; 32]) -> KeyRing {
        KeyRing {
            master: Zeroizing::new(master),
            version: 1,
        }
    }

    /// A key ring over a fresh random master key: for stores that live no
    /// longer than the process, and for tests.
    pub fn generate() -> KeyRing {
        let mut master = Zeroizing::new([0u8; 32]);
        rand::rng().fill_bytes(master.as_mut());
        KeyRing { master, version: 1 }
    }

    /// The version new ciphertexts are sealed under.
    pub fn version(&self) -> u32 {
        self.version
    }

    /// The keys of one tenant.
    pub fn tenant(&self, tenant: &TenantId) -> TenantKeys {
        TenantKeys {
            tenant: tenant.clone(),
            version: self.version,
            seal: self.derive(PURPOSE_SEAL, tenant),
            index: self.derive(PURPOSE_INDEX, tenant),
        }
    }

    fn derive(&self, purpose: &[u8], tenant: &TenantId) -> Zeroizing<[u8; 32]> {
        let hk = Hkdf::<Sha256>::new(None, self.master.as_ref());
        let mut okm = Zeroizing::new([0u8; 32]);
        // 32 bytes is far below HKDF-SHA256's 8160-byte limit, so expand
        // cannot fail; the fallback keeps this panic-free regardless.
        if hk
            .expand_multi_info(&[purpose, tenant.as_str().as_bytes()], okm.as_mut())
            .is_err()
        {
            okm.fill(0);
        }
        okm
    }
}

impl fmt::Debug for KeyRing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeyRing")
            .field("master", &"[redacted]")
            .field("version", &self.version)
            .finish()
    }
}

/// One tenant's seal and index keys (see [`KeyRing::tenant`]).
pub struct TenantKeys {
    tenant: TenantId,
    version: u32,
    seal: Zeroizing<[u8; 32]>,
    index: Zeroizing<[u8; 32]>,
}

impl fmt::Debug for TenantKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TenantKeys")
            .field("tenant", &self.tenant)
            .field("version", &self.version)
            .finish_non_exhaustive()
    }
}

impl TenantKeys {
    /// The keyed hash of a normalized value, lowercase hex: what a store
    /// may index values by without holding them. The type is hashed too,
    /// since the same digits can be two different entities.
    pub fn index(&self, ty: EntityType, normalized: &str) -> String {
        let mut mac = match <Hmac<Sha256> as KeyInit>::new_from_slice(self.index.as_ref()) {
            Ok(mac) => mac,
            // HMAC accepts keys of any length.
            Err(_) => return String::new(),
        };
        mac.update(ty.as_str().as_bytes());
        mac.update(b"\0");
        mac.update(normalized.as_bytes());
        hex(&mac.finalize().into_bytes())
    }

    /// Seals `plaintext` for `scope`; `binding` names the entry it belongs
    /// to and must be given again to open it.
    pub fn seal(&self, scope: &ScopeId, binding: &[u8], plaintext: &str) -> Vec<u8> {
        let mut nonce = [0u8; NONCE_LEN];
        rand::rng().fill_bytes(&mut nonce);
        let aad = self.aad(scope, binding);
        let mut out = Vec::with_capacity(HEADER_LEN + plaintext.len() + TAG_LEN);
        out.push(FORMAT_V1);
        out.extend_from_slice(&self.version.to_be_bytes());
        out.extend_from_slice(&nonce);
        let payload = Payload {
            msg: plaintext.as_bytes(),
            aad: &aad,
        };
        // AES-GCM encryption fails only past 64 GiB of plaintext; the
        // proxy's body limit is far below, and an empty result can never
        // open, so a failure here fails closed on load.
        if let Ok(ct) = self.cipher().encrypt(&Nonce::from(nonce), payload) {
            out.extend_from_slice(&ct);
        }
        out
    }

    /// Opens what [`TenantKeys::seal`] produced for the same scope and
    /// binding.
    pub fn open(
        &self,
        scope: &ScopeId,
        binding: &[u8],
        sealed: &[u8],
    ) -> Result<Sensitive<String>, SealError> {
        if sealed.len() < HEADER_LEN + TAG_LEN || sealed[0] != FORMAT_V1 {
            return Err(SealError::Format);
        }
        let (header, ct) = sealed.split_at(HEADER_LEN);
        let version = u32::from_be_bytes([header[1], header[2], header[3], header[4]]);
        if version != self.version {
            return Err(SealError::KeyVersion);
        }
        let mut nonce = [0u8; NONCE_LEN];
        nonce.copy_from_slice(&header[5..]);
        let aad = self.aad(scope, binding);
        let plain = self
            .cipher()
            .decrypt(&Nonce::from(nonce), Payload { msg: ct, aad: &aad })
            .map_err(|_| SealError::Auth)?;
        String::from_utf8(plain)
            .map(Sensitive::new)
            .map_err(|_| SealError::Utf8)
    }

    fn cipher(&self) -> Aes256Gcm {
        Aes256Gcm::new(&Key::<Aes256Gcm>::from(*self.seal))
    }

    /// Length-prefixed parts, so no two different (tenant, scope, binding)
    /// triples share an encoding.
    fn aad(&self, scope: &ScopeId, binding: &[u8]) -> Vec<u8> {
        let mut aad = Vec::with_capacity(64 + binding.len());
        for part in [
            b"veil/vault/v1".as_slice(),
            self.tenant.as_str().as_bytes(),
            scope.as_str().as_bytes(),
            binding,
        ] {
            aad.extend_from_slice(&(part.len() as u32).to_be_bytes());
            aad.extend_from_slice(part);
        }
        aad
    }
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids() -> (TenantId, TenantId, ScopeId, ScopeId) {
        (
            TenantId::new("acme").unwrap(),
            TenantId::new("globex").unwrap(),
            ScopeId::new("conv-1").unwrap(),
            ScopeId::new("conv-2").unwrap(),
        )
    }

    #[test]
    fn sealed_values_open_only_in_their_tenant_scope_and_binding() {
        let ring = KeyRing::new([7; 32]);
        let (a, b, s1, s2) = ids();
        let ka = ring.tenant(&a);
        let sealed = ka.seal(&s1, b"phone:h1", "+91 98765 43210");
        assert_eq!(sealed[0], FORMAT_V1);
        assert_eq!(&sealed[1..5], &1u32.to_be_bytes());
        assert!(!sealed.windows(5).any(|w| w == b"98765"));
        let opened = ka.open(&s1, b"phone:h1", &sealed).unwrap();
        assert_eq!(opened.expose(), "+91 98765 43210");

        assert_eq!(ka.open(&s2, b"phone:h1", &sealed), Err(SealError::Auth));
        assert_eq!(ka.open(&s1, b"phone:h2", &sealed), Err(SealError::Auth));
        let kb = ring.tenant(&b);
        assert_eq!(kb.open(&s1, b"phone:h1", &sealed), Err(SealError::Auth));
        let other_master = KeyRing::new([8; 32]).tenant(&a);
        assert_eq!(
            other_master.open(&s1, b"phone:h1", &sealed),
            Err(SealError::Auth)
        );
    }

    #[test]
    fn tampering_and_malformed_input_fail_closed() {
        let ring = KeyRing::generate();
        let (a, _, s1, _) = ids();
        let k = ring.tenant(&a);
        let sealed = k.seal(&s1, b"x", "value");
        for i in 0..sealed.len() {
            let mut t = sealed.clone();
            t[i] ^= 0x01;
            assert!(k.open(&s1, b"x", &t).is_err(), "byte {i}");
        }
        assert_eq!(k.open(&s1, b"x", &[]), Err(SealError::Format));
        assert_eq!(k.open(&s1, b"x", &sealed[..20]), Err(SealError::Format));
        let mut v2 = sealed.clone();
        v2[4] = 2;
        assert_eq!(k.open(&s1, b"x", &v2), Err(SealError::KeyVersion));
    }

    #[test]
    fn nonces_are_fresh_per_seal() {
        let ring = KeyRing::generate();
        let (a, _, s1, _) = ids();
        let k = ring.tenant(&a);
        assert_ne!(k.seal(&s1, b"x", "same"), k.seal(&s1, b"x", "same"));
    }

    #[test]
    fn index_is_keyed_per_tenant_and_type() {
        let ring = KeyRing::new([1; 32]);
        let (a, b, _, _) = ids();
        let ka = ring.tenant(&a);
        let h = ka.index(EntityType::Phone, "+919876543210");
        assert_eq!(h.len(), 64);
        assert!(h.bytes().all(|c| c.is_ascii_hexdigit()));
        assert_eq!(h, ka.index(EntityType::Phone, "+919876543210"));
        assert_ne!(h, ka.index(EntityType::BankAccount, "+919876543210"));
        assert_ne!(h, ring.tenant(&b).index(EntityType::Phone, "+919876543210"));
        assert_ne!(
            h,
            KeyRing::new([2; 32])
                .tenant(&a)
                .index(EntityType::Phone, "+919876543210")
        );
    }

    #[test]
    fn debug_never_shows_key_material() {
        let ring = KeyRing::new([0xAB; 32]);
        let text = format!(
            "{ring:?} {:?}",
            ring.tenant(&TenantId::new("acme").unwrap())
        );
        assert!(!text.to_lowercase().contains("ab, ab"), "{text}");
        assert!(!text.contains("171"), "{text}");
    }
}
