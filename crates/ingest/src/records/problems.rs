//! The problems of a record file read as it streams: kept in row order up to a bound, counted
//! beyond it, so that a file of ten million bad rows is refused in bounded memory with the
//! first problems listed and the number of the others told.

use crate::problem::ImportProblem;

/// How many problems a refusal lists; the others are counted.
pub const PROBLEMS_LISTED: usize = 1000;

#[derive(Debug, Default)]
pub(super) struct Problems {
    listed: Vec<ImportProblem>,
    more: usize,
    /// Once a line cannot be read at all, the problems told are those lines: the other
    /// problems of a file read wrongly would only be noise.
    unreadable: bool,
}

impl Problems {
    pub(super) fn push(&mut self, problem: ImportProblem) {
        if self.unreadable {
            return;
        }
        self.keep(problem);
    }

    /// A line that could not be read: from now on only such lines are told.
    pub(super) fn unreadable(&mut self, problem: ImportProblem) {
        if !self.unreadable {
            self.unreadable = true;
            self.listed.clear();
            self.more = 0;
        }
        self.keep(problem);
    }

    fn keep(&mut self, problem: ImportProblem) {
        if self.listed.len() < PROBLEMS_LISTED {
            self.listed.push(problem);
        } else {
            self.more += 1;
        }
    }

    pub(super) fn is_empty(&self) -> bool {
        self.listed.is_empty()
    }

    /// The problems in order of row and column, and a last one counting those not listed.
    pub(super) fn into_list(self) -> Vec<ImportProblem> {
        let mut list = self.listed;
        list.sort();
        if self.more > 0 {
            list.push(ImportProblem::file(format!(
                "{} more problem(s) not listed: the first {PROBLEMS_LISTED} are; mend those and import again to see the rest",
                self.more
            )));
        }
        list
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_a_bounded_number_and_counts_the_rest() {
        let mut problems = Problems::default();
        for row in (2..3002).rev() {
            problems.push(ImportProblem::at(row, Some(3), "not a date"));
        }
        let list = problems.into_list();
        assert_eq!(list.len(), PROBLEMS_LISTED + 1);
        assert_eq!(list[0].row, Some(2002), "the kept ones are in row order");
        assert!(list[PROBLEMS_LISTED].message.starts_with("2000 more problem(s)"), "{:?}", list.last());
    }

    #[test]
    fn an_unreadable_line_replaces_the_other_problems() {
        let mut problems = Problems::default();
        problems.push(ImportProblem::at(2, Some(1), "not a date"));
        problems.unreadable(ImportProblem::at(5, None, "unreadable line"));
        problems.push(ImportProblem::at(6, Some(1), "not a date"));
        assert_eq!(problems.into_list(), vec![ImportProblem::at(5, None, "unreadable line")]);
    }
}
