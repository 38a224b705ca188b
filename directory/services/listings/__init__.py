"""Everything about one listing: submitting it, admins deciding its status, editing it, its photos, its version
counter (concurrent edits) and possible duplicates."""
