//! Clustering: the persons are the connected components of the links (union–find), so linking
//! is transitive.
//!
//! The links are added strongest first — accepted pairs, then by descending match weight, ties
//! by record indexes — and a link that would put the two records of a rejected pair in one
//! person is **refused** (its `linked` becomes false). So when other links would join a rejected
//! pair, the weakest link on the way gives way and the two records stay apart: the conservative
//! choice, since a coordinator has looked at exactly that pair. (Two accepted chains contradicting
//! a rejection are resolved the same way: the later accepted link in that order is refused.)
//!
//! The result depends only on the pairs, their weights and the record indexes, not on the order
//! of the pairs given.

use super::{PairStatus, ScoredPair};

/// Union–find with, per component, the records it must never contain.
struct Components {
    parent: Vec<u32>,
    size: Vec<u32>,
    /// Per root: records rejected with some member.
    cannot: Vec<Vec<u32>>,
}

impl Components {
    fn new(n: usize) -> Components {
        Components { parent: (0..n as u32).collect(), size: vec![1; n], cannot: vec![Vec::new(); n] }
    }

    fn find(&mut self, x: u32) -> u32 {
        let mut root = x;
        while self.parent[root as usize] != root {
            root = self.parent[root as usize];
        }
        let mut x = x;
        while self.parent[x as usize] != root {
            let next = self.parent[x as usize];
            self.parent[x as usize] = root;
            x = next;
        }
        root
    }

    /// Joins the components of `a` and `b` unless a rejection forbids it; whether they are
    /// (now) one.
    fn join(&mut self, a: u32, b: u32) -> bool {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return true;
        }
        let forbidden = self.cannot[ra as usize].clone().into_iter().any(|c| self.find(c) == rb)
            || self.cannot[rb as usize].clone().into_iter().any(|c| self.find(c) == ra);
        if forbidden {
            return false;
        }
        let (big, small) = if self.size[ra as usize] >= self.size[rb as usize] { (ra, rb) } else { (rb, ra) };
        self.parent[small as usize] = big;
        self.size[big as usize] += self.size[small as usize];
        let moved = std::mem::take(&mut self.cannot[small as usize]);
        self.cannot[big as usize].extend(moved);
        true
    }
}

/// The component (a representative record) of each of the `n` records; links refused for a
/// rejection get `linked = false`.
pub fn cluster(n: usize, pairs: &mut [ScoredPair]) -> Vec<u32> {
    let mut components = Components::new(n);
    for p in pairs.iter().filter(|p| p.status == PairStatus::Rejected) {
        components.cannot[p.a as usize].push(p.b);
        components.cannot[p.b as usize].push(p.a);
    }
    let mut links: Vec<usize> = (0..pairs.len()).filter(|&k| pairs[k].linked).collect();
    links.sort_by(|&x, &y| {
        let (p, q) = (&pairs[x], &pairs[y]);
        let accepted = |s: &ScoredPair| s.status != PairStatus::Accepted;
        accepted(p)
            .cmp(&accepted(q))
            .then(q.weight.total_cmp(&p.weight))
            .then(q.similarity.total_cmp(&p.similarity))
            .then((p.a, p.b).cmp(&(q.a, q.b)))
    });
    for k in links {
        if !components.join(pairs[k].a, pairs[k].b) {
            pairs[k].linked = false;
        }
    }
    (0..n as u32).map(|i| components.find(i)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::linkage::comparison::{Comparison, FieldLevel};

    fn pair(a: u32, b: u32, weight: f64, status: PairStatus) -> ScoredPair {
        ScoredPair {
            a,
            b,
            similarity: 0.9,
            comparison: Comparison {
                names: 1,
                date: None,
                sex: FieldLevel::Unknown,
                nationality: FieldLevel::Unknown,
                form: FieldLevel::Unknown,
                region: FieldLevel::Unknown,
                reference: FieldLevel::Unknown,
                reference_one_in: 0,
                namesakes: 0,
                interval: None,
            },
            weight,
            probability: 0.9,
            status,
            basis: rapporteur_domain::catalog::LinkBasis::NameAndBirthDate,
            linked: status != PairStatus::Rejected,
        }
    }

    #[test]
    fn transitive_and_the_weakest_link_gives_way_to_a_rejection() {
        use PairStatus::*;
        // 0–1 strong, 1–2 weak, 2–3 strong; 0 and 3 rejected: the weak 1–2 is refused.
        let mut pairs = vec![
            pair(0, 1, 10.0, Linked),
            pair(1, 2, 3.0, Linked),
            pair(2, 3, 9.0, Linked),
            pair(0, 3, -5.0, Rejected),
        ];
        let roots = cluster(5, &mut pairs);
        assert_eq!(roots[0], roots[1]);
        assert_eq!(roots[2], roots[3]);
        assert_ne!(roots[1], roots[2]);
        assert_ne!(roots[4], roots[0]);
        assert!(!pairs[1].linked && pairs[0].linked && pairs[2].linked);
        // Without the rejection all four are one person.
        let mut pairs = vec![pair(0, 1, 10.0, Linked), pair(1, 2, 3.0, Linked), pair(2, 3, 9.0, Linked)];
        let roots = cluster(4, &mut pairs);
        assert!(roots.iter().all(|&r| r == roots[0]));
    }
}
