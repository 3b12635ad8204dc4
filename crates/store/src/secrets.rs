//! Secrets of the store itself, one per purpose (e.g. the key that signs the portal's login
//! form): made on first use and then the same for every process that opens the store, so that
//! several portal instances on one database trust each other's tokens. The value is never
//! audited; the audit log says when it was made and by whom.

use crate::audit::audit;
use crate::db::params;
use crate::{Result, Stamp, Store};

impl Store {
    /// The secret kept for `purpose`; the first caller makes it with `fresh` (under the store's
    /// write lock, so two processes asking at once get the same one).
    pub fn secret(
        &mut self,
        purpose: &str,
        fresh: impl FnOnce() -> String,
        stamp: Stamp<'_>,
    ) -> Result<String> {
        let kept = |db: &crate::db::Db| -> Result<Option<String>> {
            db.query_opt("SELECT secret FROM store_secret WHERE purpose = ?1", params![purpose], |r| r.get(0))
        };
        // Every use but the first reads it and writes nothing.
        if let Some(secret) = kept(&self.conn)? {
            return Ok(secret);
        }
        let tx = self.begin_write()?;
        if let Some(secret) = kept(&tx)? {
            return Ok(secret);
        }
        let secret = fresh();
        tx.execute(
            "INSERT INTO store_secret (purpose, secret, created_at) VALUES (?1, ?2, ?3)",
            params![purpose, secret, stamp.at],
        )?;
        audit(&tx, stamp, "create_secret", "store_secret", purpose, None, None)?;
        tx.commit()?;
        Ok(secret)
    }
}

#[cfg(test)]
mod tests {
    use crate::scratch::ScratchSchema;
    use crate::{Stamp, Store};

    const AT: &str = "2026-12-05T08:00:00Z";

    /// Two handles on one store, as two processes have: a SQLite file, then a PostgreSQL schema.
    fn each_shared_store(test: impl Fn(Store, Store)) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("store.sqlite");
        test(Store::open(&path).unwrap(), Store::open(&path).unwrap());
        let schema = ScratchSchema::new();
        test(schema.open(), schema.open());
    }

    #[test]
    fn a_secret_is_made_once_and_every_handle_on_the_store_reads_the_same() {
        each_shared_store(|mut first, mut second| {
            let made =
                first.secret("login_form", || "made by the first".into(), Stamp { at: AT, by: "an.op" });
            let read =
                second.secret("login_form", || "made by the second".into(), Stamp { at: AT, by: "an.op" });
            assert_eq!(made.unwrap(), "made by the first");
            assert_eq!(read.unwrap(), "made by the first");
            let other = second.secret("other", || "another purpose".into(), Stamp { at: AT, by: "an.op" });
            assert_eq!(other.unwrap(), "another purpose");
            // Made once per purpose, audited without its value.
            let log = first.audit_log().unwrap();
            let made: Vec<_> = log.iter().filter(|e| e.action == "create_secret").collect();
            assert_eq!(made.len(), 2, "{made:?}");
            assert!(made.iter().all(|e| e.before.is_none() && e.after.is_none() && e.who == "an.op"));
        });
    }
}
