"""People and their permissions: users, roles, clinics, consent, the audit log."""
