//! Change requests and releases as the store keeps them and the staff routes answer them, so that the
//! staff pages read exactly what the API writes.

use serde::{Deserialize, Serialize};

use crate::staff::change::{AuditEntry, ChangeId, ChangeRequest, ChangeState};
use crate::staff::diff::FieldChange;
use crate::staff::edit::{Edit, Problem};

/// Where a change's facts come from: the legal text, decision or page that says so. Never empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Citation(String);

impl Citation {
    /// At most this many characters: a citation names a text, it does not copy it.
    pub const MAX_CHARS: usize = 500;

    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        if text.is_empty() {
            return Err("a change needs a citation: the legal text, decision or page that says so".to_owned());
        }
        if text.chars().count() > Self::MAX_CHARS {
            return Err(format!("a citation has at most {} characters", Self::MAX_CHARS));
        }
        Ok(Self(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Citation {
    type Error = String;

    fn try_from(text: String) -> Result<Self, String> {
        Self::parse(&text)
    }
}

impl From<Citation> for String {
    fn from(citation: Citation) -> Self {
        citation.0
    }
}

/// A change request as stored: who proposed what, with which citation, and where it stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChangeRecord {
    #[serde(flatten)]
    pub request: ChangeRequest,
    /// `service_centre/01001`: two open changes of one record conflict ([`Edit::record`]).
    pub record: String,
    #[serde(flatten)]
    pub state: ChangeState,
    pub edit: Edit,
    pub citation: Citation,
    /// Seconds since the Unix epoch (UTC).
    pub created_at: u64,
    pub updated_at: u64,
    /// Steps taken so far, each with its entry in the audit log.
    pub steps: u32,
    /// The reviewer who approved it, once approved.
    pub approved_by: Option<crate::staff::roles::Email>,
    /// The release that published it, once published.
    pub release: Option<u64>,
}

/// A new change request, or a new content for a draft (`POST` and `PUT /api/v1/staff/changes`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangeInput {
    pub edit: Edit,
    pub citation: Citation,
}

/// `POST /api/v1/staff/changes/{id}/approve`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApproveInput {
    /// The `steps` of the change as the reviewer read it: if it moved on since, the approval is refused.
    #[serde(default)]
    pub seen_steps: Option<u32>,
}

/// `POST /api/v1/staff/changes/{id}/reject`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RejectInput {
    pub reason: crate::staff::change::Reason,
}

/// One change with what it would change in the published data, and its history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChangeAnswer {
    pub change: ChangeRecord,
    /// Field by field against the data served now (empty once published: it is the data then).
    pub diff: Vec<FieldChange>,
    pub history: Vec<AuditRecord>,
}

/// One entry of the append-only audit log: a step, what the change changed at that moment, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditRecord {
    #[serde(flatten)]
    pub entry: AuditEntry,
    pub record: String,
    pub diff: Vec<FieldChange>,
    pub citation: Citation,
    /// The release it went into, for a publish step.
    pub release: Option<u64>,
    /// The change request as this step left it: if the request's own record was not written after
    /// its entry (a crash, a timeout), the next step finds the entry and brings the record up to it.
    pub after: ChangeRecord,
}

/// An edit that does not pass the checks: every problem, with its field (a 422).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProblemsResponse {
    pub error: crate::answers::ErrorBody,
    pub problems: Vec<Problem>,
}

/// A release as the public changes feed shows it: no names of staff, only what changed and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicRelease {
    pub number: u64,
    /// RFC 3339.
    pub published_at: String,
    pub dataset: String,
    /// The records it changed (`service_centre/01001`), each with its citation.
    pub changes: Vec<PublicChange>,
    /// A rollback brings back the data of this earlier release.
    pub rollback_of: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicChange {
    pub record: String,
    pub citation: String,
}

/// `GET /api/v1/changes`: every release, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangesFeed {
    pub releases: Vec<PublicRelease>,
}

/// A published release: immutable once created. Rollback is a new release pointing to an older snapshot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Release {
    /// 1, 2, 3, ...: the store's key `releases/<number>`.
    pub number: u64,
    /// The snapshot served (`snapshots/<snapshot_version>`).
    pub snapshot_version: String,
    /// Version of the embedded dataset this release was built on.
    pub base_version: String,
    /// When it was published, RFC 3339.
    pub created_at: String,
    /// E-mail of who published it.
    pub by: String,
    /// Ids of the change requests it includes.
    pub changes: Vec<String>,
    /// The release whose snapshot a rollback brings back.
    pub rollback_of: Option<u64>,
    /// For a release of a new base: the published changes carried over onto it, and those dropped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rebase: Option<Rebase>,
}

/// What a release of a new base did with the staff changes published before it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rebase {
    /// Applied again on the new base, in their order.
    pub carried: Vec<String>,
    /// Left out by the admin (they no longer applied, or the new base already has them).
    pub dropped: Vec<String>,
}

/// The published changes in effect after the last of `releases` (oldest first): a release adds its
/// changes, a rollback brings back the changes in effect at the release it returns to, a rebase keeps
/// those it carried.
pub fn changes_in_effect(releases: &[Release]) -> Vec<String> {
    let mut in_effect: Vec<(u64, Vec<String>)> = Vec::with_capacity(releases.len());
    for release in releases {
        let before = in_effect.last().map(|(_, changes)| changes.clone()).unwrap_or_default();
        let now = if let Some(rebase) = &release.rebase {
            rebase.carried.clone()
        } else if let Some(earlier) = release.rollback_of {
            in_effect.iter().find(|(number, _)| *number == earlier).map(|(_, c)| c.clone()).unwrap_or_default()
        } else {
            before.into_iter().chain(release.changes.iter().cloned()).collect()
        };
        in_effect.push((release.number, now));
    }
    in_effect.pop().map(|(_, changes)| changes).unwrap_or_default()
}

/// `POST /api/v1/staff/releases/rebase`: publish this binary's dataset as the new base, with the staff
/// changes in effect carried over, but for `drop`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RebaseInput {
    #[serde(default)]
    pub drop: Vec<u64>,
}

/// A change that does not apply on the new base (a 409 of a rebase): the admin drops it or fixes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RebaseConflict {
    pub change: u64,
    pub record: String,
    pub problems: Vec<Problem>,
}

/// The 409 of a rebase with conflicts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RebaseConflicts {
    pub error: crate::answers::ErrorBody,
    pub conflicts: Vec<RebaseConflict>,
}

/// `GET /api/v1/staff/releases`: every release, newest first, and whether this binary's own dataset
/// differs from the base the latest release was built on (a developer imported a new source: an admin
/// then publishes the new base, see `docs/staff.md`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReleasesAnswer {
    pub releases: Vec<Release>,
    /// The dataset version served by the instance that answered.
    pub serving: String,
    /// The version of the dataset built into this binary.
    pub binary_base: String,
    /// Whether the latest release was built on another base than `binary_base`.
    pub base_differs: bool,
}

/// Ids as the store names them: zero-padded, so that names sort as numbers.
pub fn change_name(id: ChangeId) -> String {
    format!("{:020}", id.0)
}

/// The audit entry `step` of change `id`.
pub fn audit_name(id: ChangeId, step: u32) -> String {
    format!("{:020}-{step:06}", id.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn citations_are_required_and_bounded() {
        assert!(Citation::parse("  ").is_err());
        assert!(Citation::parse(&"x".repeat(Citation::MAX_CHARS + 1)).is_err());
        assert_eq!(Citation::parse(" Nghị quyết 388/NQ-UBTVQH16 ").unwrap().as_str(), "Nghị quyết 388/NQ-UBTVQH16");
        assert!(serde_json::from_str::<Citation>("\"\"").is_err());
    }

    fn release(number: u64, changes: &[&str], rollback_of: Option<u64>, rebase: Option<Rebase>) -> Release {
        Release {
            number,
            snapshot_version: String::new(),
            base_version: String::new(),
            created_at: String::new(),
            by: String::new(),
            changes: changes.iter().map(|c| (*c).to_owned()).collect(),
            rollback_of,
            rebase,
        }
    }

    #[test]
    fn changes_in_effect_follow_releases_rollbacks_and_rebases() {
        let mut history = vec![release(1, &["1"], None, None), release(2, &["2", "3"], None, None)];
        assert_eq!(changes_in_effect(&history), ["1", "2", "3"]);
        history.push(release(3, &[], Some(1), None));
        assert_eq!(changes_in_effect(&history), ["1"]);
        history.push(release(4, &["4"], None, None));
        assert_eq!(changes_in_effect(&history), ["1", "4"]);
        let rebase = Rebase { carried: vec!["4".into()], dropped: vec!["1".into()] };
        history.push(release(5, &[], None, Some(rebase)));
        assert_eq!(changes_in_effect(&history), ["4"]);
        assert!(changes_in_effect(&[]).is_empty());
    }

    #[test]
    fn names_sort_as_numbers() {
        assert!(change_name(ChangeId(9)) < change_name(ChangeId(10)));
        assert!(audit_name(ChangeId(9), 2) < audit_name(ChangeId(9), 10));
        assert!(audit_name(ChangeId(9), 999_999) < audit_name(ChangeId(10), 0));
    }
}
