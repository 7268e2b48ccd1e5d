//! Sessions: TEMPORARY skeleton, replaced by the sign-in work (argon2id, signed cookies, CSRF).

use super::store::Store;

#[derive(Debug)]
pub struct Auth {}

impl Auth {
    pub async fn load(_store: &Store) -> Result<Self, String> {
        Ok(Self {})
    }
}
