//! `gmtime` and `strftime` for SQLite in the WebAssembly build, which has no C library.
//!
//! That build leaves SQLite's date and time functions out (`SQLITE_OMIT_DATETIME_FUNCS` in
//! `bindings/wasm/sqlite/options.txt`, about 15 KB of code the store never runs: its clock is
//! the host's).
//! What SQLite keeps instead, the `current_time`, `current_date` and `current_timestamp` of
//! column defaults, formats the statement time with these two C functions. Both work in UTC
//! and understand the conversions SQLite asks for (`%Y %m %d %H %M %S` and `%%`).

use std::ffi::{c_char, c_int, c_long};

/// The C `struct tm` of sqlite-wasm-rs's C headers (musl's layout, as Emscripten's).
#[repr(C)]
pub struct Tm {
    tm_sec: c_int,
    tm_min: c_int,
    tm_hour: c_int,
    tm_mday: c_int,
    tm_mon: c_int,
    tm_year: c_int,
    tm_wday: c_int,
    tm_yday: c_int,
    tm_isdst: c_int,
    tm_gmtoff: c_long,
    tm_zone: *const c_char,
}

/// The UTC calendar fields of `secs` seconds since 1970-01-01T00:00:00Z, or `None` when the
/// year does not fit a `c_int`.
fn utc(secs: i64) -> Option<Tm> {
    let days = secs.div_euclid(86_400);
    let second = secs.rem_euclid(86_400) as c_int;
    let (year, month, day) = userstore::clock::civil_from_days(days);
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    const BEFORE: [c_int; 12] = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
    let yday = BEFORE[month as usize - 1] + day as c_int - 1 + c_int::from(leap && month > 2);
    Some(Tm {
        tm_sec: second % 60,
        tm_min: second / 60 % 60,
        tm_hour: second / 3600,
        tm_mday: day as c_int,
        tm_mon: month as c_int - 1,
        tm_year: c_int::try_from(year - 1900).ok()?,
        tm_wday: (days + 4).rem_euclid(7) as c_int,
        tm_yday: yday,
        tm_isdst: 0,
        tm_gmtoff: 0,
        tm_zone: c"UTC".as_ptr(),
    })
}

/// `format` with `tm`'s fields: `%Y` (at least 4 digits), `%m %d %H %M %S` (2 digits) and
/// `%%`; any other conversion is `None`.
fn format(format: &[u8], tm: &Tm) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(format.len() + 8);
    let mut bytes = format.iter();
    while let Some(&b) = bytes.next() {
        if b != b'%' {
            out.push(b);
            continue;
        }
        let (value, width) = match bytes.next()? {
            b'Y' => (i64::from(tm.tm_year) + 1900, 4),
            b'm' => (i64::from(tm.tm_mon) + 1, 2),
            b'd' => (i64::from(tm.tm_mday), 2),
            b'H' => (i64::from(tm.tm_hour), 2),
            b'M' => (i64::from(tm.tm_min), 2),
            b'S' => (i64::from(tm.tm_sec), 2),
            b'%' => {
                out.push(b'%');
                continue;
            }
            _ => return None,
        };
        out.extend_from_slice(format!("{value:0width$}").as_bytes());
    }
    Some(out)
}

/// C `gmtime`: the UTC fields of `*t`, in one static buffer (as libc's, so not reentrant;
/// SQLite calls it under its main mutex), or NULL.
///
/// # Safety
///
/// `t` must point to a readable `time_t` (64 bits).
#[cfg(target_arch = "wasm32")]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gmtime(t: *const i64) -> *mut Tm {
    static mut BUFFER: Tm = Tm {
        tm_sec: 0,
        tm_min: 0,
        tm_hour: 0,
        tm_mday: 0,
        tm_mon: 0,
        tm_year: 0,
        tm_wday: 0,
        tm_yday: 0,
        tm_isdst: 0,
        tm_gmtoff: 0,
        tm_zone: std::ptr::null(),
    };
    // SAFETY: the caller passes a readable time_t; wasm32 has one thread.
    match utc(unsafe { *t }) {
        Some(tm) => unsafe {
            std::ptr::addr_of_mut!(BUFFER).write(tm);
            std::ptr::addr_of_mut!(BUFFER)
        },
        None => std::ptr::null_mut(),
    }
}

/// C `strftime` for the conversions of [`format`]: writes the text and a NUL into `s` and
/// returns its length, or returns 0 when it does not fit in `max` bytes or a conversion is
/// unknown.
///
/// # Safety
///
/// `s` must be writable for `max` bytes, `fmt` a NUL-terminated string, `tm` readable.
#[cfg(target_arch = "wasm32")]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn strftime(
    s: *mut c_char,
    max: usize,
    fmt: *const c_char,
    tm: *const Tm,
) -> usize {
    // SAFETY: as the caller promises.
    let (fmt, tm) = unsafe { (std::ffi::CStr::from_ptr(fmt).to_bytes(), &*tm) };
    match format(fmt, tm) {
        Some(text) if text.len() < max => {
            // SAFETY: `s` has room for the text and its NUL (checked above).
            unsafe {
                std::ptr::copy_nonoverlapping(text.as_ptr(), s.cast::<u8>(), text.len());
                *s.add(text.len()) = 0;
            }
            text.len()
        }
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(secs: i64, fmt: &str) -> String {
        String::from_utf8(format(fmt.as_bytes(), &utc(secs).unwrap()).unwrap()).unwrap()
    }

    #[test]
    fn formats_sqlites_current_time_shapes_in_utc() {
        // 2026-12-02T03:24:35Z, a Wednesday, day 336 of the year.
        let t = 1_796_181_875;
        assert_eq!(text(t, "%Y-%m-%d %H:%M:%S"), "2026-12-02 03:24:35");
        assert_eq!(text(t, "%Y-%m-%d"), "2026-12-02");
        assert_eq!(text(t, "%H:%M:%S"), "03:24:35");
        let tm = utc(t).unwrap();
        assert_eq!((tm.tm_wday, tm.tm_yday), (3, 335));
    }

    #[test]
    fn handles_the_epoch_leap_days_and_times_before_1970() {
        assert_eq!(text(0, "%Y-%m-%d %H:%M:%S"), "1970-01-01 00:00:00");
        assert_eq!(text(951_782_400, "%Y-%m-%d"), "2000-02-29");
        assert_eq!(utc(951_782_400).unwrap().tm_yday, 59);
        assert_eq!(text(-1, "%Y-%m-%d %H:%M:%S"), "1969-12-31 23:59:59");
        assert_eq!(
            text(253_402_300_799, "%Y-%m-%d %H:%M:%S"),
            "9999-12-31 23:59:59"
        );
    }

    #[test]
    fn refuses_unknown_conversions_and_keeps_literal_percent() {
        assert_eq!(format(b"%a", &utc(0).unwrap()), None);
        assert_eq!(format(b"100%", &utc(0).unwrap()), None);
        assert_eq!(text(0, "%%Y"), "%Y");
    }
}
