//! A small map kept as a vector sorted by key, with the few `BTreeMap` methods the app uses.
//!
//! The sequence diagram's index keeps a handful of entries per node and one per message, added in key
//! order, and a run file has a few settings, so a sorted vector is as quick as a B-tree. It is much smaller
//! in the app: each key and value type given to `BTreeMap` compiled 2–3 kB of WebAssembly (about 2 kB of
//! gzip each), and the diagram used four. In JSON it is an object, read as `BTreeMap` reads one (a repeated
//! key keeps its last value) and written in key order.
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde::ser::{Serialize, Serializer};
use std::borrow::Borrow;
use std::fmt;
use std::marker::PhantomData;

/// A map sorted by key (see the module documentation).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VecMap<K, V> {
    entries: Vec<(K, V)>,
}

impl<K, V> Default for VecMap<K, V> {
    fn default() -> Self {
        VecMap {
            entries: Vec::new(),
        }
    }
}

impl<K: Ord, V> VecMap<K, V> {
    /// An empty map.
    pub fn new() -> Self {
        Self::default()
    }

    fn find<Q: Ord + ?Sized>(&self, key: &Q) -> Result<usize, usize>
    where
        K: Borrow<Q>,
    {
        self.entries.binary_search_by(|(k, _)| k.borrow().cmp(key))
    }

    /// The value of `key`, if any.
    pub fn get<Q: Ord + ?Sized>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
    {
        let at = self.find(key).ok()?;
        Some(&self.entries[at].1)
    }

    /// Whether `key` has a value.
    pub fn contains_key<Q: Ord + ?Sized>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
    {
        self.find(key).is_ok()
    }

    /// How many entries there are.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Every entry, by increasing key.
    pub fn iter(&self) -> impl Iterator<Item = (&K, &V)> {
        self.entries.iter().map(|(k, v)| (k, v))
    }

    /// Sets the value of `key`, replacing any.
    pub fn insert(&mut self, key: K, value: V) {
        match self.find(&key) {
            Ok(at) => self.entries[at].1 = value,
            Err(at) => self.entries.insert(at, (key, value)),
        }
    }

    /// Takes the value of `key` out, if any.
    pub fn remove<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
    {
        let at = self.find(key).ok()?;
        Some(self.entries.remove(at).1)
    }

    /// The value of `key`, made by `make` first if it has none (`entry(key).or_insert_with(make)`).
    pub fn or_insert_with(&mut self, key: K, make: impl FnOnce() -> V) -> &mut V {
        let at = match self.find(&key) {
            Ok(at) => at,
            Err(at) => {
                self.entries.insert(at, (key, make()));
                at
            }
        };
        &mut self.entries[at].1
    }
}

impl<K: Serialize, V: Serialize> Serialize for VecMap<K, V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.entries.iter().map(|(k, v)| (k, v)))
    }
}

impl<'de, K: Deserialize<'de> + Ord, V: Deserialize<'de>> Deserialize<'de> for VecMap<K, V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Entries<K, V>(PhantomData<(K, V)>);

        impl<'de, K: Deserialize<'de> + Ord, V: Deserialize<'de>> Visitor<'de> for Entries<K, V> {
            type Value = VecMap<K, V>;

            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("a map")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
                let mut map = VecMap::new();
                while let Some((key, value)) = access.next_entry()? {
                    map.insert(key, value);
                }
                Ok(map)
            }
        }

        deserializer.deserialize_map(Entries(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::VecMap;

    #[test]
    fn it_answers_as_a_btree_map_would() {
        let mut map = VecMap::new();
        map.insert(7u64, "seven");
        map.insert(2, "two");
        map.insert(7, "SEVEN");
        assert_eq!(map.get(&7), Some(&"SEVEN"));
        assert!(map.contains_key(&2) && !map.contains_key(&3));
        assert_eq!(*map.or_insert_with(3, || "three"), "three");
        assert_eq!(*map.or_insert_with(3, || unreachable!()), "three");
        assert_eq!(map.remove(&2), Some("two"));
        assert_eq!(map.remove(&2), None);
        assert_eq!(map.entries, [(3, "three"), (7, "SEVEN")]);
    }

    #[test]
    fn in_json_it_is_an_object_read_as_a_btree_map_reads_one() {
        let map: VecMap<String, String> =
            serde_json::from_str(r#"{"b":"2","a":"1","b":"3"}"#).unwrap();
        assert_eq!(map.get("b").map(String::as_str), Some("3"));
        assert_eq!(map.len(), 2);
        assert_eq!(serde_json::to_string(&map).unwrap(), r#"{"a":"1","b":"3"}"#);
        assert!(serde_json::from_str::<VecMap<String, String>>("[1]").is_err());
    }
}
