-- Sign-in throttling counts recent failures per email from the audit trail.
CREATE INDEX "AuditEvent_sign_in_failed_email_idx" ON "AuditEvent" ((after->>'email'), at) WHERE action = 'auth.sign_in_failed';
