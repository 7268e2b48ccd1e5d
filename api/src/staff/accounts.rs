//! Staff accounts in the store: TEMPORARY skeleton, replaced by the sign-in work.
