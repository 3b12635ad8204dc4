//! The login form's CSRF token, kept by nobody: a visitor who is not logged in gets no session
//! in the store (so anonymous requests write nothing), only a token signed with the server's
//! key — `nonce.expiry.signature` — in a cookie and in the form. A login POST must send the same
//! token in both, unexpired and signed with the store's key.

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

/// How long a login form's token is good for, in seconds.
pub const LOGIN_TOKEN_SECS: u64 = 3600;

/// The key that signs login tokens: the store's (`App::login_form_key`, 256 random bits made
/// on first use), so that every portal instance on one store accepts the forms of the others
/// and a restart does not void the forms already given out.
#[derive(Clone)]
pub struct TokenKey(String);

impl TokenKey {
    /// The key kept by the store; HMAC takes a key of any length.
    pub fn from_secret(secret: String) -> TokenKey {
        TokenKey(secret)
    }

    #[cfg(test)]
    fn random() -> TokenKey {
        TokenKey(rapporteur_app::random_token())
    }

    fn signature(&self, payload: &str) -> String {
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(self.0.as_bytes())
            .expect("HMAC takes keys of any length");
        mac.update(payload.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }

    /// A fresh token, good until `now + LOGIN_TOKEN_SECS` (seconds since the epoch).
    pub fn issue(&self, now: u64) -> String {
        let nonce = &rapporteur_app::random_token()[..32];
        let payload = format!("{nonce}.{}", now + LOGIN_TOKEN_SECS);
        format!("{payload}.{}", self.signature(&payload))
    }

    /// Whether `token` was issued by this key and is still good at `now`.
    pub fn accepts(&self, token: &str, now: u64) -> bool {
        let Some((payload, signature)) = token.rsplit_once('.') else { return false };
        let Some((_, expiry)) = payload.split_once('.') else { return false };
        let unexpired = expiry.parse::<u64>().is_ok_and(|expiry| now < expiry);
        unexpired && same_token(signature, &self.signature(payload))
    }
}

/// Compares two tokens in time independent of where they differ.
pub fn same_token(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Seconds since the epoch now.
pub fn now_secs() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_is_accepted_by_its_key_until_it_expires_and_never_when_altered() {
        let key = TokenKey::random();
        let token = key.issue(1_000);
        assert!(key.accepts(&token, 1_000 + LOGIN_TOKEN_SECS - 1));
        assert!(!key.accepts(&token, 1_000 + LOGIN_TOKEN_SECS));
        assert!(!TokenKey::random().accepts(&token, 1_000), "another server's key");
        let (payload, _) = token.rsplit_once('.').unwrap();
        let (nonce, _) = payload.split_once('.').unwrap();
        let extended = format!("{nonce}.{}.{}", 9_999_999, token.rsplit_once('.').unwrap().1);
        assert!(!key.accepts(&extended, 1_000), "a changed expiry");
        assert!(!key.accepts("", 0) && !key.accepts("a.b", 0) && !key.accepts("a.b.c", 0));
    }
}
