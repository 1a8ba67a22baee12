//! Reading back the φ values that heartbeat nodes write into the trace (`{:.2}`: `"12.34"`, `"inf"`).
//!
//! `str::parse::<f64>` would do, but its table of powers of five is 10 kB of the app's WebAssembly, and
//! this is the only float the core reads from text. Written decimals of up to 15 significant digits (every
//! φ below 10^13, far beyond what a detector reaches in a run) are read exactly as `str::parse` reads them:
//! the digits form an integer below 2^53 and the point a power of ten up to 10^22, both exact floats, so
//! the one division rounds correctly. Longer ones are read within a few units in the last place.

/// The float a φ text stands for, or `None` if it is not a decimal (or `inf`, `-inf`, `NaN`).
pub(crate) fn parse_phi(text: &str) -> Option<f64> {
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let magnitude = match unsigned {
        "inf" => f64::INFINITY,
        "NaN" => f64::NAN,
        _ => parse_unsigned_decimal(unsigned)?,
    };
    Some(if negative { -magnitude } else { magnitude })
}

/// Digits with at most one point (`"12"`, `"12.5"`, `"0.05"`).
fn parse_unsigned_decimal(text: &str) -> Option<f64> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let all_digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !all_digits(whole) || !all_digits(fraction) {
        return None;
    }
    let digits = whole
        .bytes()
        .chain(fraction.bytes())
        .map(|b| u64::from(b - b'0'));
    const EXACT_BELOW: u64 = 1 << 53;
    let mut integer: u64 = 0;
    let mut exact = fraction.len() <= 22;
    let mut approximate = 0.0;
    for digit in digits {
        approximate = approximate * 10.0 + digit as f64;
        if exact {
            integer = integer * 10 + digit;
            exact = integer < EXACT_BELOW;
        }
    }
    let scale = 10f64.powi(fraction.len() as i32);
    Some(if exact {
        integer as f64 / scale
    } else {
        approximate / scale
    })
}

#[cfg(test)]
mod tests {
    use super::parse_phi;

    #[test]
    fn phi_texts_read_back_as_str_parse_reads_them() {
        let values = [
            0.0,
            0.004,
            0.005,
            1.0,
            1.25,
            2.675,
            8.125,
            16.0,
            123.456,
            99999.995,
            1.0e12 / 3.0,
        ];
        for value in values {
            let text = format!("{value:.2}");
            assert_eq!(parse_phi(&text), text.parse::<f64>().ok(), "{text}");
        }
        for text in ["inf", "-inf", "-0.00", "0.10", "7", "12345678901234.56"] {
            assert_eq!(
                parse_phi(text).map(f64::to_bits),
                text.parse::<f64>().ok().map(f64::to_bits),
                "{text}"
            );
        }
        assert!(parse_phi("NaN").unwrap().is_nan());
    }

    #[test]
    fn anything_else_is_not_a_phi() {
        for text in ["", ".", ".5", "1.2.3", "abc", "1e5", " 1", "+1", "--1"] {
            assert_eq!(parse_phi(text), None, "{text}");
        }
    }
}
