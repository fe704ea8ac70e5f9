//! Typed publication dates: ISO 8601 / RFC 3339 and RFC 2822, as real feeds write them.

use std::fmt;

use jiff::civil;
use jiff::fmt::rfc2822;
use jiff::fmt::temporal::Pieces;
use jiff::tz::Offset;
use jiff::Timestamp;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A publication date as precise as the input: a calendar day, a wall-clock time without
/// a UTC offset, or an instant with the offset it was written in.
///
/// Serialises as ISO 8601 (`2023-04-18`, `2023-04-18T10:05:00`, `2023-04-18T10:05:00+03:00`)
/// and parses that form back to an equal value.
///
/// ```
/// use newsgaz::article::PublishedDate;
/// let date = PublishedDate::parse("Tue, 18 Apr 2023 10:05:00 +0300").unwrap();
/// assert_eq!(date.to_string(), "2023-04-18T10:05:00+03:00");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PublishedDate {
    repr: Repr,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Repr {
    Day(civil::Date),
    Local(civil::DateTime),
    Instant(Timestamp, Offset),
}

impl PublishedDate {
    /// Parses ISO 8601 (`2023-04-18`, `2023-04-18T10:05:00Z`, `2023-04-18 10:05+03:00`) or
    /// RFC 2822 (`Tue, 18 Apr 2023 10:05:00 +0300`). `None` when neither fits.
    ///
    /// ```
    /// use newsgaz::article::PublishedDate;
    /// assert!(PublishedDate::parse("2023-04-18").is_some());
    /// assert!(PublishedDate::parse("last Tuesday").is_none());
    /// ```
    pub fn parse(input: &str) -> Option<PublishedDate> {
        let input = input.trim();
        if let Ok(pieces) = Pieces::parse(input) {
            let date = pieces.date();
            let repr = match (pieces.time(), pieces.offset()) {
                (None, _) => Repr::Day(date),
                (Some(time), None) => Repr::Local(date.to_datetime(time)),
                (Some(time), Some(offset)) => {
                    let offset = offset.to_numeric_offset();
                    let timestamp = offset.to_timestamp(date.to_datetime(time)).ok()?;
                    Repr::Instant(timestamp, offset)
                }
            };
            return Some(PublishedDate { repr });
        }
        static RFC2822: rfc2822::DateTimeParser = rfc2822::DateTimeParser::new();
        let zoned = RFC2822.parse_zoned(input).ok()?;
        Some(PublishedDate {
            repr: Repr::Instant(zoned.timestamp(), zoned.offset()),
        })
    }

    /// The calendar day as written (in the input's own offset): `(year, month, day)`.
    ///
    /// ```
    /// assert_eq!(newsgaz::article::PublishedDate::parse("2023-04-18T23:30:00-05:00").unwrap().ymd(), (2023, 4, 18));
    /// ```
    pub fn ymd(&self) -> (i16, i8, i8) {
        let date = match self.repr {
            Repr::Day(d) => d,
            Repr::Local(dt) => dt.date(),
            Repr::Instant(ts, offset) => offset.to_datetime(ts).date(),
        };
        (date.year(), date.month(), date.day())
    }

    /// Seconds since 1970-01-01T00:00:00Z, when the input gave a time and a UTC offset.
    ///
    /// ```
    /// use newsgaz::article::PublishedDate;
    /// assert_eq!(PublishedDate::parse("1970-01-01T00:01:00Z").unwrap().unix_seconds(), Some(60));
    /// assert_eq!(PublishedDate::parse("1970-01-01").unwrap().unix_seconds(), None);
    /// ```
    pub fn unix_seconds(&self) -> Option<i64> {
        match self.repr {
            Repr::Instant(ts, _) => Some(ts.as_second()),
            _ => None,
        }
    }

    /// The UTC offset the input was written in, in seconds east of UTC, when it gave one.
    ///
    /// ```
    /// let date = newsgaz::article::PublishedDate::parse("2023-04-18T10:05:00+03:00").unwrap();
    /// assert_eq!(date.utc_offset_seconds(), Some(3 * 3600));
    /// ```
    pub fn utc_offset_seconds(&self) -> Option<i32> {
        match self.repr {
            Repr::Instant(_, offset) => Some(offset.seconds()),
            _ => None,
        }
    }

    /// True when the input gave a time of day.
    ///
    /// ```
    /// assert!(!newsgaz::article::PublishedDate::parse("2023-04-18").unwrap().has_time());
    /// ```
    pub fn has_time(&self) -> bool {
        !matches!(self.repr, Repr::Day(_))
    }
}

impl fmt::Display for PublishedDate {
    /// ISO 8601: the form `PublishedDate::parse` reads back to an equal value.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.repr {
            Repr::Day(d) => write!(f, "{d}"),
            Repr::Local(dt) => write!(f, "{dt}"),
            Repr::Instant(ts, offset) => {
                let seconds = offset.seconds();
                let sign = if seconds < 0 { '-' } else { '+' };
                let (h, m, s) = (
                    seconds.abs() / 3600,
                    seconds.abs() / 60 % 60,
                    seconds.abs() % 60,
                );
                write!(f, "{}{sign}{h:02}:{m:02}", offset.to_datetime(ts))?;
                if s != 0 {
                    write!(f, ":{s:02}")?;
                }
                Ok(())
            }
        }
    }
}

impl Serialize for PublishedDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PublishedDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<PublishedDate, D::Error> {
        let s = String::deserialize(deserializer)?;
        PublishedDate::parse(&s).ok_or_else(|| {
            serde::de::Error::custom(format!("not an ISO 8601 or RFC 2822 date: {s:?}"))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_each_precision() {
        let cases = [
            ("2023-04-18", "2023-04-18", None, None),
            ("2023-04-18T10:05:00", "2023-04-18T10:05:00", None, None),
            (
                "2023-04-18T10:05:00Z",
                "2023-04-18T10:05:00+00:00",
                Some(1_681_812_300),
                Some(0),
            ),
            (
                "2023-04-18T10:05:00+03:00",
                "2023-04-18T10:05:00+03:00",
                Some(1_681_801_500),
                Some(10_800),
            ),
            (
                "2023-04-18 10:05:00.250-05:00",
                "2023-04-18T10:05:00.25-05:00",
                Some(1_681_830_300),
                Some(-18_000),
            ),
            (
                "Tue, 18 Apr 2023 10:05:00 +0300",
                "2023-04-18T10:05:00+03:00",
                Some(1_681_801_500),
                Some(10_800),
            ),
            (
                "18 Apr 2023 10:05 GMT",
                "2023-04-18T10:05:00+00:00",
                Some(1_681_812_300),
                Some(0),
            ),
        ];
        for (input, shown, unix, offset) in cases {
            let d = PublishedDate::parse(input).unwrap_or_else(|| panic!("{input}"));
            assert_eq!(d.to_string(), shown, "{input}");
            assert_eq!(d.unix_seconds(), unix, "{input}");
            assert_eq!(d.utc_offset_seconds(), offset, "{input}");
            assert_eq!(d.ymd(), (2023, 4, 18), "{input}");
            assert_eq!(PublishedDate::parse(shown), Some(d), "{input} round trip");
        }
    }

    #[test]
    fn rejects_what_is_not_a_date() {
        for input in [
            "",
            "yesterday",
            "2023-13-01",
            "18/04/2023",
            "Tue, 31 Feb 2023 10:00 +0000",
        ] {
            assert_eq!(PublishedDate::parse(input), None, "{input}");
        }
    }
}
