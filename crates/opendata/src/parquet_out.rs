//! The Parquet files: the same columns and rows as the CSV, written with the `parquet` crate's
//! low-level writer (no Arrow). Texts are UTF-8 strings; the value is exact: INT64 for a measure
//! without decimals, DECIMAL(18, s) stored as INT64 for a measure with s decimals — DuckDB reads
//! both as exact numbers, pandas (pyarrow) as integers or `decimal.Decimal`, all equal to the
//! CSV's text. 18 digits is the most an INT64 decimal may declare.

use std::sync::Arc;

use parquet::basic::{Compression, LogicalType, Repetition, Type as PhysicalType};
use parquet::data_type::{ByteArray, ByteArrayType, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::Type;
use rapporteur_domain::Catalog;

use crate::columns::{columns, text, ColumnKind};
use crate::tidy::TidyTable;
use crate::PackageError;

/// The precision of the value column's DECIMAL: the largest an INT64 holds.
const DECIMAL_PRECISION: i32 = 18;

/// The cube's data file in Parquet: one row group, uncompressed (the files are small, and no
/// codec need be built or installed to read them).
pub fn data_parquet(catalog: &Catalog, table: &TidyTable<'_>) -> Result<Vec<u8>, PackageError> {
    let columns = columns(&catalog.languages, table);
    let fields = columns
        .iter()
        .map(|column| {
            let field = match column.kind {
                ColumnKind::Value => value_type(&column.name, table.decimals),
                _ => Type::primitive_type_builder(&column.name, PhysicalType::BYTE_ARRAY)
                    .with_repetition(Repetition::REQUIRED)
                    .with_logical_type(Some(LogicalType::String))
                    .build(),
            };
            field.map(Arc::new)
        })
        .collect::<Result<Vec<_>, _>>()?;
    let schema = Arc::new(Type::group_type_builder("schema").with_fields(fields).build()?);
    let properties = Arc::new(WriterProperties::builder().set_compression(Compression::UNCOMPRESSED).build());
    let mut writer = SerializedFileWriter::new(Vec::new(), schema, properties)?;
    let mut group = writer.next_row_group()?;
    for column in &columns {
        let mut sink = group.next_column()?.ok_or(PackageError::ParquetColumns)?;
        if column.kind == ColumnKind::Value {
            let present: Vec<i64> = table.rows.iter().filter_map(|r| r.published_value()).collect();
            let levels: Vec<i16> =
                table.rows.iter().map(|r| i16::from(r.published_value().is_some())).collect();
            sink.typed::<Int64Type>().write_batch(&present, Some(&levels), None)?;
        } else {
            let values: Vec<ByteArray> = table
                .rows
                .iter()
                .map(|row| ByteArray::from(text(table, row, &column.kind).into_bytes()))
                .collect();
            sink.typed::<ByteArrayType>().write_batch(&values, None, None)?;
        }
        sink.close()?;
    }
    group.close()?;
    Ok(writer.into_inner()?)
}

/// The value column: optional (a suppressed or missing value is null), exact.
fn value_type(name: &str, decimals: u32) -> parquet::errors::Result<Type> {
    let builder =
        Type::primitive_type_builder(name, PhysicalType::INT64).with_repetition(Repetition::OPTIONAL);
    if decimals == 0 {
        builder.with_logical_type(Some(LogicalType::Integer { bit_width: 64, is_signed: true })).build()
    } else {
        let scale = i32::try_from(decimals).unwrap_or(i32::MAX);
        builder
            .with_logical_type(Some(LogicalType::Decimal { scale, precision: DECIMAL_PRECISION }))
            .with_precision(DECIMAL_PRECISION)
            .with_scale(scale)
            .build()
    }
}
