//! A small map kept as a vector sorted by key, with the few `BTreeMap` methods the sequence diagram uses.
//!
//! The diagram's index keeps a handful of entries per node and one per message, added in key order, so a
//! sorted vector is as quick as a B-tree. It is much smaller in the app: each key and value type given to
//! `BTreeMap` compiled 2–3 kB of WebAssembly, and the diagram used four.
#[derive(Clone, Debug)]
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

    fn find(&self, key: &K) -> Result<usize, usize> {
        self.entries.binary_search_by(|(k, _)| k.cmp(key))
    }

    /// The value of `key`, if any.
    pub fn get(&self, key: &K) -> Option<&V> {
        let at = self.find(key).ok()?;
        Some(&self.entries[at].1)
    }

    /// Whether `key` has a value.
    pub fn contains_key(&self, key: &K) -> bool {
        self.find(key).is_ok()
    }

    /// Sets the value of `key`, replacing any.
    pub fn insert(&mut self, key: K, value: V) {
        match self.find(&key) {
            Ok(at) => self.entries[at].1 = value,
            Err(at) => self.entries.insert(at, (key, value)),
        }
    }

    /// Takes the value of `key` out, if any.
    pub fn remove(&mut self, key: &K) -> Option<V> {
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
}
