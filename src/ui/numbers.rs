//! Number parsing and the few transcendental functions the UI needs, taken from the browser's JavaScript.
//!
//! Rust's own versions compile into the app: `str::parse::<f64>` brings a 10 kB table of powers of five,
//! `sin`, `cos`, `powf` and `log10` bring the libm port with its argument reduction and table of 2/π
//! (together about 15 kB of gzip). The browser already has both: `parseFloat` rounds correctly, as Rust
//! does, and V8's `Math` functions are the same fdlibm algorithms as Rust's libm. Natively (tests, tools)
//! these are Rust's own functions.
//!
//! Figures and drawings are written with [`fixed`] (JavaScript's `toFixed`) and [`crate::core::decimal`]:
//! `f64`'s own `Display` (`{:.1}`, `{}`, `to_string`) would bring Rust's float printer, about 8 kB of gzip,
//! so the app never calls it.
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

/// `format!("{x:.digits$}")`: `x` with `digits` decimals (at most 100), from JavaScript's
/// `Number.prototype.toFixed` in the browser (Rust's own natively). The two differ only where nothing the
/// app shows lands: an exact tie of the binary value rounds away from zero in JavaScript and to even in Rust
/// (2.5 with no decimals is `3`, not `2`), negative zero itself has no sign (`0.0`), and from 1e21 on
/// JavaScript writes an exponent.
pub fn fixed(x: f64, digits: u8) -> String {
    #[cfg(target_arch = "wasm32")]
    return js_sys::Number::from(x)
        .to_fixed(digits)
        .map(String::from)
        .unwrap_or_default();
    #[cfg(not(target_arch = "wasm32"))]
    return format!("{x:.prec$}", prec = usize::from(digits));
}

/// [`fixed`] as a value for format strings: `format!("M{} {}", Fixed(x, 1), Fixed(y, 1))`.
pub struct Fixed(pub f64, pub u8);

impl std::fmt::Display for Fixed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&fixed(self.0, self.1))
    }
}

/// Appends `x` with one decimal, as [`fixed`]`(x, 1)` writes it, without a call into JavaScript: a drawing of
/// thousands of points (the ring's vnode markers and key dots) spent most of its time crossing into
/// `toFixed` and back. Integer arithmetic on `x × 10`, rounded half away from zero as `toFixed` rounds
/// a tie; the product's own rounding could differ from the exact decimal only within about 1e-12 of a tie,
/// far below what a drawing shows. Magnitudes past 1e15 and non-finite values take [`fixed`].
pub fn push_fixed1(out: &mut String, x: f64) {
    if x.is_nan() || x.abs() >= 1e15 {
        out.push_str(&fixed(x, 1));
        return;
    }
    let tenths = x.abs() * 10.0;
    let floor = tenths as u64;
    let tenths = floor + u64::from(tenths - floor as f64 >= 0.5);
    if x < 0.0 {
        out.push('-');
    }
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut rest = tenths / 10;
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    out.extend(digits[at..].iter().map(|&d| char::from(d)));
    out.push('.');
    out.push(char::from(b'0' + (tenths % 10) as u8));
}

/// `x.to_string()`: see [`crate::core::decimal::shortest`] (the same text for every number the UI writes).
pub use crate::core::decimal::shortest;

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

    /// The app's sources (tests aside) never ask Rust to print a float with a precision (`{:.1}`): one such
    /// format anywhere brings the whole float printer back into the WebAssembly (see the module
    /// documentation). `{}` and `to_string` on an `f64` do too, but cannot be told from other values here.
    #[test]
    fn no_source_prints_a_float_with_a_precision() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut stack = vec![root];
        let mut found = Vec::new();
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap().flatten() {
                let path = entry.path();
                let name = path.to_string_lossy().to_string();
                if path.is_dir() {
                    if !name.ends_with("/tests") {
                        stack.push(path);
                    }
                    continue;
                }
                if !name.ends_with(".rs")
                    || name.ends_with("numbers.rs")
                    || name.ends_with("test_support.rs")
                {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                let code = text.split("#[cfg(test)]").next().unwrap_or("");
                for (number, line) in code.lines().enumerate() {
                    let bytes = line.as_bytes();
                    let precision = bytes
                        .windows(3)
                        .any(|w| w[0] == b':' && w[1] == b'.' && w[2].is_ascii_digit());
                    if precision && !line.trim_start().starts_with("//") {
                        found.push(format!("{name}:{}", number + 1));
                    }
                }
            }
        }
        assert!(
            found.is_empty(),
            "use ui::numbers::fixed instead: {found:?}"
        );
    }

    #[test]
    fn one_decimal_is_written_as_fixed_writes_it() {
        let mut x = -700.0;
        while x < 700.0 {
            for value in [x, x + 0.05, x - 0.05, x + 1e-9, 320.25, -0.04, 0.04, 0.95] {
                let mut out = String::new();
                super::push_fixed1(&mut out, value);
                // Rust's `{:.1}` rounds an exact tie to even, toFixed away from zero.
                let tie = (value * 20.0).fract() == 0.0 && (value * 10.0).fract() != 0.0;
                if !tie {
                    assert_eq!(out, super::fixed(value, 1), "{value}");
                }
            }
            x += 0.37;
        }
        let mut out = String::new();
        super::push_fixed1(&mut out, 320.25);
        assert_eq!(out, "320.3");
    }

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
