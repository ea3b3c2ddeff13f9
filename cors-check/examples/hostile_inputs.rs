//! Writes the inputs of the third security review's findings N4 and N5 at the review's sizes
//! into a folder, to measure the release binary on them:
//!
//! ```sh
//! cargo run --release -p cors-check --example hostile_inputs -- /tmp/hostile
//! /usr/bin/time -v target/release/cors-check har --offline /tmp/hostile/padded-preflights.har
//! target/release/cors-check explain - < /tmp/hostile/repeated-frames.txt
//! ```

use std::path::PathBuf;

use cors_test_support::hostile;

fn main() -> std::io::Result<()> {
    let folder = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "hostile".to_owned()));
    std::fs::create_dir_all(&folder)?;
    let inputs = [
        ("padded-preflights.har", hostile::har_of_padded_preflights(5_000, 200, 5_000)),
        ("one-long-preflight.har", hostile::har_of_one_long_preflight(8_000_000, 20)),
        ("numbers.har", hostile::har_padded_with_numbers(8_000_000)),
        ("repeated-frames.txt", hostile::console_of_repeated_frames(8_000)),
        ("many-quotes.txt", hostile::console_of_many_quotes(40_000)),
        ("unfinished-reasons.txt", hostile::console_of_unfinished_reasons(30_000)),
    ];
    for (name, text) in inputs {
        let path = folder.join(name);
        std::fs::write(&path, &text)?;
        println!("{} ({} bytes)", path.display(), text.len());
    }
    Ok(())
}
