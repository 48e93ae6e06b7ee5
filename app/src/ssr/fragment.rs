//! Pre-serialised JSON of one facility, and the writer of `/api/nearest`'s answer from such fragments.
//!
//! A [`Fragment`] is a facility serialised once, exactly as serde_json writes a [`Facility`], with the byte
//! range of each top-level member (`"key":value`). A result is then its own two members and the
//! facility's — all of them (the bytes serde wrote for a [`NearestResult`](crate::model::NearestResult),
//! whose `#[serde(flatten)]` facility follows `distance_m` and `stale_after_s`), or those `fields=` names —
//! copied into one output buffer. The writer takes fragments by reference and does not care where they
//! live (built per request, or kept beside each facility and rebuilt on each write).

use serde::Serialize;
use serde::ser::{self, Impossible, SerializeStruct};

use crate::model::{FACILITY_FIELDS, Facility, FacilityKind, ResultFields};

const MEMBERS: usize = FACILITY_FIELDS.len();

/// One facility's JSON and where each of its top-level members ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fragment {
    /// `{"id":…,"name":…,…,"sample":…}`, byte for byte what `serde_json::to_vec(&facility)` gives.
    json: Box<[u8]>,
    /// The end (exclusive) of member `i`, `FACILITY_FIELDS[i]`; it starts one byte after member `i - 1`
    /// ends (past the comma), the first one at 1 (past the brace).
    ends: [u32; MEMBERS],
    /// The facility's kind (its answer's `stale_after_s` follows from it), so a kept fragment answers
    /// without a look at the record.
    kind: FacilityKind,
}

impl Fragment {
    /// Serialise `f` once (one pass of serde_json, recording where each member ends on the way). Fails only
    /// if `Facility`'s serialisation no longer matches [`FACILITY_FIELDS`] (a test guards that).
    pub fn of(f: &Facility) -> Result<Fragment, serde_json::Error> {
        let mut json = Vec::with_capacity(768);
        let ends = f.serialize(Members { out: &mut json, ends: [0; MEMBERS], n: 0 })?;
        Ok(Fragment { json: json.into_boxed_slice(), ends, kind: f.kind })
    }

    pub fn kind(&self) -> FacilityKind {
        self.kind
    }

    /// The facility's JSON object.
    pub fn json(&self) -> &[u8] {
        &self.json
    }

    fn start(&self, i: usize) -> usize {
        if i == 0 { 1 } else { self.ends[i - 1] as usize + 1 }
    }

    /// Member `i` (`"key":value`).
    fn member(&self, i: usize) -> &[u8] {
        &self.json[self.start(i)..self.ends[i] as usize]
    }

    /// Every member, comma-separated, without the braces.
    fn members(&self) -> &[u8] {
        &self.json[1..self.json.len() - 1]
    }
}

/// How many bytes a result of this fragment takes at most beyond the fragment (its own two members).
const RESULT_OVERHEAD: usize = r#"{"distance_m":4294967295,"stale_after_s":-9223372036854775808,}"#.len();

/// One result object into `out`: `{"distance_m":…,"stale_after_s":…,` then the facility's members — or, with
/// `fields`, only the members it names, in the same order.
pub fn write_result(
    out: &mut Vec<u8>,
    fragment: &Fragment,
    distance_m: u32,
    stale_after_s: i64,
    fields: Option<ResultFields>,
) {
    let Some(fields) = fields else {
        out.extend_from_slice(br#"{"distance_m":"#);
        number(out, distance_m);
        out.extend_from_slice(br#","stale_after_s":"#);
        number(out, stale_after_s);
        out.push(b',');
        out.extend_from_slice(fragment.members());
        out.push(b'}');
        return;
    };
    out.push(b'{');
    let mut first = true;
    let mut comma = |out: &mut Vec<u8>| {
        if !std::mem::take(&mut first) {
            out.push(b',');
        }
    };
    if fields.distance_m() {
        comma(out);
        out.extend_from_slice(br#""distance_m":"#);
        number(out, distance_m);
    }
    if fields.stale_after_s() {
        comma(out);
        out.extend_from_slice(br#""stale_after_s":"#);
        number(out, stale_after_s);
    }
    for i in (0..MEMBERS).filter(|i| fields.facility_field(*i)) {
        comma(out);
        out.extend_from_slice(fragment.member(i));
    }
    out.push(b'}');
}

/// A whole answer, `{"results":[…],"as_of":…,"lat":…,"lng":…}`: with every field, byte for byte what serde
/// writes for the [`NearestResponse`](crate::model::NearestResponse) of the same hits.
/// `results` are (fragment, `distance_m`, `stale_after_s`), nearest first.
pub fn write_response<'a>(
    results: impl Iterator<Item = (&'a Fragment, u32, i64)> + Clone,
    as_of: i64,
    lat: f64,
    lng: f64,
    fields: Option<ResultFields>,
) -> Result<Vec<u8>, serde_json::Error> {
    let size: usize = results.clone().map(|(f, _, _)| f.json.len() + RESULT_OVERHEAD).sum();
    let mut out = Vec::with_capacity(size + 96);
    out.extend_from_slice(br#"{"results":["#);
    for (i, (fragment, distance_m, stale_after_s)) in results.enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write_result(&mut out, fragment, distance_m, stale_after_s, fields);
    }
    out.extend_from_slice(br#"],"as_of":"#);
    number(&mut out, as_of);
    // Floats as serde_json writes them (shortest round-trip form), not as `Display` does.
    out.extend_from_slice(br#","lat":"#);
    serde_json::to_writer(&mut out, &lat)?;
    out.extend_from_slice(br#","lng":"#);
    serde_json::to_writer(&mut out, &lng)?;
    out.push(b'}');
    Ok(out)
}

/// An integer as serde_json writes it.
fn number(out: &mut Vec<u8>, n: impl Serialize) {
    // An integer always serialises, and writing to a Vec cannot fail.
    let _ = serde_json::to_writer(out, &n);
}

/// The top-level serialiser of a [`Fragment`]: a struct whose fields are `FACILITY_FIELDS`, in order. Each
/// field is written by serde_json itself, in its compact form, so the bytes are exactly `to_vec`'s; only the
/// end of each member is noted on the way.
struct Members<'a> {
    out: &'a mut Vec<u8>,
    ends: [u32; MEMBERS],
    n: usize,
}

fn mismatch(what: impl std::fmt::Display) -> serde_json::Error {
    ser::Error::custom(format_args!("a facility does not serialise as FACILITY_FIELDS says: {what}"))
}

impl SerializeStruct for Members<'_> {
    type Ok = [u32; MEMBERS];
    type Error = serde_json::Error;

    fn serialize_field<T: ?Sized + Serialize>(&mut self, key: &'static str, value: &T) -> Result<(), Self::Error> {
        // The names are the derive's constants: the tests check them (`field_names_are_what_serde_writes`),
        // so a release build only counts them (see `end`), without a comparison per field.
        debug_assert_eq!(FACILITY_FIELDS.get(self.n), Some(&key), "field {} of a facility", self.n);
        if self.n == MEMBERS {
            return Err(mismatch(format_args!("more than {MEMBERS} fields (`{key}`)")));
        }
        if self.n > 0 {
            self.out.push(b',');
        }
        serde_json::to_writer(&mut *self.out, key)?;
        self.out.push(b':');
        value.serialize(&mut serde_json::Serializer::new(&mut *self.out))?;
        self.ends[self.n] = u32::try_from(self.out.len()).map_err(|_| mismatch("over 4 GB"))?;
        self.n += 1;
        Ok(())
    }

    /// A skipped field would shift every later member: the shape must be the same for every facility.
    fn skip_field(&mut self, key: &'static str) -> Result<(), Self::Error> {
        Err(mismatch(format_args!("`{key}` skipped")))
    }

    fn end(self) -> Result<Self::Ok, Self::Error> {
        if self.n != MEMBERS {
            return Err(mismatch(format_args!("{} fields", self.n)));
        }
        self.out.push(b'}');
        Ok(self.ends)
    }
}

/// Everything but a struct is refused (a facility is a struct).
macro_rules! not_a_struct {
    ($($method:ident($($arg:ty),*)),* $(,)?) => {$(
        fn $method(self, $(_: $arg),*) -> Result<Self::Ok, Self::Error> {
            Err(mismatch("not a struct"))
        }
    )*};
}

impl<'a> ser::Serializer for Members<'a> {
    type Ok = [u32; MEMBERS];
    type Error = serde_json::Error;
    type SerializeSeq = Impossible<Self::Ok, Self::Error>;
    type SerializeTuple = Impossible<Self::Ok, Self::Error>;
    type SerializeTupleStruct = Impossible<Self::Ok, Self::Error>;
    type SerializeTupleVariant = Impossible<Self::Ok, Self::Error>;
    type SerializeMap = Impossible<Self::Ok, Self::Error>;
    type SerializeStruct = Members<'a>;
    type SerializeStructVariant = Impossible<Self::Ok, Self::Error>;

    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Self::SerializeStruct, Self::Error> {
        self.out.push(b'{');
        Ok(self)
    }

    not_a_struct!(
        serialize_bool(bool),
        serialize_i8(i8),
        serialize_i16(i16),
        serialize_i32(i32),
        serialize_i64(i64),
        serialize_u8(u8),
        serialize_u16(u16),
        serialize_u32(u32),
        serialize_u64(u64),
        serialize_f32(f32),
        serialize_f64(f64),
        serialize_char(char),
        serialize_str(&str),
        serialize_bytes(&[u8]),
        serialize_none(),
        serialize_unit(),
        serialize_unit_struct(&'static str),
        serialize_unit_variant(&'static str, u32, &'static str),
    );

    fn serialize_some<T: ?Sized + Serialize>(self, _: &T) -> Result<Self::Ok, Self::Error> {
        Err(mismatch("not a struct"))
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(self, _: &'static str, _: &T) -> Result<Self::Ok, Self::Error> {
        Err(mismatch("not a struct"))
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<Self::Ok, Self::Error> {
        Err(mismatch("not a struct"))
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Self::Error> {
        Err(mismatch("not a struct"))
    }

    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Self::Error> {
        Err(mismatch("not a struct"))
    }

    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeTupleStruct, Self::Error> {
        Err(mismatch("not a struct"))
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Self::Error> {
        Err(mismatch("not a struct"))
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Self::Error> {
        Err(mismatch("not a struct"))
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Self::Error> {
        Err(mismatch("not a struct"))
    }
}

#[cfg(test)]
mod tests;
