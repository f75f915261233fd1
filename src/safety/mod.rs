//! Survivor safety checks that look at the whole build.
//!
//! The consent gate and withdrawal are decided where pages are read and
//! chosen ([`crate::content::kinds`] reads the consent record,
//! [`crate::site`] leaves out drafts, withdrawn stories and stories whose
//! scope excludes the web); images are scrubbed in [`crate::assets`]. This
//! module holds what can only be checked once everything is rendered:
//! [`redact`], the names that must never be published.

pub mod redact;
