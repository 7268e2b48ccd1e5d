//! The JSON bodies of staff sign-in, sessions and accounts (`/api/v1/staff/...`), defined once for the
//! API and the staff pages. Requests refuse fields they do not know, so that a typo is an error rather
//! than a change silently not made.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::model::ProvinceCode;
use crate::staff::roles::{Account, Role};

/// The cookie that holds a staff session (HttpOnly: the pages never read it).
pub const SESSION_COOKIE: &str = "xm_session";

/// The header every staff write must carry, with [`CSRF_VALUE`]: a page of another site cannot set it
/// without a CORS preflight, which the API never grants.
pub const CSRF_HEADER: &str = "x-requested-with";
pub const CSRF_VALUE: &str = "xa-moi";

/// Shortest new password, in characters.
pub const MIN_PASSWORD_CHARS: usize = 12;
/// Longest password accepted, in characters (longer is refused before any hashing).
pub const MAX_PASSWORD_CHARS: usize = 1024;

/// `POST /api/v1/staff/sign-in`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignInRequest {
    pub email: String,
    pub password: String,
}

/// The answer of `POST /api/v1/staff/sign-in` and `GET /api/v1/staff/me`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionResponse {
    pub account: Account,
    /// The password is the one-time password of an invitation: the pages ask for a new one.
    #[serde(default)]
    pub must_change_password: bool,
}

/// One account as an admin sees it (never its password hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountEntry {
    #[serde(flatten)]
    pub account: Account,
    /// RFC 3339.
    pub created_at: String,
    pub updated_at: String,
    pub must_change_password: bool,
}

/// `GET /api/v1/staff/accounts`, sorted by e-mail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountsResponse {
    pub accounts: Vec<AccountEntry>,
}

/// `POST /api/v1/staff/accounts`: an invitation. An editor or reviewer needs at least one province
/// (new province codes); an admin works everywhere, and any provinces given are not kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InviteRequest {
    pub email: String,
    pub role: Role,
    #[serde(default)]
    pub provinces: BTreeSet<ProvinceCode>,
}

/// The answer of an invitation (201): the account, and the one-time password to hand to its owner,
/// shown this once and never stored in clear.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationResponse {
    pub account: Account,
    pub one_time_password: String,
}

/// `PATCH /api/v1/staff/accounts/{email}`: the fields given are changed, the others kept.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdateAccountRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provinces: Option<BTreeSet<ProvinceCode>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disabled: Option<bool>,
}

/// The answer of `PATCH /api/v1/staff/accounts/{email}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountResponse {
    pub account: Account,
}

/// `POST /api/v1/staff/me/password` (answered 204, with a new session cookie: the old sessions of the
/// account end with the old password).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangePasswordRequest {
    pub current_password: String,
    pub new_password: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_refuse_unknown_fields_and_roles() {
        let invite: InviteRequest =
            serde_json::from_str(r#"{"email":"a@example.org","role":"editor","provinces":["56"]}"#).unwrap();
        assert_eq!(invite.role, Role::Editor);
        assert_eq!(invite.provinces.len(), 1);
        for bad in [
            r#"{"email":"a@example.org","role":"owner","provinces":["56"]}"#,
            r#"{"email":"a@example.org","role":"editor","provinces":["5"]}"#,
            r#"{"email":"a@example.org","role":"editor","admin":true}"#,
        ] {
            assert!(serde_json::from_str::<InviteRequest>(bad).is_err(), "{bad}");
        }
        let update: UpdateAccountRequest = serde_json::from_str(r#"{"disabled":true}"#).unwrap();
        assert_eq!(update, UpdateAccountRequest { disabled: Some(true), ..Default::default() });
        assert!(serde_json::from_str::<UpdateAccountRequest>(r#"{"password":"x"}"#).is_err());
        assert!(serde_json::from_str::<SignInRequest>(r#"{"email":"a@example.org"}"#).is_err());
    }

    #[test]
    fn an_account_entry_is_the_account_with_its_dates() {
        let entry = AccountEntry {
            account: crate::staff::roles::tests::account("hoa", Role::Editor, &["56"]),
            created_at: "2026-12-01T14:00:00Z".into(),
            updated_at: "2026-12-01T14:00:00Z".into(),
            must_change_password: true,
        };
        let json = serde_json::to_value(&entry).unwrap();
        assert_eq!(json["email"], "hoa@example.org");
        assert_eq!(json["provinces"], serde_json::json!(["56"]));
        assert!(json.get("password_hash").is_none());
        assert_eq!(serde_json::from_value::<AccountEntry>(json).unwrap(), entry);
    }
}
