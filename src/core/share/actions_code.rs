//! A compact, URL-safe text form of an action list, so a share link stays short and readable:
//! `c1.250_r1.600_x400.0-1~2-3_h700_p2.300.500_d17.120_u9.80_l4.90.30_n1000.10.50.50000.0`.
//!
//! | token | action |
//! |---|---|
//! | `c{node}.{at}` / `r…` / `s…` | crash / recover / restart (crash and recover at once) |
//! | `p{node}.{at}.{duration}` | pause (a GC pause) |
//! | `x{at}.{group}~{group}…`, a group being node ids joined by `-` | partition |
//! | `h{at}` | heal |
//! | `d{msg}.{at}` / `u{msg}.{at}` / `l{msg}.{at}.{by}` | drop / duplicate / delay a message |
//! | `n{at}.{min}.{max}.{loss ppm}.{dup ppm}` then `~{from}-{to}-{min}-{max}-{loss ppm}` per link | network |
//! | `j{node}.{at}.{jump}` (the jump may be negative: `j2.300.-500`) | clock jump |
//! | `k{node}.{at}.{code}` / `k{node}.{at}.{code}.{arg}` | a client command (`k3.1200.acquire`) |
//! | `m{at}` | the user becomes the network (a manual network) |
//! | `v{msg}.{at}` | deliver a message now |
//! | `t{node}.{at}.{timer}` | fire a node's active timer now (its index among the node's timers) |
//!
//! Probabilities travel in parts per million, so they round-trip exactly at that precision.
use super::error::ShareError;
use super::limits::{validate_actions, ActionLimits, ACTIONS_MAX};
use crate::sim::{
    Action, CommandRecord, LinkOverride, MsgId, NetworkConfig, NodeId, ScheduledAction,
};

const SEPARATOR: char = '_';

fn ppm(p: f64) -> u64 {
    (p.clamp(0.0, 1.0) * 1_000_000.0).round() as u64
}

fn from_ppm(ppm: u64) -> f64 {
    ppm as f64 / 1_000_000.0
}

/// Rounds every probability in `actions` to parts per million, the precision a share link carries. A run file
/// is read through this too, so a link and a file of the same run agree, and a probability read from a file
/// prints as a short decimal that reads back exactly (serde_json's default float parsing can be one ulp off
/// for 17-digit values, and its exact mode costs 11 kB of wasm).
pub fn round_probabilities_to_ppm(actions: &mut [ScheduledAction]) {
    let round = |p: &mut f64| *p = from_ppm(ppm(*p));
    for scheduled in actions {
        if let Action::SetNetwork { network } = &mut scheduled.action {
            round(&mut network.loss_probability);
            round(&mut network.duplicate_probability);
            for link in &mut network.links {
                round(&mut link.loss_probability);
            }
        }
    }
}

fn encode_one(scheduled: &ScheduledAction) -> String {
    let at = scheduled.at_ms;
    match &scheduled.action {
        Action::Crash { node } => format!("c{}.{at}", node.0),
        Action::Recover { node } => format!("r{}.{at}", node.0),
        Action::Restart { node } => format!("s{}.{at}", node.0),
        Action::Pause { node, duration_ms } => format!("p{}.{at}.{duration_ms}", node.0),
        Action::Partition { groups } => {
            let groups: Vec<String> = groups
                .iter()
                .map(|g| {
                    g.iter()
                        .map(|n| n.0.to_string())
                        .collect::<Vec<_>>()
                        .join("-")
                })
                .collect();
            format!("x{at}.{}", groups.join("~"))
        }
        Action::Heal => format!("h{at}"),
        Action::DropMessage { msg } => format!("d{}.{at}", msg.0),
        Action::DuplicateMessage { msg } => format!("u{}.{at}", msg.0),
        Action::DelayMessage { msg, by_ms } => format!("l{}.{at}.{by_ms}", msg.0),
        Action::SetNetwork { network } => {
            let mut text = format!(
                "n{at}.{}.{}.{}.{}",
                network.latency_ms_min,
                network.latency_ms_max,
                ppm(network.loss_probability),
                ppm(network.duplicate_probability)
            );
            for link in &network.links {
                text.push_str(&format!(
                    "~{}-{}-{}-{}-{}",
                    link.from.0,
                    link.to.0,
                    link.latency_ms_min,
                    link.latency_ms_max,
                    ppm(link.loss_probability)
                ));
            }
            text
        }
        Action::ClockJump { node, jump_ms } => format!("j{}.{at}.{jump_ms}", node.0),
        Action::Command { node, command } => match command.arg {
            None => format!("k{}.{at}.{}", node.0, command.code),
            Some(arg) => format!("k{}.{at}.{}.{arg}", node.0, command.code),
        },
        Action::ManualNetwork => format!("m{at}"),
        Action::Deliver { msg } => format!("v{}.{at}", msg.0),
        Action::FireTimer { node, timer } => format!("t{}.{at}.{timer}", node.0),
    }
}

/// The compact form of an action list (empty list, empty string).
pub fn encode_actions(actions: &[ScheduledAction]) -> String {
    actions
        .iter()
        .map(encode_one)
        .collect::<Vec<_>>()
        .join(&SEPARATOR.to_string())
}

fn number(text: &str, what: &str) -> Result<u64, String> {
    text.parse::<u64>()
        .map_err(|_| format!("{what} “{text}” is not a whole number"))
}

fn node(text: &str) -> Result<NodeId, String> {
    let id = number(text, "node")?;
    u32::try_from(id)
        .map(NodeId)
        .map_err(|_| format!("node {id} is too large"))
}

/// Splits `body` at `.` into exactly `count` fields.
fn fields(body: &str, count: usize, shape: &str) -> Result<Vec<String>, String> {
    let parts: Vec<String> = body.split('.').map(str::to_string).collect();
    if parts.len() != count {
        return Err(format!("expected {shape}"));
    }
    Ok(parts)
}

fn decode_one(token: &str) -> Result<ScheduledAction, String> {
    let mut chars = token.chars();
    let tag = chars.next().ok_or("empty action")?;
    let body = chars.as_str();
    let scheduled = |at_ms: u64, action: Action| ScheduledAction { at_ms, action };
    match tag {
        'c' | 'r' | 's' => {
            let f = fields(body, 2, "node.time")?;
            let node = node(&f[0])?;
            let action = match tag {
                'c' => Action::Crash { node },
                'r' => Action::Recover { node },
                _ => Action::Restart { node },
            };
            Ok(scheduled(number(&f[1], "time")?, action))
        }
        'p' => {
            let f = fields(body, 3, "node.time.duration")?;
            Ok(scheduled(
                number(&f[1], "time")?,
                Action::Pause {
                    node: node(&f[0])?,
                    duration_ms: number(&f[2], "duration")?,
                },
            ))
        }
        'x' => {
            let (at, groups) = body.split_once('.').ok_or("expected time.groups")?;
            let groups = groups
                .split('~')
                .map(|g| {
                    g.split('-')
                        .filter(|n| !n.is_empty())
                        .map(node)
                        .collect::<Result<Vec<_>, _>>()
                })
                .collect::<Result<Vec<_>, _>>()?;
            Ok(scheduled(number(at, "time")?, Action::Partition { groups }))
        }
        'h' => Ok(scheduled(number(body, "time")?, Action::Heal)),
        'm' => Ok(scheduled(number(body, "time")?, Action::ManualNetwork)),
        'v' => {
            let f = fields(body, 2, "message.time")?;
            Ok(scheduled(
                number(&f[1], "time")?,
                Action::Deliver {
                    msg: MsgId(number(&f[0], "message")?),
                },
            ))
        }
        't' => {
            let f = fields(body, 3, "node.time.timer")?;
            let timer = number(&f[2], "timer")?;
            Ok(scheduled(
                number(&f[1], "time")?,
                Action::FireTimer {
                    node: node(&f[0])?,
                    timer: u32::try_from(timer)
                        .map_err(|_| format!("timer {timer} is too large"))?,
                },
            ))
        }
        'd' | 'u' => {
            let f = fields(body, 2, "message.time")?;
            let msg = MsgId(number(&f[0], "message")?);
            let action = if tag == 'd' {
                Action::DropMessage { msg }
            } else {
                Action::DuplicateMessage { msg }
            };
            Ok(scheduled(number(&f[1], "time")?, action))
        }
        'l' => {
            let f = fields(body, 3, "message.time.delay")?;
            Ok(scheduled(
                number(&f[1], "time")?,
                Action::DelayMessage {
                    msg: MsgId(number(&f[0], "message")?),
                    by_ms: number(&f[2], "delay")?,
                },
            ))
        }
        'n' => {
            let mut parts = body.split('~');
            let head = fields(parts.next().unwrap_or(""), 5, "time.min.max.loss.dup")?;
            let links = parts
                .map(|link| {
                    let f: Vec<&str> = link.split('-').collect();
                    if f.len() != 5 {
                        return Err("expected from-to-min-max-loss for a link".to_string());
                    }
                    Ok(LinkOverride {
                        from: node(f[0])?,
                        to: node(f[1])?,
                        latency_ms_min: number(f[2], "latency")?,
                        latency_ms_max: number(f[3], "latency")?,
                        loss_probability: from_ppm(number(f[4], "loss")?.min(1_000_000)),
                    })
                })
                .collect::<Result<Vec<_>, String>>()?;
            Ok(scheduled(
                number(&head[0], "time")?,
                Action::SetNetwork {
                    network: NetworkConfig {
                        latency_ms_min: number(&head[1], "latency")?,
                        latency_ms_max: number(&head[2], "latency")?,
                        loss_probability: from_ppm(number(&head[3], "loss")?.min(1_000_000)),
                        duplicate_probability: from_ppm(
                            number(&head[4], "duplication")?.min(1_000_000),
                        ),
                        links,
                    },
                },
            ))
        }
        'j' => {
            let f = fields(body, 3, "node.time.jump")?;
            let jump_ms = f[2]
                .parse::<i64>()
                .map_err(|_| format!("jump “{}” is not a whole number", f[2]))?;
            Ok(scheduled(
                number(&f[1], "time")?,
                Action::ClockJump {
                    node: node(&f[0])?,
                    jump_ms,
                },
            ))
        }
        'k' => {
            let f: Vec<&str> = body.split('.').collect();
            if !(3..=4).contains(&f.len()) {
                return Err("expected node.time.command or node.time.command.argument".into());
            }
            let code = f[2];
            if code.is_empty()
                || code.len() > 32
                || !code
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            {
                return Err(format!("“{code}” is not a command name"));
            }
            let arg = f.get(3).map(|a| number(a, "argument")).transpose()?;
            Ok(scheduled(
                number(f[1], "time")?,
                Action::Command {
                    node: node(f[0])?,
                    command: CommandRecord {
                        code: code.to_string(),
                        arg,
                    },
                },
            ))
        }
        other => Err(format!(
            "“{other}” is not an action letter (c r s p x h d u l n j k m v t)"
        )),
    }
}

/// Reads an action list and checks it against the limits and the run's nodes and commands.
pub fn decode_actions(
    text: &str,
    limits: &ActionLimits<'_>,
) -> Result<Vec<ScheduledAction>, ShareError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(Vec::new());
    }
    let tokens: Vec<&str> = text.split(SEPARATOR).collect();
    if tokens.len() as u64 > ACTIONS_MAX {
        return Err(ShareError::TooManyActions {
            count: tokens.len() as u64,
            max: ACTIONS_MAX,
        });
    }
    let actions = tokens
        .iter()
        .enumerate()
        .map(|(index, token)| {
            decode_one(token).map_err(|reason| ShareError::BadToken {
                index: index as u32,
                token: token.chars().take(40).collect(),
                reason,
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    validate_actions(&actions, limits)?;
    Ok(actions)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_example_reads() {
        let text =
            "c1.250_r1.600_x400.0-1~2-3_h700_p2.300.500_d17.120_u9.80_l4.90.30_n1000.10.50.50000.0";
        let actions = decode_actions(text, &ActionLimits::nodes(4)).unwrap();
        assert_eq!(actions.len(), 9);
        assert_eq!(encode_actions(&actions), text);
        assert_eq!(
            actions[2].action,
            Action::Partition {
                groups: vec![vec![NodeId(0), NodeId(1)], vec![NodeId(2), NodeId(3)]]
            }
        );
    }

    #[test]
    fn manual_network_steps_round_trip() {
        let text = "m0_v3.10_t1.20.0_v12.30_t0.40.2";
        let actions = decode_actions(text, &ActionLimits::nodes(2)).unwrap();
        assert_eq!(encode_actions(&actions), text);
        assert_eq!(actions[0].action, Action::ManualNetwork);
        assert_eq!(actions[1].action, Action::Deliver { msg: MsgId(3) });
        assert_eq!(
            actions[2].action,
            Action::FireTimer {
                node: NodeId(1),
                timer: 0
            }
        );
        for (bad, says) in [
            ("t2.5.0", "n2"),
            ("t1.5", "node.time.timer"),
            ("v1", "message.time"),
        ] {
            let error = decode_actions(bad, &ActionLimits::nodes(2))
                .unwrap_err()
                .to_string();
            assert!(error.contains(says), "{bad}: {error}");
        }
    }

    #[test]
    fn errors_say_what_is_wrong() {
        let four = ActionLimits::nodes(4);
        let error = decode_actions("c1.250_q7", &four).unwrap_err();
        assert!(error.to_string().contains("action 2"), "{error}");
        let error = decode_actions("c9.250", &four).unwrap_err();
        assert!(error.to_string().contains("n9"), "{error}");
        let error = decode_actions("p1.10.99999999999", &four).unwrap_err();
        assert!(error.to_string().contains("limit"), "{error}");
    }

    #[test]
    fn clock_jumps_and_commands_round_trip_and_commands_are_checked() {
        use crate::sim::{CommandSpec, NodeRole};
        const COMMANDS: &[CommandSpec] = &[CommandSpec {
            code: "acquire",
            target_role: "client",
            arg_max: None,
        }];
        let roles = vec![
            NodeRole {
                node: NodeId(0),
                role: "service",
                ordinal: 0,
            },
            NodeRole {
                node: NodeId(1),
                role: "client",
                ordinal: 1,
            },
        ];
        let limits = ActionLimits {
            node_count: 2,
            roles: &roles,
            commands: COMMANDS,
        };
        let text = "j0.300.-500_k1.1200.acquire_j1.10.25";
        let actions = decode_actions(text, &limits).unwrap();
        assert_eq!(encode_actions(&actions), text);
        assert_eq!(
            actions[1].action,
            Action::Command {
                node: NodeId(1),
                command: CommandRecord::new("acquire")
            }
        );
        for (bad, says) in [
            ("k1.5.release", "release"),
            ("k0.5.acquire", "client"),
            ("k1.5.acquire.3", "argument"),
            ("k1.5.Acquire", "command name"),
            ("j1.5.x", "jump"),
        ] {
            let error = decode_actions(bad, &limits).unwrap_err().to_string();
            assert!(error.contains(says), "{bad}: {error}");
        }
    }
}
