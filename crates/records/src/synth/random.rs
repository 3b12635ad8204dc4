//! The generator's random choices that several steps make alike.

use rand::RngExt;
use rand_chacha::ChaCha8Rng;

use crate::record::Date;

/// Shuffles `items` in place (Fisher–Yates).
pub(super) fn shuffle<T>(items: &mut [T], rng: &mut ChaCha8Rng) {
    for i in (1..items.len()).rev() {
        let j = rng.random_range(0..=i);
        items.swap(i, j);
    }
}

/// A date of `year` (any month, a day up to the 28th).
pub(super) fn random_date(year: i32, rng: &mut ChaCha8Rng) -> Date {
    let month = rng.random_range(1..=12u8);
    let day = rng.random_range(1..=28u8);
    Date::new(year, month, day).unwrap_or(Date { year, month: 1, day: 1 })
}
