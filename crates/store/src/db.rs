//! The one executor every query of the store goes through, over either engine: an embedded
//! SQLite file or a PostgreSQL database. A query is written once, in SQL both engines speak,
//! with numbered placeholders `?1`, `?2`… (rewritten to `$1`, `$2`… for PostgreSQL); values
//! travel as [`Value`], which maps to both engines' types; a new row's id comes back with
//! `RETURNING id`. Where the dialects truly differ, the caller asks [`Db::engine`].

use std::cell::RefCell;
use std::collections::HashMap;

use crate::{Result, StoreError};

/// Which engine holds the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// A value bound to a placeholder or read from a column.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

/// What can be bound to a placeholder.
pub trait Arg {
    fn value(&self) -> Value;
}

impl<T: Arg + ?Sized> Arg for &T {
    fn value(&self) -> Value {
        (**self).value()
    }
}

impl<T: Arg> Arg for Option<T> {
    fn value(&self) -> Value {
        self.as_ref().map_or(Value::Null, Arg::value)
    }
}

impl Arg for str {
    fn value(&self) -> Value {
        Value::Text(self.to_string())
    }
}

impl Arg for String {
    fn value(&self) -> Value {
        Value::Text(self.clone())
    }
}

impl Arg for [u8] {
    fn value(&self) -> Value {
        Value::Blob(self.to_vec())
    }
}

impl Arg for Vec<u8> {
    fn value(&self) -> Value {
        Value::Blob(self.clone())
    }
}

impl Arg for f64 {
    fn value(&self) -> Value {
        Value::Real(*self)
    }
}

impl Arg for bool {
    fn value(&self) -> Value {
        Value::Int(i64::from(*self))
    }
}

impl Arg for Value {
    fn value(&self) -> Value {
        self.clone()
    }
}

macro_rules! int_arg {
    ($($t:ty),*) => {$(
        impl Arg for $t {
            fn value(&self) -> Value {
                Value::Int(*self as i64)
            }
        }
    )*};
}
int_arg!(i64, i32, u32, u16, u8);

/// The values bound to a query's placeholders, in order: `params![a, b]`.
macro_rules! params {
    ($($v:expr),* $(,)?) => {
        vec![$($crate::db::Arg::value(&$v)),*]
    };
}
pub(crate) use params;

/// What a column can be read as.
pub trait FromValue: Sized {
    fn from_value(value: Value) -> Option<Self>;
}

impl FromValue for Value {
    fn from_value(value: Value) -> Option<Self> {
        Some(value)
    }
}

impl<T: FromValue> FromValue for Option<T> {
    fn from_value(value: Value) -> Option<Self> {
        match value {
            Value::Null => Some(None),
            value => T::from_value(value).map(Some),
        }
    }
}

impl FromValue for String {
    fn from_value(value: Value) -> Option<Self> {
        match value {
            Value::Text(text) => Some(text),
            _ => None,
        }
    }
}

impl FromValue for Vec<u8> {
    fn from_value(value: Value) -> Option<Self> {
        match value {
            Value::Blob(bytes) => Some(bytes),
            _ => None,
        }
    }
}

impl FromValue for f64 {
    fn from_value(value: Value) -> Option<Self> {
        match value {
            Value::Real(x) => Some(x),
            Value::Int(i) => Some(i as f64),
            _ => None,
        }
    }
}

impl FromValue for bool {
    fn from_value(value: Value) -> Option<Self> {
        match value {
            Value::Int(i) => Some(i != 0),
            _ => None,
        }
    }
}

macro_rules! int_from_value {
    ($($t:ty),*) => {$(
        impl FromValue for $t {
            fn from_value(value: Value) -> Option<Self> {
                match value {
                    Value::Int(i) => <$t>::try_from(i).ok(),
                    _ => None,
                }
            }
        }
    )*};
}
int_from_value!(i64, i32, u32, u16, u64, usize);

/// A column index (only `usize`, so that `r.get(0)` infers it).
pub trait ColumnIndex {
    fn index(self) -> usize;
}

impl ColumnIndex for usize {
    fn index(self) -> usize {
        self
    }
}

/// One row of a result, on either engine.
pub enum Row<'a> {
    Sqlite(&'a rusqlite::Row<'a>),
    Postgres(&'a postgres::Row),
}

impl Row<'_> {
    /// Column `index` as a `T`; a value of another type is a corrupt store.
    pub fn get<I: ColumnIndex, T: FromValue>(&self, index: I) -> Result<T> {
        let index = index.index();
        let value = match self {
            Row::Sqlite(row) => sqlite_value(row.get_ref(index)?),
            Row::Postgres(row) => row.try_get::<_, Value>(index)?,
        };
        // The kind of value, not the value: a read of millions of rows formats nothing.
        let shown = match &value {
            Value::Null => "NULL",
            Value::Int(_) => "an integer",
            Value::Real(_) => "a real number",
            Value::Text(_) => "text",
            Value::Blob(_) => "bytes",
        };
        T::from_value(value).ok_or_else(|| {
            StoreError::Corrupt(format!("column {index} holds {shown}, not a {}", std::any::type_name::<T>()))
        })
    }

    /// Column `index` as text borrowed from the row, not copied: for reads of millions of rows.
    pub fn text(&self, index: usize) -> Result<&str> {
        match self {
            Row::Sqlite(row) => match row.get_ref(index)? {
                rusqlite::types::ValueRef::Text(text) => std::str::from_utf8(text)
                    .map_err(|_| StoreError::Corrupt(format!("column {index} holds text that is not UTF-8"))),
                _ => Err(StoreError::Corrupt(format!("column {index} does not hold text"))),
            },
            Row::Postgres(row) => Ok(row.try_get::<_, &str>(index)?),
        }
    }

    /// Column `index` as bytes borrowed from the row, not copied: for reads of millions of rows.
    pub fn bytes(&self, index: usize) -> Result<&[u8]> {
        match self {
            Row::Sqlite(row) => match row.get_ref(index)? {
                rusqlite::types::ValueRef::Blob(bytes) => Ok(bytes),
                _ => Err(StoreError::Corrupt(format!("column {index} does not hold bytes"))),
            },
            Row::Postgres(row) => Ok(row.try_get::<_, &[u8]>(index)?),
        }
    }
}

fn sqlite_value(value: rusqlite::types::ValueRef<'_>) -> Value {
    use rusqlite::types::ValueRef;
    match value {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::Int(i),
        ValueRef::Real(x) => Value::Real(x),
        ValueRef::Text(text) => Value::Text(String::from_utf8_lossy(text).into_owned()),
        ValueRef::Blob(bytes) => Value::Blob(bytes.to_vec()),
    }
}

impl rusqlite::ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef};
        Ok(ToSqlOutput::Borrowed(match self {
            Value::Null => ValueRef::Null,
            Value::Int(i) => ValueRef::Integer(*i),
            Value::Real(x) => ValueRef::Real(*x),
            Value::Text(text) => ValueRef::Text(text.as_bytes()),
            Value::Blob(bytes) => ValueRef::Blob(bytes),
        }))
    }
}

/// Binds a value as the type PostgreSQL inferred for its placeholder: an integer to whichever
/// integer column it meets, text to text, bytes to `bytea`.
impl postgres::types::ToSql for Value {
    fn to_sql(
        &self,
        ty: &postgres::types::Type,
        out: &mut postgres::types::private::BytesMut,
    ) -> std::result::Result<postgres::types::IsNull, Box<dyn std::error::Error + Sync + Send>> {
        use postgres::types::Type;
        match (self, ty) {
            (Value::Null, _) => Ok(postgres::types::IsNull::Yes),
            (Value::Int(i), &Type::INT8) => i.to_sql(ty, out),
            (Value::Int(i), &Type::INT4) => i32::try_from(*i)?.to_sql(ty, out),
            (Value::Int(i), &Type::INT2) => i16::try_from(*i)?.to_sql(ty, out),
            (Value::Int(i), &Type::BOOL) => (*i != 0).to_sql(ty, out),
            (Value::Int(i), &Type::FLOAT8) => (*i as f64).to_sql(ty, out),
            (Value::Int(i), &Type::TEXT | &Type::VARCHAR) => i.to_string().to_sql(ty, out),
            (Value::Real(x), &Type::FLOAT8) => x.to_sql(ty, out),
            (Value::Real(x), &Type::FLOAT4) => (*x as f32).to_sql(ty, out),
            (Value::Text(text), _) => text.as_str().to_sql(ty, out),
            (Value::Blob(bytes), _) => bytes.as_slice().to_sql(ty, out),
            (value, ty) => Err(format!("cannot bind {value:?} as {ty}").into()),
        }
    }

    fn accepts(_: &postgres::types::Type) -> bool {
        true
    }

    postgres::types::to_sql_checked!();
}

/// Reads any column the store's schema has (integers, floats, text, bytes, booleans).
impl<'a> postgres::types::FromSql<'a> for Value {
    fn from_sql(
        ty: &postgres::types::Type,
        raw: &'a [u8],
    ) -> std::result::Result<Value, Box<dyn std::error::Error + Sync + Send>> {
        use postgres::types::Type;
        Ok(match *ty {
            Type::INT8 => Value::Int(i64::from_sql(ty, raw)?),
            Type::INT4 => Value::Int(i32::from_sql(ty, raw)?.into()),
            Type::INT2 => Value::Int(i16::from_sql(ty, raw)?.into()),
            Type::BOOL => Value::Int(bool::from_sql(ty, raw)?.into()),
            Type::FLOAT8 => Value::Real(f64::from_sql(ty, raw)?),
            Type::FLOAT4 => Value::Real(f32::from_sql(ty, raw)?.into()),
            Type::BYTEA => Value::Blob(<Vec<u8>>::from_sql(ty, raw)?),
            _ => Value::Text(String::from_sql(ty, raw)?),
        })
    }

    fn from_sql_null(
        _: &postgres::types::Type,
    ) -> std::result::Result<Value, Box<dyn std::error::Error + Sync + Send>> {
        Ok(Value::Null)
    }

    fn accepts(ty: &postgres::types::Type) -> bool {
        use postgres::types::Type;
        [
            Type::INT8,
            Type::INT4,
            Type::INT2,
            Type::BOOL,
            Type::FLOAT8,
            Type::FLOAT4,
            Type::BYTEA,
            Type::TEXT,
            Type::VARCHAR,
            Type::BPCHAR,
            Type::NAME,
        ]
        .contains(ty)
    }
}

/// A PostgreSQL connection with the statements it prepared, by their SQL text.
pub struct PgConnection {
    client: postgres::Client,
    /// The URL it was opened with (for `pg_dump`).
    pub url: String,
    statements: HashMap<String, postgres::Statement>,
    /// How long a write transaction waits for the store's lock.
    writer_wait: std::time::Duration,
}

impl PgConnection {
    /// Forgets the prepared statements (after the tables they name were made again).
    pub fn forget_statements(&mut self) {
        self.statements.clear();
    }

    fn statement(&mut self, sql: &str) -> Result<postgres::Statement> {
        if let Some(statement) = self.statements.get(sql) {
            return Ok(statement.clone());
        }
        let statement = self.client.prepare(&dollar_placeholders(sql))?;
        self.statements.insert(sql.to_string(), statement.clone());
        Ok(statement)
    }
}

/// A connection to the store, on either engine. PostgreSQL's client needs `&mut` for a read;
/// the store's reads take `&self`, so it sits in a `RefCell` (the store is not shared between
/// threads).
pub enum Db {
    Sqlite(rusqlite::Connection),
    Postgres(Box<RefCell<PgConnection>>),
}

impl Db {
    pub fn postgres(client: postgres::Client, url: &str) -> Db {
        Db::Postgres(Box::new(RefCell::new(PgConnection {
            client,
            url: url.to_string(),
            statements: HashMap::new(),
            writer_wait: crate::WRITER_WAIT,
        })))
    }

    pub fn engine(&self) -> Engine {
        match self {
            Db::Sqlite(_) => Engine::Sqlite,
            Db::Postgres(_) => Engine::Postgres,
        }
    }

    /// How long a writer waits for another one before it gives up ([`crate::WRITER_WAIT`]).
    pub fn writer_wait(&self) -> std::time::Duration {
        match self {
            Db::Sqlite(_) => crate::WRITER_WAIT,
            Db::Postgres(pg) => pg.borrow().writer_wait,
        }
    }

    /// Waits `wait` for another writer instead (tests of a writer that gives up).
    #[cfg(test)]
    pub fn set_writer_wait(&mut self, wait: std::time::Duration) -> Result<()> {
        match self {
            Db::Sqlite(conn) => Ok(conn.busy_timeout(wait)?),
            Db::Postgres(pg) => {
                pg.get_mut().writer_wait = wait;
                Ok(())
            }
        }
    }

    /// Runs one statement; returns how many rows it changed.
    pub fn execute(&self, sql: &str, args: Vec<Value>) -> Result<usize> {
        match self {
            Db::Sqlite(conn) => {
                Ok(conn.prepare_cached(sql)?.execute(rusqlite::params_from_iter(args.iter()))?)
            }
            Db::Postgres(pg) => {
                let mut pg = pg.borrow_mut();
                let statement = pg.statement(sql)?;
                Ok(pg.client.execute(&statement, &pg_args(&args))? as usize)
            }
        }
    }

    /// Runs an `INSERT` and returns the id of the row it made (`RETURNING id`).
    pub fn insert(&self, sql: &str, args: Vec<Value>) -> Result<i64> {
        self.query_row(&format!("{sql} RETURNING id"), args, |r| r.get(0))
    }

    /// Runs several statements without arguments (a migration, a transaction's start).
    pub fn batch(&self, sql: &str) -> Result<()> {
        match self {
            Db::Sqlite(conn) => Ok(conn.execute_batch(sql)?),
            Db::Postgres(pg) => Ok(pg.borrow_mut().client.batch_execute(sql)?),
        }
    }

    /// Every row of a query, each read by `read`.
    pub fn query<T>(
        &self,
        sql: &str,
        args: Vec<Value>,
        mut read: impl FnMut(&Row<'_>) -> Result<T>,
    ) -> Result<Vec<T>> {
        let mut out = Vec::new();
        self.query_each(sql, args, |row| {
            out.push(read(row)?);
            Ok(())
        })?;
        Ok(out)
    }

    /// Every row of a query handed to `each` as it comes, none of them kept: a read of millions
    /// of rows in memory for one row (PostgreSQL streams the rows of one query as the server
    /// sends them). `each` must not use the store.
    pub fn query_each(
        &self,
        sql: &str,
        args: Vec<Value>,
        mut each: impl FnMut(&Row<'_>) -> Result<()>,
    ) -> Result<usize> {
        let mut n = 0;
        match self {
            Db::Sqlite(conn) => {
                let mut statement = conn.prepare_cached(sql)?;
                let mut rows = statement.query(rusqlite::params_from_iter(args.iter()))?;
                while let Some(row) = rows.next()? {
                    each(&Row::Sqlite(row))?;
                    n += 1;
                }
            }
            Db::Postgres(pg) => {
                let mut pg = pg.borrow_mut();
                let statement = pg.statement(sql)?;
                let mut rows = pg.client.query_raw(&statement, pg_args(&args))?;
                while let Some(row) = postgres::fallible_iterator::FallibleIterator::next(&mut rows)? {
                    each(&Row::Postgres(&row))?;
                    n += 1;
                }
            }
        }
        Ok(n)
    }

    /// The SQLite connection, for a statement run many times with borrowed arguments (a bulk
    /// insert); `None` on PostgreSQL.
    pub fn sqlite(&self) -> Option<&rusqlite::Connection> {
        match self {
            Db::Sqlite(conn) => Some(conn),
            Db::Postgres(_) => None,
        }
    }

    /// PostgreSQL's bulk load: `COPY table (columns) FROM STDIN (FORMAT binary)` with the
    /// rows `write` gives, each value of the column's type in `types`. Returns the rows
    /// copied; fails on SQLite.
    pub fn copy_in(
        &self,
        sql: &str,
        types: &[postgres::types::Type],
        write: impl FnOnce(&mut postgres::binary_copy::BinaryCopyInWriter<'_>) -> Result<()>,
    ) -> Result<u64> {
        match self {
            Db::Sqlite(_) => Err(StoreError::Corrupt("COPY is PostgreSQL's".into())),
            Db::Postgres(pg) => {
                let mut pg = pg.borrow_mut();
                let sink = pg.client.copy_in(sql)?;
                let mut writer = postgres::binary_copy::BinaryCopyInWriter::new(sink, types);
                write(&mut writer)?;
                Ok(writer.finish()?)
            }
        }
    }

    /// The first row of a query, if there is one.
    pub fn query_opt<T>(
        &self,
        sql: &str,
        args: Vec<Value>,
        read: impl FnOnce(&Row<'_>) -> Result<T>,
    ) -> Result<Option<T>> {
        match self {
            Db::Sqlite(conn) => {
                let mut statement = conn.prepare_cached(sql)?;
                let mut rows = statement.query(rusqlite::params_from_iter(args.iter()))?;
                rows.next()?.map(|row| read(&Row::Sqlite(row))).transpose()
            }
            Db::Postgres(pg) => {
                let mut pg = pg.borrow_mut();
                let statement = pg.statement(sql)?;
                let row = pg.client.query_opt(&statement, &pg_args(&args))?;
                drop(pg);
                row.as_ref().map(|row| read(&Row::Postgres(row))).transpose()
            }
        }
    }

    /// The one row a query always gives (an aggregate, `EXISTS`, `RETURNING`).
    pub fn query_row<T>(
        &self,
        sql: &str,
        args: Vec<Value>,
        read: impl FnOnce(&Row<'_>) -> Result<T>,
    ) -> Result<T> {
        self.query_opt(sql, args, read)?
            .ok_or_else(|| StoreError::Corrupt(format!("no row where one was due: {sql}")))
    }
}

fn pg_args(args: &[Value]) -> Vec<&(dyn postgres::types::ToSql + Sync)> {
    args.iter().map(|v| v as &(dyn postgres::types::ToSql + Sync)).collect()
}

/// `?N` placeholders as PostgreSQL's `$N`, outside quoted literals and identifiers.
pub fn dollar_placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut quote: Option<char> = None;
    for c in sql.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '\'' || c == '"' => quote = Some(c),
            None if c == '?' => {
                out.push('$');
                continue;
            }
            None => {}
        }
        out.push(c);
    }
    out
}

/// A write transaction: on SQLite it holds the file's write lock from its start (`BEGIN
/// IMMEDIATE`); on PostgreSQL a transaction-level advisory lock of the store's schema, so that
/// writers wait for each other in both engines, up to [`crate::WRITER_WAIT`]. Rolled back when
/// dropped uncommitted.
pub struct Tx<'a> {
    db: &'a Db,
    done: bool,
}

impl<'a> Tx<'a> {
    pub fn begin(db: &'a Db) -> Result<Tx<'a>> {
        match db {
            Db::Sqlite(_) => db.batch("BEGIN IMMEDIATE")?,
            Db::Postgres(_) => {
                let wait = db.writer_wait();
                let begun = db.batch(&format!(
                    "BEGIN; SET LOCAL lock_timeout = {}; SELECT pg_advisory_xact_lock(hashtext(current_schema()))",
                    wait.as_millis()
                ));
                if begun.is_err() {
                    // Waiting gave up: the transaction begun is aborted and must end here.
                    let _ = db.batch("ROLLBACK");
                }
                begun?;
            }
        }
        Ok(Tx { db, done: false })
    }

    pub fn commit(mut self) -> Result<()> {
        self.db.batch("COMMIT")?;
        self.done = true;
        Ok(())
    }
}

impl std::ops::Deref for Tx<'_> {
    type Target = Db;

    fn deref(&self) -> &Db {
        self.db
    }
}

impl Drop for Tx<'_> {
    fn drop(&mut self) {
        if !self.done {
            // A failed rollback leaves nothing to undo: the connection is gone or the
            // transaction already ended.
            let _ = self.db.batch("ROLLBACK");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::dollar_placeholders;

    #[test]
    fn placeholders_are_rewritten_outside_literals_only() {
        assert_eq!(
            dollar_placeholders("SELECT '?1', \"a?\" FROM t WHERE a = ?1 AND b LIKE ?12"),
            "SELECT '?1', \"a?\" FROM t WHERE a = $1 AND b LIKE $12"
        );
    }
}
