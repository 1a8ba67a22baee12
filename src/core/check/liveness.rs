//! Liveness on the explored graph: which states can no longer reach the goal.

/// The states (by index, ascending) from which no path of `edges` reaches a state where `reached` holds.
/// States in `unexpanded` (cut off by a depth bound) count as able to reach it: their future is unknown.
pub(crate) fn stuck_states(
    state_count: u32,
    edges: &[(u32, u32)],
    reached: &[bool],
    unexpanded: &[u32],
) -> Vec<u32> {
    let n = state_count as usize;
    // Reverse adjacency in compressed rows: for each state, the states with a step into it.
    let mut starts = vec![0u32; n + 1];
    for &(_, to) in edges {
        starts[to as usize + 1] += 1;
    }
    for i in 0..n {
        starts[i + 1] += starts[i];
    }
    let mut fill = starts.clone();
    let mut sources = vec![0u32; edges.len()];
    for &(from, to) in edges {
        sources[fill[to as usize] as usize] = from;
        fill[to as usize] += 1;
    }
    let mut can_reach = reached.to_vec();
    for &i in unexpanded {
        can_reach[i as usize] = true;
    }
    let mut queue: Vec<u32> = (0..state_count)
        .filter(|&i| can_reach[i as usize])
        .collect();
    while let Some(state) = queue.pop() {
        let s = state as usize;
        for &from in &sources[starts[s] as usize..starts[s + 1] as usize] {
            if !can_reach[from as usize] {
                can_reach[from as usize] = true;
                queue.push(from);
            }
        }
    }
    (0..state_count)
        .filter(|&i| !can_reach[i as usize])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::stuck_states;

    #[test]
    fn states_that_only_lead_away_from_the_goal_are_stuck() {
        // 0 -> 1 -> 2 (goal); 0 -> 3 -> 4 -> 3 (a loop that never reaches it); 5 unexpanded.
        let edges = [(0, 1), (1, 2), (0, 3), (3, 4), (4, 3), (0, 5)];
        let reached = [false, false, true, false, false, false];
        assert_eq!(stuck_states(6, &edges, &reached, &[5]), vec![3, 4]);
        assert_eq!(
            stuck_states(6, &edges, &reached, &[5, 4]),
            Vec::<u32>::new()
        );
    }
}
