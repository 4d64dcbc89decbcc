//! Optional end-to-end encryption of everything sync writes to the remote: XChaCha20-Poly1305
//! with a key derived from the user's passphrase (Argon2id), so the bucket's owner sees only
//! ciphertext. Each object's path is bound into its ciphertext as associated data: an object
//! moved or renamed in the bucket fails to decrypt instead of being read as another record.
//!
//! The remote holds `crypto.json` (format, KDF parameters, salt, and a sealed check value) so
//! every device derives the same key and a wrong passphrase is reported as such.

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use serde::{Deserialize, Serialize};

use crate::secret::Secret;

/// Marks an encrypted object: magic, then a 24-byte nonce, then the ciphertext.
const MAGIC: &[u8; 4] = b"VLE1";
const CHECK: &[u8] = b"valet sync key check";

/// Why encrypted data could not be used.
#[derive(Debug, thiserror::Error)]
pub enum CryptoError {
    #[error("the sync passphrase is wrong for this bucket (its key check does not decrypt)")]
    WrongPassphrase,
    #[error(
        "{path} is not readable with this key: it was changed, moved, or not written by Valet"
    )]
    Tampered { path: String },
    #[error("{path} is not encrypted, but this profile requires encryption")]
    Plaintext { path: String },
    #[error("key derivation failed: {0}")]
    Kdf(String),
}

/// What `crypto.json` holds (nothing secret).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct KeyInfo {
    pub format: u32,
    pub kdf: String,
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
    /// Hex.
    pub salt: String,
    /// `seal("crypto.json", CHECK)`, hex.
    pub check: String,
}

/// A derived key, ready to seal and open objects.
pub struct Cipher {
    aead: XChaCha20Poly1305,
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    (0..s.len())
        .step_by(2)
        .map(|i| s.get(i..i + 2).and_then(|h| u8::from_str_radix(h, 16).ok()))
        .collect()
}

impl Cipher {
    fn derive(passphrase: &Secret, info: &KeyInfo) -> Result<Cipher, CryptoError> {
        let params = Params::new(info.memory_kib, info.iterations, info.parallelism, Some(32))
            .map_err(|e| CryptoError::Kdf(e.to_string()))?;
        let salt =
            unhex(&info.salt).ok_or_else(|| CryptoError::Kdf("the salt is not hex".into()))?;
        let mut key = [0u8; 32];
        Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
            .hash_password_into(passphrase.expose().as_bytes(), &salt, &mut key)
            .map_err(|e| CryptoError::Kdf(e.to_string()))?;
        Ok(Cipher {
            aead: XChaCha20Poly1305::new((&key).into()),
        })
    }

    /// A new key for a bucket that has none yet, and the `crypto.json` that describes it.
    pub fn create(passphrase: &Secret) -> Result<(Cipher, KeyInfo), CryptoError> {
        let salt: [u8; 16] = {
            let n = XChaCha20Poly1305::generate_nonce(&mut OsRng);
            let mut s = [0u8; 16];
            s.copy_from_slice(&n[..16]);
            s
        };
        let mut info = KeyInfo {
            format: 1,
            kdf: "argon2id".into(),
            memory_kib: 19 * 1024,
            iterations: 2,
            parallelism: 1,
            salt: hex(&salt),
            check: String::new(),
        };
        let c = Cipher::derive(passphrase, &info)?;
        info.check = hex(&c.seal("crypto.json", CHECK)?);
        Ok((c, info))
    }
}

/// Whether `bytes` look like an object sealed by [`Cipher::seal`] (its magic prefix).
pub fn is_sealed(bytes: &[u8]) -> bool {
    bytes.len() >= 28 && &bytes[..4] == MAGIC
}

impl Cipher {
    /// The key described by a bucket's `crypto.json`; a wrong passphrase is reported as such.
    pub fn open_with(passphrase: &Secret, info: &KeyInfo) -> Result<Cipher, CryptoError> {
        let c = Cipher::derive(passphrase, info)?;
        let check = unhex(&info.check).ok_or(CryptoError::WrongPassphrase)?;
        match c.open("crypto.json", &check) {
            Ok(v) if v == CHECK => Ok(c),
            _ => Err(CryptoError::WrongPassphrase),
        }
    }

    /// Encrypts `plain` for the object at `path`.
    pub fn seal(&self, path: &str, plain: &[u8]) -> Result<Vec<u8>, CryptoError> {
        let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        let ct = self
            .aead
            .encrypt(
                &nonce,
                Payload {
                    msg: plain,
                    aad: path.as_bytes(),
                },
            )
            .map_err(|_| CryptoError::Kdf("encryption failed".into()))?;
        let mut out = Vec::with_capacity(4 + 24 + ct.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&ct);
        Ok(out)
    }

    /// Decrypts the object at `path`; fails if it was changed, moved or is plaintext.
    pub fn open(&self, path: &str, sealed: &[u8]) -> Result<Vec<u8>, CryptoError> {
        if sealed.len() < 28 || &sealed[..4] != MAGIC {
            return Err(CryptoError::Plaintext {
                path: path.to_owned(),
            });
        }
        let nonce = XNonce::from_slice(&sealed[4..28]);
        self.aead
            .decrypt(
                nonce,
                Payload {
                    msg: &sealed[28..],
                    aad: path.as_bytes(),
                },
            )
            .map_err(|_| CryptoError::Tampered {
                path: path.to_owned(),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seal_open_round_trip_and_tampering_is_caught() {
        let (c, info) = Cipher::create(&Secret::new("correct horse")).unwrap();
        let sealed = c.seal("log/1.json", b"hello").unwrap();
        assert_eq!(c.open("log/1.json", &sealed).unwrap(), b"hello");
        // Moved to another path: refused.
        assert!(matches!(
            c.open("log/2.json", &sealed),
            Err(CryptoError::Tampered { .. })
        ));
        let mut bad = sealed.clone();
        let last = bad.len() - 1;
        bad[last] ^= 1;
        assert!(matches!(
            c.open("log/1.json", &bad),
            Err(CryptoError::Tampered { .. })
        ));
        assert!(matches!(
            c.open("log/1.json", b"{\"plain\":1}"),
            Err(CryptoError::Plaintext { .. })
        ));
        assert!(Cipher::open_with(&Secret::new("correct horse"), &info).is_ok());
        assert!(matches!(
            Cipher::open_with(&Secret::new("wrong"), &info),
            Err(CryptoError::WrongPassphrase)
        ));
    }
}
