//! Accounts and the scoping rules: an editor or reviewer works in the provinces of their account, an
//! admin in every province, and nobody approves their own change (the two-person rule).

use std::collections::BTreeSet;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::model::ProvinceCode;
use crate::staff::change::ChangeRequest;

/// A staff member's e-mail address, which is also their sign-in name: lower-cased, so that
/// `Hoa@Example.org` and `hoa@example.org` are one account, and shaped like `local@domain.tld` by the
/// same rule as a service centre's address ([`crate::data::centre::check_email`]).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    pub fn parse(text: &str) -> Result<Self, String> {
        let email = text.trim().to_lowercase();
        crate::data::centre::check_email(&email)?;
        Ok(Self(email))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Email {
    type Error = String;

    fn try_from(text: String) -> Result<Self, String> {
        Self::parse(&text)
    }
}

impl From<Email> for String {
    fn from(email: Email) -> Self {
        email.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Every province; manages accounts; may also propose and review.
    Admin,
    /// Proposes changes in their provinces.
    Editor,
    /// Approves or rejects other people's changes in their provinces, and publishes approved ones.
    Reviewer,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub email: Email,
    pub role: Role,
    /// Where an editor or reviewer works; ignored for an admin, who works everywhere.
    pub provinces: BTreeSet<ProvinceCode>,
    /// A disabled account may do nothing, but stays so that the audit log's names still resolve.
    pub disabled: bool,
}

/// Why an account may not do something: the API answers 403 with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Refusal {
    Disabled,
    /// The role does not do this (a reviewer proposing, an editor approving, anyone but an admin
    /// managing accounts).
    Role,
    OutsideProvinces,
    /// Only the author edits, submits or withdraws their change.
    NotTheAuthor,
    /// The two-person rule: the author of a change does not review it.
    OwnChange,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Disabled => "the account is disabled",
            Self::Role => "the account's role does not allow this",
            Self::OutsideProvinces => "the province is not one of the account's",
            Self::NotTheAuthor => "only the author of the change may do this",
            Self::OwnChange => "a change is reviewed by someone other than its author",
        })
    }
}

impl Account {
    /// Whether the account works in the province at all, whatever its role.
    fn covers(&self, province: &ProvinceCode) -> Result<(), Refusal> {
        if self.disabled {
            Err(Refusal::Disabled)
        } else if self.role == Role::Admin || self.provinces.contains(province) {
            Ok(())
        } else {
            Err(Refusal::OutsideProvinces)
        }
    }

    /// Propose (and so edit and submit) a change to the province's data: editors and admins.
    pub fn may_propose(&self, province: &ProvinceCode) -> Result<(), Refusal> {
        self.covers(province)?;
        match self.role {
            Role::Admin | Role::Editor => Ok(()),
            Role::Reviewer => Err(Refusal::Role),
        }
    }

    /// See the province's change requests before they are published, drafts included: every role
    /// that works there, so that colleagues do not propose the same fix twice.
    pub fn may_see_drafts(&self, province: &ProvinceCode) -> Result<(), Refusal> {
        self.covers(province)
    }

    /// Approve or reject the change: a reviewer or admin of its province who is not its author.
    pub fn may_review(&self, change: &ChangeRequest) -> Result<(), Refusal> {
        self.covers(&change.province)?;
        if self.role == Role::Editor {
            return Err(Refusal::Role);
        }
        if self.email == change.author {
            return Err(Refusal::OwnChange);
        }
        Ok(())
    }

    /// Publish an approved change of the province: a reviewer or admin there. The author may be the one
    /// who publishes, since someone else already approved the change.
    pub fn may_publish(&self, province: &ProvinceCode) -> Result<(), Refusal> {
        self.covers(province)?;
        match self.role {
            Role::Admin | Role::Reviewer => Ok(()),
            Role::Editor => Err(Refusal::Role),
        }
    }

    /// Invite, change and disable accounts: admins only.
    pub fn may_manage_accounts(&self) -> Result<(), Refusal> {
        if self.disabled {
            Err(Refusal::Disabled)
        } else if self.role == Role::Admin {
            Ok(())
        } else {
            Err(Refusal::Role)
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::staff::change::ChangeId;

    /// An account under example.org (RFC 2606), never a real person's.
    pub(crate) fn account(name: &str, role: Role, provinces: &[&str]) -> Account {
        Account {
            email: Email::parse(&format!("{name}@example.org")).unwrap(),
            role,
            provinces: provinces.iter().map(|p| p.parse().unwrap()).collect(),
            disabled: false,
        }
    }

    fn province(code: &str) -> ProvinceCode {
        code.parse().unwrap()
    }

    fn change_in(code: &str, author: &Account) -> ChangeRequest {
        ChangeRequest { id: ChangeId(1), province: province(code), author: author.email.clone() }
    }

    #[test]
    fn emails_are_lower_cased_and_must_look_like_addresses() {
        assert_eq!(Email::parse(" Hoa@Example.ORG ").unwrap().as_str(), "hoa@example.org");
        for bad in ["", "hoa", "hoa@example", "h oa@example.org", "hoa@@example.org"] {
            assert!(Email::parse(bad).is_err(), "{bad:?}");
        }
        let email: Email = serde_json::from_str("\"Hoa@Example.org\"").unwrap();
        assert_eq!(serde_json::to_string(&email).unwrap(), "\"hoa@example.org\"");
        assert!(serde_json::from_str::<Email>("\"hoa\"").is_err());
    }

    #[test]
    fn roles_are_lowercase_on_the_wire() {
        let json = serde_json::to_string(&[Role::Admin, Role::Editor, Role::Reviewer]).unwrap();
        assert_eq!(json, r#"["admin","editor","reviewer"]"#);
    }

    #[test]
    fn an_editor_of_56_can_neither_propose_nor_see_drafts_for_01() {
        let editor = account("editor", Role::Editor, &["56"]);
        assert_eq!(editor.may_propose(&province("56")), Ok(()));
        assert_eq!(editor.may_see_drafts(&province("56")), Ok(()));
        assert_eq!(editor.may_propose(&province("01")), Err(Refusal::OutsideProvinces));
        assert_eq!(editor.may_see_drafts(&province("01")), Err(Refusal::OutsideProvinces));
    }

    #[test]
    fn an_account_may_work_in_several_provinces() {
        let editor = account("editor", Role::Editor, &["01", "56"]);
        assert_eq!(editor.may_propose(&province("01")), Ok(()));
        assert_eq!(editor.may_propose(&province("56")), Ok(()));
        assert_eq!(editor.may_propose(&province("79")), Err(Refusal::OutsideProvinces));
    }

    #[test]
    fn reviewers_review_and_publish_but_do_not_propose() {
        let reviewer = account("reviewer", Role::Reviewer, &["56"]);
        let author = account("editor", Role::Editor, &["56"]);
        assert_eq!(reviewer.may_propose(&province("56")), Err(Refusal::Role));
        assert_eq!(reviewer.may_see_drafts(&province("56")), Ok(()));
        assert_eq!(reviewer.may_review(&change_in("56", &author)), Ok(()));
        assert_eq!(reviewer.may_publish(&province("56")), Ok(()));
        assert_eq!(reviewer.may_review(&change_in("01", &author)), Err(Refusal::OutsideProvinces));
        assert_eq!(reviewer.may_publish(&province("01")), Err(Refusal::OutsideProvinces));
    }

    #[test]
    fn editors_neither_review_nor_publish() {
        let editor = account("editor", Role::Editor, &["56"]);
        let author = account("other", Role::Editor, &["56"]);
        assert_eq!(editor.may_review(&change_in("56", &author)), Err(Refusal::Role));
        assert_eq!(editor.may_publish(&province("56")), Err(Refusal::Role));
    }

    #[test]
    fn the_author_cannot_approve_their_own_change() {
        // An admin may both propose and review, so the rule is about the person, not the role.
        let admin = account("admin", Role::Admin, &[]);
        assert_eq!(admin.may_review(&change_in("56", &admin)), Err(Refusal::OwnChange));
        let other_admin = account("admin2", Role::Admin, &[]);
        assert_eq!(other_admin.may_review(&change_in("56", &admin)), Ok(()));
    }

    #[test]
    fn an_admin_works_in_every_province_and_alone_manages_accounts() {
        let admin = account("admin", Role::Admin, &[]);
        let author = account("editor", Role::Editor, &["01"]);
        assert_eq!(admin.may_propose(&province("01")), Ok(()));
        assert_eq!(admin.may_see_drafts(&province("79")), Ok(()));
        assert_eq!(admin.may_review(&change_in("01", &author)), Ok(()));
        assert_eq!(admin.may_publish(&province("01")), Ok(()));
        assert_eq!(admin.may_manage_accounts(), Ok(()));
        for role in [Role::Editor, Role::Reviewer] {
            assert_eq!(account("staff", role, &["01"]).may_manage_accounts(), Err(Refusal::Role));
        }
    }

    #[test]
    fn a_disabled_account_may_do_nothing() {
        let author = account("editor", Role::Editor, &["56"]);
        for role in [Role::Admin, Role::Editor, Role::Reviewer] {
            let mut account = account("gone", role, &["56"]);
            account.disabled = true;
            assert_eq!(account.may_propose(&province("56")), Err(Refusal::Disabled));
            assert_eq!(account.may_see_drafts(&province("56")), Err(Refusal::Disabled));
            assert_eq!(account.may_review(&change_in("56", &author)), Err(Refusal::Disabled));
            assert_eq!(account.may_publish(&province("56")), Err(Refusal::Disabled));
            assert_eq!(account.may_manage_accounts(), Err(Refusal::Disabled));
        }
    }
}
