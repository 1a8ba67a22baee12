//! Number parsing and the few transcendental functions the UI needs, taken from the browser's JavaScript.
//!
//! Rust's own versions compile into the app: `str::parse::<f64>` brings a 10 kB table of powers of five,
//! `sin`, `cos`, `powf` and `log10` bring the libm port with its argument reduction and table of 2/π
//! (together about 15 kB of gzip). The browser already has both: `parseFloat` rounds correctly, as Rust
//! does, and V8's `Math` functions are the same fdlibm algorithms as Rust's libm. Natively (tests, tools)
//! these are Rust's own functions.
//!
//! The core never uses this module: its floats stay pure Rust (see `core::detect` for how it reads φ).

/// `text.parse::<f64>()`: the same grammar (an optional sign, then digits with an optional point and
/// exponent, or `inf`, `infinity`, `nan` in any case; no spaces) and the same correctly rounded value.
pub fn parse_f64(text: &str) -> Option<f64> {
    #[cfg(target_arch = "wasm32")]
    {
        let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
        let negative = text.starts_with('-');
        let special = match unsigned.to_ascii_lowercase().as_str() {
            "inf" | "infinity" => Some(f64::INFINITY),
            "nan" => Some(f64::NAN),
            _ => None,
        };
        if let Some(value) = special {
            return Some(if negative { -value } else { value });
        }
        // Checked here, so JavaScript's laxer `parseFloat` ("1.5abc" is 1.5) only sees what Rust accepts.
        is_decimal(unsigned).then(|| js_sys::parse_float(text))
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        text.parse().ok()
    }
}

/// Digits with at most one point and at least one digit, then optionally `e` or `E`, a sign and digits.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn is_decimal(text: &str) -> bool {
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(at) => (&text[..at], Some(&text[at + 1..])),
        None => (text, None),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok =
        digits(whole) && digits(fraction) && !(whole.is_empty() && fraction.is_empty());
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['+', '-']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    mantissa_ok && exponent_ok
}

/// `x.sin()`.
pub fn sin(x: f64) -> f64 {
    #[cfg(target_arch = "wasm32")]
    return js_sys::Math::sin(x);
    #[cfg(not(target_arch = "wasm32"))]
    return x.sin();
}

/// `x.cos()`.
pub fn cos(x: f64) -> f64 {
    #[cfg(target_arch = "wasm32")]
    return js_sys::Math::cos(x);
    #[cfg(not(target_arch = "wasm32"))]
    return x.cos();
}

/// `10f64.powf(x)`.
pub fn ten_to_the(x: f64) -> f64 {
    #[cfg(target_arch = "wasm32")]
    return js_sys::Math::pow(10.0, x);
    #[cfg(not(target_arch = "wasm32"))]
    return 10f64.powf(x);
}

/// `x.log10()`.
pub fn log10(x: f64) -> f64 {
    #[cfg(target_arch = "wasm32")]
    return js_sys::Math::log10(x);
    #[cfg(not(target_arch = "wasm32"))]
    return x.log10();
}

#[cfg(test)]
mod tests {
    use super::is_decimal;

    #[test]
    fn decimals_are_what_rust_parses_as_numbers() {
        for text in [
            "0",
            "1.5",
            "1.",
            ".5",
            "007",
            "1e5",
            "1E+5",
            "2.5e-3",
            "12345678901234567890",
        ] {
            assert!(is_decimal(text), "{text}");
            assert!(text.parse::<f64>().is_ok(), "{text}");
        }
        for text in [
            "", ".", "e5", "1e", "1e+", "1.2.3", "1,5", " 1", "1 ", "0x10", "1.5abc", "--1",
        ] {
            assert!(!is_decimal(text), "{text}");
            assert!(text.parse::<f64>().is_err(), "{text}");
        }
    }
}
