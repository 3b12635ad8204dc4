//! `rapporteur backup` and `restore`: the store copied to a new file, or replaced by a backup;
//! both print what the copy holds, table by table, and the audit log's digest.

use std::io::Write;
use std::path::Path;

use rapporteur_app::Inventory;

use crate::operator::Operator;
use crate::output::print_aligned;

pub fn backup(op: &Operator, file: &Path, out: &mut impl Write) -> anyhow::Result<()> {
    let inventory = op.app.backup(&op.caller, file)?;
    writeln!(out, "backed up to {}", file.display())?;
    print_inventory(&inventory, out)
}

pub fn restore(op: &mut Operator, file: &Path, force: bool, out: &mut impl Write) -> anyhow::Result<()> {
    let inventory = op.app.restore(&op.caller, file, force)?;
    writeln!(
        out,
        "restored from {} and verified: every table's rows and the audit log as in the backup",
        file.display()
    )?;
    print_inventory(&inventory, out)
}

fn print_inventory(inventory: &Inventory, out: &mut impl Write) -> anyhow::Result<()> {
    let rows: Vec<Vec<String>> =
        inventory.rows.iter().filter(|(_, n)| **n > 0).map(|(t, n)| vec![t.clone(), n.to_string()]).collect();
    print_aligned(out, &["table", "rows"], &rows)?;
    writeln!(out, "audit log: {} entries, SHA-256 {}", inventory.audit_entries, inventory.audit_digest)?;
    Ok(())
}
