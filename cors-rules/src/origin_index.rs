//! Finding a request's `Origin` among many exact origins at a cost that does not grow with
//! their number.
//!
//! Multi-tenant APIs list thousands of customer origins; scanning them would make every
//! request pay for the length of the list, the refused ones most. An [`OriginIndex`] is an
//! open-addressing table (linear probing, at most half full) of positions in the caller's list
//! of origins, keyed by [`origin_hash`]. It is built once: by the macro at compile time for
//! origins written in the attribute, by the runtime at startup for origins read from the
//! environment. Both call [`build_index`], so both agree on the hash and the layout.
//!
//! Each slot keeps the high half of its origin's hash, so a probe compares the request's bytes
//! only when 32 bits of hash agree: once for a listed origin, almost never for another. The
//! hash is not keyed (the macro must compute it at compile time), so an attacker can craft
//! origins that collide; a lookup therefore never probes more slots than the longest probe any
//! listed origin needed ([`OriginIndex::probes`]), which bounds what any request can cost.

/// Lists up to this long are not indexed but scanned, and the common one-origin policy pays
/// nothing for the index. Under callgrind (cors-bench's allowlist scenarios) a lookup through
/// the index costs about 90 instructions more than one comparison; a scan costs about 5 per
/// origin of another length (compared first) and a few times that for one of the same length,
/// so the two break even around here.
const SCAN_LIMIT: usize = 8;

/// Arbitrary odd constants (the hexadecimal digits of pi and of the golden ratio).
const SEED: u64 = 0x243f_6a88_85a3_08d3;
const MULTIPLIER: u64 = 0x9e37_79b9_7f4a_7c15;

/// A slot of an [`OriginIndex`]: which origin of the list is stored there, and the high half
/// of its hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    tag: u32,
    position: u32,
}

/// The position of an empty slot: lists are far shorter than `u32::MAX`.
const EMPTY_POSITION: u32 = u32::MAX;

impl Slot {
    /// A slot with no origin.
    pub const EMPTY: Slot = Slot { tag: 0, position: EMPTY_POSITION };

    /// A slot from the parts [`Slot::parts`] gave (the macro emits slots this way).
    pub const fn from_parts(tag: u32, position: u32) -> Slot {
        Slot { tag, position }
    }

    /// The tag and the position: what [`Slot::from_parts`] takes back.
    pub fn parts(self) -> (u32, u32) {
        (self.tag, self.position)
    }
}

/// An index over a list of exact origins, or none (a short list, scanned).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OriginIndex<'a> {
    /// A power of two in length, at most half full; empty when the list is scanned.
    slots: &'a [Slot],
    /// The longest probe sequence a listed origin needs: no lookup goes further.
    probes: u32,
}

impl<'a> OriginIndex<'a> {
    /// No index: the list is short enough to scan.
    pub const NONE: OriginIndex<'static> = OriginIndex { slots: &[], probes: 0 };

    /// An index from the parts [`build_index`] returned.
    pub const fn from_parts(slots: &'a [Slot], probes: u32) -> Self {
        OriginIndex { slots, probes }
    }

    /// Whether there is no index, and the list is to be scanned.
    pub fn is_none(&self) -> bool {
        self.slots.is_empty()
    }

    /// The most slots a lookup reads.
    pub fn probes(&self) -> u32 {
        self.probes
    }

    /// The position in the indexed list of `origin`, where `is_at(position)` says whether the
    /// origin listed at `position` is `origin`'s bytes. `is_at` is called only when 32 bits of
    /// hash agree. `None` when there is no index.
    pub fn find(&self, origin: &[u8], mut is_at: impl FnMut(usize) -> bool) -> Option<usize> {
        if self.slots.is_empty() {
            return None;
        }
        let hash = origin_hash(origin);
        let tag = (hash >> 32) as u32;
        let mask = self.slots.len() - 1;
        // Truncating on 32-bit targets keeps the low bits, which are all the mask keeps.
        let mut at = hash as usize & mask;
        for _ in 0..self.probes {
            let slot = self.slots[at];
            if slot.position == EMPTY_POSITION {
                return None;
            }
            if slot.tag == tag && is_at(slot.position as usize) {
                return Some(slot.position as usize);
            }
            at = (at + 1) & mask;
        }
        None
    }
}

/// The slots and probe bound of an index over `origins` (as [`OriginIndex::from_parts`] takes
/// them), or `None` for a list of at most eight origins, which is scanned instead.
/// The slots' positions are the origins' positions in `origins`.
///
/// # Panics
/// With `u32::MAX` origins or more.
pub fn build_index(origins: &[&[u8]]) -> Option<(Vec<Slot>, u32)> {
    if origins.len() <= SCAN_LIMIT {
        return None;
    }
    assert!(origins.len() < EMPTY_POSITION as usize, "too many origins to index");
    let mut slots = vec![Slot::EMPTY; (origins.len() * 2).next_power_of_two()];
    let mask = slots.len() - 1;
    let mut probes = 0;
    for (position, origin) in origins.iter().enumerate() {
        let hash = origin_hash(origin);
        let mut at = hash as usize & mask;
        let mut probe = 1;
        while slots[at] != Slot::EMPTY {
            at = (at + 1) & mask;
            probe += 1;
        }
        slots[at] = Slot { tag: (hash >> 32) as u32, position: position as u32 };
        probes = probes.max(probe);
    }
    Some((slots, probes))
}

/// A 64-bit hash of an origin's bytes, the same on every target (and so at compile time and at
/// run time): eight bytes at a time, each word mixed in by a multiplication whose two halves
/// are folded together, so every input bit reaches the low bits the table uses.
fn origin_hash(origin: &[u8]) -> u64 {
    let mut hash = SEED ^ origin.len() as u64;
    let mut words = origin.chunks_exact(8);
    for word in &mut words {
        hash = mix(hash ^ u64::from_le_bytes(word.try_into().expect("a chunk of 8 bytes")));
    }
    let rest = words.remainder();
    if !rest.is_empty() {
        // The last eight bytes, overlapping bytes already mixed in: one read, not a byte loop.
        // The length, mixed in first, keeps the overlap from making two origins alike.
        let mut last = [0; 8];
        if origin.len() >= 8 {
            last.copy_from_slice(&origin[origin.len() - 8..]);
        } else {
            last[..rest.len()].copy_from_slice(rest);
        }
        hash = mix(hash ^ u64::from_le_bytes(last));
    }
    mix(hash)
}

fn mix(value: u64) -> u64 {
    let product = u128::from(value) * u128::from(MULTIPLIER);
    (product as u64) ^ ((product >> 64) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tenants(count: usize) -> Vec<String> {
        (1..=count).map(|tenant| format!("https://tenant{tenant}.example.com")).collect()
    }

    fn index_of(origins: &[String]) -> (Vec<Slot>, u32) {
        let bytes: Vec<&[u8]> = origins.iter().map(String::as_bytes).collect();
        build_index(&bytes).expect("a long list is indexed")
    }

    /// Finds `origin`, counting the byte comparisons the lookup makes.
    fn find(index: OriginIndex<'_>, origins: &[String], origin: &str) -> (Option<usize>, usize) {
        let mut compared = 0;
        let found = index.find(origin.as_bytes(), |position| {
            compared += 1;
            origins[position] == origin
        });
        (found, compared)
    }

    #[test]
    fn short_lists_are_scanned_not_indexed() {
        let origins = tenants(SCAN_LIMIT);
        let bytes: Vec<&[u8]> = origins.iter().map(String::as_bytes).collect();
        assert_eq!(build_index(&bytes), None);
        assert!(OriginIndex::NONE.is_none());
        assert_eq!(OriginIndex::NONE.find(b"https://tenant1.example.com", |_| true), None);
    }

    #[test]
    fn every_listed_origin_is_found_with_one_byte_comparison() {
        let origins = tenants(10_000);
        let (slots, probes) = index_of(&origins);
        let index = OriginIndex::from_parts(&slots, probes);
        for (position, origin) in origins.iter().enumerate() {
            assert_eq!(find(index, &origins, origin), (Some(position), 1), "{origin}");
        }
    }

    #[test]
    fn lookalikes_of_listed_origins_are_not_found() {
        let origins = tenants(1_000);
        let (slots, probes) = index_of(&origins);
        let index = OriginIndex::from_parts(&slots, probes);
        for lookalike in [
            "https://TENANT7.example.com",
            "https://tenant7.example.com.",
            "https://tenant7.example.com:443",
            "https://tenant7.example.com:8443",
            "http://tenant7.example.com",
            "https://tenant7.example.co",
            "https://tenant7.example.com.evil.com",
            "https://evil-tenant7.example.com",
            "https://tenant7.example.com/",
            "https://tenant1001.example.com",
            "https://tenant0.example.com",
            "https://",
            "",
        ] {
            assert_eq!(find(index, &origins, lookalike).0, None, "{lookalike}");
        }
    }

    /// The deterministic measure of "constant time": what a lookup reads, with 10,000 origins,
    /// is what it reads with a list just long enough to be indexed.
    #[test]
    fn lookups_read_no_more_with_ten_thousand_origins() {
        let origins = tenants(10_000);
        let (slots, probes) = index_of(&origins);
        let index = OriginIndex::from_parts(&slots, probes);
        // Linear probing at most half full: the longest probe grows like log n, and stays small.
        assert!(probes <= 16, "{probes} probes");
        for refused in ["https://evil.example", "https://tenant10001.example.com", "null"] {
            let (found, compared) = find(index, &origins, refused);
            assert_eq!((found, compared), (None, 0), "{refused}");
        }
        let last = origins.last().unwrap();
        assert_eq!(find(index, &origins, last), (Some(9_999), 1));
    }

    #[test]
    fn colliding_origins_are_told_apart_by_their_bytes() {
        // Two origins in the same slot with the same tag: only their bytes differ. Built by
        // hand, as an attacker who inverted the hash would present them.
        let origins = ["https://a.example".to_owned(), "https://b.example".to_owned()];
        let hash = origin_hash(origins[1].as_bytes());
        let tag = (hash >> 32) as u32;
        let mut slots = vec![Slot::EMPTY; 4];
        let at = hash as usize & 3;
        slots[at] = Slot::from_parts(tag, 0);
        slots[(at + 1) & 3] = Slot::from_parts(tag, 1);
        let index = OriginIndex::from_parts(&slots, 2);
        assert_eq!(find(index, &origins, &origins[1]), (Some(1), 2));
        // A third origin with that hash is compared with both, and refused within the bound.
        let mut compared = 0;
        let found = index.find(origins[1].as_bytes(), |_| {
            compared += 1;
            false
        });
        assert_eq!((found, compared), (None, 2));
    }

    #[test]
    fn the_hash_tells_apart_what_its_padding_and_overlapping_reads_could_confuse() {
        assert_eq!(origin_hash(b"https://myapp.com"), origin_hash(b"https://myapp.com"));
        assert_ne!(origin_hash(b"https://myapp.com"), origin_hash(b"https://myapp.co"));
        assert_ne!(origin_hash(b"https://myapp.comm"), origin_hash(b"https://myapp.com"));
        assert_ne!(origin_hash(b"abc"), origin_hash(b"abc\0"));
        assert_eq!(Slot::from_parts(7, 3).parts(), (7, 3));
    }
}
