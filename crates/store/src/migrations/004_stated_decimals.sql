-- Version 4: a stated percentage keeps the decimals it was written with ("85" or "56,87"), the
-- precision validation compares it at.
ALTER TABLE control_value ADD COLUMN stated_decimals INTEGER;
