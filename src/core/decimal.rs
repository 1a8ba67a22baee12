//! Decimals as text, for the few numbers the core writes (a link's `thr=8`, a setting's bounds in a problem).
//!
//! Rust's own float printer (`f64`'s `Display`) is about 8 kB of gzip in the app, carried for a handful of
//! numbers: the core writes them with serde_json's writer (zmij), which the app already holds for traces and
//! run files, and the UI formats its figures with the browser's JavaScript (`ui::numbers`). Never calling
//! `f64`'s `Display` keeps Rust's printer out of the WebAssembly altogether.

/// The shortest decimal that reads back as `x`, as `x.to_string()` writes it (`8`, `0.25`, `-0`) for every
/// magnitude from 1e-5 to 1e7, which holds all the numbers a link or a problem has: serde_json's text without
/// the `.0` it gives whole numbers. Further out it may differ from `Display` but still reads back as `x`
/// (with an exponent below 1e-5 and from 1e16, `1e-6`; or, for some 16- and 17-digit numbers, ending in the
/// neighbouring digit that names the same `f64`). Non-finite values are `NaN`, `inf` and `-inf`.
pub fn shortest(x: f64) -> String {
    if x.is_nan() {
        return "NaN".to_string();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf" } else { "-inf" }.to_string();
    }
    let text = serde_json::to_string(&x).unwrap_or_default();
    match text.strip_suffix(".0") {
        Some(whole) => whole.to_string(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::shortest;
    use proptest::prelude::*;

    #[test]
    fn it_writes_what_display_writes() {
        for x in [
            8.0,
            8.5,
            16.0,
            1.0,
            0.25,
            0.1,
            0.05,
            0.000_01,
            123_456.0,
            1e15,
            -0.0,
            -2.5,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ] {
            assert_eq!(shortest(x), x.to_string());
        }
        assert_eq!(shortest(1e-6), "1e-6");
        assert_eq!(shortest(1e-6).parse::<f64>(), Ok(1e-6));
    }

    proptest! {
        #[test]
        fn it_always_reads_back(x in any::<f64>()) {
            if x.is_finite() {
                prop_assert_eq!(shortest(x).parse::<f64>().ok(), Some(x));
            }
        }

        #[test]
        fn up_to_ten_million_it_is_display(x in 1e-5f64..1e7, negative: bool, hundredths in 0u32..2_000) {
            let x = if negative { -x } else { x };
            prop_assert_eq!(shortest(x), x.to_string());
            let short = f64::from(hundredths) / 100.0;
            prop_assert_eq!(shortest(short), short.to_string());
        }
    }
}
