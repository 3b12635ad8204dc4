//! Every way of taking one item from each of several lists: the rows of a full grid, the cells
//! a breakdown must fill, the header paths of a table's axes. One order for all of them, so
//! that whatever is built from combinations lists them the same way.

/// Every combination of one item from each list, in odometer order: the first list varies
/// slowest and the last fastest, as nested loops written in list order would give them.
/// No lists give one empty combination; any empty list gives none.
///
/// ```
/// use rapporteur_domain::Combinations;
///
/// let all: Vec<Vec<&str>> = Combinations::new(vec![vec!["a", "b"], vec!["x", "y", "z"]]).collect();
/// assert_eq!(all[..4], [vec!["a", "x"], vec!["a", "y"], vec!["a", "z"], vec!["b", "x"]]);
/// assert_eq!(all.len(), 6);
/// ```
#[derive(Debug, Clone)]
pub struct Combinations<T> {
    lists: Vec<Vec<T>>,
    /// The position in each list of the next combination; `None` once all are given.
    next: Option<Vec<usize>>,
    /// How many combinations are still to come; `None` when more than `usize::MAX`.
    remaining: Option<usize>,
}

impl<T: Clone> Combinations<T> {
    pub fn new(lists: Vec<Vec<T>>) -> Self {
        let remaining = lists.iter().try_fold(1_usize, |n, list| n.checked_mul(list.len()));
        let next = (remaining != Some(0)).then(|| vec![0; lists.len()]);
        Combinations { lists, next, remaining }
    }

    /// How many combinations are still to come (`usize::MAX` when more), without making
    /// them: enough to decide whether a grid is small enough to show whole.
    pub fn remaining(&self) -> usize {
        self.remaining.unwrap_or(usize::MAX)
    }
}

impl<T: Clone> Iterator for Combinations<T> {
    type Item = Vec<T>;

    fn next(&mut self) -> Option<Vec<T>> {
        let positions = self.next.as_mut()?;
        let combination = positions.iter().zip(&self.lists).map(|(&i, list)| list[i].clone()).collect();
        // Advance the last list; a list that wraps around carries into the one before it.
        let mut carried_out = true;
        for (position, list) in positions.iter_mut().zip(&self.lists).rev() {
            *position += 1;
            if *position < list.len() {
                carried_out = false;
                break;
            }
            *position = 0;
        }
        if carried_out {
            self.next = None;
        }
        self.remaining = self.remaining.map(|n| n - 1);
        Some(combination)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining(), self.remaining)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_lists_give_one_empty_combination() {
        let all: Vec<Vec<u32>> = Combinations::new(Vec::new()).collect();
        assert_eq!(all, [Vec::<u32>::new()]);
    }

    #[test]
    fn an_empty_list_gives_none() {
        let combinations = Combinations::new(vec![vec![1, 2], vec![], vec![3]]);
        assert_eq!(combinations.remaining(), 0);
        assert_eq!(combinations.count(), 0);
    }

    #[test]
    fn the_last_list_varies_fastest() {
        let mut combinations = Combinations::new(vec![vec![1, 2], vec![3], vec![4, 5]]);
        assert_eq!(combinations.remaining(), 4);
        assert_eq!(combinations.next(), Some(vec![1, 3, 4]));
        assert_eq!(combinations.size_hint(), (3, Some(3)));
        let rest: Vec<Vec<u32>> = combinations.collect();
        assert_eq!(rest, [vec![1, 3, 5], vec![2, 3, 4], vec![2, 3, 5]]);
    }

    #[test]
    fn a_count_beyond_usize_is_not_made_up() {
        let huge = Combinations::new(vec![vec![0_u8; 1 << 20]; 4]);
        assert_eq!(huge.remaining(), usize::MAX);
        assert_eq!(huge.size_hint(), (usize::MAX, None));
    }
}
