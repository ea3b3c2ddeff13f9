//! The members of a HAR file cors-check reads, typed (HAR 1.2, with Chromium's
//! `_resourceType`). Every other member is skipped by serde without being built, and a list is
//! read one item at a time, so that the entries past the cap are only counted: the memory
//! read takes is a small multiple of what it keeps, whatever else the file holds.

use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::{Deserializer, IgnoredAny, SeqAccess, Visitor};
use serde_json::error::Category;

use super::MAX_HAR_ENTRIES;
use crate::input::InputError;

/// What a HAR file holds for cors-check.
pub(super) struct Log {
    /// The first page's title: its URL, in Chromium's and Firefox's exports.
    pub page_title: Option<String>,
    pub entries: Vec<Entry>,
}

#[derive(Deserialize)]
struct File {
    log: Option<LogMembers>,
}

#[derive(Deserialize)]
struct LogMembers {
    pages: Option<Capped<Page, 1>>,
    entries: Option<Capped<Entry, MAX_HAR_ENTRIES>>,
}

#[derive(Deserialize)]
struct Page {
    title: Option<String>,
}

#[derive(Deserialize)]
pub(super) struct Entry {
    pub request: Option<Request>,
    pub response: Option<Answer>,
    #[serde(rename = "_resourceType")]
    pub resource_type: Option<String>,
}

#[derive(Default, Deserialize)]
pub(super) struct Request {
    pub method: Option<String>,
    pub url: Option<String>,
    pub headers: Option<Vec<NameValue>>,
    pub cookies: Option<Vec<NameValue>>,
}

#[derive(Default, Deserialize)]
pub(super) struct Answer {
    /// `0` (or, from some tools, `-1`) when no answer came.
    pub status: Option<i64>,
    pub headers: Option<Vec<NameValue>>,
}

/// A header or a cookie.
#[derive(Deserialize)]
pub(super) struct NameValue {
    pub name: String,
    pub value: String,
}

/// The file's log, or why it is none.
pub(super) fn read(text: &str) -> Result<Log, InputError> {
    let file: File = serde_json::from_str(text).map_err(|error| {
        let reason = error.to_string();
        match error.classify() {
            // Valid JSON, but a member HAR defines holds another type.
            Category::Data => InputError::HarMemberOfAnotherType { reason },
            _ => InputError::HarInvalidJson { reason },
        }
    })?;
    let Some(LogMembers { pages, entries: Some(entries) }) = file.log else {
        return Err(InputError::HarWithoutEntries);
    };
    if entries.count > MAX_HAR_ENTRIES {
        return Err(InputError::HarTooManyEntries { entries: entries.count });
    }
    let first_page = pages.and_then(|pages| pages.items.into_iter().next());
    Ok(Log { page_title: first_page.and_then(|page| page.title), entries: entries.items })
}

/// A list of which the first `N` items are built and the others only counted.
struct Capped<T, const N: usize> {
    items: Vec<T>,
    count: usize,
}

impl<'de, T: Deserialize<'de>, const N: usize> Deserialize<'de> for Capped<T, N> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_seq(CappedVisitor(PhantomData))
    }
}

struct CappedVisitor<T, const N: usize>(PhantomData<T>);

impl<'de, T: Deserialize<'de>, const N: usize> Visitor<'de> for CappedVisitor<T, N> {
    type Value = Capped<T, N>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a list")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut list: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::new();
        while items.len() < N {
            let Some(item) = list.next_element()? else { break };
            items.push(item);
        }
        let mut count = items.len();
        while list.next_element::<IgnoredAny>()?.is_some() {
            count += 1;
        }
        Ok(Capped { items, count })
    }
}
