//! A citizen's report of an error, as sent, stored, and shown to the reporter and to staff.

use serde::{Deserialize, Serialize};

use crate::model::ProvinceCode;
use crate::staff::change::{ChangeId, Reason};
use crate::staff::roles::Email;

/// Limits of what a citizen sends, in characters: enough to say what is wrong, not a place to store files.
pub const MAX_PAGE_CHARS: usize = 300;
pub const MAX_MESSAGE_CHARS: usize = 2_000;
pub const MAX_CONTACT_CHARS: usize = 200;

/// `POST /api/v1/reports`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewReport {
    /// The page or unit the report is about, e.g. `/xa/00097`.
    pub page: String,
    /// What is wrong.
    pub message: String,
    /// How to reach the reporter, if they want an answer (optional).
    #[serde(default)]
    pub contact: Option<String>,
}

impl NewReport {
    /// Trimmed, with an empty contact as none; or the first field that is empty or too long.
    pub fn validated(self) -> Result<Self, &'static str> {
        let page = self.page.trim().to_owned();
        let message = self.message.trim().to_owned();
        let contact = self.contact.map(|c| c.trim().to_owned()).filter(|c| !c.is_empty());
        if page.is_empty() || page.chars().count() > MAX_PAGE_CHARS || page.chars().any(char::is_control) {
            return Err("page");
        }
        if message.is_empty() || message.chars().count() > MAX_MESSAGE_CHARS {
            return Err("message");
        }
        if contact.as_ref().is_some_and(|c| c.chars().count() > MAX_CONTACT_CHARS) {
            return Err("contact");
        }
        Ok(Self { page, message, contact })
    }
}

/// A report's number for the reporter: 12 characters of `a-z2-7` (60 random bits), hard to guess.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Ticket(String);

impl Ticket {
    pub const LEN: usize = 12;
    pub const ALPHABET: &'static [u8; 32] = b"abcdefghijklmnopqrstuvwxyz234567";

    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim().to_ascii_lowercase();
        if text.len() == Self::LEN && text.bytes().all(|b| Self::ALPHABET.contains(&b)) {
            Ok(Self(text))
        } else {
            Err(format!("a ticket is {} letters and digits 2-7", Self::LEN))
        }
    }

    /// The ticket whose characters are picked by `random` bytes (one per character, 5 bits used).
    pub fn from_random(random: [u8; Self::LEN]) -> Self {
        Self(random.iter().map(|b| char::from(Self::ALPHABET[usize::from(b & 31)])).collect())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Ticket {
    type Error = String;

    fn try_from(text: String) -> Result<Self, String> {
        Self::parse(&text)
    }
}

impl From<Ticket> for String {
    fn from(ticket: Ticket) -> Self {
        ticket.0
    }
}

/// The answer to a sent report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportReceipt {
    pub ticket: Ticket,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum ReportState {
    /// Waiting for staff of its province.
    Open,
    /// A change request will fix it.
    Linked { change: ChangeId, by: Email, at: u64 },
    /// Its change was published in `release`.
    Fixed { change: ChangeId, release: u64 },
    /// Closed without a change, with the reason.
    Closed { reason: Reason, by: Email, at: u64 },
}

/// A report as stored and as staff see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    pub ticket: Ticket,
    /// The province of the unit its page is about; `None` (only admins see it) when the page names none.
    pub province: Option<ProvinceCode>,
    pub page: String,
    pub message: String,
    pub contact: Option<String>,
    /// Seconds since the Unix epoch.
    pub received_at: u64,
    #[serde(flatten)]
    pub state: ReportState,
}

/// `GET /api/v1/reports/{ticket}`: what the reporter may know. Staff names are left out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportStatus {
    pub ticket: Ticket,
    pub received_at: u64,
    /// `open`, `linked`, `fixed` (with the release), or `closed` (with the reason).
    pub state: PublicReportState,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum PublicReportState {
    Open,
    Linked,
    Fixed { release: u64 },
    Closed { reason: Reason },
}

impl From<&ReportState> for PublicReportState {
    fn from(state: &ReportState) -> Self {
        match state {
            ReportState::Open => Self::Open,
            ReportState::Linked { .. } => Self::Linked,
            ReportState::Fixed { release, .. } => Self::Fixed { release: *release },
            ReportState::Closed { reason, .. } => Self::Closed { reason: reason.clone() },
        }
    }
}

/// `POST /api/v1/staff/reports/{ticket}/link`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinkInput {
    pub change: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_are_trimmed_and_bounded() {
        let report = |page: &str, message: &str, contact: Option<&str>| NewReport {
            page: page.into(),
            message: message.into(),
            contact: contact.map(str::to_owned),
        };
        let ok = report(" /xa/00097 ", " sai địa chỉ ", Some("  ")).validated().unwrap();
        assert_eq!((ok.page.as_str(), ok.message.as_str(), ok.contact), ("/xa/00097", "sai địa chỉ", None));
        assert_eq!(report("", "x", None).validated(), Err("page"));
        assert_eq!(report("/x\ny", "x", None).validated(), Err("page"));
        assert_eq!(report("/x", " ", None).validated(), Err("message"));
        assert_eq!(report("/x", &"x".repeat(MAX_MESSAGE_CHARS + 1), None).validated(), Err("message"));
        assert_eq!(report("/x", "x", Some(&"x".repeat(MAX_CONTACT_CHARS + 1))).validated(), Err("contact"));
    }

    #[test]
    fn tickets_use_their_alphabet_only() {
        let ticket = Ticket::from_random([255; Ticket::LEN]);
        assert_eq!(ticket.as_str(), "777777777777");
        assert_eq!(Ticket::parse(" ABCDEFGHIJ23 ").unwrap().as_str(), "abcdefghij23");
        for bad in ["", "abc", "abcdefghij01", "abcdefghij2/", "abcdefghij234"] {
            assert!(Ticket::parse(bad).is_err(), "{bad}");
        }
    }
}
