//! Everything the ring panel's link carries, parsed leniently (problems reported, defaults used) and written
//! back after every change, so a copied link reopens the same picture.
//!
//! Nodes travel as repeated `n=<weight>.<u|d>.<name>` parameters: the name comes last so that it may hold
//! anything, dots and colons included (`n=1.u.10.0.0.1:11211`). `b=` entries, in the same form, hold the
//! cluster before the last change, so the "keys moved" figures survive the link too.
use crate::core::ring::{AlgorithmKind, Cluster, HashMode, NodeSpec, NodeState, SceneSettings};
use crate::core::share::{SettingsReader, ShareError};
use crate::ui::url::HashUrl;

pub const VNODES_MIN: u32 = 1;
pub const VNODES_MAX: u32 = 1_000;
pub const KEYS_MIN: u32 = 10;
pub const KEYS_MAX: u32 = 100_000;
pub const REPLICAS_MIN: u32 = 1;
pub const REPLICAS_MAX: u32 = 5;
pub const EPSILON_MIN: f64 = 0.0;
pub const EPSILON_MAX: f64 = 2.0;
pub const WEIGHT_MAX: u32 = 100;
pub const NODES_MAX: usize = 100;
pub const NAME_CHARS_MAX: usize = 40;

/// The ring panel's settings.
#[derive(Clone, Debug, PartialEq)]
pub struct RingSettings {
    pub algorithm: AlgorithmKind,
    pub hash_mode: HashMode,
    pub nodes: Vec<NodeSpec>,
    /// The cluster before the last change, if there was one.
    pub before: Option<Vec<NodeSpec>>,
    pub vnodes: u32,
    pub key_count: u32,
    pub key_seed: u64,
    pub replicas: u32,
    pub epsilon: f64,
    pub compare: Option<AlgorithmKind>,
    pub lookup: String,
}

/// The starting cluster: five cache servers.
pub fn default_nodes() -> Vec<NodeSpec> {
    (1..=5)
        .map(|i| NodeSpec::up(format!("cache-{i}")))
        .collect()
}

impl Default for RingSettings {
    fn default() -> Self {
        RingSettings {
            algorithm: AlgorithmKind::Ring,
            hash_mode: HashMode::Xxh3,
            nodes: default_nodes(),
            before: None,
            vnodes: 100,
            key_count: 2_000,
            key_seed: 1,
            replicas: 3,
            epsilon: 0.25,
            compare: None,
            lookup: String::new(),
        }
    }
}

/// Why a node entry of a link is unusable, in words for the notice.
fn parse_node(entry: &str) -> Result<NodeSpec, String> {
    let (weight, rest) = entry
        .split_once('.')
        .ok_or("expected weight.state.name, e.g. 1.u.cache-1")?;
    let (state, name) = rest
        .split_once('.')
        .ok_or("expected weight.state.name, e.g. 1.u.cache-1")?;
    let weight: u32 = weight
        .parse()
        .map_err(|_| format!("weight “{weight}” is not a whole number"))?;
    if !(1..=WEIGHT_MAX).contains(&weight) {
        return Err(format!("weight must be 1–{WEIGHT_MAX}"));
    }
    let state = match state {
        "u" => NodeState::Up,
        "d" => NodeState::Down,
        other => return Err(format!("state “{other}” must be u (up) or d (down)")),
    };
    let name = name.trim();
    if name.is_empty() || name.chars().count() > NAME_CHARS_MAX {
        return Err(format!("a name has 1–{NAME_CHARS_MAX} characters"));
    }
    Ok(NodeSpec {
        name: name.to_string(),
        weight,
        state,
    })
}

fn node_entry(node: &NodeSpec) -> String {
    let state = match node.state {
        NodeState::Up => "u",
        NodeState::Down => "d",
    };
    format!("{}.{}.{}", node.weight, state, node.name)
}

/// Reads a list of node entries, skipping (and reporting) bad and duplicate ones.
fn read_nodes(reader: &mut SettingsReader<'_>, param: &'static str) -> Vec<NodeSpec> {
    let mut nodes: Vec<NodeSpec> = Vec::new();
    for entry in reader.all(param) {
        let parsed = parse_node(entry).and_then(|node| {
            if nodes.iter().any(|n| n.name == node.name) {
                Err(format!("two nodes are named “{}”", node.name))
            } else if nodes.len() >= NODES_MAX {
                Err(format!("at most {NODES_MAX} nodes"))
            } else {
                Ok(node)
            }
        });
        match parsed {
            Ok(node) => nodes.push(node),
            Err(reason) => reader.problem(ShareError::BadSetting {
                param: param.to_string(),
                value: entry.to_string(),
                reason,
            }),
        }
    }
    nodes
}

impl RingSettings {
    /// Reads the link; anything unusable is reported and replaced by its default.
    pub fn from_params(reader: &mut SettingsReader<'_>) -> RingSettings {
        let defaults = RingSettings::default();
        let algorithm = AlgorithmKind::ALL[reader.choice("algo", &AlgorithmKind::CODES, 0)];
        let hash_mode = match reader.choice("hash", &["xxh3", "ketama"], 0) {
            1 => HashMode::Ketama,
            _ => HashMode::Xxh3,
        };
        let mut nodes = read_nodes(reader, "n");
        if nodes.is_empty() {
            nodes = defaults.nodes.clone();
        }
        let before = Some(read_nodes(reader, "b")).filter(|b| !b.is_empty());
        let vnodes = reader.u64_in(
            "vnodes",
            VNODES_MIN.into(),
            VNODES_MAX.into(),
            defaults.vnodes.into(),
        ) as u32;
        let key_count = reader.u64_in(
            "keys",
            KEYS_MIN.into(),
            KEYS_MAX.into(),
            defaults.key_count.into(),
        ) as u32;
        let key_seed = reader.u64_in("kseed", 0, u64::MAX, defaults.key_seed);
        let replicas = reader.u64_in(
            "r",
            REPLICAS_MIN.into(),
            REPLICAS_MAX.into(),
            defaults.replicas.into(),
        ) as u32;
        let epsilon = reader.f64_in("eps", EPSILON_MIN, EPSILON_MAX, defaults.epsilon);
        let compare = if reader.raw("compare").is_some() {
            Some(AlgorithmKind::ALL[reader.choice("compare", &AlgorithmKind::CODES, 1)])
        } else {
            None
        };
        let lookup = reader.raw("key").unwrap_or("").chars().take(200).collect();
        RingSettings {
            algorithm,
            hash_mode,
            nodes,
            before,
            vnodes,
            key_count,
            key_seed,
            replicas,
            epsilon,
            compare,
            lookup,
        }
    }

    /// Writes every setting into the hash, keeping unrelated parameters (such as `lang`).
    pub fn write_into(&self, url: &mut HashUrl) {
        url.set("algo", Some(self.algorithm.code().to_string()));
        url.set(
            "hash",
            Some(
                match self.hash_mode {
                    HashMode::Xxh3 => "xxh3",
                    HashMode::Ketama => "ketama",
                }
                .to_string(),
            ),
        );
        url.set("vnodes", Some(self.vnodes.to_string()));
        url.set("keys", Some(self.key_count.to_string()));
        url.set("kseed", Some(self.key_seed.to_string()));
        url.set("r", Some(self.replicas.to_string()));
        url.set("eps", Some(crate::core::decimal::shortest(self.epsilon)));
        url.set("compare", self.compare.map(|k| k.code().to_string()));
        url.set(
            "key",
            Some(self.lookup.clone()).filter(|key| !key.is_empty()),
        );
        url.set_all("n", &self.nodes.iter().map(node_entry).collect::<Vec<_>>());
        url.set_all(
            "b",
            &self
                .before
                .iter()
                .flatten()
                .map(node_entry)
                .collect::<Vec<_>>(),
        );
    }

    /// The settings that draw `scene` (a challenge's starting picture, described by the core).
    pub fn from_scene(scene: &SceneSettings) -> RingSettings {
        RingSettings {
            algorithm: scene.algorithm,
            hash_mode: scene.hash_mode,
            nodes: scene.cluster.nodes().to_vec(),
            before: scene.before.as_ref().map(|b| b.nodes().to_vec()),
            vnodes: scene.vnodes,
            key_count: scene.key_count,
            key_seed: scene.key_seed,
            replicas: scene.replicas,
            epsilon: scene.epsilon,
            compare: scene.compare,
            lookup: scene.lookup.clone(),
        }
    }

    /// What the core is asked to draw. The node lists were validated by the link parser and the editing
    /// actions; should one still not make a cluster, the default cluster stands in (and an unusable
    /// "before" is dropped) rather than the page panicking.
    pub fn scene_settings(&self) -> SceneSettings {
        let cluster = Cluster::new(self.nodes.clone())
            .or_else(|_| Cluster::new(default_nodes()))
            .unwrap_or_default();
        let before = self
            .before
            .as_ref()
            .and_then(|nodes| Cluster::new(nodes.clone()).ok());
        SceneSettings {
            algorithm: self.algorithm,
            compare: self.compare,
            hash_mode: self.hash_mode,
            vnodes: self.vnodes,
            epsilon: self.epsilon,
            cluster,
            before,
            key_count: self.key_count,
            key_seed: self.key_seed,
            replicas: self.replicas,
            lookup: self.lookup.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(hash: &str) -> (RingSettings, Vec<ShareError>) {
        let url = HashUrl::parse(hash);
        let params = crate::core::share::Params(url.params.clone());
        let mut reader = SettingsReader::new(&params);
        let settings = RingSettings::from_params(&mut reader);
        (settings, reader.finish(&crate::ui::route::APP_PARAMS))
    }

    #[test]
    fn settings_round_trip_through_the_link() {
        let settings = RingSettings {
            algorithm: AlgorithmKind::BoundedLoads,
            hash_mode: HashMode::Ketama,
            nodes: vec![
                NodeSpec::weighted("10.0.0.1:11211", 2),
                NodeSpec {
                    name: "<b>evil</b> & co".into(),
                    weight: 1,
                    state: NodeState::Down,
                },
            ],
            before: Some(vec![NodeSpec::up("10.0.0.1:11211")]),
            vnodes: 160,
            key_count: 50_000,
            key_seed: 9,
            replicas: 2,
            epsilon: 0.1,
            compare: Some(AlgorithmKind::Modulo),
            lookup: "user:42".into(),
        };
        let mut url = HashUrl::parse("#/ring?lang=zh-CN");
        settings.write_into(&mut url);
        let (again, problems) = read(&url.to_hash());
        assert_eq!(again, settings);
        assert!(problems.is_empty(), "{problems:?}");
    }

    #[test]
    fn bad_entries_are_reported_and_defaults_used() {
        let (settings, problems) =
            read("#/ring?algo=magic&n=0.u.a&n=1.x.b&n=1.u.ok&n=1.u.ok&vnodes=5000&eps=nan");
        assert_eq!(settings.algorithm, AlgorithmKind::Ring);
        assert_eq!(settings.nodes, vec![NodeSpec::up("ok")]);
        assert_eq!(settings.vnodes, 100);
        assert_eq!(settings.epsilon, 0.25);
        assert_eq!(problems.len(), 6, "{problems:?}");
    }

    #[test]
    fn every_algorithm_is_read_by_the_word_links_already_use() {
        let words = ["ring", "modulo", "jump", "rendezvous", "bounded"];
        for (word, kind) in words.iter().zip(AlgorithmKind::ALL) {
            let (settings, problems) = read(&format!("#/ring?algo={word}&compare={word}"));
            assert_eq!(settings.algorithm, kind);
            assert_eq!(settings.compare, Some(kind));
            assert!(problems.is_empty(), "{problems:?}");
            let mut url = HashUrl::parse("#/ring");
            settings.write_into(&mut url);
            assert!(
                url.to_hash().contains(&format!("algo={word}")),
                "{}",
                url.to_hash()
            );
        }
    }

    #[test]
    fn settings_become_the_scene_the_core_draws() {
        let (settings, _) = read("#/ring?algo=jump&compare=bounded&n=2.u.a&n=1.d.b&b=2.u.a&b=1.u.b&vnodes=7&keys=500&kseed=3&r=2&eps=0.5&key=k&hash=ketama");
        let scene = settings.scene_settings();
        assert_eq!(scene.algorithm, AlgorithmKind::Jump);
        assert_eq!(scene.compare, Some(AlgorithmKind::BoundedLoads));
        assert_eq!(scene.cluster.nodes(), settings.nodes.as_slice());
        assert_eq!(
            scene.before.as_ref().map(|b| b.nodes().to_vec()),
            settings.before
        );
        assert_eq!(
            (
                scene.hash_mode,
                scene.vnodes,
                scene.key_count,
                scene.key_seed,
                scene.replicas,
                scene.epsilon
            ),
            (HashMode::Ketama, 7, 500, 3, 2, 0.5)
        );
        assert_eq!(scene.lookup, "k");
    }

    #[test]
    fn no_usable_node_falls_back_to_the_default_cluster() {
        let (settings, problems) = read("#/ring?n=garbage");
        assert_eq!(settings.nodes, default_nodes());
        assert_eq!(problems.len(), 1);
    }
}
