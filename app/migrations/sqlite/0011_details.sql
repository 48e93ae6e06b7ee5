-- The register record's fields (beds by type, rating, 医养结合, 长护险, fees, 普惠 year, classes, school
-- lunch and after-school hours, boarding) as one JSON object: families filter them in memory, never in SQL.
ALTER TABLE facility ADD COLUMN details TEXT NOT NULL DEFAULT '{}';
